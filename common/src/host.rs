//! The two hosts claw runs under, and how each hands over connection settings.
//!
//! kubectl execs `kubectl-claw` with the arguments as typed, so everything comes as flags.
//! Helm strips its own global flags from a plugin's arguments — before the plugin's name, and
//! after it too (`-n`, `--namespace`, `--kube-context`, `--kubeconfig`, `--kube-token`,
//! `--kube-as-user`, … wherever they stand) — and passes them as environment instead:
//! `HELM_NAMESPACE` (always set, already resolved: the flag, else Helm's own `HELM_NAMESPACE`
//! variable, else the kubeconfig context's namespace, else `default`), `HELM_KUBECONTEXT`
//! (empty unless given), `KUBECONFIG` (only when `--kubeconfig` was given), and
//! `HELM_KUBETOKEN`, `HELM_KUBEASUSER`, `HELM_KUBEASGROUPS`, `HELM_KUBEAPISERVER`,
//! `HELM_KUBECAFILE`, `HELM_KUBEINSECURE_SKIP_TLS_VERIFY`, `HELM_KUBETLS_SERVER_NAME` (empty
//! unless given). Checked on Helm 3.17.2 and 4.1.4 with a plugin that prints what it gets.
//!
//! So `helm claw … -n default` and `helm claw …` look the same to the plugin. What tells them
//! apart is the Helm process itself, claw's parent: its argv holds `-n default` when the user
//! typed it, and its environment holds `HELM_NAMESPACE` when the user exported it. claw reads
//! both (Linux `/proc/PPID/{cmdline,environ}`), after checking that the parent is the Helm that
//! started it (its `argv[0]` is `HELM_BIN`, which Helm sets to its own `os.Args[0]`). Where
//! that cannot be read (another OS, a wrapper process between Helm and claw), whether `-n`
//! was given is [`Told::Unknown`], and commands that change something take `HELM_NAMESPACE`
//! as given (see [`crate::cluster::ScopeRequest::resolve`]).

use crate::cluster::{ConnectOptions, HostNamespace, Identity, ScopeRequest, Told};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Kubectl,
    Helm,
}

/// Helm's global flags that take a value, in the spellings Helm strips from a plugin's
/// arguments (Helm's `manuallyProcessArgs`) and parses before the plugin's name.
const HELM_VALUE_FLAGS: &[&str] = &[
    "--kube-context",
    "--namespace",
    "-n",
    "--kubeconfig",
    "--kube-apiserver",
    "--kube-token",
    "--kube-as-user",
    "--kube-as-group",
    "--kube-ca-file",
    "--kube-tls-server-name",
    "--registry-config",
    "--repository-cache",
    "--repository-config",
    "--burst-limit",
    "--qps",
    "--content-cache",
];

impl Host {
    /// The command as the user types it, shown in help, errors and fix lines.
    pub fn command_name(self) -> &'static str {
        match self {
            Host::Kubectl => "kubectl claw",
            Host::Helm => "helm claw",
        }
    }

    /// The executable's file name.
    pub fn binary_name(self) -> &'static str {
        match self {
            Host::Kubectl => "kubectl-claw",
            Host::Helm => "helm-claw",
        }
    }

    /// Takes what Helm passed in its environment: the context (unless `--context` was given to
    /// claw itself), the namespace with whether the user gave it (`parent` is what claw could
    /// read of the Helm process that started it), and the identity flags Helm consumed.
    pub fn apply_environment(
        self,
        connect: &mut ConnectOptions,
        scope: &mut ScopeRequest,
        env: impl Fn(&str) -> Option<String>,
        parent: Option<&ParentProcess>,
    ) {
        if self != Host::Helm {
            return;
        }
        let set = |k: &str| env(k).filter(|v| !v.is_empty());
        if connect.context.is_none() {
            connect.context = set("HELM_KUBECONTEXT");
        }
        if let Some(namespace) = set("HELM_NAMESPACE") {
            let told = match (parent, set("HELM_BIN")) {
                (Some(p), Some(bin)) => p.namespace_told(&bin, &namespace),
                _ => Told::Unknown,
            };
            scope.host_namespace = Some(HostNamespace { namespace, told });
        }
        let identity = &mut connect.identity;
        identity.server = identity.server.take().or_else(|| set("HELM_KUBEAPISERVER"));
        identity.token = identity.token.take().or_else(|| set("HELM_KUBETOKEN"));
        identity.as_user = identity.as_user.take().or_else(|| set("HELM_KUBEASUSER"));
        if identity.as_groups.is_empty() {
            // Helm 3.17 and 4.1 list each `--kube-as-group` twice in HELM_KUBEASGROUPS.
            let mut groups: Vec<String> = Vec::new();
            for g in set("HELM_KUBEASGROUPS").iter().flat_map(|g| g.split(',')) {
                if !g.is_empty() && !groups.iter().any(|seen| seen == g) {
                    groups.push(g.to_string());
                }
            }
            identity.as_groups = groups;
        }
        identity.ca_file = identity
            .ca_file
            .take()
            .or_else(|| set("HELM_KUBECAFILE").map(Into::into));
        identity.tls_server_name = identity
            .tls_server_name
            .take()
            .or_else(|| set("HELM_KUBETLS_SERVER_NAME"));
        identity.insecure_skip_tls_verify |=
            set("HELM_KUBEINSECURE_SKIP_TLS_VERIFY").is_some_and(|v| v == "true");
    }
}

/// What claw could read of the process that started it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParentProcess {
    pub argv: Vec<String>,
    /// `KEY=VALUE` entries.
    pub environ: Vec<String>,
}

impl ParentProcess {
    /// The parent's argv and environment, where the OS shows them (Linux `/proc`); `None`
    /// elsewhere or when they cannot be read.
    pub fn read() -> Option<ParentProcess> {
        let ppid = std::os::unix::process::parent_id();
        let argv = nul_separated(&std::fs::read(format!("/proc/{ppid}/cmdline")).ok()?);
        let environ = nul_separated(&std::fs::read(format!("/proc/{ppid}/environ")).ok()?);
        Some(ParentProcess { argv, environ })
    }

    /// Whether the user gave Helm a namespace (`-n`/`--namespace`, or Helm's own
    /// `HELM_NAMESPACE` variable) for the invocation that started claw. `helm_bin` is claw's
    /// `HELM_BIN`, `namespace` its `HELM_NAMESPACE`. Unknown when the parent is not that Helm
    /// or what it was given does not add up to `namespace`.
    pub fn namespace_told(&self, helm_bin: &str, namespace: &str) -> Told {
        if self.argv.first().map(String::as_str) != Some(helm_bin) {
            return Told::Unknown;
        }
        // The flag wins over the variable, as in Helm; the last flag wins, as in pflag.
        let flag = namespace_flag(&self.argv[1..]);
        let variable = self
            .environ
            .iter()
            .find_map(|e| e.strip_prefix("HELM_NAMESPACE="))
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        match flag.or(variable) {
            Some(v) if v == namespace => Told::Given,
            Some(_) => Told::Unknown,
            None => Told::NotGiven,
        }
    }
}

/// The entries of a `/proc` cmdline or environ: each ends with a NUL, and an empty one is an
/// argument given as "" (`helm -n "" …`), which must not shift the next into its place.
fn nul_separated(bytes: &[u8]) -> Vec<String> {
    let mut entries: Vec<String> = bytes
        .split(|b| *b == 0)
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    if entries.last().is_some_and(String::is_empty) {
        entries.pop();
    }
    entries
}

/// The namespace a Helm argv (after `argv[0]`) gives, the last one winning.
fn namespace_flag(args: &[String]) -> Option<String> {
    let mut found = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if a == "-n" || a == "--namespace" {
            found = args.get(i).cloned();
            i += 1;
            continue;
        }
        if HELM_VALUE_FLAGS.contains(&a) {
            i += 1; // its value, whatever it looks like
            continue;
        }
        if let Some(v) = a
            .strip_prefix("--namespace=")
            .or_else(|| a.strip_prefix("-n="))
        {
            found = Some(v.to_string());
        } else if let Some(v) = a.strip_prefix("-n").filter(|v| !v.is_empty()) {
            // pflag's `-nNS` before the plugin's name (after it, claw parses it itself).
            found = Some(v.to_string());
        }
    }
    found
}

impl Identity {
    /// Helm's flags for this identity, for the Helm claw runs (the token travels in the
    /// environment instead: an argv is visible to every user of the machine).
    pub fn helm_flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut pair = |flag: &str, value: &Option<String>| {
            if let Some(v) = value {
                out.push(flag.to_string());
                out.push(v.clone());
            }
        };
        pair("--kube-apiserver", &self.server);
        pair("--kube-as-user", &self.as_user);
        pair(
            "--kube-ca-file",
            &self.ca_file.as_ref().map(|p| p.display().to_string()),
        );
        pair("--kube-tls-server-name", &self.tls_server_name);
        for g in &self.as_groups {
            out.push("--kube-as-group".into());
            out.push(g.clone());
        }
        if self.insecure_skip_tls_verify {
            out.push("--kube-insecure-skip-tls-verify".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone())
    }

    fn parent(argv: &[&str], environ: &[&str]) -> ParentProcess {
        ParentProcess {
            argv: argv.iter().map(|s| s.to_string()).collect(),
            environ: environ.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn told(argv: &[&str], environ: &[&str], namespace: &str) -> Told {
        parent(argv, environ).namespace_told("/usr/bin/helm", namespace)
    }

    #[test]
    fn a_namespace_flag_anywhere_in_helms_argv_was_given() {
        for argv in [
            &[
                "/usr/bin/helm",
                "claw",
                "uninstall",
                "pico",
                "-n",
                "default",
            ][..],
            &[
                "/usr/bin/helm",
                "-n",
                "default",
                "claw",
                "uninstall",
                "pico",
            ],
            &["/usr/bin/helm", "--namespace=default", "claw", "bots"],
            &["/usr/bin/helm", "-ndefault", "claw", "bots"],
            &["/usr/bin/helm", "claw", "bots", "-n=default"],
            &[
                "/usr/bin/helm",
                "-n",
                "x",
                "claw",
                "bots",
                "--namespace",
                "default",
            ],
        ] {
            assert_eq!(told(argv, &[], "default"), Told::Given, "{argv:?}");
        }
    }

    #[test]
    fn no_flag_and_no_variable_is_not_given() {
        assert_eq!(
            told(
                &["/usr/bin/helm", "claw", "uninstall", "pico"],
                &["PATH=/bin"],
                "default"
            ),
            Told::NotGiven
        );
        // A value of another flag that looks like -n is that flag's.
        assert_eq!(
            told(
                &["/usr/bin/helm", "--kube-context", "-n", "claw", "bots"],
                &[],
                "default"
            ),
            Told::NotGiven
        );
    }

    #[test]
    fn helms_own_namespace_variable_counts_as_given() {
        assert_eq!(
            told(
                &["/usr/bin/helm", "claw", "bots"],
                &["HELM_NAMESPACE=bots"],
                "bots"
            ),
            Told::Given
        );
    }

    #[test]
    fn another_parent_or_an_odd_answer_is_unknown() {
        assert_eq!(
            told(&["/bin/sh", "-c", "helm-claw bots"], &[], "default"),
            Told::Unknown
        );
        // What the argv says does not add up to what Helm passed: do not guess.
        assert_eq!(
            told(&["/usr/bin/helm", "claw", "bots", "-n", "a"], &[], "b"),
            Told::Unknown
        );
    }

    #[test]
    fn helm_environment_fills_context_namespace_and_identity() {
        let mut c = ConnectOptions::default();
        let mut s = ScopeRequest::default();
        Host::Helm.apply_environment(
            &mut c,
            &mut s,
            env_of(&[
                ("HELM_KUBECONTEXT", "prod"),
                ("HELM_NAMESPACE", "bots"),
                ("HELM_BIN", "/usr/bin/helm"),
                ("HELM_KUBEASUSER", "viewer"),
                ("HELM_KUBEASGROUPS", "a,b,a,b"),
                ("HELM_KUBETOKEN", ""),
            ]),
            Some(&parent(&["/usr/bin/helm", "-n", "bots", "claw", "x"], &[])),
        );
        assert_eq!(c.context.as_deref(), Some("prod"));
        assert_eq!(
            s.host_namespace,
            Some(HostNamespace {
                namespace: "bots".into(),
                told: Told::Given
            })
        );
        assert_eq!(c.identity.as_user.as_deref(), Some("viewer"));
        assert_eq!(c.identity.as_groups, ["a", "b"]);
        assert_eq!(c.identity.token, None, "empty means not given");
        assert_eq!(
            c.identity.helm_flags(),
            [
                "--kube-as-user",
                "viewer",
                "--kube-as-group",
                "a",
                "--kube-as-group",
                "b"
            ]
        );
    }

    #[test]
    fn an_empty_argument_keeps_its_place() {
        let argv = nul_separated(b"/usr/bin/helm\0-n\0\0claw\0rollback\0iron\0");
        assert_eq!(
            argv,
            ["/usr/bin/helm", "-n", "", "claw", "rollback", "iron"]
        );
        let p = ParentProcess {
            argv,
            environ: vec![],
        };
        // Helm says `default` for `-n ""`: not what was typed, so not taken as not given.
        assert_eq!(p.namespace_told("/usr/bin/helm", "default"), Told::Unknown);
    }

    #[test]
    fn without_a_readable_parent_the_namespace_is_unknown() {
        let mut c = ConnectOptions::default();
        let mut s = ScopeRequest::default();
        Host::Helm.apply_environment(
            &mut c,
            &mut s,
            env_of(&[("HELM_NAMESPACE", "default"), ("HELM_BIN", "helm")]),
            None,
        );
        assert_eq!(s.host_namespace.unwrap().told, Told::Unknown);
    }

    #[test]
    fn an_explicit_context_beats_helms() {
        let mut c = ConnectOptions {
            context: Some("mine".into()),
            ..Default::default()
        };
        let mut s = ScopeRequest::default();
        Host::Helm.apply_environment(
            &mut c,
            &mut s,
            env_of(&[("HELM_KUBECONTEXT", "prod")]),
            None,
        );
        assert_eq!(c.context.as_deref(), Some("mine"));
    }

    #[test]
    fn kubectl_ignores_helm_variables() {
        let mut c = ConnectOptions::default();
        let mut s = ScopeRequest::default();
        Host::Kubectl.apply_environment(
            &mut c,
            &mut s,
            env_of(&[("HELM_NAMESPACE", "bots"), ("HELM_KUBEASUSER", "x")]),
            None,
        );
        assert_eq!(s.host_namespace, None);
        assert_eq!(c.identity, Identity::default());
    }
}
