//! `claw uninstall BOT… | --control-plane | --all [--purge-namespace]`: bots first, then the
//! control plane, then (asked for) its namespace; naming the volumes whose data goes and asking
//! first unless `--yes`.

use std::io::{BufRead, IsTerminal};

use clap::Args;

use super::documents;
use crate::cluster::Connected;
use crate::cluster::{Resource, Scope};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::selection;
use crate::fleet::volumes::{self, Volume};
use crate::helm::Helm;
use crate::helm::invocation::{self, Release};
use crate::output::helm_steps::{self, StepResult};
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};

#[derive(Debug, Args)]
#[command(
    after_help = "BOT is NAME or NAMESPACE/NAME. Without -n, bots are looked up in every namespace \
    (a NAME found in several must be given as NAMESPACE/NAME); with -n, in that namespace only."
)]
pub struct UninstallArgs {
    /// Bots to uninstall
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
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
        if nss.is_empty() {
            io.warn(&format!(
                "--purge-namespace: no control plane in {}, so no namespace to delete",
                c.scope.describe()
            ));
        }
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
    let steps = uninstall_all(&c, &helm, &order, &namespaces).await?;
    let done = Uninstalled {
        steps: &steps,
        volumes: &volumes,
    };
    render(&done, &ctx.output, io)?;
    Ok(helm_steps::report(
        "uninstall",
        steps.iter().map(|(target, r)| (target.to_string(), r)),
        io,
    ))
}

/// What an uninstall removes: a release, or (with `--purge-namespace`) a namespace.
enum Target<'a> {
    Release(&'a Bot),
    Namespace(&'a str),
}

impl std::fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Release(b) => write!(f, "{}", b.key()),
            Target::Namespace(ns) => write!(f, "namespace {ns}"),
        }
    }
}

/// Each step's result, and the volumes whose data went with them.
struct Uninstalled<'a> {
    steps: &'a [(Target<'a>, StepResult)],
    volumes: &'a [Volume],
}

fn result_text(r: &StepResult, target: &Target) -> (String, Tone) {
    match (r, target) {
        (StepResult::Done, Target::Release(_)) => ("uninstalled".into(), Tone::Good),
        (StepResult::Done, Target::Namespace(_)) => ("deleted".into(), Tone::Good),
        (StepResult::Failed(e), _) => (format!("failed: {e}"), Tone::Bad),
    }
}

impl Render for Uninstalled<'_> {
    const KIND: &'static str = "UninstallResult";
    type Body<'a>
        = documents::UninstallBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        documents::UninstallBody {
            items: self
                .steps
                .iter()
                .map(|(target, r)| {
                    let (kind, namespace, name) = match target {
                        Target::Release(b) => {
                            ("release", b.namespace.as_str(), Some(b.name.as_str()))
                        }
                        Target::Namespace(ns) => ("namespace", *ns, None),
                    };
                    documents::UninstallEntry {
                        kind,
                        namespace,
                        name,
                        result: result_text(r, target).0,
                    }
                })
                .collect(),
            volumes: self
                .volumes
                .iter()
                .map(|v| documents::UninstallVolume {
                    namespace: &v.namespace,
                    name: &v.name,
                    release: &v.release,
                    size: &v.size,
                })
                .collect(),
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut t = Table::new(vec!["NAMESPACE", "NAME", "RESULT"]);
        for (target, r) in self.steps {
            let (ns, name) = match target {
                Target::Release(b) => (b.namespace.as_str(), b.name.as_str()),
                Target::Namespace(ns) => (*ns, "(namespace)"),
            };
            t.row(vec![
                (ns.to_string(), Tone::Plain),
                (name.to_string(), Tone::Plain),
                result_text(r, target),
            ]);
        }
        Some(t.render(!output.no_headers, output.color))
    }
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
                message: format!(
                    "no ClawMachine control plane (a release of chart clawmachine) in {} to uninstall",
                    scope.describe()
                ),
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
async fn uninstall_all<'a>(
    c: &Connected,
    helm: &Helm,
    order: &[&'a Bot],
    namespaces: &'a [String],
) -> Result<Vec<(Target<'a>, StepResult)>> {
    let mut results = Vec::new();
    for b in order {
        let argv = invocation::uninstall(Release {
            name: &b.name,
            namespace: &b.namespace,
        });
        let (result, _) = helm_steps::run(helm, &argv, &[]).await?;
        results.push((Target::Release(b), result));
    }
    for ns in namespaces {
        let r = c
            .cluster
            .delete(
                &format!("delete namespace {ns}"),
                &Resource::NAMESPACES.named(None, ns),
            )
            .await;
        let result = match r {
            Ok(()) => StepResult::Done,
            Err(e) => StepResult::Failed(e.to_string()),
        };
        results.push((Target::Namespace(ns), result));
    }
    Ok(results)
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
