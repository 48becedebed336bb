//! `claw install CHART NAME`: any embedded chart, as a new Helm release.

use clap::Args;

use super::helm_steps::{self, StepResult};
use crate::bot::CONTROL_PLANE_NAMESPACE;
use crate::chart_source::{ChartSource, ChartSourceArgs};
use crate::context::Context;
use crate::embedded_charts::ChartName;
use crate::error::Result;
use crate::exit::Exit;
use crate::helm::files::{given_secrets, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{ValuesArgs, WaitArgs};
use crate::output::Io;
use crate::progress::Progress;
use crate::redact;

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

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

pub async fn run(ctx: &Context, args: &InstallArgs, io: &mut Io<'_>) -> Result<Exit> {
    args.values.check()?;
    let source = ChartSource::from_args(&args.source)?;
    // ClawMachine puts bots in the control plane's namespace unless told otherwise.
    let scope = ctx.connect().await?.scope;
    let namespace = scope.namespace().unwrap_or(CONTROL_PLANE_NAMESPACE);
    let helm = match source {
        ChartSource::Repo(_) => Some(ctx.helm()?),
        _ => None,
    };
    let chart = source.fetch(args.chart.as_str(), helm.as_ref()).await?;
    let chart_ref = format!("{}-{}", chart.info.name, chart.info.version);
    let what = format!("{chart_ref} as {namespace}/{}", args.name);
    if args.dry_run {
        let _ = io.print(&dry_run_text(&chart_ref, &chart.origin, namespace, args));
        return Ok(Exit::Ok);
    }
    let helm = match helm {
        Some(h) => h,
        None => ctx.helm()?,
    };
    // Nothing is carried into a new release; the empty first file keeps the argv shape of an
    // upgrade's (and is where a restore puts the values it brings back).
    let carried = values_file(&serde_json::json!({}))?;
    let argv = invocation::install(
        Release {
            name: &args.name,
            namespace,
        },
        &chart.path,
        Values {
            carried: Some(carried.path()),
            given: &args.values,
        },
        args.wait,
    );
    let progress = Progress::start();
    progress.say(format!("installing {what} …"));
    let secrets = given_secrets(&args.values);
    let (result, stdout) = helm_steps::run(&helm, &argv, &secrets).await?;
    drop(progress);
    if result == StepResult::Done {
        // NOTES may quote the values they were rendered with.
        let notes = redact::scrub(&notes(&stdout), &secrets);
        let _ = io.print(&format!("installed {what}\n{notes}"));
    }
    Ok(helm_steps::report("install", [(what, &result)], io))
}

fn dry_run_text(chart_ref: &str, origin: &str, namespace: &str, args: &InstallArgs) -> String {
    format!(
        "would install {chart_ref} ({origin}) as {namespace}/{} (helm install {} --namespace {namespace} --create-namespace{})\n",
        args.name,
        args.name,
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
