//! What a key's name says about its value. Names are split into words, so `anthropicApiKey`,
//! `OPENAI_API_KEY`, `gateway-auth-token` and `api.key` are judged alike.

/// Words that make a value secret wherever they appear in its key.
const SECRET_WORDS: &[&str] = &[
    "token",
    "tokens",
    "password",
    "passwords",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "secrets",
    "key",
    "keys",
    "apikey",
    "credential",
    "credentials",
    "creds",
    "auth",
    "auths",
    "pat",
    "bearer",
    "cookie",
    "cookies",
    "webhook",
];

/// Words that, beside `url`/`uri`/`dsn`, make a value a connection string: it may carry a
/// password, and if it is not URL-shaped it is hidden whole (`DATABASE_URL`, `redisUri`).
const CONNECTION_WORDS: &[&str] = &[
    "database",
    "db",
    "postgres",
    "postgresql",
    "pg",
    "mysql",
    "redis",
    "mongo",
    "mongodb",
    "amqp",
    "connection",
    "sentry",
];

/// A key ending in one of these words names, points at or configures a secret; it does not
/// hold one: `secretName`, `existingSecret…Ref`, `tokenPath`, `authMode`, `secrets.external`.
const DESCRIPTIVE_LAST_WORDS: &[&str] = &[
    "ref",
    "refs",
    "selector",
    "name",
    "names",
    "path",
    "paths",
    "dir",
    "file",
    "mode",
    "choice",
    "external",
    "enabled",
    "enable",
    "disabled",
    "mount",
    "mounts",
    "namespace",
    "crds",
    "rbac",
    "type",
    "kind",
    "model",
    "provider",
    "id",
    "url",
    "uri",
    "host",
    "port",
    "version",
    "size",
    "length",
    "format",
    "store",
    "class",
    "schedule",
    "ttl",
    "days",
];

/// Keys whose whole subtree refers to secrets kept elsewhere (Kubernetes references), never
/// holding a value: `envSecrets: [{envVar, secretRef: {name, key}}]`, `imagePullSecrets`.
const REFERENCE_KEYS: &[&str] = &["envsecrets", "imagepullsecrets", "envfrom", "mounts"];

/// A key's words, lower-case: split at anything not a letter or digit, and at camelCase
/// boundaries (`APIKey` → `api`, `key`).
pub fn words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let starts_word = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if starts_word && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A key whose value is a secret: one of its words says so, and its last word does not say
/// it merely names or configures one (`apiKey` yes; `secretName`, `authMode` no).
pub fn is_sensitive(key: &str) -> bool {
    let w = words(key);
    w.iter().any(|w| SECRET_WORDS.contains(&w.as_str())) && !is_descriptive(&w)
}

/// A key that names or configures rather than holds: inside a secret block such a key's
/// value stays readable (`secrets.mountPath`, `external-secrets.enabled`).
pub fn is_descriptive_key(key: &str) -> bool {
    is_descriptive(&words(key))
}

fn is_descriptive(words: &[String]) -> bool {
    words
        .last()
        .is_some_and(|l| DESCRIPTIVE_LAST_WORDS.contains(&l.as_str()))
        // `existingSecret`: the name of a Secret someone else made; `checksum/secret`: a hash.
        || words
            .first()
            .is_some_and(|f| f == "existing" || f == "checksum")
}

/// A key whose value is a connection string (`DATABASE_URL`, `database.url` below `database`
/// counts too, `SENTRY_DSN`): its password must go even when the rest may stay.
pub fn is_connection_string(path: &[&str]) -> bool {
    let Some(last) = path.last() else {
        return false;
    };
    let lw = words(last);
    if lw.last().is_some_and(|l| l == "dsn") {
        return true;
    }
    if !lw.last().is_some_and(|l| l == "url" || l == "uri") {
        return false;
    }
    // The key itself or its parent names the thing connected to.
    let parent = path.len().checked_sub(2).map(|i| words(path[i]));
    lw.iter()
        .chain(parent.iter().flatten())
        .any(|w| CONNECTION_WORDS.contains(&w.as_str()))
}

/// A key whose subtree only refers to secrets (see [`REFERENCE_KEYS`]), or ends in `Ref`.
pub fn is_reference(key: &str) -> bool {
    let joined: String = words(key).concat();
    REFERENCE_KEYS.contains(&joined.as_str())
        || words(key)
            .last()
            .is_some_and(|l| l == "ref" || l == "refs" || l == "selector")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_split_into_words_whatever_their_case() {
        assert_eq!(words("anthropicApiKey"), ["anthropic", "api", "key"]);
        assert_eq!(words("OPENAI_API_KEY"), ["openai", "api", "key"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("gateway-auth-token"), ["gateway", "auth", "token"]);
        assert_eq!(words("s3Bucket"), ["s3", "bucket"]);
        assert_eq!(words("checksum/secret"), ["checksum", "secret"]);
    }

    #[test]
    fn secrets_are_told_from_what_names_them() {
        for k in [
            "anthropicApiKey",
            "OPENAI_API_KEY",
            "gatewayAuthToken",
            "password",
            "POSTGRES_PASSWORD",
            "secretAccessKey",
            "client_secret",
            "secrets",
            "auth",
            "GITHUB_PAT",
        ] {
            assert!(is_sensitive(k), "{k} should be sensitive");
        }
        for k in [
            "secretName",
            "existingSecret",
            "tokenPath",
            "authMode",
            "external",
            "mountPath",
            "accessKeyIdSecretRef",
            "checksum/secret",
            "replicaCount",
            "monkey",
            "keyboard",
            "DATABASE_URL",
            "passing",
        ] {
            assert!(!is_sensitive(k), "{k} should not be sensitive");
        }
    }

    #[test]
    fn references_are_recognised() {
        assert!(is_reference("envSecrets"));
        assert!(is_reference("imagePullSecrets"));
        assert!(is_reference("secretRef"));
        assert!(is_reference("secretKeyRef"));
        assert!(!is_reference("secrets"));
    }

    #[test]
    fn connection_strings_are_recognised_by_key_or_parent() {
        assert!(is_connection_string(&["DATABASE_URL"]));
        assert!(is_connection_string(&["database", "url"]));
        assert!(is_connection_string(&["redisUri"]));
        assert!(is_connection_string(&["SENTRY_DSN"]));
        assert!(!is_connection_string(&["llm", "nearaiBaseUrl"]));
        assert!(!is_connection_string(&["database", "name"]));
    }
}
