//! Rollback: which revision each release goes back to and what stands in the way (pure, from
//! the release's history), then the same safety plan and drift an upgrade gets — the target
//! revision's manifest against the deployed one — then `helm rollback` for each release the
//! plan lets through, one after the other.
//!
//! `helm rollback` is also Helm's repair for a release stuck in `pending-install`,
//! `pending-upgrade` or `pending-rollback` (Helm's own advice in "another operation
//! (install/upgrade/rollback) is in progress"), so a pending release may be rolled back.

use futures::StreamExt;

use super::live::{self, LiveDrift, LiveObjects};
use super::plan::{Action, PlanItem};
use super::run::{Checked, Operation, OperationRun, ShowDiff, release_of};
use super::run_id::RunId;
use super::safety::{self, Overrides, Refusal, RefusalKind};
use crate::cluster::Connected;
use crate::error::Result;
use crate::fleet::bot::{Bot, ReleaseState};
use crate::helm::invocation;
use crate::helm::{Helm, WaitArgs};
use crate::output::Io;
use crate::output::helm_steps::{self, StepResult};
use crate::output::progress::Progress;
use crate::redact;
use crate::releases::history;
use crate::releases::storage::ReleaseRecord;

/// Releases planned at once (each plan reads two revisions and the live objects).
const PLAN_CONCURRENCY: usize = 4;

/// A release pending for less than this may still have its Helm operation running: Helm's
/// default `--timeout` (5m) bounds an operation that waits for its objects.
const MAY_STILL_RUN: jiff::SignedDuration = jiff::SignedDuration::from_secs(5 * 60);

/// Where a release goes back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The newest earlier revision that was deployed (Helm's default is simply the one before).
    Previous,
    /// This revision.
    Revision(u64),
    /// The newest revision deployed before the one run `RunId` made: undoing that run.
    BeforeRun(RunId),
}

/// How a rollback runs.
#[derive(Debug, Clone, Copy)]
pub struct RollbackOptions {
    pub overrides: Overrides,
    pub dry_run: bool,
    pub diff: ShowDiff,
    pub wait: WaitArgs,
}

/// The revision run `id` made, newest first if it made several (it makes one).
pub fn made_by(history: &[ReleaseRecord], id: &RunId) -> Option<u64> {
    history
        .iter()
        .rev()
        .find(|r| run_of(r).as_ref() == Some(id))
        .map(|r| r.revision)
}

/// The claw upgrade run a revision's description names.
pub fn run_of(record: &ReleaseRecord) -> Option<RunId> {
    let payload = record.payload.as_ref().ok()?;
    RunId::in_description(&payload.description)
}

/// Plans rolling `bot` back, from its `history` (oldest first, as `history::revisions` gives it),
/// at `now` (the context's clock).
pub fn plan<'a>(
    bot: &'a Bot,
    history: &[ReleaseRecord],
    target: &Target,
    overrides: Overrides,
    now: jiff::Timestamp,
) -> PlanItem<'a> {
    let mut guards = state_guards(bot, now);
    let to = target_of(history, target, &mut guards);
    let chart_version =
        |r: &ReleaseRecord| r.payload.as_ref().ok().map(|p| p.chart_version.clone());
    let mut item = PlanItem {
        bot,
        chart: bot.role.chart(),
        to: to.and_then(chart_version),
        from: bot.release.chart_version.clone(),
        to_revision: to.map(|r| r.revision),
        action: Action::Proceed,
        guards,
        overrides,
    };
    item.decide();
    item
}

/// What the release's state holds against any rollback: records that cannot be read, or an
/// operation that went pending so recently that it may still be running.
fn state_guards(bot: &Bot, now: jiff::Timestamp) -> Vec<Refusal> {
    let mut guards = Vec::new();
    let state = &bot.release.state;
    if !state.is_readable() {
        guards.push(Refusal::new(
            RefusalKind::ReleaseUnreadable,
            state.to_string(),
            "",
        ));
    }
    if let Some(since) = bot.release.pending_since()
        && now.duration_since(since) < MAY_STILL_RUN
    {
        guards.push(Refusal::new(
            RefusalKind::MayStillRun,
            state.to_string(),
            crate::output::age(Some(since), now),
        ));
    }
    guards
}

/// The revision `target` names in `history`, with what stands in the way.
fn target_of<'h>(
    history: &'h [ReleaseRecord],
    target: &Target,
    guards: &mut Vec<Refusal>,
) -> Option<&'h ReleaseRecord> {
    let current = history.last().map(|r| r.revision);
    match target {
        Target::Revision(n) => {
            if !history.iter().any(|r| r.revision == *n) {
                guards.push(Refusal::new(
                    RefusalKind::RevisionMissing,
                    n.to_string(),
                    kept(history),
                ));
            } else if Some(*n) == current {
                guards.push(Refusal::new(
                    RefusalKind::CurrentRevision,
                    n.to_string(),
                    "",
                ));
            }
            history.iter().find(|r| r.revision == *n)
        }
        Target::Previous => before(history, current.unwrap_or(0), guards),
        Target::BeforeRun(id) => {
            let made = made_by(history, id).unwrap_or(0);
            let back = before(history, made, guards);
            if let Some(now) = history.last().filter(|r| r.revision != made) {
                let undone = back.is_some_and(|b| rolled_back_to(now) == Some(b.revision));
                guards.push(match undone {
                    true => Refusal::new(
                        RefusalKind::UndoneAlready,
                        now.revision.to_string(),
                        id.as_str(),
                    ),
                    false => Refusal::new(
                        RefusalKind::ChangedSince,
                        format!("revision {} ({})", now.revision, summary(now)),
                        id.as_str(),
                    ),
                });
            }
            back
        }
    }
}

/// The revision a deployed rollback went back to, from Helm's description of it ("Rollback to
/// 3", Helm's `action/rollback.go`).
fn rolled_back_to(r: &ReleaseRecord) -> Option<u64> {
    let payload = r.payload.as_ref().ok().filter(|_| r.status == "deployed")?;
    payload
        .description
        .strip_prefix("Rollback to ")?
        .trim()
        .parse()
        .ok()
}

/// The newest revision before `revision` that was deployed (Helm marks it `superseded` once a
/// later one is deployed; a failed one never was).
fn before<'h>(
    history: &'h [ReleaseRecord],
    revision: u64,
    guards: &mut Vec<Refusal>,
) -> Option<&'h ReleaseRecord> {
    let found = history
        .iter()
        .rev()
        .filter(|r| r.revision < revision)
        .find(|r| matches!(r.status.as_str(), "superseded" | "deployed"));
    if found.is_none() {
        guards.push(Refusal::new(
            RefusalKind::NoEarlierRevision,
            revision.to_string(),
            kept(history),
        ));
    }
    found
}

/// "revisions 3-12", what Helm keeps of the release.
fn kept(history: &[ReleaseRecord]) -> String {
    match (history.first(), history.last()) {
        (Some(a), Some(b)) if a.revision == b.revision => format!("revision {} only", a.revision),
        (Some(a), Some(b)) => format!("revisions {}-{}", a.revision, b.revision),
        _ => "no revisions".to_string(),
    }
}

/// "deployed: Upgrade complete", a revision in a few words.
fn summary(r: &ReleaseRecord) -> String {
    let description = r
        .payload
        .as_ref()
        .map(|p| p.description.lines().next().unwrap_or_default().to_string())
        .unwrap_or_default();
    if description.is_empty() {
        r.status.clone()
    } else {
        format!("{}: {description}", r.status)
    }
}

/// The safety plan of every planned rollback, a few at a time, then — unless a dry run —
/// `helm rollback` for each one the plan lets through, in plan order.
pub async fn plan_and_run<'a>(
    c: &Connected,
    helm: &Helm,
    mut plan: Vec<PlanItem<'a>>,
    opts: RollbackOptions,
    io: &mut Io<'_>,
) -> Result<OperationRun<'a>> {
    let live = &super::run::read_live(c, &plan).await;
    let checks: Vec<Result<Option<Checked>>> = futures::stream::iter(&plan)
        .map(|item| async move {
            match (item.action, item.to_revision) {
                (Action::Proceed, Some(to)) => check(c, item.bot, to, live).await.map(Some),
                _ => Ok(None),
            }
        })
        .buffered(PLAN_CONCURRENCY)
        .collect()
        .await;
    let checks = checks.into_iter().collect::<Result<Vec<_>>>()?;
    super::run::guard_and_diff(&mut plan, &checks, opts.diff, io);
    let results = match opts.dry_run {
        true => vec![None; plan.len()],
        false => rollback_all(helm, &plan, &checks, opts.wait).await?,
    };
    Ok(OperationRun {
        op: Operation::Rollback,
        plan,
        checks,
        results,
        dry_run: opts.dry_run,
        source: "release history".to_string(),
        run_id: None,
        command: "",
        diff: opts.diff,
    })
}

/// One release's rollback plan: the deployed revision's manifest against the target's.
async fn check(c: &Connected, bot: &Bot, to: u64, live: &LiveObjects) -> Result<Checked> {
    let now = bot.release.revision.unwrap_or(0);
    let (deployed, target) = tokio::try_join!(
        history::stored_revision(c, &bot.namespace, &bot.name, now),
        history::stored_revision(c, &bot.namespace, &bot.name, to),
    )?;
    let mut secrets = redact::secret_strings(&bot.values);
    secrets.extend(redact::secret_strings(&target.payload.config));
    let drift = match bot.release.state {
        // Mid-operation the live objects are half one revision, half another: no drift to say.
        ReleaseState::PendingInstall
        | ReleaseState::PendingUpgrade
        | ReleaseState::PendingRollback => LiveDrift::default(),
        _ => live::judge(
            (&bot.namespace, &bot.name),
            &deployed.manifest,
            Some(&target.manifest),
            live,
        ),
    };
    Ok(Checked {
        key: bot.key(),
        revision: now,
        chart_ref: format!(
            "{}-{} revision {to}",
            target.payload.chart_name, target.payload.chart_version
        ),
        safety: safety::compare(&deployed.manifest, &target.manifest),
        deployed: deployed.manifest,
        rendered: target.manifest,
        secrets,
        carried: None,
        drift,
    })
}

/// Runs every planned rollback in order; `None` for the items not rolled back.
async fn rollback_all(
    helm: &Helm,
    plan: &[PlanItem<'_>],
    checks: &[Option<Checked>],
    wait: WaitArgs,
) -> Result<Vec<Option<StepResult>>> {
    let progress = Progress::start();
    let mut results = Vec::new();
    for (item, check) in plan.iter().zip(checks) {
        let (Action::Proceed, Some(check), Some(to)) = (item.action, check, item.to_revision)
        else {
            results.push(None);
            continue;
        };
        progress.say(format!("rolling back {} to revision {to} …", check.key));
        let argv = invocation::rollback(release_of(item.bot), to, wait);
        let (result, _) = helm_steps::run(helm, &argv, &check.secrets).await?;
        results.push(Some(result));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::bot::{BotType, Role};
    use crate::releases::storage::ReleasePayload;

    fn record(revision: u64, status: &str, version: &str, description: &str) -> ReleaseRecord {
        ReleaseRecord {
            namespace: "claw-machine".into(),
            name: "b".into(),
            revision,
            status: status.into(),
            uid: String::new(),
            resource_version: String::new(),
            payload: Ok(ReleasePayload {
                status: status.into(),
                chart_name: "picoclaw".into(),
                chart_version: version.into(),
                app_version: None,
                first_deployed: None,
                last_deployed: None,
                description: description.into(),
                settings: Default::default(),
                config: serde_json::Value::Null,
                manifest: None,
            }),
        }
    }

    fn bot(state: &str, revision: u64, version: &str) -> Bot {
        let mut b = Bot::for_test(Role::Bot(BotType::Picoclaw));
        b.release.state = ReleaseState::parse(state);
        b.release.revision = Some(revision);
        b.release.chart_version = Some(version.into());
        b
    }

    const NOW: jiff::Timestamp = jiff::Timestamp::constant(1_796_000_000, 0);

    const NONE: Overrides = Overrides {
        force: false,
        unsafe_: false,
    };

    fn history() -> Vec<ReleaseRecord> {
        vec![
            record(1, "superseded", "0.1.7", "Install complete"),
            record(2, "superseded", "0.1.8", "Upgrade complete"),
            record(3, "failed", "0.1.9", "Upgrade \"b\" failed: timed out"),
            record(4, "superseded", "0.1.8", "Rollback to 2"),
            record(
                5,
                "deployed",
                "0.1.9",
                "claw upgrade run k3x9p2: picoclaw 0.1.8 -> 0.1.9",
            ),
        ]
    }

    #[test]
    fn by_default_back_to_the_newest_earlier_deployed_revision() {
        let b = bot("deployed", 5, "0.1.9");
        let item = plan(&b, &history(), &Target::Previous, NONE, NOW);
        assert_eq!(item.action, Action::Proceed);
        assert_eq!(
            (item.to_revision, item.to.as_deref()),
            (Some(4), Some("0.1.8"))
        );
        // A failed revision was never deployed: skipped.
        let mut h = history();
        h.truncate(4);
        h[3] = record(4, "deployed", "0.1.9", "");
        h.insert(3, record(3, "failed", "0.1.9", ""));
        h.remove(2);
        let item = plan(&b, &h, &Target::Previous, NONE, NOW);
        assert_eq!(item.to_revision, Some(2));
    }

    #[test]
    fn a_named_revision_must_be_kept_and_not_the_current_one() {
        let b = bot("deployed", 5, "0.1.9");
        let item = plan(&b, &history(), &Target::Revision(2), NONE, NOW);
        assert_eq!((item.action, item.to_revision), (Action::Proceed, Some(2)));
        let missing = plan(&b, &history(), &Target::Revision(9), NONE, NOW);
        assert_eq!(missing.action, Action::Refused);
        assert_eq!(
            missing.blocking().next().unwrap().message(),
            "it has no revision 9 (Helm keeps revisions 1-5)"
        );
        let current = plan(&b, &history(), &Target::Revision(5), NONE, NOW);
        assert_eq!(current.action, Action::Refused);
        let forced = Overrides {
            force: true,
            ..NONE
        };
        assert_eq!(
            plan(&b, &history(), &Target::Revision(5), forced, NOW).action,
            Action::Proceed
        );
    }

    #[test]
    fn undoing_a_run_goes_back_before_its_revision_unless_changed_since() {
        let id = RunId::parse("k3x9p2").unwrap();
        let b = bot("deployed", 5, "0.1.9");
        let item = plan(&b, &history(), &Target::BeforeRun(id.clone()), NONE, NOW);
        assert_eq!((item.action, item.to_revision), (Action::Proceed, Some(4)));
        let mut h = history();
        h[4].status = "superseded".into();
        h.push(record(6, "deployed", "0.1.10", "Upgrade complete"));
        let changed = plan(&b, &h, &Target::BeforeRun(id), NONE, NOW);
        assert_eq!(changed.action, Action::Refused);
        assert_eq!(
            changed.blocking().next().unwrap().message(),
            "it changed after run k3x9p2: it is at revision 6 (deployed: Upgrade complete) now"
        );
    }

    #[test]
    fn a_pending_release_may_be_rolled_back_an_unreadable_one_not() {
        let mut h = history();
        h[4].status = "superseded".into();
        h.push(record(6, "pending-upgrade", "0.1.10", "Preparing upgrade"));
        let b = bot("pending-upgrade", 6, "0.1.10");
        let item = plan(&b, &h, &Target::Previous, NONE, NOW);
        assert_eq!((item.action, item.to_revision), (Action::Proceed, Some(5)));
        let unknown = bot("unknown", 6, "0.1.10");
        assert_eq!(
            plan(&unknown, &h, &Target::Previous, NONE, NOW).action,
            Action::Refused
        );
        let first = vec![record(1, "deployed", "0.1.8", "Install complete")];
        let one = bot("deployed", 1, "0.1.8");
        let only = plan(&one, &first, &Target::Previous, NONE, NOW);
        assert_eq!(
            only.blocking().next().unwrap().message(),
            "no revision before 1 was deployed (revision 1 only)"
        );
    }

    #[test]
    fn a_run_undone_already_is_left_alone() {
        let id = RunId::parse("k3x9p2").unwrap();
        let mut h = history();
        h[4].status = "superseded".into();
        h.push(record(6, "deployed", "0.1.8", "Rollback to 4"));
        let b = bot("deployed", 6, "0.1.8");
        let item = plan(&b, &h, &Target::BeforeRun(id.clone()), NONE, NOW);
        assert_eq!(item.action, Action::NoOp);
        assert_eq!(
            item.nothing_to_do().unwrap().message(),
            "rolled back already: run k3x9p2 was undone by revision 6"
        );
        // A rollback elsewhere is a change since the run.
        h[5] = record(6, "deployed", "0.1.7", "Rollback to 1");
        let other = plan(&b, &h, &Target::BeforeRun(id), NONE, NOW);
        assert_eq!(other.action, Action::Refused);
    }

    #[test]
    fn a_release_that_went_pending_moments_ago_needs_force() {
        let mut h = history();
        h[4].status = "superseded".into();
        h.push(record(6, "pending-upgrade", "0.1.10", "Preparing upgrade"));
        let mut b = bot("pending-upgrade", 6, "0.1.10");
        b.release.last_deployed = Some(NOW - jiff::SignedDuration::from_secs(40));
        let item = plan(&b, &h, &Target::Previous, NONE, NOW);
        assert_eq!(item.action, Action::Refused);
        assert_eq!(
            item.blocking().next().unwrap().message(),
            "it has been pending-upgrade for only 40s: its Helm operation may still be running (Helm waits up to 5m by default)"
        );
        let forced = Overrides {
            force: true,
            ..NONE
        };
        assert_eq!(
            plan(&b, &h, &Target::Previous, forced, NOW).action,
            Action::Proceed
        );
        b.release.last_deployed = Some(NOW - jiff::SignedDuration::from_secs(301));
        assert_eq!(
            plan(&b, &h, &Target::Previous, NONE, NOW).action,
            Action::Proceed
        );
    }
}
