//! Helm as a subprocess: found as `$HELM_BIN` or `helm` on PATH, its version told, and run with
//! the connection flags claw was given; a Ctrl-C stops it.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;

use super::invocation::{self, HelmMajor};
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Helm {
    pub bin: PathBuf,
    /// Connection flags passed on to every Helm command (`--kube-context`, `--kubeconfig`,
    /// `--kube-as-user`, …).
    pub connection: Vec<OsString>,
    /// Environment set for every Helm command (`HELM_KUBETOKEN`: a token never goes on argv).
    pub env: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct HelmOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl HelmOutput {
    /// Helm's own reason for failing, on one line ("Error: UPGRADE FAILED: …"): its last
    /// `Error:` line with the lines that go on from it up to a blank one (a schema error lists
    /// each failing value there; Helm's hints come after a blank line), else its last line.
    pub fn reason(&self) -> String {
        const DETAIL_LINES: usize = 8;
        let lines: Vec<&str> = self.stderr.lines().map(str::trim).collect();
        let Some(at) = lines.iter().rposition(|l| l.starts_with("Error:")) else {
            return lines
                .iter()
                .rev()
                .find(|l| !l.is_empty())
                .unwrap_or(&"helm failed without a message")
                .to_string();
        };
        let detail: Vec<&str> = lines[at + 1..]
            .iter()
            .copied()
            .take_while(|l| !l.is_empty())
            .collect();
        let mut reason = std::iter::once(lines[at])
            .chain(detail.iter().copied().take(DETAIL_LINES))
            .collect::<Vec<_>>()
            .join(" ");
        if detail.len() > DETAIL_LINES {
            reason.push_str(&format!(" (+{} more lines)", detail.len() - DETAIL_LINES));
        }
        reason
    }
}

impl Helm {
    /// `HELM_BIN` when set (Helm sets it for its plugins), else `helm` from PATH.
    pub fn locate(helm_bin: Option<&str>, connection: Vec<OsString>) -> Result<Helm> {
        let bin = match helm_bin.filter(|b| !b.is_empty()) {
            Some(b) => which::which(b).unwrap_or_else(|_| PathBuf::from(b)),
            None => which::which("helm").map_err(|_| {
                Error::Other(
                    "helm is not on PATH: install Helm 3.14 or newer, or set HELM_BIN".into(),
                )
            })?,
        };
        Ok(Helm {
            bin,
            connection,
            env: Vec::new(),
        })
    }

    /// 3 or 4, from `helm version`.
    pub async fn major_version(&self) -> Result<HelmMajor> {
        let out = self.run(&invocation::version()).await?;
        let v = out.stdout.trim().trim_start_matches('v');
        let major: Option<u32> = v.split('.').next().and_then(|m| m.parse().ok());
        match major.filter(|_| out.success) {
            Some(m) if m >= 4 => Ok(HelmMajor::Four),
            Some(3) => Ok(HelmMajor::Three),
            _ => Err(Error::Other(format!(
                "cannot tell the Helm version from `{} version`: {}",
                self.bin.display(),
                out.stdout.trim()
            ))),
        }
    }

    /// Runs `helm ARGS… <connection flags>`; stops it on Ctrl-C.
    pub async fn run(&self, args: &[OsString]) -> Result<HelmOutput> {
        let mut cmd = tokio::process::Command::new(&self.bin);
        cmd.args(args)
            .args(&self.connection)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
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
                // Ctrl-C reaches the whole process group: Helm may end of it before claw hears it.
                if interrupted(&out.status) {
                    return Err(Error::Interrupted);
                }
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

/// Whether Helm ended of a Ctrl-C (SIGINT) rather than on its own.
#[cfg(unix)]
fn interrupted(status: &std::process::ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(libc::SIGINT)
}

#[cfg(not(unix))]
fn interrupted(_: &std::process::ExitStatus) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reason_is_helms_error_line_not_its_hint() {
        let out = HelmOutput {
            success: false,
            stdout: String::new(),
            stderr: "Error: execution error at (x): password must be set\n\nUse --debug flag to render out invalid YAML\n".into(),
        };
        assert_eq!(
            out.reason(),
            "Error: execution error at (x): password must be set"
        );
        let plain = HelmOutput {
            stderr: "something broke\n".into(),
            ..out
        };
        assert_eq!(plain.reason(), "something broke");
        // Helm 4's schema error names each value on the lines after its Error: line.
        let schema = HelmOutput {
            success: false,
            stdout: String::new(),
            stderr: "Error: INSTALLATION FAILED: values don't meet the specifications of the schema(s) in the following chart(s):\npicoclaw:\n- at '/replicas': got string, want integer\n\n".into(),
        };
        assert_eq!(
            schema.reason(),
            "Error: INSTALLATION FAILED: values don't meet the specifications of the schema(s) in the following chart(s): picoclaw: - at '/replicas': got string, want integer"
        );
    }

    #[test]
    fn helm_bin_wins_over_path() {
        let h = Helm::locate(Some("/opt/helm/bin/helm"), vec![]).unwrap();
        assert_eq!(h.bin, PathBuf::from("/opt/helm/bin/helm"));
    }
}
