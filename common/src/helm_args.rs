//! What claw hands Helm: the embedded chart written to a private temporary directory, values in
//! 0600 temporary files (removed when dropped: after Helm ran, on error, and on Ctrl-C, which
//! unwinds to here), and the argv flags for values and waiting.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use serde_json::Value;

use crate::charts::EmbeddedChart;
use crate::cli::HelmValues;
use crate::error::{Error, Result, humantime};

/// A chart archive on disk for the length of a Helm call.
pub struct StagedChart {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn stage_chart(chart: &EmbeddedChart) -> Result<StagedChart> {
    let dir = tempfile::Builder::new()
        .prefix("claw-chart-")
        .tempdir()
        .map_err(|e| Error::Other(format!("cannot create a temporary directory: {e}")))?;
    let path = dir.path().join(chart.file_name());
    std::fs::write(&path, chart.archive)
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

/// `-f carried -f user… --set k=v…`: later wins, so what is given now overrides what was set before.
pub fn value_flags(carried: Option<&std::path::Path>, helm: &HelmValues) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    if let Some(c) = carried {
        args.push("--values".into());
        args.push(c.into());
    }
    for f in &helm.files {
        args.push("--values".into());
        args.push(f.into());
    }
    for s in &helm.set {
        args.push("--set".into());
        args.push(s.into());
    }
    args
}

/// `--wait`, `--timeout 5m`, and the rollback flag the running Helm knows.
pub fn wait_flags(helm: &HelmValues, rollback_flag: Option<&str>) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    if helm.wait {
        args.push("--wait".into());
    }
    if let Some(t) = helm.timeout {
        args.push("--timeout".into());
        args.push(humantime(t).into());
    }
    if let Some(flag) = rollback_flag {
        args.push(flag.into());
    }
    args
}

/// The secret values the user passes now (`--set` under a sensitive key, sensitive keys in `-f`
/// files), so Helm's messages can be scrubbed of them too.
pub fn given_secrets(helm: &HelmValues) -> Vec<String> {
    let mut out: Vec<String> = helm
        .set
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, v)| crate::redact::is_sensitive(k) && v.len() >= 3)
        .map(|(_, v)| v.to_string())
        .collect();
    for f in &helm.files {
        if let Some(v) = std::fs::read_to_string(f)
            .ok()
            .and_then(|t| serde_saphyr::from_str::<Value>(&t).ok())
        {
            out.extend(crate::redact::secret_strings(&v));
        }
    }
    out
}

/// Checks user values files exist before anything runs, so a typo fails fast and clearly.
pub fn check_files(helm: &HelmValues) -> Result<()> {
    for f in &helm.files {
        if !f.is_file() {
            return Err(Error::Usage(format!(
                "values file {} does not exist",
                f.display()
            )));
        }
    }
    for s in &helm.set {
        if !s.contains('=') {
            return Err(Error::Usage(format!("--set {s}: expected KEY=VALUE")));
        }
    }
    Ok(())
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
    fn later_values_win() {
        let helm = HelmValues {
            files: vec!["mine.yaml".into()],
            set: vec!["replicas=2".into()],
            wait: true,
            timeout: Some(std::time::Duration::from_secs(300)),
        };
        let flags = value_flags(Some(std::path::Path::new("/tmp/carried.yaml")), &helm);
        assert_eq!(
            flags,
            [
                "--values",
                "/tmp/carried.yaml",
                "--values",
                "mine.yaml",
                "--set",
                "replicas=2"
            ]
        );
        assert_eq!(
            wait_flags(&helm, Some("--atomic")),
            ["--wait", "--timeout", "5m", "--atomic"]
        );
    }
}
