//! `claw logs BOT`: the bot's own container, never its database's unless `--container` names it;
//! one pod (the newest ready one) or `--all-pods` with `[pod/NAME/CONTAINER]` prefixes; `-f`
//! follows until the streams end or Ctrl-C.

use std::time::Duration;

use clap::Args;

use crate::cluster::{Cluster, Resource};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory;
use crate::fleet::pods::PodSummary;
use crate::fleet::selection;
use crate::output::Io;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// The bot (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
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
    let bot = selection::select_one(&inventory.all(), &args.bot, &c.scope)?;
    let cmd = ctx.host.command_name();
    let (pods, container) = pods_and_container(bot, args.container.as_deref())?;
    let pods: Vec<&PodSummary> = if args.all_pods {
        pods
    } else {
        vec![pick_one(&pods)]
    };
    let Some(pods) = with_logs(bot, pods, args, cmd, io)? else {
        return Err(Error::Other(format!(
            "no pod of {} has logs yet (each is said above)",
            bot.key()
        )));
    };
    let query = query(args, &container);
    let streams: Vec<LogStream> = pods
        .iter()
        .map(|pod| LogStream {
            pod: pod.name.clone(),
            path: log_path(&bot.namespace, &pod.name, &query),
            prefix: if args.all_pods {
                format!("[pod/{}/{container}] ", pod.name)
            } else {
                String::new()
            },
        })
        .collect();
    let failures = if args.follow {
        follow(&c.cluster, &streams, io).await?
    } else {
        print_once(&c.cluster, &streams, io).await
    };
    // One pod that failed is the command's error; with --all-pods the others were shown first.
    let explained: Vec<Error> = failures
        .into_iter()
        .map(|(pod, e)| explained(e, &pod, &bot.key(), cmd))
        .collect();
    match explained.len() {
        0 => Ok(Exit::Ok),
        1 if streams.len() == 1 => Err(explained.into_iter().next().expect("one")),
        // With --all-pods a pod that failed is a warning; a failure only when none was shown.
        failed => {
            for e in &explained {
                io.warn(&crate::redact::text(&e.to_string()));
            }
            if failed < streams.len() {
                return Ok(Exit::Ok);
            }
            Err(Error::Other(format!(
                "no pod of {} could be shown (each is said above)",
                bot.key()
            )))
        }
    }
}

/// The pods that have logs to show. One whose container never ran has none: that is said
/// (the error itself when it was the only pod), and `None` when no pod is left.
fn with_logs<'a>(
    bot: &Bot,
    pods: Vec<&'a PodSummary>,
    args: &LogsArgs,
    cmd: &str,
    io: &mut Io,
) -> Result<Option<Vec<&'a PodSummary>>> {
    let (quiet, pods): (Vec<&PodSummary>, Vec<&PodSummary>) = pods
        .into_iter()
        .partition(|p| never_ran(p) && !args.previous);
    for p in &quiet {
        let line = format!(
            "pod {} of bot \"{}\" has no logs yet: it is {} (its container has not run); {cmd} events {} says why",
            p.name,
            bot.key(),
            p.status,
            bot.key()
        );
        if pods.is_empty() && quiet.len() == 1 {
            return Err(Error::Other(line));
        }
        io.warn(&line);
    }
    Ok((!pods.is_empty()).then_some(pods))
}

/// One pod's log to read: where, and the prefix of its lines.
struct LogStream {
    pod: String,
    path: String,
    prefix: String,
}

/// Whether the pod's containers have never run: waiting to be scheduled, pulled or created
/// (`Pending`, `ContainerCreating`, `ImagePullBackOff`, `Init:…`) without a restart behind them.
fn never_ran(p: &PodSummary) -> bool {
    p.restarts == 0
        && (matches!(
            p.status.as_str(),
            "Pending"
                | "ContainerCreating"
                | "PodInitializing"
                | "ImagePullBackOff"
                | "ErrImagePull"
                | "InvalidImageName"
                | "CreateContainerConfigError"
                | "CreateContainerError"
        ) || p.status.starts_with("Init:"))
}

/// Whether an answer to a logs request is the API server saying it cannot reach the kubelet
/// (it proxies logs from the node's kubelet, port 10250): `Get "https://NODE:10250/containerLogs/…":
/// dial tcp …` with a 5xx, or, through the Konnectivity proxy (GKE, AKS and others), `error
/// dialing backend: No agent available`. Asking again will not help.
fn kubelet_unreachable(status: http::StatusCode, body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    status.is_server_error()
        && (text.contains("/containerLogs/")
            || text.contains(":10250")
            || text.contains("error dialing backend"))
}

/// The kubelet's 400s (a container that never started, no previous run) are sentences for the
/// user as they are; the events usually say why. A kubelet that cannot be reached is named.
fn explained(e: Error, pod: &str, bot: &str, cmd: &str) -> Error {
    match e {
        Error::Server {
            code: 400, message, ..
        } => Error::Other(format!("{message}; {cmd} events {bot} says why")),
        Error::Server { code, message, .. }
            if kubelet_unreachable(
                http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                message.as_bytes(),
            ) =>
        {
            Error::Other(format!(
                "cannot read the logs of pod {pod}: the API server cannot reach the kubelet on its node ({message}); the node may be down or its kubelet port (10250) unreachable from the control plane"
            ))
        }
        e => e,
    }
}

/// Each pod's log, one after the other, read whole; the pods that failed, with why.
async fn print_once(
    cluster: &Cluster,
    streams: &[LogStream],
    io: &mut Io<'_>,
) -> Vec<(String, Error)> {
    let texts = futures::future::join_all(streams.iter().map(|s| async move {
        cluster
            .get_text_unless(
                &format!("get logs of pod {}", s.pod),
                &s.path,
                kubelet_unreachable,
            )
            .await
    }))
    .await;
    let mut failures = Vec::new();
    for (s, text) in streams.iter().zip(texts) {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                failures.push((s.pod.clone(), e));
                continue;
            }
        };
        let body: String = text.lines().map(|l| format!("{}{l}\n", s.prefix)).collect();
        if io.print(&body).is_err() {
            break; // reader gone
        }
    }
    failures
}

/// Every chosen pod followed at once; lines reach stdout as they come, until the streams end
/// or Ctrl-C. A pod whose stream cannot be opened is a failure, and the others go on.
async fn follow(
    cluster: &Cluster,
    streams: &[LogStream],
    io: &mut Io<'_>,
) -> Result<Vec<(String, Error)>> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Result<String>>();
    let mut failures = Vec::new();
    for s in streams {
        let mut stream = match cluster
            .stream(&format!("follow logs of pod {}", s.pod), &s.path)
            .await
        {
            Ok(stream) => stream,
            Err(e) => {
                failures.push((s.pod.clone(), e));
                continue;
            }
        };
        let pre = s.prefix.clone();
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
        r = copy => r?,
        _ = tokio::signal::ctrl_c() => {},
    }
    Ok(failures)
}

/// The bot's own pods and container, unless `--container` names one only the database has.
fn pods_and_container<'a>(
    bot: &'a Bot,
    container: Option<&str>,
) -> Result<(Vec<&'a PodSummary>, String)> {
    let own: Vec<&PodSummary> = bot.pods.iter().flatten().collect();
    let has = |pods: &[&PodSummary], c: &str| {
        pods.iter()
            .any(|p| p.container_names.iter().any(|n| n == c))
    };
    let (pods, container) = match container {
        Some(c) if has(&own, c) => (own, c.to_string()),
        Some(c) => {
            let db: Vec<&PodSummary> = bot.database.iter().collect();
            if has(&db, c) {
                (db, c.to_string())
            } else if own.is_empty() && db.is_empty() {
                // No pod to hold any container: that is what to say, not a typo in -c.
                return Err(no_pods(bot));
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
        return Err(no_pods(bot));
    }
    Ok((pods, container))
}

fn no_pods(bot: &Bot) -> Error {
    Error::NotFound {
        message: format!(
            "bot \"{}\" in namespace \"{}\" has no pods",
            bot.name, bot.namespace
        ),
    }
}

/// The newest Running and Ready pod; else the newest whose container has run (a crash-looping
/// pod has logs worth reading, a Pending one has none); else the newest.
fn pick_one<'a>(pods: &[&'a PodSummary]) -> &'a PodSummary {
    let rank = |p: &PodSummary| {
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
    format!(
        "{}?{query}",
        Resource::PODS.subresource(Some(namespace), pod, "log")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kubelet_out_of_reach_is_told_from_other_server_errors() {
        let bad = http::StatusCode::INTERNAL_SERVER_ERROR;
        for body in [
            r#"Get "https://10.0.0.5:10250/containerLogs/ns/p/c": dial tcp 10.0.0.5:10250: i/o timeout"#,
            "error dialing backend: No agent available",
        ] {
            assert!(kubelet_unreachable(bad, body.as_bytes()), "{body}");
        }
        assert!(!kubelet_unreachable(bad, b"etcdserver: request timed out"));
        let not_found = http::StatusCode::NOT_FOUND;
        assert!(!kubelet_unreachable(not_found, b"error dialing backend"));
    }
}
