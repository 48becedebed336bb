//! `claw charts`: the charts embedded in this build; `claw charts pull NAME` writes one out.

use serde::Serialize;

use super::Report;
use crate::charts::{CHARTS, find};
use crate::error::{Error, Result};
use crate::output::{Document, OutputFormat, OutputOptions, Table, Tone, render_document};

pub fn run(pull: Option<&(String, std::path::PathBuf)>, output: OutputOptions) -> Result<Report> {
    if let Some((name, dir)) = pull {
        let chart = find(name).ok_or_else(|| Error::Usage(format!("no embedded chart {name}")))?;
        let path = dir.join(chart.file_name());
        std::fs::write(&path, chart.archive)
            .map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))?;
        return Ok(Report {
            stdout: format!("{} ({})\n", path.display(), chart.digest),
            ..Default::default()
        });
    }
    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Item {
                name: &'static str,
                version: &'static str,
                app_version: &'static str,
                digest: &'static str,
            }
            #[derive(Serialize)]
            struct Body {
                items: Vec<Item>,
            }
            let items = CHARTS
                .iter()
                .map(|c| Item {
                    name: c.name,
                    version: c.version,
                    app_version: c.app_version,
                    digest: c.digest,
                })
                .collect();
            render_document(output.format, &Document::new("ChartList", Body { items }))?
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let mut t = Table::new(vec!["NAME", "VERSION", "APP VERSION", "DIGEST"]);
            for c in CHARTS {
                t.row(
                    [c.name, c.version, c.app_version, c.digest]
                        .into_iter()
                        .map(|s| (s.to_string(), Tone::Plain))
                        .collect(),
                );
            }
            t.render(!output.no_headers, output.color)
        }
    };
    Ok(Report {
        stdout,
        ..Default::default()
    })
}
