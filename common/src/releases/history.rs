//! One release's history, read from its release storage as `helm history` reads it: every
//! revision's record (Helm keeps `--history-max` of them, 10 by default), decoded as far as
//! `history` and `rollback` need; and one revision whole — values and manifest — for the
//! rollback plan.

use crate::cluster::Connected;
use crate::error::{Error, Result};
use crate::releases::storage::{self, Keep, ReleasePayload, ReleaseRecord, ReleaseSecret};

/// Every revision of release `name` in `namespace`, oldest first, each decoded without its
/// values. Empty when the release has no records (or none claw may read: the LIST's error).
pub async fn revisions(c: &Connected, namespace: &str, name: &str) -> Result<Vec<ReleaseRecord>> {
    let selector = format!("owner=helm,name={name}");
    let secrets: Vec<ReleaseSecret> = c
        .cluster
        .list(&c.driver.resource(), Some(namespace), Some(&selector))
        .await?;
    let mut records: Vec<ReleaseRecord> = secrets
        .into_iter()
        .filter_map(|s| storage::record_of(s, c.driver, Keep::Summary))
        // The label selector matched; the name label could still name another release when a
        // record was edited by hand.
        .filter(|r| r.name == name)
        .collect();
    records.sort_by_key(|r| r.revision);
    Ok(records)
}

/// One revision whole: its payload with the user's values (which may hold secrets: never print
/// them as they are) and its rendered manifest.
#[derive(Debug, Clone)]
pub struct StoredRevision {
    pub revision: u64,
    pub payload: ReleasePayload,
    pub manifest: String,
}

/// Revision `revision` of release `name` in `namespace`, from its record (one GET).
pub async fn stored_revision(
    c: &Connected,
    namespace: &str,
    name: &str,
    revision: u64,
) -> Result<StoredRevision> {
    let path = c
        .driver
        .resource()
        .named(Some(namespace), &storage::record_name(name, revision));
    let what = format!("get release {namespace}/{name} revision {revision}");
    let secret: ReleaseSecret = c.cluster.get_json(&what, &path).await?;
    let bad = |detail: String| Error::BadResponse {
        what: format!("release {namespace}/{name} revision {revision}"),
        detail,
    };
    let data = secret
        .data
        .get("release")
        .ok_or_else(|| bad("no data.release".to_string()))?;
    Ok(StoredRevision {
        revision,
        payload: storage::decode_payload(data, c.driver, Keep::Values).map_err(bad)?,
        manifest: storage::decode_manifest(data, c.driver).map_err(bad)?,
    })
}
