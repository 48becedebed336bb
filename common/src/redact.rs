//! Keeping secret values off the terminal: release values under sensitive keys, Secret data in
//! manifests, and sensitive environment variables become `<redacted>`.

use serde_json::Value;

pub const REDACTED: &str = "<redacted>";

/// token, password, secret, key, credential — in any case, anywhere in the key
/// (`apiKey`, `GITHUB_TOKEN`, `secrets`, `credentials`).
pub fn is_sensitive(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "token",
        "password",
        "passwd",
        "secret",
        "key",
        "credential",
        "auth",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// Values with every scalar under a sensitive key redacted (empty strings stay empty: they say
/// "not set", not a secret).
pub fn values(v: &Value) -> Value {
    walk(v, false)
}

fn walk(v: &Value, hidden: bool) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), walk(v, hidden || is_sensitive(k))))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| walk(v, hidden)).collect()),
        Value::String(s) if hidden && !s.is_empty() => Value::String(REDACTED.into()),
        Value::Number(_) | Value::Bool(_) if hidden => Value::String(REDACTED.into()),
        other => other.clone(),
    }
}

/// The values under sensitive keys in `v` (non-empty strings, at any depth): what must never be
/// echoed back, even inside someone else's error message.
pub fn secret_strings(v: &Value) -> Vec<String> {
    fn walk(v: &Value, hidden: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, v)| walk(v, hidden || is_sensitive(k), out)),
            Value::Array(a) => a.iter().for_each(|v| walk(v, hidden, out)),
            Value::String(s) if hidden && s.len() >= 3 => out.push(s.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, false, &mut out);
    // Longest first, so a secret containing another is replaced whole.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `text` with every one of `secrets` replaced by `<redacted>`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    secrets
        .iter()
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), REDACTED))
}

/// A rendered manifest (YAML documents) with Secret `data`/`stringData` values and sensitive
/// env values redacted. Every document is re-serialised, so two manifests put through it
/// compare without formatting noise.
pub fn manifest(yaml: &str) -> String {
    let mut out = Vec::new();
    for doc in split_documents(yaml) {
        let Ok(mut v) = serde_saphyr::from_str::<Value>(&doc) else {
            // Not YAML we can read: nothing of it may be shown.
            out.push(format!(
                "# {REDACTED}: a document that could not be parsed\n"
            ));
            continue;
        };
        if v.is_null() {
            continue;
        }
        if v["kind"] == "Secret" {
            for field in ["data", "stringData"] {
                if let Some(m) = v.get_mut(field).and_then(Value::as_object_mut) {
                    for val in m.values_mut() {
                        *val = Value::String(REDACTED.into());
                    }
                }
            }
        }
        redact_env(&mut v);
        out.push(serde_saphyr::to_string(&v).unwrap_or_default());
    }
    out.join("---\n")
}

/// `env: [{name: API_KEY, value: …}]` anywhere in a document.
fn redact_env(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let sensitive = m
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(is_sensitive);
            if sensitive && let Some(val) = m.get_mut("value").filter(|v| v.is_string()) {
                *val = Value::String(REDACTED.into());
            }
            for child in m.values_mut() {
                redact_env(child);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact_env),
        _ => {}
    }
}

fn split_documents(yaml: &str) -> Vec<String> {
    let mut docs = vec![String::new()];
    for line in yaml.lines() {
        if line.trim_end() == "---" {
            docs.push(String::new());
        } else if !line.starts_with("# Source:") {
            let last = docs.last_mut().expect("one document");
            last.push_str(line);
            last.push('\n');
        }
    }
    docs.into_iter().filter(|d| !d.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_under_sensitive_keys_are_redacted() {
        let v = serde_json::json!({
            "replicaCount": 1,
            "secrets": {"apiKey": "sk-test-123", "other": 7},
            "postgresql": {"password": "hunter2", "database": "x"},
            "llm": {"openaiToken": ""},
            "image": {"tag": "1.0"}
        });
        let r = values(&v);
        assert_eq!(r["secrets"]["apiKey"], REDACTED);
        assert_eq!(r["secrets"]["other"], REDACTED);
        assert_eq!(r["postgresql"]["password"], REDACTED);
        assert_eq!(r["postgresql"]["database"], "x");
        assert_eq!(r["llm"]["openaiToken"], "", "unset stays visibly unset");
        assert_eq!(r["image"]["tag"], "1.0");
        assert_eq!(r["replicaCount"], 1);
    }

    #[test]
    fn secrets_are_scrubbed_from_text() {
        let v =
            serde_json::json!({"secrets": {"apiKey": "sk-test-123", "short": "ab"}, "name": "sk"});
        let s = secret_strings(&v);
        assert_eq!(s, ["sk-test-123"]);
        assert_eq!(
            scrub("Error: bad value sk-test-123 for secrets.apiKey", &s),
            "Error: bad value <redacted> for secrets.apiKey"
        );
    }

    #[test]
    fn secret_data_and_sensitive_env_are_redacted_in_manifests() {
        let m = "---\n# Source: x/templates/all.yaml\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {API_KEY: \"sk-test-123\"}\ndata: {b: c2VjcmV0}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        env:\n        - {name: OPENAI_API_KEY, value: sk-live-9}\n        - {name: LOG_LEVEL, value: debug}\n";
        let r = manifest(m);
        assert!(
            !r.contains("sk-test-123") && !r.contains("c2VjcmV0") && !r.contains("sk-live-9"),
            "{r}"
        );
        assert!(r.contains("debug") && r.contains("kind: Deployment"), "{r}");
        assert!(!r.contains("# Source"), "{r}");
    }
}
