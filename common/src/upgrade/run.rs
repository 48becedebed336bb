//! The upgrade engine `upgrade` and `restore --upgrade` share: versions and guards first
//! (`plan`), then each release's deployed manifest against the new render (`safety`) and its
//! live objects against the deployed manifest (`live`, for drift), then — unless a dry run —
//! Helm for every release the plan lets through, one after the other. It takes its own
//! options, whatever the command's flags are called. `rollback` plans and runs through the same
//! [`Checked`] and [`OperationRun`], with its own planning (`rollback`).

use futures::StreamExt;

use super::live::{self, LiveDrift, LiveObjects, Reach};
use super::plan::{self, Action, PlanItem, PlanOptions};
use super::run_id::RunId;
use super::safety::{self, ChartValues, Refusal, RefusalKind, SafetyPlan};
use crate::charts::set::ChartSet;
use crate::charts::source::FetchedChart;
use crate::cluster::Connected;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::helm::files::{given_secrets, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{Helm, ValuesArgs, WaitArgs};
use crate::output::helm_steps::{self, StepResult};
use crate::output::progress::Progress;
use crate::output::{Io, OutputOptions};
use crate::redact;
use crate::releases::history;

/// How many releases are planned at once (each plan runs `helm template`).
const PLAN_CONCURRENCY: usize = 4;

/// Where `--diff` shows each release's manifest diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShowDiff {
    #[default]
    No,
    /// On stdout, before Helm runs (table output).
    Printed,
    /// In the plan document, as each release's `diff`, so stdout stays one json/yaml document.
    InDocument,
}

impl ShowDiff {
    /// `--diff` (`asked`) for output `output`.
    pub fn of(asked: bool, output: &OutputOptions) -> ShowDiff {
        match (asked, output.is_document()) {
            (false, _) => ShowDiff::No,
            (true, false) => ShowDiff::Printed,
            (true, true) => ShowDiff::InDocument,
        }
    }
}

/// How an upgrade runs.
#[derive(Debug, Clone, Copy)]
pub struct UpgradeOptions<'a> {
    pub plan: PlanOptions,
    pub dry_run: bool,
    pub diff: ShowDiff,
    /// Helm 3 `--atomic`, Helm 4 `--rollback-on-failure`.
    pub rollback_on_failure: bool,
    /// `-f`/`--set` given now, over the carried values.
    pub values: &'a ValuesArgs,
    pub wait: WaitArgs,
    /// Written into each new revision's Helm description.
    pub run_id: Option<&'a RunId>,
}

/// What a run does to releases: the words its plan and summary use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Upgrade,
    Rollback,
}

impl Operation {
    /// "upgrade", "rollback": the verb in `error: upgrade of x failed`.
    pub fn noun(self) -> &'static str {
        match self {
            Operation::Upgrade => "upgrade",
            Operation::Rollback => "rollback",
        }
    }

    /// "upgraded", "rolled back".
    pub fn done(self) -> &'static str {
        match self {
            Operation::Upgrade => "upgraded",
            Operation::Rollback => "rolled back",
        }
    }

    /// "upgrade", "roll back": what `will …` says.
    pub fn verb(self) -> &'static str {
        match self {
            Operation::Upgrade => "upgrade",
            Operation::Rollback => "roll back",
        }
    }
}

/// One release's safety plan, with the manifests it compared and what its upgrade hands Helm.
pub struct Checked {
    /// "namespace/name".
    pub key: String,
    pub revision: u64,
    /// "picoclaw-0.1.9-claw.1", or what the release goes back to.
    pub chart_ref: String,
    pub deployed: String,
    pub rendered: String,
    pub safety: SafetyPlan,
    /// The release's and the user's secret values, scrubbed from the diff and from Helm's words
    /// wherever they turn up.
    pub secrets: Vec<String>,
    /// The carried values, in a 0600 file that lives as long as the plan (`None` when the
    /// release was not rendered, and for a rollback, whose values come with the revision).
    pub carried: Option<tempfile::NamedTempFile>,
    /// Fields changed on the cluster outside Helm that the operation writes back.
    pub drift: LiveDrift,
}

impl Checked {
    /// The deployed manifest against the new one, as a unified diff, secrets hidden on both
    /// sides (`<redacted, changed>` where a hidden value differs).
    pub fn diff(&self) -> String {
        let from = format!("{} (revision {})", self.key, self.revision);
        let to = format!("{} ({})", self.key, self.chart_ref);
        if self.rendered.is_empty() {
            let why = self
                .safety
                .refusals
                .first()
                .map_or(String::new(), Refusal::message);
            return format!("# {from}: {why}\n");
        }
        let text =
            redact::manifest_diff(&self.deployed, &self.rendered, (&from, &to), &self.secrets);
        if text.is_empty() {
            format!("# {from}: no changes to the manifest\n")
        } else {
            text
        }
    }
}

/// What an upgrade or rollback run planned and did.
pub struct OperationRun<'a> {
    pub op: Operation,
    pub plan: Vec<PlanItem<'a>>,
    pub checks: Vec<Option<Checked>>,
    /// `None` for each item not run (all of them on a dry run).
    pub results: Vec<Option<StepResult>>,
    pub dry_run: bool,
    /// Where the charts came from ("embedded", a repository; a rollback's: "release history").
    pub source: String,
    /// The upgrade run's id, when it wrote one into Helm's descriptions.
    pub run_id: Option<RunId>,
    /// claw as the user runs it (`kubectl claw`), for the command that undoes the run.
    pub command: &'static str,
    pub diff: ShowDiff,
}

impl OperationRun<'_> {
    /// Says each Helm failure on stderr; exit 1 when any failed or was refused.
    pub fn finish(&self, io: &mut Io) -> Exit {
        let refused = self.plan.iter().any(|i| i.action == Action::Refused);
        let failed = helm_steps::report(
            self.op.noun(),
            self.plan
                .iter()
                .zip(&self.results)
                .filter_map(|(i, r)| r.as_ref().map(|r| (i.bot.key(), r))),
            io,
        );
        failed.max(Exit::failed_if(refused))
    }
}

/// Plans the upgrade of `targets` to `charts` — versions, then each release's safety plan —
/// and, unless a dry run, runs the upgrades the plan allows. `control_plane` is the one in the
/// cluster (bots may not move past an older one).
pub async fn plan_and_run<'a>(
    c: &Connected,
    helm: &Helm,
    charts: &ChartSet,
    targets: &[&'a Bot],
    control_plane: Option<&Bot>,
    opts: &UpgradeOptions<'_>,
    io: &mut Io<'_>,
) -> Result<OperationRun<'a>> {
    let mut plan = plan::plan(targets, control_plane, &charts.offer, opts.plan);
    let live = read_live(c, &plan).await;
    let checks = check_all(c, helm, charts, &plan, opts.values, &live).await?;
    guard_and_diff(&mut plan, &checks, opts.diff, io);
    let results = match opts.dry_run {
        true => vec![None; plan.len()],
        false => upgrade_all(helm, charts, &plan, &checks, opts).await?,
    };
    Ok(OperationRun {
        op: Operation::Upgrade,
        plan,
        checks,
        results,
        dry_run: opts.dry_run,
        source: charts.source.clone(),
        run_id: opts.run_id.cloned(),
        command: opts.plan.command,
        diff: opts.diff,
    })
}

/// The values the safety plan judges: what is carried and what is set now, for a typo in
/// `--set` would be dropped by the chart, then carried into every later upgrade.
fn judged_values(carried: serde_json::Value, given: &ValuesArgs) -> Result<serde_json::Value> {
    let mut judged = carried;
    crate::helm::merge_values(&mut judged, &given.given_tree()?);
    Ok(judged)
}

/// The live objects of the releases that proceed, for drift: one release's when only one does
/// (six small LISTs in its namespace), every release's in scope otherwise (six LISTs, whatever
/// the number of releases); nothing when none does.
pub async fn read_live(c: &Connected, plan: &[PlanItem<'_>]) -> LiveObjects {
    let mut proceeding = plan.iter().filter(|i| i.action == Action::Proceed);
    let reach = match (proceeding.next(), proceeding.next()) {
        (None, _) => return LiveObjects::default(),
        (Some(one), None) => Reach::Release {
            namespace: &one.bot.namespace,
            name: &one.bot.name,
        },
        _ => Reach::Scope,
    };
    live::list_live(c, reach).await
}

/// Adds each safety plan's refusals to its item, and prints the diffs when asked.
pub fn guard_and_diff(
    plan: &mut [PlanItem],
    checks: &[Option<Checked>],
    diff: ShowDiff,
    io: &mut Io,
) {
    for (item, check) in plan.iter_mut().zip(checks) {
        if let Some(check) = check {
            item.add_guards(check.safety.refusals.iter().cloned());
        }
    }
    if diff == ShowDiff::Printed {
        for check in checks.iter().flatten() {
            if io.print(&check.diff()).is_err() {
                break;
            }
        }
    }
}

/// The safety plan of every planned upgrade, a few at a time, in plan order.
async fn check_all(
    c: &Connected,
    helm: &Helm,
    charts: &ChartSet,
    plan: &[PlanItem<'_>],
    given: &ValuesArgs,
    live: &LiveObjects,
) -> Result<Vec<Option<Checked>>> {
    let checks: Vec<Result<Option<Checked>>> = futures::stream::iter(plan)
        .map(|item| async move {
            match (item.action, charts.get(item.chart)) {
                (Action::Proceed, Some(chart)) => {
                    check(c, helm, chart, item.bot, given, live).await.map(Some)
                }
                _ => Ok(None),
            }
        })
        .buffered(PLAN_CONCURRENCY)
        .collect()
        .await;
    checks.into_iter().collect()
}

/// One release's safety plan: its deployed manifest against the new render, with the values
/// carried over written once for the render and the upgrade alike.
async fn check(
    c: &Connected,
    helm: &Helm,
    chart: &FetchedChart,
    bot: &Bot,
    given: &ValuesArgs,
    live: &LiveObjects,
) -> Result<Checked> {
    let deployed = deployed_manifest(c, bot).await?;
    let carried_values = plan::carried_values(bot);
    let carried = values_file(&carried_values)?;
    let values = Values {
        carried: Some(carried.path()),
        given,
    };
    let out = helm
        .run(&invocation::template(release_of(bot), &chart.path, values))
        .await?;
    let mut checked = Checked {
        key: bot.key(),
        revision: bot.release.revision.unwrap_or(0),
        chart_ref: chart.info.reference(),
        deployed,
        rendered: String::new(),
        safety: SafetyPlan::default(),
        secrets: secrets_of(bot, given),
        carried: Some(carried),
        drift: LiveDrift::default(),
    };
    if !out.success {
        let reason = redact::scrub(&out.reason(), &checked.secrets);
        checked.safety.refusals = vec![Refusal::new(
            RefusalKind::DoesNotRender,
            &checked.chart_ref,
            reason,
        )];
        return Ok(checked);
    }
    checked.safety = safety::assess(
        &checked.deployed,
        &out.stdout,
        &judged_values(carried_values, given)?,
        &ChartValues::of(&chart.info),
        &checked.chart_ref,
    );
    checked.drift = live::judge(
        (&bot.namespace, &bot.name),
        &checked.deployed,
        Some(&out.stdout),
        live,
    );
    checked.rendered = out.stdout;
    Ok(checked)
}

/// The release's and the user's secret values: scrubbed from the diff and from Helm's words.
fn secrets_of(bot: &Bot, given: &ValuesArgs) -> Vec<String> {
    let mut secrets = redact::secret_strings(&bot.values);
    secrets.extend(given_secrets(given));
    secrets
}

/// Runs every planned upgrade in order; `None` for the items not upgraded.
async fn upgrade_all(
    helm: &Helm,
    charts: &ChartSet,
    plan: &[PlanItem<'_>],
    checks: &[Option<Checked>],
    opts: &UpgradeOptions<'_>,
) -> Result<Vec<Option<StepResult>>> {
    let rollback = if opts.rollback_on_failure && plan.iter().any(|i| i.action == Action::Proceed) {
        Some(helm.major_version().await?)
    } else {
        None
    };
    let progress = Progress::start();
    let mut results = Vec::new();
    for (item, check) in plan.iter().zip(checks) {
        let (Action::Proceed, Some(check), Some(chart)) =
            (item.action, check, charts.get(item.chart))
        else {
            results.push(None);
            continue;
        };
        let Some(carried) = &check.carried else {
            results.push(None);
            continue;
        };
        progress.say(format!(
            "upgrading {} to {}-{} …",
            check.key,
            item.chart,
            item.to.as_deref().unwrap_or("?")
        ));
        let values = Values {
            carried: Some(carried.path()),
            given: opts.values,
        };
        let description = opts.run_id.map(|id| {
            id.description(&format!(
                "{} {} -> {}",
                item.chart,
                item.from.as_deref().unwrap_or("?"),
                item.to.as_deref().unwrap_or("?")
            ))
        });
        let argv = invocation::upgrade(
            release_of(item.bot),
            &chart.path,
            values,
            opts.wait,
            rollback,
            description.as_deref(),
        );
        // Helm may echo a value it was given; none of the secret ones reaches the terminal.
        let (result, _) = helm_steps::run(helm, &argv, &check.secrets).await?;
        results.push(Some(result));
    }
    Ok(results)
}

pub fn release_of(bot: &Bot) -> Release<'_> {
    Release {
        name: &bot.name,
        namespace: &bot.namespace,
    }
}

/// The manifest of the release's current revision, from its record.
pub async fn deployed_manifest(c: &Connected, bot: &Bot) -> Result<String> {
    let revision = bot.release.revision.unwrap_or(0);
    Ok(
        history::stored_revision(c, &bot.namespace, &bot.name, revision)
            .await?
            .manifest,
    )
}
