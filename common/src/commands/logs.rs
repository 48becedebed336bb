//! `claw logs BOT`: the bot's own container, never its database's unless `--container` names it;
//! one pod (the newest ready one) or `--all-pods` with `[pod/NAME/CONTAINER]` prefixes; `-f`
//! follows until the streams end or Ctrl-C.

use std::io::Write;

use super::Report;
use super::bots::{Filter, select};
use crate::bot::Bot;
use crate::cli::LogsRequest;
use crate::cluster::{Cluster, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::{Error, Result};
use crate::pod_status::PodView;

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    req: &LogsRequest,
    out: &mut dyn Write,
) -> Result<Report> {
    let inventory = discovery::discover(cluster, scope, &DiscoverOptions::default()).await?;
    let chosen = select(
        &inventory.all(),
        &Filter {
            names: std::slice::from_ref(&req.bot),
            types: &[],
            include_uninstalled: false,
        },
    )?;
    if chosen.len() > 1 {
        let places: Vec<String> = chosen
            .iter()
            .map(|b| format!("{}/{}", b.namespace, b.name))
            .collect();
        return Err(Error::Usage(format!(
            "\"{}\" names more than one bot ({}); say which as NAMESPACE/NAME",
            req.bot,
            places.join(", ")
        )));
    }
    let bot = chosen[0];
    let (pods, container) = pods_and_container(bot, req.container.as_deref())?;
    let pods: Vec<&PodView> = if req.all_pods {
        pods
    } else {
        vec![pick_one(&pods)]
    };
    let query = query(req, &container);
    let prefix = |pod: &PodView| {
        if req.all_pods {
            format!("[pod/{}/{container}] ", pod.name)
        } else {
            String::new()
        }
    };

    if !req.follow {
        let texts = futures::future::join_all(pods.iter().map(|p| {
            let path = log_path(&bot.namespace, &p.name, &query);
            async move {
                cluster
                    .get_text(&format!("get logs of pod {}", p.name), &path)
                    .await
            }
        }))
        .await;
        for (pod, text) in pods.iter().zip(texts) {
            let text = text?;
            let pre = prefix(pod);
            let body: String = text.lines().map(|l| format!("{pre}{l}\n")).collect();
            if out
                .write_all(body.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                break; // reader gone
            }
        }
        return Ok(Report::default());
    }

    // Follow every chosen pod at once; lines reach stdout as they come.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Result<String>>();
    for pod in &pods {
        let path = log_path(&bot.namespace, &pod.name, &query);
        let what = format!("follow logs of pod {}", pod.name);
        let mut stream = cluster.stream(&what, &path).await?;
        let pre = prefix(pod);
        let tx = tx.clone();
        tokio::spawn(async move {
            loop {
                match stream.next_line().await {
                    Ok(Some(line)) => {
                        if tx.send(Ok(format!("{pre}{line}\n"))).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        });
    }
    drop(tx);
    let copy = async {
        while let Some(line) = rx.recv().await {
            let line = line?;
            if out
                .write_all(line.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                break;
            }
        }
        Ok::<(), Error>(())
    };
    tokio::select! {
        r = copy => r?,
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(Report::default())
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

fn query(req: &LogsRequest, container: &str) -> String {
    let mut q = form_query(&[("container", container.to_string())]);
    if let Some(n) = req.tail {
        q.push_str(&format!("&tailLines={n}"));
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
