//! `claw uninstall BOT… | --control-plane | --all [--purge-namespace]`: bots first, then the
//! control plane, then (asked for) its namespace; naming the volumes whose data goes and asking
//! first unless `--yes`.

use std::io::{BufRead, IsTerminal};

use clap::Args;

use super::helm_steps::{self, StepResult};
use crate::cluster::Connected;
use crate::cluster::Scope;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::selection;
use crate::fleet::volumes::{self, Volume};
use crate::helm::Helm;
use crate::helm::invocation::{self, Release};
use crate::output::{Io, OutputOptions, Table, Tone};

#[derive(Debug, Args)]
#[command(
    after_help = "BOT is NAME or NAMESPACE/NAME. Without -n, bots are looked up in every namespace \
    (a NAME found in several must be given as NAMESPACE/NAME); with -n, in that namespace only."
)]
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

pub async fn run(ctx: &Context, args: &UninstallArgs, io: &mut Io<'_>) -> Result<Exit> {
    if args.names.is_empty() && !args.control_plane && !args.all {
        return Err(Error::Usage(
            "say what to uninstall: BOT…, --control-plane, or --all".into(),
        ));
    }
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    let order = order(args, &inventory, &c.scope)?;
    let namespaces: Vec<String> = if args.purge_namespace {
        let mut nss: Vec<String> = inventory
            .control_planes
            .iter()
            .map(|c| c.namespace.clone())
            .collect();
        nss.dedup();
        nss
    } else {
        vec![]
    };
    if order.is_empty() && namespaces.is_empty() {
        io.warn("nothing to uninstall");
        return Ok(Exit::Ok);
    }
    let volumes = volumes::of_bots(&c.cluster, &c.scope, &order).await?;
    let _ = write!(io.err, "{}", plan_text(&order, &namespaces, &volumes));
    if !args.yes {
        confirm(io)?;
    }
    let helm = ctx.helm()?;
    let results = uninstall_all(&c, &helm, &order, &namespaces).await?;
    let _ = io.print(&results_table(&results, &ctx.output));
    Ok(helm_steps::report(
        "uninstall",
        results.iter().map(|(what, r)| (what.clone(), r)),
        io,
    ))
}

/// What goes, in order: bots first (they outlive nothing), then the control plane.
fn order<'a>(
    args: &UninstallArgs,
    inventory: &'a Inventory,
    scope: &Scope,
) -> Result<Vec<&'a Bot>> {
    let mut order: Vec<&Bot> = if args.all {
        inventory.bots()
    } else if args.names.is_empty() {
        // --control-plane alone: bots keep running (an empty name list would select them all).
        vec![]
    } else {
        selection::select(&inventory.bots(), &args.names, &[], scope)?
    };
    if args.all || args.control_plane {
        if inventory.control_planes.is_empty() && args.control_plane {
            return Err(Error::NotFound {
                message:
                    "no ClawMachine control plane (a release of chart clawmachine) to uninstall"
                        .into(),
            });
        }
        order.extend(inventory.control_planes.iter());
    }
    Ok(order)
}

/// The plan, told before asking.
fn plan_text(order: &[&Bot], namespaces: &[String], volumes: &[Volume]) -> String {
    let mut plan = String::from("This uninstalls, in this order:\n");
    for (i, b) in order.iter().enumerate() {
        plan.push_str(&format!(
            "  {}. {} {} ({})\n",
            i + 1,
            b.type_name(),
            b.key(),
            b.release.chart_ref().unwrap_or_default()
        ));
    }
    for ns in namespaces {
        plan.push_str(&format!(
            "  then deletes namespace {ns} and everything left in it\n"
        ));
    }
    if volumes.is_empty() {
        plan.push_str("No PersistentVolumeClaims belong to them.\n");
        return plan;
    }
    plan.push_str("The data in these PersistentVolumeClaims will be deleted with them:\n");
    for v in volumes {
        plan.push_str(&format!(
            "  {}/{} ({}, {})\n",
            v.namespace,
            v.name,
            v.release,
            if v.size.is_empty() { "?" } else { &v.size }
        ));
    }
    plan
}

/// Uninstalls each release in order, then deletes the namespaces.
async fn uninstall_all(
    c: &Connected,
    helm: &Helm,
    order: &[&Bot],
    namespaces: &[String],
) -> Result<Vec<(String, StepResult)>> {
    let mut results = Vec::new();
    for b in order {
        let argv = invocation::uninstall(Release {
            name: &b.name,
            namespace: &b.namespace,
        });
        let (result, _) = helm_steps::run(helm, &argv, &[]).await?;
        results.push((b.key(), result));
    }
    for ns in namespaces {
        let r = c
            .cluster
            .delete(
                &format!("delete namespace {ns}"),
                &format!("/api/v1/namespaces/{ns}"),
            )
            .await;
        let result = match r {
            Ok(()) => StepResult::Done,
            Err(e) => StepResult::Failed(e.to_string()),
        };
        results.push((format!("{ns}/(namespace)"), result));
    }
    Ok(results)
}

fn results_table(results: &[(String, StepResult)], output: &OutputOptions) -> String {
    let mut t = Table::new(vec!["NAMESPACE", "NAME", "RESULT"]);
    for (what, r) in results {
        let (ns, name) = what.split_once('/').unwrap_or(("", what));
        let (text, tone) = match r {
            StepResult::Done => ("uninstalled".to_string(), Tone::Good),
            StepResult::Failed(e) => (format!("failed: {e}"), Tone::Bad),
        };
        t.row(vec![
            (ns.to_string(), Tone::Plain),
            (name.to_string(), Tone::Plain),
            (text, tone),
        ]);
    }
    t.render(!output.no_headers, output.color)
}

/// Asks on the terminal; without one, refuses rather than guess.
fn confirm(io: &mut Io) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "refusing to uninstall without confirmation: no terminal to ask on; pass --yes".into(),
        ));
    }
    let _ = write!(io.err, "Proceed? Type yes to continue: ");
    let _ = io.err.flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::Other(format!("reading the answer: {e}")))?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(Error::Other(
            "uninstall cancelled; nothing was changed".into(),
        ))
    }
}
