//! What status has decoded of each release Secret, kept between runs. A release revision's
//! Secret changes only with its resourceVersion, so (uid, resourceVersion) names its decoded
//! facts exactly: a warm run lists the Secrets' metadata and fetches only the ones it has not
//! seen. One file per cluster (and Helm driver) under `$XDG_CACHE_HOME/claw` (else
//! `~/.cache/claw`), 0600 in a 0700 directory, holding only what status shows — chart, versions,
//! state, times, Helm's description with secrets redacted, [`BotSettings`] — never the values.
//! A file that cannot be read is ignored and replaced; nothing about the cache is ever fatal.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::helm_storage::{Driver, ReleasePayload, ReleaseRecord};

/// Bumped when what the file holds changes meaning; other versions are ignored.
const FORMAT: u32 = 1;

/// Where the cache files go, from the environment: `$XDG_CACHE_HOME/claw`, else
/// `$HOME/.cache/claw`.
pub fn default_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("XDG_CACHE_HOME")
        .filter(|d| Path::new(d).is_absolute())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".cache")))
        .map(|d| d.join("claw"))
}

/// One release revision as cached.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    uid: String,
    resource_version: String,
    namespace: String,
    name: String,
    revision: u64,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payload: Option<ReleasePayload>,
    /// Why the payload could not be read, when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    format: u32,
    /// The API server the entries came from, to tell files apart when reading them by hand.
    server: String,
    releases: Vec<Entry>,
}

/// The cache of one cluster.
#[derive(Debug)]
pub struct ReleaseCache {
    path: PathBuf,
    server: String,
    /// By uid.
    entries: BTreeMap<String, Entry>,
    /// Whether a usable file was there (a cold run has none).
    pub found: bool,
}

impl ReleaseCache {
    /// The cache for `server` (and `driver`) in `dir`; empty when there is none yet or the
    /// file cannot be read.
    pub fn open(dir: &Path, server: &str, driver: Driver) -> ReleaseCache {
        let key = sha2::Sha256::digest(format!("{server}\n{driver:?}").as_bytes());
        let name: String = key.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let path = dir.join(format!("releases-{name}.json"));
        let file: Option<File> = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(|f: &File| f.format == FORMAT);
        let found = file.is_some();
        ReleaseCache {
            path,
            server: server.to_string(),
            entries: file
                .map(|f| f.releases.into_iter().map(|e| (e.uid.clone(), e)).collect())
                .unwrap_or_default(),
            found,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The record cached for this uid at this resourceVersion, if any.
    pub fn get(&self, uid: &str, resource_version: &str) -> Option<ReleaseRecord> {
        let e = self.entries.get(uid)?;
        (e.resource_version == resource_version).then(|| ReleaseRecord {
            namespace: e.namespace.clone(),
            name: e.name.clone(),
            revision: e.revision,
            status: e.status.clone(),
            uid: e.uid.clone(),
            resource_version: e.resource_version.clone(),
            payload: match (&e.payload, &e.error) {
                (Some(p), _) => Ok(p.clone()),
                (None, err) => Err(err.clone().unwrap_or_else(|| "unreadable".into())),
            },
        })
    }

    /// Replaces the entries `in_scope` says this run could see with `current` (so releases
    /// gone from the cluster go from the cache too), then writes the file. Best effort.
    pub fn save(&mut self, current: &[ReleaseRecord], in_scope: impl Fn(&str) -> bool) {
        self.entries.retain(|_, e| !in_scope(&e.namespace));
        for r in current.iter().filter(|r| !r.uid.is_empty()) {
            self.entries.insert(r.uid.clone(), entry_of(r));
        }
        #[derive(Serialize)]
        struct Written<'a> {
            format: u32,
            server: &'a str,
            releases: Vec<&'a Entry>,
        }
        let file = Written {
            format: FORMAT,
            server: &self.server,
            releases: self.entries.values().collect(),
        };
        let _ = write_private(&self.path, &file);
    }
}

/// What may be cached of a record: never the values, and Helm's description redacted.
fn entry_of(r: &ReleaseRecord) -> Entry {
    let (payload, error) = match &r.payload {
        Ok(p) => {
            let mut p = p.clone();
            p.config = serde_json::Value::Null;
            p.description = crate::redact::text(&p.description);
            (Some(p), None)
        }
        Err(e) => (None, Some(crate::redact::text(e))),
    };
    Entry {
        uid: r.uid.clone(),
        resource_version: r.resource_version.clone(),
        namespace: r.namespace.clone(),
        name: r.name.clone(),
        revision: r.revision,
        status: r.status.clone(),
        payload,
        error,
    }
}

/// Writes `file` next to its place and renames it there: a reader never sees half a file.
fn write_private(path: &Path, file: &impl Serialize) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // claw's own directory: private even if something made it otherwise.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".releases-")
        .tempfile_in(dir)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    serde_json::to_writer(&mut tmp, file)?;
    tmp.flush()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::BotSettings;

    fn record(uid: &str, rv: &str, ns: &str) -> ReleaseRecord {
        ReleaseRecord {
            namespace: ns.into(),
            name: "pico".into(),
            revision: 3,
            status: "deployed".into(),
            uid: uid.into(),
            resource_version: rv.into(),
            payload: Ok(ReleasePayload {
                status: "deployed".into(),
                chart_name: "picoclaw".into(),
                chart_version: "0.1.8".into(),
                app_version: Some("0.1.8".into()),
                first_deployed: None,
                last_deployed: None,
                description: "Upgrade failed: postgres://u:hunter2@db/x".into(),
                settings: BotSettings::default(),
                config: serde_json::json!({"secrets": {"apiKey": "sk-very-secret"}}),
            }),
        }
    }

    #[test]
    fn entries_come_back_only_at_the_same_resource_version_and_hold_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(!c.found);
        c.save(&[record("u1", "7", "bots")], |_| true);
        let text = std::fs::read_to_string(c.path()).unwrap();
        assert!(
            !text.contains("sk-very-secret") && !text.contains("hunter2"),
            "{text}"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(c.path()), 0o600);
        assert_eq!(mode(dir.path()), 0o700);

        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(c.found);
        let got = c.get("u1", "7").unwrap();
        assert_eq!(got.payload.as_ref().unwrap().chart_version, "0.1.8");
        assert!(
            c.get("u1", "8").is_none(),
            "a newer resourceVersion is fetched again"
        );
        let other = ReleaseCache::open(dir.path(), "https://b", Driver::Secrets);
        assert!(!other.found, "one file per cluster");
    }

    #[test]
    fn saving_prunes_what_is_gone_within_the_scope_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        c.save(&[record("u1", "1", "a"), record("u2", "1", "b")], |_| true);
        // A run scoped to namespace a that no longer sees u1.
        c.save(&[], |ns| ns == "a");
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(c.get("u1", "1").is_none());
        assert!(c.get("u2", "1").is_some());
    }

    #[test]
    fn a_corrupt_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        std::fs::write(c.path(), "{not json").unwrap();
        let mut c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(!c.found);
        c.save(&[record("u1", "1", "a")], |_| true);
        assert!(ReleaseCache::open(dir.path(), "https://a", Driver::Secrets).found);
    }
}
