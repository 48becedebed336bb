//! A corpus of planted secrets, one of each shape claw must never show: under sensitive key
//! names (camelCase and SNAKE_CASE), inside URLs, inside JSON and YAML config blobs, shaped as
//! credentials under harmless names (private keys, JWTs, vendors' tokens), in Helm's error
//! messages and release descriptions, and in manifests (Secret data, env). Beside them, values
//! that are not secret and must come through unchanged.

use serde_json::{Value, json};

use crate::shaped::{self, Release};
use crate::store::Store;

pub const KEY_CAMEL: &str = "plain-anthropic-value-1";
pub const KEY_SNAKE: &str = "plain-openai-value-2";
pub const URL_PASSWORD: &str = "url-pass-3";
pub const JSON_BLOB_KEY: &str = "blob-json-key-4";
pub const YAML_BLOB_TOKEN: &str = "blob-yaml-token-5";
pub const PEM_BODY: &str = "MIIEvQIBADANBgkqhkiG9w0PLANTED6";
pub const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkNyJ9.c2lnbmF0dXJlcGxhbnRlZDc";
pub const ANTHROPIC: &str = "sk-ant-api03-PLANTEDabcdefghij8";
pub const GITHUB: &str = "ghp_PLANTEDabcdefghijklmnopqrst9";
pub const GITHUB_PAT: &str = "github_pat_11PLANTEDabcdefghijklmn10";
pub const SLACK_BOT: &str = "xoxb-1111111111-PLANTED11";
pub const SLACK_APP: &str = "xapp-1-A0PLANTED-12";
pub const AWS: &str = "AKIAPLANTED000000013";
pub const DESCRIPTION_PASSWORD: &str = "desc-pass-14";
pub const DESCRIPTION_TOKEN: &str = "desc-token-15";
pub const HELM_BEARER: &str = "helmbearerPLANTED16abcdef";
pub const SET_SECRET: &str = "set-on-command-line-17";

/// Every planted secret, with where it was planted.
pub const ALL: &[(&str, &str)] = &[
    (KEY_CAMEL, "values: secrets.anthropicApiKey"),
    (KEY_SNAKE, "values: env.OPENAI_API_KEY"),
    (URL_PASSWORD, "values: database.url password"),
    (
        JSON_BLOB_KEY,
        "values: apiKey inside a JSON configFile.content",
    ),
    (
        YAML_BLOB_TOKEN,
        "values: authToken inside a YAML configFile.content",
    ),
    (PEM_BODY, "values: a PEM private key under env.NOTE"),
    (JWT, "values: a JWT under env.BANNER"),
    (ANTHROPIC, "values: sk-ant- under env.GREETING"),
    (GITHUB, "values: ghp_ under env.GH"),
    (GITHUB_PAT, "values: github_pat_ under env.GHPAT"),
    (SLACK_BOT, "values: xoxb- under env.SLACK"),
    (SLACK_APP, "values: xapp- under env.SLACKAPP"),
    (AWS, "values: AKIA under env.AWS"),
    (DESCRIPTION_PASSWORD, "a release description's URL"),
    (DESCRIPTION_TOKEN, "a release description's token=…"),
    (HELM_BEARER, "Helm's error message"),
    (SET_SECRET, "--set on the command line, echoed by Helm"),
];

/// Not secret, beside the secrets: must reach the backup unchanged.
pub const KEPT: &[&str] = &[
    "LOG_LEVEL: debug-kept",
    "postgres://u:<redacted>@db.example:5432/x",
    "claude-kept",
    "https://api.anthropic.com",
    "port: 18789",
    "anthropicApiKey: <redacted>",
];

fn pem() -> String {
    format!("-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----\n")
}

/// The values of the three bots holding the corpus.
pub fn iron_values() -> Value {
    json!({
        "postgresql": {"enabled": false},
        "database": {"url": format!("postgres://u:{URL_PASSWORD}@db.example:5432/x")},
        "secrets": {"anthropicApiKey": KEY_CAMEL},
        "configFile": {"enabled": true, "content": format!(
            "{{\n  \"model\": \"claude-kept\",\n  \"providers\": {{\"anthropic\": {{\"apiKey\": \"{JSON_BLOB_KEY}\", \"baseUrl\": \"https://api.anthropic.com\"}}}}\n}}\n"
        )},
    })
}

pub fn pico_values() -> Value {
    json!({"env": {"OPENAI_API_KEY": KEY_SNAKE, "LOG_LEVEL": "debug-kept"}})
}

pub fn open_values() -> Value {
    json!({
        "env": {
            "NOTE": pem(), "BANNER": JWT, "GREETING": ANTHROPIC, "GH": GITHUB,
            "GHPAT": GITHUB_PAT, "SLACK": SLACK_BOT, "SLACKAPP": SLACK_APP, "AWS": AWS,
        },
        "configFile": {"enabled": true, "content": format!("gateway:\n  authToken: {YAML_BLOB_TOKEN}\n  port: 18789\n")},
    })
}

fn release(ns: &str, name: &str, chart: &str, values: Value) -> Release {
    // As ClawMachine 0.1.8 installed it, so an upgrade has something to show in its diff.
    let manifest = shaped::manifest_from_chart(chart, name, ns, &values)
        .replace(&crate::bins::embedded_version(), "0.1.8");
    Release::new(ns, name, chart, values, manifest)
}

/// A cluster whose releases hold the whole corpus: the control plane (current), IronClaw with
/// its own database, PicoClaw and OpenClaw with secrets in env and config blobs, and a failed
/// release whose description quotes a connection string and a token.
pub fn cluster() -> Store {
    let cp = release("claw-machine", "clawmachine", "clawmachine", json!({}))
        .version(&crate::bins::embedded_version());
    shaped::store(&[
        cp,
        release("claw-machine", "iron", "ironclaw", iron_values()),
        release("claw-machine", "pico", "picoclaw", pico_values()),
        release("bots", "open", "openclaw", open_values()).ended(
            "failed",
            &format!(
                "Upgrade \"open\" failed: cannot reach postgres://admin:{DESCRIPTION_PASSWORD}@db.internal/x with token={DESCRIPTION_TOKEN}"
            ),
        ),
    ])
}

/// What the fake Helm prints when an upgrade or install fails, echoing values (also another
/// release's) and a credential claw never saw; `with_set`: also what `--set` gave it.
pub fn helm_failure(with_set: bool) -> String {
    format!(
        "Error: UPGRADE FAILED: values rejected: OPENAI_API_KEY={KEY_SNAKE} url=postgres://u:{URL_PASSWORD}@db.example:5432/x; Authorization: Bearer {HELM_BEARER}{}",
        if with_set {
            format!("; set {SET_SECRET}")
        } else {
            String::new()
        }
    )
}

/// Each planted secret found in `text`, with where it was planted.
pub fn leaks(text: &str) -> Vec<&'static str> {
    ALL.iter()
        .filter(|(s, _)| text.contains(s))
        .map(|(_, w)| *w)
        .collect()
}
