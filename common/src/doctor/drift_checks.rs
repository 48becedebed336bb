//! Chart drift: releases running older (or newer) charts than the chart source offers (the
//! charts embedded in claw, unless a repository or local chart is named).

use std::cmp::Ordering;

use super::check::{Check, Verdict};
use crate::charts::offer::Offer;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::Inventory;
use crate::upgrade::plan;

pub fn checks(inventory: &Inventory, offer: &Offer, cmd: &str) -> Vec<Check> {
    if let Some(why) = &inventory.releases_unreadable {
        // Without the records the running chart versions are unknown.
        return vec![Check::finding(
            "chart-drift",
            Verdict::Skip,
            format!(
                "cannot compare chart versions: the Helm release records cannot be read ({why})"
            ),
            "ask for `list` and `get` on secrets in the bots' namespaces (Helm keeps releases there)",
        )];
    }
    let source = match &offer.origin {
        None => "this claw carries".to_string(),
        Some(from) => format!("{from} offers"),
    };
    let d = Drift::of(inventory, offer);
    let mut out = Vec::new();
    if !d.behind.is_empty() {
        let cp_behind = inventory
            .control_planes
            .iter()
            .any(|cp| plan::available_upgrade(cp, offer).is_some());
        out.push(behind(&d.behind, &source, cp_behind, cmd));
    }
    if !d.ahead.is_empty() {
        out.push(Check::finding(
            "chart-drift",
            Verdict::Warn,
            format!(
                "{} release(s) run newer charts than {source}: {}",
                d.ahead.len(),
                d.ahead.join(", ")
            ),
            "update claw (or the chart source) before upgrading them: it refuses to downgrade",
        ));
    }
    if !d.unknown.is_empty() {
        out.push(Check::note(
            "chart-drift",
            Verdict::Skip,
            format!(
                "cannot compare {} release(s) whose chart version is unknown: {}",
                d.unknown.len(),
                d.unknown.join(", ")
            ),
        ));
    }
    if out.is_empty() {
        out.push(Check::pass(
            "chart-drift",
            format!("every release runs the chart version {source}"),
        ));
    }
    out
}

/// Releases behind the offer: an upgrade is there (the control plane first when it is behind).
fn behind(behind: &[String], source: &str, cp_behind: bool, cmd: &str) -> Check {
    Check::finding(
        "chart-drift",
        Verdict::Info,
        format!(
            "{} release(s) run older charts than {source}: {}",
            behind.len(),
            behind.join(", ")
        ),
        if cp_behind {
            format!("{cmd} upgrade (the control plane first), then {cmd} upgrade --all-bots")
        } else {
            format!("{cmd} upgrade --all-bots (or {cmd} upgrade BOT…)")
        },
    )
}

/// The releases behind and ahead of the offer (`name (running -> offered)`), and those whose
/// chart version is unknown.
#[derive(Default)]
struct Drift {
    behind: Vec<String>,
    ahead: Vec<String>,
    unknown: Vec<String>,
}

impl Drift {
    fn of(inventory: &Inventory, offer: &Offer) -> Drift {
        let has = match &offer.origin {
            None => "this claw has".to_string(),
            Some(from) => format!("{from} has"),
        };
        let mut d = Drift::default();
        for b in inventory.all() {
            if b.release.chart_version.is_none() && offer.version_of(b.role.chart()).is_some() {
                d.unknown.push(b.key());
            }
            match compare(b, offer) {
                Some((Ordering::Less, running, offered)) => d
                    .behind
                    .push(format!("{} ({running} -> {offered})", b.name)),
                Some((Ordering::Greater, running, offered)) => d
                    .ahead
                    .push(format!("{} ({running}, {has} {offered})", b.name)),
                _ => {}
            }
        }
        d
    }
}

/// How the release's chart version compares with the offered one: (order, running, offered).
fn compare<'a>(b: &'a Bot, offer: &'a Offer) -> Option<(Ordering, &'a str, &'a str)> {
    let offered = offer.version_of(b.role.chart())?;
    let running = b.release.chart_version.as_deref()?;
    let order = semver::Version::parse(running)
        .ok()?
        .cmp(&semver::Version::parse(offered).ok()?);
    Some((order, running, offered))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::bot::{BotType, Role};

    fn bot(role: Role, version: &str) -> Bot {
        let mut b = Bot::for_test(role);
        b.release.chart_version = Some(version.into());
        b
    }

    #[test]
    fn older_is_info_newer_is_warn_equal_passes() {
        let offer = Offer::embedded();
        let embedded = offer.version_of("clawmachine").unwrap().to_string();
        let same = Inventory {
            control_planes: vec![bot(Role::ControlPlane, &embedded)],
            ..Default::default()
        };
        assert_eq!(
            checks(&same, &offer, "kubectl claw")[0].result,
            Verdict::Pass
        );
        let old = Inventory {
            control_planes: vec![bot(Role::ControlPlane, "0.0.1")],
            bots: vec![bot(Role::Bot(BotType::Picoclaw), "99.0.0")],
            ..Default::default()
        };
        let c = checks(&old, &offer, "kubectl claw");
        assert_eq!(c[0].result, Verdict::Info);
        assert!(c[0].fix.as_deref().unwrap().contains("control plane first"));
        assert!(
            c[0].fix
                .as_deref()
                .unwrap()
                .starts_with("kubectl claw upgrade "),
            "{:?}",
            c[0].fix
        );
        assert_eq!(c[1].result, Verdict::Warn);
        assert!(
            c[1].message.contains("this claw carries"),
            "{}",
            c[1].message
        );
    }

    #[test]
    fn unreadable_releases_are_skipped_not_passed() {
        let offer = Offer::embedded();
        let inv = Inventory {
            bots: vec![Bot::for_test(Role::Bot(BotType::Picoclaw))],
            releases_unreadable: Some("forbidden: secrets is forbidden".into()),
            ..Default::default()
        };
        let c = checks(&inv, &offer, "helm claw");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].result, Verdict::Skip);
        let mut unknown = Bot::for_test(Role::Bot(BotType::Picoclaw));
        unknown.release.chart_version = None;
        let inv = Inventory {
            bots: vec![unknown],
            ..Default::default()
        };
        let c = checks(&inv, &offer, "helm claw");
        assert!(c.iter().all(|c| c.result != Verdict::Pass), "{c:?}");
    }

    #[test]
    fn a_repository_is_named_as_the_source() {
        let offer = Offer {
            versions: [("picoclaw".to_string(), "0.1.8".to_string())].into(),
            origin: Some("oci://r/charts".into()),
        };
        let inv = Inventory {
            bots: vec![bot(Role::Bot(BotType::Picoclaw), "0.1.0")],
            ..Default::default()
        };
        let c = checks(&inv, &offer, "kubectl claw");
        assert_eq!(
            c[0].message,
            "1 release(s) run older charts than oci://r/charts offers: b (0.1.0 -> 0.1.8)"
        );
    }
}
