//! `claw logs BOT`: the bot's own container, never its database's unless `--container` names it;
//! one pod (the newest ready one) or `--all-pods` with `[pod/NAME/CONTAINER]` prefixes; `-f`
//! follows until the streams end or Ctrl-C.

use std::time::Duration;

use clap::Args;

use crate::bot::Bot;
use crate::cluster::Cluster;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::inventory;
use crate::output::Io;
use crate::pod_status::PodView;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// The bot (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT")]
    pub bot: String,

    /// The container (default: the bot's own); naming the database's container reads the database pod
    #[arg(short = 'c', long, value_name = "NAME")]
    pub container: Option<String>,

    /// Keep streaming new lines
    #[arg(short = 'f', long)]
    pub follow: bool,

    /// Lines from the end of the log (-1: all)
    #[arg(long, value_name = "N", default_value_t = -1, allow_negative_numbers = true)]
    pub tail: i64,

    /// Only lines newer than this (e.g. 10m)
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub since: Option<Duration>,

    /// The previous (crashed) container's log
    #[arg(short = 'p', long)]
    pub previous: bool,

    /// Every pod of the bot, each line prefixed with [pod/NAME/CONTAINER]
    #[arg(long)]
    pub all_pods: bool,

    /// Prefix each line with its timestamp
    #[arg(long)]
    pub timestamps: bool,
}

pub async fn run(ctx: &Context, args: &LogsArgs, io: &mut Io<'_>) -> Result<Exit> {
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    let bot = inventory::select_one(&inventory.all(), &args.bot)?;
    let (pods, container) = pods_and_container(bot, args.container.as_deref())?;
    let pods: Vec<&PodView> = if args.all_pods {
        pods
    } else {
        vec![pick_one(&pods)]
    };
    let query = query(args, &container);
    let prefixes: Vec<String> = pods
        .iter()
        .map(|pod| {
            if args.all_pods {
                format!("[pod/{}/{container}] ", pod.name)
            } else {
                String::new()
            }
        })
        .collect();
    let paths: Vec<(String, String)> = pods
        .iter()
        .map(|p| (p.name.clone(), log_path(&bot.namespace, &p.name, &query)))
        .collect();
    let shown = if args.follow {
        follow(&c.cluster, &paths, &prefixes, io).await
    } else {
        print_once(&c.cluster, &paths, &prefixes, io).await
    };
    shown.map_err(|e| explained(e, &args.bot))?;
    Ok(Exit::Ok)
}

/// The kubelet's 400s (a container that never started, no previous run) are sentences for the
/// user as they are; the events usually say why.
fn explained(e: Error, bot: &str) -> Error {
    match e {
        Error::Server {
            code: 400, message, ..
        } => Error::Other(format!("{message}; kubectl claw events {bot} says why")),
        e => e,
    }
}

/// Each pod's log, one after the other, read whole.
async fn print_once(
    cluster: &Cluster,
    paths: &[(String, String)],
    prefixes: &[String],
    io: &mut Io<'_>,
) -> Result<()> {
    let texts = futures::future::join_all(paths.iter().map(|(pod, path)| async move {
        cluster
            .get_text(&format!("get logs of pod {pod}"), path)
            .await
    }))
    .await;
    for (pre, text) in prefixes.iter().zip(texts) {
        let body: String = text?.lines().map(|l| format!("{pre}{l}\n")).collect();
        if io.print(&body).is_err() {
            break; // reader gone
        }
    }
    Ok(())
}

/// Every chosen pod followed at once; lines reach stdout as they come, until the streams end
/// or Ctrl-C.
async fn follow(
    cluster: &Cluster,
    paths: &[(String, String)],
    prefixes: &[String],
    io: &mut Io<'_>,
) -> Result<()> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Result<String>>();
    for ((pod, path), pre) in paths.iter().zip(prefixes) {
        let mut stream = cluster
            .stream(&format!("follow logs of pod {pod}"), path)
            .await?;
        let pre = pre.clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            loop {
                let line = match stream.next_line().await {
                    Ok(Some(line)) => Ok(format!("{pre}{line}\n")),
                    Ok(None) => return,
                    Err(e) => Err(e),
                };
                let stop = line.is_err();
                if tx.send(line).is_err() || stop {
                    return;
                }
            }
        });
    }
    drop(tx);
    let copy = async {
        while let Some(line) = rx.recv().await {
            if io.print(&line?).is_err() {
                break;
            }
        }
        Ok::<(), Error>(())
    };
    tokio::select! {
        r = copy => r,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// The bot's own pods and container, unless `--container` names one only the database has.
fn pods_and_container<'a>(
    bot: &'a Bot,
    container: Option<&str>,
) -> Result<(Vec<&'a PodView>, String)> {
    let own: Vec<&PodView> = bot.pods.iter().flatten().collect();
    let has = |pods: &[&PodView], c: &str| {
        pods.iter()
            .any(|p| p.container_names.iter().any(|n| n == c))
    };
    let (pods, container) = match container {
        Some(c) if has(&own, c) => (own, c.to_string()),
        Some(c) => {
            let db: Vec<&PodView> = bot.database.iter().collect();
            if has(&db, c) {
                (db, c.to_string())
            } else {
                let mut known: Vec<String> = own
                    .iter()
                    .chain(&db)
                    .flat_map(|p| p.container_names.clone())
                    .collect();
                known.sort();
                known.dedup();
                return Err(Error::Usage(format!(
                    "bot \"{}\" has no container \"{c}\" (containers: {})",
                    bot.name,
                    known.join(", ")
                )));
            }
        }
        None => {
            let chart = bot
                .release
                .chart
                .clone()
                .unwrap_or_else(|| bot.type_name().to_string());
            let names: Vec<&String> = own.iter().flat_map(|p| &p.container_names).collect();
            let pick = names
                .iter()
                .find(|n| ***n == chart)
                .or_else(|| names.first())
                .map(|n| n.to_string());
            (own, pick.unwrap_or_default())
        }
    };
    if pods.is_empty() || container.is_empty() {
        return Err(Error::NotFound {
            message: format!(
                "bot \"{}\" in namespace \"{}\" has no pods",
                bot.name, bot.namespace
            ),
        });
    }
    Ok((pods, container))
}

/// The newest Running and Ready pod; else the newest whose container has run (a crash-looping
/// pod has logs worth reading, a Pending one has none); else the newest.
fn pick_one<'a>(pods: &[&'a PodView]) -> &'a PodView {
    let rank = |p: &PodView| {
        if p.ready && p.status == "Running" {
            0
        } else if p.restarts > 0
            || !matches!(
                p.status.as_str(),
                "Pending" | "ContainerCreating" | "PodInitializing"
            ) && !p.status.starts_with("Init:")
        {
            1
        } else {
            2
        }
    };
    pods.iter()
        .min_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then(b.created.cmp(&a.created))
                .then(a.name.cmp(&b.name))
        })
        .copied()
        .expect("pods is not empty")
}

fn query(req: &LogsArgs, container: &str) -> String {
    let mut q = form_query(&[("container", container.to_string())]);
    if req.tail >= 0 {
        q.push_str(&format!("&tailLines={}", req.tail));
    }
    if let Some(d) = req.since {
        q.push_str(&format!("&sinceSeconds={}", d.as_secs().max(1)));
    }
    for (flag, on) in [
        ("previous", req.previous),
        ("timestamps", req.timestamps),
        ("follow", req.follow),
    ] {
        if on {
            q.push_str(&format!("&{flag}=true"));
        }
    }
    q
}

fn form_query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.replace('%', "%25")
                    .replace('&', "%26")
                    .replace(' ', "%20")
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn log_path(namespace: &str, pod: &str, query: &str) -> String {
    format!("/api/v1/namespaces/{namespace}/pods/{pod}/log?{query}")
}
