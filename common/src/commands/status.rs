//! `claw status`: the control plane first, then every bot, in one table, each probed for health
//! unless `--no-probe`. Facts first (the inventory, then the probes), then the rows are joined
//! and rendered.

use std::time::Duration;

use clap::Args;

use super::documents;
use crate::charts::embedded::ChartName;
use crate::charts::offer::Offer;
use crate::charts::source::{self, ChartSource, ChartSourceArgs};
use crate::cluster::Connected;
use crate::context::Context;
use crate::context::many;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::infrastructure;
use crate::fleet::inventory::{self, DiscoverOptions, Inventory};
use crate::fleet::probe::{self, Probe, ProbeOptions};
use crate::output::bot_table::{self, BotTable, Columns};
use crate::output::gathered::Gathered;
use crate::output::infra_table;
use crate::output::{Io, OutputOptions, Render, Table};
use crate::upgrade::plan;
use crate::watch::redraw;

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

    /// Keep watching: redraw when releases, pods or Deployments change (Ctrl-C to stop; no
    /// health probes, no infrastructure table)
    #[arg(short = 'w', long)]
    pub watch: bool,

    #[command(flatten)]
    pub probe: ProbeArgs,

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

/// How `status` probes.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// How long each health probe may take (short, so no hung bot holds the table up; `health`
    /// waits 5s)
    #[arg(long = "probe-timeout", value_name = "DURATION", default_value = "1s", value_parser = crate::duration::parse)]
    pub timeout: Duration,

    /// How many health probes run at once
    #[arg(long = "probe-concurrency", value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

impl StatusArgs {
    fn probe_options(&self) -> Option<ProbeOptions> {
        (!self.no_probe).then_some(ProbeOptions {
            timeout: self.probe.timeout,
            concurrency: usize::from(self.probe.concurrency),
        })
    }
}

/// What the chart source offers for the charts `bots` run (one lookup per chart), and what
/// could not be looked up.
pub async fn offer_for(
    ctx: &Context,
    source: &ChartSourceArgs,
    bots: &[&Bot],
) -> Result<(Offer, Vec<String>)> {
    let source = ChartSource::from_args(source)?;
    let mut charts: Vec<&str> = bots.iter().map(|b| b.role.chart()).collect();
    charts.sort();
    charts.dedup();
    Ok(source::offer(&source, &charts, || ctx.helm()).await)
}

pub async fn run(ctx: &Context, args: &StatusArgs, io: &mut Io<'_>) -> Result<Exit> {
    if args.watch {
        let (offer, warnings) = offer_for_all(ctx, &args.source).await?;
        io.warn_all(&warnings);
        let build = |c: &Context, conn: &Connected, inv: &Inventory| {
            let everyone = inv.all();
            let probes = vec![None; everyone.len()];
            let facts = StatusParts {
                inventory: inv,
                everyone: &everyone,
                probes: &probes,
                offer: &offer,
                infrastructure: vec![],
                warnings: status_warnings(c, args, conn, inv),
            };
            view(c, conn, facts)
        };
        return redraw::run(ctx, StatusReport::KIND, discover_options(args), build, io).await;
    }
    many::each(ctx, StatusReport::KIND, io, |c| async move {
        gather(&c, args).await
    })
    .await
}

/// What every chart this claw knows is offered at (for `-w`, which sees bots come and go).
pub async fn offer_for_all(
    ctx: &Context,
    source: &ChartSourceArgs,
) -> Result<(Offer, Vec<String>)> {
    let source = ChartSource::from_args(source)?;
    let charts: Vec<&str> = ChartName::ALL.iter().map(|c| c.as_str()).collect();
    Ok(source::offer(&source, &charts, || ctx.helm()).await)
}

fn discover_options(args: &StatusArgs) -> DiscoverOptions {
    DiscoverOptions {
        include_uninstalled: args.all,
        selector: args.selector.clone(),
        ..Default::default()
    }
}

/// What stderr says of an inventory: degraded access, and a missing control plane.
fn status_warnings(
    ctx: &Context,
    args: &StatusArgs,
    c: &Connected,
    inventory: &Inventory,
) -> Vec<String> {
    let mut warnings = inventory.warnings.clone();
    warnings.extend(inventory.unreadable_note(ctx.host.command_name(), ctx.verbose));
    // With -l the control plane may simply not match; only its absence is news.
    if inventory.control_planes.is_empty() && args.selector.is_none() {
        warnings.push(format!(
            "no ClawMachine control plane (a release of chart clawmachine) found in {}",
            c.scope.describe()
        ));
    }
    warnings
}

/// Everything a status view is made of.
struct StatusParts<'a> {
    inventory: &'a Inventory,
    everyone: &'a [&'a Bot],
    probes: &'a [Option<Probe>],
    offer: &'a Offer,
    infrastructure: Vec<infrastructure::Row>,
    warnings: Vec<String>,
}

fn view(ctx: &Context, c: &Connected, f: StatusParts) -> Result<Gathered> {
    let view = StatusReport {
        table: BotTable {
            rows: bot_table::rows(f.everyone, f.probes, |b| {
                plan::available_upgrade(b, f.offer)
            }),
            columns: Columns {
                namespace: c.scope.namespace().is_none(),
                health: true,
            },
            scope: c.scope.describe(),
            now: ctx.now(),
        },
        infrastructure: f.infrastructure,
        control_planes: f.inventory.control_planes.len(),
        warnings: f.warnings,
    };
    Gathered::of(&view, &ctx.output, view.warnings.clone(), Exit::Ok)
}

/// One cluster's status, ready to show.
pub async fn gather(ctx: &Context, args: &StatusArgs) -> Result<Gathered> {
    let c = ctx.connect().await?;
    let options = discover_options(args);
    let (inventory, infra) = tokio::join!(
        inventory::discover(&c, &options),
        infrastructure::gather(&c.cluster)
    );
    let inventory = inventory?;
    let mut warnings = status_warnings(ctx, args, &c, &inventory);
    let everyone = inventory.all();
    let (offer, offer_warnings) = offer_for(ctx, &args.source, &everyone).await?;
    warnings.extend(offer_warnings);
    let probes: Vec<Option<Probe>> = match args.probe_options() {
        Some(opts) if !everyone.is_empty() => {
            let services = probe::list_services(&c.cluster, &c.scope).await?;
            let found = probe::probe_all(&c.cluster, &everyone, &services, opts).await;
            warnings.extend(probe::warnings(&found));
            found.into_iter().map(Some).collect()
        }
        _ => vec![None; everyone.len()],
    };
    let facts = StatusParts {
        inventory: &inventory,
        everyone: &everyone,
        probes: &probes,
        offer: &offer,
        infrastructure: infrastructure::rows(&infra, &everyone),
        warnings,
    };
    view(ctx, &c, facts)
}

/// The `Status` document: the control plane, the bots, and what stderr said.
pub struct StatusReport<'a> {
    /// The control plane(s) first, then the bots.
    pub table: BotTable<'a>,
    /// ESO, Cilium, 1Password Connect: those there, or needed by a bot.
    pub infrastructure: Vec<infrastructure::Row>,
    pub control_planes: usize,
    pub warnings: Vec<String>,
}

impl Render for StatusReport<'_> {
    const KIND: &'static str = "Status";
    type Body<'a>
        = documents::StatusBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        let mut bots = self.table.items();
        let control_planes: Vec<_> = bots.drain(..self.control_planes).collect();
        documents::StatusBody {
            control_plane: control_planes.into_iter().next(),
            bots,
            infrastructure: &self.infrastructure,
            warnings: &self.warnings,
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let bots = self.table.text(output);
        match (infra_table::render(&self.infrastructure, output), bots) {
            (Some(infra), Some(bots)) => Some(format!("{infra}\n{bots}")),
            (infra, bots) => bots.or(infra),
        }
    }

    fn nothing_found(&self) -> String {
        self.table.nothing_found()
    }

    fn tables(&self, output: &OutputOptions) -> Option<Vec<Table>> {
        Some(vec![
            infra_table::table(&self.infrastructure),
            self.table.table(output),
        ])
    }
}
