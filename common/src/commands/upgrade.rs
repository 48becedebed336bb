//! `claw upgrade`: the control plane by default, `BOT…` or `--all-bots`, to the charts of a
//! chart source (embedded by default). Before Helm runs, each release gets a plan: its state
//! and versions (`lifecycle`), then its deployed manifest against the new render, object by
//! object (`safety`); what would lose data, isolation or the user's values is refused unless
//! `--force`. Values: the new chart's defaults, then the user's earlier overrides, then
//! `-f`/`--set` (see `helm::invocation::upgrade`).

use std::collections::BTreeMap;

use clap::Args;
use futures::StreamExt;

use super::helm_steps::{self, StepResult};
use super::upgrade_report::{Checked, UpgradeReport};
use crate::charts::offer::Offer;
use crate::charts::source::{ChartSource, ChartSourceArgs, FetchedChart};
use crate::cluster::Connected;
use crate::cluster::Scope;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::{Bot, CONTROL_PLANE_CHART};
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::selection;
use crate::helm::files::{given_secrets, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{Helm, ValuesArgs, WaitArgs};
use crate::output::progress::Progress;
use crate::output::{Io, render};
use crate::redact;
use crate::releases::storage;
use crate::upgrade::plan::{self, Action, PlanItem, PlanOptions};
use crate::upgrade::safety::{self, ChartValues, Overrides, Refusal, RefusalKind};

/// How many releases are planned at once (each plan runs `helm template`).
const PLAN_CONCURRENCY: usize = 4;

#[derive(Debug, Args)]
#[command(
    after_help = "BOT is NAME or NAMESPACE/NAME. Without -n, bots are looked up in every namespace \
    (a NAME found in several must be given as NAMESPACE/NAME); with -n, in that namespace only."
)]
pub struct UpgradeArgs {
    /// Bots to upgrade (default: the control plane only)
    #[arg(value_name = "BOT", conflicts_with = "all_bots")]
    pub names: Vec<String>,

    /// Upgrade every bot
    #[arg(long)]
    pub all_bots: bool,

    /// Go past the version guards: a downgrade, a no-op, bots past an older control plane
    #[arg(long)]
    pub force: bool,

    /// Go past the safety plan's refusals: deleted volumes or NetworkPolicies, immutable fields, moved data, other users, dropped values
    #[arg(long = "unsafe")]
    pub unsafe_: bool,

    /// Print the plan (objects added, removed, changed; refusals); change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Show the manifest diff (Secret data redacted); with --dry-run, nothing changes
    #[arg(long)]
    pub diff: bool,

    /// Roll back a failed upgrade (Helm 3 --atomic, Helm 4 --rollback-on-failure)
    #[arg(long, alias = "atomic")]
    pub rollback_on_failure: bool,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

pub async fn run(ctx: &Context, args: &UpgradeArgs, io: &mut Io<'_>) -> Result<Exit> {
    args.values.check()?;
    let source = ChartSource::from_args(&args.source)?;
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &inventory::DiscoverOptions::with_values()).await?;
    io.warn_all(&inventory.warnings);
    let targets = targets(args, &inventory, &c.scope, ctx.host.command_name())?;
    if targets.is_empty() {
        io.warn("no bots to upgrade");
        return Ok(Exit::Ok);
    }
    let helm = ctx.helm()?;
    let run = plan_and_run(
        &c,
        &helm,
        &source,
        &targets,
        inventory.control_planes.first(),
        &args.options(),
        io,
    )
    .await?;
    render(&run.report(), &ctx.output, io)?;
    Ok(run.finish(io))
}

/// How an upgrade runs: what the upgrade engine takes from `upgrade`, `restore --upgrade` (and
/// `rollback`), whatever their flags are called.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UpgradeOptions<'a> {
    pub plan: PlanOptions,
    pub dry_run: bool,
    pub diff: bool,
    pub rollback_on_failure: bool,
    pub values: &'a ValuesArgs,
    pub wait: WaitArgs,
}

impl UpgradeArgs {
    fn options(&self) -> UpgradeOptions<'_> {
        UpgradeOptions {
            plan: PlanOptions {
                overrides: Overrides {
                    force: self.force,
                    unsafe_: self.unsafe_,
                },
                // A change asked for is a change, also at the version running already.
                changes_requested: !self.values.is_empty()
                    || self.source.chart_version.is_some()
                    || self.source.local_chart.is_some(),
            },
            dry_run: self.dry_run,
            diff: self.diff,
            rollback_on_failure: self.rollback_on_failure,
            values: &self.values,
            wait: self.wait,
        }
    }
}

/// What an upgrade run planned and did, for its report.
pub(crate) struct UpgradeRun<'a> {
    plan: Vec<PlanItem<'a>>,
    checks: Vec<Option<Checked>>,
    /// `None` for each item not run (all of them on a dry run).
    results: Vec<Option<StepResult>>,
    dry_run: bool,
    source: String,
}

impl<'a> UpgradeRun<'a> {
    pub fn report(&self) -> UpgradeReport<'_> {
        UpgradeReport {
            plan: &self.plan,
            checks: &self.checks,
            results: (!self.dry_run).then_some(self.results.as_slice()),
            source: self.source.clone(),
        }
    }

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

/// Plans the upgrade of `targets` to `source`'s charts — versions, then each release's safety
/// plan — and, unless `--dry-run`, runs the upgrades the plan allows. `control_plane` is the
/// one in the cluster (bots may not move past an older one). `restore --upgrade` comes here
/// too, with the backed-up values in place of the releases'.
pub(crate) async fn plan_and_run<'a>(
    c: &Connected,
    helm: &Helm,
    source: &ChartSource,
    targets: &[&'a Bot],
    control_plane: Option<&Bot>,
    args: &UpgradeOptions<'_>,
    io: &mut Io<'_>,
) -> Result<UpgradeRun<'a>> {
    let charts = fetch_charts(source, targets, helm).await?;
    let offer = offer(source, &charts, targets, helm).await?;
    let mut plan = plan::plan(targets, control_plane, &offer, args.plan);
    let checks = check_all(c, helm, &charts, &plan, args.values).await?;
    for (item, check) in plan.iter_mut().zip(&checks) {
        if let Some(check) = check {
            item.add_guards(check.safety.refusals.iter().cloned());
        }
    }
    if args.diff {
        for check in checks.iter().flatten() {
            if io.print(&check.diff()).is_err() {
                break;
            }
        }
    }
    let results = match args.dry_run {
        true => vec![None; plan.len()],
        false => upgrade_all(helm, &charts, &plan, args).await?,
    };
    Ok(UpgradeRun {
        plan,
        checks,
        results,
        dry_run: args.dry_run,
        source: source.describe(),
    })
}

/// The releases named by the arguments: the control plane (default), named bots, or all bots.
fn targets<'a>(
    args: &UpgradeArgs,
    inventory: &'a Inventory,
    scope: &Scope,
    cmd: &str,
) -> Result<Vec<&'a Bot>> {
    if args.all_bots {
        return Ok(inventory.bots());
    }
    if !args.names.is_empty() {
        return selection::select(&inventory.bots(), &args.names, &[], scope);
    }
    match inventory.control_planes.first() {
        Some(cp) => Ok(vec![cp]),
        None => Err(Error::NotFound {
            message: format!(
                "no ClawMachine control plane (a release of chart clawmachine) in {} to upgrade; check -n, or install it with `{cmd} install clawmachine clawmachine -n claw-machine --create-namespace`",
                scope.describe()
            ),
        }),
    }
}

/// Each chart the targets run, from the source, once.
async fn fetch_charts(
    source: &ChartSource,
    targets: &[&Bot],
    helm: &Helm,
) -> Result<BTreeMap<&'static str, FetchedChart>> {
    let mut names: Vec<&'static str> = targets.iter().map(|b| b.role.chart()).collect();
    names.sort();
    names.dedup();
    let fetched =
        futures::future::join_all(names.iter().map(|n| source.fetch(n, Some(helm)))).await;
    names
        .into_iter()
        .zip(fetched)
        .map(|(n, f)| Ok((n, f?)))
        .collect()
}

/// The versions to upgrade to, with the control plane's (bots may not pass an older one).
async fn offer(
    source: &ChartSource,
    charts: &BTreeMap<&'static str, FetchedChart>,
    targets: &[&Bot],
    helm: &Helm,
) -> Result<Offer> {
    let mut offer = Offer {
        versions: charts
            .iter()
            .map(|(n, c)| (n.to_string(), c.info.version.clone()))
            .collect(),
        origin: (!source.is_embedded()).then(|| source.describe()),
    };
    let bots_only = targets
        .iter()
        .all(|b| b.role.chart() != CONTROL_PLANE_CHART);
    if bots_only {
        // A source with bot charts alone sets no bar for the control plane.
        if let Ok(v) = source.version_of(CONTROL_PLANE_CHART, Some(helm)).await {
            offer.versions.insert(CONTROL_PLANE_CHART.to_string(), v);
        }
    }
    Ok(offer)
}

/// The safety plan of every planned upgrade, a few at a time, in plan order.
async fn check_all(
    c: &Connected,
    helm: &Helm,
    charts: &BTreeMap<&'static str, FetchedChart>,
    plan: &[PlanItem<'_>],
    given: &ValuesArgs,
) -> Result<Vec<Option<Checked>>> {
    let checks: Vec<Result<Option<Checked>>> = futures::stream::iter(plan)
        .map(|item| async move {
            if item.action != Action::Upgrade {
                return Ok(None);
            }
            check(c, helm, &charts[item.chart], item, given)
                .await
                .map(Some)
        })
        .buffered(PLAN_CONCURRENCY)
        .collect()
        .await;
    checks.into_iter().collect()
}

/// One release's safety plan: its deployed manifest against the new render.
async fn check(
    c: &Connected,
    helm: &Helm,
    chart: &FetchedChart,
    item: &PlanItem<'_>,
    given: &ValuesArgs,
) -> Result<Checked> {
    let bot = item.bot;
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
    if !out.success {
        let reason = redact::scrub(&out.reason(), &secrets);
        return Ok(Checked::unrenderable(
            bot, deployed, &chart_ref, reason, secrets,
        ));
    }
    let known = ChartValues {
        defaults: &chart.info.defaults,
        schema: chart.info.schema.as_ref(),
    };
    let plan = safety::assess(&deployed, &out.stdout, &carried_values, &known, &chart_ref);
    Ok(Checked {
        key: bot.key(),
        revision: bot.release.revision.unwrap_or(0),
        chart_ref,
        deployed,
        rendered: out.stdout,
        safety: plan,
        secrets,
    })
}

/// Runs every planned upgrade in order; `None` for the items not upgraded.
async fn upgrade_all(
    helm: &Helm,
    charts: &BTreeMap<&'static str, FetchedChart>,
    plan: &[PlanItem<'_>],
    args: &UpgradeOptions<'_>,
) -> Result<Vec<Option<StepResult>>> {
    let rollback = if args.rollback_on_failure && plan.iter().any(|i| i.action == Action::Upgrade) {
        Some(helm.major_version().await?)
    } else {
        None
    };
    let progress = Progress::start();
    let mut results = Vec::new();
    for item in plan {
        if item.action != Action::Upgrade {
            results.push(None);
            continue;
        }
        let bot = item.bot;
        progress.say(format!(
            "upgrading {} to {}-{} …",
            bot.key(),
            item.chart,
            item.to
        ));
        let carried = values_file(&plan::carried_values(bot))?;
        let values = Values {
            carried: Some(carried.path()),
            given: args.values,
        };
        let chart = &charts[item.chart].path;
        let argv = invocation::upgrade(release_of(bot), chart, values, args.wait, rollback);
        // Helm may echo a value it was given; none of the secret ones reaches the terminal.
        let mut secrets = redact::secret_strings(&bot.values);
        secrets.extend(given_secrets(args.values));
        // `carried` is dropped after this, or as `?` unwinds on Ctrl-C.
        let (result, _) = helm_steps::run(helm, &argv, &secrets).await?;
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
async fn deployed_manifest(c: &Connected, bot: &Bot) -> Result<String> {
    let path = format!(
        "{}/sh.helm.release.v1.{}.v{}",
        c.driver.resource().path(Some(&bot.namespace)),
        bot.name,
        bot.release.revision.unwrap_or(0)
    );
    let what = format!("get release {}", bot.key());
    let secret: storage::ReleaseSecret = c.cluster.get_json(&what, &path).await?;
    secret
        .data
        .get("release")
        .ok_or_else(|| "no data.release".to_string())
        .and_then(|d| storage::decode_manifest(d, c.driver))
        .map_err(|reason| Error::BadResponse {
            what: format!("release {}", bot.key()),
            detail: reason,
        })
}

impl Checked {
    /// A plan for a chart that would not render: nothing can be compared, and that is the refusal.
    fn unrenderable(
        bot: &Bot,
        deployed: String,
        chart_ref: &str,
        reason: String,
        secrets: Vec<String>,
    ) -> Checked {
        Checked {
            key: bot.key(),
            revision: bot.release.revision.unwrap_or(0),
            chart_ref: chart_ref.to_string(),
            deployed,
            rendered: String::new(),
            safety: safety::SafetyPlan {
                refusals: vec![Refusal::new(
                    RefusalKind::DoesNotRender,
                    format!("{chart_ref} does not render with these values: {reason}"),
                )],
                ..Default::default()
            },
            secrets,
        }
    }
}
