//! `claw doctor`: every check as PASS / WARN / FAIL / INFO, each non-pass with a one-line fix;
//! exit 1 on any FAIL (3 when the cluster cannot be reached at all).

use serde::Serialize;

use super::Report;
use crate::cluster::{Cluster, Scope};
use crate::doctor::{self, Check, Verdict};
use crate::error::{Result, exit};
use crate::output::{Document, OutputFormat, OutputOptions, render_document};

pub async fn run(cluster: &Cluster, scope: &Scope, output: OutputOptions) -> Result<Report> {
    let checks = doctor::run(cluster, scope).await?;
    let count = |v: Verdict| checks.iter().filter(|c| c.result == v).count();
    let failed = count(Verdict::Fail) > 0;
    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            #[derive(Serialize)]
            struct Summary {
                pass: usize,
                info: usize,
                warn: usize,
                fail: usize,
            }
            #[derive(Serialize)]
            struct Body<'a> {
                checks: &'a [Check],
                summary: Summary,
            }
            let body = Body {
                checks: &checks,
                summary: Summary {
                    pass: count(Verdict::Pass),
                    info: count(Verdict::Info),
                    warn: count(Verdict::Warn),
                    fail: count(Verdict::Fail),
                },
            };
            render_document(output.format, &Document::new("DoctorReport", body))?
        }
        OutputFormat::Table | OutputFormat::Wide => render(&checks, output.color),
    };
    Ok(Report {
        stdout,
        warnings: vec![],
        exit: if failed { exit::FAILED } else { exit::OK },
    })
}

fn render(checks: &[Check], color: bool) -> String {
    let width = checks.iter().map(|c| c.check.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in checks {
        let label = c.result.label();
        let label = if color {
            let code = match c.result {
                Verdict::Pass => "32",
                Verdict::Info => "36",
                Verdict::Warn => "33",
                Verdict::Fail => "31",
            };
            format!("\u{1b}[{code}m{label}\u{1b}[0m")
        } else {
            label.to_string()
        };
        out.push_str(&format!("{label}  {:<width$}  {}\n", c.check, c.message));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("      {:<width$}  fix: {fix}\n", ""));
        }
    }
    let n = |v: Verdict| checks.iter().filter(|c| c.result == v).count();
    out.push_str(&format!(
        "\n{} passed, {} warnings, {} failed, {} info\n",
        n(Verdict::Pass),
        n(Verdict::Warn),
        n(Verdict::Fail),
        n(Verdict::Info)
    ));
    out
}
