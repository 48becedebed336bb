//! The fleet in one view: `--context a,b` or `--all-contexts` for status, bots, health, doctor
//! and events. Each context is asked as if it were the only one (a few at once, each with its
//! own request timeout); the answers share one table with a CONTEXT column in front (or one
//! section per context when the view is not a table), and one document with a `contexts` list.
//! A context that cannot be reached or authenticated is one line with its error; the others
//! still show. The exit code is the worst of them, 3 only when none answered.

use std::future::Future;

use futures::StreamExt;
use serde_json::{Map, Value};

use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::output::gathered::Gathered;
use crate::output::{API_VERSION, Io, OutputOptions, Table, redacted, render_redacted};

/// How many contexts are asked at once.
const CONCURRENCY: usize = 4;

/// Runs `gather` on the one cluster of `ctx` and shows its answer; or, when `ctx` names several,
/// once per context, showing all the answers as one (`kind`: the document's kind).
pub async fn each<F, Fut>(
    ctx: &Context,
    kind: &'static str,
    io: &mut Io<'_>,
    gather: F,
) -> Result<Exit>
where
    F: Fn(Context) -> Fut,
    Fut: Future<Output = Result<Gathered>>,
{
    let Some(names) = ctx.many()? else {
        return Ok(gather(ctx.clone()).await?.emit(io));
    };
    let gather = &gather;
    let answers: Vec<(String, Result<Gathered>)> = futures::stream::iter(names)
        .map(|name| async move {
            let answer = gather(ctx.for_context(&name)).await;
            (name, answer)
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    show(&answers, kind, &ctx.output, io)?;
    Ok(exit(&answers))
}

/// The worst exit of the contexts that answered, a failure for each that did not; when none
/// answered, the worst of their errors (3 when none could be reached).
pub fn exit(answers: &[(String, Result<Gathered>)]) -> Exit {
    let answered = answers.iter().any(|(_, a)| a.is_ok());
    answers
        .iter()
        .map(|(_, a)| match a {
            Ok(g) => g.exit,
            Err(_) if answered => Exit::Failed,
            Err(e) => e.exit(),
        })
        .max()
        .unwrap_or(Exit::Ok)
}

fn show(
    answers: &[(String, Result<Gathered>)],
    kind: &'static str,
    output: &OutputOptions,
    io: &mut Io,
) -> Result<()> {
    for (name, answer) in answers {
        if let Ok(g) = answer {
            for w in &g.warnings {
                io.warn(&format!("context \"{name}\": {w}"));
            }
        }
    }
    if let Some(t) = frame(answers, kind, output)? {
        let _ = io.print(&t);
    }
    for (name, answer) in answers {
        if let Err(e) = answer {
            let _ = writeln!(
                io.err,
                "error: context \"{name}\": {}",
                crate::redact::text(&e.to_string())
            );
        }
    }
    Ok(())
}

/// All the answers as one text: the document, or the merged tables (or sections).
pub fn frame(
    answers: &[(String, Result<Gathered>)],
    kind: &'static str,
    output: &OutputOptions,
) -> Result<Option<String>> {
    // Secrets hidden in the format's own way (a document stays parseable).
    match output.is_document() {
        true => render_redacted(output.format, &document(answers, kind)).map(Some),
        false => Ok(text(answers, output).map(|t| redacted(output.format, &t))),
    }
}

/// `{apiVersion, kind, contexts: [{context, …each one's document}, {context, error}]}`.
pub fn document(answers: &[(String, Result<Gathered>)], kind: &'static str) -> Value {
    let contexts: Vec<Value> = answers
        .iter()
        .map(|(name, answer)| {
            let mut m = Map::new();
            m.insert("context".into(), name.clone().into());
            match answer {
                Ok(g) => m.extend(g.body.clone()),
                Err(e) => {
                    m.insert("error".into(), e.to_string().into());
                }
            }
            Value::Object(m)
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("apiVersion".into(), API_VERSION.into());
    doc.insert("kind".into(), kind.into());
    doc.insert("contexts".into(), contexts.into());
    Value::Object(doc)
}

/// One table per kind of table, rows from every context; else a section per context.
fn text(answers: &[(String, Result<Gathered>)], output: &OutputOptions) -> Option<String> {
    let ok: Vec<(&str, &Gathered)> = answers
        .iter()
        .filter_map(|(n, a)| a.as_ref().ok().map(|g| (n.as_str(), g)))
        .collect();
    if ok.is_empty() {
        return None;
    }
    if let Some(tables) = merged_tables(&ok) {
        let rendered: Vec<String> = tables
            .iter()
            .filter_map(|t| t.render_nonempty(!output.no_headers, output.color))
            .collect();
        return (!rendered.is_empty()).then(|| rendered.join("\n"));
    }
    let mut out = String::new();
    for (name, g) in ok {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("CONTEXT {name}\n"));
        out.push_str(
            g.text
                .as_deref()
                .unwrap_or(&format!("{}\n", g.nothing_found)),
        );
    }
    Some(out)
}

fn merged_tables(ok: &[(&str, &Gathered)]) -> Option<Vec<Table>> {
    let all: Vec<(&str, &Vec<Table>)> = ok
        .iter()
        .map(|(n, g)| g.tables.as_ref().map(|t| (*n, t)))
        .collect::<Option<_>>()?;
    let count = all.first()?.1.len();
    if all.iter().any(|(_, t)| t.len() != count) {
        return None;
    }
    (0..count)
        .map(|i| {
            let parts: Vec<(&str, &Table)> = all.iter().map(|(n, t)| (*n, &t[i])).collect();
            Table::merged("CONTEXT", &parts)
        })
        .collect()
}
