//! `claw events [BOT] [-w]`: the events of the control plane's and bots' namespaces (or of one
//! bot's objects), oldest first by the time `kubectl events` uses; `-w` then streams new and
//! updated ones, re-listing after a watch expires (410) without printing anything twice.

use std::collections::HashMap;
use std::time::Duration;

use clap::Args;
use k8s_openapi::api::core::v1::Event;

use crate::cluster::watch::{Change, Follow, WatchEvent};
use crate::cluster::{Cluster, Resource, Scope};
use crate::context::Context;
use crate::context::many;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::events::{self, Attribution, EventFilter, EventType, EventView};
use crate::fleet::inventory;
use crate::fleet::selection;
use crate::output::gathered::Gathered;
use crate::output::{Io, OutputFormat, OutputOptions, Render, Table, Tone, age};

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only the events of this bot's objects (NAME or NAMESPACE/NAME)
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
    pub bot: Option<String>,

    /// Only these event types
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "TYPE",
        ignore_case = true
    )]
    pub types: Vec<EventType>,

    /// Only events newer than this (e.g. 10m, 2h)
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub since: Option<Duration>,

    /// After listing, stream new and updated events until interrupted
    #[arg(short = 'w', long)]
    pub watch: bool,
}

/// Where the events come from: one LIST (and one watch) either cluster-wide or in one namespace.
enum Source {
    Cluster(Scope),
    Namespace(String),
}

pub async fn run(ctx: &Context, args: &EventsArgs, io: &mut Io<'_>) -> Result<Exit> {
    if args.watch {
        ctx.one_only("events -w")?;
        return watch(ctx, args, io).await;
    }
    many::each(ctx, EventList::KIND, io, |c| async move {
        let l = list(&c, args).await?;
        let list = EventList {
            items: l.views,
            with_namespace: l.multi_namespace,
            now: c.now(),
            warnings: l.warnings,
        };
        Gathered::of(&list, &c.output, list.warnings.clone(), Exit::Ok)
    })
    .await
}

/// The events asked for, listed and filtered, with what a watch needs to go on from there.
struct Listing {
    cluster: Cluster,
    source: Source,
    attribution: Attribution,
    filter: EventFilter,
    views: Vec<EventView>,
    rv: String,
    fell_back: bool,
    multi_namespace: bool,
    warnings: Vec<String>,
}

async fn list(ctx: &Context, args: &EventsArgs) -> Result<Listing> {
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    let mut warnings = inventory.warnings.clone();
    let everyone: Vec<&Bot> = inventory.all();
    let attribution = Attribution::new(&everyone);
    let mut filter = EventFilter {
        types: args.types.clone(),
        since: args.since.and_then(|d| {
            ctx.now()
                .checked_sub(jiff::SignedDuration::try_from(d).ok()?)
                .ok()
        }),
        ..Default::default()
    };
    let source = source(ctx, args, &c.scope, &everyone, &mut filter, &mut warnings)?;
    let (mut views, list_rv, fell_back) = list_events(&c.cluster, &source, &attribution).await?;
    if let Some(nss) = &fell_back {
        warnings.push(format!(
            "cannot list events across all namespaces (forbidden); showing namespaces {} only",
            nss.join(", ")
        ));
    }
    views.retain(|v| filter.admits(v));
    events::sort(&mut views);
    Ok(Listing {
        cluster: c.cluster,
        multi_namespace: matches!(source, Source::Cluster(_)),
        source,
        attribution,
        filter,
        views,
        rv: list_rv,
        fell_back: fell_back.is_some(),
        warnings,
    })
}

/// `-w`: the list, then every new or updated event as it comes, until Ctrl-C.
async fn watch(ctx: &Context, args: &EventsArgs, io: &mut Io<'_>) -> Result<Exit> {
    let Listing {
        cluster,
        source,
        attribution,
        filter,
        views,
        rv: list_rv,
        fell_back,
        multi_namespace,
        warnings,
    } = list(ctx, args).await?;
    io.warn_all(&warnings);
    if fell_back {
        return Err(crate::cluster::watch::needs_cluster_wide_list(Some(
            "events",
        )));
    }
    let mut printer = Printer {
        io,
        output: ctx.output,
        multi_namespace,
        headers_done: false,
        seen: HashMap::new(),
        ctx,
    };
    if printer.print(&views).is_err() {
        return Ok(Exit::Ok); // the reader went away (`| head`)
    }
    tokio::select! {
        r = follow(&cluster, &source, &attribution, &filter, list_rv, &mut printer) => r?,
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(Exit::Ok)
}

/// One LIST (and one watch) for the events asked for: one bot's namespace, the scope's
/// namespace, or cluster-wide filtered to ClawMachine's namespaces (every namespace with -A).
fn source(
    ctx: &Context,
    args: &EventsArgs,
    scope: &Scope,
    everyone: &[&Bot],
    filter: &mut EventFilter,
    warnings: &mut Vec<String>,
) -> Result<Source> {
    if let Some(name) = &args.bot {
        let bot = selection::select_one(everyone, name, scope)?;
        filter.bot = Some((bot.namespace.clone(), bot.name.clone()));
        return Ok(Source::Namespace(bot.namespace.clone()));
    }
    if let Some(ns) = scope.namespace() {
        return Ok(Source::Namespace(ns.to_string()));
    }
    if !ctx.scope.all_namespaces {
        let mut namespaces: Vec<String> = everyone.iter().map(|b| b.namespace.clone()).collect();
        namespaces.sort();
        namespaces.dedup();
        if namespaces.is_empty() {
            warnings.push(
                "no ClawMachine control plane or bots found; pass -A for every namespace's events"
                    .into(),
            );
        }
        filter.namespaces = Some(namespaces);
    }
    Ok(Source::Cluster(scope.clone()))
}

/// The events found, and how to show them.
pub struct EventList {
    pub items: Vec<EventView>,
    pub warnings: Vec<String>,
    pub with_namespace: bool,
    pub now: jiff::Timestamp,
}

impl Render for EventList {
    const KIND: &'static str = "EventList";
    type Body<'a> = super::documents::EventListBody<'a>;

    fn body(&self) -> Self::Body<'_> {
        super::documents::EventListBody {
            items: &self.items,
            warnings: &self.warnings,
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        table(&self.items, self.with_namespace, self.now)
            .render_nonempty(!output.no_headers, output.color)
    }

    fn nothing_found(&self) -> String {
        "no events found".to_string()
    }

    fn tables(&self, _output: &OutputOptions) -> Option<Vec<Table>> {
        Some(vec![table(&self.items, self.with_namespace, self.now)])
    }
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

/// Follows the events from `rv` for ever, on the watch follower every live view shares
/// (`cluster::watch::Follow`: re-watches when the server ends a stream, re-lists when the
/// history is gone, reconnects with back-off when the API server goes away), printing only
/// what was not printed yet. Ends when the reader goes away.
async fn follow(
    cluster: &Cluster,
    source: &Source,
    attribution: &Attribution,
    filter: &EventFilter,
    rv: String,
    printer: &mut Printer<'_, '_>,
) -> Result<()> {
    let namespace = match source {
        Source::Namespace(ns) | Source::Cluster(Scope::Namespace(ns)) => Some(ns.as_str()),
        Source::Cluster(_) => None,
    };
    let mut follow = Follow::new(cluster, Resource::EVENTS, namespace, None, rv);
    loop {
        let objects = match follow.next().await? {
            Change::Event(WatchEvent::Added(o) | WatchEvent::Modified(o)) => vec![o],
            // Only the resourceVersion matters.
            Change::Event(_) => continue,
            Change::Relisted(objects) => objects,
            Change::Interrupted(why) => {
                printer
                    .io
                    .warn(&format!("lost the API server ({why}); watching again"));
                continue;
            }
        };
        let mut views = Vec::new();
        for o in objects {
            let event: Event = serde_json::from_value(o).map_err(|e| Error::BadResponse {
                what: "watch events".into(),
                detail: e.to_string(),
            })?;
            let view = events::view(&event, attribution);
            if filter.admits(&view) {
                views.push(view);
            }
        }
        events::sort(&mut views);
        if printer.print(&views).is_err() {
            return Ok(()); // the reader went away (`| head`)
        }
    }
}

/// Prints events as they come, each (uid, resourceVersion) once: an update to an event prints
/// again, a re-listed unchanged one does not.
struct Printer<'a, 'b> {
    io: &'a mut Io<'b>,
    output: OutputOptions,
    multi_namespace: bool,
    headers_done: bool,
    seen: HashMap<String, String>,
    /// Tells the time at each print (ages move on while following).
    ctx: &'a Context,
}

impl Printer<'_, '_> {
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
                let now = self.ctx.now();
                table(&fresh, self.multi_namespace, now).render(headers, self.output.color)
            }
        };
        self.io.print(&crate::redact::text(&text))
    }
}

fn table(views: &[EventView], with_namespace: bool, now: jiff::Timestamp) -> Table {
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
            v.event_type.as_str().to_string(),
            match v.event_type {
                EventType::Warning => Tone::Warn,
                EventType::Normal => Tone::Plain,
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
