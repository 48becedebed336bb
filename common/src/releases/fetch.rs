//! The Helm releases in scope, fetched as cheaply as what the command needs allows.
//!
//! With the user's values (upgrade, backup, restore): one paged LIST of the release Secrets
//! that are not superseded, each page decoded and dropped. Without them (status and every read
//! command): on the first run the same LIST, remembered in the [`ReleaseCache`]; after that a
//! metadata-only LIST (names, labels, uids, resourceVersions: a few hundred bytes a release
//! instead of its payload), and a GET for each latest revision the cache has not seen — or the
//! full LIST again when so many changed that one LIST is cheaper.

use futures::StreamExt;
use serde::Deserialize;

use crate::cluster::Connected;
use crate::cluster::{ListForm, Listed, ObjectMeta, Scope};
use crate::error::{Error, Result};
use crate::releases::cache::ReleaseCache;
use crate::releases::storage::{self, Keep, RELEASE_SELECTOR, ReleaseRecord, ReleaseSecret};

/// GETs run this many at once.
const GET_CONCURRENCY: usize = 16;
/// Up to this many changed releases are fetched one by one; more, and the full LIST is cheaper.
const MOST_GETS: usize = 32;

/// The latest revision of every release in scope, decoded as `keep` says.
pub async fn fetch(c: &Connected, keep: Keep) -> Result<Listed<ReleaseRecord>> {
    match (keep, &c.cache_dir) {
        (Keep::Summary, Some(dir)) => {
            let mut cache = ReleaseCache::open(dir, &c.cluster.server, c.driver);
            let listed = if cache.found {
                warm(c, &mut cache).await?
            } else {
                full(c, Keep::Summary).await?
            };
            cache.save(&listed.items, |ns| in_scope(&c.scope, &listed, ns));
            Ok(listed)
        }
        _ => full(c, keep).await,
    }
}

/// Whether this run could see namespace `ns` (so a release missing there is gone).
fn in_scope<T>(scope: &Scope, listed: &Listed<T>, ns: &str) -> bool {
    match (scope, &listed.fell_back_to) {
        (Scope::Namespace(n), _) => n == ns,
        (Scope::AllNamespaces { .. }, Some(read)) => read.iter().any(|r| r == ns),
        (Scope::AllNamespaces { .. }, None) => true,
    }
}

/// One paged LIST of the release Secrets, each decoded as it comes.
async fn full(c: &Connected, keep: Keep) -> Result<Listed<ReleaseRecord>> {
    let driver = c.driver;
    let mut listed = c
        .scope
        .list_map(
            &c.cluster,
            &driver.resource(),
            Some(RELEASE_SELECTOR),
            ListForm::Full,
            |s: ReleaseSecret| storage::record_of(s, driver, keep),
        )
        .await?;
    listed.items = storage::latest(listed.items);
    Ok(listed)
}

#[derive(Deserialize)]
struct MetadataOnly {
    metadata: ObjectMeta,
}

/// The metadata LIST, the cache for what it already knows, GETs for the rest.
async fn warm(c: &Connected, cache: &mut ReleaseCache) -> Result<Listed<ReleaseRecord>> {
    let metas = c
        .scope
        .list_map(
            &c.cluster,
            &c.driver.resource(),
            Some(RELEASE_SELECTOR),
            ListForm::Metadata,
            |m: MetadataOnly| Some(m.metadata),
        )
        .await?;
    let latest = latest_metadata(metas.items);
    let mut records = Vec::with_capacity(latest.len());
    let mut missing = Vec::new();
    for m in latest {
        match cache.take(&m.uid, &m.resource_version) {
            Some(r) => records.push(r),
            None => missing.push(m),
        }
    }
    if missing.len() > MOST_GETS {
        return full(c, Keep::Summary).await;
    }
    let driver = c.driver;
    let fetched: Vec<Result<Option<ReleaseRecord>>> = futures::stream::iter(missing)
        .map(|m| async move {
            let path = driver.resource().named(Some(&m.namespace), &m.name);
            let what = format!("get release {}/{}", m.namespace, m.name);
            match c.cluster.get_json::<ReleaseSecret>(&what, &path).await {
                Ok(s) => Ok(storage::record_of(s, driver, Keep::Summary)),
                // Gone since the LIST (uninstalled, or superseded and pruned): not there now.
                Err(Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .buffer_unordered(GET_CONCURRENCY)
        .collect()
        .await;
    for r in fetched {
        records.extend(r?);
    }
    Ok(Listed {
        items: storage::latest(records),
        fell_back_to: metas.fell_back_to,
        resource_version: metas.resource_version,
    })
}

/// The highest revision of each release, by the Secrets' labels alone.
fn latest_metadata(metas: Vec<ObjectMeta>) -> Vec<ObjectMeta> {
    let mut best: std::collections::BTreeMap<(String, String), (u64, ObjectMeta)> =
        Default::default();
    for m in metas {
        let Some((name, revision)) = storage::release_of(&m) else {
            continue;
        };
        let key = (m.namespace.clone(), name);
        if best.get(&key).is_none_or(|(have, _)| *have < revision) {
            best.insert(key, (revision, m));
        }
    }
    best.into_values().map(|(_, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(ns: &str, name: &str, version: u64) -> ObjectMeta {
        serde_json::from_value(serde_json::json!({
            "name": format!("sh.helm.release.v1.{name}.v{version}"), "namespace": ns,
            "labels": {"name": name, "version": version.to_string(), "owner": "helm"},
            "uid": format!("{ns}-{name}-{version}"), "resourceVersion": "1",
        }))
        .unwrap()
    }

    #[test]
    fn the_latest_revision_is_chosen_by_labels() {
        let got = latest_metadata(vec![
            meta("a", "open", 1),
            meta("a", "open", 2),
            meta("b", "open", 1),
            serde_json::from_value(serde_json::json!({"name": "stray", "namespace": "a"})).unwrap(),
        ]);
        let names: Vec<&str> = got.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["sh.helm.release.v1.open.v2", "sh.helm.release.v1.open.v1"]
        );
    }
}
