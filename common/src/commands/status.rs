//! `claw status`: the control plane first, then every bot, in one table.

use serde::Serialize;

use super::Report;
use super::bot_table::{self, BotItem};
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::Result;
use crate::output::{Document, OutputFormat, OutputOptions, render_document};

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    include_uninstalled: bool,
    output: OutputOptions,
) -> Result<Report> {
    let inventory = discovery::discover(
        cluster,
        scope,
        &DiscoverOptions {
            include_uninstalled,
        },
    )
    .await?;
    let mut warnings = inventory.warnings.clone();
    if inventory.control_planes.is_empty() {
        warnings.push(format!(
            "no ClawMachine control plane (a release of chart clawmachine) found in {}",
            describe(scope)
        ));
    }
    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Body<'a> {
                control_plane: Option<BotItem<'a>>,
                bots: Vec<BotItem<'a>>,
                warnings: &'a [String],
            }
            let body = Body {
                control_plane: inventory.control_planes.first().map(BotItem::of),
                bots: inventory.bots.iter().map(BotItem::of).collect(),
                warnings: &warnings,
            };
            render_document(output.format, &Document::new("Status", body))?
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let rows: Vec<_> = inventory
                .control_planes
                .iter()
                .chain(&inventory.bots)
                .collect();
            if rows.is_empty() {
                warnings.push(format!("no bots found in {}", describe(scope)));
                String::new()
            } else {
                bot_table::table(
                    &rows,
                    output.format,
                    scope.namespace().is_none(),
                    jiff::Timestamp::now(),
                )
                .render(!output.no_headers, output.color)
            }
        }
    };
    Ok(Report {
        stdout,
        warnings,
        exit: 0,
    })
}

pub fn describe(scope: &Scope) -> String {
    match scope {
        Scope::Namespace(ns) => format!("namespace \"{ns}\""),
        Scope::AllNamespaces { .. } => "any namespace".to_string(),
    }
}
