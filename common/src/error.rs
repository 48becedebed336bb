//! Every failure claw reports, each as one line that names what failed and what to do,
//! and the exit code it maps to (0 ok, 1 failed, 2 usage, 3 cannot reach or authenticate).

use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Exit codes shared by both plugins; documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILED: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const UNREACHABLE: i32 = 3;
    /// Ctrl-C, as shells report SIGINT.
    pub const INTERRUPTED: i32 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),

    #[error("kubeconfig: {0}")]
    Kubeconfig(String),

    #[error(
        "cannot reach the Kubernetes API server at {server} (context \"{context}\"): {reason}; check the cluster is up and the kubeconfig points at it"
    )]
    Unreachable {
        server: String,
        context: String,
        reason: String,
    },

    #[error(
        "the Kubernetes API server at {server} (context \"{context}\") did not answer within {}; raise --request-timeout or check the server", humantime(*.timeout)
    )]
    Timeout {
        server: String,
        context: String,
        timeout: Duration,
    },

    #[error(
        "the API server at {server} rejected the credentials of context \"{context}\" (401 Unauthorized): log in again or renew the token"
    )]
    Unauthorized { server: String, context: String },

    #[error("getting credentials for context \"{context}\" failed: {reason}")]
    Credentials { context: String, reason: String },

    /// A 403. `message` is the API server's own sentence, which names user, verb and resource.
    #[error("forbidden: {message}; ask a cluster admin for that permission")]
    Forbidden { message: String },

    #[error("not found: {message}")]
    NotFound { message: String },

    #[error("unknown bot \"{name}\"{}", known_list(.known))]
    UnknownBot { name: String, known: Vec<String> },

    /// 429 or 5xx that kept coming back after the retries ran out, or another unexpected status.
    #[error("the API server answered {code} for {what} (after {attempts} attempt{}): {message}", if *.attempts == 1 { "" } else { "s" })]
    Server {
        code: u16,
        what: String,
        attempts: u32,
        message: String,
    },

    #[error("unexpected answer from the API server for {what}: {detail}")]
    BadResponse { what: String, detail: String },

    #[error(
        "metrics are not available: {detail}; install metrics-server (https://github.com/kubernetes-sigs/metrics-server) for `top`"
    )]
    MetricsUnavailable { detail: String },

    #[error("interrupted")]
    Interrupted,

    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Kubeconfig(_)
            | Error::Unreachable { .. }
            | Error::Timeout { .. }
            | Error::Unauthorized { .. }
            | Error::Credentials { .. } => exit::UNREACHABLE,
            Error::Interrupted => exit::INTERRUPTED,
            _ => exit::FAILED,
        }
    }

    pub fn is_forbidden(&self) -> bool {
        matches!(self, Error::Forbidden { .. })
    }
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "; no bots were found in scope".to_string()
    } else {
        format!("; known bots: {}", known.join(", "))
    }
}

/// "30s", "1m30s", "250ms": how kubectl spells durations.
pub fn humantime(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = d.as_secs();
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s}s"),
        (h, m, s) => format!("{h}h{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_design() {
        let unreachable = Error::Unreachable {
            server: "https://x".into(),
            context: "c".into(),
            reason: "connection refused".into(),
        };
        assert_eq!(unreachable.exit_code(), 3);
        assert_eq!(Error::Usage("bad".into()).exit_code(), 2);
        assert_eq!(
            Error::Forbidden {
                message: "no".into()
            }
            .exit_code(),
            1
        );
    }

    #[test]
    fn unknown_bot_lists_the_known_ones() {
        let e = Error::UnknownBot {
            name: "nope".into(),
            known: vec!["iron".into(), "pico".into()],
        };
        assert_eq!(
            e.to_string(),
            "unknown bot \"nope\"; known bots: iron, pico"
        );
    }

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(humantime(Duration::from_millis(250)), "250ms");
        assert_eq!(humantime(Duration::from_secs(30)), "30s");
        assert_eq!(humantime(Duration::from_secs(90)), "1m30s");
        assert_eq!(humantime(Duration::from_secs(120)), "2m");
    }
}
