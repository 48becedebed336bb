//! `claw upgrade`: the control plane by default, `BOT…` or `--all-bots`, to the charts embedded
//! in this build. Values: the new chart's defaults, then the user's earlier overrides (the
//! release's values), then `-f`/`--set` (see [`crate::helm::invocation::upgrade`]).

use clap::Args;
use serde::Serialize;

use super::helm_steps::{self, StepResult};
use crate::bot::Bot;
use crate::context::{Connected, Context};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::helm::files::{given_secrets, stage_chart, values_file};
use crate::helm::invocation::{self, Release, Values};
use crate::helm::{Helm, ValuesArgs, WaitArgs};
use crate::helm_storage;
use crate::inventory::{self, Inventory};
use crate::lifecycle::{self, Action, PlanItem};
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};
use crate::progress::Progress;
use crate::redact;

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// Bots to upgrade (default: the control plane only)
    #[arg(value_name = "BOT", conflicts_with = "all_bots")]
    pub names: Vec<String>,

    /// Upgrade every bot
    #[arg(long)]
    pub all_bots: bool,

    /// Upgrade even a downgrade, a no-op, or bots past an older control plane
    #[arg(long)]
    pub force: bool,

    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Show the manifest diff (Secret data redacted); with --dry-run, nothing changes
    #[arg(long)]
    pub diff: bool,

    /// Roll back a failed upgrade (Helm 3 --atomic, Helm 4 --rollback-on-failure)
    #[arg(long, alias = "atomic")]
    pub rollback_on_failure: bool,

    #[command(flatten)]
    pub values: ValuesArgs,

    #[command(flatten)]
    pub wait: WaitArgs,
}

pub async fn run(ctx: &Context, args: &UpgradeArgs, io: &mut Io<'_>) -> Result<Exit> {
    args.values.check()?;
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    io.warn_all(&inventory.warnings);
    let targets = targets(args, &inventory)?;
    if targets.is_empty() {
        io.warn("no bots to upgrade");
        return Ok(Exit::Ok);
    }
    let plan = lifecycle::plan(&targets, inventory.control_planes.first(), args.force);
    let refused = plan.iter().any(|i| matches!(i.action, Action::Refused(_)));
    let upgrades = plan.iter().filter(|i| i.action == Action::Upgrade).count();
    // A plan alone needs no Helm; a diff or an upgrade does.
    let helm = if args.diff || (!args.dry_run && upgrades > 0) {
        Some(ctx.helm()?)
    } else {
        None
    };
    if let (true, Some(helm)) = (args.diff, &helm) {
        for item in plan.iter().filter(|i| i.action == Action::Upgrade) {
            if io.print(&diff(&c, helm, item, args).await?).is_err() {
                return Ok(Exit::Ok);
            }
        }
    }
    let results = match helm {
        Some(helm) if !args.dry_run => upgrade_all(&helm, &plan, args).await?,
        _ => vec![None; plan.len()],
    };
    let summary = PlanSummary {
        plan: &plan,
        results: (!args.dry_run).then_some(results.as_slice()),
    };
    render(&summary, &ctx.output, io)?;
    let failed = helm_steps::report(
        "upgrade",
        plan.iter()
            .zip(&results)
            .filter_map(|(i, r)| r.as_ref().map(|r| (i.bot.key(), r))),
        io,
    );
    Ok(failed.max(Exit::failed_if(refused)))
}

/// The releases named by the arguments: the control plane (default), named bots, or all bots.
fn targets<'a>(args: &UpgradeArgs, inventory: &'a Inventory) -> Result<Vec<&'a Bot>> {
    if args.all_bots {
        return Ok(inventory.bots());
    }
    if !args.names.is_empty() {
        return inventory::select(&inventory.bots(), &args.names, &[]);
    }
    match inventory.control_planes.first() {
        Some(cp) => Ok(vec![cp]),
        None => Err(Error::NotFound {
            message: "no ClawMachine control plane (a release of chart clawmachine) to upgrade; install it with `claw install clawmachine clawmachine -n claw-machine`".into(),
        }),
    }
}

/// Runs every planned upgrade in order; `None` for the items not upgraded.
async fn upgrade_all(
    helm: &Helm,
    plan: &[PlanItem<'_>],
    args: &UpgradeArgs,
) -> Result<Vec<Option<StepResult>>> {
    let rollback = if args.rollback_on_failure {
        Some(helm.major_version().await?)
    } else {
        None
    };
    let progress = Progress::start();
    let mut results = Vec::new();
    for item in plan {
        if item.action != Action::Upgrade {
            results.push(None);
            continue;
        }
        let (bot, chart) = (item.bot, item.chart);
        progress.say(format!(
            "upgrading {} to {}-{} …",
            bot.key(),
            chart.name,
            chart.version
        ));
        let staged = stage_chart(&chart.file_name(), chart.archive)?;
        let carried = values_file(&lifecycle::carried_values(bot))?;
        let argv = invocation::upgrade(
            release_of(bot),
            &staged.path,
            Values {
                carried: Some(carried.path()),
                given: &args.values,
            },
            args.wait,
            rollback,
        );
        // Helm may echo a value it was given; none of the secret ones reaches the terminal.
        let mut secrets = redact::secret_strings(&bot.values);
        secrets.extend(given_secrets(&args.values));
        // `carried` and `staged` are dropped after this, or as `?` unwinds on Ctrl-C.
        let (result, _) = helm_steps::run(helm, &argv, &secrets).await?;
        results.push(Some(result));
    }
    Ok(results)
}

fn release_of(bot: &Bot) -> Release<'_> {
    Release {
        name: &bot.name,
        namespace: &bot.namespace,
    }
}

/// The plan (dry run) or the summary (after Helm ran).
struct PlanSummary<'a> {
    plan: &'a [PlanItem<'a>],
    /// `None` on a dry run.
    results: Option<&'a [Option<StepResult>]>,
}

impl PlanSummary<'_> {
    fn result(&self, i: usize) -> (String, Tone) {
        let item = &self.plan[i];
        match (&item.action, self.results.map(|r| &r[i])) {
            (Action::NoOp, _) => (
                "up to date (--force to upgrade anyway)".to_string(),
                Tone::Plain,
            ),
            (Action::Refused(why), _) => (format!("refused: {why}"), Tone::Bad),
            (Action::Upgrade, None) => ("will upgrade".to_string(), Tone::Plain),
            (Action::Upgrade, Some(Some(StepResult::Done))) => ("upgraded".into(), Tone::Good),
            (Action::Upgrade, Some(Some(StepResult::Failed(reason)))) => {
                (format!("failed: {reason}"), Tone::Bad)
            }
            (Action::Upgrade, Some(None)) => ("not run".to_string(), Tone::Warn),
        }
    }
}

impl Serialize for PlanSummary<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Item<'a> {
            namespace: &'a str,
            name: &'a str,
            chart: &'a str,
            from: Option<&'a str>,
            to: &'a str,
            result: String,
        }
        #[derive(Serialize)]
        struct Body<'a> {
            items: Vec<Item<'a>>,
        }
        Body {
            items: self
                .plan
                .iter()
                .enumerate()
                .map(|(i, item)| Item {
                    namespace: &item.bot.namespace,
                    name: &item.bot.name,
                    chart: item.chart.name,
                    from: item.from.as_deref(),
                    to: item.chart.version,
                    result: self.result(i).0,
                })
                .collect(),
        }
        .serialize(s)
    }
}

impl Render for PlanSummary<'_> {
    const KIND: &'static str = "UpgradeResult";

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut t = Table::new(vec!["NAMESPACE", "NAME", "CHART", "FROM", "TO", "RESULT"]);
        for (i, item) in self.plan.iter().enumerate() {
            let plain = |s: &str| (s.to_string(), Tone::Plain);
            t.row(vec![
                plain(&item.bot.namespace),
                plain(&item.bot.name),
                plain(item.chart.name),
                plain(item.from.as_deref().unwrap_or("-")),
                plain(item.chart.version),
                self.result(i),
            ]);
        }
        Some(t.render(!output.no_headers, output.color))
    }
}

/// The current manifest against the new chart rendered by Helm with the values the upgrade
/// would use, both with Secret data redacted.
async fn diff(
    c: &Connected,
    helm: &Helm,
    item: &PlanItem<'_>,
    args: &UpgradeArgs,
) -> Result<String> {
    let bot = item.bot;
    let current = deployed_manifest(c, bot).await?;
    let staged = stage_chart(&item.chart.file_name(), item.chart.archive)?;
    let carried = values_file(&lifecycle::carried_values(bot))?;
    let values = Values {
        carried: Some(carried.path()),
        given: &args.values,
    };
    let rendered = helm
        .run(&invocation::template(release_of(bot), &staged.path, values))
        .await?;
    let to = format!("{} ({}-{})", bot.key(), item.chart.name, item.chart.version);
    if !rendered.success {
        let secrets = redact::secret_strings(&bot.values);
        return Ok(format!(
            "# {}: {}-{} does not render with these values: {}\n",
            bot.key(),
            item.chart.name,
            item.chart.version,
            redact::scrub(&rendered.reason(), &secrets)
        ));
    }
    let old = redact::manifest(&current);
    let new = redact::manifest(&rendered.stdout);
    let from = format!(
        "{} (revision {})",
        bot.key(),
        bot.release.revision.unwrap_or(0)
    );
    let text = similar::TextDiff::from_lines(&old, &new)
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

/// The manifest of the release's current revision, from its payload.
async fn deployed_manifest(c: &Connected, bot: &Bot) -> Result<String> {
    let path = format!(
        "{}/sh.helm.release.v1.{}.v{}",
        c.driver.resource().path(Some(&bot.namespace)),
        bot.name,
        bot.release.revision.unwrap_or(0)
    );
    let what = format!("get release {}", bot.key());
    let secret: helm_storage::ReleaseSecret = c.cluster.get_json(&what, &path).await?;
    secret
        .data
        .get("release")
        .ok_or_else(|| "no data.release".to_string())
        .and_then(|d| helm_storage::decode_manifest(d, c.driver))
        .map_err(|reason| Error::BadResponse {
            what: format!("release {}", bot.key()),
            detail: reason,
        })
}
