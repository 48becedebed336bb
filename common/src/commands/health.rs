//! `claw health [BOT…]`: probe the control plane and each bot; exit 0 only when all are healthy.

use serde::Serialize;

use super::Report;
use super::bots::{Filter, select};
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::{Result, exit};
use crate::health::{self, Outcome, Probe, ProbeOptions};
use crate::output::{Document, OutputFormat, OutputOptions, Table, Tone, render_document};

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    names: &[String],
    opts: ProbeOptions,
    output: OutputOptions,
) -> Result<Report> {
    let inventory = discovery::discover(cluster, scope, &DiscoverOptions::default()).await?;
    let mut warnings = inventory.warnings.clone();
    let chosen = select(
        &inventory.all(),
        &Filter {
            names,
            types: &[],
            include_uninstalled: false,
        },
    )?;
    let services = health::list_services(cluster, scope).await?;
    let probes = health::probe_all(cluster, &chosen, &services, opts).await;
    warnings.extend(probe_warnings(&probes));
    let all_healthy = probes.iter().all(|p| p.healthy);

    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Item<'a> {
                namespace: &'a str,
                name: &'a str,
                #[serde(rename = "type")]
                type_name: &'static str,
                #[serde(flatten)]
                probe: &'a Probe,
            }
            #[derive(Serialize)]
            struct Body<'a> {
                healthy: bool,
                items: Vec<Item<'a>>,
                warnings: &'a [String],
            }
            let body = Body {
                healthy: all_healthy,
                items: chosen
                    .iter()
                    .zip(&probes)
                    .map(|(b, p)| Item {
                        namespace: &b.namespace,
                        name: &b.name,
                        type_name: b.type_name(),
                        probe: p,
                    })
                    .collect(),
                warnings: &warnings,
            };
            render_document(output.format, &Document::new("HealthReport", body))?
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let with_namespace = scope.namespace().is_none();
            let mut headers = Vec::new();
            if with_namespace {
                headers.push("NAMESPACE");
            }
            headers.extend(["NAME", "TYPE", "HEALTH", "ENDPOINT", "LATENCY", "DETAIL"]);
            let mut t = Table::new(headers);
            for (bot, p) in chosen.iter().zip(&probes) {
                let mut row = Vec::new();
                if with_namespace {
                    row.push((bot.namespace.clone(), Tone::Plain));
                }
                row.push((bot.name.clone(), Tone::Plain));
                row.push((bot.type_name().to_string(), Tone::Plain));
                row.push((
                    p.outcome.summary(),
                    if p.healthy { Tone::Good } else { Tone::Bad },
                ));
                row.push((
                    p.endpoint.as_ref().map_or("-".to_string(), |e| {
                        format!("{}:{}{}", e.service, e.port, e.path)
                    }),
                    Tone::Plain,
                ));
                row.push((
                    if p.endpoint.is_some() {
                        format!("{}ms", p.latency_ms)
                    } else {
                        "-".into()
                    },
                    Tone::Plain,
                ));
                row.push((p.outcome.detail(), Tone::Plain));
                t.row(row);
            }
            t.render_nonempty(!output.no_headers, output.color)
                .unwrap_or_else(|| {
                    warnings.push("nothing to probe: no control plane or bots found".to_string());
                    String::new()
                })
        }
    };
    Ok(Report {
        stdout,
        warnings,
        exit: if all_healthy { exit::OK } else { exit::FAILED },
    })
}

/// What probing says once on stderr.
pub fn probe_warnings(probes: &[Probe]) -> Vec<String> {
    if probes
        .iter()
        .any(|p| matches!(p.outcome, Outcome::Forbidden { .. }))
    {
        vec!["no permission to proxy to services (get services/proxy): health judged from pod readiness".to_string()]
    } else {
        vec![]
    }
}
