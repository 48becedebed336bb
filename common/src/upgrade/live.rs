//! The live objects of a release, read for drift: each object of its deployed manifest that
//! people change by hand (Deployments, Services, ConfigMaps, PersistentVolumeClaims,
//! NetworkPolicies, CronJobs — never Secrets, whose values claw does not read) fetched with one
//! GET, a few at a time, and judged by [`drift::object_drift`]. A read that is forbidden or
//! fails leaves a note instead of drift: the plan goes on without it.

use std::collections::BTreeMap;

use futures::StreamExt;
use serde_json::Value;

use super::drift::{self, Drift};
use super::safety;
use crate::cluster::{Connected, Resource};
use crate::error::Error;
use crate::fleet::bot::labels;

/// GETs of one release's objects run this many at once.
const READ_CONCURRENCY: usize = 4;

/// What the live objects of one release say.
#[derive(Debug, Clone, Default)]
pub struct LiveDrift {
    pub drift: Vec<Drift>,
    /// Why some objects could not be compared (forbidden, failed reads), once per cause.
    pub notes: Vec<String>,
}

/// The manifest kinds whose live objects claw compares, and their API resources.
const KINDS: [(&str, Resource); 6] = [
    ("Deployment", Resource::DEPLOYMENTS),
    ("Service", Resource::SERVICES),
    ("ConfigMap", Resource::CONFIGMAPS),
    ("PersistentVolumeClaim", Resource::PVCS),
    ("NetworkPolicy", Resource::NETWORK_POLICIES),
    ("CronJob", Resource::CRONJOBS),
];

/// The API resource of a manifest kind whose live object claw compares.
fn resource_of(kind: &str) -> Option<Resource> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, r)| *r)
}

/// The drift of the release in `namespace` whose deployed manifest is `deployed`, against the
/// manifest the operation writes (`next`; `None` when nothing is about to be written).
pub async fn release_drift(
    c: &Connected,
    namespace: &str,
    deployed: &str,
    next: Option<&str>,
) -> LiveDrift {
    let next = next.map(safety::objects);
    let objects = safety::objects(deployed);
    let reads = objects.iter().filter_map(|(key, object)| {
        let kind = key.split('/').next()?;
        let resource = resource_of(kind)?;
        let ns = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or(namespace);
        let name = object["metadata"]["name"].as_str()?;
        Some((key, object, resource.named(Some(ns), name)))
    });
    let answers: Vec<(&String, &Value, Result<Value, Error>)> = futures::stream::iter(reads)
        .map(|(key, object, path)| async move {
            let what = format!("get {key} (live, for drift)");
            (key, object, c.cluster.get_json::<Value>(&what, &path).await)
        })
        .buffered(READ_CONCURRENCY)
        .collect()
        .await;
    let mut out = LiveDrift::default();
    for (key, object, answer) in answers {
        let next = match &next {
            Some(n) => n.get(key),
            None => Some(object),
        };
        match answer {
            Ok(live) => out
                .drift
                .extend(drift::object_drift(key, object, Some(&live), next)),
            Err(Error::NotFound { .. }) => out
                .drift
                .extend(drift::object_drift(key, object, None, next)),
            Err(Error::Forbidden { .. }) => note(
                &mut out.notes,
                format!(
                    "drift not checked for {}s: no permission to get them",
                    key.split('/').next().unwrap_or_default()
                ),
            ),
            Err(e) => note(&mut out.notes, format!("drift not checked for {key}: {e}")),
        }
    }
    out
}

/// The live objects of every release in scope, by namespace, `Kind/name`: one LIST per kind
/// claw compares, of the objects labelled with a release instance (a fixed number of requests
/// for any fleet, as doctor keeps to).
#[derive(Debug, Default)]
pub struct LiveObjects {
    pub objects: BTreeMap<(String, String), Value>,
    /// Kinds that could not be listed, and why.
    pub notes: Vec<String>,
}

pub async fn list_live(c: &Connected) -> LiveObjects {
    let lists = futures::future::join_all(KINDS.iter().map(|(kind, resource)| async move {
        let listed = c
            .scope
            .list::<Value>(&c.cluster, resource, Some(labels::INSTANCE))
            .await;
        (*kind, listed)
    }))
    .await;
    let mut out = LiveObjects::default();
    for (kind, listed) in lists {
        match listed {
            Ok(l) => {
                for o in l.items {
                    let ns = o["metadata"]["namespace"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    let name = o["metadata"]["name"].as_str().unwrap_or_default();
                    out.objects.insert((ns, format!("{kind}/{name}")), o);
                }
            }
            Err(Error::Forbidden { .. }) => note(
                &mut out.notes,
                format!("drift not checked for {kind}s: no permission to list them"),
            ),
            Err(e) => note(
                &mut out.notes,
                format!("drift not checked for {kind}s: {e}"),
            ),
        }
    }
    out
}

/// The drift of the release in `namespace` whose deployed manifest is `deployed`, against
/// objects listed by [`list_live`]. An object the list lacks is not judged (it may just lack
/// the instance label the list asked for).
pub fn judge(namespace: &str, deployed: &str, live: &LiveObjects) -> Vec<Drift> {
    safety::objects(deployed)
        .iter()
        .filter(|(key, _)| key.split('/').next().and_then(resource_of).is_some())
        .filter_map(|(key, object)| {
            let ns = object["metadata"]["namespace"]
                .as_str()
                .unwrap_or(namespace);
            let found = live.objects.get(&(ns.to_string(), key.clone()))?;
            Some(drift::object_drift(key, object, Some(found), None))
        })
        .flatten()
        .collect()
}

fn note(notes: &mut Vec<String>, n: String) {
    if !notes.contains(&n) {
        notes.push(n);
    }
}
