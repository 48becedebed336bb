//! `claw bots [BOT…]`: the bots alone, optionally only the named ones or some types.

use clap::Args;
use serde::Serialize;

use crate::bot::BotType;
use crate::chart_source::ChartSourceArgs;
use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::inventory::{self, DiscoverOptions};
use crate::lifecycle;
use crate::output::bot_table::{self, BotItem, BotTable, Columns};
use crate::output::{Io, OutputOptions, Render, render};

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

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

pub async fn run(ctx: &Context, args: &BotsArgs, io: &mut Io<'_>) -> Result<Exit> {
    let c = ctx.connect().await?;
    let options = DiscoverOptions {
        include_uninstalled: args.all,
        selector: args.selector.clone(),
        ..Default::default()
    };
    let inventory = inventory::discover(&c, &options).await?;
    let chosen = inventory::select(&inventory.bots(), &args.names, &args.types)?;
    let no_probes = vec![None; chosen.len()];
    let (offer, offer_warnings) = super::status::offer_for(ctx, &args.source, &chosen).await?;
    let view = BotListView {
        table: BotTable {
            rows: bot_table::rows(&chosen, &no_probes, |b| {
                lifecycle::available_upgrade(b, &offer)
            }),
            columns: Columns {
                namespace: c.scope.namespace().is_none(),
                health: false,
            },
            scope: c.scope.describe(),
        },
        warnings: [inventory.warnings.clone(), offer_warnings].concat(),
    };
    io.warn_all(&view.warnings);
    render(&view, &ctx.output, io)?;
    Ok(Exit::Ok)
}

/// The `BotList` document.
pub struct BotListView<'a> {
    pub table: BotTable<'a>,
    pub warnings: Vec<String>,
}

impl Serialize for BotListView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            items: Vec<BotItem<'a>>,
            warnings: &'a [String],
        }
        Body {
            items: self.table.items(),
            warnings: &self.warnings,
        }
        .serialize(s)
    }
}

impl Render for BotListView<'_> {
    const KIND: &'static str = "BotList";

    fn text(&self, output: &OutputOptions) -> Option<String> {
        self.table.text(output)
    }

    fn nothing_found(&self) -> String {
        self.table.nothing_found()
    }
}
