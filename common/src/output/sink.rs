//! Where every answer goes: the writers a command is handed (`Io`), what a result must know
//! to show itself (`Render`), and how one is shown alone.

use std::io::Write;

use serde::Serialize;

use super::document::{Document, redacted, render_redacted};
use super::format::OutputOptions;
use super::table::Table;
use crate::error::Result;

/// Where a command writes: its output, and its warnings and progress. Passed in, so a command
/// can run in-process against buffers as well as against the terminal.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

impl Io<'_> {
    /// Writes to stdout. A reader that went away (`claw status | head -1`) is no error: the
    /// caller may stop, nothing else happens.
    pub fn print(&mut self, text: &str) -> std::io::Result<()> {
        self.out
            .write_all(text.as_bytes())
            .and_then(|_| self.out.flush())
    }

    /// "warning: …" on stderr (warnings quote the cluster and Helm, so they are redacted).
    pub fn warn(&mut self, message: &str) {
        let _ = writeln!(self.err, "warning: {}", crate::redact::text(message));
    }

    /// A line for the person at the terminal, on stderr so documents on stdout stay clean.
    pub fn note(&mut self, message: &str) {
        let _ = writeln!(self.err, "{}", crate::redact::text(message));
    }

    pub fn warn_all(&mut self, messages: &[String]) {
        for m in messages {
            self.warn(m);
        }
    }
}

/// A command's result, which knows how to show itself: as text (a table or a report) and as a
/// json/yaml document. One renderer per result type; [`render`] picks by the output format.
pub trait Render {
    /// The document's kind (`Status`, `BotList`, ...).
    const KIND: &'static str;

    /// The document's body (after `apiVersion` and `kind`): a named type of
    /// `commands::documents`.
    type Body<'a>: Serialize
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_>;

    /// The text form, or `None` when there is nothing to show (the caller says so on stderr
    /// instead, as kubectl says "No resources found").
    fn text(&self, output: &OutputOptions) -> Option<String>;

    /// Said on stderr when [`Render::text`] has nothing to show.
    fn nothing_found(&self) -> String {
        "nothing found".to_string()
    }

    /// The tables the text is made of, when it is nothing but tables (empty ones included), so
    /// several clusters' answers can share them with a CONTEXT column; `None` otherwise.
    fn tables(&self, _output: &OutputOptions) -> Option<Vec<Table>> {
        None
    }
}

/// What `result` prints when shown on its own, secrets hidden: the json/yaml document, written
/// straight from it, or its text (`None`: nothing to show). Documents and tables quote the
/// cluster (release descriptions, Helm's messages, the plan): whatever shape of secret is in
/// them is hidden here, once for every command.
pub(crate) fn alone<R: Render>(result: &R, output: &OutputOptions) -> Result<Option<String>> {
    match output.is_document() {
        true => render_redacted(output.format, &Document::new(R::KIND, result.body())).map(Some),
        false => Ok(result.text(output).map(|t| redacted(output.format, &t))),
    }
}

/// Prints `text` (redacted by [`alone`]), or says `nothing_found` on stderr when there is none.
pub(crate) fn show(io: &mut Io, text: Option<&str>, nothing_found: &str) {
    match text {
        Some(t) => {
            let _ = io.print(t);
        }
        None => io.warn(nothing_found),
    }
}
