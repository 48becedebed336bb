//! The files claw hands Helm: a chart archive in a private temporary directory, and values in
//! 0600 temporary files. Both are removed when dropped: after Helm ran, on error, and on Ctrl-C,
//! which unwinds to here.

use std::io::Write;
use std::path::PathBuf;

use serde_json::Value;

use super::options::ValuesArgs;
use crate::error::{Error, Result};

/// A chart archive on disk for the length of a Helm call.
pub struct StagedChart {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// Writes `archive` as `file_name` into a fresh private directory.
pub fn stage_chart(file_name: &str, archive: &[u8]) -> Result<StagedChart> {
    let dir = tempfile::Builder::new()
        .prefix("claw-chart-")
        .tempdir()
        .map_err(|e| Error::Other(format!("cannot create a temporary directory: {e}")))?;
    let path = dir.path().join(file_name);
    std::fs::write(&path, archive)
        .map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))?;
    Ok(StagedChart { _dir: dir, path })
}

/// Values as YAML in a file only the user can read (tempfile creates it 0600).
pub fn values_file(values: &Value) -> Result<tempfile::NamedTempFile> {
    let mut f = tempfile::Builder::new()
        .prefix("claw-values-")
        .suffix(".yaml")
        .tempfile()
        .map_err(|e| Error::Other(format!("cannot create a values file: {e}")))?;
    let yaml = serde_saphyr::to_string(values)
        .map_err(|e| Error::Other(format!("cannot write values: {e}")))?;
    f.write_all(yaml.as_bytes())
        .and_then(|_| f.flush())
        .map_err(|e| Error::Other(format!("cannot write values: {e}")))?;
    Ok(f)
}

/// The secret values the user passes now (`--set` under a sensitive key, sensitive keys in `-f`
/// files), so Helm's messages can be scrubbed of them too.
pub fn given_secrets(given: &ValuesArgs) -> Vec<String> {
    // `--set a.b.apiKey=v` judged as the values `{a: {b: {apiKey: v}}}` would be.
    let mut out: Vec<String> = given
        .set
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .flat_map(|(k, v)| {
            let nested = k.rsplit('.').fold(
                Value::String(v.to_string()),
                |inner, key| serde_json::json!({ key: inner }),
            );
            crate::redact::secret_strings(&nested)
        })
        .collect();
    for f in &given.files {
        if let Some(v) = std::fs::read_to_string(f)
            .ok()
            .and_then(|t| serde_saphyr::from_str::<Value>(&t).ok())
        {
            out.extend(crate::redact::secret_strings(&v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn values_files_are_private_and_go_away() {
        let f = values_file(&serde_json::json!({"secrets": {"apiKey": "x"}})).unwrap();
        let path = f.path().to_path_buf();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("apiKey: x")
        );
        drop(f);
        assert!(!path.exists());
    }

    #[test]
    fn staged_charts_go_away() {
        let staged = stage_chart("c-1.0.0.tgz", b"bytes").unwrap();
        let path = staged.path.clone();
        assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
        drop(staged);
        assert!(!path.exists());
    }
}
