//! Resolving which cluster to talk to and as whom, the way kubectl does:
//! `--kubeconfig` alone, else the `KUBECONFIG` list merged (first file to set a key wins),
//! else `~/.kube/config`; `--context` else `current-context`. Tokens, client certificates,
//! exec credential plugins and proxies come from kube-rs, which implements them as client-go does.

use std::path::PathBuf;
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};

use crate::error::{Error, Result};

/// What the user said about the connection, before anything is read from disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectOptions {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    /// Per request; `None` means no timeout (kubectl's `--request-timeout=0`).
    pub request_timeout: Option<Duration>,
    /// Who to be and which server to ask, over what the kubeconfig says.
    pub identity: Identity,
}

/// What kubectl's `--server`, `--token`, `--as`, `--as-group`, `--certificate-authority`,
/// `--insecure-skip-tls-verify` and `--tls-server-name` (Helm's `--kube-apiserver`,
/// `--kube-token`, `--kube-as-user`, …) set over the kubeconfig context. Each `None`/empty
/// leaves the kubeconfig's setting.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub server: Option<String>,
    pub token: Option<String>,
    /// Impersonation (`Impersonate-User`).
    pub as_user: Option<String>,
    /// Impersonation (`Impersonate-Group`, one per group).
    pub as_groups: Vec<String>,
    pub ca_file: Option<PathBuf>,
    pub insecure_skip_tls_verify: bool,
    pub tls_server_name: Option<String>,
}

impl std::fmt::Debug for Identity {
    // Never the token: Debug output ends up in test failures and logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("server", &self.server)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("as_user", &self.as_user)
            .field("as_groups", &self.as_groups)
            .field("ca_file", &self.ca_file)
            .field("insecure_skip_tls_verify", &self.insecure_skip_tls_verify)
            .field("tls_server_name", &self.tls_server_name)
            .finish()
    }
}

impl Identity {
    /// Sets what was given over the kubeconfig's `config`.
    fn apply(&self, config: &mut kube::Config) -> Result<()> {
        if let Some(server) = &self.server {
            config.cluster_url = server
                .parse()
                .map_err(|e| Error::Usage(format!("--server {server} is not a URL: {e}")))?;
        }
        if let Some(token) = &self.token {
            config.auth_info.token = Some(token.clone().into());
            config.auth_info.token_file = None;
            config.auth_info.exec = None;
            config.auth_info.auth_provider = None;
        }
        if let Some(user) = &self.as_user {
            config.auth_info.impersonate = Some(user.clone());
        }
        if !self.as_groups.is_empty() {
            config.auth_info.impersonate_groups = Some(self.as_groups.clone());
        }
        if let Some(ca) = &self.ca_file {
            if !ca.is_file() {
                return Err(Error::Kubeconfig(format!(
                    "certificate authority file {} does not exist",
                    ca.display()
                )));
            }
            config.root_cert_file = Some(ca.clone());
        }
        if self.insecure_skip_tls_verify {
            config.accept_invalid_certs = true;
        }
        if let Some(name) = &self.tls_server_name {
            config.tls_server_name = Some(name.clone());
        }
        Ok(())
    }
}

/// The resolved connection: enough to build a client and to name the cluster in errors.
pub struct Resolved {
    pub config: kube::Config,
    pub context: String,
    /// The kubeconfig's name for the context's cluster (what `backup` records).
    pub cluster_name: String,
    pub server: String,
}

/// Every context name in the kubeconfig, in its order (`--all-contexts`).
pub fn context_names(opts: &ConnectOptions) -> Result<Vec<String>> {
    let kubeconfig = read_kubeconfig(opts)?;
    let names: Vec<String> = kubeconfig.contexts.into_iter().map(|c| c.name).collect();
    if names.is_empty() {
        return Err(Error::Kubeconfig("it has no contexts".to_string()));
    }
    Ok(names)
}

/// The kubeconfig as kubectl reads it: `--kubeconfig` alone; else each file of `KUBECONFIG`
/// that exists, merged (client-go skips missing ones); else `~/.kube/config`.
pub fn read_kubeconfig(opts: &ConnectOptions) -> Result<Kubeconfig> {
    if let Some(path) = &opts.kubeconfig {
        return read_file(path);
    }
    let listed: Vec<PathBuf> = std::env::var_os("KUBECONFIG")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        let default = std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".kube").join("config"))
            .filter(|p| p.exists());
        return match default {
            Some(path) => read_file(&path),
            None => Err(Error::Kubeconfig(
                "none found: KUBECONFIG is not set and ~/.kube/config does not exist; pass --kubeconfig or set KUBECONFIG"
                    .to_string(),
            )),
        };
    }
    let present: Vec<&PathBuf> = listed.iter().filter(|p| p.exists()).collect();
    if present.is_empty() {
        let names: Vec<String> = listed.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Kubeconfig(format!(
            "none of the files in KUBECONFIG exists ({}); pass --kubeconfig or fix KUBECONFIG",
            names.join(", ")
        )));
    }
    let mut merged = Kubeconfig::default();
    for path in present {
        let next = read_file(path)?;
        merged = merged
            .merge(next)
            .map_err(|e| Error::Kubeconfig(format!("{}: {}", path.display(), one_line(&e))))?;
    }
    Ok(merged)
}

fn read_file(path: &std::path::Path) -> Result<Kubeconfig> {
    Kubeconfig::read_from(path).map_err(|e| Error::Kubeconfig(describe(path, &e)))
}

/// kube's own wording quotes the path twice (`'"/x"'`) and the YAML parser draws a
/// multi-line snippet; a terminal line wants the path once and the parser's first sentence.
fn describe(path: &std::path::Path, e: &KubeconfigError) -> String {
    let path = path.display();
    match e {
        KubeconfigError::ReadConfig(io, _) => format!("cannot read {path}: {}", io_words(io)),
        KubeconfigError::Parse(yaml) => {
            let text = yaml.without_snippet().to_string();
            let first = text.lines().next().unwrap_or_default().trim();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            format!("{path} is not a valid kubeconfig: {first}")
        }
        other => format!("{path}: {}", one_line(other)),
    }
}

/// "No such file or directory (os error 2)" → "no such file or directory", as kubectl words it.
fn io_words(io: &std::io::Error) -> String {
    let text = io.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text.to_string(),
    }
}

pub async fn resolve(opts: &ConnectOptions) -> Result<Resolved> {
    let kubeconfig = read_kubeconfig(opts)?;
    let context = context_of(opts, &kubeconfig)?;
    let cluster_name = kubeconfig
        .contexts
        .iter()
        .find(|c| c.name == context)
        .and_then(|c| c.context.as_ref())
        .map(|c| c.cluster.clone())
        .unwrap_or_default();
    let options = KubeConfigOptions {
        context: Some(context.clone()),
        ..Default::default()
    };
    let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|e| Error::Kubeconfig(format!("context \"{context}\": {}", one_line(&e))))?;
    opts.identity.apply(&mut config)?;
    // claw retries reads itself (429 and every 5xx, honouring Retry-After) so that it can
    // count attempts and bound them by --request-timeout; kube's own retry layer would retry underneath.
    config.default_retry = false;
    if let Some(t) = opts.request_timeout {
        config.connect_timeout = Some(t);
        config.read_timeout = Some(t);
        config.write_timeout = Some(t);
        config.reset_reader_on_write = true;
    }
    let server = config
        .cluster_url
        .to_string()
        .trim_end_matches('/')
        .to_string();
    Ok(Resolved {
        config,
        context,
        cluster_name,
        server,
    })
}

/// The context to use (`--context`, else `current-context`), which must exist.
fn context_of(opts: &ConnectOptions, kubeconfig: &Kubeconfig) -> Result<String> {
    let context = opts
        .context
        .clone()
        .or_else(|| kubeconfig.current_context.clone())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            Error::Kubeconfig("no current-context is set; pass --context NAME".to_string())
        })?;
    if !kubeconfig.contexts.iter().any(|c| c.name == context) {
        let known: Vec<_> = kubeconfig
            .contexts
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        return Err(Error::Kubeconfig(format!(
            "context \"{context}\" does not exist (known: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    Ok(context)
}

/// Error chains from kube and hyper nest several levels deep; users want the whole story
/// on one line, without repeats.
pub(crate) fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        let msg = err.to_string();
        if !msg.is_empty() && !parts.iter().any(|p| p.contains(&msg)) {
            parts.push(msg);
        }
        cur = err.source();
    }
    parts.join(": ").replace('\n', " ")
}
