//! A command's result, ready to show, owning everything: the document body, the text (and the
//! tables it is made of), the warnings and how the run ended. One cluster's answer is shown as
//! is; several clusters' answers are merged into one view (see `many_contexts`).

use serde_json::{Map, Value};

use super::document::API_VERSION;
use super::{Io, OutputOptions, Render, Table, render_document};
use crate::error::{Error, Result};
use crate::exit::Exit;

pub struct Gathered {
    pub kind: &'static str,
    /// The document's fields after `apiVersion` and `kind`, as data: built only for json/yaml
    /// output that is merged across clusters or compared between live frames.
    pub body: Map<String, Value>,
    /// The json/yaml text, written straight from the result when nothing needs it as data (one
    /// cluster, once): for a big fleet the document as data is the biggest thing claw would hold.
    pub rendered: Option<String>,
    /// The text form; `None` when there is nothing to show.
    pub text: Option<String>,
    /// The tables the text is made of, when it is only tables: merged across clusters with a
    /// CONTEXT column in front.
    pub tables: Option<Vec<Table>>,
    pub nothing_found: String,
    pub warnings: Vec<String>,
    pub exit: Exit,
}

impl Gathered {
    pub fn of<R: Render>(
        result: &R,
        output: &OutputOptions,
        warnings: Vec<String>,
        exit: Exit,
    ) -> Result<Gathered> {
        let as_data = output.is_document() && (output.merged || output.live);
        let rendered = if output.is_document() && !as_data {
            Some(render_document(
                output.format,
                &super::Document::new(R::KIND, result),
            )?)
        } else {
            None
        };
        let body = if as_data {
            match serde_json::to_value(result) {
                Ok(Value::Object(m)) => m,
                Ok(_) => Map::new(),
                Err(e) => return Err(Error::Other(format!("building the document: {e}"))),
            }
        } else {
            Map::new()
        };
        let text = if output.is_document() {
            None
        } else {
            result.text(output)
        };
        Ok(Gathered {
            kind: R::KIND,
            body,
            rendered,
            text,
            // Only a merged view needs the tables beside the text.
            tables: (output.merged && !output.is_document())
                .then(|| result.tables(output))
                .flatten(),
            nothing_found: result.nothing_found(),
            warnings,
            exit,
        })
    }

    /// `{apiVersion, kind, …body}`.
    pub fn document(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("apiVersion".into(), API_VERSION.into());
        doc.insert("kind".into(), self.kind.into());
        doc.extend(self.body.clone());
        Value::Object(doc)
    }

    /// `{apiVersion, kind, …body}`, the body moved rather than copied (for a big fleet it is
    /// the biggest thing claw holds).
    fn into_document(self) -> Value {
        let mut doc = Map::new();
        doc.insert("apiVersion".into(), API_VERSION.into());
        doc.insert("kind".into(), self.kind.into());
        doc.extend(self.body);
        Value::Object(doc)
    }

    /// Shows one cluster's answer, as `render` would have, and says how the run ended.
    pub fn emit(mut self, output: &OutputOptions, io: &mut Io) -> Result<Exit> {
        io.warn_all(&self.warnings);
        let exit = self.exit;
        let nothing_found = std::mem::take(&mut self.nothing_found);
        let text = match self.rendered.take() {
            Some(rendered) => Some(rendered),
            None if output.is_document() => {
                Some(render_document(output.format, &self.into_document())?)
            }
            None => self.text.take(),
        };
        match text {
            Some(t) => {
                let _ = io.print(&crate::redact::text(&t));
            }
            None => io.warn(&nothing_found),
        }
        Ok(exit)
    }
}
