//! `claw version`: this build (version, commit) and, when the cluster answers, the server's
//! version. An unreachable cluster is reported, not an error: exit 0.

use std::time::Duration;

use serde::Serialize;

use super::Report;
use crate::cli::Invocation;
use crate::cluster::Cluster;
use crate::output::{Document, OutputFormat, OutputOptions, render_document};

pub const COMMIT: &str = env!("CLAW_COMMIT");

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    client: Client,
    /// `null` when the cluster did not answer; `serverError` says why.
    server: Option<Server>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_error: Option<String>,
}

#[derive(Serialize)]
struct Client {
    version: &'static str,
    commit: &'static str,
}

#[derive(Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Server {
    git_version: String,
    #[serde(default)]
    platform: String,
}

pub async fn run(inv: &Invocation, output: OutputOptions) -> Report {
    let mut connect = inv.connect.clone();
    // The version must not wait long for a cluster that is away.
    connect.request_timeout = Some(
        connect
            .request_timeout
            .unwrap_or(Duration::MAX)
            .min(Duration::from_secs(5)),
    );
    let server = match Cluster::connect(&connect).await {
        Ok(cluster) => {
            cluster
                .get_json::<Server>("get the server version", "/version")
                .await
        }
        Err(e) => Err(e),
    };
    let (server, server_error) = match server {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let body = Body {
        client: Client {
            version: env!("CARGO_PKG_VERSION"),
            commit: COMMIT,
        },
        server,
        server_error,
    };
    let stdout = match output.format {
        OutputFormat::Json | OutputFormat::Yaml => {
            render_document(output.format, &Document::new("Version", &body)).unwrap_or_default()
        }
        OutputFormat::Table | OutputFormat::Wide => {
            let mut s = format!(
                "{} {} (commit {})\n",
                inv.host.command_name(),
                body.client.version,
                body.client.commit
            );
            match (&body.server, &body.server_error) {
                (Some(server), _) => s.push_str(&format!(
                    "server: Kubernetes {} {}\n",
                    server.git_version, server.platform
                )),
                (None, Some(e)) => s.push_str(&format!("server: not reachable ({e})\n")),
                (None, None) => {}
            }
            s
        }
    };
    Report {
        stdout,
        ..Default::default()
    }
}
