//! An inventory kept current: listed once, then followed through three watches — the release
//! Secrets (metadata only: a changed revision is fetched, like the cache does), pods and
//! Deployments — each surviving expiry (410: listed again) and API server restarts (reconnect).
//! `status -w` and `bots -w` redraw from it; the join is the same as a one-off run's.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;
use serde::Deserialize;
use serde_json::Value;

use crate::cluster::Connected;
use crate::cluster::watch::{Change, Follow, WatchEvent};
use crate::cluster::{ListForm, Listed, ObjectMeta, Resource};
use crate::error::{Error, Result};
use crate::fleet::inventory::{
    self, DeploymentEntry, DeploymentLite, DiscoverOptions, Inventory, PodEntry,
};
use crate::releases::fetch;
use crate::releases::storage::{self, Keep, RELEASE_SELECTOR, ReleaseRecord, ReleaseSecret};

/// What changed, as far as a display is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// The objects changed (maybe not what is shown: the display decides).
    Objects,
    /// The API server went away; following goes on by itself.
    Lost(String),
}

pub struct Live<'a> {
    c: &'a Connected,
    opts: DiscoverOptions,
    /// By uid.
    releases: BTreeMap<String, ReleaseRecord>,
    pods: BTreeMap<String, PodEntry>,
    deployments: BTreeMap<String, DeploymentEntry>,
    watch_releases: Follow<'a>,
    watch_pods: Follow<'a>,
    watch_deployments: Follow<'a>,
}

#[derive(Deserialize)]
struct MetadataOnly {
    metadata: ObjectMeta,
}

impl<'a> Live<'a> {
    /// Lists everything once, and gets ready to follow from there.
    pub async fn start(c: &'a Connected, opts: DiscoverOptions) -> Result<Live<'a>> {
        let workload_selector = inventory::workload_selector(&opts);
        let (rels, pods, deployments) = tokio::join!(
            fetch::fetch(c, Keep::Summary),
            list_pods(c, &workload_selector),
            list_deployments(c, &workload_selector),
        );
        let (rels, pods, deployments) = (rels?, pods?, deployments?);
        let rv = |l: Option<&String>| {
            l.cloned()
                .ok_or_else(|| crate::cluster::watch::needs_cluster_wide_list(None))
        };
        let watch = |resource: Resource, selector: &str, rv: String| {
            Follow::new(
                &c.cluster,
                resource,
                c.scope.namespace(),
                Some(selector),
                rv,
            )
        };
        Ok(Live {
            watch_releases: watch(
                c.driver.resource(),
                RELEASE_SELECTOR,
                rv(rels.resource_version.as_ref())?,
            )
            .metadata_only(),
            watch_pods: watch(
                Resource::PODS,
                &workload_selector,
                rv(pods.resource_version.as_ref())?,
            ),
            watch_deployments: watch(
                Resource::DEPLOYMENTS,
                &workload_selector,
                rv(deployments.resource_version.as_ref())?,
            ),
            releases: rels.items.into_iter().map(|r| (r.uid.clone(), r)).collect(),
            pods: pods.items.into_iter().collect(),
            deployments: deployments.items.into_iter().collect(),
            c,
            opts,
        })
    }

    /// The inventory as it stands.
    pub fn inventory(&self) -> Result<Inventory> {
        inventory::join(
            inventory::Listings {
                driver: self.c.driver,
                releases: listed(storage::latest(self.releases.values().cloned().collect())),
                pods: listed(self.pods.values().cloned().collect()),
                deployments: listed(self.deployments.values().cloned().collect()),
            },
            &self.opts,
        )
    }

    /// Waits for the next change on any of the three watches, and applies it.
    pub async fn next(&mut self) -> Result<Update> {
        tokio::select! {
            change = self.watch_releases.next() => self.apply_release(change?).await,
            change = self.watch_pods.next() => Ok(apply(&mut self.pods, change?, pod_entry)),
            change = self.watch_deployments.next() => {
                Ok(apply(&mut self.deployments, change?, deployment_entry))
            }
        }
    }

    async fn apply_release(&mut self, change: Change) -> Result<Update> {
        let meta = match change {
            Change::Interrupted(why) => return Ok(Update::Lost(why)),
            Change::Relisted(_) => {
                // History gone: list again (the cache keeps it cheap).
                let listed = fetch::fetch(self.c, Keep::Summary).await?;
                self.releases = listed
                    .items
                    .into_iter()
                    .map(|r| (r.uid.clone(), r))
                    .collect();
                return Ok(Update::Objects);
            }
            Change::Event(WatchEvent::Deleted(o)) => {
                if let Some(uid) = o["metadata"]["uid"].as_str() {
                    self.releases.remove(uid);
                }
                return Ok(Update::Objects);
            }
            Change::Event(WatchEvent::Added(o) | WatchEvent::Modified(o)) => {
                serde_json::from_value::<MetadataOnly>(o)
                    .map_err(|e| Error::BadResponse {
                        what: "watch release Secrets".into(),
                        detail: e.to_string(),
                    })?
                    .metadata
            }
            Change::Event(_) => return Ok(Update::Objects),
        };
        self.refresh_release(meta).await?;
        Ok(Update::Objects)
    }

    /// Takes in a release record the watch says changed: fetched again when it is a current
    /// revision the live view does not hold at this resourceVersion, dropped when it is not.
    async fn refresh_release(&mut self, meta: ObjectMeta) -> Result<()> {
        let current = meta.labels.get("status").map(String::as_str) != Some("superseded")
            && meta.labels.get("owner").map(String::as_str) == Some("helm")
            && storage::release_of(&meta).is_some();
        if !current {
            self.releases.remove(&meta.uid);
            return Ok(());
        }
        if self
            .releases
            .get(&meta.uid)
            .is_some_and(|r| r.resource_version == meta.resource_version)
        {
            return Ok(());
        }
        let path = self
            .c
            .driver
            .resource()
            .named(Some(&meta.namespace), &meta.name);
        let what = format!("get release {}/{}", meta.namespace, meta.name);
        match self.c.cluster.get_json::<ReleaseSecret>(&what, &path).await {
            Ok(s) => {
                if let Some(r) = storage::record_of(s, self.c.driver, Keep::Summary) {
                    self.releases.insert(r.uid.clone(), r);
                }
            }
            Err(Error::NotFound { .. }) => {
                self.releases.remove(&meta.uid);
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
}

fn listed<T>(items: Vec<T>) -> Result<Listed<T>> {
    Ok(Listed {
        items,
        fell_back_to: None,
        resource_version: None,
    })
}

/// Applies a pod or Deployment change to `map` (by uid).
fn apply<T>(
    map: &mut BTreeMap<String, T>,
    change: Change,
    entry: fn(Value) -> Option<(String, T)>,
) -> Update {
    match change {
        Change::Interrupted(why) => return Update::Lost(why),
        Change::Relisted(items) => *map = items.into_iter().filter_map(entry).collect(),
        Change::Event(WatchEvent::Added(o) | WatchEvent::Modified(o)) => {
            let uid = o["metadata"]["uid"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            match entry(o) {
                Some((uid, e)) => {
                    map.insert(uid, e);
                }
                // No longer a release's: as good as gone.
                None => {
                    map.remove(&uid);
                }
            }
        }
        Change::Event(WatchEvent::Deleted(o)) => {
            if let Some(uid) = o["metadata"]["uid"].as_str() {
                map.remove(uid);
            }
        }
        Change::Event(_) => {}
    }
    Update::Objects
}

fn pod_entry(o: Value) -> Option<(String, PodEntry)> {
    let pod: Pod = serde_json::from_value(o).ok()?;
    let uid = pod.metadata.uid.clone()?;
    Some((uid, PodEntry::of(&pod)?))
}

fn deployment_entry(o: Value) -> Option<(String, DeploymentEntry)> {
    let d: DeploymentLite = serde_json::from_value(o).ok()?;
    let uid = d.uid().to_string();
    Some((uid, DeploymentEntry::of(d)?))
}

async fn list_pods(c: &Connected, selector: &str) -> Result<Listed<(String, PodEntry)>> {
    c.scope
        .list_map(
            &c.cluster,
            &Resource::PODS,
            Some(selector),
            ListForm::Full,
            |p: Pod| {
                let uid = p.metadata.uid.clone()?;
                Some((uid, PodEntry::of(&p)?))
            },
        )
        .await
}

async fn list_deployments(
    c: &Connected,
    selector: &str,
) -> Result<Listed<(String, DeploymentEntry)>> {
    c.scope
        .list_map(
            &c.cluster,
            &Resource::DEPLOYMENTS,
            Some(selector),
            ListForm::Full,
            |d: DeploymentLite| {
                let uid = d.uid().to_string();
                Some((uid, DeploymentEntry::of(d)?))
            },
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::bot::labels;
    use serde_json::json;

    #[test]
    fn pod_changes_are_applied_by_uid() {
        let pod = |uid: &str, phase: &str| {
            json!({"metadata": {"name": "p", "namespace": "bots", "uid": uid,
                "labels": {labels::INSTANCE: "pico", labels::BOT_TYPE: "picoclaw"}},
                "spec": {"containers": [{"name": "c"}]}, "status": {"phase": phase}})
        };
        let mut map = BTreeMap::new();
        apply(
            &mut map,
            Change::Event(WatchEvent::Added(pod("u1", "Pending"))),
            pod_entry,
        );
        assert_eq!(map.len(), 1);
        apply(
            &mut map,
            Change::Event(WatchEvent::Modified(pod("u1", "Running"))),
            pod_entry,
        );
        assert_eq!(map.len(), 1);
        apply(
            &mut map,
            Change::Relisted(vec![pod("u2", "Running")]),
            pod_entry,
        );
        assert_eq!(map.keys().collect::<Vec<_>>(), ["u2"]);
        apply(
            &mut map,
            Change::Event(WatchEvent::Deleted(pod("u2", "Running"))),
            pod_entry,
        );
        assert!(map.is_empty());
        assert_eq!(
            apply(&mut map, Change::Interrupted("gone".into()), pod_entry),
            Update::Lost("gone".into())
        );
    }
}
