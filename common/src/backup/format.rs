//! The backup directory, as `backup` writes it and `restore` reads it:
//!
//! ```text
//! DIR/backup.yaml                      the index (kind ClawBackup, apiVersion claw.clawmachine.dev/v1)
//! DIR/NAMESPACE/RELEASE.values.yaml    each release's values, secrets redacted
//! ```
//!
//! The index names what a restore needs and nothing that changes from run to run: the claw
//! version, the cluster, the namespaces, each release's chart (name, version, where it came
//! from), state and values file, the spots that were redacted, and the volumes holding bots'
//! data. Stable order and no timestamps, so the directory diffs cleanly in git. The previous
//! layout (`inventory.yaml` without a kind, claw 0.1.0) is still read.

use std::collections::BTreeMap;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::fleet::volumes::Volume;

pub const API_VERSION: &str = "claw.clawmachine.dev/v1";
pub const KIND: &str = "ClawBackup";
pub const INDEX_FILE: &str = "backup.yaml";
/// The index of the previous layout, which had no kind or version.
pub const LEGACY_INDEX_FILE: &str = "inventory.yaml";

/// `backup.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    pub api_version: String,
    pub kind: String,
    /// The claw that wrote it.
    pub claw_version: String,
    /// The kubeconfig's name for the cluster backed up.
    pub cluster: String,
    /// Every namespace holding a release, sorted.
    pub namespaces: Vec<String>,
    pub releases: Vec<ReleaseEntry>,
    #[serde(default)]
    pub volumes: Vec<Volume>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseEntry {
    pub namespace: String,
    pub name: String,
    /// `control-plane`, `openclaw`, `picoclaw`, `ironclaw`, `busybox`.
    #[serde(rename = "type")]
    pub type_name: String,
    pub chart: String,
    pub chart_version: String,
    #[serde(default)]
    pub app_version: String,
    /// `embedded` when the version is the one this claw carries; otherwise `unrecorded`
    /// (Helm keeps no record of where a chart came from).
    #[serde(default)]
    pub chart_source: String,
    #[serde(default)]
    pub revision: u64,
    #[serde(default)]
    pub status: String,
    /// The values file, relative to the directory; absent when the release could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
    /// Where `<redacted>` stands in the values file: what a restore must be given again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redacted: Vec<String>,
}

/// The layout a directory was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `backup.yaml`, this version.
    V1,
    /// `inventory.yaml` only (claw 0.1.0).
    Legacy,
}

/// A backup directory, read: the index and each release's values.
#[derive(Debug, Clone)]
pub struct Backup {
    pub dir: PathBuf,
    pub layout: Layout,
    pub index: Index,
    /// Values by (namespace, name); a release without a values file has none.
    pub values: BTreeMap<(String, String), Value>,
}

impl Backup {
    /// The charts its releases run.
    pub fn charts(&self) -> Vec<&str> {
        self.index
            .releases
            .iter()
            .map(|r| r.chart.as_str())
            .collect()
    }
}

/// Where a release's values file goes, relative to the directory.
pub fn values_path(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}.values.yaml")
}

/// Reads `dir`. A directory in a format this claw does not know is a usage error (exit 2) with
/// one line saying what it is and what was expected.
pub fn read(dir: &Path, cmd: &str) -> Result<Backup> {
    let index_path = dir.join(INDEX_FILE);
    let legacy_path = dir.join(LEGACY_INDEX_FILE);
    let (layout, index) = if index_path.is_file() {
        (Layout::V1, read_index(&index_path)?)
    } else if legacy_path.is_file() {
        (Layout::Legacy, read_legacy(&legacy_path)?)
    } else if dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a claw backup: it has no {INDEX_FILE} (or {LEGACY_INDEX_FILE} of claw 0.1.0); write one with `{cmd} backup DIR`",
            dir.display()
        )));
    } else if dir.exists() {
        return Err(Error::Usage(format!(
            "{} is a file: give the backup directory (the one holding {INDEX_FILE})",
            dir.display()
        )));
    } else {
        return Err(Error::Usage(format!(
            "backup directory {} does not exist",
            dir.display()
        )));
    };
    check_entries(dir, &index)?;
    let mut values = BTreeMap::new();
    for r in &index.releases {
        let rel = match (&r.values, layout) {
            (Some(v), _) => v.clone(),
            // The old layout had no per-release field: the file is there when it was written.
            (None, Layout::Legacy) => values_path(&r.namespace, &r.name),
            (None, Layout::V1) => continue,
        };
        let path = safe_join(dir, &rel)?;
        if !path.is_file() {
            if layout == Layout::Legacy {
                continue;
            }
            return Err(Error::Usage(format!(
                "{}: {INDEX_FILE} names {rel} for {}/{}, which is missing",
                dir.display(),
                r.namespace,
                r.name
            )));
        }
        values.insert((r.namespace.clone(), r.name.clone()), read_values(&path)?);
    }
    Ok(Backup {
        dir: dir.to_path_buf(),
        layout,
        index,
        values,
    })
}

/// One values file (an empty one is `{}`).
fn read_values(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => Error::Usage(format!(
            "{} is not a values file: it is not UTF-8 text",
            path.display()
        )),
        _ => Error::Other(format!("cannot read {}: {e}", path.display())),
    })?;
    let v: Value = serde_saphyr::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{} is not a values file: {}",
            path.display(),
            crate::cluster::one_line(&e)
        ))
    })?;
    Ok(if v.is_null() {
        serde_json::json!({})
    } else {
        v
    })
}

fn read_index(path: &Path) -> Result<Index> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Other(format!("cannot read {}: {e}", path.display())))?;
    let head: Value = serde_saphyr::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{} is not a claw backup index: {}",
            path.display(),
            crate::cluster::one_line(&e)
        ))
    })?;
    let (api_version, kind) = (
        head["apiVersion"].as_str().unwrap_or_default(),
        head["kind"].as_str().unwrap_or_default(),
    );
    if kind != KIND || api_version != API_VERSION {
        return Err(Error::Usage(format!(
            "{} is a backup of format {}{} that this claw ({}) does not read (it reads {API_VERSION} {KIND}); restore it with the claw that wrote it{}",
            path.display(),
            if api_version.is_empty() {
                "(no apiVersion)"
            } else {
                api_version
            },
            if kind.is_empty() {
                String::new()
            } else {
                format!(" {kind}")
            },
            env!("CARGO_PKG_VERSION"),
            head["clawVersion"]
                .as_str()
                .map(|v| format!(" ({v}) or a newer one"))
                .unwrap_or_default()
        )));
    }
    serde_json::from_value(head)
        .map_err(|e| Error::Usage(format!("{} is not a valid {KIND}: {e}", path.display())))
}

/// claw 0.1.0's `inventory.yaml`: `releases` (namespace, name, type, chart, chartVersion,
/// appVersion, revision, status) and `volumes`.
fn read_legacy(path: &Path) -> Result<Index> {
    #[derive(Deserialize)]
    struct Legacy {
        #[serde(default)]
        releases: Vec<ReleaseEntry>,
        #[serde(default)]
        volumes: Vec<Volume>,
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Other(format!("cannot read {}: {e}", path.display())))?;
    let legacy: Legacy = serde_saphyr::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{} is not a claw inventory: {}",
            path.display(),
            crate::cluster::one_line(&e)
        ))
    })?;
    let mut namespaces: Vec<String> = legacy
        .releases
        .iter()
        .map(|r| r.namespace.clone())
        .collect();
    namespaces.sort();
    namespaces.dedup();
    Ok(Index {
        api_version: String::new(),
        kind: String::new(),
        claw_version: "0.1.0".into(),
        cluster: String::new(),
        namespaces,
        releases: legacy.releases,
        volumes: legacy.volumes,
    })
}

/// The index names releases Helm could make, each once (an index is user-editable).
fn check_entries(dir: &Path, index: &Index) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for r in &index.releases {
        let bad = |e: Error| Error::Usage(format!("{}: {e}", dir.join(INDEX_FILE).display()));
        crate::cluster::names::check_namespace(&r.namespace).map_err(bad)?;
        crate::cluster::names::check_release_name(&r.name).map_err(bad)?;
        if !seen.insert((&r.namespace, &r.name)) {
            return Err(Error::Usage(format!(
                "{}: release {}/{} is listed twice",
                dir.join(INDEX_FILE).display(),
                r.namespace,
                r.name
            )));
        }
    }
    Ok(())
}

/// `dir/rel`, refusing a path that leaves the directory (an index is user-editable).
fn safe_join(dir: &Path, rel: &str) -> Result<PathBuf> {
    let p = Path::new(rel);
    if p.is_absolute()
        || p.components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(Error::Usage(format!(
            "{}: values path {rel} leaves the backup directory",
            dir.display()
        )));
    }
    let joined = dir.join(p);
    // A link may point anywhere (a kubeconfig, a key): what is read must be in the directory.
    if let (Ok(real), Ok(root)) = (joined.canonicalize(), dir.canonicalize())
        && !real.starts_with(&root)
    {
        return Err(Error::Usage(format!(
            "{}: values path {rel} is a link to {}, outside the backup directory",
            dir.display(),
            real.display()
        )));
    }
    Ok(joined)
}

/// Writes the index: a comment saying what it is, then the document.
pub fn index_text(index: &Index) -> Result<String> {
    let doc = serde_saphyr::to_string(index)
        .map_err(|e| Error::Other(format!("writing the backup index: {e}")))?;
    let header = "# A claw backup: the releases to re-create and the volumes that held bots' data.\n# Restore with: kubectl claw restore DIR (or helm claw restore DIR).\n# Volume data is not in here: back the volumes up with your cluster's backup tool (claw backup --velero).\n";
    Ok(format!("{header}{doc}"))
}

/// Creates `dir` (and parents) 0700: a backup may hold secrets, and even without them names
/// what runs where.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::Other(format!("cannot create {}: {e}", dir.display())))?;
    // An existing directory keeps its mode with create(); make it private too.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| Error::Other(format!("cannot restrict {}: {e}", dir.display())))
}

/// Writes `text` to `path`, 0600 from the moment it exists, in a 0700 directory.
pub fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        create_private_dir(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))?;
    // A file that existed keeps its mode through open(): restrict it as well.
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .and_then(|_| f.write_all(text.as_bytes()))
        .map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index {
            api_version: API_VERSION.into(),
            kind: KIND.into(),
            claw_version: "0.1.0".into(),
            cluster: "prod".into(),
            namespaces: vec!["claw-machine".into()],
            releases: vec![ReleaseEntry {
                namespace: "claw-machine".into(),
                name: "pico".into(),
                type_name: "picoclaw".into(),
                chart: "picoclaw".into(),
                chart_version: "0.1.8".into(),
                app_version: "0.1.8".into(),
                chart_source: "unrecorded".into(),
                revision: 3,
                status: "deployed".into(),
                values: Some(values_path("claw-machine", "pico")),
                redacted: vec!["secrets.openaiApiKey".into()],
            }],
            volumes: vec![],
        }
    }

    #[test]
    fn an_index_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        write_private(&dir.path().join(INDEX_FILE), &index_text(&index()).unwrap()).unwrap();
        write_private(
            &dir.path().join("claw-machine/pico.values.yaml"),
            "replicaCount: 1\n",
        )
        .unwrap();
        let b = read(dir.path(), "kubectl claw").unwrap();
        assert_eq!(b.layout, Layout::V1);
        assert_eq!(b.index, index());
        assert_eq!(
            b.values[&("claw-machine".into(), "pico".into())]["replicaCount"],
            1
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("claw-machine")), 0o700);
        assert_eq!(
            mode(&dir.path().join("claw-machine/pico.values.yaml")),
            0o600
        );
    }

    #[test]
    fn unknown_formats_and_strangers_are_refused_with_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), "kubectl claw").unwrap_err();
        assert!(
            matches!(e, Error::Usage(_)) && e.to_string().contains("is not a claw backup"),
            "{e}"
        );
        std::fs::write(
            dir.path().join(INDEX_FILE),
            "apiVersion: claw.clawmachine.dev/v9\nkind: ClawBackup\nclawVersion: 9.0.0\n",
        )
        .unwrap();
        let e = read(dir.path(), "kubectl claw").unwrap_err().to_string();
        assert!(
            e.contains("format claw.clawmachine.dev/v9 ClawBackup")
                && e.contains("(9.0.0) or a newer one")
                && !e.contains('\n'),
            "{e}"
        );
    }

    #[test]
    fn an_index_names_releases_helm_could_make_each_once() {
        let dir = tempfile::tempdir().unwrap();
        type Tamper = fn(&mut Index);
        let cases: [(&str, Tamper); 3] = [
            ("invalid namespace", |i| {
                i.releases[0].namespace = "Bad_NS!".into()
            }),
            ("invalid release name", |i| {
                i.releases[0].name = "x/../y".into()
            }),
            ("is listed twice", |i| {
                let again = i.releases[0].clone();
                i.releases.push(again);
            }),
        ];
        for (said, tamper) in cases {
            let mut i = index();
            i.releases[0].values = None;
            tamper(&mut i);
            write_private(&dir.path().join(INDEX_FILE), &index_text(&i).unwrap()).unwrap();
            let e = read(dir.path(), "kubectl claw").unwrap_err();
            assert!(
                matches!(e, Error::Usage(_)) && e.to_string().contains(said),
                "{said}: {e}"
            );
        }
    }

    #[test]
    fn values_paths_may_not_leave_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let mut i = index();
        i.releases[0].values = Some("../../etc/passwd".into());
        write_private(&dir.path().join(INDEX_FILE), &index_text(&i).unwrap()).unwrap();
        assert!(
            read(dir.path(), "kubectl claw")
                .unwrap_err()
                .to_string()
                .contains("leaves the backup directory")
        );
        // Nor through a link: the kubeconfig beside it must not become a release's values.
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(outside.path(), "token: abc\n").unwrap();
        let i = index();
        let rel = i.releases[0].values.clone().unwrap();
        write_private(&dir.path().join(INDEX_FILE), &index_text(&i).unwrap()).unwrap();
        let link = dir.path().join(&rel);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        let e = read(dir.path(), "kubectl claw").unwrap_err();
        assert!(
            matches!(e, Error::Usage(_)) && e.to_string().contains("outside the backup directory"),
            "{e}"
        );
    }
}
