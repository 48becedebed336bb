//! How bots are shown: the table rows (default and wide) and the json/yaml item. Shared by
//! `status` and `bots` so both always agree. Colours come from the bot's [`BotState`] severity.

use serde::Serialize;

use crate::fleet::bot::{Bot, BotState, ReleaseInfo, Severity};
use crate::fleet::pods::PodSummary;
use crate::fleet::probe::Probe;
use crate::output::{OutputOptions, Table, Tone, age};

/// One bot with what was found about it: its state, its health probe (when probed) and the
/// chart version it could move to (when newer).
pub struct BotRow<'a> {
    pub bot: &'a Bot,
    pub state: BotState,
    pub probe: Option<&'a Probe>,
    pub upgrade: Option<String>,
}

impl<'a> BotRow<'a> {
    pub fn new(bot: &'a Bot, probe: Option<&'a Probe>, upgrade: Option<String>) -> BotRow<'a> {
        BotRow {
            bot,
            state: bot.state(),
            probe,
            upgrade,
        }
    }
}

/// Joins bots with their probes (in the same order) and the upgrade open to each.
pub fn rows<'a>(
    bots: &[&'a Bot],
    probes: &'a [Option<Probe>],
    upgrade_of: impl Fn(&Bot) -> Option<String>,
) -> Vec<BotRow<'a>> {
    bots.iter()
        .zip(probes)
        .map(|(b, p)| BotRow::new(b, p.as_ref(), upgrade_of(b)))
        .collect()
}

/// Bots as a table: the rows, which columns they have, and where nothing was found.
pub struct BotTable<'a> {
    pub rows: Vec<BotRow<'a>>,
    pub columns: Columns,
    /// "any namespace", "namespace \"x\"", for the note when there are no rows.
    pub scope: String,
    /// The time ages are told from (the context's clock).
    pub now: jiff::Timestamp,
}

impl BotTable<'_> {
    /// The table, or `None` when there are no rows.
    pub fn text(&self, output: &OutputOptions) -> Option<String> {
        self.table(output)
            .render_nonempty(!output.no_headers, output.color)
    }

    pub fn table(&self, output: &OutputOptions) -> Table {
        table(&self.rows, output.is_wide(), self.columns, self.now)
    }

    pub fn nothing_found(&self) -> String {
        format!("no bots found in {}", self.scope)
    }

    /// Every row as its json/yaml item.
    pub fn items(&self) -> Vec<BotItem<'_>> {
        self.rows
            .iter()
            .map(|row| BotItem::of(row, self.now))
            .collect()
    }
}

/// Which optional columns a table has.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// NAMESPACE, left out when one namespace is shown (as kubectl does).
    pub namespace: bool,
    /// HEALTH, from probes (`-` where a bot was not probed).
    pub health: bool,
}

pub fn table(rows: &[BotRow], wide: bool, columns: Columns, now: jiff::Timestamp) -> Table {
    let mut t = Table::new(headers(wide, columns));
    for row in rows {
        t.row(cells(row, wide, columns, now));
    }
    t
}

fn headers(wide: bool, columns: Columns) -> Vec<&'static str> {
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
    headers
}

fn cells(row: &BotRow, wide: bool, columns: Columns, now: jiff::Timestamp) -> Vec<(String, Tone)> {
    let bot = row.bot;
    let (ready, want) = bot.ready();
    let mut cells = Vec::new();
    if columns.namespace {
        cells.push(plain(&bot.namespace));
    }
    cells.push(plain(&bot.name));
    cells.push(plain(bot.type_name()));
    cells.push((row.state.status(), tone(row.state.severity())));
    let short = if ready >= want {
        Tone::Plain
    } else {
        Tone::Warn
    };
    cells.push((format!("{ready}/{want}"), short));
    cells.push(plain(&bot.restarts().to_string()));
    if columns.health {
        cells.push(match row.probe {
            Some(p) => (
                p.outcome.summary(),
                if p.healthy { Tone::Good } else { Tone::Bad },
            ),
            None => plain("-"),
        });
    }
    cells.push(plain(
        &bot.release
            .chart_ref()
            .unwrap_or_else(|| "<unknown>".into()),
    ));
    cells.push(match &row.upgrade {
        Some(v) => (v.clone(), Tone::Warn),
        None => plain("-"),
    });
    if wide {
        cells.extend(wide_cells(row, now));
    }
    cells.push(plain(&age(bot.created, now)));
    cells
}

fn wide_cells(row: &BotRow, now: jiff::Timestamp) -> Vec<(String, Tone)> {
    let r = &row.bot.release;
    vec![
        plain(r.app_version.as_deref().unwrap_or("<none>")),
        plain(&r.revision.map_or("<none>".into(), |v| v.to_string())),
        match r.pending_since() {
            Some(since) => (
                format!("{} for {}", r.state, age(Some(since), now)),
                Tone::Warn,
            ),
            None => plain(r.state.as_str()),
        },
        plain(row.state.pods.as_str()),
        plain(
            &row.bot
                .database_summary()
                .unwrap_or_else(|| "<none>".into()),
        ),
        plain(&age(r.last_deployed, now)),
    ]
}

fn plain(s: &str) -> (String, Tone) {
    (s.to_string(), Tone::Plain)
}

/// The colour of a severity.
pub fn tone(severity: Severity) -> Tone {
    match severity {
        Severity::Good => Tone::Good,
        Severity::Warn => Tone::Warn,
        Severity::Bad => Tone::Bad,
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
    pub release: &'a ReleaseInfo,
    /// The chart version it could move to, when newer than the release's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<&'a str>,
    /// `null` when pods could not be read.
    pub pods: Option<Pods<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<Pods<'a>>,
    pub created: Option<jiff::Timestamp>,
    /// The health probe's finding; absent when not probed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<&'a Probe>,
    /// Seconds a `pending-*` release has been pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_seconds: Option<i64>,
}

#[derive(Serialize)]
pub struct Ready {
    pub ready: usize,
    pub desired: usize,
}

#[derive(Serialize)]
pub struct Pods<'a> {
    pub state: String,
    pub items: &'a [PodSummary],
}

impl<'a> BotItem<'a> {
    /// `now`: the time the pending duration is told from.
    pub fn of(row: &'a BotRow<'a>, now: jiff::Timestamp) -> BotItem<'a> {
        let bot = row.bot;
        let (ready, desired) = bot.ready();
        BotItem {
            namespace: &bot.namespace,
            name: &bot.name,
            type_name: bot.type_name(),
            status: row.state.status(),
            healthy: row.state.is_healthy(),
            ready: Ready { ready, desired },
            restarts: bot.restarts(),
            release: &bot.release,
            upgrade: row.upgrade.as_deref(),
            pods: bot.pods.as_deref().map(|items| Pods {
                state: row.state.pods.as_str().to_string(),
                items,
            }),
            database: (!bot.database.is_empty()).then(|| Pods {
                state: bot.database_summary().unwrap_or_default(),
                items: &bot.database,
            }),
            created: bot.created,
            health: row.probe,
            pending_seconds: bot
                .release
                .pending_since()
                .map(|since| now.as_second() - since.as_second()),
        }
    }
}
