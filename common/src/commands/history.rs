//! `claw history BOT`: the revisions of one bot's release, oldest first, as `helm history`
//! shows them (REVISION, UPDATED, STATUS, CHART, APP VERSION, DESCRIPTION), plus the claw
//! upgrade run that made each (RUN). Read from the release storage claw decodes itself (one
//! LIST of the release's records), so no Helm runs.

use clap::Args;

use super::documents::{HistoryBody, HistoryEntry};
use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::fleet::inventory::{self, DiscoverOptions};
use crate::fleet::selection;
use crate::output::{Io, OutputOptions, Render, Table, Tone, render};
use crate::releases::history;
use crate::releases::storage::ReleaseRecord;
use crate::upgrade::rollback;

#[derive(Debug, Args)]
#[command(
    after_help = "BOT is NAME or NAMESPACE/NAME. Times are in the local time zone (TZ), as Helm shows them."
)]
pub struct HistoryArgs {
    /// The bot (or the control plane) whose release to show
    #[arg(value_name = "BOT", value_parser = crate::fleet::selection::bot_name)]
    pub name: String,

    /// Show at most this many revisions, the newest (Helm's --max)
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub max: u32,
}

pub async fn run(ctx: &Context, args: &HistoryArgs, io: &mut Io<'_>) -> Result<Exit> {
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &DiscoverOptions::default()).await?;
    io.warn_all(&inventory.warnings);
    let bot = selection::select_one(&inventory.all(), &args.name, &c.scope)?;
    let records = history::revisions(&c, &bot.namespace, &bot.name).await?;
    let skip = records.len().saturating_sub(args.max as usize);
    let view = HistoryView {
        namespace: &bot.namespace,
        name: &bot.name,
        records: &records[skip..],
    };
    render(&view, &ctx.output, io)?;
    Ok(Exit::Ok)
}

/// One release's revisions, ready to show.
pub struct HistoryView<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub records: &'a [ReleaseRecord],
}

impl HistoryView<'_> {
    fn entries(&self) -> Vec<HistoryEntry<'_>> {
        self.records
            .iter()
            .map(|r| {
                let p = r.payload.as_ref().ok();
                HistoryEntry {
                    revision: r.revision,
                    updated: p.and_then(|p| p.last_deployed),
                    status: &r.status,
                    chart: p.map(|p| format!("{}-{}", p.chart_name, p.chart_version)),
                    app_version: p.and_then(|p| p.app_version.as_deref()),
                    description: match &r.payload {
                        Ok(p) => p.description.clone(),
                        Err(e) => format!("(record unreadable: {e})"),
                    },
                    run: rollback::run_of(r),
                }
            })
            .collect()
    }
}

/// Helm's UPDATED: `time.ANSIC` in the local time zone.
fn updated(t: Option<jiff::Timestamp>) -> String {
    t.map_or("-".to_string(), |t| {
        t.to_zoned(jiff::tz::TimeZone::system())
            .strftime("%a %b %e %H:%M:%S %Y")
            .to_string()
    })
}

impl Render for HistoryView<'_> {
    const KIND: &'static str = "ReleaseHistory";
    type Body<'b>
        = HistoryBody<'b>
    where
        Self: 'b;

    fn body(&self) -> Self::Body<'_> {
        HistoryBody {
            namespace: self.namespace,
            name: self.name,
            revisions: self.entries(),
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let mut t = Table::new(vec![
            "REVISION",
            "UPDATED",
            "STATUS",
            "CHART",
            "APP VERSION",
            "RUN",
            "DESCRIPTION",
        ]);
        for e in self.entries() {
            let tone = match e.status {
                "deployed" => Tone::Good,
                "failed" => Tone::Bad,
                s if s.starts_with("pending") => Tone::Warn,
                _ => Tone::Plain,
            };
            t.row(vec![
                (e.revision.to_string(), Tone::Plain),
                (updated(e.updated), Tone::Plain),
                (e.status.to_string(), tone),
                (e.chart.unwrap_or_else(|| "-".into()), Tone::Plain),
                (e.app_version.unwrap_or("-").to_string(), Tone::Plain),
                (
                    e.run.map_or("-".to_string(), |r| r.to_string()),
                    Tone::Plain,
                ),
                (
                    e.description.lines().next().unwrap_or_default().to_string(),
                    Tone::Plain,
                ),
            ]);
        }
        t.render_nonempty(!output.no_headers, output.color)
    }

    fn nothing_found(&self) -> String {
        format!(
            "release {}/{} has no revisions claw can read",
            self.namespace, self.name
        )
    }
}
