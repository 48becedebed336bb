//! The json/yaml documents. Every document names its schema so scripts can check what they read;
//! the README documents the fields.

use serde::Serialize;

use super::format::OutputFormat;
use crate::error::{Error, Result};

pub const API_VERSION: &str = "claw.clawmachine.dev/v1alpha1";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document<T: Serialize> {
    pub api_version: &'static str,
    pub kind: &'static str,
    #[serde(flatten)]
    pub body: T,
}

impl<T: Serialize> Document<T> {
    pub fn new(kind: &'static str, body: T) -> Self {
        Document {
            api_version: API_VERSION,
            kind,
            body,
        }
    }
}

/// Rendered text with every secret hidden: a table as text, a JSON document string by string
/// (so it stays JSON). A YAML document is not redacted here: [`render_redacted`] makes it.
pub fn redacted(format: OutputFormat, rendered: &str) -> String {
    match format {
        OutputFormat::Json => crate::redact::json_text(rendered),
        OutputFormat::Yaml => rendered.to_string(),
        _ => crate::redact::text(rendered),
    }
}

/// `doc` as a json/yaml document with every secret hidden. YAML is written from the redacted
/// JSON: redacting YAML's text would read its quoting as the end of a value, leave the secret
/// after it and the document unparseable.
pub fn render_redacted<T: Serialize>(format: OutputFormat, doc: &T) -> Result<String> {
    match format {
        OutputFormat::Yaml => {
            let json = render_document(OutputFormat::Json, doc)?;
            let clean: serde_json::Value =
                serde_json::from_str(&crate::redact::json_text(&json))
                    .map_err(|e| Error::Other(format!("writing yaml: {e}")))?;
            render_document(OutputFormat::Yaml, &clean)
        }
        _ => render_document(format, doc).map(|t| redacted(format, &t)),
    }
}

pub fn render_document<T: Serialize>(format: OutputFormat, doc: &T) -> Result<String> {
    match format {
        OutputFormat::Json => serde_json::to_string_pretty(doc)
            .map(|s| s + "\n")
            .map_err(|e| Error::Other(format!("writing json: {e}"))),
        OutputFormat::Yaml => {
            serde_saphyr::to_string(doc).map_err(|e| Error::Other(format!("writing yaml: {e}")))
        }
        OutputFormat::Table | OutputFormat::Wide => {
            Err(Error::Other("a table is not a document format".to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Body {
        items: Vec<u32>,
    }

    #[test]
    fn documents_carry_their_schema() {
        let doc = Document::new("BotList", Body { items: vec![1] });
        let json = render_document(OutputFormat::Json, &doc).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["apiVersion"], API_VERSION);
        assert_eq!(v["kind"], "BotList");
        assert_eq!(v["items"][0], 1);
        let yaml = render_document(OutputFormat::Yaml, &doc).unwrap();
        assert!(yaml.contains("kind: BotList"), "{yaml}");
    }
}
