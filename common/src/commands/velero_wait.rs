//! `backup --velero --wait`: follows the Backups just created until Velero is done with each
//! (Completed, PartiallyFailed or Failed), saying every phase change on stderr, then a table.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::backup::velero::{self, Phase};
use crate::cluster::Cluster;
use crate::cluster::watch::{Change, Follow, WatchEvent};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::progress::Progress;
use crate::output::{Io, Table, Tone};

pub async fn wait(
    cluster: &Cluster,
    velero_namespace: &str,
    names: &[String],
    color: bool,
    io: &mut Io<'_>,
) -> Result<Exit> {
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
    let mut table = Table::new(vec!["NAMESPACE", "NAME", "PHASE"]);
    for (name, phase) in &phases {
        let tone = match phase {
            Phase::Completed => Tone::Good,
            Phase::PartiallyFailed => Tone::Warn,
            _ => Tone::Bad,
        };
        table.row(vec![
            (velero_namespace.to_string(), Tone::Plain),
            (name.clone(), Tone::Plain),
            (phase.to_string(), tone),
        ]);
    }
    let _ = io.print(&table.render(true, color));
    let failed = phases.values().any(|p| *p != Phase::Completed);
    Ok(Exit::failed_if(failed))
}

fn summary(phases: &BTreeMap<String, Phase>) -> String {
    let done = phases.values().filter(|p| p.is_final()).count();
    format!("waiting for Velero: {done}/{} backups done …", phases.len())
}
