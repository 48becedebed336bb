//! Shell completion. Static scripts come from clap_complete (`claw completion SHELL`). Dynamic
//! completion speaks Cobra's protocol, which both hosts use for plugins: kubectl runs
//! `kubectl_complete-claw ARGS… WORD`, Helm runs `$HELM_PLUGIN_DIR/plugin.complete ARGS… WORD`,
//! both shims exec `<plugin> __complete ARGS… WORD`, and read one candidate per line
//! (`value<TAB>description`) then `:<directive>`. Bot names and namespaces come from the cluster,
//! contexts from the kubeconfig.

use std::time::Duration;

use clap::Command;

use crate::bot::BotType;
use crate::cli::ScopeRequest;
use crate::cluster::{Cluster, ConnectOptions, Resource, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::host::Host;

/// Cobra's ShellCompDirective bits.
pub const DIRECTIVE_DEFAULT: u32 = 0;
pub const DIRECTIVE_NO_FILE_COMP: u32 = 4;

/// The hidden subcommand the shims call.
pub const COMPLETE_COMMAND: &str = "__complete";

/// Completion is kept snappy: a slow cluster gives no candidates rather than a hung shell.
const COMPLETION_TIMEOUT: Duration = Duration::from_secs(5);

/// What is being completed, decided from the words alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    Subcommands,
    Flags { subcommand: Option<String> },
    BotNames,
    Namespaces,
    Contexts,
    Values(Vec<&'static str>),
    Files,
    Nothing,
}

/// Flags (of any subcommand) that take a value, with what completes it.
fn value_of_flag(flag: &str) -> Option<Want> {
    Some(match flag {
        "-n" | "--namespace" => Want::Namespaces,
        "--context" => Want::Contexts,
        "--kubeconfig" => Want::Files,
        "-o" | "--output" => Want::Values(vec!["table", "wide", "json", "yaml"]),
        "-t" | "--type" => Want::Values(BotType::ALL.iter().map(|t| t.chart()).collect()),
        "--types" => Want::Values(vec!["Normal", "Warning"]),
        "--request-timeout"
        | "--timeout"
        | "--probe-timeout"
        | "--since"
        | "--chunk-size"
        | "--tail"
        | "--concurrency"
        | "--probe-concurrency"
        | "-c"
        | "--container" => Want::Nothing,
        _ => return None,
    })
}

/// Subcommands whose positional arguments are bot names, and how many they take.
fn bot_positionals(subcommand: &str) -> Option<usize> {
    match subcommand {
        "bots" | "health" | "upgrade" | "uninstall" => Some(usize::MAX),
        "events" | "top" | "logs" => Some(1),
        _ => None,
    }
}

/// Decides what to complete from the words typed before `word` (after the plugin name).
pub fn want(command: &Command, before: &[String], word: &str) -> Want {
    let mut subcommand: Option<String> = None;
    let mut positionals = 0;
    let mut i = 0;
    while i < before.len() {
        let w = &before[i];
        if w.starts_with('-') {
            // `--flag value` consumes the next word; `--flag=value` does not.
            if !w.contains('=') && value_of_flag(w).is_some() {
                i += 1;
            }
        } else if subcommand.is_none() {
            subcommand = Some(w.clone());
        } else {
            positionals += 1;
        }
        i += 1;
    }
    if let Some(prev) = before.last()
        && !prev.contains('=')
        && let Some(w) = value_of_flag(prev)
    {
        return w;
    }
    if word.starts_with('-') {
        return Want::Flags { subcommand };
    }
    match subcommand {
        None => Want::Subcommands,
        Some(s) if command.find_subcommand(&s).is_none() => Want::Nothing,
        Some(s) => match bot_positionals(&s) {
            Some(max) if positionals < max => Want::BotNames,
            _ => Want::Nothing,
        },
    }
}

/// Candidates (`value` or `value\tdescription`) and the directive, for `word`.
pub async fn candidates(
    host: Host,
    before: &[String],
    word: &str,
    env: impl Fn(&str) -> Option<String>,
) -> (Vec<String>, u32) {
    let command = crate::cli::command(host);
    let starts = |c: &String| c.starts_with(word);
    match want(&command, before, word) {
        Want::Subcommands => (
            command
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| {
                    let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
                    format!("{}\t{about}", s.get_name())
                })
                .filter(starts)
                .collect(),
            DIRECTIVE_NO_FILE_COMP,
        ),
        Want::Flags { subcommand } => {
            let sub = subcommand
                .as_deref()
                .and_then(|s| command.find_subcommand(s));
            let args = command
                .get_arguments()
                .chain(sub.into_iter().flat_map(|s| s.get_arguments()));
            let mut flags: Vec<String> = args
                .filter(|a| !a.is_hide_set())
                .filter_map(|a| {
                    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                    a.get_long().map(|l| format!("--{l}\t{help}"))
                })
                .filter(starts)
                .collect();
            flags.sort();
            flags.dedup();
            (flags, DIRECTIVE_NO_FILE_COMP)
        }
        Want::Values(values) => (
            values
                .into_iter()
                .map(str::to_string)
                .filter(starts)
                .collect(),
            DIRECTIVE_NO_FILE_COMP,
        ),
        Want::Files => (vec![], DIRECTIVE_DEFAULT),
        Want::Nothing => (vec![], DIRECTIVE_NO_FILE_COMP),
        Want::Contexts => (
            contexts(before, &env).into_iter().filter(starts).collect(),
            DIRECTIVE_NO_FILE_COMP,
        ),
        Want::Namespaces | Want::BotNames => {
            let found =
                tokio::time::timeout(COMPLETION_TIMEOUT, from_cluster(host, before, word, &env))
                    .await
                    .unwrap_or_default();
            (
                found.into_iter().filter(starts).collect(),
                DIRECTIVE_NO_FILE_COMP,
            )
        }
    }
}

/// The connection flags among the typed words, with the host's environment, as a normal run
/// would resolve them.
fn connection(
    host: Host,
    before: &[String],
    env: &impl Fn(&str) -> Option<String>,
) -> (ConnectOptions, ScopeRequest) {
    let flag = |names: &[&str]| -> Option<String> {
        let mut found = None;
        for (i, w) in before.iter().enumerate() {
            for n in names {
                if w == n {
                    found = before.get(i + 1).cloned();
                } else if let Some(v) = w.strip_prefix(&format!("{n}=")) {
                    found = Some(v.to_string());
                }
            }
        }
        found
    };
    let mut connect = ConnectOptions {
        kubeconfig: flag(&["--kubeconfig"]).map(Into::into),
        context: flag(&["--context"]),
        request_timeout: Some(COMPLETION_TIMEOUT),
    };
    let mut scope = ScopeRequest {
        namespace: flag(&["-n", "--namespace"]),
        all_namespaces: before.iter().any(|w| w == "-A" || w == "--all-namespaces"),
        host_namespace: None,
    };
    host.apply_environment(&mut connect, &mut scope, env);
    (connect, scope)
}

fn contexts(before: &[String], env: &impl Fn(&str) -> Option<String>) -> Vec<String> {
    let (connect, _) = connection(Host::Kubectl, before, env);
    let kubeconfig = match &connect.kubeconfig {
        Some(p) => kube::config::Kubeconfig::read_from(p),
        None => kube::config::Kubeconfig::read(),
    };
    kubeconfig
        .map(|k| k.contexts.into_iter().map(|c| c.name).collect())
        .unwrap_or_default()
}

async fn from_cluster(
    host: Host,
    before: &[String],
    word: &str,
    env: &impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let (connect, scope_request) = connection(host, before, env);
    let Ok(cluster) = Cluster::connect(&connect).await else {
        return vec![];
    };
    let scope = scope_request.resolve(&cluster.context_namespace);
    let command = crate::cli::command(host);
    if want(&command, before, word) == Want::Namespaces {
        #[derive(serde::Deserialize)]
        struct Ns {
            metadata: NsMeta,
        }
        #[derive(serde::Deserialize)]
        struct NsMeta {
            name: String,
        }
        const NAMESPACES: Resource = Resource {
            group: "",
            version: "v1",
            plural: "namespaces",
        };
        return cluster
            .list::<Ns>(&NAMESPACES, None, None)
            .await
            .map(|l| l.into_iter().map(|n| n.metadata.name).collect())
            .unwrap_or_else(|_| match scope {
                Scope::AllNamespaces { fallback } => fallback,
                Scope::Namespace(ns) => vec![ns],
            });
    }
    match discovery::discover(&cluster, &scope, &DiscoverOptions::default()).await {
        Ok(inv) => {
            let mut names: Vec<String> = inv
                .all()
                .iter()
                .map(|b| format!("{}\t{} in {}", b.name, b.type_name(), b.namespace))
                .collect();
            names.sort();
            names.dedup_by(|a, b| a.split('\t').next() == b.split('\t').next());
            names
        }
        Err(_) => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn decides_what_to_complete() {
        let c = crate::cli::command(Host::Kubectl);
        assert_eq!(want(&c, &w(&[]), ""), Want::Subcommands);
        assert_eq!(want(&c, &w(&["-n", "x"]), "st"), Want::Subcommands);
        assert_eq!(want(&c, &w(&["events"]), ""), Want::BotNames);
        assert_eq!(
            want(&c, &w(&["events", "pico"]), ""),
            Want::Nothing,
            "events takes one bot"
        );
        assert_eq!(want(&c, &w(&["health", "pico"]), ""), Want::BotNames);
        assert_eq!(want(&c, &w(&["events", "-n"]), ""), Want::Namespaces);
        assert_eq!(want(&c, &w(&["status", "--context"]), "p"), Want::Contexts);
        assert_eq!(
            want(&c, &w(&["status", "-o"]), ""),
            Want::Values(vec!["table", "wide", "json", "yaml"])
        );
        assert_eq!(want(&c, &w(&["--kubeconfig"]), ""), Want::Files);
        assert_eq!(
            want(&c, &w(&["logs"]), "--ta"),
            Want::Flags {
                subcommand: Some("logs".into())
            }
        );
        assert_eq!(want(&c, &w(&["status"]), ""), Want::Nothing);
    }

    #[tokio::test]
    async fn subcommands_and_flags_need_no_cluster() {
        let (subs, d) = candidates(Host::Kubectl, &[], "", |_| None).await;
        assert_eq!(d, DIRECTIVE_NO_FILE_COMP);
        let names: Vec<&str> = subs.iter().map(|s| s.split('\t').next().unwrap()).collect();
        for want in [
            "status",
            "bots",
            "health",
            "events",
            "top",
            "logs",
            "version",
            "completion",
        ] {
            assert!(names.contains(&want), "{names:?}");
        }
        assert!(!names.contains(&COMPLETE_COMMAND), "hidden");
        let (flags, _) = candidates(Host::Kubectl, &w(&["logs"]), "--ta", |_| None).await;
        assert_eq!(flags.len(), 1);
        assert!(flags[0].starts_with("--tail\t"), "{flags:?}");
    }
}
