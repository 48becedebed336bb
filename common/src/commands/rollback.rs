//! `claw rollback BOT [REVISION]`, `rollback --run ID`, `rollback --last-run`: releases back to
//! an earlier revision through `helm rollback`, guarded by the same safety plan as `upgrade`
//! (the target revision's manifest against the deployed one: deleted volumes or
//! NetworkPolicies, immutable fields, moved data and other users are refused unless `--unsafe`)
//! and warned of drift it writes back. `--run`/`--last-run` undo one `claw upgrade` run: exactly
//! the releases whose revisions carry its id, bots first and the control plane last; a release
//! changed since that run is refused and named (`--force` rolls it back anyway).

use clap::{ArgGroup, Args};
use futures::StreamExt;

use super::upgrade_report::{RollbackReport, UpgradeReport};
use crate::cluster::Connected;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::{self, DiscoverOptions, Inventory};
use crate::fleet::selection;
use crate::helm::WaitArgs;
use crate::output::{Io, render};
use crate::releases::history;
use crate::releases::storage::ReleaseRecord;
use crate::upgrade::plan::PlanItem;
use crate::upgrade::rollback::{self, RollbackOptions, Target};
use crate::upgrade::run_id::RunId;
use crate::upgrade::safety::Overrides;

/// Histories read at once for `--run`/`--last-run` (one LIST each).
const HISTORY_CONCURRENCY: usize = 16;

#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("what").required(true).args(["name", "run", "last_run"])),
    after_help = "BOT is NAME or NAMESPACE/NAME. REVISION defaults to the newest earlier revision \
    that was deployed (see `history BOT`). Rolling back is also the repair for a release stuck in \
    pending-install, pending-upgrade or pending-rollback."
)]
pub struct RollbackArgs {
    /// The bot (or the control plane) to roll back
    #[arg(value_name = "BOT")]
    pub name: Option<String>,

    /// The revision to go back to
    #[arg(value_name = "REVISION", requires = "name", value_parser = clap::value_parser!(u64).range(1..))]
    pub revision: Option<u64>,

    /// Undo the `claw upgrade` run with this id: every release it upgraded
    #[arg(long, value_name = "ID", conflicts_with_all = ["name", "last_run"])]
    pub run: Option<String>,

    /// Undo the newest `claw upgrade` run among the releases in scope
    #[arg(long, conflicts_with = "name")]
    pub last_run: bool,

    /// Go past the version guards: back to the revision it runs, or past changes made after the run
    #[arg(long)]
    pub force: bool,

    /// Go past the safety plan's refusals: deleted volumes or NetworkPolicies, immutable fields, moved data, other users
    #[arg(long = "unsafe")]
    pub unsafe_: bool,

    /// Print the plan (what would move where; objects added, removed, changed; refusals); change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Show the manifest diff (Secret data redacted); with --dry-run, nothing changes
    #[arg(long)]
    pub diff: bool,

    #[command(flatten)]
    pub wait: WaitArgs,
}

pub async fn run(ctx: &Context, args: &RollbackArgs, io: &mut Io<'_>) -> Result<Exit> {
    let run = args
        .run
        .as_deref()
        .map(RunId::parse)
        .transpose()
        .map_err(Error::Usage)?;
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &DiscoverOptions::with_values()).await?;
    io.warn_all(&inventory.warnings);
    let overrides = Overrides {
        force: args.force,
        unsafe_: args.unsafe_,
    };
    let plan = match &args.name {
        Some(name) => {
            let bot = selection::select_one(&inventory.all(), name, &c.scope)?;
            let target = args.revision.map_or(Target::Previous, Target::Revision);
            let history = history::revisions(&c, &bot.namespace, &bot.name).await?;
            if bot.release.state.is_pending() {
                io.note(&format!(
                    "{} is {}: rolling it back ends the interrupted operation (Helm's repair)",
                    bot.key(),
                    bot.release.state
                ));
            }
            vec![rollback::plan(bot, &history, &target, overrides)]
        }
        None => plan_run(&c, &inventory, run, overrides, io).await?,
    };
    let helm = ctx.helm()?;
    let opts = RollbackOptions {
        overrides,
        dry_run: args.dry_run,
        diff: args.diff,
        wait: args.wait,
    };
    let done = rollback::plan_and_run(&c, &helm, plan, opts, io).await?;
    render(&RollbackReport(UpgradeReport::of(&done)), &ctx.output, io)?;
    Ok(done.finish(io))
}

/// The plan of undoing run `id` (or the newest run in scope): every release one of whose
/// revisions carries the id, bots first, the control plane last.
async fn plan_run<'a>(
    c: &Connected,
    inventory: &'a Inventory,
    id: Option<RunId>,
    overrides: Overrides,
    io: &mut Io<'_>,
) -> Result<Vec<PlanItem<'a>>> {
    let releases: Vec<&Bot> = inventory
        .bots
        .iter()
        .chain(&inventory.control_planes)
        .collect();
    let histories: Vec<Result<Vec<ReleaseRecord>>> = futures::stream::iter(&releases)
        .map(|b| history::revisions(c, &b.namespace, &b.name))
        .buffered(HISTORY_CONCURRENCY)
        .collect()
        .await;
    let histories = histories.into_iter().collect::<Result<Vec<_>>>()?;
    let id = match id {
        Some(id) => id,
        None => {
            let id = newest_run(&histories).ok_or_else(|| Error::NotFound {
                message: format!(
                    "no release in {} was upgraded by a claw upgrade run (`history BOT` shows each revision's run)",
                    c.scope.describe()
                ),
            })?;
            io.note(&format!("the last run in {} is {id}", c.scope.describe()));
            id
        }
    };
    let plan: Vec<PlanItem> = releases
        .iter()
        .zip(&histories)
        .filter(|(_, h)| rollback::made_by(h, &id).is_some())
        .map(|(bot, h)| rollback::plan(bot, h, &Target::BeforeRun(id.clone()), overrides))
        .collect();
    if plan.is_empty() {
        return Err(Error::NotFound {
            message: format!(
                "no release in {} has a revision made by run {id}; check -n, or `history BOT` for its runs",
                c.scope.describe()
            ),
        });
    }
    Ok(plan)
}

/// The run id of the newest revision (by when it was deployed) that carries one.
fn newest_run(histories: &[Vec<ReleaseRecord>]) -> Option<RunId> {
    histories
        .iter()
        .flatten()
        .filter_map(|r| {
            let when = r.payload.as_ref().ok()?.last_deployed;
            Some((when, rollback::run_of(r)?))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, id)| id)
}
