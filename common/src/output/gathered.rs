//! A command's result, ready to show, owning everything: the document body, the text (and the
//! tables it is made of), the warnings and how the run ended. One cluster's answer is shown as
//! is; several clusters' answers are merged into one view (see `many_contexts`).

use serde_json::{Map, Value};

use super::document::API_VERSION;
use super::format::OutputOptions;
use super::sink::{Io, Render, alone, show};
use super::table::Table;
use crate::error::{Error, Result};
use crate::exit::Exit;

pub struct Gathered {
    pub kind: &'static str,
    /// The document's fields after `apiVersion` and `kind`, as data: built only for json/yaml
    /// output that is merged across clusters or compared between live frames.
    pub body: Map<String, Value>,
    /// What this answer prints when shown on its own, in the output's format: its text, or its
    /// json/yaml document written straight from the result (as data, a big fleet's document
    /// would be the biggest thing claw holds). `None` when there is nothing to show, and for a
    /// document kept as data in `body`.
    pub text: Option<String>,
    /// The tables the text is made of, when it is only tables: merged across clusters with a
    /// CONTEXT column in front.
    pub tables: Option<Vec<Table>>,
    pub nothing_found: String,
    pub warnings: Vec<String>,
    pub exit: Exit,
}

/// Writes `result` as `output` asks: through the one sink every answer takes, alone, from
/// several clusters at once (`context::many`) or live (`watch::redraw`).
pub fn render<R: Render>(result: &R, output: &OutputOptions, io: &mut Io) -> Result<()> {
    Gathered::of(result, output, vec![], crate::exit::Exit::Ok)?.emit(io);
    Ok(())
}

impl Gathered {
    pub fn of<R: Render>(
        result: &R,
        output: &OutputOptions,
        warnings: Vec<String>,
        exit: Exit,
    ) -> Result<Gathered> {
        let as_data = output.is_document() && (output.merged || output.live);
        let body = if as_data {
            match serde_json::to_value(result.body()) {
                Ok(Value::Object(m)) => m,
                Ok(_) => Map::new(),
                Err(e) => return Err(Error::Other(format!("building the document: {e}"))),
            }
        } else {
            Map::new()
        };
        let text = if as_data {
            None
        } else {
            alone(result, output)?
        };
        Ok(Gathered {
            kind: R::KIND,
            body,
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

    /// Shows one cluster's answer, as `render` would have, and says how the run ended.
    pub fn emit(&self, io: &mut Io) -> Exit {
        io.warn_all(&self.warnings);
        show(io, self.text.as_deref(), &self.nothing_found);
        self.exit
    }
}
