//! Live drift: fields of a release's objects changed on the cluster outside Helm (`kubectl
//! scale`, `kubectl edit`), which the next upgrade or rollback of it writes back. One WARN per
//! release, naming each object, field and the field manager that changed it.

use super::check::{Check, Verdict};
use super::facts::DriftFacts;
use crate::error::Error;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::Inventory;
use crate::upgrade::drift::Drift;
use crate::upgrade::live;

pub fn checks(inventory: &Inventory, facts: &DriftFacts, cmd: &str) -> Vec<Check> {
    let manifests = match &facts.manifests {
        Ok(m) => m,
        Err(e) => {
            let why = match e {
                Error::Forbidden { .. } => "no permission to list secrets".to_string(),
                other => other.to_string(),
            };
            return vec![Check::finding(
                "live-drift",
                Verdict::Skip,
                format!(
                    "cannot compare live objects with the releases: their manifests cannot be read ({why})"
                ),
                "ask for `list` on secrets in the bots' namespaces (Helm keeps releases there)",
            )];
        }
    };
    let releases = inventory.all();
    let compared: Vec<(&Bot, &String)> = releases
        .iter()
        .filter_map(|bot| {
            Some((
                *bot,
                manifests.get(&(bot.namespace.clone(), bot.name.clone()))?,
            ))
        })
        .collect();
    let mut out: Vec<Check> = compared
        .iter()
        .filter_map(|(bot, manifest)| release_check(bot, manifest, facts, cmd))
        .collect();
    let elsewhere = facts.elsewhere.iter().map(|(_, live)| live);
    let mut notes: Vec<&String> = std::iter::once(&facts.live)
        .chain(elsewhere)
        .flat_map(|l| &l.notes)
        .collect();
    notes.dedup();
    out.extend(
        notes
            .into_iter()
            .map(|n| Check::note("live-drift", Verdict::Skip, n.clone())),
    );
    if out.is_empty() {
        out.push(Check::pass(
            "live-drift",
            format!(
                "the live objects of {} release(s) match their deployed manifests",
                compared.len()
            ),
        ));
    }
    out
}

/// One release's drift as a WARN, or `None` when its live objects match its manifest.
fn release_check(bot: &Bot, manifest: &str, facts: &DriftFacts, cmd: &str) -> Option<Check> {
    let live = facts.live_of(bot);
    let drift = live::judge((&bot.namespace, &bot.name), manifest, None, live).drift;
    if drift.is_empty() {
        return None;
    }
    let key = bot.key();
    let said: Vec<String> = drift.iter().map(|d| d.message()).collect();
    Some(Check::finding(
        "live-drift",
        Verdict::Warn,
        format!(
            "{key}: {} change(s) made on the cluster outside Helm: {}",
            drift.len(),
            said.join("; ")
        ),
        writes_back(bot, &drift, cmd),
    ))
}

/// The fix line: what the next Helm operation on the release does about the drift (Helm
/// re-creates a manifest object that is missing), and how a change is kept.
fn writes_back(bot: &Bot, drift: &[Drift], cmd: &str) -> String {
    let key = bot.key();
    // A release at its first revision has nothing to roll back to.
    let next = match bot.release.revision.unwrap_or(1) <= 1 {
        true => format!("the next `{cmd} upgrade {key}`"),
        false => format!("the next `{cmd} upgrade {key}` or `{cmd} rollback {key}`"),
    };
    let keep = format!("put the change in the release's values (`{cmd} upgrade {key} --set …`)");
    let deleted = drift.iter().any(|d| d.field.is_empty());
    match (deleted, drift.iter().any(|d| !d.field.is_empty())) {
        (true, true) => format!(
            "{next} re-creates what was deleted and writes the changed fields back: to keep a field's change, {keep}"
        ),
        (true, false) => format!("{next} re-creates what was deleted"),
        _ => format!("{next} writes them back: {keep}, or undo it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::bot::{BotType, Role};

    fn drift(object: &str, field: &str) -> Drift {
        Drift {
            object: object.into(),
            field: field.into(),
            manager: None,
            live: None,
            release: None,
        }
    }

    #[test]
    fn the_fix_offers_only_what_can_be_done() {
        let mut b = Bot::for_test(Role::Bot(BotType::Picoclaw));
        b.release.revision = Some(1);
        let scaled = [drift("Deployment/x", "spec.replicas")];
        let fix = writes_back(&b, &scaled, "helm claw");
        assert!(!fix.contains("rollback"), "nothing to roll back to: {fix}");
        assert!(fix.contains("`helm claw upgrade"), "{fix}");
        b.release.revision = Some(3);
        assert!(writes_back(&b, &scaled, "helm claw").contains("`helm claw rollback"));
        let deleted = [drift("NetworkPolicy/x", "")];
        let fix = writes_back(&b, &deleted, "kubectl claw");
        assert!(fix.ends_with("re-creates what was deleted"), "{fix}");
        assert!(!fix.contains("values"), "{fix}");
    }
}
