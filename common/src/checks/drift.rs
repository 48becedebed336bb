//! Chart drift: releases running older (or newer) charts than the ones this claw carries.

use super::check::{Check, Verdict};
use crate::bot::Bot;
use crate::embedded_charts;
use crate::inventory::Inventory;
use crate::lifecycle;

pub fn checks(inventory: &Inventory) -> Vec<Check> {
    let mut behind = Vec::new();
    let mut ahead = Vec::new();
    for b in inventory.all() {
        match compare(b) {
            Some((std::cmp::Ordering::Less, running, embedded)) => {
                behind.push(format!("{} ({running} -> {embedded})", b.name))
            }
            Some((std::cmp::Ordering::Greater, running, embedded)) => {
                ahead.push(format!("{} ({running}, this claw has {embedded})", b.name))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if !behind.is_empty() {
        let cp_behind = inventory
            .control_planes
            .iter()
            .any(|cp| lifecycle::available_upgrade(cp).is_some());
        out.push(Check::finding(
            "chart-drift",
            Verdict::Info,
            format!(
                "{} release(s) run older charts than this claw carries: {}",
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
                "{} release(s) run newer charts than this claw carries: {}",
                ahead.len(),
                ahead.join(", ")
            ),
            "update claw before upgrading them (it refuses to downgrade)",
        ));
    }
    if out.is_empty() {
        out.push(Check::pass(
            "chart-drift",
            "every release runs the chart version this claw carries",
        ));
    }
    out
}

/// How the release's chart version compares with the embedded one: (order, running, embedded).
fn compare(b: &Bot) -> Option<(std::cmp::Ordering, &str, &'static str)> {
    let embedded = embedded_charts::for_role(b.role)?;
    let running = b.release.chart_version.as_deref()?;
    let order = semver::Version::parse(running)
        .ok()?
        .cmp(&semver::Version::parse(embedded.version).ok()?);
    Some((order, running, embedded.version))
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
        let embedded = embedded_charts::for_role(Role::ControlPlane)
            .unwrap()
            .version;
        let same = Inventory {
            control_planes: vec![bot(Role::ControlPlane, embedded)],
            ..Default::default()
        };
        assert_eq!(checks(&same)[0].result, Verdict::Pass);
        let old = Inventory {
            control_planes: vec![bot(Role::ControlPlane, "0.0.1")],
            bots: vec![bot(Role::Bot(BotType::Picoclaw), "99.0.0")],
            ..Default::default()
        };
        let c = checks(&old);
        assert_eq!(c[0].result, Verdict::Info);
        assert!(c[0].fix.as_deref().unwrap().contains("control plane first"));
        assert_eq!(c[1].result, Verdict::Warn);
    }
}
