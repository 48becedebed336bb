//! `claw status`: the control plane first, then every bot, in one table, each probed for health
//! unless `--no-probe`.

use serde::Serialize;

use super::Report;
use super::bot_table::{self, BotItem};
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::Result;
use crate::health::{self, Probe, ProbeOptions};
use crate::output::{Document, OutputFormat, OutputOptions, render_document};

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    options: &DiscoverOptions,
    probe: Option<ProbeOptions>,
    output: OutputOptions,
) -> Result<Report> {
    let inventory = discovery::discover(cluster, scope, options).await?;
    let mut warnings = inventory.warnings.clone();
    // With -l the control plane may simply not match; only its absence is news.
    if inventory.control_planes.is_empty() && options.selector.is_none() {
        warnings.push(format!(
            "no ClawMachine control plane (a release of chart clawmachine) found in {}",
            scope.describe()
        ));
    }
    let everyone = inventory.all();
    let probes: Vec<Option<Probe>> = match probe {
        Some(opts) if !everyone.is_empty() => {
            let services = health::list_services(cluster, scope).await?;
            let found = health::probe_all(cluster, &everyone, &services, opts).await;
            warnings.extend(super::health::probe_warnings(&found));
            found.into_iter().map(Some).collect()
        }
        _ => vec![None; everyone.len()],
    };
    let rows: Vec<_> = everyone
        .iter()
        .copied()
        .zip(probes.iter().map(Option::as_ref))
        .collect();
    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Body<'a> {
                control_plane: Option<BotItem<'a>>,
                bots: Vec<BotItem<'a>>,
                warnings: &'a [String],
            }
            // `rows` holds the control plane(s) first, then the bots.
            let mut control_planes: Vec<BotItem> = rows
                .iter()
                .map(|(b, p)| BotItem::with_health(b, *p))
                .collect();
            let bots = control_planes.split_off(inventory.control_planes.len());
            let body = Body {
                control_plane: control_planes.into_iter().next(),
                bots,
                warnings: &warnings,
            };
            render_document(output.format, &Document::new("Status", body))?
        }
        OutputFormat::Table | OutputFormat::Wide => {
            bot_table::render(&rows, scope, output, true, &mut warnings)
        }
    };
    Ok(Report {
        stdout,
        warnings,
        exit: 0,
    })
}
