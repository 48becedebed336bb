//! `claw install CHART NAME`: any embedded chart, as a new Helm release, into the namespace
//! the user named (`-n`, or Helm's `-n`), else ClawMachine's own `claw-machine`. The namespace
//! is created only with `--create-namespace`: a typo in `-n` must not make a namespace.

use clap::Args;

use super::documents;
use crate::charts::embedded::ChartName;
use crate::charts::source::{ChartSource, ChartSourceArgs, FetchedChart};
use crate::cluster::{Connected, Resource, names};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::CONTROL_PLANE_NAMESPACE;
use crate::helm::files::{given_secrets, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{ValuesArgs, WaitArgs};
use crate::output::helm_steps::{self, StepResult};
use crate::output::progress::Progress;
use crate::output::{Io, OutputOptions, Render, render};
use crate::redact;
use crate::releases::history;
use crate::upgrade::safety::{self, ChartValues, Refusal, RefusalKind};

#[derive(Debug, Args)]
#[command(
    after_help = "-n NS installs into NS (default: claw-machine, where ClawMachine puts its bots); \
    the namespace must exist unless --create-namespace is given."
)]
pub struct InstallArgs {
    /// The chart: a bot type, or clawmachine for the control plane
    #[arg(value_enum)]
    pub chart: ChartName,

    /// The release name
    pub name: String,

    /// Print what would be run; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Create the namespace when it does not exist
    #[arg(long)]
    pub create_namespace: bool,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

pub async fn run(ctx: &Context, args: &InstallArgs, io: &mut Io<'_>) -> Result<Exit> {
    // ClawMachine puts bots in the control plane's namespace unless told otherwise.
    let namespace = ctx.named_namespace().unwrap_or(CONTROL_PLANE_NAMESPACE);
    names::check_release_name(&args.name)?;
    names::check_namespace(namespace)?;
    args.values.check()?;
    let source = ChartSource::from_args(&args.source)?;
    let c = ctx.connect().await?;
    if !args.create_namespace {
        namespace_exists(&c, namespace).await?;
    }
    name_free(&c, namespace, &args.name, ctx.host.command_name()).await?;
    let helm = match source {
        ChartSource::Repo(_) => Some(ctx.helm()?),
        _ => None,
    };
    let chart = source.fetch(args.chart.as_str(), helm.as_ref()).await?;
    known_values_only(&chart, &args.values)?;
    let mut done = Installed {
        namespace,
        args,
        chart: &chart,
        result: None,
        notes: String::new(),
    };
    let helm = match helm {
        Some(h) => h,
        None => ctx.helm()?,
    };
    if args.dry_run {
        renders(&helm, &chart, namespace, args).await?;
    } else {
        let (result, notes) = install(&helm, &chart, namespace, args).await?;
        done.result = Some(result);
        done.notes = notes;
    }
    render(&done, &ctx.output, io)?;
    Ok(match &done.result {
        Some(r) => helm_steps::report("install", [(done.what(), r)], io),
        None => Exit::Ok,
    })
}

/// A release of that name in that namespace (Helm keeps its records until it is uninstalled)
/// stops an install, as Helm's "cannot re-use a name that is still in use" does; said before
/// anything, dry run included. Records claw may not read leave the question to Helm.
async fn name_free(c: &Connected, namespace: &str, name: &str, cmd: &str) -> Result<()> {
    let records = match history::revisions(c, namespace, name).await {
        Err(e) if e.is_forbidden() => return Ok(()),
        other => other?,
    };
    let Some(last) = records.last().filter(|r| r.status != "uninstalled") else {
        return Ok(());
    };
    Err(Error::Other(format!(
        "cannot install {namespace}/{name}: a release of that name is there already (revision {}, {}); `{cmd} upgrade {namespace}/{name}` changes it",
        last.revision, last.status
    )))
}

/// A value given that the chart does not know (a typo, mostly) would be ignored by the chart,
/// then carried into every upgrade, which refuses it: refused here, before it is stored.
fn known_values_only(chart: &FetchedChart, given: &ValuesArgs) -> Result<()> {
    let chart_ref = chart.info.reference();
    let unknown = safety::unknown_values(&given.given_tree()?, &ChartValues::of(&chart.info));
    let Some(first) = unknown.first() else {
        return Ok(());
    };
    let more = match unknown.len() {
        1 => String::new(),
        n => format!(" (and {} more: {})", n - 1, unknown[1..].join(", ")),
    };
    Err(Error::Other(format!(
        "cannot install: {}{more}; check the name against `helm show values`",
        Refusal::new(RefusalKind::UnknownValue, first.as_str(), chart_ref).message()
    )))
}

/// The dry run asks Helm to render the chart with the values given, as `helm install
/// --dry-run` does before it would talk to the cluster: a value the chart's schema refuses, or a
/// template that fails, is the same error the install would meet.
async fn renders(
    helm: &crate::helm::Helm,
    chart: &FetchedChart,
    namespace: &str,
    args: &InstallArgs,
) -> Result<()> {
    let release = Release {
        name: &args.name,
        namespace,
    };
    let values = Values {
        carried: None,
        given: &args.values,
    };
    let out = helm
        .run(&invocation::template(release, &chart.path, values))
        .await?;
    match out.success {
        true => Ok(()),
        false => Err(Error::Other(format!(
            "install {namespace}/{} would fail: {}",
            args.name,
            redact::scrub(&out.reason(), &given_secrets(&args.values))
        ))),
    }
}

/// Runs `helm install`; the result and the chart's NOTES (secrets hidden).
async fn install(
    helm: &crate::helm::Helm,
    chart: &FetchedChart,
    namespace: &str,
    args: &InstallArgs,
) -> Result<(StepResult, String)> {
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
        args.create_namespace,
    );
    let progress = Progress::start();
    progress.say(format!(
        "installing {} as {namespace}/{} …",
        chart.info.reference(),
        args.name
    ));
    let secrets = given_secrets(&args.values);
    let (result, stdout) = helm_steps::run(helm, &argv, &secrets).await?;
    // NOTES may quote the values they were rendered with.
    let notes = redact::scrub(&notes(&stdout), &secrets);
    Ok((result, notes))
}

/// What `install` did (or would do).
struct Installed<'a> {
    namespace: &'a str,
    args: &'a InstallArgs,
    chart: &'a FetchedChart,
    /// `None` on a dry run.
    result: Option<StepResult>,
    notes: String,
}

impl Installed<'_> {
    /// "picoclaw-0.1.9-claw.4 as claw-machine/x".
    fn what(&self) -> String {
        format!(
            "{} as {}/{}",
            self.chart.info.reference(),
            self.namespace,
            self.args.name
        )
    }

    fn result_text(&self) -> String {
        match &self.result {
            None => "will install".into(),
            Some(StepResult::Done) => "installed".into(),
            Some(StepResult::Failed(why)) => format!("failed: {why}"),
        }
    }
}

impl Render for Installed<'_> {
    const KIND: &'static str = "InstallResult";
    type Body<'a>
        = documents::InstallBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        documents::InstallBody {
            dry_run: self.result.is_none(),
            namespace: self.namespace,
            name: &self.args.name,
            chart: &self.chart.info.name,
            version: &self.chart.info.version,
            chart_source: &self.chart.origin,
            create_namespace: self.args.create_namespace,
            result: self.result_text(),
            notes: self.notes.trim().to_string(),
        }
    }

    fn text(&self, _output: &OutputOptions) -> Option<String> {
        let chart_ref = self.chart.info.reference();
        Some(match &self.result {
            None => dry_run_text(&chart_ref, &self.chart.origin, self.namespace, self.args),
            Some(StepResult::Done) => format!("installed {}\n{}", self.what(), self.notes),
            // Helm's reason is said on stderr, as for every lifecycle command.
            Some(StepResult::Failed(_)) => String::new(),
        })
    }
}

/// Fails when `namespace` does not exist (Helm would fail later, after the chart was fetched);
/// a user who may not read namespaces is left to Helm.
async fn namespace_exists(c: &Connected, namespace: &str) -> Result<()> {
    let what = format!("get namespace {namespace}");
    match c
        .cluster
        .get_json::<serde_json::Value>(&what, &Resource::NAMESPACES.named(None, namespace))
        .await
    {
        Ok(_) => Ok(()),
        Err(Error::NotFound { .. }) => Err(Error::NotFound {
            message: format!(
                "namespace \"{namespace}\" does not exist; check -n, or pass --create-namespace to create it"
            ),
        }),
        Err(e) if e.is_forbidden() => Ok(()),
        Err(e) => Err(e),
    }
}

fn dry_run_text(chart_ref: &str, origin: &str, namespace: &str, args: &InstallArgs) -> String {
    format!(
        "would install {chart_ref} ({origin}) as {namespace}/{} (helm install {} --namespace {namespace}{}{})\n",
        args.name,
        args.name,
        if args.create_namespace {
            " --create-namespace"
        } else {
            ""
        },
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
