//! One module per command; each only composes the concern modules (cluster, discovery, output).

mod backup;
mod bot_table;
mod bots;
mod charts;
mod doctor;
mod events;
mod health;
mod install;
mod logs;
mod status;
mod top;
mod uninstall;
mod upgrade;
mod version;

use crate::cli::{Invocation, Operation};
use crate::cluster::{Cluster, Scope};
use crate::error::{Error, Result};
use crate::output::OutputOptions;

/// What a command produced: printed by the caller, so commands stay testable.
#[derive(Debug, Default)]
pub struct Report {
    pub stdout: String,
    /// One line each, printed once on stderr as "warning: …".
    pub warnings: Vec<String>,
    pub exit: i32,
}

/// Runs `inv`. Commands that stream (`events -w`, `logs -f`) write to `out` as they go; the rest
/// return everything in the [`Report`].
pub async fn run(inv: &Invocation, color: bool, out: &mut dyn std::io::Write) -> Result<Report> {
    let output = OutputOptions {
        format: inv.format,
        no_headers: inv.no_headers,
        color,
    };
    match &inv.operation {
        Operation::Version => Ok(version::run(inv, output).await),
        Operation::Charts { pull } => charts::run(pull.as_ref(), output),
        Operation::Upgrade(request) => {
            let (cluster, scope) = connect(inv).await?;
            upgrade::run(&cluster, &scope, &|| helm_for(inv), request, output, out).await
        }
        Operation::Install(request) => {
            let cluster = Cluster::connect(&inv.connect).await?;
            let scope = inv.scope.resolve(&cluster.context_namespace);
            install::run(&scope, &helm_for(inv)?, request).await
        }
        Operation::Uninstall(request) => {
            let (cluster, scope) = connect(inv).await?;
            uninstall::run(&cluster, &scope, &helm_for(inv)?, request, output).await
        }
        Operation::Backup {
            dir,
            include_secrets,
        } => {
            let (cluster, scope) = connect(inv).await?;
            backup::run(&cluster, &scope, dir, *include_secrets).await
        }
        Operation::Doctor => {
            let (cluster, scope) = connect(inv).await?;
            doctor::run(&cluster, &scope, output).await
        }
        Operation::Completion(shell) => {
            let mut script = Vec::new();
            clap_complete::generate(
                *shell,
                &mut crate::cli::command(inv.host),
                inv.host.binary_name(),
                &mut script,
            );
            Ok(Report {
                stdout: String::from_utf8_lossy(&script).into_owned(),
                ..Default::default()
            })
        }
        Operation::Status {
            include_uninstalled,
            probe,
            selector,
        } => {
            let (cluster, scope) = connect(inv).await?;
            let options = crate::discovery::DiscoverOptions {
                include_uninstalled: *include_uninstalled,
                selector: selector.clone(),
            };
            status::run(&cluster, &scope, &options, *probe, output).await
        }
        Operation::Events {
            bot,
            types,
            since,
            watch,
        } => {
            let (cluster, scope) = connect(inv).await?;
            let request = events::EventsRequest {
                bot: bot.as_deref(),
                types,
                since: *since,
                watch: *watch,
                all_namespaces: inv.scope.all_namespaces,
            };
            events::run(&cluster, &scope, &request, output, out).await
        }
        Operation::Top { bot } => {
            let (cluster, scope) = connect(inv).await?;
            top::run(&cluster, &scope, bot.as_deref(), output).await
        }
        Operation::Logs(request) => {
            let (cluster, scope) = connect(inv).await?;
            logs::run(&cluster, &scope, request, out).await
        }
        Operation::Health { names, probe } => {
            let (cluster, scope) = connect(inv).await?;
            health::run(&cluster, &scope, names, *probe, output).await
        }
        Operation::Bots {
            names,
            types,
            include_uninstalled,
            selector,
        } => {
            let (cluster, scope) = connect(inv).await?;
            let filter = bots::Filter {
                names,
                types,
                include_uninstalled: *include_uninstalled,
            };
            bots::run(&cluster, &scope, &filter, selector.as_deref(), output).await
        }
    }
}

/// Helm, told which cluster to use the way claw was told.
fn helm_for(inv: &Invocation) -> Result<crate::helm::Helm> {
    let mut connection: Vec<std::ffi::OsString> = Vec::new();
    if let Some(ctx) = &inv.connect.context {
        connection.push("--kube-context".into());
        connection.push(ctx.into());
    }
    if let Some(kc) = &inv.connect.kubeconfig {
        connection.push("--kubeconfig".into());
        connection.push(kc.into());
    }
    crate::helm::Helm::locate(|k| std::env::var(k).ok(), connection)
}

async fn connect(inv: &Invocation) -> Result<(Cluster, Scope)> {
    let cluster = Cluster::connect(&inv.connect)
        .await?
        .with_chunk_size(inv.chunk_size)
        .with_verbose(inv.verbose)
        .with_helm_driver(
            crate::helm_storage::Driver::parse(inv.helm_driver.as_deref().unwrap_or(""))
                .map_err(Error::Usage)?,
        );
    let scope = inv.scope.resolve(&cluster.context_namespace);
    Ok((cluster, scope))
}
