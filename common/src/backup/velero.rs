//! Velero, the cluster backup tool ClawMachine's guide names for bots' volumes: the
//! `velero.io/v1` Backup objects claw creates (`backup --velero`), follows (`--wait`), and
//! reads back (doctor's "newest backup of this namespace", restore's `velero restore` line).
//! Building and judging them are pure functions; the few requests are at the end.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::cluster::{Cluster, ObjectMeta, Resource};
use crate::error::{Error, Result};
use crate::fleet::bot::labels;

pub const GROUP: &str = "velero.io";
pub const DEFAULT_NAMESPACE: &str = "velero";
pub const BACKUPS: Resource = Resource {
    group: GROUP,
    version: "v1",
    plural: "backups",
};
/// Marks the Backups claw made, and which bot namespace each covers.
pub const MADE_BY_LABEL: &str = "app.kubernetes.io/created-by";
pub const MADE_BY: &str = "claw";
pub const NAMESPACE_LABEL: &str = "claw.clawmachine.dev/namespace";

/// What a Backup should cover, and how Velero should take the volumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupRequest {
    /// The bot namespace.
    pub namespace: String,
    /// The bots' release names there (their `app.kubernetes.io/instance`).
    pub instances: Vec<String>,
    /// `spec.snapshotVolumes`; `None` leaves Velero's default.
    pub snapshot_volumes: Option<bool>,
    /// `spec.defaultVolumesToFsBackup`: file-system backup of every volume (no snapshots needed).
    pub fs_backup: bool,
    /// `spec.ttl` (e.g. `720h0m0s`); `None` leaves Velero's default (30 days).
    pub ttl: Option<String>,
    /// `spec.storageLocation`; `None` uses the default BackupStorageLocation.
    pub storage_location: Option<String>,
}

/// The Backup object for `request`, named `name`, in Velero's namespace.
pub fn backup_object(name: &str, velero_namespace: &str, request: &BackupRequest) -> Value {
    let mut instances = request.instances.clone();
    instances.sort();
    instances.dedup();
    let mut spec = json!({
        "includedNamespaces": [request.namespace],
        "labelSelector": {"matchExpressions": [{
            "key": labels::INSTANCE,
            "operator": "In",
            "values": instances,
        }]},
    });
    if let Some(s) = request.snapshot_volumes {
        spec["snapshotVolumes"] = json!(s);
    }
    if request.fs_backup {
        spec["defaultVolumesToFsBackup"] = json!(true);
    }
    if let Some(ttl) = &request.ttl {
        spec["ttl"] = json!(ttl);
    }
    if let Some(loc) = &request.storage_location {
        spec["storageLocation"] = json!(loc);
    }
    json!({
        "apiVersion": "velero.io/v1",
        "kind": "Backup",
        "metadata": {
            "name": name,
            "namespace": velero_namespace,
            "labels": {MADE_BY_LABEL: MADE_BY, NAMESPACE_LABEL: request.namespace},
        },
        "spec": spec,
    })
}

/// `claw-NAMESPACE-YYYYMMDD-HHMMSS` (UTC), cut to fit a Kubernetes name (63 characters).
pub fn backup_name(namespace: &str, now: jiff::Timestamp) -> String {
    let stamp = now.strftime("%Y%m%d-%H%M%S").to_string();
    let room = 63 - "claw--".len() - stamp.len();
    let ns: String = namespace.chars().take(room).collect();
    format!("claw-{}-{stamp}", ns.trim_end_matches('-'))
}

/// A Backup's phase, as Velero reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Not picked up by the Velero server yet (`New`, or no status at all).
    New,
    /// `InProgress`, `WaitingForPluginOperations…`, `Finalizing…`.
    Running(String),
    Completed,
    PartiallyFailed,
    Failed(String),
}

impl Phase {
    pub fn of(status: &Value) -> Phase {
        match status["phase"].as_str().unwrap_or("") {
            "" | "New" => Phase::New,
            "Completed" => Phase::Completed,
            "PartiallyFailed" => Phase::PartiallyFailed,
            p @ ("Failed" | "FailedValidation") => Phase::Failed(
                status["failureReason"]
                    .as_str()
                    .or_else(|| {
                        status["validationErrors"]
                            .as_array()
                            .and_then(|e| e.first())
                            .and_then(Value::as_str)
                    })
                    .map(|r| format!("{p}: {r}"))
                    .unwrap_or_else(|| p.to_string()),
            ),
            other => Phase::Running(other.to_string()),
        }
    }

    /// Velero is done with it, one way or the other.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Phase::Completed | Phase::PartiallyFailed | Phase::Failed(_)
        )
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Phase::New => f.write_str("New"),
            Phase::Running(p) => f.write_str(p),
            Phase::Completed => f.write_str("Completed"),
            Phase::PartiallyFailed => f.write_str("PartiallyFailed"),
            Phase::Failed(why) => f.write_str(why),
        }
    }
}

/// A Backup as read back.
#[derive(Debug, Clone, Deserialize)]
pub struct VeleroBackup {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: Value,
    #[serde(default)]
    pub status: Value,
}

impl VeleroBackup {
    pub fn phase(&self) -> Phase {
        Phase::of(&self.status)
    }

    /// Whether it includes `namespace`: listed, or all namespaces (none listed, or `*`), and
    /// not excluded.
    pub fn covers(&self, namespace: &str) -> bool {
        let names = |field: &str| -> Vec<String> {
            self.spec[field]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let included = names("includedNamespaces");
        let all = included.is_empty() || included.iter().any(|n| n == "*");
        (all || included.iter().any(|n| n == namespace))
            && !names("excludedNamespaces").iter().any(|n| n == namespace)
    }

    /// When it was taken: the start of the backup, else the object's creation.
    pub fn taken(&self) -> Option<jiff::Timestamp> {
        self.status["startTimestamp"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .or(self.metadata.creation_timestamp)
    }
}

/// The newest Backup covering each of `namespaces` (none for a namespace no backup covers).
pub fn newest_covering<'a>(
    backups: &'a [VeleroBackup],
    namespaces: &[String],
) -> BTreeMap<String, Option<&'a VeleroBackup>> {
    namespaces
        .iter()
        .map(|ns| {
            let newest = backups
                .iter()
                .filter(|b| b.covers(ns))
                .max_by_key(|b| (b.taken(), b.metadata.name.clone()));
            (ns.clone(), newest)
        })
        .collect()
}

/// The `velero restore` command that brings back `bot`'s objects and volumes from `backup`,
/// before claw re-creates its release (Helm adopts what Velero restored).
pub fn restore_command(backup: &str, namespace: &str, bot: &str) -> String {
    format!(
        "velero restore create --from-backup {backup} --include-namespaces {namespace} --selector {}={bot}",
        labels::INSTANCE
    )
}

/// Whether the cluster serves Velero's API (its CRDs are installed).
pub async fn installed(cluster: &Cluster) -> Result<bool> {
    match cluster
        .get_json::<Value>(
            "discover API group velero.io",
            &crate::cluster::group_path("velero.io"),
        )
        .await
    {
        Ok(_) => Ok(true),
        Err(Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The line and exit code when Velero is needed and absent.
pub fn not_installed() -> Error {
    Error::Other(
        "Velero is not installed in this cluster (no velero.io API): install it (https://velero.io/docs/main/basic-install/) or back the volumes up another way".into(),
    )
}

/// Every Backup in Velero's namespace.
pub async fn list(cluster: &Cluster, velero_namespace: &str) -> Result<Vec<VeleroBackup>> {
    cluster
        .list::<VeleroBackup>(&BACKUPS, Some(velero_namespace), None)
        .await
}

/// Creates one Backup.
pub async fn create(cluster: &Cluster, object: &Value) -> Result<VeleroBackup> {
    let ns = object["metadata"]["namespace"].as_str().unwrap_or_default();
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    cluster
        .create(
            &format!("create Velero Backup {ns}/{name}"),
            &BACKUPS.path(Some(ns)),
            object,
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(name: &str, spec: Value, status: Value) -> VeleroBackup {
        serde_json::from_value(json!({"metadata": {"name": name, "namespace": "velero"}, "spec": spec, "status": status})).unwrap()
    }

    #[test]
    fn a_backup_object_covers_the_bots_and_says_how_to_take_volumes() {
        let req = BackupRequest {
            namespace: "claw-machine".into(),
            instances: vec!["pico".into(), "iron".into()],
            snapshot_volumes: Some(false),
            fs_backup: true,
            ttl: None,
            storage_location: Some("s3".into()),
        };
        let o = backup_object("claw-claw-machine-20261125-143000", "velero", &req);
        assert_eq!(o["metadata"]["namespace"], "velero");
        assert_eq!(o["spec"]["includedNamespaces"], json!(["claw-machine"]));
        assert_eq!(
            o["spec"]["labelSelector"]["matchExpressions"][0],
            json!({"key": "app.kubernetes.io/instance", "operator": "In", "values": ["iron", "pico"]})
        );
        assert_eq!(o["spec"]["snapshotVolumes"], false);
        assert_eq!(o["spec"]["defaultVolumesToFsBackup"], true);
        assert_eq!(o["spec"]["storageLocation"], "s3");
        assert!(o["spec"].get("ttl").is_none());
    }

    #[test]
    fn names_carry_the_namespace_and_time_and_fit_kubernetes() {
        let t: jiff::Timestamp = "2026-11-25T14:30:00Z".parse().unwrap();
        assert_eq!(
            backup_name("claw-machine", t),
            "claw-claw-machine-20261125-143000"
        );
        let long = backup_name(&"n".repeat(80), t);
        assert!(
            long.len() <= 63 && long.ends_with("-20261125-143000"),
            "{long}"
        );
    }

    #[test]
    fn phases_and_coverage() {
        assert_eq!(Phase::of(&json!({})), Phase::New);
        assert_eq!(
            Phase::of(&json!({"phase": "InProgress"})),
            Phase::Running("InProgress".into())
        );
        assert!(Phase::of(&json!({"phase": "PartiallyFailed"})).is_final());
        assert_eq!(
            Phase::of(&json!({"phase": "Failed", "failureReason": "no storage"})).to_string(),
            "Failed: no storage"
        );
        let all = backup("a", json!({}), json!({}));
        let star = backup(
            "b",
            json!({"includedNamespaces": ["*"], "excludedNamespaces": ["x"]}),
            json!({}),
        );
        let one = backup("c", json!({"includedNamespaces": ["bots"]}), json!({}));
        assert!(all.covers("bots") && star.covers("bots") && !star.covers("x"));
        assert!(one.covers("bots") && !one.covers("other"));
    }

    #[test]
    fn the_newest_covering_backup_is_found_per_namespace() {
        let old = backup(
            "old",
            json!({"includedNamespaces": ["bots"]}),
            json!({"startTimestamp": "2026-11-01T00:00:00Z", "phase": "Completed"}),
        );
        let new = backup(
            "new",
            json!({"includedNamespaces": ["bots"]}),
            json!({"startTimestamp": "2026-11-20T00:00:00Z", "phase": "Failed"}),
        );
        let other = backup(
            "other",
            json!({"includedNamespaces": ["x"]}),
            json!({"startTimestamp": "2026-11-24T00:00:00Z"}),
        );
        let backups = [old, new, other];
        let found = newest_covering(&backups, &["bots".into(), "none".into()]);
        assert_eq!(found["bots"].unwrap().metadata.name, "new");
        assert!(found["none"].is_none());
    }
}
