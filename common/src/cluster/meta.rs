//! The metadata claw reads of any object, whatever its kind: decoding only these fields keeps
//! large lists cheap.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ObjectMeta {
    #[serde(default)]
    pub name: String,
    /// Empty for cluster-scoped objects.
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(rename = "creationTimestamp", default)]
    pub creation_timestamp: Option<jiff::Timestamp>,
    #[serde(default)]
    pub uid: String,
    #[serde(rename = "resourceVersion", default)]
    pub resource_version: String,
}
