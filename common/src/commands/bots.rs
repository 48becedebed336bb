//! `claw bots [BOT…]`: the bots alone, optionally only the named ones or some types.

use clap::Args;

use super::documents;
use crate::charts::offer::Offer;
use crate::charts::source::ChartSourceArgs;
use crate::cluster::Connected;
use crate::context::Context;
use crate::context::many;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::bot::{Bot, BotType};
use crate::fleet::inventory::{self, DiscoverOptions, Inventory};
use crate::fleet::selection;
use crate::output::bot_table::{self, BotTable, Columns};
use crate::output::gathered::Gathered;
use crate::output::{Io, OutputOptions, Render, Table};
use crate::upgrade::plan;
use crate::watch::redraw;

#[derive(Debug, Args)]
pub struct BotsArgs {
    /// Bot (release) names, or NAMESPACE/NAME
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
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

    /// Keep watching: redraw when releases, pods or Deployments change (Ctrl-C to stop)
    #[arg(short = 'w', long)]
    pub watch: bool,

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

pub async fn run(ctx: &Context, args: &BotsArgs, io: &mut Io<'_>) -> Result<Exit> {
    if args.watch {
        if !args.names.is_empty() && ctx.many()?.is_none() {
            // A name that is ambiguous or unknown now is refused as `bots NAME` refuses it;
            // one that goes away later while watching is no error.
            gather(ctx, args).await?;
        }
        let (offer, warnings) = super::status::offer_for_all(ctx, &args.source).await?;
        io.warn_all(&warnings);
        let build = |c: &Context, conn: &Connected, inv: &Inventory| {
            // Named bots may come and go while watching: an absent one is no error here.
            let chosen = selection::select(&inv.bots(), &args.names, &args.types, &conn.scope)
                .unwrap_or_default();
            view(c, conn, &chosen, &offer, inv.warnings.clone())
        };
        return redraw::run(ctx, BotListView::KIND, options(args), build, io).await;
    }
    many::each(ctx, BotListView::KIND, io, |c| async move {
        gather(&c, args).await
    })
    .await
}

fn options(args: &BotsArgs) -> DiscoverOptions {
    DiscoverOptions {
        include_uninstalled: args.all,
        selector: args.selector.clone(),
        ..Default::default()
    }
}

/// One cluster's bots, ready to show.
pub async fn gather(ctx: &Context, args: &BotsArgs) -> Result<Gathered> {
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &options(args)).await?;
    let chosen = selection::select(&inventory.bots(), &args.names, &args.types, &c.scope)?;
    let (offer, offer_warnings) = super::status::offer_for(ctx, &args.source, &chosen).await?;
    let warnings = [
        inventory.warnings.clone(),
        inventory.unreadable_note(ctx.host.command_name(), ctx.verbose),
        offer_warnings,
    ]
    .concat();
    view(ctx, &c, &chosen, &offer, warnings)
}

fn view(
    ctx: &Context,
    c: &Connected,
    chosen: &[&Bot],
    offer: &Offer,
    warnings: Vec<String>,
) -> Result<Gathered> {
    let no_probes = vec![None; chosen.len()];
    let view = BotListView {
        table: BotTable {
            rows: bot_table::rows(chosen, &no_probes, |b| plan::available_upgrade(b, offer)),
            columns: Columns {
                namespace: c.scope.namespace().is_none(),
                health: false,
            },
            scope: c.scope.describe(),
            now: ctx.now(),
        },
        warnings,
    };
    Gathered::of(&view, &ctx.output, view.warnings.clone(), Exit::Ok)
}

/// The `BotList` document.
pub struct BotListView<'a> {
    pub table: BotTable<'a>,
    pub warnings: Vec<String>,
}

impl Render for BotListView<'_> {
    const KIND: &'static str = "BotList";
    type Body<'a>
        = documents::BotListBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        documents::BotListBody {
            items: self.table.items(),
            warnings: &self.warnings,
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        self.table.text(output)
    }

    fn nothing_found(&self) -> String {
        self.table.nothing_found()
    }

    fn tables(&self, output: &OutputOptions) -> Option<Vec<Table>> {
        Some(vec![self.table.table(output)])
    }
}
