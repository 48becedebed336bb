//! The bots: failed or stuck releases, crash loops and image pull errors, volumes Pending for
//! want of a StorageClass, and readiness by ClawMachine's own rule (a pod Running, Ready and not
//! being deleted). `health` probes each bot's endpoint; doctor keeps to a fixed request count.

use super::check::{Check, Verdict};
use super::facts::Pvc;
use crate::error::Error;
use crate::fleet::bot::{Bot, ReleaseState, labels};
use crate::fleet::inventory::Inventory;
use crate::output::age;

pub fn checks(
    inventory: &Inventory,
    pvcs: Result<&[Pvc], &Error>,
    default_class: Option<&str>,
    now: jiff::Timestamp,
    cmd: &str,
) -> Vec<Check> {
    let bots = &inventory.bots;
    let mut out = release_checks(bots, inventory.releases_unreadable.as_deref(), now, cmd);
    out.extend(unreadable_records(inventory));
    out.extend(pod_checks(bots, cmd));
    out.extend(storage_checks(pvcs, default_class));
    out.push(readiness_check(bots, cmd));
    out
}

/// " for 2h", how long a pending release has been pending.
pub fn pending_for(b: &Bot, now: jiff::Timestamp) -> String {
    b.release
        .pending_since()
        .map(|since| format!(" for {}", age(Some(since), now)))
        .unwrap_or_default()
}

/// The repair of a pending release: wait, or end it (a rollback, Helm's advice, through
/// claw's plan; an unfinished first install has nothing to go back to).
pub fn pending_fix(b: &Bot, cmd: &str) -> String {
    let first_look = match b.release.revision.unwrap_or(1) <= 1 {
        true => "",
        false => " (add --dry-run to see the plan first)",
    };
    format!(
        "if no Helm operation is still running on it: {}{first_look}",
        b.pending_repair(cmd)
    )
}

/// The repair of a failed release: its history, then a new upgrade or a rollback (a failed
/// first install has nothing to go back to).
pub fn failed_fix(b: &Bot, cmd: &str) -> String {
    let key = b.key();
    let back = match b.release.revision.unwrap_or(1) <= 1 {
        true => format!("`{cmd} uninstall {key}` and install it again"),
        false => format!("`{cmd} rollback {key}`"),
    };
    format!(
        "`{cmd} history {key}` says what failed; fix the values and `{cmd} upgrade {key}` again, or {back}"
    )
}

fn release_checks(
    bots: &[Bot],
    unreadable: Option<&str>,
    now: jiff::Timestamp,
    cmd: &str,
) -> Vec<Check> {
    if let Some(why) = unreadable {
        // Without the records nothing can be said of failed or pending releases.
        return vec![Check::finding(
            "bot-releases",
            Verdict::Skip,
            format!(
                "cannot judge {} bot release(s): the Helm release records cannot be read ({why})",
                bots.len()
            ),
            "ask for `list` and `get` on secrets in the bots' namespaces (Helm keeps releases there)",
        )];
    }
    let mut problems: Vec<Check> = bots
        .iter()
        .filter_map(|b| release_problem(b, now, cmd))
        .collect();
    problems.extend(unknown_releases(bots));
    if problems.is_empty() {
        return vec![Check::pass(
            "bot-releases",
            format!("{} bot releases, none failed or pending", bots.len()),
        )];
    }
    problems
}

/// One release's finding: stuck, unreadable or failed; `None` when deployed (or unknown).
fn release_problem(b: &Bot, now: jiff::Timestamp, cmd: &str) -> Option<Check> {
    let state = &b.release.state;
    if state.is_quiet() {
        return None;
    }
    Some(if state.is_pending() {
        Check::finding(
            "bot-releases",
            Verdict::Warn,
            format!(
                "{}: release stuck in {state}{}",
                b.key(),
                pending_for(b, now)
            ),
            pending_fix(b, cmd),
        )
    } else if *state == ReleaseState::Unreadable {
        unreadable_release(b)
    } else {
        Check::finding(
            "bot-releases",
            Verdict::Fail,
            format!(
                "{}: release {state}{}",
                b.key(),
                b.release.description_suffix()
            ),
            failed_fix(b, cmd),
        )
    })
}

/// A release whose latest record cannot be decoded: no upgrade or rollback can carry its values,
/// so the fix is to look at the record, not to upgrade again.
fn unreadable_release(b: &Bot) -> Check {
    let why = b.release.error.as_deref().unwrap_or("no reason recorded");
    Check::finding(
        "bot-releases",
        Verdict::Fail,
        format!("{}: release record unreadable ({why})", b.key()),
        format!(
            "`helm history {} -n {}` shows whether Helm can read it; claw will not upgrade or roll back a release whose values it cannot read",
            b.name, b.namespace
        ),
    )
}

/// The SKIP for bots whose release records could not be read where others could: nothing is
/// said of a release that was not seen.
fn unknown_releases(bots: &[Bot]) -> Option<Check> {
    unjudged(
        "bot-releases",
        bots.iter()
            .filter(|b| b.release.state == ReleaseState::Unknown),
        "bot release(s): their Helm release records could not be read",
        "ask for `list` and `get` on secrets in their namespaces (Helm keeps releases there)",
    )
}

/// The SKIP of check `id` for `bots` it has no facts about (`why`, and the permission to ask
/// for), naming each; `None` when there are none.
fn unjudged<'a>(
    id: &'static str,
    bots: impl Iterator<Item = &'a Bot>,
    why: &str,
    ask: &str,
) -> Option<Check> {
    let keys: Vec<String> = bots.map(Bot::key).collect();
    (!keys.is_empty()).then(|| {
        Check::finding(
            id,
            Verdict::Skip,
            format!("cannot judge {} {why} ({})", keys.len(), keys.join(", ")),
            ask,
        )
    })
}

/// Release records that could not be decoded and that nothing ties to ClawMachine: the one
/// place that names each (the listing commands only count them).
fn unreadable_records(inventory: &Inventory) -> Vec<Check> {
    inventory
        .unreadable_records
        .iter()
        .map(|r| {
            Check::finding(
                "release-records",
                Verdict::Info,
                format!(
                    "Helm release record {}/{} could not be read ({}); nothing ties it to ClawMachine, so claw skips it",
                    r.namespace, r.name, r.reason
                ),
                format!(
                    "if it is not a release, give it another label than owner=helm; else helm history {} -n {}",
                    r.name, r.namespace
                ),
            )
        })
        .collect()
}

/// The SKIP for bots whose pods could not be listed, when there are any: nothing is said of
/// what cannot be seen.
fn unseen_pods(id: &'static str, bots: &[Bot]) -> Option<Check> {
    unjudged(
        id,
        bots.iter().filter(|b| b.pods.is_none()),
        "bot(s): their pods could not be listed",
        "ask for `list pods` in the bots' namespaces",
    )
}

fn pod_checks(bots: &[Bot], cmd: &str) -> Vec<Check> {
    let mut out = Vec::new();
    let unseen = unseen_pods("bot-pods", bots);
    for b in bots {
        let Some(pods) = b.pods.as_deref() else {
            continue;
        };
        if pods.iter().any(|p| p.status == "CrashLoopBackOff") {
            out.push(Check::finding(
                "bot-pods",
                Verdict::Fail,
                format!("{}: CrashLoopBackOff ({} restarts)", b.key(), b.restarts()),
                format!(
                    "{cmd} logs {} --previous; {cmd} events {}",
                    b.key(),
                    b.key()
                ),
            ));
        }
        let pull = pods.iter().find(|p| {
            matches!(
                p.status.as_str(),
                "ImagePullBackOff" | "ErrImagePull" | "InvalidImageName"
            )
        });
        if let Some(p) = pull {
            out.push(Check::finding(
                "bot-pods",
                Verdict::Fail,
                format!("{}: {} (the image cannot be pulled)", b.key(), p.status),
                format!(
                    "check image.repository, image.tag and pull secrets; {cmd} events {}",
                    b.key()
                ),
            ));
        }
    }
    match unseen {
        Some(skip) => out.push(skip),
        None if out.is_empty() => out.push(Check::pass(
            "bot-pods",
            "no crash loops or image pull errors",
        )),
        None => {}
    }
    out
}

fn storage_checks(pvcs: Result<&[Pvc], &Error>, default_class: Option<&str>) -> Vec<Check> {
    let pvcs = match pvcs {
        Ok(p) => p,
        Err(e) => {
            return vec![Check::finding(
                "bot-storage",
                Verdict::Info,
                format!("cannot check volumes: {e}"),
                "grant `list persistentvolumeclaims`",
            )];
        }
    };
    let pending: Vec<Check> = pvcs
        .iter()
        .filter(|p| p.status.phase.as_deref() == Some("Pending"))
        .map(|p| pending_claim(p, default_class))
        .collect();
    if pending.is_empty() {
        return vec![Check::pass(
            "bot-storage",
            format!("{} bot volumes, none Pending", pvcs.len()),
        )];
    }
    pending
}

/// A Pending claim: a FAIL when it names no StorageClass and the cluster has no default (it
/// will never bind), else a WARN.
fn pending_claim(p: &Pvc, default_class: Option<&str>) -> Check {
    let who = p
        .metadata
        .labels
        .get(labels::INSTANCE)
        .cloned()
        .unwrap_or_default();
    let (ns, name) = (&p.metadata.namespace, &p.metadata.name);
    let no_class = p
        .spec
        .storage_class_name
        .as_deref()
        .is_none_or(str::is_empty)
        && default_class.is_none();
    if no_class {
        Check::finding(
            "bot-storage",
            Verdict::Fail,
            format!(
                "PVC {ns}/{name} ({who}) is Pending: it names no StorageClass and the cluster has no default"
            ),
            "set persistence.storageClass for the bot, or mark a StorageClass as the default",
        )
    } else {
        Check::finding(
            "bot-storage",
            Verdict::Warn,
            format!("PVC {ns}/{name} ({who}) is Pending"),
            format!("kubectl describe pvc {name} -n {ns}"),
        )
    }
}

fn readiness_check(bots: &[Bot], cmd: &str) -> Check {
    // NAMESPACE/NAME: the fix's `events BOT` takes it, also where a bare name is ambiguous.
    let seen: Vec<&Bot> = bots.iter().filter(|b| b.pods.is_some()).collect();
    let not_ready: Vec<String> = seen
        .iter()
        .filter(|b| b.desired != Some(0) && !b.has_ready_pod())
        .map(|b| b.key())
        .collect();
    if let Some(skip) = unseen_pods("bot-health", bots).filter(|_| not_ready.is_empty()) {
        return skip;
    }
    if not_ready.is_empty() {
        return Check::pass(
            "bot-health",
            format!("all {} bots have a ready pod", bots.len()),
        );
    }
    Check::finding(
        "bot-health",
        Verdict::Fail,
        format!(
            "{} of {} bots have no ready pod: {}",
            not_ready.len(),
            seen.len(),
            not_ready.join(", ")
        ),
        format!("{cmd} health to probe them; {cmd} events BOT to see why"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Timestamp {
        "2026-11-30T08:00:00Z".parse().unwrap()
    }
    use crate::fleet::bot::{BotType, ReleaseState, Role};
    use crate::fleet::pods::PodSummary;

    fn bot(name: &str, state: ReleaseState, pod_status: Option<&str>) -> Bot {
        let mut b = Bot::for_test(Role::Bot(BotType::Picoclaw));
        b.name = name.into();
        b.release.state = state;
        b.pods = Some(
            pod_status
                .map(|s| PodSummary::for_test(&format!("{name}-1"), s, s == "Running", 3))
                .into_iter()
                .collect(),
        );
        b
    }

    fn inventory(bots: Vec<Bot>) -> Inventory {
        Inventory {
            bots,
            ..Default::default()
        }
    }

    fn pvc(class: Option<&str>, phase: &str) -> Pvc {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "data", "namespace": "ns", "labels": {labels::INSTANCE: "pico"}},
            "spec": {"storageClassName": class},
            "status": {"phase": phase}
        }))
        .unwrap()
    }

    fn verdicts(c: &[Check], id: &str) -> Vec<Verdict> {
        c.iter()
            .filter(|c| c.check == id)
            .map(|c| c.result)
            .collect()
    }

    #[test]
    fn a_healthy_fleet_passes_every_bot_check() {
        let inv = inventory(vec![bot("a", ReleaseState::Deployed, Some("Running"))]);
        let c = checks(
            &inv,
            Ok(&[pvc(Some("fast"), "Bound")]),
            None,
            now(),
            "kubectl claw",
        );
        assert!(c.iter().all(|c| c.result == Verdict::Pass), "{c:?}");
    }

    #[test]
    fn failed_and_pending_releases() {
        let inv = inventory(vec![
            bot("f", ReleaseState::Failed, Some("Running")),
            bot("p", ReleaseState::PendingInstall, Some("Running")),
        ]);
        let c = checks(&inv, Ok(&[]), None, now(), "kubectl claw");
        assert_eq!(verdicts(&c, "bot-releases"), [Verdict::Fail, Verdict::Warn]);
    }

    #[test]
    fn crash_loops_and_pull_errors_fail_each_bot() {
        let inv = inventory(vec![
            bot("crash", ReleaseState::Deployed, Some("CrashLoopBackOff")),
            bot("pull", ReleaseState::Deployed, Some("ErrImagePull")),
        ]);
        let c = checks(&inv, Ok(&[]), None, now(), "kubectl claw");
        assert_eq!(verdicts(&c, "bot-pods"), [Verdict::Fail, Verdict::Fail]);
        let health = c.iter().find(|c| c.check == "bot-health").unwrap();
        assert_eq!(
            health.message,
            "2 of 2 bots have no ready pod: claw-machine/crash, claw-machine/pull"
        );
    }

    #[test]
    fn a_pending_claim_without_any_class_fails_else_warns() {
        let inv = inventory(vec![]);
        let c = checks(
            &inv,
            Ok(&[pvc(None, "Pending")]),
            None,
            now(),
            "kubectl claw",
        );
        assert_eq!(verdicts(&c, "bot-storage"), [Verdict::Fail]);
        let c = checks(
            &inv,
            Ok(&[pvc(None, "Pending")]),
            Some("standard"),
            now(),
            "kubectl claw",
        );
        assert_eq!(verdicts(&c, "bot-storage"), [Verdict::Warn]);
        let forbidden = Error::Forbidden {
            message: "no".into(),
        };
        let c = checks(&inv, Err(&forbidden), None, now(), "kubectl claw");
        assert_eq!(verdicts(&c, "bot-storage"), [Verdict::Info]);
    }

    #[test]
    fn scaled_to_zero_is_not_unready() {
        let mut b = bot("idle", ReleaseState::Deployed, None);
        b.desired = Some(0);
        let c = checks(&inventory(vec![b]), Ok(&[]), None, now(), "kubectl claw");
        assert_eq!(verdicts(&c, "bot-health"), [Verdict::Pass]);
    }
}
