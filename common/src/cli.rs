//! The one command tree both plugins share, and its parsing into an [`Invocation`]: a plain value
//! saying what to do, built without touching the network so it can be tested on its own.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::bot::BotType;
use crate::cluster::{ConnectOptions, DEFAULT_CHUNK_SIZE};
use crate::health::ProbeOptions;
use crate::host::Host;
use crate::output::OutputFormat;

#[derive(Debug, Parser)]
#[command(
    name = "claw",
    version,
    about = "See and run ClawMachine and its bots on Kubernetes",
    long_about = "See and run ClawMachine and its bots on Kubernetes.\n\n\
        Lists cover all namespaces unless -n narrows them.",
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Connection and output flags, accepted before or after the subcommand, spelled as kubectl
/// spells them (kubectl rejects its own flags before a plugin name, so the plugin parses them).
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (overrides KUBECONFIG)
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// Only this namespace (default: all namespaces)
    #[arg(short = 'n', long, global = true, value_name = "NS")]
    pub namespace: Option<String>,

    /// All namespaces (the default for lists; overrides a namespace from the environment)
    #[arg(short = 'A', long, global = true, conflicts_with = "namespace")]
    pub all_namespaces: bool,

    /// How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
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

    /// Items per LIST page (0 fetches each list in one response)
    #[arg(long, global = true, value_name = "N", default_value_t = DEFAULT_CHUNK_SIZE, hide_short_help = true)]
    pub chunk_size: u32,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The control plane and every bot: release state, pods, restarts, chart
    Status(StatusArgs),
    /// List bots, or show the named ones
    Bots(BotsArgs),
    /// Probe the control plane's and each bot's health endpoint; exit 1 unless all are healthy
    Health(HealthArgs),
    /// Events of ClawMachine's namespaces, or of one bot's objects, oldest first
    Events(EventsArgs),
    /// CPU and memory per bot against requests and limits (needs metrics-server)
    Top(TopArgs),
    /// A bot's logs: its own container, not its database's
    Logs(LogsArgs),
    /// Check the setup: access, control plane, bots, secrets plumbing, metrics; exit 1 on FAIL
    Doctor,
    /// Upgrade the control plane (default), named bots, or all bots to the embedded charts
    Upgrade(UpgradeArgs),
    /// Install a bot (or the control plane) from an embedded chart
    Install(InstallArgs),
    /// Uninstall bots, the control plane, or everything, in a safe order
    Uninstall(UninstallArgs),
    /// Write each release's values and an inventory of bot volumes to DIR
    Backup(BackupArgs),
    /// List the charts embedded in this build, or write one out
    Charts(ChartsArgs),
    /// Print the plugin's version
    Version,
    /// Print a shell completion script (bash, zsh, fish, powershell)
    Completion(CompletionArgs),
}

/// Values flags, as Helm spells them.
#[derive(Debug, Args, Clone, Default)]
pub struct ValuesArgs {
    /// A values file (repeatable; later files win)
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// A value on the command line, KEY=VALUE (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// Waiting flags, passed to Helm.
#[derive(Debug, Args, Clone, Default)]
pub struct WaitArgs {
    /// Wait until the release's resources are ready
    #[arg(long)]
    pub wait: bool,

    /// How long Helm waits (e.g. 5m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// Bots to upgrade (default: the control plane only)
    #[arg(value_name = "BOT", conflicts_with = "all_bots")]
    pub names: Vec<String>,

    /// Upgrade every bot
    #[arg(long)]
    pub all_bots: bool,

    /// Upgrade even a downgrade, a no-op, or bots past an older control plane
    #[arg(long)]
    pub force: bool,

    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Show the manifest diff (Secret data redacted); with --dry-run, nothing changes
    #[arg(long)]
    pub diff: bool,

    /// Roll back a failed upgrade (Helm 3 --atomic, Helm 4 --rollback-on-failure)
    #[arg(long, alias = "atomic")]
    pub rollback_on_failure: bool,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The chart: a bot type, or clawmachine for the control plane
    #[arg(value_enum)]
    pub chart: InstallChart,

    /// The release name
    pub name: String,

    /// Print what would be run; change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InstallChart {
    Openclaw,
    Picoclaw,
    Ironclaw,
    Busybox,
    Clawmachine,
}

impl InstallChart {
    pub fn chart(self) -> &'static str {
        match self {
            InstallChart::Openclaw => "openclaw",
            InstallChart::Picoclaw => "picoclaw",
            InstallChart::Ironclaw => "ironclaw",
            InstallChart::Busybox => "busybox",
            InstallChart::Clawmachine => "clawmachine",
        }
    }
}

#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// Bots to uninstall
    #[arg(value_name = "BOT")]
    pub names: Vec<String>,

    /// Uninstall the control plane (bots keep running)
    #[arg(long, conflicts_with = "all")]
    pub control_plane: bool,

    /// Uninstall every bot, then the control plane
    #[arg(long)]
    pub all: bool,

    /// With --all: then delete the control plane's namespace
    #[arg(long, requires = "all")]
    pub purge_namespace: bool,

    /// Do not ask before deleting
    #[arg(short = 'y', long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Write secret values as they are (default: redacted)
    #[arg(long)]
    pub include_secrets: bool,
}

#[derive(Debug, Args)]
pub struct ChartsArgs {
    #[command(subcommand)]
    pub command: Option<ChartsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ChartsCommand {
    /// Write an embedded chart's archive (NAME-VERSION.tgz)
    Pull {
        #[arg(value_enum)]
        chart: InstallChart,
        /// The directory to write into
        #[arg(short = 'd', long, value_name = "DIR", default_value = ".")]
        destination: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct CompletionArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Include releases uninstalled with --keep-history
    #[arg(long)]
    pub all: bool,

    /// Skip the health probes (the HEALTH column shows -)
    #[arg(long)]
    pub no_probe: bool,

    /// Only bots whose workloads match this label selector (e.g. clawmachine.dev/bot-type=picoclaw)
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    #[command(flatten)]
    pub probe: ProbeArgs,
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// How long each health probe may take
    #[arg(long = "probe-timeout", value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// How many health probes run at once
    #[arg(long = "probe-concurrency", value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only the events of this bot's objects (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT")]
    pub bot: Option<String>,

    /// Only these event types
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "TYPE",
        ignore_case = true
    )]
    pub types: Vec<EventType>,

    /// Only events newer than this (e.g. 10m, 2h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub since: Option<Duration>,

    /// After listing, stream new and updated events until interrupted
    #[arg(short = 'w', long)]
    pub watch: bool,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Only this bot (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT")]
    pub bot: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// The bot (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT")]
    pub bot: String,

    /// The container (default: the bot's own); naming the database's container reads the database pod
    #[arg(short = 'c', long, value_name = "NAME")]
    pub container: Option<String>,

    /// Keep streaming new lines
    #[arg(short = 'f', long)]
    pub follow: bool,

    /// Lines from the end of the log (-1: all)
    #[arg(long, value_name = "N", default_value_t = -1, allow_negative_numbers = true)]
    pub tail: i64,

    /// Only lines newer than this (e.g. 10m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub since: Option<Duration>,

    /// The previous (crashed) container's log
    #[arg(short = 'p', long)]
    pub previous: bool,

    /// Every pod of the bot, each line prefixed with [pod/NAME/CONTAINER]
    #[arg(long)]
    pub all_pods: bool,

    /// Prefix each line with its timestamp
    #[arg(long)]
    pub timestamps: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventType {
    Normal,
    Warning,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Bot (release) names, or NAMESPACE/NAME (default: the control plane and every bot)
    #[arg(value_name = "BOT")]
    pub names: Vec<String>,

    /// How long each probe may take
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// How many probes run at once
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

#[derive(Debug, Args)]
pub struct BotsArgs {
    /// Bot (release) names, or NAMESPACE/NAME
    #[arg(value_name = "BOT")]
    pub names: Vec<String>,

    /// Only bots of these types
    #[arg(short = 't', long = "type", value_enum, value_delimiter = ',')]
    pub types: Vec<BotType>,

    /// Only bots whose workloads match this label selector
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Include releases uninstalled with --keep-history
    #[arg(long)]
    pub all: bool,
}

/// What the user asked for, fully resolved except for what needs the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub host: Host,
    pub connect: ConnectOptions,
    pub scope: ScopeRequest,
    pub format: OutputFormat,
    pub no_headers: bool,
    pub chunk_size: u32,
    pub verbose: bool,
    /// `--helm-driver`, else HELM_DRIVER (which Helm also passes to its plugins).
    pub helm_driver: Option<String>,
    pub operation: Operation,
}

/// Where to look, as far as flags and environment tell. The cluster's context namespace is
/// needed to finish deciding (see `ScopeRequest::resolve`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeRequest {
    /// `-n`.
    pub namespace: Option<String>,
    /// `-A`.
    pub all_namespaces: bool,
    /// A namespace the host already resolved (Helm's HELM_NAMESPACE).
    pub host_namespace: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    Status {
        include_uninstalled: bool,
        /// `None` with --no-probe.
        probe: Option<ProbeOptions>,
        selector: Option<String>,
    },
    Health {
        names: Vec<String>,
        probe: ProbeOptions,
    },
    Events {
        bot: Option<String>,
        types: Vec<String>,
        since: Option<Duration>,
        watch: bool,
    },
    Top {
        bot: Option<String>,
    },
    Logs(LogsRequest),
    Bots {
        names: Vec<String>,
        types: Vec<BotType>,
        include_uninstalled: bool,
        selector: Option<String>,
    },
    Doctor,
    Version,
    Completion(clap_complete::Shell),
    Upgrade(UpgradeRequest),
    Install(InstallRequest),
    Uninstall(UninstallRequest),
    Backup {
        dir: PathBuf,
        include_secrets: bool,
    },
    Charts {
        pull: Option<(String, PathBuf)>,
    },
}

/// Which releases an upgrade moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpgradeTargets {
    ControlPlane,
    Bots(Vec<String>),
    AllBots,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelmValues {
    pub files: Vec<PathBuf>,
    pub set: Vec<String>,
    pub wait: bool,
    pub timeout: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradeRequest {
    pub targets: UpgradeTargets,
    pub force: bool,
    pub dry_run: bool,
    pub diff: bool,
    pub rollback_on_failure: bool,
    pub helm: HelmValues,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallRequest {
    pub chart: String,
    pub name: String,
    pub dry_run: bool,
    pub helm: HelmValues,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UninstallRequest {
    pub names: Vec<String>,
    pub control_plane: bool,
    pub all: bool,
    pub purge_namespace: bool,
    pub yes: bool,
}

/// What `logs` should fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogsRequest {
    pub bot: String,
    pub container: Option<String>,
    pub follow: bool,
    pub tail: Option<i64>,
    pub since: Option<Duration>,
    pub previous: bool,
    pub all_pods: bool,
    pub timestamps: bool,
}

fn helm_values(values: ValuesArgs, wait: WaitArgs) -> HelmValues {
    HelmValues {
        files: values.files,
        set: values.set,
        wait: wait.wait,
        timeout: wait.timeout,
    }
}

/// Parses `args` (argv, program name first) as `host` presents them.
pub fn parse<I, T>(
    host: Host,
    args: I,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Invocation, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command(host).try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok(invocation(host, cli, env))
}

/// The clap command as `host` shows it: `kubectl claw …` or `helm claw …` in help and errors.
pub fn command(host: Host) -> clap::Command {
    Cli::command()
        .name(host.command_name())
        .bin_name(host.command_name())
        .display_name(host.command_name())
}

fn invocation(host: Host, cli: Cli, env: impl Fn(&str) -> Option<String>) -> Invocation {
    let g = cli.global;
    let mut connect = ConnectOptions {
        kubeconfig: g.kubeconfig,
        context: g.context,
        request_timeout: (!g.request_timeout.is_zero()).then_some(g.request_timeout),
    };
    let mut scope = ScopeRequest {
        namespace: g.namespace,
        all_namespaces: g.all_namespaces,
        host_namespace: None,
    };
    let helm_driver = g.helm_driver.clone().or_else(|| env("HELM_DRIVER"));
    host.apply_environment(&mut connect, &mut scope, env);
    let operation = match cli.command {
        Command::Status(a) => Operation::Status {
            include_uninstalled: a.all,
            selector: a.selector,
            probe: (!a.no_probe).then_some(ProbeOptions {
                timeout: a.probe.timeout,
                concurrency: usize::from(a.probe.concurrency),
            }),
        },
        Command::Health(a) => Operation::Health {
            names: a.names,
            probe: ProbeOptions {
                timeout: a.timeout,
                concurrency: usize::from(a.concurrency),
            },
        },
        Command::Events(a) => Operation::Events {
            bot: a.bot,
            types: a.types.iter().map(|t| format!("{t:?}")).collect(),
            since: a.since,
            watch: a.watch,
        },
        Command::Top(a) => Operation::Top { bot: a.bot },
        Command::Logs(a) => Operation::Logs(LogsRequest {
            bot: a.bot,
            container: a.container,
            follow: a.follow,
            tail: (a.tail >= 0).then_some(a.tail),
            since: a.since,
            previous: a.previous,
            all_pods: a.all_pods,
            timestamps: a.timestamps,
        }),
        Command::Bots(a) => Operation::Bots {
            names: a.names,
            selector: a.selector,
            types: a.types,
            include_uninstalled: a.all,
        },
        Command::Doctor => Operation::Doctor,
        Command::Upgrade(a) => Operation::Upgrade(UpgradeRequest {
            targets: if a.all_bots {
                UpgradeTargets::AllBots
            } else if a.names.is_empty() {
                UpgradeTargets::ControlPlane
            } else {
                UpgradeTargets::Bots(a.names)
            },
            force: a.force,
            dry_run: a.dry_run,
            diff: a.diff,
            rollback_on_failure: a.rollback_on_failure,
            helm: helm_values(a.values, a.wait),
        }),
        Command::Install(a) => Operation::Install(InstallRequest {
            chart: a.chart.chart().to_string(),
            name: a.name,
            dry_run: a.dry_run,
            helm: helm_values(a.values, a.wait),
        }),
        Command::Uninstall(a) => Operation::Uninstall(UninstallRequest {
            names: a.names,
            control_plane: a.control_plane,
            all: a.all,
            purge_namespace: a.purge_namespace,
            yes: a.yes,
        }),
        Command::Backup(a) => Operation::Backup {
            dir: a.dir,
            include_secrets: a.include_secrets,
        },
        Command::Charts(a) => Operation::Charts {
            pull: a.command.map(|ChartsCommand::Pull { chart, destination }| {
                (chart.chart().to_string(), destination)
            }),
        },
        Command::Version => Operation::Version,
        Command::Completion(a) => Operation::Completion(a.shell),
    };
    Invocation {
        host,
        connect,
        scope,
        format: g.output,
        no_headers: g.no_headers,
        chunk_size: g.chunk_size,
        verbose: g.verbose,
        helm_driver,
        operation,
    }
}

/// kubectl's duration syntax for --request-timeout: "30s", "1m30s", "500ms", or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let err =
        || format!("invalid duration \"{s}\": use a number with a unit, like 30s, 2m or 500ms");
    let mut total = Duration::ZERO;
    let mut rest = s;
    if rest.is_empty() {
        return Err(err());
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?;
        if digits == 0 {
            return Err(err());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| err())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        total += match unit {
            "ms" => Duration::from_millis(n),
            "s" => Duration::from_secs(n),
            "m" => Duration::from_secs(n * 60),
            "h" => Duration::from_secs(n * 3600),
            _ => return Err(err()),
        };
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse_kubectl(args: &[&str]) -> Result<Invocation, clap::Error> {
        let argv = std::iter::once("kubectl-claw").chain(args.iter().copied());
        parse(Host::Kubectl, argv, no_env)
    }

    #[test]
    fn flags_go_before_or_after_the_subcommand() {
        let a = parse_kubectl(&["-n", "bots", "status", "-o", "json"]).unwrap();
        let b = parse_kubectl(&["status", "--namespace=bots", "--output", "json"]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.scope.namespace.as_deref(), Some("bots"));
        assert_eq!(a.format, OutputFormat::Json);
        assert_eq!(a.connect.request_timeout, Some(Duration::from_secs(30)));
    }

    #[test]
    fn namespace_and_all_namespaces_conflict() {
        let e = parse_kubectl(&["status", "-n", "x", "-A"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn bad_output_is_a_usage_error() {
        let e = parse_kubectl(&["status", "-o", "xml"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn bots_takes_names_and_types() {
        let inv = parse_kubectl(&[
            "bots",
            "pico",
            "bots-team-a/pico2",
            "-t",
            "picoclaw,ironclaw",
        ])
        .unwrap();
        assert_eq!(
            inv.operation,
            Operation::Bots {
                names: vec!["pico".into(), "bots-team-a/pico2".into()],
                types: vec![BotType::Picoclaw, BotType::Ironclaw],
                include_uninstalled: false,
                selector: None,
            }
        );
    }

    #[test]
    fn status_probes_unless_told_not_to() {
        let inv = parse_kubectl(&["status", "--probe-timeout", "2s"]).unwrap();
        assert_eq!(
            inv.operation,
            Operation::Status {
                include_uninstalled: false,
                selector: None,
                probe: Some(ProbeOptions {
                    timeout: Duration::from_secs(2),
                    concurrency: 16
                })
            }
        );
        let inv = parse_kubectl(&["status", "--no-probe"]).unwrap();
        assert!(matches!(
            inv.operation,
            Operation::Status { probe: None, .. }
        ));
        assert!(parse_kubectl(&["health", "--concurrency", "0"]).is_err());
    }

    #[test]
    fn zero_timeout_means_none() {
        let inv = parse_kubectl(&["status", "--request-timeout", "0"]).unwrap();
        assert_eq!(inv.connect.request_timeout, None);
    }

    #[test]
    fn help_names_the_host_command() {
        let help = command(Host::Helm).render_help().to_string();
        assert!(help.contains("Usage: helm claw"), "{help}");
        let help = command(Host::Kubectl).render_long_help().to_string();
        assert!(help.contains("Usage: kubectl claw"), "{help}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("").is_err());
    }
}
