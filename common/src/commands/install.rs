//! `claw install CHART NAME`: any embedded chart, as a new Helm release.

use std::ffi::OsString;
use std::io::IsTerminal;

use super::Report;
use crate::bot::CONTROL_PLANE_NAMESPACE;
use crate::charts;
use crate::cli::InstallRequest;
use crate::cluster::Scope;
use crate::error::{Error, Result};
use crate::helm::Helm;
use crate::helm_args::{
    check_files, given_secrets, stage_chart, value_flags, values_file, wait_flags,
};

pub async fn run(scope: &Scope, helm: &Helm, req: &InstallRequest) -> Result<Report> {
    check_files(&req.helm)?;
    let chart = charts::find(&req.chart)
        .ok_or_else(|| Error::Usage(format!("no embedded chart {}", req.chart)))?;
    // ClawMachine puts bots in the control plane's namespace unless told otherwise.
    let namespace = scope
        .namespace()
        .unwrap_or(CONTROL_PLANE_NAMESPACE)
        .to_string();
    if req.dry_run {
        return Ok(Report {
            stdout: format!(
                "would install {}-{} as {namespace}/{} (helm install {} {} --namespace {namespace} --create-namespace{})\n",
                chart.name,
                chart.version,
                req.name,
                req.name,
                chart.file_name(),
                if req.helm.files.is_empty() && req.helm.set.is_empty() {
                    ""
                } else {
                    " with your values"
                }
            ),
            ..Default::default()
        });
    }
    let staged = stage_chart(chart)?;
    // An empty first values file keeps the argv shape the same as an upgrade's.
    let carried = values_file(&serde_json::json!({}))?;
    let mut args: Vec<OsString> = vec![
        "install".into(),
        req.name.clone().into(),
        staged.path.clone().into(),
        "--namespace".into(),
        namespace.clone().into(),
        "--create-namespace".into(),
    ];
    args.extend(value_flags(Some(carried.path()), &req.helm));
    args.extend(wait_flags(&req.helm, None));
    let spinner = if std::io::stderr().is_terminal() {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb.set_message(format!(
            "installing {}-{} as {namespace}/{} …",
            chart.name, chart.version, req.name
        ));
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let outcome = helm.run(&args).await?;
    spinner.finish_and_clear();
    if !outcome.success {
        return Err(Error::Other(format!(
            "installing {}-{} as {namespace}/{} failed: {}",
            chart.name,
            chart.version,
            req.name,
            crate::redact::scrub(&outcome.reason(), &given_secrets(&req.helm))
        )));
    }
    Ok(Report {
        stdout: format!(
            "installed {}-{} as {namespace}/{}\n{}",
            chart.name,
            chart.version,
            req.name,
            notes(&outcome.stdout)
        ),
        ..Default::default()
    })
}

/// The chart's NOTES from Helm's output, which say how to reach and check the release.
fn notes(helm_stdout: &str) -> String {
    helm_stdout
        .split_once("NOTES:\n")
        .map(|(_, n)| format!("\n{n}"))
        .unwrap_or_default()
}
