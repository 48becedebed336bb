//! Everything a command needs to know about where and how it runs, built in one place for every
//! command, completion included: the host, the connection, the scope, where Helm keeps releases,
//! the output options, and which Helm to run. Built from the global flags and the environment
//! before anything touches the network.

pub mod many;

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::cluster::Driver;
use crate::cluster::{
    Cluster, ConnectOptions, Connected, DEFAULT_CHUNK_SIZE, Identity, Intent, ListConsistency,
    ScopeRequest,
};
use crate::error::{Error, Result};
use crate::helm::Helm;
use crate::host::{Host, ParentProcess};
use crate::output::{OutputFormat, OutputOptions};

/// Connection and output flags, accepted before or after the subcommand, spelled as kubectl
/// spells them (kubectl rejects its own flags before a plugin name, so the plugin parses them).
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (overrides KUBECONFIG)
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use; several (a,b or repeated) for status, bots, health,
    /// doctor and events, which then show every cluster in one view
    #[arg(long, global = true, value_name = "NAME", value_delimiter = ',')]
    pub context: Vec<String>,

    /// Every context of the kubeconfig (status, bots, health, doctor, events)
    #[arg(long, global = true, conflicts_with = "context")]
    pub all_contexts: bool,

    /// Only this namespace: what is read and changed (default: all namespaces; install: claw-machine)
    #[arg(short = 'n', long, global = true, value_name = "NS")]
    pub namespace: Option<String>,

    /// All namespaces (the default for lists; overrides a namespace from the environment)
    #[arg(short = 'A', long, global = true, conflicts_with = "namespace")]
    pub all_namespaces: bool,

    /// How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s", value_parser = crate::duration::parse)]
    pub request_timeout: Duration,

    /// Output format
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Omit table headers
    #[arg(long, global = true)]
    pub no_headers: bool,

    /// Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]
    #[arg(long, global = true, value_name = "DRIVER", hide_short_help = true)]
    pub helm_driver: Option<String>,

    /// Log each API request on stderr (method, URL, status, time, size; never credentials)
    #[arg(short = 'v', long = "verbose", global = true)]
    pub verbose: bool,

    /// Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Items per LIST page (0 fetches each list in one response)
    #[arg(long, global = true, value_name = "N", default_value_t = DEFAULT_CHUNK_SIZE, hide_short_help = true)]
    pub chunk_size: u32,

    /// The API server's address, over the kubeconfig's
    #[arg(
        short = 's',
        long,
        global = true,
        value_name = "URL",
        hide_short_help = true
    )]
    pub server: Option<String>,

    /// Bearer token for the API server, over the kubeconfig's
    #[arg(long, global = true, value_name = "TOKEN", hide_short_help = true)]
    pub token: Option<String>,

    /// User to impersonate
    #[arg(
        long = "as",
        global = true,
        value_name = "USER",
        hide_short_help = true
    )]
    pub as_user: Option<String>,

    /// Group to impersonate (repeat for several)
    #[arg(
        long = "as-group",
        global = true,
        value_name = "GROUP",
        hide_short_help = true
    )]
    pub as_groups: Vec<String>,

    /// Certificate authority file for the API server
    #[arg(long, global = true, value_name = "PATH", hide_short_help = true, value_hint = clap::ValueHint::FilePath)]
    pub certificate_authority: Option<PathBuf>,

    /// Do not verify the API server's certificate (insecure)
    #[arg(long, global = true, hide_short_help = true)]
    pub insecure_skip_tls_verify: bool,

    /// Server name to check the API server's certificate against
    #[arg(long, global = true, value_name = "NAME", hide_short_help = true)]
    pub tls_server_name: Option<String>,
}

impl GlobalArgs {
    /// Which contexts the run covers, and the one context when it is one.
    fn contexts(&self) -> (Contexts, Option<String>) {
        let mut names = self.context.clone();
        names.retain(|c| !c.trim().is_empty());
        names.dedup();
        match (self.all_contexts, names.len()) {
            (true, _) => (Contexts::All, None),
            (false, 0 | 1) => (Contexts::One, names.first().cloned()),
            (false, _) => (Contexts::These(names), None),
        }
    }

    /// Who to be, as kubectl's flags say.
    fn identity(&self) -> Identity {
        Identity {
            server: self.server.clone(),
            token: self.token.clone(),
            as_user: self.as_user.clone(),
            as_groups: self.as_groups.clone(),
            ca_file: self.certificate_authority.clone(),
            insecure_skip_tls_verify: self.insecure_skip_tls_verify,
            tls_server_name: self.tls_server_name.clone(),
        }
    }
}

/// What every command runs with.
#[derive(Debug, Clone)]
pub struct Context {
    pub host: Host,
    pub connect: ConnectOptions,
    pub scope: ScopeRequest,
    pub helm_driver: Driver,
    pub output: OutputOptions,
    pub chunk_size: u32,
    pub verbose: bool,
    /// `HELM_BIN` (Helm sets it for its plugins).
    pub helm_bin: Option<String>,
    /// The time to judge ages and `--since` by: the wall clock, unless a test fixes it.
    pub clock: Option<jiff::Timestamp>,
    /// Where the release cache lives; `None` with `--no-cache` (or no home to put it in).
    pub cache_dir: Option<PathBuf>,
    /// More than one cluster asked for (`--context a,b`, `--all-contexts`).
    pub contexts: Contexts,
    /// Whether the command changes the cluster: a write acts only where the user pointed
    /// (see [`ScopeRequest::resolve`]).
    pub intent: Intent,
    /// Where LISTs are read from: the watch cache for read-only views, consistently otherwise.
    pub reads: ListConsistency,
}

/// Which kubeconfig contexts a run covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contexts {
    /// One: `connect.context`, or the kubeconfig's current context.
    One,
    /// These, in this order.
    These(Vec<String>),
    /// Every context of the kubeconfig.
    All,
}

impl Context {
    /// The context for `host`, from the global flags and the environment (`env` is
    /// `std::env::var` in a real run; `parent`, what claw could read of the process that
    /// started it, which under Helm tells whether `-n` was given). Fails only on a bad
    /// `--helm-driver`/HELM_DRIVER.
    pub fn new(
        host: Host,
        g: &GlobalArgs,
        color: bool,
        env: &dyn Fn(&str) -> Option<String>,
        parent: Option<&ParentProcess>,
    ) -> Result<Context> {
        if let Some(ns) = &g.namespace {
            // `-n a/b` would become a path; `-n ""` a namespace nobody has.
            crate::cluster::names::check_namespace(ns)?;
        }
        let (contexts, one) = g.contexts();
        let mut connect = ConnectOptions {
            kubeconfig: g.kubeconfig.clone(),
            context: one,
            request_timeout: (!g.request_timeout.is_zero()).then_some(g.request_timeout),
            identity: g.identity(),
        };
        let mut scope = ScopeRequest {
            namespace: g.namespace.clone(),
            all_namespaces: g.all_namespaces,
            host_namespace: None,
        };
        host.apply_environment(&mut connect, &mut scope, env, parent);
        let driver = g.helm_driver.clone().or_else(|| env("HELM_DRIVER"));
        let helm_driver = Driver::parse(driver.as_deref().unwrap_or("")).map_err(Error::Usage)?;
        Ok(Context {
            host,
            connect,
            scope,
            helm_driver,
            output: OutputOptions {
                format: g.output,
                no_headers: g.no_headers,
                color,
                merged: false,
                live: false,
            },
            chunk_size: g.chunk_size,
            verbose: g.verbose,
            helm_bin: env("HELM_BIN"),
            // A fixed "now" for tests that run the plugins as processes (RFC 3339); not for
            // users, and so not in the help.
            clock: env("CLAW_NOW").and_then(|t| t.parse().ok()),
            cache_dir: if g.no_cache {
                None
            } else {
                crate::releases::cache::default_dir(env)
            },
            contexts,
            intent: Intent::Read,
            reads: ListConsistency::Consistent,
        })
    }

    /// The same context, its LISTs read as `reads` says.
    pub fn with_reads(mut self, reads: ListConsistency) -> Context {
        self.reads = reads;
        self
    }

    /// The same context, for a command that does `intent`.
    pub fn with_intent(mut self, intent: Intent) -> Context {
        self.intent = intent;
        self
    }

    /// The namespace the user named (`-n`, or Helm's when given), if any.
    pub fn named_namespace(&self) -> Option<&str> {
        self.scope.named_namespace(self.intent)
    }

    /// Now, as this context tells time.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.unwrap_or_else(jiff::Timestamp::now)
    }

    /// The same context, but no request waits longer than `limit` (for `version` and completion,
    /// which must not hang on a cluster that is away).
    pub fn with_request_timeout_at_most(mut self, limit: Duration) -> Context {
        self.connect.request_timeout = Some(
            self.connect
                .request_timeout
                .unwrap_or(Duration::MAX)
                .min(limit),
        );
        self
    }

    /// The same context, for kubeconfig context `name` alone.
    pub fn for_context(&self, name: &str) -> Context {
        let mut c = self.clone();
        c.connect.context = Some(name.to_string());
        c.contexts = Contexts::One;
        c.output.merged = true;
        c
    }

    /// The contexts a multi-cluster run covers, or `None` for a run on one.
    pub fn many(&self) -> Result<Option<Vec<String>>> {
        match &self.contexts {
            Contexts::One => Ok(None),
            Contexts::These(names) => Ok(Some(names.clone())),
            Contexts::All => crate::cluster::context_names(&self.connect).map(Some),
        }
    }

    /// Fails with a usage error when several contexts were asked for a command that works on
    /// one (everything but the read views).
    pub fn one_only(&self, command: &str) -> Result<()> {
        match self.contexts {
            Contexts::One => Ok(()),
            _ => Err(Error::Usage(format!(
                "{command} works on one cluster: pass one --context (several, or --all-contexts, only for status, bots, health, doctor and events)"
            ))),
        }
    }

    /// The cluster as the kubeconfig says, and the scope resolved against its context.
    pub async fn connect(&self) -> Result<Connected> {
        let cluster = Cluster::connect(&self.connect)
            .await?
            .with_chunk_size(self.chunk_size)
            .with_list_consistency(self.reads)
            .with_verbose(self.verbose);
        let scope = self.scope.resolve(&cluster.context_namespace, self.intent);
        Ok(Connected {
            cluster,
            scope,
            driver: self.helm_driver,
            cache_dir: self.cache_dir.clone(),
        })
    }

    /// Helm, told which cluster to use the way claw was told.
    pub fn helm(&self) -> Result<Helm> {
        let mut connection: Vec<OsString> = Vec::new();
        if let Some(ctx) = &self.connect.context {
            connection.push("--kube-context".into());
            connection.push(ctx.into());
        }
        if let Some(kc) = &self.connect.kubeconfig {
            connection.push("--kubeconfig".into());
            connection.push(kc.into());
        }
        connection.extend(
            self.connect
                .identity
                .helm_flags()
                .into_iter()
                .map(Into::into),
        );
        let mut helm = Helm::locate(self.helm_bin.as_deref(), connection)?;
        // Never on the argv, where every user of the machine can read it.
        if let Some(token) = &self.connect.identity.token {
            helm.env.push(("HELM_KUBETOKEN".into(), token.clone()));
        }
        Ok(helm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(pk, _)| *pk == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_helm_driver_comes_from_the_flag_else_the_environment() {
        let g = GlobalArgs::default();
        let ctx = Context::new(
            Host::Kubectl,
            &g,
            false,
            &env_of(&[("HELM_DRIVER", "configmap")]),
            None,
        );
        assert_eq!(ctx.unwrap().helm_driver, Driver::ConfigMaps);
        let g = GlobalArgs {
            helm_driver: Some("secret".into()),
            ..Default::default()
        };
        let ctx = Context::new(
            Host::Kubectl,
            &g,
            false,
            &env_of(&[("HELM_DRIVER", "configmap")]),
            None,
        );
        assert_eq!(ctx.unwrap().helm_driver, Driver::Secrets);
        let g = GlobalArgs {
            helm_driver: Some("sql".into()),
            ..Default::default()
        };
        let err = Context::new(Host::Kubectl, &g, false, &env_of(&[]), None).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
    }

    #[test]
    fn helm_gets_the_connection_claw_was_given() {
        let g = GlobalArgs {
            context: vec!["prod".into()],
            kubeconfig: Some("/k/config".into()),
            ..Default::default()
        };
        let ctx = Context::new(
            Host::Kubectl,
            &g,
            false,
            &env_of(&[("HELM_BIN", "/bin/true")]),
            None,
        )
        .unwrap();
        let helm = ctx.helm().unwrap();
        assert_eq!(
            helm.connection,
            ["--kube-context", "prod", "--kubeconfig", "/k/config"]
        );
    }

    #[test]
    fn request_timeouts_are_capped_not_raised() {
        let g = GlobalArgs {
            request_timeout: Duration::from_secs(2),
            ..Default::default()
        };
        let ctx = Context::new(Host::Kubectl, &g, false, &env_of(&[]), None).unwrap();
        let capped = ctx.with_request_timeout_at_most(Duration::from_secs(5));
        assert_eq!(capped.connect.request_timeout, Some(Duration::from_secs(2)));
        let unbounded = GlobalArgs::default(); // request_timeout zero: no limit
        let ctx = Context::new(Host::Kubectl, &unbounded, false, &env_of(&[]), None).unwrap();
        let capped = ctx.with_request_timeout_at_most(Duration::from_secs(5));
        assert_eq!(capped.connect.request_timeout, Some(Duration::from_secs(5)));
    }
}
