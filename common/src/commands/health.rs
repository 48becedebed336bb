//! `claw health [BOT…]`: probe the control plane and each bot; exit 0 only when all pass.

use std::time::Duration;

use clap::Args;

use super::documents;
use crate::context::Context;
use crate::context::many;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory;
use crate::fleet::probe::{self, Probe, ProbeOptions};
use crate::fleet::selection;
use crate::output::gathered::Gathered;
use crate::output::{Io, OutputOptions, Render, Table, Tone};

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Bot (release) names, or NAMESPACE/NAME (default: the control plane and every bot)
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
    pub names: Vec<String>,

    /// How long each probe may take
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = crate::duration::positive)]
    pub timeout: Duration,

    /// How many probes run at once
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

pub async fn run(ctx: &Context, args: &HealthArgs, io: &mut Io<'_>) -> Result<Exit> {
    many::each(ctx, HealthReport::KIND, io, |c| async move {
        gather(&c, args).await
    })
    .await
}

/// One cluster's probes, ready to show; exit 1 unless all pass.
pub async fn gather(ctx: &Context, args: &HealthArgs) -> Result<Gathered> {
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    let chosen = selection::select(&inventory.all(), &args.names, &[], &c.scope)?;
    let services = probe::list_services(&c.cluster, &c.scope).await?;
    let options = ProbeOptions {
        timeout: args.timeout,
        concurrency: usize::from(args.concurrency),
    };
    let probes = probe::probe_all(&c.cluster, &chosen, &services, options).await;
    let mut warnings = inventory.warnings.clone();
    warnings.extend(probe::warnings(&probes));
    let report = HealthReport {
        items: chosen.into_iter().zip(probes).collect(),
        with_namespace: c.scope.namespace().is_none(),
        warnings,
    };
    let exit = Exit::failed_if(!report.all_pass());
    Gathered::of(&report, &ctx.output, report.warnings.clone(), exit)
}

/// Each bot with what its probe found.
pub struct HealthReport<'a> {
    pub items: Vec<(&'a Bot, Probe)>,
    pub with_namespace: bool,
    pub warnings: Vec<String>,
}

impl HealthReport<'_> {
    fn all_pass(&self) -> bool {
        self.items.iter().all(|(_, p)| p.healthy)
    }

    fn table(&self) -> Table {
        let mut headers = Vec::new();
        if self.with_namespace {
            headers.push("NAMESPACE");
        }
        headers.extend(["NAME", "TYPE", "HEALTH", "ENDPOINT", "LATENCY", "DETAIL"]);
        let mut t = Table::new(headers);
        for (bot, p) in &self.items {
            let mut row = Vec::new();
            if self.with_namespace {
                row.push((bot.namespace.clone(), Tone::Plain));
            }
            row.push((bot.name.clone(), Tone::Plain));
            row.push((bot.type_name().to_string(), Tone::Plain));
            let tone = if p.healthy { Tone::Good } else { Tone::Bad };
            row.push((p.outcome.summary(), tone));
            let endpoint = p.endpoint.as_ref().map_or("-".to_string(), |e| {
                format!("{}:{}{}", e.service, e.port, e.path)
            });
            row.push((endpoint, Tone::Plain));
            let latency = match p.endpoint {
                Some(_) => format!("{}ms", p.latency_ms),
                None => "-".into(),
            };
            row.push((latency, Tone::Plain));
            row.push((p.outcome.detail(), Tone::Plain));
            t.row(row);
        }
        t
    }
}

impl Render for HealthReport<'_> {
    const KIND: &'static str = "HealthReport";
    type Body<'a>
        = documents::HealthBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        documents::HealthBody {
            healthy: self.all_pass(),
            items: self
                .items
                .iter()
                .map(|(b, p)| documents::HealthItem {
                    namespace: &b.namespace,
                    name: &b.name,
                    type_name: b.type_name(),
                    probe: p,
                })
                .collect(),
            warnings: &self.warnings,
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        self.table()
            .render_nonempty(!output.no_headers, output.color)
    }

    fn nothing_found(&self) -> String {
        "nothing to probe: no control plane or bots found".to_string()
    }

    fn tables(&self, _output: &OutputOptions) -> Option<Vec<Table>> {
        Some(vec![self.table()])
    }
}
