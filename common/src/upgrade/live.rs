//! The live objects of releases, read for drift: the kinds people change by hand (Deployments,
//! Services, ConfigMaps, PersistentVolumeClaims, NetworkPolicies, CronJobs — never Secrets,
//! whose values claw does not read), one LIST per kind whatever the number of releases — of one
//! release's objects (`app.kubernetes.io/instance=NAME` in its namespace) or of every release's
//! in scope — then judged per release by [`drift::object_drift`]. A LIST that is forbidden or
//! fails leaves a note instead of drift: the plan goes on without it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::drift::{self, Drift};
use super::safety;
use crate::cluster::{Connected, Resource};
use crate::error::{Error, Result};
use crate::fleet::bot::labels;

/// The manifest kinds whose live objects claw compares, and their API resources.
const KINDS: [(&str, Resource); 6] = [
    ("Deployment", Resource::DEPLOYMENTS),
    ("Service", Resource::SERVICES),
    ("ConfigMap", Resource::CONFIGMAPS),
    ("PersistentVolumeClaim", Resource::PVCS),
    ("NetworkPolicy", Resource::NETWORK_POLICIES),
    ("CronJob", Resource::CRONJOBS),
];

/// Whether claw compares the live objects of a manifest kind.
fn compared(kind: &str) -> bool {
    KINDS.iter().any(|(k, _)| *k == kind)
}

/// Whose live objects to list.
#[derive(Debug, Clone, Copy)]
pub enum Reach<'a> {
    /// One release's: its namespace, its instance label.
    Release { namespace: &'a str, name: &'a str },
    /// Every release's in the command's scope.
    Scope,
}

/// Live objects by namespace and `Kind/name`, and which kinds could be listed.
#[derive(Debug, Default)]
pub struct LiveObjects {
    objects: BTreeMap<(String, String), Value>,
    listed: BTreeSet<&'static str>,
    /// The kinds that could not be listed, and why.
    pub notes: Vec<String>,
}

/// What the live objects of one release say.
#[derive(Debug, Clone, Default)]
pub struct LiveDrift {
    pub drift: Vec<Drift>,
    /// Why some objects could not be compared (a forbidden LIST), once per cause.
    pub notes: Vec<String>,
}

/// Lists the live objects `reach` names: six LISTs, concurrently.
pub async fn list_live(c: &Connected, reach: Reach<'_>) -> LiveObjects {
    let lists = futures::future::join_all(
        KINDS
            .iter()
            .map(|(kind, resource)| async move { (*kind, list(c, resource, reach).await) }),
    )
    .await;
    let mut out = LiveObjects::default();
    for ((kind, listed), (_, resource)) in lists.into_iter().zip(KINDS.iter()) {
        let plural = resource.plural;
        match listed {
            Ok(items) => {
                out.listed.insert(kind);
                for o in items {
                    let ns = o["metadata"]["namespace"].as_str().unwrap_or_default();
                    let name = o["metadata"]["name"].as_str().unwrap_or_default();
                    out.objects
                        .insert((ns.to_string(), format!("{kind}/{name}")), o);
                }
            }
            Err(Error::Forbidden { .. }) => out.notes.push(format!(
                "drift not checked for {kind} objects: no permission to list {plural}"
            )),
            Err(e) => out
                .notes
                .push(format!("drift not checked for {kind} objects: {e}")),
        }
    }
    out
}

async fn list(c: &Connected, resource: &Resource, reach: Reach<'_>) -> Result<Vec<Value>> {
    match reach {
        Reach::Release { namespace, name } => {
            let selector = format!("{}={name}", labels::INSTANCE);
            c.cluster
                .list(resource, Some(namespace), Some(&selector))
                .await
        }
        Reach::Scope => Ok(c
            .scope
            .list(&c.cluster, resource, Some(labels::INSTANCE))
            .await?
            .items),
    }
}

/// The drift of release `name` in `namespace`, whose deployed manifest is `deployed`, against
/// the manifest the operation writes (`next`; `None` when nothing is about to be written). An
/// object the LIST lacks counts as deleted on the cluster when the manifest gives it the
/// release's instance label (which the LIST asked for); otherwise it is not judged.
pub fn judge(
    (namespace, name): (&str, &str),
    deployed: &str,
    next: Option<&str>,
    live: &LiveObjects,
) -> LiveDrift {
    let next = next.map(safety::objects);
    let mut out = LiveDrift {
        drift: Vec::new(),
        notes: live.notes.clone(),
    };
    for (key, object) in &safety::objects(deployed) {
        let kind = key.split('/').next().unwrap_or_default();
        if !compared(kind) || !live.listed.contains(kind) {
            continue;
        }
        let ns = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or(namespace);
        let found = live.objects.get(&(ns.to_string(), key.clone()));
        let labelled = object["metadata"]["labels"][labels::INSTANCE] == name;
        if found.is_none() && !labelled {
            continue;
        }
        let written = match &next {
            Some(n) => n.get(key),
            None => Some(object),
        };
        out.drift
            .extend(drift::object_drift(key, object, found, written));
    }
    out
}
