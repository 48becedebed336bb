//! Helm as a subprocess, the way helm-diff runs it: `$HELM_BIN` under Helm, else `helm` from
//! PATH. claw never renders or applies charts itself. A Ctrl-C stops Helm and returns
//! `Interrupted`, so callers unwind and their temporary files go with them.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;

use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Helm {
    pub bin: PathBuf,
    /// Connection flags passed on to every Helm command (`--kube-context`, `--kubeconfig`).
    pub connection: Vec<OsString>,
}

#[derive(Debug)]
pub struct HelmOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl HelmOutput {
    /// Helm's own one-line reason for failing ("Error: UPGRADE FAILED: …").
    pub fn reason(&self) -> String {
        self.stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("helm failed without a message")
            .trim()
            .to_string()
    }
}

impl Helm {
    pub fn locate(env: impl Fn(&str) -> Option<String>, connection: Vec<OsString>) -> Result<Helm> {
        let bin = match env("HELM_BIN").filter(|b| !b.is_empty()) {
            Some(b) => which::which(&b).unwrap_or_else(|_| PathBuf::from(b)),
            None => which::which("helm").map_err(|_| {
                Error::Other(
                    "helm is not on PATH: install Helm 3.14 or newer, or set HELM_BIN".into(),
                )
            })?,
        };
        Ok(Helm { bin, connection })
    }

    /// 3 or 4, from `helm version`.
    pub async fn major_version(&self) -> Result<u32> {
        let out = self
            .run(&["version".into(), "--template".into(), "{{.Version}}".into()])
            .await?;
        let v = out.stdout.trim().trim_start_matches('v');
        v.split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .filter(|_| out.success)
            .ok_or_else(|| {
                Error::Other(format!(
                    "cannot tell the Helm version from `{} version`: {}",
                    self.bin.display(),
                    out.stdout.trim()
                ))
            })
    }

    /// The flag that rolls back a failed upgrade: Helm 3 `--atomic`, Helm 4 `--rollback-on-failure`.
    pub fn rollback_flag(major: u32) -> &'static str {
        if major >= 4 {
            "--rollback-on-failure"
        } else {
            "--atomic"
        }
    }

    /// Runs `helm ARGS… <connection flags>`; stops it on Ctrl-C.
    pub async fn run(&self, args: &[OsString]) -> Result<HelmOutput> {
        let mut cmd = tokio::process::Command::new(&self.bin);
        cmd.args(args)
            .args(&self.connection)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let child = cmd
            .spawn()
            .map_err(|e| Error::Other(format!("cannot run {}: {e}", self.bin.display())))?;
        tokio::select! {
            out = child.wait_with_output() => {
                let out = out.map_err(|e| Error::Other(format!("waiting for {}: {e}", self.bin.display())))?;
                Ok(HelmOutput {
                    success: out.status.success(),
                    stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                    stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                })
            }
            // Dropping the child (kill_on_drop) stops Helm.
            _ = tokio::signal::ctrl_c() => Err(Error::Interrupted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_flag_follows_the_helm_version() {
        assert_eq!(Helm::rollback_flag(3), "--atomic");
        assert_eq!(Helm::rollback_flag(4), "--rollback-on-failure");
    }

    #[test]
    fn helm_bin_wins_over_path() {
        let h = Helm::locate(
            |k| (k == "HELM_BIN").then(|| "/opt/helm/bin/helm".to_string()),
            vec![],
        )
        .unwrap();
        assert_eq!(h.bin, PathBuf::from("/opt/helm/bin/helm"));
    }
}
