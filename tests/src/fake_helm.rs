//! claw run against a fake cluster with the fake Helm of `tests/fake-helm/helm` as HELM_BIN,
//! which records every call (argv, values files and their modes, the chart) and hands
//! `helm template`/`pull`/`show` to the real Helm 4.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bins::{self, Output};
use crate::{Harness, Store};

pub struct Rig {
    pub h: Harness,
    pub calls: tempfile::TempDir,
}

impl Rig {
    pub fn new(store: Store) -> Rig {
        Rig {
            h: Harness::new(store),
            calls: tempfile::tempdir().unwrap(),
        }
    }

    pub fn helm_path() -> PathBuf {
        bins::workspace_root().join("tests/fake-helm/helm")
    }

    /// `kubectl claw ARGS` with the fake Helm, and `env` besides.
    pub fn claw(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let helm = Self::helm_path();
        let mut all: Vec<(&str, &str)> = vec![
            ("HELM_BIN", helm.to_str().unwrap()),
            ("FAKE_HELM_DIR", self.calls.path().to_str().unwrap()),
        ];
        all.extend_from_slice(env);
        self.h.kubectl_claw_env(args, &all)
    }

    /// `kubectl claw ARGS` with the fake Helm, started in the background.
    pub fn spawn(&self, args: &[&str], env: &[(&str, &str)]) -> crate::process::Spawned {
        let mut c = bins::clean_command(bins::plugin("kubectl-claw"), self.h.dir.path());
        c.env("KUBECONFIG", &self.h.kubeconfig)
            .env("HELM_BIN", Self::helm_path())
            .env("FAKE_HELM_DIR", self.calls.path())
            .args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        crate::process::Spawned::start(c)
    }

    /// The argv of each call that changes something (install, upgrade, uninstall, rollback), in
    /// order.
    pub fn calls(&self) -> Vec<Vec<String>> {
        self.all_calls()
            .into_iter()
            .filter(|a| {
                matches!(
                    a[0].as_str(),
                    "install" | "upgrade" | "uninstall" | "rollback"
                )
            })
            .collect()
    }

    /// The argv of every call but `version`, in order.
    pub fn all_calls(&self) -> Vec<Vec<String>> {
        let mut n = 1;
        let mut out = Vec::new();
        while let Ok(argv) = std::fs::read_to_string(self.call_dir(n).join("argv")) {
            let argv: Vec<String> = argv.lines().map(str::to_string).collect();
            if argv.first().map(String::as_str) != Some("version") {
                out.push(argv);
            }
            n += 1;
        }
        out
    }

    pub fn call_dir(&self, n: usize) -> PathBuf {
        self.calls.path().join(format!("call-{n}"))
    }

    /// The call directory of the n-th call that changes something.
    pub fn nth(&self, n: usize) -> PathBuf {
        let mut seen = 0;
        for i in 1.. {
            let argv = std::fs::read_to_string(self.call_dir(i).join("argv"))
                .unwrap_or_else(|_| panic!("fewer than {n} changing calls"));
            if matches!(
                argv.lines().next(),
                Some("install" | "upgrade" | "uninstall" | "rollback")
            ) {
                seen += 1;
                if seen == n {
                    return self.call_dir(i);
                }
            }
        }
        unreachable!()
    }
}

/// A YAML (or JSON) file as a value.
pub fn yaml_file(p: &Path) -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Every file under `dir`, recursively.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
