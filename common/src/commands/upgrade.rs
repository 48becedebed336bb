//! `claw upgrade`: the control plane by default, `BOT…` or `--all-bots`, to the charts of a
//! chart source (embedded by default), through the upgrade engine (`upgrade::run`): versions
//! and guards, then each release's deployed manifest against the new render; what would lose
//! data, isolation or the user's values is refused unless `--unsafe`, a downgrade or bots past
//! an older control plane unless `--force`. Values: the new chart's defaults, then the user's
//! earlier overrides, then `-f`/`--set` (see `helm::invocation::upgrade`).

use clap::Args;

use super::upgrade_report::UpgradeReport;
use crate::charts::set::ChartSet;
use crate::charts::source::{ChartSource, ChartSourceArgs};
use crate::cluster::Scope;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::selection;
use crate::helm::{ValuesArgs, WaitArgs};
use crate::output::{Io, render};
use crate::upgrade::plan::PlanOptions;
use crate::upgrade::run::{self, ShowDiff, UpgradeOptions};
use crate::upgrade::run_id::RunId;
use crate::upgrade::safety::Overrides;

#[derive(Debug, Args)]
#[command(
    after_help = "BOT is NAME or NAMESPACE/NAME. Without -n, bots are looked up in every namespace \
    (a NAME found in several must be given as NAMESPACE/NAME); with -n, in that namespace only."
)]
pub struct UpgradeArgs {
    /// Bots to upgrade (default: the control plane only)
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name, conflicts_with = "all_bots")]
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
    let names: Vec<&str> = targets.iter().map(|b| b.role.chart()).collect();
    let charts = ChartSet::fetch(&source, &names, Some(&helm)).await?;
    let cp = inventory.control_planes.first();
    // A run that writes gets an id, said before Helm starts: an interrupted run can be undone too.
    let run_id = (!args.dry_run).then(RunId::new);
    if let Some(id) = &run_id {
        io.note(&format!(
            "upgrade run {id}: each revision it makes carries the id in its Helm description"
        ));
    }
    let diff = ShowDiff::of(args.diff, &ctx.output);
    let opts = args.options(run_id.as_ref(), ctx.host.command_name(), diff);
    let run = run::plan_and_run(&c, &helm, &charts, &targets, cp, &opts, io).await?;
    render(&UpgradeReport::of(&run), &ctx.output, io)?;
    Ok(run.finish(io))
}

impl UpgradeArgs {
    fn options<'a>(
        &'a self,
        run_id: Option<&'a RunId>,
        command: &'static str,
        diff: ShowDiff,
    ) -> UpgradeOptions<'a> {
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
                command,
            },
            dry_run: self.dry_run,
            diff,
            rollback_on_failure: self.rollback_on_failure,
            values: &self.values,
            wait: self.wait,
            run_id,
        }
    }
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
