//! Redacting a JSON document's text without breaking it: each string literal is unescaped,
//! redacted as text (or hidden whole when it is the value of a sensitive key), and written
//! back escaped. Redacting the text as a whole would read `\"` as the end of a value, leave
//! the secret after it and the document invalid.

use super::keys;
use super::marker::{REDACTED, is_marked};
use super::patterns;

/// `json` (a document serde_json wrote) with every secret in its strings hidden; the rest of
/// the text, numbers and booleans included, as it was. A string that is not valid JSON is
/// left to the text rules.
pub fn json_text(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    // The key whose value comes next, when it is sensitive.
    let mut sensitive_key = false;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..start]);
        let Some(len) = literal_len(&rest[start..]) else {
            return format!("{out}{}", text(&rest[start..]));
        };
        let literal = &rest[start..start + len];
        rest = &rest[start + len..];
        let Ok(s) = serde_json::from_str::<String>(literal) else {
            out.push_str(&text(literal));
            continue;
        };
        let is_key = rest.trim_start().starts_with(':');
        let shown = match (is_key, sensitive_key) {
            (true, _) => {
                sensitive_key = keys::is_sensitive(&s);
                out.push_str(literal);
                continue;
            }
            (false, true) if !s.is_empty() && !is_marked(&s) => REDACTED.to_string(),
            (false, _) => text(&s),
        };
        sensitive_key = false;
        out.push_str(&serde_json::to_string(&shown).unwrap_or_else(|_| literal.to_string()));
    }
    out.push_str(rest);
    out
}

/// Free text with every credential-shaped part hidden (the crate's `redact::text`).
fn text(s: &str) -> String {
    patterns::redact(s, &mut Vec::new())
}

/// The length of the string literal `s` starts with (its quotes included), `None` when it
/// does not end.
fn literal_len(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn strings_are_redacted_one_by_one_and_the_document_stays_json() {
        let doc = json!({
            "description": "Upgrade failed: password=\"s3cr3t\" key=\"x\"",
            "diff": "+  secrets=\"/etc/claw/secrets\"\n+  key=\"$(basename \"$secret_file\")\"",
            "apiKey": "sk-live-plain",
            "authMode": "token",
            "replicas": 2,
            "ok": true,
        });
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let out = json_text(&text);
        let back: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert!(
            !out.contains("s3cr3t") && !out.contains("sk-live-plain"),
            "{out}"
        );
        assert_eq!(
            back["description"], "Upgrade failed: password=\"<redacted>\" key=\"<redacted>\"",
            "as the table shows it"
        );
        assert_eq!(
            back["diff"], doc["diff"],
            "shell code and paths stay readable"
        );
        assert_eq!(back["apiKey"], REDACTED);
        assert_eq!(back["authMode"], "token");
        assert_eq!(
            (back["replicas"].clone(), back["ok"].clone()),
            (json!(2), json!(true))
        );
    }
}
