//! `claw charts`: the charts embedded in this build; `claw charts pull NAME` writes one out.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::documents;
use crate::charts::embedded::{self, CHARTS, ChartName, EmbeddedChart};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};

#[derive(Debug, Args)]
pub struct ChartsArgs {
    #[command(subcommand)]
    pub command: Option<ChartsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ChartsCommand {
    /// Write an embedded chart's archive (NAME-VERSION.tgz)
    Pull {
        #[arg(value_enum)]
        chart: ChartName,
        /// The directory to write into
        #[arg(short = 'd', long, value_name = "DIR", default_value = ".")]
        destination: PathBuf,
    },
}

pub async fn run(ctx: &Context, args: &ChartsArgs, io: &mut Io<'_>) -> Result<Exit> {
    if let Some(ChartsCommand::Pull { chart, destination }) = &args.command {
        let chart = embedded::get(*chart);
        let path = destination.join(chart.file_name());
        std::fs::write(&path, chart.archive)
            .map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))?;
        let _ = io.print(&format!("{} ({})\n", path.display(), chart.digest));
        return Ok(Exit::Ok);
    }
    render(&ChartList(CHARTS), &ctx.output, io)?;
    Ok(Exit::Ok)
}

/// The `ChartList` document.
struct ChartList(&'static [EmbeddedChart]);

impl Render for ChartList {
    const KIND: &'static str = "ChartList";
    type Body<'a> = documents::ChartListBody;

    fn body(&self) -> documents::ChartListBody {
        documents::ChartListBody {
            items: self
                .0
                .iter()
                .map(|c| documents::ChartItem {
                    name: c.name,
                    version: c.version,
                    app_version: c.app_version,
                    digest: c.digest,
                })
                .collect(),
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut t = Table::new(vec!["NAME", "VERSION", "APP VERSION", "DIGEST"]);
        for c in self.0 {
            t.row(
                [c.name, c.version, c.app_version, c.digest]
                    .into_iter()
                    .map(|s| (s.to_string(), Tone::Plain))
                    .collect(),
            );
        }
        Some(t.render(!output.no_headers, output.color))
    }
}
