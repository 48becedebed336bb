//! `backup --velero --wait`: follows the Backups just created until Velero is done with each
//! (Completed, PartiallyFailed or Failed), saying every phase change on stderr; and the table
//! of how each ended.

use std::collections::BTreeMap;

use serde_json::Value;

use super::documents::VeleroEntry;
use crate::backup::velero::{self, Phase};
use crate::cluster::Cluster;
use crate::cluster::watch::{Change, Follow, WatchEvent};
use crate::error::{Error, Result};
use crate::output::progress::Progress;
use crate::output::{Io, OutputOptions, Table, Tone};

/// Each backup's final phase, by name.
pub async fn wait(
    cluster: &Cluster,
    velero_namespace: &str,
    names: &[String],
    io: &mut Io<'_>,
) -> Result<BTreeMap<String, Phase>> {
    let (listed, rv) = cluster
        .list_versioned::<Value>(&velero::BACKUPS, Some(velero_namespace), None)
        .await?;
    let mut phases: BTreeMap<String, Phase> =
        names.iter().map(|n| (n.clone(), Phase::New)).collect();
    let progress = Progress::start();
    let note = |phases: &mut BTreeMap<String, Phase>, o: &Value, io: &mut Io<'_>| {
        let name = o["metadata"]["name"].as_str().unwrap_or_default();
        let Some(known) = phases.get_mut(name) else {
            return;
        };
        let now = Phase::of(&o["status"]);
        if *known != now {
            let _ = writeln!(io.err, "velero backup {velero_namespace}/{name}: {now}");
            *known = now;
        }
    };
    for o in &listed {
        note(&mut phases, o, io);
    }
    let mut follow = Follow::new(cluster, velero::BACKUPS, Some(velero_namespace), None, rv);
    while !phases.values().all(Phase::is_final) {
        progress.say(summary(&phases));
        match follow.next().await? {
            Change::Event(WatchEvent::Added(o) | WatchEvent::Modified(o)) => {
                note(&mut phases, &o, io);
            }
            Change::Event(WatchEvent::Deleted(o)) => {
                let name = o["metadata"]["name"].as_str().unwrap_or_default();
                if phases.contains_key(name) {
                    return Err(Error::Other(format!(
                        "Velero backup {velero_namespace}/{name} was deleted while claw waited for it"
                    )));
                }
            }
            Change::Event(_) => {}
            Change::Relisted(objects) => objects.iter().for_each(|o| note(&mut phases, o, io)),
            Change::Interrupted(why) => {
                let _ = writeln!(
                    io.err,
                    "warning: lost the API server ({why}); still waiting"
                );
            }
        }
    }
    drop(progress);
    Ok(phases)
}

/// The Velero backups and their phases, as a table.
pub fn table(backups: &[VeleroEntry], output: &OutputOptions) -> String {
    let mut table = Table::new(vec!["NAMESPACE", "NAME", "PHASE"]);
    for b in backups {
        let phase = b.phase.as_deref().unwrap_or("-");
        let tone = match phase {
            "Completed" => Tone::Good,
            "PartiallyFailed" => Tone::Warn,
            _ => Tone::Bad,
        };
        table.row(vec![
            (b.namespace.clone(), Tone::Plain),
            (b.name.clone(), Tone::Plain),
            (phase.to_string(), tone),
        ]);
    }
    table.render(!output.no_headers, output.color)
}

fn summary(phases: &BTreeMap<String, Phase>) -> String {
    let done = phases.values().filter(|p| p.is_final()).count();
    format!("waiting for Velero: {done}/{} backups done …", phases.len())
}
