//! The one command tree both plugins share: parsed (without touching the network) into the
//! global flags and one command's own arguments, then dispatched to that command's `run`.

use std::ffi::OsString;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::cluster::{Intent, ListConsistency};
use crate::commands::{
    backup, bots, charts, completion, doctor, events, health, history, install, logs, restart,
    restore, rollback, status, top, uninstall, upgrade, version,
};
use crate::context::{Context, GlobalArgs};
use crate::error::Result;
use crate::exit::Exit;
use crate::host::Host;
use crate::output::Io;

#[derive(Debug, Parser)]
#[command(
    name = "claw",
    version,
    about = "See and run ClawMachine and its bots on Kubernetes",
    long_about = "See and run ClawMachine and its bots on Kubernetes.\n\n\
        Lists cover all namespaces unless -n narrows them.",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The control plane and every bot: release state, pods, restarts, chart
    Status(status::StatusArgs),
    /// List bots, or show the named ones
    Bots(bots::BotsArgs),
    /// Probe the control plane's and each bot's health endpoint; exit 1 unless all are healthy
    Health(health::HealthArgs),
    /// Events of ClawMachine's namespaces, or of one bot's objects, oldest first
    Events(events::EventsArgs),
    /// CPU and memory per bot against requests and limits (needs metrics-server)
    Top(top::TopArgs),
    /// A bot's logs: its own container, not its database's
    Logs(logs::LogsArgs),
    /// Check the setup: access, control plane, bots, secrets plumbing, metrics; exit 1 on FAIL
    Doctor(doctor::DoctorArgs),
    /// Upgrade the control plane (default), named bots, or all bots to the newest charts on offer
    Upgrade(upgrade::UpgradeArgs),
    /// A bot's release revisions, as helm history shows them, with the claw upgrade run of each
    History(history::HistoryArgs),
    /// Roll a bot back to an earlier revision, or undo a claw upgrade run (--run ID, --last-run)
    Rollback(rollback::RollbackArgs),
    /// Rollout-restart bots' Deployments and wait until they are ready and healthy again
    Restart(restart::RestartArgs),
    /// Install a bot (or the control plane) from an embedded chart or a chart source
    Install(install::InstallArgs),
    /// Uninstall bots, the control plane, or everything, in a safe order
    Uninstall(uninstall::UninstallArgs),
    /// Write each release's values and an index of releases and bot volumes to DIR (--velero: and back the volumes up with Velero)
    Backup(backup::BackupArgs),
    /// Re-create the releases a backup directory describes: the control plane first, then each bot
    Restore(restore::RestoreArgs),
    /// List the charts embedded in this build, or write one out
    Charts(charts::ChartsArgs),
    /// Print the plugin's version
    Version(version::VersionArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell)
    Completion(completion::CompletionArgs),
}

impl Command {
    /// The commands that act on (or follow) one cluster, by name: several contexts make no
    /// sense for them.
    fn one_cluster_only(&self) -> Option<&'static str> {
        match self {
            Command::Status(_)
            | Command::Bots(_)
            | Command::Health(_)
            | Command::Events(_)
            | Command::Doctor(_)
            | Command::Charts(_)
            | Command::Completion(_) => None,
            Command::Top(_) => Some("top"),
            Command::Logs(_) => Some("logs"),
            Command::Upgrade(_) => Some("upgrade"),
            Command::History(_) => Some("history"),
            Command::Rollback(_) => Some("rollback"),
            Command::Restart(_) => Some("restart"),
            Command::Install(_) => Some("install"),
            Command::Uninstall(_) => Some("uninstall"),
            Command::Backup(_) => Some("backup"),
            Command::Restore(_) => Some("restore"),
            Command::Version(_) => Some("version"),
        }
    }
}

impl Command {
    /// Whether the command changes the cluster (a plan for a change counts: it must look
    /// exactly where the change would act).
    pub fn intent(&self) -> Intent {
        match self {
            Command::Upgrade(_)
            | Command::Rollback(_)
            | Command::Restart(_)
            | Command::Install(_)
            | Command::Uninstall(_)
            | Command::Restore(_) => Intent::Write,
            Command::Backup(a) if a.velero.velero => Intent::Write,
            _ => Intent::Read,
        }
    }

    /// Where the command's LISTs come from: the watch cache for the views that only show
    /// (a moment stale at most, and the next look shows it); consistent reads for whatever
    /// changes the cluster or records it (upgrade and its plan, uninstall, restore, backup).
    pub fn reads(&self) -> ListConsistency {
        match self {
            Command::Status(_)
            | Command::Bots(_)
            | Command::Health(_)
            | Command::Events(_)
            | Command::Top(_)
            | Command::Logs(_)
            | Command::Doctor(_)
            | Command::History(_)
            | Command::Completion(_) => ListConsistency::WatchCache,
            _ => ListConsistency::Consistent,
        }
    }
}

/// Parses `args` (argv, program name first) as `host` presents them.
pub fn parse<I, T>(host: Host, args: I) -> std::result::Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command(host).try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// The clap command as `host` shows it: `kubectl claw …` or `helm claw …` in help and errors.
pub fn command(host: Host) -> clap::Command {
    Cli::command()
        .name(host.command_name())
        .bin_name(host.command_name())
        .display_name(host.command_name())
}

/// Runs `command` in `ctx`.
pub async fn run(ctx: &Context, cmd: &Command, io: &mut Io<'_>) -> Result<Exit> {
    if let Some(name) = cmd.one_cluster_only() {
        ctx.one_only(name)?;
    }
    let ctx = &ctx
        .clone()
        .with_intent(cmd.intent())
        .with_reads(cmd.reads());
    match cmd {
        Command::Status(a) => status::run(ctx, a, io).await,
        Command::Bots(a) => bots::run(ctx, a, io).await,
        Command::Health(a) => health::run(ctx, a, io).await,
        Command::Events(a) => events::run(ctx, a, io).await,
        Command::Top(a) => top::run(ctx, a, io).await,
        Command::Logs(a) => logs::run(ctx, a, io).await,
        Command::Doctor(a) => doctor::run(ctx, a, io).await,
        Command::Upgrade(a) => upgrade::run(ctx, a, io).await,
        Command::History(a) => history::run(ctx, a, io).await,
        Command::Rollback(a) => rollback::run(ctx, a, io).await,
        Command::Restart(a) => restart::run(ctx, a, io).await,
        Command::Install(a) => install::run(ctx, a, io).await,
        Command::Uninstall(a) => uninstall::run(ctx, a, io).await,
        Command::Backup(a) => backup::run(ctx, a, io).await,
        Command::Restore(a) => restore::run(ctx, a, io).await,
        Command::Charts(a) => charts::run(ctx, a, io).await,
        Command::Version(a) => version::run(ctx, a, io).await,
        Command::Completion(a) => completion::run(ctx, a, command(ctx.host), io).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFormat;
    use std::time::Duration;

    fn parse_kubectl(args: &[&str]) -> std::result::Result<Cli, clap::Error> {
        parse(
            Host::Kubectl,
            std::iter::once("kubectl-claw").chain(args.iter().copied()),
        )
    }

    #[test]
    fn flags_go_before_or_after_the_subcommand() {
        let a = parse_kubectl(&["-n", "bots", "status", "-o", "json"]).unwrap();
        let b = parse_kubectl(&["status", "--namespace=bots", "--output", "json"]).unwrap();
        assert_eq!(a.global.namespace.as_deref(), Some("bots"));
        assert_eq!(b.global.namespace.as_deref(), Some("bots"));
        assert_eq!(a.global.output, OutputFormat::Json);
        assert_eq!(b.global.output, OutputFormat::Json);
        assert_eq!(a.global.request_timeout, Duration::from_secs(30));
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
        let cli = parse_kubectl(&[
            "bots",
            "pico",
            "bots-team-a/pico2",
            "-t",
            "picoclaw,ironclaw",
        ])
        .unwrap();
        let Command::Bots(a) = cli.command else {
            panic!("bots")
        };
        assert_eq!(a.names, ["pico", "bots-team-a/pico2"]);
        assert_eq!(
            a.types,
            [
                crate::fleet::bot::BotType::Picoclaw,
                crate::fleet::bot::BotType::Ironclaw
            ]
        );
    }

    #[test]
    fn status_probes_unless_told_not_to() {
        let cli = parse_kubectl(&["status", "--probe-timeout", "2s"]).unwrap();
        let Command::Status(a) = cli.command else {
            panic!("status")
        };
        assert!(!a.no_probe);
        assert_eq!(a.probe.timeout, Duration::from_secs(2));
        assert_eq!(a.probe.concurrency, 16);
        assert!(parse_kubectl(&["health", "--concurrency", "0"]).is_err());
    }

    #[test]
    fn events_types_are_typed() {
        let cli = parse_kubectl(&["events", "--types", "warning,Normal"]).unwrap();
        let Command::Events(a) = cli.command else {
            panic!("events")
        };
        use crate::fleet::events::EventType;
        assert_eq!(a.types, [EventType::Warning, EventType::Normal]);
    }

    #[test]
    fn help_names_the_host_command() {
        let help = command(Host::Helm).render_help().to_string();
        assert!(help.contains("Usage: helm claw"), "{help}");
        let help = command(Host::Kubectl).render_long_help().to_string();
        assert!(help.contains("Usage: kubectl claw"), "{help}");
    }
}
