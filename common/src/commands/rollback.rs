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
use crate::upgrade::run::ShowDiff;
use crate::upgrade::run_id::RunId;
use crate::upgrade::safety::Overrides;

/// Histories read at once for `--run`/`--last-run` (one LIST each).
const HISTORY_CONCURRENCY: usize = 16;

#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("what").required(true).args(["name", "run", "last_run"])),
    after_help = "BOT is NAME or NAMESPACE/NAME. REVISION defaults to the newest earlier revision \
    that was deployed (see `history BOT`); 0 means the same, as in `helm rollback`. Rolling back is \
    also the repair for a release stuck in pending-upgrade or pending-rollback (and in \
    pending-install when an earlier revision was deployed; an unfinished first install is \
    uninstalled instead)."
)]
pub struct RollbackArgs {
    /// The bot (or the control plane) to roll back
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
    pub name: Option<String>,

    /// The revision to go back to (0: the newest earlier one deployed)
    #[arg(value_name = "REVISION", requires = "name", value_parser = clap::value_parser!(u64))]
    pub revision: Option<u64>,

    /// Undo the `claw upgrade` run with this id: every release it upgraded
    #[arg(long, value_name = "ID", conflicts_with_all = ["name", "last_run"])]
    pub run: Option<String>,

    /// Undo the newest `claw upgrade` run among the releases in scope
    #[arg(long, conflicts_with = "name")]
    pub last_run: bool,

    /// Go past the version guards: back to the revision it runs, past changes made after the run, or a release pending for under 5m (not Helm's --force: claw never replaces objects)
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
            let target = match args.revision {
                None | Some(0) => Target::Previous,
                Some(n) => Target::Revision(n),
            };
            let history = history::revisions(&c, &bot.namespace, &bot.name).await?;
            let item = rollback::plan(bot, &history, &target, overrides, ctx.now());
            say_what_it_means(&item, &history, ctx.host.command_name(), io);
            vec![item]
        }
        None => plan_run(&c, &inventory, run, overrides, ctx.now(), io).await?,
    };
    let helm = ctx.helm()?;
    let opts = RollbackOptions {
        overrides,
        dry_run: args.dry_run,
        diff: ShowDiff::of(args.diff, &ctx.output),
        wait: args.wait,
    };
    let done = rollback::plan_and_run(&c, &helm, plan, opts, io).await?;
    render(&RollbackReport(UpgradeReport::of(&done)), &ctx.output, io)?;
    Ok(done.finish(io))
}

/// Notes on one release's rollback that the table cannot hold: a stuck release and how it
/// ends, a target revision that failed when it was applied.
fn say_what_it_means(item: &PlanItem, history: &[ReleaseRecord], cmd: &str, io: &mut Io<'_>) {
    let bot = item.bot;
    let state = &bot.release.state;
    if state.is_pending() {
        io.note(&match item.to_revision {
            Some(_) => format!(
                "{} is {state}: rolling it back ends the interrupted operation (Helm's repair)",
                bot.key()
            ),
            None => format!("{} is {state}: {}", bot.key(), bot.pending_repair(cmd)),
        });
    }
    let target = history
        .iter()
        .find(|r| Some(r.revision) == item.to_revision);
    if let Some(failed) = target.filter(|r| r.status == "failed") {
        io.warn(&format!(
            "revision {} of {} failed when Helm applied it: rolling back to it applies that manifest again",
            failed.revision,
            bot.key()
        ));
    }
}

/// The plan of undoing run `id` (or the newest run in scope) at `now`: every release one of
/// whose revisions carries the id, bots first, the control plane last.
async fn plan_run<'a>(
    c: &Connected,
    inventory: &'a Inventory,
    id: Option<RunId>,
    overrides: Overrides,
    now: jiff::Timestamp,
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
        .map(|(bot, h)| rollback::plan(bot, h, &Target::BeforeRun(id.clone()), overrides, now))
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
