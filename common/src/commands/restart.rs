//! `claw restart [BOT…] [--all-bots] [-t TYPE]`: a rollout restart of each bot's own
//! Deployments, as `kubectl rollout restart` does it (the pod-template annotation
//! `kubectl.kubernetes.io/restartedAt`), so the Deployment controller replaces the pods by its
//! strategy — never deleting pods, never the IronClaw database unless `--include-database`.
//! Then, unless `--no-wait`, each bot is followed until its new pods are ready and its health
//! probe passes, a few bots at a time; exit 1 naming the bots that did not come back.

use std::time::Duration;

use clap::{ArgGroup, Args};
use futures::StreamExt;

use super::documents::{RestartBody, RestartEntry};
use crate::cluster::Connected;
use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::bot::{Bot, BotType};
use crate::fleet::inventory::{self, DiscoverOptions, Inventory};
use crate::fleet::probe::{self, Outcome, ServiceLite};
use crate::fleet::rollout::{self, Rollout};
use crate::fleet::selection;
use crate::output::helm_steps::{self, StepResult};
use crate::output::progress::Progress;
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};

/// Each health probe may take this long.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// Between probes of a bot that is ready but not yet healthy.
const PROBE_INTERVAL: Duration = Duration::from_secs(2);

#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("which").required(true).multiple(true).args(["names", "all_bots", "types"])),
    after_help = "BOT is NAME or NAMESPACE/NAME (the control plane too, by name). Pods are replaced \
    by each Deployment's rollout strategy, as `kubectl rollout restart` does; none is deleted."
)]
pub struct RestartArgs {
    /// Bots to restart
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name, conflicts_with = "all_bots")]
    pub names: Vec<String>,

    /// Restart every bot
    #[arg(long)]
    pub all_bots: bool,

    /// Only bots of these types (alone: every bot of them)
    #[arg(short = 't', long = "type", value_enum, value_delimiter = ',')]
    pub types: Vec<BotType>,

    /// Restart IronClaw's database too
    #[arg(long)]
    pub include_database: bool,

    /// Start the restarts and return; do not wait for ready pods and a passing probe
    #[arg(long)]
    pub no_wait: bool,

    /// How long to wait for each bot (0: as long as it takes)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::duration::parse)]
    pub timeout: Duration,

    /// How many bots restart at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

/// How one bot's restart ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestartOutcome {
    /// New pods ready and the probe passed (or the bot cannot be probed: its words).
    Ready(String),
    /// Restarted; `--no-wait`.
    NotWaited,
    Failed(String),
}

pub async fn run(ctx: &Context, args: &RestartArgs, io: &mut Io<'_>) -> Result<Exit> {
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &DiscoverOptions::default()).await?;
    io.warn_all(&inventory.warnings);
    let targets = targets(args, &inventory, &c)?;
    if targets.is_empty() {
        io.warn("no bots to restart");
        return Ok(Exit::Ok);
    }
    let services = match args.no_wait {
        true => vec![],
        false => probe::list_services(&c.cluster, &c.scope).await?,
    };
    let progress = Progress::start();
    let outcomes: Vec<RestartOutcome> = futures::stream::iter(&targets)
        .map(|bot| restart_one(&c, bot, args, &services, &progress))
        .buffered(usize::from(args.concurrency))
        .collect()
        .await;
    drop(progress);
    let report = RestartReport {
        items: targets
            .iter()
            .zip(outcomes)
            .map(|(bot, outcome)| (*bot, deployments_of(bot, args.include_database), outcome))
            .collect(),
    };
    render(&report, &ctx.output, io)?;
    let steps: Vec<(String, StepResult)> = report
        .items
        .iter()
        .map(|(bot, _, o)| {
            let step = match o {
                RestartOutcome::Failed(why) => StepResult::Failed(why.clone()),
                _ => StepResult::Done,
            };
            (bot.key(), step)
        })
        .collect();
    Ok(helm_steps::report(
        "restart",
        steps.iter().map(|(k, s)| (k.clone(), s)),
        io,
    ))
}

/// The bots the arguments name: named ones (the control plane too), every bot, or every bot
/// of the types given.
fn targets<'a>(
    args: &RestartArgs,
    inventory: &'a Inventory,
    c: &Connected,
) -> Result<Vec<&'a Bot>> {
    if args.names.is_empty() {
        return selection::select(&inventory.bots(), &[], &args.types, &c.scope);
    }
    selection::select(&inventory.all(), &args.names, &args.types, &c.scope)
}

fn deployments_of(bot: &Bot, include_database: bool) -> Vec<String> {
    let mut names = bot.deployments.clone();
    if include_database {
        names.extend(bot.database_deployments.iter().cloned());
    }
    names
}

/// Restarts `bot`'s Deployments, then (unless `--no-wait`) follows them until ready and
/// probes the bot until it passes, all within `--timeout`.
async fn restart_one(
    c: &Connected,
    bot: &Bot,
    args: &RestartArgs,
    services: &[ServiceLite],
    progress: &Progress,
) -> RestartOutcome {
    let names = deployments_of(bot, args.include_database);
    if names.is_empty() {
        return RestartOutcome::Failed("it has no Deployments of its own to restart".into());
    }
    if let Some(refused) = refused_when_paused(c, bot, &names).await {
        return refused;
    }
    let at = jiff::Timestamp::now();
    for name in &names {
        if let Err(e) = rollout::restart(&c.cluster, &bot.namespace, name, at).await {
            return RestartOutcome::Failed(e.to_string());
        }
    }
    if args.no_wait {
        return RestartOutcome::NotWaited;
    }
    // kubectl's `--timeout=0`: no deadline.
    let deadline = (!args.timeout.is_zero()).then(|| tokio::time::Instant::now() + args.timeout);
    let within = crate::duration::human(args.timeout);
    let key = bot.key();
    let said = |name: &str, state: &Rollout| {
        if let Rollout::Waiting(why) = state {
            progress.say(format!("{key}: Deployment {name}: {why} …"));
        }
    };
    match rollout::wait_done(
        &c.cluster,
        &bot.namespace,
        &bot.name,
        &names,
        deadline,
        said,
    )
    .await
    {
        Err(e) => return RestartOutcome::Failed(e.to_string()),
        Ok(Err(Rollout::Waiting(why))) => {
            return RestartOutcome::Failed(format!("not ready within {within}: {why}"));
        }
        Ok(Err(Rollout::Failed(why))) => return RestartOutcome::Failed(why),
        Ok(Err(Rollout::Done) | Ok(())) => {}
    }
    progress.say(format!("{key}: ready; probing its health …"));
    healthy(c, bot, services, deadline, &within).await
}

/// A bot with a paused Deployment is not restarted: the new template would roll out nothing
/// (kubectl's `rollout restart` refuses it too).
async fn refused_when_paused(c: &Connected, bot: &Bot, names: &[String]) -> Option<RestartOutcome> {
    let paused = match rollout::paused(&c.cluster, &bot.namespace, &bot.name, names).await {
        Err(e) => return Some(RestartOutcome::Failed(e.to_string())),
        Ok(paused) if paused.is_empty() => return None,
        Ok(paused) => paused,
    };
    let resume: Vec<String> = paused.iter().map(|n| format!("deployment/{n}")).collect();
    Some(RestartOutcome::Failed(format!(
        "{} {} paused: a restart would roll out nothing; resume first (`kubectl rollout resume {} -n {}`)",
        resume.join(", "),
        if resume.len() == 1 { "is" } else { "are" },
        resume.join(" "),
        bot.namespace
    )))
}

/// Probes `bot` until its probe passes or `deadline`; a bot that cannot be probed is judged
/// by its rollout, which is done.
async fn healthy(
    c: &Connected,
    bot: &Bot,
    services: &[ServiceLite],
    deadline: Option<tokio::time::Instant>,
    within: &str,
) -> RestartOutcome {
    if bot.desired == Some(0) {
        return RestartOutcome::Ready("scaled to zero: no pods to wait for".into());
    }
    let endpoint = match probe::endpoint_of(bot, services) {
        Ok(e) => e,
        Err(Outcome::NoHealthEndpoint { .. }) => {
            return RestartOutcome::Ready("ready (no health endpoint to probe)".into());
        }
        Err(other) => {
            return RestartOutcome::Ready(format!("ready ({}; not probed)", other.detail()));
        }
    };
    loop {
        let outcome = probe::ask(&c.cluster, bot, &endpoint, PROBE_TIMEOUT).await;
        if outcome.passes() {
            return RestartOutcome::Ready(format!("ready, healthy ({})", outcome.detail()));
        }
        if matches!(outcome, Outcome::Forbidden { .. }) {
            return RestartOutcome::Ready(
                "ready (no services/proxy permission; not probed)".into(),
            );
        }
        if deadline.is_some_and(|d| tokio::time::Instant::now() + PROBE_INTERVAL >= d) {
            return RestartOutcome::Failed(format!(
                "its pods are ready, but its health probe did not pass within {within}: {} ({})",
                outcome.summary(),
                outcome.detail()
            ));
        }
        tokio::time::sleep(PROBE_INTERVAL).await;
    }
}

/// Every bot restarted, with its Deployments and how it ended.
pub struct RestartReport<'a> {
    pub items: Vec<(&'a Bot, Vec<String>, RestartOutcome)>,
}

fn result_of(o: &RestartOutcome) -> (&'static str, String, Tone) {
    match o {
        RestartOutcome::Ready(words) => ("ready", words.clone(), Tone::Good),
        RestartOutcome::NotWaited => (
            "restarted",
            "restarted (not waited for)".into(),
            Tone::Plain,
        ),
        RestartOutcome::Failed(why) => ("failed", format!("failed: {why}"), Tone::Bad),
    }
}

impl Render for RestartReport<'_> {
    const KIND: &'static str = "RestartReport";
    type Body<'b>
        = RestartBody<'b>
    where
        Self: 'b;

    fn body(&self) -> Self::Body<'_> {
        RestartBody {
            items: self
                .items
                .iter()
                .map(|(bot, deployments, o)| {
                    let (result, message, _) = result_of(o);
                    RestartEntry {
                        namespace: &bot.namespace,
                        name: &bot.name,
                        deployments,
                        result,
                        message,
                    }
                })
                .collect(),
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut t = Table::new(vec!["NAMESPACE", "NAME", "DEPLOYMENTS", "RESULT"]);
        for (bot, deployments, o) in &self.items {
            let (_, message, tone) = result_of(o);
            t.row(vec![
                (bot.namespace.clone(), Tone::Plain),
                (bot.name.clone(), Tone::Plain),
                (deployments.join(","), Tone::Plain),
                (message, tone),
            ]);
        }
        t.render_nonempty(!output.no_headers, output.color)
    }
}
