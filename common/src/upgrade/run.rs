//! The upgrade engine `upgrade` and `restore --upgrade` share: versions and guards first
//! (`plan`), then each release's deployed manifest against the new render (`safety`), then —
//! unless a dry run — Helm for every release the plan lets through, one after the other.
//! It takes its own options, whatever the command's flags are called.

use futures::StreamExt;

use super::plan::{self, Action, PlanItem, PlanOptions};
use super::safety::{self, ChartValues, Refusal, RefusalKind, SafetyPlan};
use crate::charts::set::ChartSet;
use crate::charts::source::FetchedChart;
use crate::cluster::Connected;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::helm::files::{given_secrets, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{Helm, ValuesArgs, WaitArgs};
use crate::output::Io;
use crate::output::helm_steps::{self, StepResult};
use crate::output::progress::Progress;
use crate::redact;
use crate::releases::storage;

/// How many releases are planned at once (each plan runs `helm template`).
const PLAN_CONCURRENCY: usize = 4;

/// How an upgrade runs.
#[derive(Debug, Clone, Copy)]
pub struct UpgradeOptions<'a> {
    pub plan: PlanOptions,
    pub dry_run: bool,
    /// Print each release's manifest diff.
    pub diff: bool,
    /// Helm 3 `--atomic`, Helm 4 `--rollback-on-failure`.
    pub rollback_on_failure: bool,
    /// `-f`/`--set` given now, over the carried values.
    pub values: &'a ValuesArgs,
    pub wait: WaitArgs,
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
    /// release was not rendered).
    pub carried: Option<tempfile::NamedTempFile>,
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

/// What an upgrade run planned and did.
pub struct UpgradeRun<'a> {
    pub plan: Vec<PlanItem<'a>>,
    pub checks: Vec<Option<Checked>>,
    /// `None` for each item not run (all of them on a dry run).
    pub results: Vec<Option<StepResult>>,
    pub dry_run: bool,
    /// Where the charts came from.
    pub source: String,
}

impl UpgradeRun<'_> {
    /// Says each Helm failure on stderr; exit 1 when any failed or was refused.
    pub fn finish(&self, io: &mut Io) -> Exit {
        let refused = self.plan.iter().any(|i| i.action == Action::Refused);
        let failed = helm_steps::report(
            "upgrade",
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
) -> Result<UpgradeRun<'a>> {
    let mut plan = plan::plan(targets, control_plane, &charts.offer, opts.plan);
    let checks = check_all(c, helm, charts, &plan, opts.values).await?;
    for (item, check) in plan.iter_mut().zip(&checks) {
        if let Some(check) = check {
            item.add_guards(check.safety.refusals.iter().cloned());
        }
    }
    if opts.diff {
        for check in checks.iter().flatten() {
            if io.print(&check.diff()).is_err() {
                break;
            }
        }
    }
    let results = match opts.dry_run {
        true => vec![None; plan.len()],
        false => upgrade_all(helm, charts, &plan, &checks, opts).await?,
    };
    Ok(UpgradeRun {
        plan,
        checks,
        results,
        dry_run: opts.dry_run,
        source: charts.source.clone(),
    })
}

/// The safety plan of every planned upgrade, a few at a time, in plan order.
async fn check_all(
    c: &Connected,
    helm: &Helm,
    charts: &ChartSet,
    plan: &[PlanItem<'_>],
    given: &ValuesArgs,
) -> Result<Vec<Option<Checked>>> {
    let checks: Vec<Result<Option<Checked>>> = futures::stream::iter(plan)
        .map(|item| async move {
            match (item.action, charts.get(item.chart)) {
                (Action::Upgrade, Some(chart)) => {
                    check(c, helm, chart, item.bot, given).await.map(Some)
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
    let chart_ref = format!("{}-{}", chart.info.name, chart.info.version);
    let mut secrets = redact::secret_strings(&bot.values);
    secrets.extend(given_secrets(given));
    let mut checked = Checked {
        key: bot.key(),
        revision: bot.release.revision.unwrap_or(0),
        chart_ref,
        deployed,
        rendered: String::new(),
        safety: SafetyPlan::default(),
        secrets,
        carried: Some(carried),
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
    let known = ChartValues {
        defaults: &chart.info.defaults,
        schema: chart.info.schema.as_ref(),
    };
    checked.safety = safety::assess(
        &checked.deployed,
        &out.stdout,
        &carried_values,
        &known,
        &checked.chart_ref,
    );
    checked.rendered = out.stdout;
    Ok(checked)
}

/// Runs every planned upgrade in order; `None` for the items not upgraded.
async fn upgrade_all(
    helm: &Helm,
    charts: &ChartSet,
    plan: &[PlanItem<'_>],
    checks: &[Option<Checked>],
    opts: &UpgradeOptions<'_>,
) -> Result<Vec<Option<StepResult>>> {
    let rollback = if opts.rollback_on_failure && plan.iter().any(|i| i.action == Action::Upgrade) {
        Some(helm.major_version().await?)
    } else {
        None
    };
    let progress = Progress::start();
    let mut results = Vec::new();
    for (item, check) in plan.iter().zip(checks) {
        let (Action::Upgrade, Some(check), Some(chart)) =
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
            check.key, item.chart, item.to
        ));
        let values = Values {
            carried: Some(carried.path()),
            given: opts.values,
        };
        let argv = invocation::upgrade(
            release_of(item.bot),
            &chart.path,
            values,
            opts.wait,
            rollback,
        );
        // Helm may echo a value it was given; none of the secret ones reaches the terminal.
        let (result, _) = helm_steps::run(helm, &argv, &check.secrets).await?;
        results.push(Some(result));
    }
    Ok(results)
}

fn release_of(bot: &Bot) -> Release<'_> {
    Release {
        name: &bot.name,
        namespace: &bot.namespace,
    }
}

/// The manifest of the release's current revision, from its payload.
pub async fn deployed_manifest(c: &Connected, bot: &Bot) -> Result<String> {
    revision_manifest(c, bot, bot.release.revision.unwrap_or(0)).await
}

/// The manifest of one revision of `bot`'s release, from its stored record.
pub async fn revision_manifest(c: &Connected, bot: &Bot, revision: u64) -> Result<String> {
    let path = c.driver.resource().named(
        Some(&bot.namespace),
        &storage::record_name(&bot.name, revision),
    );
    let what = format!("get release {} revision {revision}", bot.key());
    let secret: storage::ReleaseSecret = c.cluster.get_json(&what, &path).await?;
    secret
        .data
        .get("release")
        .ok_or_else(|| "no data.release".to_string())
        .and_then(|d| storage::decode_manifest(d, c.driver))
        .map_err(|reason| Error::BadResponse {
            what: format!("release {} revision {revision}", bot.key()),
            detail: reason,
        })
}
