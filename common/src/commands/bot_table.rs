//! How bots are shown: the table rows (default and wide) and the json/yaml item. Shared by
//! `status` and `bots` so both always agree.

use serde::Serialize;

use crate::bot::{Bot, ReleaseView};
use crate::cluster::Scope;
use crate::health::Probe;
use crate::output::{OutputFormat, OutputOptions, Table, Tone, age};
use crate::pod_status::PodView;

/// Which optional columns a table has.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    pub namespace: bool,
    /// HEALTH, from probes (`-` where a bot was not probed).
    pub health: bool,
}

/// The table of `rows` for `scope` (NAMESPACE only across namespaces), or a note that there
/// are none.
pub fn render(
    rows: &[(&Bot, Option<&Probe>)],
    scope: &Scope,
    output: OutputOptions,
    health: bool,
    warnings: &mut Vec<String>,
) -> String {
    let columns = Columns {
        namespace: scope.namespace().is_none(),
        health,
    };
    table(rows, output.format, columns, jiff::Timestamp::now())
        .render_nonempty(!output.no_headers, output.color)
        .unwrap_or_else(|| {
            warnings.push(format!("no bots found in {}", scope.describe()));
            String::new()
        })
}

pub fn table(
    rows: &[(&Bot, Option<&Probe>)],
    format: OutputFormat,
    columns: Columns,
    now: jiff::Timestamp,
) -> Table {
    let wide = format == OutputFormat::Wide;
    let mut headers = Vec::new();
    if columns.namespace {
        headers.push("NAMESPACE");
    }
    headers.extend(["NAME", "TYPE", "STATUS", "READY", "RESTARTS"]);
    if columns.health {
        headers.push("HEALTH");
    }
    headers.extend(["CHART", "UPGRADE"]);
    if wide {
        headers.extend([
            "APP VERSION",
            "REVISION",
            "RELEASE",
            "PODS",
            "DATABASE",
            "UPDATED",
        ]);
    }
    headers.push("AGE");
    let mut t = Table::new(headers);
    for (bot, probe) in rows {
        let (ready, want) = bot.ready();
        let status = bot.status();
        let mut row = Vec::new();
        if columns.namespace {
            row.push(plain(&bot.namespace));
        }
        row.push(plain(&bot.name));
        row.push(plain(bot.type_name()));
        row.push((status.clone(), tone_of(bot, &status)));
        row.push((
            format!("{ready}/{want}"),
            if ready >= want {
                Tone::Plain
            } else {
                Tone::Warn
            },
        ));
        row.push(plain(&bot.restarts().to_string()));
        if columns.health {
            row.push(match probe {
                Some(p) => (
                    p.outcome.summary(),
                    if p.healthy { Tone::Good } else { Tone::Bad },
                ),
                None => plain("-"),
            });
        }
        row.push(plain(
            &bot.release
                .chart_ref()
                .unwrap_or_else(|| "<unknown>".into()),
        ));
        row.push(match crate::lifecycle::available_upgrade(bot) {
            Some(v) => (v.to_string(), Tone::Warn),
            None => plain("-"),
        });
        if wide {
            let r = &bot.release;
            row.push(plain(r.app_version.as_deref().unwrap_or("<none>")));
            row.push(plain(
                &r.revision.map_or("<none>".into(), |v| v.to_string()),
            ));
            row.push(plain(&r.state));
            row.push(plain(&bot.pods_state()));
            row.push(plain(
                &bot.database_summary().unwrap_or_else(|| "<none>".into()),
            ));
            row.push(plain(&age(r.last_deployed, now)));
        }
        row.push(plain(&age(bot.created, now)));
        t.row(row);
    }
    t
}

fn plain(s: &str) -> (String, Tone) {
    (s.to_string(), Tone::Plain)
}

fn tone_of(bot: &Bot, status: &str) -> Tone {
    if bot.is_healthy() {
        return Tone::Good;
    }
    let bad_release = !matches!(
        bot.release.state.as_str(),
        ReleaseView::DEPLOYED | ReleaseView::UNKNOWN
    ) && !bot.release.state.starts_with("pending");
    let bad_pods = status.contains("BackOff")
        || status.contains("Err")
        || status.contains("Error")
        || status.contains("ExitCode")
        || status.contains("OOMKilled");
    if bad_release || bad_pods {
        Tone::Bad
    } else {
        Tone::Warn
    }
}

/// One bot in json/yaml. Field names are part of the documented, stable document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BotItem<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    pub status: String,
    pub healthy: bool,
    pub ready: Ready,
    pub restarts: i64,
    pub release: &'a ReleaseView,
    /// The embedded chart version, when newer than the release's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<&'static str>,
    /// `null` when pods could not be read.
    pub pods: Option<Pods<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<Pods<'a>>,
    pub created: Option<jiff::Timestamp>,
    /// The health probe's finding; absent when not probed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<&'a Probe>,
}

#[derive(Serialize)]
pub struct Ready {
    pub ready: usize,
    pub desired: usize,
}

#[derive(Serialize)]
pub struct Pods<'a> {
    pub state: String,
    pub items: &'a [PodView],
}

impl<'a> BotItem<'a> {
    pub fn with_health(bot: &'a Bot, health: Option<&'a Probe>) -> BotItem<'a> {
        BotItem {
            health,
            ..BotItem::of(bot)
        }
    }

    pub fn of(bot: &'a Bot) -> BotItem<'a> {
        let (ready, desired) = bot.ready();
        BotItem {
            namespace: &bot.namespace,
            name: &bot.name,
            type_name: bot.type_name(),
            status: bot.status(),
            healthy: bot.is_healthy(),
            ready: Ready { ready, desired },
            restarts: bot.restarts(),
            release: &bot.release,
            upgrade: crate::lifecycle::available_upgrade(bot),
            pods: bot.pods.as_deref().map(|items| Pods {
                state: bot.pods_state(),
                items,
            }),
            database: (!bot.database.is_empty()).then(|| Pods {
                state: bot.database_summary().unwrap_or_default(),
                items: &bot.database,
            }),
            created: bot.created,
            health: None,
        }
    }
}
