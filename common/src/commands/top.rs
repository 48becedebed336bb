//! `claw top [BOT]`: CPU and memory per bot, summed over its own pods, against their requests
//! and limits; IronClaw's database on a row of its own.

use clap::Args;

use super::documents;
use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory;
use crate::fleet::metrics::{self, Usage};
use crate::fleet::quantity;
use crate::fleet::selection;
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Only this bot (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
    pub bot: Option<String>,
}

pub async fn run(ctx: &Context, args: &TopArgs, io: &mut Io<'_>) -> Result<Exit> {
    let c = ctx.connect().await?;
    let everything = Default::default();
    let (inventory, pod_metrics) = tokio::join!(
        inventory::discover(&c, &everything),
        metrics::list_pod_metrics(&c.cluster, &c.scope),
    );
    let inventory = inventory?;
    // A name that does not say which bot is the first thing to hear, metrics or not.
    let names: Vec<String> = args.bot.iter().cloned().collect();
    let chosen = selection::select(&inventory.all(), &names, &[], &c.scope)?;
    let index = metrics::index(&pod_metrics?);
    let report = TopReport {
        rows: chosen
            .iter()
            .map(|b| {
                let (own, db) = metrics::bot_usage(b, &index);
                (*b, own, db)
            })
            .collect(),
        with_namespace: c.scope.namespace().is_none(),
        warnings: inventory.warnings.clone(),
    };
    io.warn_all(&report.warnings);
    render(&report, &ctx.output, io)?;
    Ok(Exit::Ok)
}

/// Use per bot (and its database), against requests and limits.
pub struct TopReport<'a> {
    pub rows: Vec<(&'a Bot, Usage, Option<Usage>)>,
    pub with_namespace: bool,
    pub warnings: Vec<String>,
}

impl Render for TopReport<'_> {
    const KIND: &'static str = "TopReport";
    type Body<'a>
        = documents::TopBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        documents::TopBody {
            items: self
                .rows
                .iter()
                .map(|(b, own, db)| documents::TopItem {
                    namespace: &b.namespace,
                    name: &b.name,
                    type_name: b.type_name(),
                    usage: *own,
                    database: *db,
                })
                .collect(),
            warnings: &self.warnings,
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut headers = Vec::new();
        if self.with_namespace {
            headers.push("NAMESPACE");
        }
        headers.extend([
            "NAME", "TYPE", "PODS", "CPU", "CPU REQ", "CPU LIM", "CPU%", "MEMORY", "MEM REQ",
            "MEM LIM", "MEM%",
        ]);
        let mut t = Table::new(headers);
        for (b, own, db) in &self.rows {
            t.row(self.usage_row(b, b.name.clone(), b.type_name(), own, output.color));
            if let Some(db) = db {
                let name = format!("{}/database", b.name);
                t.row(self.usage_row(b, name, "database", db, output.color));
            }
        }
        t.render_nonempty(!output.no_headers, output.color)
    }

    fn nothing_found(&self) -> String {
        "no control plane or bots found".to_string()
    }
}

impl TopReport<'_> {
    fn usage_row(
        &self,
        bot: &Bot,
        name: String,
        type_name: &str,
        u: &Usage,
        bars: bool,
    ) -> Vec<(String, Tone)> {
        let plain = |s: String| (s, Tone::Plain);
        let mut row = Vec::new();
        if self.with_namespace {
            row.push(plain(bot.namespace.clone()));
        }
        row.push(plain(name));
        row.push(plain(type_name.to_string()));
        row.push(plain(u.pods.to_string()));
        row.push(plain(u.cpu_text()));
        row.push(plain(opt(u.cpu_request_millicores, quantity::format_cpu)));
        row.push(plain(opt(u.cpu_limit_millicores, quantity::format_cpu)));
        row.push(gauge(u.cpu_fraction(), bars));
        row.push(plain(u.memory_text()));
        row.push(plain(opt(u.memory_request_bytes, quantity::format_bytes)));
        row.push(plain(opt(u.memory_limit_bytes, quantity::format_bytes)));
        row.push(gauge(u.memory_fraction(), bars));
        row
    }
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
