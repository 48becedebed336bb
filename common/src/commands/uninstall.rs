//! `claw uninstall BOT… | --control-plane | --all [--purge-namespace]`: bots first, then the
//! control plane, then (asked for) its namespace; naming the volumes whose data goes and asking
//! first unless `--yes`.

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};

use super::Report;
use super::bots::{Filter, select};
use crate::bot::Bot;
use crate::cli::UninstallRequest;
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::{Error, Result, exit};
use crate::helm::Helm;
use crate::output::{OutputOptions, Table, Tone};
use crate::volumes;

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    helm: &Helm,
    req: &UninstallRequest,
    output: OutputOptions,
) -> Result<Report> {
    if req.names.is_empty() && !req.control_plane && !req.all {
        return Err(Error::Usage(
            "say what to uninstall: BOT…, --control-plane, or --all".into(),
        ));
    }
    let inventory = discovery::discover(cluster, scope, &DiscoverOptions::default()).await?;
    let bots: Vec<&Bot> = inventory.bots.iter().collect();
    // Order matters: bots first (they outlive nothing), then the control plane.
    let mut order: Vec<&Bot> = if req.all {
        bots.clone()
    } else if req.names.is_empty() {
        // --control-plane alone: bots keep running (an empty name list would select them all).
        vec![]
    } else {
        select(
            &bots,
            &Filter {
                names: &req.names,
                types: &[],
                include_uninstalled: false,
            },
        )?
    };
    if req.all || req.control_plane {
        if inventory.control_planes.is_empty() && req.control_plane {
            return Err(Error::NotFound {
                message:
                    "no ClawMachine control plane (a release of chart clawmachine) to uninstall"
                        .into(),
            });
        }
        order.extend(inventory.control_planes.iter());
    }
    let namespaces: Vec<String> = if req.purge_namespace {
        let mut nss: Vec<String> = inventory
            .control_planes
            .iter()
            .map(|c| c.namespace.clone())
            .collect();
        nss.dedup();
        nss
    } else {
        vec![]
    };
    if order.is_empty() && namespaces.is_empty() {
        return Ok(Report {
            warnings: vec!["nothing to uninstall".into()],
            ..Default::default()
        });
    }
    let volumes = volumes::of_bots(cluster, scope, &order).await?;

    // Tell, then ask.
    let mut plan = String::from("This uninstalls, in this order:\n");
    for (i, b) in order.iter().enumerate() {
        plan.push_str(&format!(
            "  {}. {} {}/{} ({})\n",
            i + 1,
            b.type_name(),
            b.namespace,
            b.name,
            b.release.chart_ref().unwrap_or_default()
        ));
    }
    for ns in &namespaces {
        plan.push_str(&format!(
            "  then deletes namespace {ns} and everything left in it\n"
        ));
    }
    if volumes.is_empty() {
        plan.push_str("No PersistentVolumeClaims belong to them.\n");
    } else {
        plan.push_str("The data in these PersistentVolumeClaims will be deleted with them:\n");
        for v in &volumes {
            plan.push_str(&format!(
                "  {}/{} ({}, {})\n",
                v.namespace,
                v.name,
                v.release,
                if v.size.is_empty() { "?" } else { &v.size }
            ));
        }
    }
    eprint!("{plan}");
    if !req.yes {
        confirm()?;
    }

    let mut results: Vec<(String, String, std::result::Result<(), String>)> = Vec::new();
    for b in &order {
        let args: Vec<OsString> = vec![
            "uninstall".into(),
            b.name.clone().into(),
            "--namespace".into(),
            b.namespace.clone().into(),
        ];
        let outcome = helm.run(&args).await?;
        results.push((
            b.namespace.clone(),
            b.name.clone(),
            if outcome.success {
                Ok(())
            } else {
                Err(outcome.reason())
            },
        ));
    }
    for ns in &namespaces {
        let r = cluster
            .delete(
                &format!("delete namespace {ns}"),
                &format!("/api/v1/namespaces/{ns}"),
            )
            .await
            .map_err(|e| e.to_string());
        results.push((ns.clone(), "(namespace)".into(), r));
    }
    let mut t = Table::new(vec!["NAMESPACE", "NAME", "RESULT"]);
    for (ns, name, r) in &results {
        let (text, tone) = match r {
            Ok(()) => ("uninstalled".to_string(), Tone::Good),
            Err(e) => (format!("failed: {e}"), Tone::Bad),
        };
        t.row(vec![
            (ns.clone(), Tone::Plain),
            (name.clone(), Tone::Plain),
            (text, tone),
        ]);
    }
    Ok(Report {
        stdout: t.render(!output.no_headers, output.color),
        warnings: vec![],
        exit: if results.iter().any(|(_, _, r)| r.is_err()) {
            exit::FAILED
        } else {
            exit::OK
        },
    })
}

/// Asks on the terminal; without one, refuses rather than guess.
fn confirm() -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "refusing to uninstall without confirmation: no terminal to ask on; pass --yes".into(),
        ));
    }
    eprint!("Proceed? Type yes to continue: ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::Other(format!("reading the answer: {e}")))?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(Error::Other(
            "uninstall cancelled; nothing was changed".into(),
        ))
    }
}
