//! Bots' volumes and Velero: per bot namespace with PersistentVolumeClaims, the newest Velero
//! backup covering it, its phase and age. ClawMachine is stateless; the bots' volumes are the
//! data, and claw copies none of it.

use std::collections::BTreeMap;

use super::check::{Check, Verdict};
use super::facts::{Pvc, VeleroFacts};
use crate::backup::velero::{self, Phase};
use crate::fleet::bot::labels;
use crate::fleet::inventory::Inventory;
use crate::output::human_duration;

pub fn checks(
    inventory: &Inventory,
    pvcs: Option<&[Pvc]>,
    v: &VeleroFacts,
    now: jiff::Timestamp,
    cmd: &str,
) -> Vec<Check> {
    let claims = bot_claims(inventory, pvcs);
    if claims.is_empty() {
        return vec![];
    }
    let count: usize = claims.values().map(Vec::len).sum();
    match &v.installed {
        Ok(true) => {}
        Ok(false) => {
            return vec![Check::finding(
                "velero",
                Verdict::Warn,
                format!(
                    "Velero is not installed: {count} bot volume{} in {} namespace{} ({}) have no Velero backup",
                    if count == 1 { "" } else { "s" },
                    claims.len(),
                    if claims.len() == 1 { "" } else { "s" },
                    claims.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
                format!(
                    "install Velero and run `{cmd} backup DIR --velero`, or back the volumes up with your own tool"
                ),
            )];
        }
        Err(e) => {
            return vec![Check::note(
                "velero",
                Verdict::Info,
                format!("cannot tell whether Velero is installed: {e}"),
            )];
        }
    }
    let backups = match &v.backups {
        Ok(b) => b,
        Err(e) => {
            return vec![Check::note(
                "velero-backup",
                Verdict::Warn,
                format!(
                    "cannot list Velero backups in namespace {}: {e}",
                    v.namespace
                ),
            )];
        }
    };
    let namespaces: Vec<String> = claims.keys().cloned().collect();
    velero::newest_covering(backups, &namespaces)
        .into_iter()
        .map(|(ns, newest)| namespace_check(&ns, &claims[&ns], newest, now, cmd))
        .collect()
}

/// Bot namespaces and their claims (the control plane is stateless).
fn bot_claims(inventory: &Inventory, pvcs: Option<&[Pvc]>) -> BTreeMap<String, Vec<String>> {
    let bots = inventory.bots();
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in pvcs.unwrap_or_default() {
        let Some(instance) = p.metadata.labels.get(labels::INSTANCE) else {
            continue;
        };
        if bots
            .iter()
            .any(|b| b.namespace == p.metadata.namespace && &b.name == instance)
        {
            claims
                .entry(p.metadata.namespace.clone())
                .or_default()
                .push(p.metadata.name.clone());
        }
    }
    claims
}

fn namespace_check(
    ns: &str,
    claims: &[String],
    newest: Option<&velero::VeleroBackup>,
    now: jiff::Timestamp,
    cmd: &str,
) -> Check {
    let fix =
        format!("{cmd} backup DIR --velero (or velero backup create …) to back the namespace up");
    let Some(b) = newest else {
        return Check::finding(
            "velero-backup",
            Verdict::Warn,
            format!(
                "{ns}: no Velero backup covers it ({} volume{}: {})",
                claims.len(),
                if claims.len() == 1 { "" } else { "s" },
                claims.join(", ")
            ),
            fix,
        );
    };
    let age = b
        .taken()
        .and_then(|t| now.duration_since(t).try_into().ok())
        .map(|d: std::time::Duration| format!("{} ago", human_duration(d)))
        .unwrap_or_else(|| "at an unknown time".into());
    let what = format!(
        "{ns}: newest Velero backup {} is {}, taken {age}",
        b.metadata.name,
        b.phase()
    );
    match b.phase() {
        Phase::Completed => Check::pass("velero-backup", what),
        Phase::PartiallyFailed | Phase::Failed(_) => Check::finding(
            "velero-backup",
            Verdict::Warn,
            what,
            format!(
                "velero backup describe {} --details; then back up again",
                b.metadata.name
            ),
        ),
        Phase::New | Phase::Running(_) => Check::note("velero-backup", Verdict::Info, what),
    }
}
