//! `claw doctor`: every check as PASS / WARN / FAIL / INFO, each non-pass with a one-line fix;
//! exit 1 on any FAIL (3 when the cluster cannot be reached at all). The facts are gathered
//! first, then judged by the pure checks in [`crate::doctor`].

use clap::Args;

use super::documents;
use crate::charts::source::{self, ChartSource, ChartSourceArgs};
use crate::context::Context;
use crate::context::many;
use crate::doctor::facts::GatherOptions;
use crate::doctor::{self, Check, Facts, Verdict, completion_shim_check};
use crate::error::Result;
use crate::exit::Exit;
use crate::host::Host;
use crate::output::gathered::Gathered;
use crate::output::{Io, OutputOptions, Render};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The namespace Velero runs in (for the bot volumes' backups)
    #[arg(long, value_name = "NS", default_value = crate::backup::velero::DEFAULT_NAMESPACE)]
    pub velero_namespace: String,

    #[command(flatten)]
    pub source: ChartSourceArgs,
}

impl Default for DoctorArgs {
    fn default() -> Self {
        DoctorArgs {
            velero_namespace: crate::backup::velero::DEFAULT_NAMESPACE.to_string(),
            source: ChartSourceArgs::default(),
        }
    }
}

pub async fn run(ctx: &Context, args: &DoctorArgs, io: &mut Io<'_>) -> Result<Exit> {
    many::each(ctx, DoctorReport::KIND, io, |c| async move {
        gather(&c, args).await
    })
    .await
}

/// One cluster's checks, ready to show; exit 1 on any FAIL.
pub async fn gather(ctx: &Context, args: &DoctorArgs) -> Result<Gathered> {
    let source = ChartSource::from_args(&args.source)?;
    let c = ctx.connect().await?;
    let opts = GatherOptions {
        velero_namespace: &args.velero_namespace,
        now: ctx.now(),
    };
    let facts = Facts::gather(&c, opts, |charts| async move {
        source::offer(&source, &charts, || ctx.helm()).await
    })
    .await?;
    let mut checks = doctor::judge(&facts, ctx.host.command_name());
    if ctx.host == Host::Kubectl {
        let local = completion_shim_check::Local::of_this_process();
        checks.push(completion_shim_check::check(
            &local,
            completion_shim_check::is_executable,
        ));
    }
    let report = DoctorReport { checks };
    let exit = Exit::failed_if(report.count(Verdict::Fail) > 0);
    Gathered::of(&report, &ctx.output, vec![], exit)
}

/// The `DoctorReport` document: every check, and how many of each verdict.
pub struct DoctorReport {
    pub checks: Vec<Check>,
}

impl DoctorReport {
    fn count(&self, v: Verdict) -> usize {
        self.checks.iter().filter(|c| c.result == v).count()
    }
}

impl Render for DoctorReport {
    const KIND: &'static str = "DoctorReport";
    type Body<'a> = documents::DoctorBody<'a>;

    fn body(&self) -> documents::DoctorBody<'_> {
        documents::DoctorBody {
            checks: &self.checks,
            summary: documents::DoctorSummary {
                pass: self.count(Verdict::Pass),
                info: self.count(Verdict::Info),
                skip: self.count(Verdict::Skip),
                warn: self.count(Verdict::Warn),
                fail: self.count(Verdict::Fail),
            },
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let width = self.checks.iter().map(|c| c.check.len()).max().unwrap_or(0);
        let mut out = String::new();
        for c in &self.checks {
            let label = verdict_label(c.result, output.color);
            out.push_str(&format!("{label}  {:<width$}  {}\n", c.check, c.message));
            if let Some(fix) = &c.fix {
                out.push_str(&format!("      {:<width$}  fix: {fix}\n", ""));
            }
        }
        out.push_str(&format!(
            "\n{} passed, {} warnings, {} failed, {} info, {} skipped\n",
            self.count(Verdict::Pass),
            self.count(Verdict::Warn),
            self.count(Verdict::Fail),
            self.count(Verdict::Info),
            self.count(Verdict::Skip)
        ));
        Some(out)
    }
}

fn verdict_label(v: Verdict, color: bool) -> String {
    if !color {
        return v.label().to_string();
    }
    let code = match v {
        Verdict::Pass => "32",
        Verdict::Info => "36",
        Verdict::Skip => "35",
        Verdict::Warn => "33",
        Verdict::Fail => "31",
    };
    format!("\u{1b}[{code}m{}\u{1b}[0m", v.label())
}
