//! The PersistentVolumeClaims that hold bots' data: what uninstall destroys and backup lists.

use serde::{Deserialize, Serialize};

use crate::cluster::{Cluster, Resource, Scope};
use crate::error::Result;
use crate::fleet::bot::{Bot, labels};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    pub namespace: String,
    pub name: String,
    /// The release it belongs to.
    pub release: String,
    pub size: String,
    pub storage_class: String,
    pub phase: String,
}

#[derive(Deserialize)]
struct PvcLite {
    metadata: crate::cluster::ObjectMeta,
    #[serde(default)]
    spec: serde_json::Value,
    #[serde(default)]
    status: serde_json::Value,
}

/// The claims of `bots` (by the release's instance label, database included), sorted.
pub async fn of_bots(cluster: &Cluster, scope: &Scope, bots: &[&Bot]) -> Result<Vec<Volume>> {
    let pvcs = scope
        .list::<PvcLite>(cluster, &Resource::PVCS, Some(labels::INSTANCE))
        .await?
        .items;
    let mut out: Vec<Volume> = pvcs
        .into_iter()
        .filter_map(|p| {
            let release = p.metadata.labels.get(labels::INSTANCE)?.clone();
            bots.iter()
                .any(|b| b.namespace == p.metadata.namespace && b.name == release)
                .then(|| Volume {
                    size: p.spec["resources"]["requests"]["storage"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    storage_class: p.spec["storageClassName"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    phase: p.status["phase"].as_str().unwrap_or("").to_string(),
                    namespace: p.metadata.namespace,
                    name: p.metadata.name,
                    release,
                })
        })
        .collect();
    out.sort();
    Ok(out)
}
