//! `claw bots [BOT…]`: the bots alone, optionally only the named ones or some types.

use serde::Serialize;

use super::Report;
use super::bot_table::{self, BotItem};
use crate::bot::{Bot, BotType, Role};
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::{Error, Result};
use crate::output::{Document, OutputFormat, OutputOptions, render_document};

pub struct Filter<'a> {
    pub names: &'a [String],
    pub types: &'a [BotType],
    pub include_uninstalled: bool,
}

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    filter: &Filter<'_>,
    selector: Option<&str>,
    output: OutputOptions,
) -> Result<Report> {
    let inventory = discovery::discover(
        cluster,
        scope,
        &DiscoverOptions {
            include_uninstalled: filter.include_uninstalled,
            selector: selector.map(str::to_string),
        },
    )
    .await?;
    let mut warnings = inventory.warnings;
    let bots: Vec<&Bot> = inventory.bots.iter().collect();
    let chosen = select(&bots, filter)?;
    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            struct Body<'a> {
                items: Vec<BotItem<'a>>,
                warnings: &'a [String],
            }
            let body = Body {
                items: chosen.iter().map(|b| BotItem::of(b)).collect(),
                warnings: &warnings,
            };
            render_document(output.format, &Document::new("BotList", body))?
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let rows: Vec<_> = chosen.iter().map(|b| (*b, None)).collect();
            bot_table::render(&rows, scope, output, false, &mut warnings)
        }
    };
    Ok(Report {
        stdout,
        warnings,
        exit: 0,
    })
}

/// Bots by name (`NAME` or `NAMESPACE/NAME`) and type. A name that matches nothing is an error
/// that lists the bots there are.
pub fn select<'a>(bots: &[&'a Bot], filter: &Filter<'_>) -> Result<Vec<&'a Bot>> {
    let typed = |b: &&Bot| {
        filter.types.is_empty() || matches!(b.role, Role::Bot(t) if filter.types.contains(&t))
    };
    if filter.names.is_empty() {
        return Ok(bots.iter().copied().filter(typed).collect());
    }
    let mut chosen: Vec<&Bot> = Vec::new();
    for wanted in filter.names {
        let matches: Vec<&Bot> = bots
            .iter()
            .copied()
            .filter(|b| match wanted.split_once('/') {
                Some((ns, name)) => b.namespace == ns && b.name == name,
                None => b.name == *wanted,
            })
            .collect();
        if matches.is_empty() {
            let mut known: Vec<String> = bots.iter().map(|b| b.name.clone()).collect();
            known.dedup();
            return Err(Error::UnknownBot {
                name: wanted.clone(),
                known,
            });
        }
        for m in matches {
            if !chosen.iter().any(|c| std::ptr::eq(*c, m)) {
                chosen.push(m);
            }
        }
    }
    Ok(chosen.into_iter().filter(typed).collect())
}
