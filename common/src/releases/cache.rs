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

use crate::releases::storage::{Driver, ReleasePayload, ReleaseRecord};

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
        let key = sha2::Sha256::digest(format!("{server}\n{}", driver.objects()).as_bytes());
        let name: String = key.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let path = dir.join(format!("releases-{name}.json"));
        // Read through a buffer: the file and what it decodes to are never both held whole.
        let file: Option<File> = std::fs::File::open(&path)
            .ok()
            .and_then(|f| serde_json::from_reader(std::io::BufReader::new(f)).ok())
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

    /// The record cached for this uid at this resourceVersion, if any, taken out of the cache
    /// (each is asked for once; [`ReleaseCache::save`] writes it back from the run's records),
    /// so a big fleet's releases are not held twice.
    pub fn take(&mut self, uid: &str, resource_version: &str) -> Option<ReleaseRecord> {
        if self.entries.get(uid)?.resource_version != resource_version {
            return None;
        }
        let e = self.entries.remove(uid)?;
        Some(ReleaseRecord {
            namespace: e.namespace,
            name: e.name,
            revision: e.revision,
            status: e.status,
            uid: e.uid,
            resource_version: e.resource_version,
            payload: match (e.payload, e.error) {
                (Some(p), _) => Ok(p),
                (None, err) => Err(err.unwrap_or_else(|| "unreadable".into())),
            },
        })
    }

    /// Writes the file: the entries of namespaces this run could not see, kept, and `current`
    /// for those it could (so releases gone from the cluster go from the cache too; `in_scope`
    /// says which). Each of `current` is turned into an entry as it is written. Best effort; the
    /// cache is done with once saved (open it again to read what was written).
    pub fn save(mut self, current: &[ReleaseRecord], in_scope: impl Fn(&str) -> bool) {
        self.entries.retain(|_, e| !in_scope(&e.namespace));
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Written<'a> {
            Kept(&'a Entry),
            Current(Box<Entry>),
        }
        struct Releases<'a> {
            kept: &'a BTreeMap<String, Entry>,
            current: &'a [ReleaseRecord],
        }
        impl Serialize for Releases<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let kept = self.kept.values().map(Written::Kept);
                let current = self
                    .current
                    .iter()
                    .filter(|r| !r.uid.is_empty())
                    .map(|r| Written::Current(Box::new(entry_of(r))));
                s.collect_seq(kept.chain(current))
            }
        }
        #[derive(Serialize)]
        struct WrittenFile<'a> {
            format: u32,
            server: &'a str,
            releases: Releases<'a>,
        }
        let file = WrittenFile {
            format: FORMAT,
            server: &self.server,
            releases: Releases {
                kept: &self.entries,
                current,
            },
        };
        let _ = write_private(&self.path, &file);
    }
}

/// What may be cached of a record: never the values, and Helm's description redacted.
fn entry_of(r: &ReleaseRecord) -> Entry {
    let (payload, error) = match &r.payload {
        // One at a time, as the file is written: a copy lives only while it is serialised.
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
    let mut out = std::io::BufWriter::new(&mut tmp);
    serde_json::to_writer(&mut out, file)?;
    out.flush()?;
    drop(out);
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::releases::storage::BotSettings;

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
                manifest: None,
            }),
        }
    }

    #[test]
    fn entries_come_back_only_at_the_same_resource_version_and_hold_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(!c.found);
        let path = c.path().to_path_buf();
        c.save(&[record("u1", "7", "bots")], |_| true);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("sk-very-secret") && !text.contains("hunter2"),
            "{text}"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(dir.path()), 0o700);

        let mut c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(c.found);
        assert!(
            c.take("u1", "8").is_none(),
            "a newer resourceVersion is fetched again"
        );
        let got = c.take("u1", "7").unwrap();
        assert_eq!(got.payload.as_ref().unwrap().chart_version, "0.1.8");
        let other = ReleaseCache::open(dir.path(), "https://b", Driver::Secrets);
        assert!(!other.found, "one file per cluster");
    }

    #[test]
    fn saving_prunes_what_is_gone_within_the_scope_only() {
        let dir = tempfile::tempdir().unwrap();
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        c.save(&[record("u1", "1", "a"), record("u2", "1", "b")], |_| true);
        // A run scoped to namespace a that no longer sees u1.
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        c.save(&[], |ns| ns == "a");
        let mut c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(c.take("u1", "1").is_none());
        assert!(c.take("u2", "1").is_some());
    }

    #[test]
    fn a_corrupt_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        std::fs::write(c.path(), "{not json").unwrap();
        let c = ReleaseCache::open(dir.path(), "https://a", Driver::Secrets);
        assert!(!c.found);
        c.save(&[record("u1", "1", "a")], |_| true);
        assert!(ReleaseCache::open(dir.path(), "https://a", Driver::Secrets).found);
    }
}
