//! `claw events [BOT] [-w]`: the events of the control plane's and bots' namespaces (or of one
//! bot's objects), oldest first by the time `kubectl events` uses; `-w` then streams new and
//! updated ones, re-listing after a watch expires (410) without printing anything twice.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::core::v1::Event;
use serde::{Deserialize, Serialize};

use super::Report;
use super::bots::{Filter, select};
use crate::bot::Bot;
use crate::cluster::{Cluster, Resource, Scope};
use crate::discovery::{self, DiscoverOptions};
use crate::error::{Error, Result};
use crate::events::{self, Attribution, EventFilter, EventView};
use crate::output::{Document, OutputFormat, OutputOptions, Table, Tone, age, render_document};

pub struct EventsRequest<'a> {
    pub bot: Option<&'a str>,
    pub types: &'a [String],
    pub since: Option<Duration>,
    pub watch: bool,
    /// `-A` was given: every namespace's events, not only ClawMachine's.
    pub all_namespaces: bool,
}

/// Where the events come from: one LIST (and one watch) either cluster-wide or in one namespace.
enum Source {
    Cluster(Scope),
    Namespace(String),
}

pub async fn run(
    cluster: &Cluster,
    scope: &Scope,
    req: &EventsRequest<'_>,
    output: OutputOptions,
    out: &mut dyn Write,
) -> Result<Report> {
    let inventory = discovery::discover(cluster, scope, &DiscoverOptions::default()).await?;
    let mut warnings = inventory.warnings.clone();
    let everyone: Vec<&Bot> = inventory.all();
    let attribution = Attribution::new(&everyone);

    let mut filter = EventFilter {
        types: req.types.to_vec(),
        since: req.since.and_then(|d| {
            jiff::Timestamp::now()
                .checked_sub(jiff::SignedDuration::try_from(d).ok()?)
                .ok()
        }),
        ..Default::default()
    };
    let source = if let Some(name) = req.bot {
        let chosen = select(
            &everyone,
            &Filter {
                names: &[name.to_string()],
                types: &[],
                include_uninstalled: false,
            },
        )?;
        let bot = chosen[0];
        filter.bot = Some((bot.namespace.clone(), bot.name.clone()));
        Source::Namespace(bot.namespace.clone())
    } else if let Some(ns) = scope.namespace() {
        Source::Namespace(ns.to_string())
    } else {
        if !req.all_namespaces {
            let mut namespaces: Vec<String> =
                everyone.iter().map(|b| b.namespace.clone()).collect();
            namespaces.sort();
            namespaces.dedup();
            if namespaces.is_empty() {
                warnings.push("no ClawMachine control plane or bots found; pass -A for every namespace's events".into());
            }
            filter.namespaces = Some(namespaces);
        }
        Source::Cluster(scope.clone())
    };

    let (mut views, list_rv, fell_back) = list_events(cluster, &source, &attribution).await?;
    if let Some(nss) = &fell_back {
        warnings.push(format!(
            "cannot list events across all namespaces (forbidden); showing namespaces {} only",
            nss.join(", ")
        ));
    }
    views.retain(|v| filter.admits(v));
    events::sort(&mut views);
    let multi_namespace = matches!(source, Source::Cluster(_));

    if !req.watch {
        let stdout = match output.format {
            OutputFormat::Json | OutputFormat::Yaml => {
                #[derive(Serialize)]
                struct Body<'a> {
                    items: &'a [EventView],
                    warnings: &'a [String],
                }
                let body = Body {
                    items: &views,
                    warnings: &warnings,
                };
                render_document(output.format, &Document::new("EventList", body))?
            }
            OutputFormat::Table | OutputFormat::Wide => table(&views, multi_namespace)
                .render_nonempty(!output.no_headers, output.color)
                .unwrap_or_else(|| {
                    warnings.push("no events found".into());
                    String::new()
                }),
        };
        return Ok(Report {
            stdout,
            warnings,
            exit: 0,
        });
    }

    if fell_back.is_some() {
        return Err(Error::Usage(
            "cannot watch events across namespaces without permission to list them cluster-wide; pass -n NAMESPACE"
                .into(),
        ));
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let mut printer = Printer {
        out,
        output,
        multi_namespace,
        headers_done: false,
        seen: HashMap::new(),
    };
    if printer.print(&views).is_err() {
        return Ok(Report::default()); // the reader went away (`| head`)
    }
    let mut rv = list_rv;
    tokio::select! {
        r = follow(cluster, &source, &attribution, &filter, &mut rv, &mut printer) => r?,
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(Report::default())
}

async fn list_events(
    cluster: &Cluster,
    source: &Source,
    attribution: &Attribution,
) -> Result<(Vec<EventView>, String, Option<Vec<String>>)> {
    let (events, rv, fell_back) = match source {
        Source::Namespace(ns) => {
            let (events, rv) = cluster
                .list_versioned::<Event>(&Resource::EVENTS, Some(ns), None)
                .await?;
            (events, rv, None)
        }
        Source::Cluster(Scope::Namespace(ns)) => {
            let (events, rv) = cluster
                .list_versioned::<Event>(&Resource::EVENTS, Some(ns), None)
                .await?;
            (events, rv, None)
        }
        Source::Cluster(scope) => match cluster
            .list_versioned::<Event>(&Resource::EVENTS, None, None)
            .await
        {
            Ok((events, rv)) => (events, rv, None),
            Err(e) if e.is_forbidden() => {
                let listed = scope
                    .list::<Event>(cluster, &Resource::EVENTS, None)
                    .await?;
                (listed.items, String::new(), listed.fell_back_to)
            }
            Err(e) => return Err(e),
        },
    };
    Ok((
        events
            .iter()
            .map(|e| events::view(e, attribution))
            .collect(),
        rv,
        fell_back,
    ))
}

/// Watches from `rv` for ever: re-watches when the server ends a stream, re-lists when the
/// history it would resume from is gone (410), printing only what was not printed yet.
async fn follow(
    cluster: &Cluster,
    source: &Source,
    attribution: &Attribution,
    filter: &EventFilter,
    rv: &mut String,
    printer: &mut Printer<'_>,
) -> Result<()> {
    #[derive(Deserialize)]
    struct WatchEvent {
        #[serde(rename = "type")]
        type_: String,
        object: serde_json::Value,
    }
    let namespace = match source {
        Source::Namespace(ns) | Source::Cluster(Scope::Namespace(ns)) => Some(ns.as_str()),
        Source::Cluster(_) => None,
    };
    let base = Resource::EVENTS.path(namespace);
    loop {
        let path = format!("{base}?watch=1&allowWatchBookmarks=true&resourceVersion={rv}");
        let mut expired = false;
        let mut delivered = false;
        match cluster.stream("watch events", &path).await {
            Err(Error::Server { code: 410, .. }) => expired = true,
            Err(e) => return Err(e),
            Ok(mut stream) => {
                while let Some(line) = stream.next_line().await? {
                    if line.trim().is_empty() {
                        continue;
                    }
                    delivered = true;
                    let ev: WatchEvent =
                        serde_json::from_str(&line).map_err(|e| Error::BadResponse {
                            what: "watch events".into(),
                            detail: e.to_string(),
                        })?;
                    if let Some(v) = ev.object["metadata"]["resourceVersion"].as_str() {
                        *rv = v.to_string();
                    }
                    match ev.type_.as_str() {
                        "ERROR" if ev.object["code"] == 410 => {
                            expired = true;
                            break;
                        }
                        "ERROR" => {
                            return Err(Error::Server {
                                code: ev.object["code"]
                                    .as_u64()
                                    .and_then(|c| u16::try_from(c).ok())
                                    .unwrap_or(500),
                                what: "watch events".into(),
                                attempts: 1,
                                message: ev.object["message"]
                                    .as_str()
                                    .unwrap_or_default()
                                    .to_string(),
                            });
                        }
                        "ADDED" | "MODIFIED" => {
                            let event: Event = serde_json::from_value(ev.object).map_err(|e| {
                                Error::BadResponse {
                                    what: "watch events".into(),
                                    detail: e.to_string(),
                                }
                            })?;
                            let view = events::view(&event, attribution);
                            if filter.admits(&view)
                                && printer.print(std::slice::from_ref(&view)).is_err()
                            {
                                return Ok(());
                            }
                        }
                        _ => {} // BOOKMARK, DELETED: only the resourceVersion matters
                    }
                }
            }
        }
        if !expired && !delivered {
            // A watch that ends before saying anything (a proxy cutting it, say): ask again,
            // but not in a tight loop.
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        if expired {
            let (mut views, list_rv, _) = list_events(cluster, source, attribution).await?;
            views.retain(|v| filter.admits(v));
            events::sort(&mut views);
            if printer.print(&views).is_err() {
                return Ok(());
            }
            *rv = list_rv;
        }
    }
}

/// Prints events as they come, each (uid, resourceVersion) once: an update to an event prints
/// again, a re-listed unchanged one does not.
struct Printer<'a> {
    out: &'a mut dyn Write,
    output: OutputOptions,
    multi_namespace: bool,
    headers_done: bool,
    seen: HashMap<String, String>,
}

impl Printer<'_> {
    fn print(&mut self, views: &[EventView]) -> std::io::Result<()> {
        let fresh: Vec<EventView> = views
            .iter()
            .filter(|v| self.seen.get(&v.uid) != Some(&v.resource_version))
            .cloned()
            .collect();
        for v in &fresh {
            self.seen.insert(v.uid.clone(), v.resource_version.clone());
        }
        if fresh.is_empty() {
            return Ok(());
        }
        let text = match self.output.format {
            OutputFormat::Json => fresh
                .iter()
                .map(|v| serde_json::to_string(v).unwrap_or_default() + "\n")
                .collect(),
            OutputFormat::Yaml => fresh
                .iter()
                .map(|v| format!("---\n{}", serde_saphyr::to_string(v).unwrap_or_default()))
                .collect(),
            OutputFormat::Table | OutputFormat::Wide => {
                let headers = !self.output.no_headers && !self.headers_done;
                self.headers_done = true;
                table(&fresh, self.multi_namespace).render(headers, self.output.color)
            }
        };
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

fn table(views: &[EventView], with_namespace: bool) -> Table {
    let now = jiff::Timestamp::now();
    let mut headers = Vec::new();
    if with_namespace {
        headers.push("NAMESPACE");
    }
    headers.extend([
        "LAST SEEN",
        "TYPE",
        "REASON",
        "BOT",
        "OBJECT",
        "COUNT",
        "MESSAGE",
    ]);
    let mut t = Table::new(headers);
    for v in views {
        let mut row = Vec::new();
        if with_namespace {
            row.push((v.namespace.clone(), Tone::Plain));
        }
        row.push((age(v.time, now), Tone::Plain));
        row.push((
            v.type_.clone(),
            if v.type_ == "Warning" {
                Tone::Warn
            } else {
                Tone::Plain
            },
        ));
        row.push((v.reason.clone(), Tone::Plain));
        row.push((v.bot.clone().unwrap_or_else(|| "-".into()), Tone::Plain));
        row.push((v.object.display(), Tone::Plain));
        row.push((v.count.to_string(), Tone::Plain));
        row.push((v.message.clone(), Tone::Plain));
        t.row(row);
    }
    t
}
