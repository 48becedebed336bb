//! Secrets recognised by their shape, wherever they are in a text: a private key, a JWT, a
//! token with a vendor's prefix, a URL's password, a `password=…` pair.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::keys;
use super::marker::{Mark, is_marked};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid built-in pattern")
}

/// PEM private keys (certificates are public and stay); an unterminated one is hidden to the end.
static PEM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)")
});

/// `scheme://user:password@host`: the password goes, up to the last `@` of the authority.
static URL_PASSWORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^\s:@/?#]*):([^\s/?#]+)@"));

/// `scheme://TOKEN@host`: a user part long enough to be a token rather than a name.
static URL_TOKEN_USER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^\s:@/?#]{16,})@"));

/// `?key=value` / `&key=value` query parameters; the value goes when the name is sensitive.
static QUERY_PARAM: LazyLock<Regex> = LazyLock::new(|| re(r"([?&;])([A-Za-z0-9_.\-]+)=([^&#\s]*)"));

/// `password=x`, `OPENAI_API_KEY=x`, `token: x`, `"apiKey": "x"` in free text (Helm's
/// messages, logs): a name, `=` or `:`, a value; the value goes when the name is sensitive.
static KEY_SEP: LazyLock<Regex> =
    LazyLock::new(|| re(r#"([A-Za-z0-9_./\-]+)["']?[ \t]*[=:][ \t]*"#));

/// The value after a sensitive name: quoted, or up to a space or separator.
static VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\A(?:"[^"\n]*"|'[^'\n]*'|[^\s"',;&(){}\[\]]+)"#));

/// An `Authorization` header's credentials, whatever their length (a header names no prose).
static AUTH_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token)[ \t]+)?)([^\s"',;]+)"#,
    )
});

/// `Bearer …` and the like in free text: long enough to be a credential, not a word.
static AUTH_SCHEME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(bearer|basic)([ \t]+)([A-Za-z0-9._~+/=\-]{16,})"));

/// Credentials by shape alone: JWTs and vendors' token prefixes.
static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+",
        r"|\bsk-ant-[A-Za-z0-9_\-]{16,}",
        r"|\bsk-[A-Za-z0-9_\-]{16,}",
        r"|\bsk_(?:live|test)_[A-Za-z0-9]{16,}",
        r"|\bgh[pousr]_[A-Za-z0-9]{20,}",
        r"|\bgithub_pat_[A-Za-z0-9_]{20,}",
        r"|\bglpat-[A-Za-z0-9_\-]{20,}",
        r"|\bxox[abposr]-[A-Za-z0-9\-]{10,}",
        r"|\bxapp-[A-Za-z0-9\-]{10,}",
        r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
        r"|\bAIza[0-9A-Za-z_\-]{35}",
        r"|\bhf_[A-Za-z0-9]{30,}",
        r"|\bnpm_[A-Za-z0-9]{36}",
        r"|\b[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}\b",
        // Chat webhooks: whoever has the URL may post as the bot.
        r"|\bhttps://hooks\.slack\.com/services/[A-Za-z0-9/_\-]+",
        r"|\bhttps://(?:discord(?:app)?\.com)/api/webhooks/[A-Za-z0-9/_\-]+",
    ))
});

/// Whether a value after a sensitive name is no secret: a boolean or a number (a flag such as
/// `automountServiceAccountToken: true`, a `tokenTTL: 3600`), shell code that only refers to
/// one (`key="$(basename "$file")"`, `TOKEN=$API_TOKEN`, a backquoted command), or where
/// secrets are kept (`secrets="/etc/claw/secrets"`, an absolute path).
fn is_not_a_secret(value: &str) -> bool {
    let path = value.len() > 1
        && value.starts_with('/')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~"
    ) || value.parse::<f64>().is_ok_and(f64::is_finite)
        || value.starts_with('$')
        || value.starts_with('`')
        || path
}

/// Each sensitive `name=value` / `name: value` with its value hidden (by `hide`, which gives
/// what stands in its place). A name that is not sensitive takes nothing, so
/// `rejected: API_KEY=x` still finds `API_KEY=x`.
fn key_values(text: &str, hide: &mut impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in KEY_SEP.captures_iter(text) {
        let whole = c.get(0).expect("match");
        // `${NAME:-default}` is shell expanding a variable, not a name and its value.
        let expansion = text[..whole.start()].ends_with("${");
        if whole.start() < at || expansion || !keys::is_sensitive(&c[1]) {
            continue;
        }
        let Some(v) = VALUE.find(&text[whole.end()..]) else {
            continue;
        };
        let raw = v.as_str();
        let inner = raw.trim_matches(|q| q == '"' || q == '\'');
        if inner.is_empty() || is_marked(inner) || is_not_a_secret(inner) {
            continue;
        }
        let mark = hide(inner);
        let quote = if raw.starts_with(['"', '\'']) {
            &raw[..1]
        } else {
            ""
        };
        out.push_str(&text[at..whole.end()]);
        out.push_str(&format!("{quote}{mark}{quote}"));
        at = whole.end() + raw.len();
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with every credential-shaped part replaced by `<redacted>`; what was hidden is
/// added to `found` (so the same secret can be scrubbed from other texts).
pub fn redact(text: &str, found: &mut Vec<String>) -> String {
    redact_marked(text, found, &Mark::Plain)
}

/// [`redact`], each hidden part replaced by what `mark` makes of it.
pub fn redact_marked(text: &str, found: &mut Vec<String>, mark: &Mark) -> String {
    let mut hide = |s: &str| {
        if !is_marked(s) && !s.is_empty() {
            found.push(s.to_string());
        }
        mark.of(s)
    };
    let t = PEM.replace_all(text, |c: &Captures| hide(&c[0]));
    let t = URL_PASSWORD.replace_all(&t, |c: &Captures| {
        format!("{}{}:{}@", &c[1], &c[2], hide(&c[3]))
    });
    let t = URL_TOKEN_USER.replace_all(&t, |c: &Captures| format!("{}{}@", &c[1], hide(&c[2])));
    let t = QUERY_PARAM.replace_all(&t, |c: &Captures| {
        if keys::is_sensitive(&c[2]) && !c[3].is_empty() && !is_marked(&c[3]) {
            format!("{}{}={}", &c[1], &c[2], hide(&c[3]))
        } else {
            c[0].to_string()
        }
    });
    let t = key_values(&t, &mut hide);
    let t = AUTH_HEADER.replace_all(&t, |c: &Captures| {
        // A value hidden already, or shell code that only refers to one, stays as it is.
        match is_marked(&c[2]) || is_not_a_secret(&c[2]) {
            true => c[0].to_string(),
            false => format!("{}{}", &c[1], hide(&c[2])),
        }
    });
    let t = AUTH_SCHEME.replace_all(&t, |c: &Captures| {
        format!("{}{}{}", &c[1], &c[2], hide(&c[3]))
    });
    let t = SHAPED.replace_all(&t, |c: &Captures| hide(&c[0]));
    t.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> String {
        redact(s, &mut Vec::new())
    }

    #[test]
    fn url_passwords_go_and_the_rest_stays() {
        assert_eq!(
            r("postgres://u:PASSWORD@db/x"),
            "postgres://u:<redacted>@db/x"
        );
        assert_eq!(
            r("url=postgres://app:p@ss:w0rd@db.example:5432/x?sslmode=require"),
            "url=postgres://app:<redacted>@db.example:5432/x?sslmode=require"
        );
        assert_eq!(
            r("https://x-access-token:tok123456@github.com/o/r.git"),
            "https://x-access-token:<redacted>@github.com/o/r.git"
        );
        assert_eq!(
            r("https://0123456789abcdef0123@o1.ingest.sentry.io/5"),
            "https://<redacted>@o1.ingest.sentry.io/5"
        );
        assert_eq!(r("https://bob@example.com/"), "https://bob@example.com/");
        assert_eq!(
            r("http://db/x?user=u&password=hunter22&sslmode=disable"),
            "http://db/x?user=u&password=<redacted>&sslmode=disable"
        );
    }

    #[test]
    fn credentials_are_found_by_shape() {
        let planted = [
            "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
            "sk-proj-abcdefghijklmnopqrstuvwxyz",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "github_pat_11ABCDEFG0abcdefghijklmnopqrstuv",
            "xoxb-1234567890-abcdefghijkl",
            "xapp-1-A0123456789-abcdef",
            "AKIAIOSFODNN7EXAMPLE",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ];
        for p in planted {
            let mut found = Vec::new();
            let out = redact(&format!("Error: value {p} rejected"), &mut found);
            assert_eq!(out, "Error: value <redacted> rejected", "{p}");
            assert_eq!(found, [p]);
        }
        let pem = "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nb";
        assert_eq!(r(pem), "a\n<redacted>\nb");
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert_eq!(r(cert), cert, "certificates are public");
    }

    #[test]
    fn key_value_pairs_in_free_text() {
        assert_eq!(
            r("host=db user=u password=s3cret dbname=x"),
            "host=db user=u password=<redacted> dbname=x"
        );
        assert_eq!(r(r#"{"apiKey": "abc123"}"#), r#"{"apiKey": "<redacted>"}"#);
        assert_eq!(
            r("values rejected: OPENAI_API_KEY=plain-value url=x"),
            "values rejected: OPENAI_API_KEY=<redacted> url=x"
        );
        assert_eq!(
            r("Authorization: Bearer abcdefghijklmnop1234"),
            "Authorization: Bearer <redacted>"
        );
        // In a header a short credential is still one; in prose the word alone is no secret.
        assert_eq!(
            r("GET / with Authorization: Bearer abcdefSECRET123 failed"),
            "GET / with Authorization: Bearer <redacted> failed"
        );
        assert_eq!(
            r(r#"{"authorization": "Basic dXNlcjpw"}"#),
            r#"{"authorization": "Basic <redacted>"}"#
        );
        assert_eq!(r("authorization=mytokenvalue"), "authorization=<redacted>");
        assert_eq!(r("uses Bearer tokens"), "uses Bearer tokens");
        for code in [
            r#"curl -H "Authorization: Bearer $API_TOKEN""#,
            "Authorization: Bearer ${TOKEN}",
        ] {
            assert_eq!(
                r(code),
                code,
                "shell code that refers to a secret is no secret"
            );
        }
    }

    #[test]
    fn booleans_numbers_and_shell_code_are_no_secrets() {
        for s in [
            "automountServiceAccountToken: true",
            "  automountServiceAccountToken: false",
            "tokenTTL: 3600",
            r#"  key="$(basename "$secret_file")""#,
            "export OPENAI_API_KEY=\"$OPENAI_API_KEY\"",
            "TOKEN=${GATEWAY_TOKEN:-}",
            "password=`cat /run/secret`",
            r#"secrets="/etc/claw/secrets""#,
        ] {
            assert_eq!(r(s), s);
        }
        // A literal after the same names still goes.
        assert_eq!(r("TOKEN=abc123"), "TOKEN=<redacted>");
        assert_eq!(r(r#"key="s3cr3t""#), r#"key="<redacted>""#);
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for s in [
            "claw-machine/pico-picoclaw",
            "secretName: pico-secrets",
            "secret:\n  secretName: x",
            "gateway.authMode: token",
            "checksum/secret: 4f2a",
            "secretName: pico-secrets",
            "https://example.com:8443/a",
            "  name: OPENAI_API_KEY",
            "error: Secret \"x\" is forbidden",
            "https://cloud-api.near.ai",
            "disk-abcdefghijklmnopqrstuv",
            "sk-short",
            "image: ghcr.io/zackerydev/picoclaw:0.1.8",
        ] {
            assert_eq!(r(s), s);
        }
    }

    #[test]
    fn redaction_is_stable() {
        let once = r("postgres://u:pw@db/x token=abc sk-ant-abcdefghijklmnopqrstu");
        assert_eq!(r(&once), once);
    }
}
