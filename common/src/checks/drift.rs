//! Chart drift: releases running older (or newer) charts than the chart source offers (the
//! charts embedded in claw, unless a repository or local chart is named).

use std::cmp::Ordering;

use super::check::{Check, Verdict};
use crate::bot::Bot;
use crate::inventory::Inventory;
use crate::lifecycle::{self, Offer};

pub fn checks(inventory: &Inventory, offer: &Offer) -> Vec<Check> {
    let (source, has) = match &offer.origin {
        None => ("this claw carries".to_string(), "this claw has".to_string()),
        Some(from) => (format!("{from} offers"), format!("{from} has")),
    };
    let mut behind = Vec::new();
    let mut ahead = Vec::new();
    for b in inventory.all() {
        match compare(b, offer) {
            Some((Ordering::Less, running, offered)) => {
                behind.push(format!("{} ({running} -> {offered})", b.name))
            }
            Some((Ordering::Greater, running, offered)) => {
                ahead.push(format!("{} ({running}, {has} {offered})", b.name))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if !behind.is_empty() {
        let cp_behind = inventory
            .control_planes
            .iter()
            .any(|cp| lifecycle::available_upgrade(cp, offer).is_some());
        out.push(Check::finding(
            "chart-drift",
            Verdict::Info,
            format!(
                "{} release(s) run older charts than {source}: {}",
                behind.len(),
                behind.join(", ")
            ),
            if cp_behind {
                "claw upgrade (the control plane first), then claw upgrade --all-bots"
            } else {
                "claw upgrade --all-bots (or claw upgrade BOT…)"
            },
        ));
    }
    if !ahead.is_empty() {
        out.push(Check::finding(
            "chart-drift",
            Verdict::Warn,
            format!(
                "{} release(s) run newer charts than {source}: {}",
                ahead.len(),
                ahead.join(", ")
            ),
            "update claw (or the chart source) before upgrading them: it refuses to downgrade",
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
    use crate::bot::{BotType, Role};

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
        assert_eq!(checks(&same, &offer)[0].result, Verdict::Pass);
        let old = Inventory {
            control_planes: vec![bot(Role::ControlPlane, "0.0.1")],
            bots: vec![bot(Role::Bot(BotType::Picoclaw), "99.0.0")],
            ..Default::default()
        };
        let c = checks(&old, &offer);
        assert_eq!(c[0].result, Verdict::Info);
        assert!(c[0].fix.as_deref().unwrap().contains("control plane first"));
        assert_eq!(c[1].result, Verdict::Warn);
        assert!(
            c[1].message.contains("this claw carries"),
            "{}",
            c[1].message
        );
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
        let c = checks(&inv, &offer);
        assert_eq!(
            c[0].message,
            "1 release(s) run older charts than oci://r/charts offers: b (0.1.0 -> 0.1.8)"
        );
    }
}
