//! Keeping secrets off the terminal and out of files. One module decides, for every output
//! path (backup files, diffs, the upgrade plan, Helm's messages, json/yaml documents, `-v`
//! logs, doctor): values under sensitive key names (`keys`), credentials by their shape
//! wherever they are (`patterns`: URL passwords, private keys, JWTs, vendors' tokens), the
//! same inside string values that are JSON or YAML documents, and Secret data in manifests.
//! What is hidden becomes `<redacted>`; keys are never dropped, and the same input always
//! gives the same output, so a backup directory diffs cleanly. Values are hidden, not code or
//! flags: a boolean or a number is never a secret, nor shell text that only refers to one
//! (`"$API_KEY"`). In a diff, a hidden value says whether it changed (`<redacted, changed>`).

mod json_text;
mod keys;
mod marker;
mod patterns;

pub use json_text::json_text;

use serde_json::Value;

pub use keys::is_sensitive;

pub use marker::REDACTED;
use marker::{Mark, is_marked};

/// `text` with every credential-shaped part hidden (for messages, logs, rendered output).
pub fn text(text: &str) -> String {
    patterns::redact(text, &mut Vec::new())
}

/// `text` with each of `secrets` (values known to be secret, e.g. from [`secret_strings`])
/// and every credential-shaped part hidden.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let known = secrets
        .iter()
        .filter(|s| s.len() >= 3)
        .fold(text.to_string(), |t, s| t.replace(s.as_str(), REDACTED));
    self::text(&known)
}

/// Values (a release's, a document, a manifest's object) with every secret hidden.
pub fn value(v: &Value) -> Value {
    Walker::for_values().walk(v, &mut Vec::new(), Hide::No)
}

/// The secret strings `value` would hide, longest first (so a secret containing another is
/// replaced whole): what must never be echoed back, even inside someone else's message.
pub fn secret_strings(v: &Value) -> Vec<String> {
    let mut w = Walker::for_values();
    w.walk(v, &mut Vec::new(), Hide::No);
    let mut out = w.found;
    out.retain(|s| s.len() >= 3);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Where `<redacted>` stands in values (`secrets.apiKey`, `database.url`,
/// `configFile.content`, `envs[0].value`): each is a value someone must supply again.
pub fn redacted_paths(v: &Value) -> Vec<String> {
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, &join(path, k), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), out)),
            Value::String(s) if s.contains(REDACTED) => out.push(path.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out.sort();
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether the values below a key are secret by the key's name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hide {
    No,
    /// Below a sensitive key: every scalar is hidden unless its own key only describes.
    Yes,
    /// Below a reference (`secretKeyRef`, `envSecrets`): names of secrets, not secrets.
    References,
}

#[derive(Default)]
struct Walker {
    found: Vec<String>,
    /// How hidden values are marked (`<redacted>` unless a diff asks for hashes).
    mark: Option<Mark>,
    /// Numbers under a sensitive key are hidden too: in a release's values a password set with
    /// `--set postgresql.password=90817263` is a number (Helm types it). In manifests they
    /// stay readable (`expirationSeconds: 3600` under `serviceAccountToken`).
    numbers: bool,
}

impl Walker {
    /// The walker for a release's values (and values files).
    fn for_values() -> Walker {
        Walker {
            numbers: true,
            ..Walker::default()
        }
    }

    fn walk(&mut self, v: &Value, path: &mut Vec<String>, hide: Hide) -> Value {
        match v {
            Value::Object(m) => {
                // `{name: OPENAI_API_KEY, value: …}`: an env entry, judged by its name.
                let named_secret = m
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| is_sensitive(n));
                let named_connection = m
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| keys::is_connection_string(&[n]));
                let mut out = serde_json::Map::new();
                for (k, child) in m {
                    let below =
                        if k == "value" && named_secret.is_some() && hide != Hide::References {
                            Hide::Yes
                        } else {
                            self.below(hide, k)
                        };
                    path.push(if k == "value" {
                        named_connection.unwrap_or(k).to_string()
                    } else {
                        k.clone()
                    });
                    out.insert(k.clone(), self.walk(child, path, below));
                    path.pop();
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(|v| self.walk(v, path, hide)).collect()),
            Value::String(s) if hide == Hide::Yes && !s.is_empty() && !is_marked(s) => {
                self.found.push(s.clone());
                Value::String(self.mark_of(s))
            }
            Value::String(s) => Value::String(self.string(s, path)),
            Value::Number(n) if hide == Hide::Yes && self.numbers => {
                self.found.push(n.to_string());
                Value::String(self.mark_of(&n.to_string()))
            }
            other => other.clone(),
        }
    }

    fn mark_of(&self, secret: &str) -> String {
        self.mark.as_ref().unwrap_or(&Mark::Plain).of(secret)
    }

    fn below(&self, hide: Hide, key: &str) -> Hide {
        if hide == Hide::References || keys::is_reference(key) {
            Hide::References
        } else if is_sensitive(key) {
            Hide::Yes
        } else if keys::is_descriptive_key(key) {
            Hide::No
        } else {
            hide
        }
    }

    /// A string not hidden by its key: a document inside is redacted as values are; any
    /// other text by the shapes of credentials; a connection string that is no URL, whole.
    fn string(&mut self, s: &str, path: &[String]) -> String {
        if let Some(doc) = self.embedded_document(s, path) {
            return doc;
        }
        let before = self.found.len();
        let mark = self.mark.as_ref().unwrap_or(&Mark::Plain);
        let out = patterns::redact_marked(s, &mut self.found, mark);
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        if keys::is_connection_string(&names)
            && !s.contains("://")
            && self.found.len() == before
            && !s.trim().is_empty()
            && !is_marked(s)
        {
            self.found.push(s.to_string());
            return self.mark_of(s);
        }
        out
    }

    /// A string holding a JSON or YAML document (a bot's config file), redacted inside and
    /// written back in its own format; untouched when nothing in it is secret.
    fn embedded_document(&mut self, s: &str, path: &[String]) -> Option<String> {
        let t = s.trim_start();
        let json = t.starts_with('{') || t.starts_with('[');
        if !json && !s.contains('\n') {
            return None;
        }
        let parsed: Value = if json {
            serde_json::from_str(s).ok()?
        } else {
            serde_saphyr::from_str(s).ok()?
        };
        if !(parsed.is_object() || parsed.is_array()) {
            return None;
        }
        let before = self.found.len();
        let redacted = self.walk(&parsed, &mut path.to_vec(), Hide::No);
        if self.found.len() == before {
            return Some(s.to_string());
        }
        Some(if json && s.contains('\n') {
            serde_json::to_string_pretty(&redacted).ok()?
                + if s.ends_with('\n') { "\n" } else { "" }
        } else if json {
            serde_json::to_string(&redacted).ok()?
        } else {
            serde_saphyr::to_string(&redacted).ok()?
        })
    }
}

/// A rendered manifest (YAML documents) with Secret `data`/`stringData` values and every
/// other secret (sensitive env values, config files with keys, URL passwords) redacted. Every
/// document is re-serialised, so two manifests put through it compare without formatting noise.
pub fn manifest(yaml: &str) -> String {
    manifest_marked(yaml, &Mark::Plain)
}

fn manifest_marked(yaml: &str, mark: &Mark) -> String {
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
        hide_secret_data(&mut v, mark);
        let mut walker = Walker {
            found: Vec::new(),
            mark: Some(match mark {
                Mark::Plain => Mark::Plain,
                Mark::Hashed(state) => Mark::Hashed(state.clone()),
            }),
            numbers: false,
        };
        let redacted = walker.walk(&v, &mut Vec::new(), Hide::No);
        out.push(serde_saphyr::to_string(&redacted).unwrap_or_default());
    }
    out.join("---\n")
}

/// A Secret's `data`/`stringData` values, also inside a `List`.
fn hide_secret_data(v: &mut Value, mark: &Mark) {
    if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
        items.iter_mut().for_each(|i| hide_secret_data(i, mark));
    }
    if v["kind"] == "Secret" {
        for field in ["data", "stringData"] {
            if let Some(m) = v.get_mut(field).and_then(Value::as_object_mut) {
                for val in m.values_mut() {
                    let text = match &*val {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    *val = Value::String(mark.of(&text));
                }
            }
        }
    }
}

/// The unified diff of two manifests (`from` → `to`, named in its header), secrets hidden on
/// both sides. A line with a hidden value says whether that value is the same on the other
/// side (`<redacted, unchanged>`) or not (`<redacted, changed>`), so a rotated key or a
/// changed password shows as a change without showing the value. `secrets`: strings known to
/// be secret (the release's and the user's values), scrubbed wherever the chart put them.
/// Empty when the manifests hold the same objects.
pub fn manifest_diff(from: &str, to: &str, header: (&str, &str), secrets: &[String]) -> String {
    let mark = Mark::Hashed(std::hash::RandomState::new());
    let old = manifest_marked(from, &mark);
    let new = manifest_marked(to, &mark);
    let text = similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(header.0, header.1)
        .to_string();
    let told: String = text
        .lines()
        .map(|line| {
            let other = match line.chars().next() {
                Some('-') if !line.starts_with("---") => Some(&new),
                Some('+') if !line.starts_with("+++") => Some(&old),
                _ => None,
            };
            tell_marks(line, other.map(String::as_str)) + "\n"
        })
        .collect();
    scrub(&told, secrets)
}

/// Each `<redacted#HASH>` in a diff line as `<redacted, changed>` or `<redacted, unchanged>`:
/// unchanged on a context line (`other` is `None`), else when the other side holds the same
/// hash.
fn tell_marks(line: &str, other: Option<&str>) -> String {
    static MARK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"<redacted#[0-9a-f]{16}>").expect("a valid pattern")
    });
    MARK.replace_all(line, |c: &regex::Captures| {
        let same = other.is_none_or(|o| o.contains(&c[0]));
        if same {
            "<redacted, unchanged>"
        } else {
            "<redacted, changed>"
        }
    })
    .into_owned()
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
    use serde_json::json;

    #[test]
    fn values_under_sensitive_keys_are_redacted() {
        let v = json!({
            "replicaCount": 1,
            "secrets": {"anthropicApiKey": "a-key", "other": 7, "external": false,
                        "mountPath": "/etc/claw/secrets", "mounts": [{"name": "gh", "secretName": "gh"}]},
            "postgresql": {"password": "hunter2", "database": "x"},
            "llm": {"openaiToken": ""},
            "auth": {"choice": "apiKey"},
            "gateway": {"authMode": "token"},
            "envSecrets": [{"envVar": "OPENAI_API_KEY", "secretRef": {"name": "s", "key": "k"}}],
            "image": {"tag": "1.0"}
        });
        let r = value(&v);
        assert_eq!(r["secrets"]["anthropicApiKey"], REDACTED);
        // `--set secrets.other=7` is stored as a number: in values it is hidden as any value.
        assert_eq!(r["secrets"]["other"], REDACTED);
        let typed = value(&json!({"postgresql": {"password": 90817263}, "tokenTTL": true}));
        assert_eq!(typed["postgresql"]["password"], REDACTED);
        assert_eq!(typed["tokenTTL"], true, "a boolean never is a secret");
        let more = value(&json!({
            "webhookUrl": "https://hooks.slack.com/services/T0001/B0002/slackhookD",
            "bearer": "bearL",
            "sessionCookie": "cookM",
        }));
        let text = more.to_string();
        for secret in ["slackhookD", "bearL", "cookM"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(r["secrets"]["external"], false);
        assert_eq!(r["secrets"]["mountPath"], "/etc/claw/secrets");
        assert_eq!(r["secrets"]["mounts"], v["secrets"]["mounts"]);
        assert_eq!(r["postgresql"]["password"], REDACTED);
        assert_eq!(r["postgresql"]["database"], "x");
        assert_eq!(r["llm"]["openaiToken"], "", "unset stays visibly unset");
        assert_eq!(r["auth"]["choice"], "apiKey");
        assert_eq!(r["gateway"]["authMode"], "token");
        assert_eq!(r["envSecrets"], v["envSecrets"]);
        assert_eq!(r["image"]["tag"], "1.0");
        assert_eq!(r["replicaCount"], 1);
    }

    #[test]
    fn an_ironclaw_with_its_own_database_keeps_its_host_and_loses_its_password() {
        let config = "{\n  \"model\": \"claude\",\n  \"providers\": {\"anthropic\": {\"apiKey\": \"abc-123-xyz\", \"baseUrl\": \"https://api.anthropic.com\"}}\n}\n";
        let v = json!({
            "postgresql": {"enabled": false},
            "database": {"url": "postgres://u:PASSWORD@db/x"},
            "configFile": {"enabled": true, "content": config},
        });
        let r = value(&v);
        assert_eq!(r["database"]["url"], "postgres://u:<redacted>@db/x");
        let content: Value =
            serde_json::from_str(r["configFile"]["content"].as_str().unwrap()).unwrap();
        assert_eq!(content["providers"]["anthropic"]["apiKey"], REDACTED);
        assert_eq!(
            content["providers"]["anthropic"]["baseUrl"],
            "https://api.anthropic.com"
        );
        assert_eq!(content["model"], "claude");
        assert_eq!(r["postgresql"]["enabled"], false);
        let secrets = secret_strings(&v);
        assert!(
            secrets.contains(&"PASSWORD".to_string())
                && secrets.contains(&"abc-123-xyz".to_string()),
            "{secrets:?}"
        );
        assert_eq!(redacted_paths(&r), ["configFile.content", "database.url"]);
    }

    #[test]
    fn yaml_documents_in_strings_and_env_entries_by_name() {
        let v = json!({
            "config": "server:\n  port: 8080\nslack:\n  botToken: plain-words-here\n",
            "extraEnv": [
                {"name": "OPENAI_API_KEY", "value": "not-shaped-like-a-key"},
                {"name": "DATABASE_URL", "value": "host=db password=pw1"},
                {"name": "REDIS_URL", "value": "nohostonly"},
                {"name": "LOG_LEVEL", "value": "debug"}
            ]
        });
        let r = value(&v);
        let config: Value = serde_saphyr::from_str(r["config"].as_str().unwrap()).unwrap();
        assert_eq!(config["slack"]["botToken"], REDACTED);
        assert_eq!(config["server"]["port"], 8080);
        assert_eq!(r["extraEnv"][0]["value"], REDACTED);
        assert_eq!(r["extraEnv"][1]["value"], "host=db password=<redacted>");
        assert_eq!(
            r["extraEnv"][2]["value"], REDACTED,
            "a connection string that is no URL goes whole"
        );
        assert_eq!(r["extraEnv"][3]["value"], "debug");
        assert_eq!(r["extraEnv"][0]["name"], "OPENAI_API_KEY");
    }

    #[test]
    fn redaction_is_stable_and_idempotent() {
        let v =
            json!({"a": "postgres://u:p@h/x", "secrets": {"k": "v"}, "c": "{\"apiKey\": \"x1\"}"});
        let once = value(&v);
        assert_eq!(value(&v), once);
        assert_eq!(value(&once), once);
    }

    #[test]
    fn secrets_are_scrubbed_from_text() {
        let v = json!({"secrets": {"apiKey": "sk-test-123", "short": "ab"}, "name": "sk"});
        let s = secret_strings(&v);
        assert_eq!(s, ["sk-test-123"]);
        assert_eq!(
            scrub("Error: bad value sk-test-123 for secrets.apiKey", &s),
            "Error: bad value <redacted> for secrets.apiKey"
        );
    }

    #[test]
    fn a_diff_tells_a_changed_secret_from_an_unchanged_one_without_showing_either() {
        let old = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {API_KEY: c2VjcmV0MQ==, b: c2FtZQ==}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: start}\ndata:\n  start.sh: |\n    key=\"$(basename \"$secret_file\")\"\n    export TOKEN=old-literal\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cp}\nspec: {template: {spec: {automountServiceAccountToken: true}}}\n";
        let new = old.replace("c2VjcmV0MQ==", "c2VjcmV0Mg==").replace(
            "automountServiceAccountToken: true",
            "automountServiceAccountToken: false",
        );
        let d = manifest_diff(old, &new, ("a", "b"), &[]);
        for secret in [
            "c2VjcmV0MQ==",
            "c2VjcmV0Mg==",
            "c2FtZQ==",
            "old-literal",
            "<redacted#",
        ] {
            assert!(!d.contains(secret), "{secret} in {d}");
        }
        assert!(d.contains("-  API_KEY: <redacted, changed>"), "{d}");
        assert!(d.contains("+  API_KEY: <redacted, changed>"), "{d}");
        assert!(d.contains("b: <redacted, unchanged>"), "{d}");
        assert!(
            d.contains("-      automountServiceAccountToken: true"),
            "{d}"
        );
        assert!(
            d.contains("+      automountServiceAccountToken: false"),
            "{d}"
        );
        // Unchanged manifests: no diff at all.
        assert_eq!(manifest_diff(old, old, ("a", "b"), &[]), "");
        // The startup script stays readable where it only refers to a secret.
        let shown = manifest(old);
        assert!(
            shown.contains(r#"key="$(basename "$secret_file")""#),
            "{shown}"
        );
        assert!(shown.contains("export TOKEN=<redacted>"), "{shown}");
    }

    #[test]
    fn secret_data_and_sensitive_env_are_redacted_in_manifests() {
        let m = "---\n# Source: x/templates/all.yaml\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {API_KEY: \"sk-test-123\", note: plain}\ndata: {b: c2VjcmV0}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, annotations: {checksum/secret: abc}}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        env:\n        - {name: OPENAI_API_KEY, value: sk-live-9}\n        - {name: LOG_LEVEL, value: debug}\n        - name: T\n          valueFrom: {secretKeyRef: {name: s, key: API_KEY}}\n      volumes:\n      - name: v\n        secret: {secretName: s, defaultMode: 292}\n";
        let r = manifest(m);
        assert!(
            !r.contains("sk-test-123")
                && !r.contains("c2VjcmV0")
                && !r.contains("sk-live-9")
                && !r.contains("plain"),
            "{r}"
        );
        for kept in [
            "debug",
            "kind: Deployment",
            "checksum/secret: abc",
            "key: API_KEY",
            "secretName: s",
            "defaultMode: 292",
            "API_KEY: <redacted>",
        ] {
            assert!(r.contains(kept), "{kept} missing from {r}");
        }
        assert!(!r.contains("# Source"), "{r}");
    }
}
