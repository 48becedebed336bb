//! `claw install CHART NAME`: any embedded chart, as a new Helm release.

use clap::Args;

use super::helm_steps::{self, StepResult};
use crate::bot::CONTROL_PLANE_NAMESPACE;
use crate::context::Context;
use crate::embedded_charts::{self, ChartName, EmbeddedChart};
use crate::error::Result;
use crate::exit::Exit;
use crate::helm::files::{given_secrets, stage_chart, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{ValuesArgs, WaitArgs};
use crate::output::Io;
use crate::progress::Progress;

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The chart: a bot type, or clawmachine for the control plane
    #[arg(value_enum)]
    pub chart: ChartName,

    /// The release name
    pub name: String,

    /// Print what would be run; change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,
}

pub async fn run(ctx: &Context, args: &InstallArgs, io: &mut Io<'_>) -> Result<Exit> {
    args.values.check()?;
    let chart = embedded_charts::get(args.chart);
    // ClawMachine puts bots in the control plane's namespace unless told otherwise.
    let scope = ctx.connect().await?.scope;
    let namespace = scope.namespace().unwrap_or(CONTROL_PLANE_NAMESPACE);
    let what = format!(
        "{}-{} as {namespace}/{}",
        chart.name, chart.version, args.name
    );
    if args.dry_run {
        let _ = io.print(&dry_run_text(chart, namespace, args));
        return Ok(Exit::Ok);
    }
    let helm = ctx.helm()?;
    let staged = stage_chart(&chart.file_name(), chart.archive)?;
    // Nothing is carried into a new release; the empty first file keeps the argv shape of an
    // upgrade's (and is where a restore puts the values it brings back).
    let carried = values_file(&serde_json::json!({}))?;
    let argv = invocation::install(
        Release {
            name: &args.name,
            namespace,
        },
        &staged.path,
        Values {
            carried: Some(carried.path()),
            given: &args.values,
        },
        args.wait,
    );
    let progress = Progress::start();
    progress.say(format!("installing {what} …"));
    let (result, stdout) = helm_steps::run(&helm, &argv, &given_secrets(&args.values)).await?;
    drop(progress);
    if result == StepResult::Done {
        let _ = io.print(&format!("installed {what}\n{}", notes(&stdout)));
    }
    Ok(helm_steps::report("install", [(what, &result)], io))
}

fn dry_run_text(chart: &EmbeddedChart, namespace: &str, args: &InstallArgs) -> String {
    format!(
        "would install {}-{} as {namespace}/{} (helm install {} {} --namespace {namespace} --create-namespace{})\n",
        chart.name,
        chart.version,
        args.name,
        args.name,
        chart.file_name(),
        if args.values.is_empty() {
            ""
        } else {
            " with your values"
        }
    )
}

/// The chart's NOTES from Helm's output, which say how to reach and check the release.
fn notes(helm_stdout: &str) -> String {
    helm_stdout
        .split_once("NOTES:\n")
        .map(|(_, n)| format!("\n{n}"))
        .unwrap_or_default()
}
