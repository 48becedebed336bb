//! `claw top [BOT]`: CPU and memory per bot, summed over its own pods, against their requests
//! and limits; IronClaw's database on a row of its own.

use serde::Serialize;

use super::Report;
use super::bots::{Filter, select};
use crate::bot::Bot;
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::Result;
use crate::metrics::{self, Usage};
use crate::output::{Document, OutputFormat, OutputOptions, Table, Tone, render_document};
use crate::quantity;

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    bot: Option<&str>,
    output: OutputOptions,
) -> Result<Report> {
    let options = DiscoverOptions::default();
    let (inventory, pod_metrics) = tokio::join!(
        discovery::discover(cluster, scope, &options),
        metrics::list_pod_metrics(cluster, scope),
    );
    let inventory = inventory?;
    let index = metrics::index(&pod_metrics?);
    let mut warnings = inventory.warnings.clone();
    let names: Vec<String> = bot.into_iter().map(str::to_string).collect();
    let chosen = select(
        &inventory.all(),
        &Filter {
            names: &names,
            types: &[],
            include_uninstalled: false,
        },
    )?;
    let rows: Vec<(&Bot, Usage, Option<Usage>)> = chosen
        .iter()
        .map(|b| {
            let (own, db) = metrics::bot_usage(b, &index);
            (*b, own, db)
        })
        .collect();

    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            struct Item<'a> {
                namespace: &'a str,
                name: &'a str,
                #[serde(rename = "type")]
                type_name: &'static str,
                usage: Usage,
                #[serde(skip_serializing_if = "Option::is_none")]
                database: Option<Usage>,
            }
            #[derive(Serialize)]
            struct Body<'a> {
                items: Vec<Item<'a>>,
                warnings: &'a [String],
            }
            let body = Body {
                items: rows
                    .iter()
                    .map(|(b, own, db)| Item {
                        namespace: &b.namespace,
                        name: &b.name,
                        type_name: b.type_name(),
                        usage: *own,
                        database: *db,
                    })
                    .collect(),
                warnings: &warnings,
            };
            render_document(output.format, &Document::new("TopReport", body))?
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let with_namespace = scope.namespace().is_none();
            let mut headers = Vec::new();
            if with_namespace {
                headers.push("NAMESPACE");
            }
            headers.extend([
                "NAME", "TYPE", "PODS", "CPU", "CPU REQ", "CPU LIM", "CPU%", "MEMORY", "MEM REQ",
                "MEM LIM", "MEM%",
            ]);
            let mut t = Table::new(headers);
            for (b, own, db) in &rows {
                let mut push = |name: String, type_name: &str, u: &Usage| {
                    let mut row = Vec::new();
                    if with_namespace {
                        row.push((b.namespace.clone(), Tone::Plain));
                    }
                    row.push((name, Tone::Plain));
                    row.push((type_name.to_string(), Tone::Plain));
                    row.push((u.pods.to_string(), Tone::Plain));
                    row.push((u.cpu_text(), Tone::Plain));
                    row.push((
                        opt(u.cpu_request_millicores, quantity::format_cpu),
                        Tone::Plain,
                    ));
                    row.push((
                        opt(u.cpu_limit_millicores, quantity::format_cpu),
                        Tone::Plain,
                    ));
                    row.push(gauge(u.cpu_fraction(), output.color));
                    row.push((u.memory_text(), Tone::Plain));
                    row.push((
                        opt(u.memory_request_bytes, quantity::format_bytes),
                        Tone::Plain,
                    ));
                    row.push((
                        opt(u.memory_limit_bytes, quantity::format_bytes),
                        Tone::Plain,
                    ));
                    row.push(gauge(u.memory_fraction(), output.color));
                    t.row(row);
                };
                push(b.name.clone(), b.type_name(), own);
                if let Some(db) = db {
                    push(format!("{}/database", b.name), "database", db);
                }
            }
            t.render_nonempty(!output.no_headers, output.color)
                .unwrap_or_else(|| {
                    warnings.push("no control plane or bots found".into());
                    String::new()
                })
        }
    };
    Ok(Report {
        stdout,
        warnings,
        exit: 0,
    })
}

fn opt(v: Option<f64>, f: fn(f64) -> String) -> String {
    v.map_or("-".into(), f)
}

/// "41%", with a bar on a terminal; of the limit, else of the request.
fn gauge(fraction: Option<f64>, bar: bool) -> (String, Tone) {
    let Some(f) = fraction else {
        return ("-".into(), Tone::Plain);
    };
    let pct = (f * 100.0).round() as u64;
    let tone = match pct {
        90.. => Tone::Bad,
        75..90 => Tone::Warn,
        _ => Tone::Plain,
    };
    if !bar {
        return (format!("{pct}%"), tone);
    }
    let filled = ((f.min(1.0) * 10.0).round() as usize).min(10);
    (
        format!("{}{} {pct}%", "█".repeat(filled), "░".repeat(10 - filled)),
        tone,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges() {
        assert_eq!(gauge(Some(0.41), false), ("41%".into(), Tone::Plain));
        assert_eq!(gauge(Some(0.95), false).1, Tone::Bad);
        assert_eq!(gauge(None, true).0, "-");
        assert_eq!(gauge(Some(0.5), true).0, "█████░░░░░ 50%");
        assert_eq!(gauge(Some(1.7), true).0, "██████████ 170%");
    }
}
