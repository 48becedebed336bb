//! `status -w` and `bots -w`: the view, redrawn when the cluster changes. On a terminal the table
//! is redrawn in place (on the alternate screen, given back on exit); otherwise each change
//! prints a new table, or one JSON document per line with `-o json`. A change is shown once:
//! changes that arrive together are drawn together (at most four frames a second), and a frame
//! equal to the last is not drawn. Ctrl-C ends it with exit 0.

use std::io::IsTerminal;
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use crate::cluster::Connected;
use crate::context::Context;
use crate::context::many;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::inventory::{DiscoverOptions, Inventory};
use crate::output::gathered::Gathered;
use crate::output::{Io, OutputFormat, render_redacted};
use crate::watch::live::{Live, Update};

/// How long to wait for more changes before drawing.
const SETTLE: Duration = Duration::from_millis(150);
/// The least time between two frames.
const FRAME_GAP: Duration = Duration::from_millis(250);

const ALTERNATE_SCREEN: &str = "\x1b[?1049h";
const MAIN_SCREEN: &str = "\x1b[?1049l";
const HOME_AND_CLEAR: &str = "\x1b[H\x1b[2J";

/// Follows every context of `ctx` and redraws `view` of them until Ctrl-C.
pub async fn run<V>(
    ctx: &Context,
    kind: &'static str,
    opts: DiscoverOptions,
    view: V,
    io: &mut Io<'_>,
) -> Result<Exit>
where
    V: Fn(&Context, &Connected, &Inventory) -> Result<Gathered>,
{
    let names = ctx.many()?;
    let mut contexts: Vec<(String, Context)> = match &names {
        None => vec![(String::new(), ctx.clone())],
        Some(names) => names
            .iter()
            .map(|n| (n.clone(), ctx.for_context(n)))
            .collect(),
    };
    for (_, c) in &mut contexts {
        c.output.live = true;
    }
    let connected = futures::future::join_all(contexts.iter().map(|(_, c)| c.connect())).await;
    let mut clusters = Vec::new();
    for ((name, c), conn) in contexts.iter().zip(connected) {
        // With one context its errors are the run's; with several, each is a line.
        let conn = if names.is_none() { Ok(conn?) } else { conn };
        clusters.push(Watched {
            name: name.clone(),
            ctx: c,
            conn,
        });
    }
    let views = Views {
        clusters: &clusters,
        many: names.is_some(),
        kind,
        view: &view,
        ctx,
    };
    let (lives, failed) = views.start(&opts).await?;
    for (i, e) in &failed {
        let _ = writeln!(io.err, "error: context \"{}\": {e}", clusters[*i].name);
    }
    if lives.is_empty() {
        return Ok(failed
            .iter()
            .map(|(_, e)| e.exit())
            .max()
            .unwrap_or(Exit::Failed));
    }
    follow(&views, lives, &failed, io).await
}

/// One context to follow: its name, its context and connection.
struct Watched<'c> {
    name: String,
    ctx: &'c Context,
    conn: Result<Connected>,
}

/// How frames are made: every context's view of its live inventory.
struct Views<'v, 'c, V> {
    clusters: &'v [Watched<'c>],
    many: bool,
    kind: &'static str,
    view: &'v V,
    ctx: &'v Context,
}

impl<'v, 'c, V> Views<'v, 'c, V>
where
    V: Fn(&Context, &Connected, &Inventory) -> Result<Gathered>,
{
    /// Lists every connected context; those that fail are kept apart (by index) with why.
    async fn start(
        &self,
        opts: &DiscoverOptions,
    ) -> Result<(Vec<(usize, Live<'v>)>, Vec<(usize, Error)>)> {
        let started = futures::future::join_all(self.clusters.iter().map(|c| async {
            match &c.conn {
                Ok(conn) => Live::start(conn, opts.clone()).await,
                Err(e) => Err(Error::Other(e.to_string())),
            }
        }))
        .await;
        let (mut lives, mut failed) = (Vec::new(), Vec::new());
        for (i, live) in started.into_iter().enumerate() {
            match live {
                Ok(l) => lives.push((i, l)),
                Err(e) if !self.many => return Err(e),
                Err(e) => failed.push((i, e)),
            }
        }
        Ok((lives, failed))
    }

    fn frame(&self, lives: &[(usize, Live)], failed: &[(usize, Error)]) -> Result<Frame> {
        let answers: Vec<(String, Result<Gathered>)> = self
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let answer = match (lives.iter().find(|(j, _)| *j == i), &c.conn) {
                    (Some((_, live)), Ok(conn)) => live
                        .inventory()
                        .and_then(|inv| (self.view)(c.ctx, conn, &inv)),
                    _ => Err(failed
                        .iter()
                        .find(|(j, _)| *j == i)
                        .map(|(_, e)| Error::Other(e.to_string()))
                        .unwrap_or_else(|| Error::Other("not followed".into()))),
                };
                (c.name.clone(), answer)
            })
            .collect();
        Frame::of(&answers, self.kind, self.ctx, self.many)
    }
}

/// Draws the first frame, then a frame after each settled change, until Ctrl-C.
async fn follow<V>(
    views: &Views<'_, '_, V>,
    mut lives: Vec<(usize, Live<'_>)>,
    failed: &[(usize, Error)],
    io: &mut Io<'_>,
) -> Result<Exit>
where
    V: Fn(&Context, &Connected, &Inventory) -> Result<Gathered>,
{
    let mut screen = Screen::new(views.ctx.output.format, io);
    let mut last = views.frame(&lives, failed)?;
    screen.warn_once(&last.warnings);
    if !screen.show(&last) {
        return Ok(Exit::Ok);
    }
    let mut draw_at: Option<Instant> = None;
    let mut last_drawn = Instant::now();
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);
    loop {
        let next_change = futures::future::select_all(
            lives
                .iter_mut()
                .map(|(i, live)| Box::pin(async move { (*i, live.next().await) })),
        );
        let woke = tokio::select! {
            _ = &mut interrupt => Woke::Interrupted,
            _ = async { tokio::time::sleep_until(draw_at.unwrap_or_else(Instant::now)).await }, if draw_at.is_some() => Woke::Draw,
            ((i, update), _, _) = next_change => Woke::Changed(i, update),
        };
        match woke {
            Woke::Interrupted => break,
            Woke::Draw => {
                draw_at = None;
                last_drawn = Instant::now();
                let frame = views.frame(&lives, failed)?;
                if frame.key != last.key {
                    if !screen.show(&frame) {
                        break;
                    }
                    last = frame;
                }
            }
            Woke::Changed(_, Ok(Update::Objects)) => {
                draw_at.get_or_insert((Instant::now() + SETTLE).max(last_drawn + FRAME_GAP));
            }
            Woke::Changed(i, Ok(Update::Lost(why))) => screen.note(&views.lost(i, &why)),
            Woke::Changed(_, Err(e)) => {
                screen.restore();
                return Err(e);
            }
        }
    }
    screen.restore();
    Ok(Exit::Ok)
}

impl<V> Views<'_, '_, V> {
    /// What to say when context `i` lost its API server.
    fn lost(&self, i: usize, why: &str) -> String {
        let whose = match self.many {
            true => format!(" of context \"{}\"", self.clusters[i].name),
            false => String::new(),
        };
        format!("lost the API server{whose} ({why}); reconnecting")
    }
}

/// What ended a wait.
enum Woke {
    Interrupted,
    Draw,
    /// Context `.0` changed (or lost its API server, or failed).
    Changed(usize, Result<Update>),
}

/// One frame: what is shown, and what decides whether it changed.
struct Frame {
    text: String,
    /// What decides whether a frame changed: its document, or its table.
    key: String,
    warnings: Vec<String>,
}

impl Frame {
    fn of(
        answers: &[(String, Result<Gathered>)],
        kind: &'static str,
        ctx: &Context,
        many: bool,
    ) -> Result<Frame> {
        if let (false, Err(e)) = (many, &answers[0].1) {
            return Err(Error::Other(e.to_string()));
        }
        let doc = || -> Value {
            match &answers[0].1 {
                Ok(g) if !many => g.document(),
                _ => many::document(answers, kind),
            }
        };
        // Frames are told apart by what they show: the document, or the table's text.
        let (text, key) = match ctx.output.format {
            OutputFormat::Json => {
                let line = serde_json::to_string(&doc()).unwrap_or_default();
                (format!("{line}\n"), line)
            }
            OutputFormat::Yaml => {
                let text = format!("---\n{}", render_redacted(OutputFormat::Yaml, &doc())?);
                (text.clone(), text)
            }
            _ => {
                let text = if many {
                    many::frame(answers, kind, &ctx.output)?.unwrap_or_default()
                } else {
                    answers[0]
                        .1
                        .as_ref()
                        .map(|g| {
                            g.text
                                .clone()
                                .unwrap_or_else(|| format!("{}\n", g.nothing_found))
                        })
                        .unwrap_or_default()
                };
                (text.clone(), text)
            }
        };
        Ok(Frame {
            text: crate::output::redacted(ctx.output.format, &text),
            key,
            warnings: Frame::warnings(answers, many),
        })
    }

    /// Every context's warnings, each named by its context when there are several.
    fn warnings(answers: &[(String, Result<Gathered>)], many: bool) -> Vec<String> {
        answers
            .iter()
            .filter_map(|(n, a)| a.as_ref().ok().map(|g| (n, g)))
            .flat_map(|(n, g)| {
                g.warnings.iter().map(move |w| {
                    if many {
                        format!("context \"{n}\": {w}")
                    } else {
                        w.clone()
                    }
                })
            })
            .collect()
    }
}

/// Where frames go: redrawn in place on a terminal, one after the other elsewhere.
struct Screen<'i, 'o> {
    io: &'i mut Io<'o>,
    in_place: bool,
    entered: bool,
    drawn: usize,
    warned: bool,
}

impl<'i, 'o> Screen<'i, 'o> {
    fn new(format: OutputFormat, io: &'i mut Io<'o>) -> Screen<'i, 'o> {
        Screen {
            in_place: matches!(format, OutputFormat::Table | OutputFormat::Wide)
                && std::io::stdout().is_terminal(),
            io,
            entered: false,
            drawn: 0,
            warned: false,
        }
    }

    fn warn_once(&mut self, warnings: &[String]) {
        if !self.warned {
            self.io.warn_all(warnings);
            self.warned = true;
        }
    }

    fn note(&mut self, message: &str) {
        self.io.warn(message);
    }

    /// Draws `frame`; `false` when whoever read the output went away.
    fn show(&mut self, frame: &Frame) -> bool {
        let text = if self.in_place {
            let enter = if self.entered { "" } else { ALTERNATE_SCREEN };
            self.entered = true;
            format!("{enter}{HOME_AND_CLEAR}{}", frame.text)
        } else if self.drawn > 0 && !frame.text.starts_with("---") && !frame.text.starts_with('{') {
            format!("\n{}", frame.text)
        } else {
            frame.text.clone()
        };
        self.drawn += 1;
        self.io.print(&text).is_ok()
    }

    /// Gives the terminal back as it was.
    fn restore(&mut self) {
        if self.entered {
            let _ = self.io.print(MAIN_SCREEN);
            self.entered = false;
        }
    }
}
