//! `claw upgrade`: the control plane by default, `BOT…` or `--all-bots`, to the charts embedded
//! in this build. Values: the new chart's defaults, then the user's earlier overrides (the
//! release's values), then `-f`/`--set` — `--reset-values` plus the carried values as the first
//! file, which gives `--reset-then-reuse-values`' result on every Helm version.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

use super::Report;
use super::bots::{Filter, select};
use crate::bot::Bot;
use crate::cli::{UpgradeRequest, UpgradeTargets};
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::{Error, Result, exit};
use crate::helm::Helm;
use crate::helm_args::{
    check_files, given_secrets, stage_chart, value_flags, values_file, wait_flags,
};
use crate::helm_storage;
use crate::lifecycle::{self, Action, PlanItem};
use crate::output::{OutputOptions, Table, Tone};
use crate::redact;

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    locate_helm: &dyn Fn() -> Result<Helm>,
    req: &UpgradeRequest,
    output: OutputOptions,
    out: &mut dyn Write,
) -> Result<Report> {
    check_files(&req.helm)?;
    let inventory = discovery::discover(cluster, scope, &DiscoverOptions::default()).await?;
    let mut warnings = inventory.warnings.clone();
    let control_plane = inventory.control_planes.first();
    let targets: Vec<&Bot> = match &req.targets {
        UpgradeTargets::ControlPlane => match control_plane {
            Some(cp) => vec![cp],
            None => {
                return Err(Error::NotFound {
                    message: "no ClawMachine control plane (a release of chart clawmachine) to upgrade; install it with `claw install clawmachine clawmachine -n claw-machine`".into(),
                });
            }
        },
        UpgradeTargets::AllBots => inventory.bots.iter().collect(),
        UpgradeTargets::Bots(names) => {
            let bots: Vec<&Bot> = inventory.bots.iter().collect();
            select(
                &bots,
                &Filter {
                    names,
                    types: &[],
                    include_uninstalled: false,
                },
            )?
        }
    };
    if targets.is_empty() {
        warnings.push("no bots to upgrade".into());
        return Ok(Report {
            warnings,
            ..Default::default()
        });
    }
    let plan = lifecycle::plan(&targets, control_plane, req.force);

    // A plan alone needs no Helm; a diff or an upgrade does.
    let needs_helm = req.diff || (!req.dry_run && plan.iter().any(|i| i.action == Action::Upgrade));
    let helm = if needs_helm {
        Some(locate_helm()?)
    } else {
        None
    };
    if let (true, Some(helm)) = (req.diff, &helm) {
        for item in plan.iter().filter(|i| i.action == Action::Upgrade) {
            let text = diff(cluster, helm, item, req).await?;
            if out.write_all(text.as_bytes()).is_err() {
                return Ok(Report::default());
            }
        }
    }
    if req.dry_run {
        let refused = plan.iter().any(|i| matches!(i.action, Action::Refused(_)));
        return Ok(Report {
            stdout: plan_table(&plan, None, output),
            warnings,
            exit: if refused { exit::FAILED } else { exit::OK },
        });
    }

    let Some(helm) = helm else {
        // Nothing to upgrade: the plan says why.
        let refused = plan.iter().any(|i| matches!(i.action, Action::Refused(_)));
        return Ok(Report {
            stdout: plan_table(&plan, Some(&vec![None; plan.len()]), output),
            warnings,
            exit: if refused { exit::FAILED } else { exit::OK },
        });
    };
    let rollback = if req.rollback_on_failure {
        Some(Helm::rollback_flag(helm.major_version().await?))
    } else {
        None
    };
    let progress = progress_bar();
    let mut results: Vec<Option<std::result::Result<(), String>>> = Vec::new();
    for item in &plan {
        if item.action != Action::Upgrade {
            results.push(None);
            continue;
        }
        progress.set_message(format!(
            "upgrading {}/{} to {}-{} …",
            item.bot.namespace, item.bot.name, item.chart.name, item.chart.version
        ));
        let staged = stage_chart(item.chart)?;
        let carried = values_file(&lifecycle::carried_values(item.bot))?;
        let mut args: Vec<OsString> = vec![
            "upgrade".into(),
            item.bot.name.clone().into(),
            staged.path.clone().into(),
            "--namespace".into(),
            item.bot.namespace.clone().into(),
            "--reset-values".into(),
        ];
        args.extend(value_flags(Some(carried.path()), &req.helm));
        args.extend(wait_flags(&req.helm, rollback));
        let outcome = helm.run(&args).await;
        // `carried` and `staged` are dropped here, or as `?` unwinds on Ctrl-C: the files go.
        let outcome = outcome?;
        // Helm may echo a value it was given; none of the secret ones reaches the terminal.
        let mut secrets = redact::secret_strings(&item.bot.values);
        secrets.extend(given_secrets(&req.helm));
        results.push(Some(if outcome.success {
            Ok(())
        } else {
            Err(redact::scrub(&outcome.reason(), &secrets))
        }));
    }
    progress.finish_and_clear();
    let failed = results.iter().any(|r| matches!(r, Some(Err(_))));
    let refused = plan.iter().any(|i| matches!(i.action, Action::Refused(_)));
    Ok(Report {
        stdout: plan_table(&plan, Some(&results), output),
        warnings,
        exit: if failed || refused {
            exit::FAILED
        } else {
            exit::OK
        },
    })
}

/// A spinner on stderr while Helm works, only on a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// The plan (dry run) or the summary (after Helm ran).
fn plan_table(
    plan: &[PlanItem],
    results: Option<&[Option<std::result::Result<(), String>>]>,
    output: OutputOptions,
) -> String {
    let mut t = Table::new(vec!["NAMESPACE", "NAME", "CHART", "FROM", "TO", "RESULT"]);
    for (i, item) in plan.iter().enumerate() {
        let (text, tone) = match (&item.action, results.map(|r| &r[i])) {
            (Action::NoOp, _) => (
                "up to date (--force to upgrade anyway)".to_string(),
                Tone::Plain,
            ),
            (Action::Refused(why), _) => (format!("refused: {why}"), Tone::Bad),
            (Action::Upgrade, None) => ("will upgrade".to_string(), Tone::Plain),
            (Action::Upgrade, Some(Some(Ok(())))) => ("upgraded".to_string(), Tone::Good),
            (Action::Upgrade, Some(Some(Err(reason)))) => (format!("failed: {reason}"), Tone::Bad),
            (Action::Upgrade, Some(None)) => ("not run".to_string(), Tone::Warn),
        };
        t.row(vec![
            (item.bot.namespace.clone(), Tone::Plain),
            (item.bot.name.clone(), Tone::Plain),
            (item.chart.name.to_string(), Tone::Plain),
            (item.from.clone().unwrap_or_else(|| "-".into()), Tone::Plain),
            (item.chart.version.to_string(), Tone::Plain),
            (text, tone),
        ]);
    }
    t.render(!output.no_headers, output.color)
}

/// The current manifest against the new chart rendered by Helm with the values the upgrade
/// would use, both with Secret data redacted.
async fn diff(
    cluster: &Cluster,
    helm: &Helm,
    item: &PlanItem<'_>,
    req: &UpgradeRequest,
) -> Result<String> {
    let bot = item.bot;
    let driver = cluster.helm_driver;
    let secret_path = format!(
        "{}/sh.helm.release.v1.{}.v{}",
        driver.resource().path(Some(&bot.namespace)),
        bot.name,
        bot.release.revision.unwrap_or(0)
    );
    let secret: helm_storage::ReleaseSecret = cluster
        .get_json(
            &format!("get release {}/{}", bot.namespace, bot.name),
            &secret_path,
        )
        .await?;
    let current = secret
        .data
        .get("release")
        .ok_or_else(|| "no data.release".to_string())
        .and_then(|d| helm_storage::decode_manifest(d, driver))
        .map_err(|reason| Error::BadResponse {
            what: format!("release {}/{}", bot.namespace, bot.name),
            detail: reason,
        })?;
    let staged = stage_chart(item.chart)?;
    let carried = values_file(&lifecycle::carried_values(bot))?;
    let mut args: Vec<OsString> = vec![
        "template".into(),
        bot.name.clone().into(),
        staged.path.clone().into(),
        "--namespace".into(),
        bot.namespace.clone().into(),
    ];
    args.extend(value_flags(Some(carried.path()), &req.helm));
    let rendered = helm.run(&args).await?;
    if !rendered.success {
        return Ok(format!(
            "# {}/{}: {}-{} does not render with these values: {}\n",
            bot.namespace,
            bot.name,
            item.chart.name,
            item.chart.version,
            redact::scrub(&rendered.reason(), &redact::secret_strings(&bot.values))
        ));
    }
    let old = redact::manifest(&current);
    let new = redact::manifest(&rendered.stdout);
    let diff = similar::TextDiff::from_lines(&old, &new);
    let from = format!(
        "{}/{} (revision {})",
        bot.namespace,
        bot.name,
        bot.release.revision.unwrap_or(0)
    );
    let to = format!(
        "{}/{} ({}-{})",
        bot.namespace, bot.name, item.chart.name, item.chart.version
    );
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&from, &to)
        .to_string();
    Ok(if text.is_empty() {
        format!("# {from}: no changes to the manifest\n")
    } else {
        text
    })
}
