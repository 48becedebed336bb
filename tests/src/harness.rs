//! One fake cluster plus a kubeconfig for it, and the plugins run against it as processes.

use std::path::PathBuf;

use crate::bins::{self, Output};
use crate::server::FakeApi;
use crate::store::Store;

pub const TOKEN: &str = "fake-token-7f3a";

/// What Helm 3 and 4 print after a plugin that exited non-zero.
pub const HELM_PLUGIN_FAILED: &str = "Error: plugin \"claw\" exited with error\n";

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

    /// `helm claw ARGS` as a user types it, run by the real Helm 4 with the plugin installed:
    /// Helm strips its own flags (`-n`, `--kube-context`, …) and passes them as environment.
    /// A `HELM_BIN` in `env` becomes Helm's `argv[0]`, which Helm hands the plugin as `HELM_BIN`
    /// (so claw runs that Helm, e.g. the fake one, while the real one hosts the plugin); every
    /// other entry of `env` is the user's environment (`HELM_NAMESPACE`, `HELM_KUBECONTEXT`).
    pub fn helm_claw(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.helm_claw_with("helm4", args, env)
    }

    /// [`Harness::helm_claw`] with `helm` (`helm3` or `helm4`) as the host.
    pub fn helm_claw_with(&self, helm: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        let home = self.dir.path().join(format!("{helm}-home"));
        let mut c = bins::helm_command(helm, &home);
        let plugins = home.join("helm-data/plugins");
        if !plugins.join("claw").is_dir() {
            bins::link_helm_plugin(&plugins.join("claw"));
        }
        c.env("HELM_PLUGINS", &plugins)
            .env("KUBECONFIG", &self.kubeconfig)
            .arg("claw")
            .args(args);
        for (k, v) in env {
            if *k == "HELM_BIN" {
                std::os::unix::process::CommandExt::arg0(&mut c, v);
            } else {
                c.env(k, v);
            }
        }
        let mut out = bins::run(&mut c);
        // Helm's own line after a plugin that failed (its exit code passes through): what
        // claw printed is the rest.
        if out.code != 0
            && let Some(claw) = out.stderr.strip_suffix(HELM_PLUGIN_FAILED)
        {
            out.stderr = claw.to_string();
        }
        out
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
