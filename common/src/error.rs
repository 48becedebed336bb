//! Every failure claw reports, each as one line that names what failed and what to do,
//! and the exit code it maps to (0 ok, 1 failed, 2 usage, 3 cannot reach or authenticate).

use std::time::Duration;

use crate::exit::Exit;

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
        "the Kubernetes API server at {server} (context \"{context}\") did not answer within {}; raise --request-timeout or check the server", crate::duration::human(*.timeout)
    )]
    Timeout {
        server: String,
        context: String,
        timeout: Duration,
    },

    /// The server answered, but not as Kubernetes does (a web page, a proxy's login form).
    #[error(
        "{server} (context \"{context}\") does not answer like a Kubernetes API server: {detail}; check the server URL in the kubeconfig"
    )]
    NotKubernetes {
        server: String,
        context: String,
        detail: String,
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

    /// `scope`: where it was looked for ("namespace \"x\"", "any namespace"); `closest`: at
    /// most ten `NAMESPACE/NAME`s, nearest first; `more`: how many were left out.
    #[error("unknown bot \"{name}\" in {scope}{}", closest_list(.closest, *.more))]
    UnknownBot {
        name: String,
        scope: String,
        closest: Vec<String>,
        more: usize,
    },

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

    /// A chart repository that could not give the chart: unreachable, empty, no such version.
    #[error(
        "cannot get chart {chart}{} from {repo}: {reason}; check the repository (or --version), or drop --chart-repo and unset CLAWMACHINE_CHART_REPO to use the charts embedded in claw",
        version.as_deref().map(|v| format!(" {v}")).unwrap_or_default()
    )]
    ChartSource {
        repo: String,
        chart: String,
        version: Option<String>,
        reason: String,
    },

    #[error("interrupted")]
    Interrupted,

    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            Error::Kubeconfig(_)
            | Error::Unreachable { .. }
            | Error::Timeout { .. }
            | Error::Unauthorized { .. }
            | Error::NotKubernetes { .. }
            | Error::Credentials { .. } => Exit::Unreachable,
            Error::Interrupted => Exit::Interrupted,
            _ => Exit::Failed,
        }
    }

    pub fn is_forbidden(&self) -> bool {
        matches!(self, Error::Forbidden { .. })
    }
}

fn closest_list(closest: &[String], more: usize) -> String {
    match (closest.is_empty(), more) {
        (true, _) => "; no bots are there".to_string(),
        (false, 0) => format!("; closest: {}", closest.join(", ")),
        (false, n) => format!("; closest: {}, and {n} more", closest.join(", ")),
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
        assert_eq!(unreachable.exit(), Exit::Unreachable);
        assert_eq!(Error::Usage("bad".into()).exit(), Exit::Usage);
        assert_eq!(
            Error::Forbidden {
                message: "no".into()
            }
            .exit(),
            Exit::Failed
        );
    }

    #[test]
    fn unknown_bot_names_the_closest_ones() {
        let e = Error::UnknownBot {
            name: "nope".into(),
            scope: "any namespace".into(),
            closest: vec!["a/iron".into(), "b/pico".into()],
            more: 0,
        };
        assert_eq!(
            e.to_string(),
            "unknown bot \"nope\" in any namespace; closest: a/iron, b/pico"
        );
        let none = Error::UnknownBot {
            name: "nope".into(),
            scope: "namespace \"default\"".into(),
            closest: vec![],
            more: 0,
        };
        assert_eq!(
            none.to_string(),
            "unknown bot \"nope\" in namespace \"default\"; no bots are there"
        );
    }
}
