//! Shell completion. Static scripts come from clap_complete (`claw completion SHELL`). Dynamic
//! completion speaks Cobra's protocol, which both hosts use for plugins: kubectl runs
//! `kubectl_complete-claw ARGS… WORD`, Helm runs `$HELM_PLUGIN_DIR/plugin.complete ARGS… WORD`,
//! and the static scripts call the same; all end in `<plugin> __complete ARGS… WORD`, and read
//! one candidate per line (`value<TAB>description`) then `:<directive>`.
//!
//! What to complete is read off the clap command tree itself (which flags take values, which
//! positionals are bots), and the words typed so far are parsed by clap into the same
//! [`Context`] a normal run builds, so `--context`, `-n`, `--kubeconfig` and `--helm-driver`
//! typed on the line are honoured. Bot names and namespaces come from the cluster, contexts
//! from the kubeconfig.

use std::time::Duration;

use clap::{Arg, Command, FromArgMatches};

use crate::cluster::{ListConsistency, Resource, Scope};
use crate::context::{Context, GlobalArgs};
use crate::fleet::bot::Bot;
use crate::fleet::inventory;
use crate::host::Host;

/// Cobra's ShellCompDirective bits.
pub const DIRECTIVE_DEFAULT: u32 = 0;
pub const DIRECTIVE_NO_FILE_COMP: u32 = 4;

/// The hidden subcommand the shims call.
pub const COMPLETE_COMMAND: &str = "__complete";

/// Completion is kept snappy: a slow cluster gives no candidates rather than a hung shell.
const COMPLETION_TIMEOUT: Duration = Duration::from_secs(5);

/// The value name that marks a positional as a bot (release) name.
const BOT_VALUE_NAME: &str = "BOT";

/// What is being completed, decided from the words alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Want {
    Subcommands(Vec<String>),
    Flags(Vec<String>),
    BotNames,
    Namespaces,
    Contexts,
    Values(Vec<String>),
    Files,
    Nothing,
}

/// The words typed so far, walked through the command tree: the deepest (sub)command reached,
/// how many of its positionals are filled, and the flag waiting for its value, if any.
struct Walk<'a> {
    path: Vec<&'a Command>,
    positionals: usize,
    pending: Option<&'a Arg>,
}

fn walk<'a>(root: &'a Command, before: &[String]) -> Walk<'a> {
    let mut w = Walk {
        path: vec![root],
        positionals: 0,
        pending: None,
    };
    for word in before {
        if w.pending.take().is_some() {
            continue; // the value of the flag before
        }
        if let Some(arg) = flag_of(&w.path, word) {
            if takes_value(arg) && !word.contains('=') {
                w.pending = Some(arg);
            }
            continue;
        }
        let here = *w.path.last().expect("the root");
        match here.find_subcommand(word) {
            Some(sub) if w.positionals == 0 => w.path.push(sub),
            _ => w.positionals += 1,
        }
    }
    w
}

/// The flag `word` names (`--name`, `--name=v`, `-n`), looked up in the commands walked so far
/// (global flags are defined on the root).
fn flag_of<'a>(path: &[&'a Command], word: &str) -> Option<&'a Arg> {
    let args = || path.iter().rev().flat_map(|c| c.get_arguments());
    if let Some(long) = word.strip_prefix("--") {
        let long = long.split('=').next().unwrap_or(long);
        return args().find(|a| a.get_long() == Some(long));
    }
    let mut chars = word.strip_prefix('-')?.chars();
    let short = chars.next()?;
    args().find(|a| a.get_short() == Some(short))
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

/// What a value of `arg` can be.
fn want_value(arg: &Arg) -> Want {
    match arg.get_id().as_str() {
        "namespace" => return Want::Namespaces,
        "context" => return Want::Contexts,
        _ => {}
    }
    if arg.get_value_hint() == clap::ValueHint::FilePath {
        return Want::Files;
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if values.is_empty() {
        Want::Nothing
    } else {
        Want::Values(values)
    }
}

/// Decides what to complete from the words typed before `word` (after the plugin name).
pub fn want(root: &Command, before: &[String], word: &str) -> Want {
    let w = walk(root, before);
    if let Some(arg) = w.pending {
        return want_value(arg);
    }
    let here = *w.path.last().expect("the root");
    if word.starts_with('-') {
        let mut flags: Vec<String> = w
            .path
            .iter()
            .flat_map(|c| c.get_arguments())
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                a.get_long().map(|l| format!("--{l}\t{help}"))
            })
            .collect();
        flags.sort();
        flags.dedup();
        return Want::Flags(flags);
    }
    if w.positionals == 0 && here.has_subcommands() {
        return Want::Subcommands(
            here.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| {
                    let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
                    format!("{}\t{about}", s.get_name())
                })
                .collect(),
        );
    }
    positional_want(here, w.positionals)
}

/// What the `n`-th positional of `command` (0-based) can be: a bot, one of a few values, or
/// anything. A positional that takes many values covers every later position.
fn positional_want(command: &Command, n: usize) -> Want {
    let positionals: Vec<&Arg> = command.get_positionals().collect();
    let arg = positionals.get(n).copied().or_else(|| {
        positionals
            .last()
            .copied()
            .filter(|a| a.get_num_args().is_some_and(|r| r.max_values() > 1))
    });
    match arg {
        Some(a) if a.get_value_names().is_some_and(|v| v[0] == BOT_VALUE_NAME) => Want::BotNames,
        Some(a) => want_value(a),
        None => Want::Nothing,
    }
}

/// Candidates (`value` or `value\tdescription`) and the directive, for `word`.
/// `tree` is the command tree (`cli::command(host)`), handed in: completion sits below the
/// command line it completes.
pub async fn candidates(
    host: Host,
    tree: Command,
    before: &[String],
    word: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> (Vec<String>, u32) {
    // `--context=pr<TAB>`: the flag's values, each written back with the flag in front.
    if let Some((flag, value)) = word.strip_prefix("--").and_then(|w| w.split_once('=')) {
        let flag = format!("--{flag}");
        let root = built(tree.clone());
        let takes = flag_of(&walk(&root, before).path, &flag).is_some_and(takes_value);
        if !takes {
            return (vec![], DIRECTIVE_NO_FILE_COMP);
        }
        let mut with_flag = before.to_vec();
        with_flag.push(flag.clone());
        let (found, directive) = Box::pin(candidates(host, tree, &with_flag, value, env)).await;
        let found = found.into_iter().map(|c| format!("{flag}={c}")).collect();
        return (found, directive);
    }
    let root = built(tree);
    let starts = |c: &String| c.starts_with(word);
    let keep = |c: Vec<String>| c.into_iter().filter(starts).collect::<Vec<_>>();
    match want(&root, before, word) {
        Want::Subcommands(c) | Want::Flags(c) | Want::Values(c) => {
            (keep(c), DIRECTIVE_NO_FILE_COMP)
        }
        Want::Files => (vec![], DIRECTIVE_DEFAULT),
        Want::Nothing => (vec![], DIRECTIVE_NO_FILE_COMP),
        want @ (Want::Contexts | Want::Namespaces | Want::BotNames) => {
            let found = match context_of(host, &root, before, env) {
                Some(ctx) => tokio::time::timeout(
                    COMPLETION_TIMEOUT,
                    from_cluster(&ctx, &want, word.contains('/')),
                )
                .await
                .unwrap_or_default(),
                None => vec![],
            };
            (keep(found), DIRECTIVE_NO_FILE_COMP)
        }
    }
}

/// The command tree, built so its arguments can be read (which flags take values).
fn built(mut tree: Command) -> Command {
    tree.build();
    tree
}

/// The context a run with these words would have, built the way every command builds it.
fn context_of(
    host: Host,
    root: &Command,
    before: &[String],
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Context> {
    let argv = std::iter::once(host.binary_name().to_string()).chain(before.iter().cloned());
    let matches = root
        .clone()
        .ignore_errors(true)
        .try_get_matches_from(argv)
        .ok()?;
    let global = GlobalArgs::from_arg_matches(&matches).ok()?;
    let ctx = Context::new(host, &global, false, env, None).ok()?;
    Some(
        ctx.with_request_timeout_at_most(COMPLETION_TIMEOUT)
            .with_reads(ListConsistency::WatchCache),
    )
}

/// What the cluster offers for `want`; bot names as [`bot_candidates`] (`qualified`: the word
/// typed so far has a `/`).
async fn from_cluster(ctx: &Context, want: &Want, qualified: bool) -> Vec<String> {
    if *want == Want::Contexts {
        return contexts(ctx);
    }
    let Ok(c) = ctx.connect().await else {
        return vec![];
    };
    if *want == Want::Namespaces {
        return namespaces(&c).await;
    }
    match inventory::discover(&c, &Default::default()).await {
        Ok(inv) => bot_candidates(&inv.all(), qualified),
        Err(_) => vec![],
    }
}

/// Bot names to offer, each with its type and namespace as the description: `NAME` where it
/// names one bot, `NAMESPACE/NAME` for bots a bare name would not tell apart (every command
/// refuses such a name), and `NAMESPACE/NAME` for all once the word has a `/`.
fn bot_candidates(bots: &[&Bot], qualified: bool) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for b in bots {
        *seen.entry(b.name.as_str()).or_default() += 1;
    }
    let mut names: Vec<String> = bots
        .iter()
        .map(|b| {
            let name = match qualified || seen[b.name.as_str()] > 1 {
                true => b.key(),
                false => b.name.clone(),
            };
            format!("{name}\t{} in {}", b.type_name(), b.namespace)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn contexts(ctx: &Context) -> Vec<String> {
    crate::cluster::read_kubeconfig(&ctx.connect)
        .map(|k| k.contexts.into_iter().map(|c| c.name).collect())
        .unwrap_or_default()
}

async fn namespaces(c: &crate::cluster::Connected) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Ns {
        metadata: crate::cluster::ObjectMeta,
    }
    const NAMESPACES: Resource = Resource {
        group: "",
        version: "v1",
        plural: "namespaces",
    };
    c.cluster
        .list::<Ns>(&NAMESPACES, None, None)
        .await
        .map(|l| l.into_iter().map(|n| n.metadata.name).collect())
        .unwrap_or_else(|_| match &c.scope {
            Scope::AllNamespaces { fallback } => fallback.clone(),
            Scope::Namespace(ns) => vec![ns.clone()],
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_name_in_two_namespaces_is_offered_with_each_namespace() {
        use crate::fleet::bot::{BotType, Role};
        let bot = |ns: &str, name: &str| {
            let mut b = Bot::for_test(Role::Bot(BotType::Picoclaw));
            (b.namespace, b.name) = (ns.into(), name.into());
            b
        };
        let (a, b, c) = (
            bot("claw-machine", "pico"),
            bot("team", "pico"),
            bot("team", "iron"),
        );
        let all = [&a, &b, &c];
        let offered = |qualified| -> Vec<String> {
            bot_candidates(&all, qualified)
                .iter()
                .map(|c| c.split('\t').next().unwrap().to_string())
                .collect()
        };
        assert_eq!(offered(false), ["claw-machine/pico", "iron", "team/pico"]);
        assert_eq!(
            offered(true),
            ["claw-machine/pico", "team/iron", "team/pico"]
        );
    }

    fn names(want: Want) -> Vec<String> {
        match want {
            Want::Subcommands(c) | Want::Flags(c) | Want::Values(c) => c
                .into_iter()
                .map(|c| c.split('\t').next().unwrap().to_string())
                .collect(),
            other => Vec::from([format!("not a list: {other:?}")]),
        }
    }

    #[test]
    fn decides_what_to_complete_from_the_command_tree() {
        let c = built(crate::cli::command(Host::Kubectl));
        assert!(names(want(&c, &w(&[]), "")).contains(&"status".to_string()));
        assert!(names(want(&c, &w(&["-n", "x"]), "st")).contains(&"status".to_string()));
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
            names(want(&c, &w(&["status", "-o"]), "")),
            ["table", "wide", "json", "yaml"]
        );
        assert_eq!(want(&c, &w(&["--kubeconfig"]), ""), Want::Files);
        assert_eq!(
            names(want(&c, &w(&["logs"]), "--ta"))
                .iter()
                .filter(|f| *f == "--tail")
                .count(),
            1
        );
        assert_eq!(want(&c, &w(&["status"]), ""), Want::Nothing);
        assert_eq!(
            want(&c, &w(&["status", "--context=prod"]), ""),
            Want::Nothing,
            "--flag=value consumes no next word"
        );
        assert_eq!(
            names(want(&c, &w(&["install"]), "")),
            ["openclaw", "picoclaw", "ironclaw", "busybox", "clawmachine"]
        );
        assert_eq!(
            names(want(&c, &w(&["charts"]), "")),
            ["pull"],
            "nested subcommands"
        );
        assert!(names(want(&c, &w(&["bots", "-t"]), "")).contains(&"picoclaw".to_string()));
    }

    #[tokio::test]
    async fn subcommands_and_flags_need_no_cluster() {
        let (subs, d) = candidates(
            Host::Kubectl,
            crate::cli::command(Host::Kubectl),
            &[],
            "",
            &|_| None,
        )
        .await;
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
        let (flags, _) = candidates(
            Host::Kubectl,
            crate::cli::command(Host::Kubectl),
            &w(&["logs"]),
            "--ta",
            &|_| None,
        )
        .await;
        assert_eq!(flags.len(), 1);
        assert!(flags[0].starts_with("--tail\t"), "{flags:?}");
    }

    #[tokio::test]
    async fn flag_equals_value_completes_the_flags_values_and_nothing_for_switches() {
        let (values, d) = candidates(
            Host::Kubectl,
            crate::cli::command(Host::Kubectl),
            &w(&["status"]),
            "--output=j",
            &|_| None,
        )
        .await;
        assert_eq!(values, ["--output=json"]);
        assert_eq!(d, DIRECTIVE_NO_FILE_COMP);
        let (none, d) = candidates(
            Host::Kubectl,
            crate::cli::command(Host::Kubectl),
            &w(&["status"]),
            "--no-probe=",
            &|_| None,
        )
        .await;
        assert!(none.is_empty(), "{none:?}");
        assert_eq!(d, DIRECTIVE_NO_FILE_COMP);
    }

    #[test]
    fn the_typed_connection_flags_make_the_context() {
        let root = built(crate::cli::command(Host::Kubectl));
        let ctx = context_of(
            Host::Kubectl,
            &root,
            &w(&[
                "events",
                "--context",
                "prod",
                "-n",
                "bots",
                "--helm-driver",
                "configmap",
            ]),
            &|_| None,
        )
        .unwrap();
        assert_eq!(ctx.connect.context.as_deref(), Some("prod"));
        assert_eq!(ctx.scope.namespace.as_deref(), Some("bots"));
        assert_eq!(
            ctx.helm_driver,
            crate::releases::storage::Driver::ConfigMaps
        );
        assert_eq!(ctx.connect.request_timeout, Some(COMPLETION_TIMEOUT));
    }
}
