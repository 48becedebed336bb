//! One fake cluster plus a kubeconfig for it, and the plugins run against it as processes.

use std::path::PathBuf;

use crate::bins::{self, Output};
use crate::server::FakeApi;
use crate::store::Store;

pub const TOKEN: &str = "fake-token-7f3a";

/// The page size claw lists with (kubectl's).
pub const PAGE: usize = 500;

/// How many pages a LIST of `items` objects takes.
pub fn pages(items: usize) -> usize {
    items.div_ceil(PAGE).max(1)
}

pub struct Harness {
    pub api: FakeApi,
    pub dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
}

impl Harness {
    pub fn new(store: Store) -> Harness {
        let api = FakeApi::start(store);
        api.require_token(TOKEN);
        let dir = tempfile::tempdir().expect("tempdir");
        let kubeconfig = api.kubeconfig(dir.path(), TOKEN);
        Harness {
            api,
            dir,
            kubeconfig,
        }
    }

    pub fn recorded() -> Harness {
        Harness::new(crate::recorded::store())
    }

    /// `kubectl-claw ARGS` with KUBECONFIG pointing at the fake.
    pub fn kubectl_claw(&self, args: &[&str]) -> Output {
        self.kubectl_claw_env(args, &[])
    }

    pub fn kubectl_claw_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = bins::clean_command(bins::plugin("kubectl-claw"), self.dir.path());
        c.env("KUBECONFIG", &self.kubeconfig).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        bins::run(&mut c)
    }

    /// `helm-claw ARGS` as Helm runs it: connection settings in HELM_* variables.
    pub fn helm_claw(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = bins::clean_command(bins::plugin("helm-claw"), self.dir.path());
        c.env("KUBECONFIG", &self.kubeconfig)
            .env("HELM_NAMESPACE", "default")
            .env("HELM_BIN", "helm")
            .args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        bins::run(&mut c)
    }

    /// A kubeconfig whose context `context` points at a loopback port nothing listens on;
    /// returns its path and that server's URL.
    pub fn unreachable_kubeconfig(&self, context: &str) -> (PathBuf, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let server = format!(
            "https://127.0.0.1:{}",
            listener.local_addr().expect("addr").port()
        );
        drop(listener);
        let yaml = self
            .api
            .kubeconfig_yaml(context, "default", "token: x")
            .replace(&self.api.url(), &server);
        let path = self.dir.path().join(format!("unreachable-{context}"));
        std::fs::write(&path, yaml).expect("write kubeconfig");
        (path, server)
    }

    /// Requests served so far that were not a LIST's later page (no `continue` token).
    pub fn first_pages(&self) -> Vec<crate::Logged> {
        self.api
            .requests()
            .into_iter()
            .filter(|r| !r.query.contains_key("continue"))
            .collect()
    }

    /// How many requests to `path` were a LIST's later pages.
    pub fn later_pages(&self, path: &str) -> usize {
        self.api
            .requests()
            .iter()
            .filter(|r| r.path == path && r.query.contains_key("continue"))
            .count()
    }

    /// Requests served so far whose path is exactly `path`.
    pub fn requests_to(&self, path: &str) -> usize {
        self.api
            .requests()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }
}

/// A kubeconfig with one context per `(name, server URL)`, all trusting `ca_b64` (the fake
/// servers share no CA, so each entry brings its own) and using the rig's token; the first is
/// the current context.
pub fn kubeconfig_of(contexts: &[(&str, String, String)]) -> String {
    let mut clusters = String::new();
    let mut ctxs = String::new();
    let mut users = String::new();
    for (name, server, ca) in contexts {
        clusters.push_str(&format!(
            "  - name: {name}\n    cluster:\n      server: {server}\n      certificate-authority-data: {ca}\n"
        ));
        ctxs.push_str(&format!(
            "  - name: {name}\n    context:\n      cluster: {name}\n      user: {name}\n      namespace: default\n"
        ));
        users.push_str(&format!(
            "  - name: {name}\n    user:\n      token: {TOKEN}\n"
        ));
    }
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: {}\nclusters:\n{clusters}contexts:\n{ctxs}users:\n{users}",
        contexts.first().map_or("", |c| c.0)
    )
}

/// Parses stdout as JSON, failing the test with the output when it is not.
pub fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); exit {}\nstdout:\n{}\nstderr:\n{}",
            out.code, out.stdout, out.stderr
        )
    })
}

/// The bot named `name` in a `Status` document's `bots`, failing the test when it is not there.
pub fn bot_in<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["bots"]
        .as_array()
        .unwrap_or_else(|| panic!("no bots in {doc:#}"))
        .iter()
        .find(|b| b["name"] == name)
        .unwrap_or_else(|| panic!("bot {name} missing from {doc:#}"))
}
