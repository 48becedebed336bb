//! `claw version`: this build (version, commit) and, when the cluster answers, the server's
//! version. An unreachable cluster is reported, not an error: exit 0.

use std::time::Duration;

use super::documents;
use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::host::Host;
use crate::output::{Io, OutputOptions, Render, render};
use clap::Args;

pub const COMMIT: &str = env!("CLAW_COMMIT");

#[derive(Debug, Args)]
pub struct VersionArgs {}

/// This build, and the server's version or why it could not be had.
struct VersionReport {
    client: documents::VersionClient,
    server: Option<Server>,
    server_error: Option<String>,
    host: Host,
}

/// What `/version` answers, as far as claw reads it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Server {
    git_version: String,
    #[serde(default)]
    platform: String,
}

pub async fn run(ctx: &Context, _args: &VersionArgs, io: &mut Io<'_>) -> Result<Exit> {
    // The version must not wait long for a cluster that is away.
    let ctx = ctx
        .clone()
        .with_request_timeout_at_most(Duration::from_secs(5));
    let server = match ctx.connect().await {
        Ok(c) => {
            c.cluster
                .get_json::<Server>("get the server version", "/version")
                .await
        }
        Err(e) => Err(e),
    };
    let (server, server_error) = match server {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let report = VersionReport {
        client: documents::VersionClient {
            version: env!("CARGO_PKG_VERSION"),
            commit: COMMIT,
        },
        server,
        server_error,
        host: ctx.host,
    };
    render(&report, &ctx.output, io)?;
    Ok(Exit::Ok)
}

impl Render for VersionReport {
    const KIND: &'static str = "Version";
    type Body<'a> = documents::VersionBody<'a>;

    fn body(&self) -> documents::VersionBody<'_> {
        documents::VersionBody {
            client: documents::VersionClient {
                version: self.client.version,
                commit: self.client.commit,
            },
            server: self.server.as_ref().map(|s| documents::VersionServer {
                git_version: &s.git_version,
                platform: &s.platform,
            }),
            server_error: self.server_error.as_deref(),
        }
    }

    fn text(&self, _output: &OutputOptions) -> Option<String> {
        let mut s = format!(
            "{} {} (commit {})\n",
            self.host.command_name(),
            self.client.version,
            self.client.commit
        );
        match (&self.server, &self.server_error) {
            (Some(server), _) => s.push_str(&format!(
                "server: Kubernetes {} {}\n",
                server.git_version, server.platform
            )),
            (None, Some(e)) => s.push_str(&format!("server: not reachable ({e})\n")),
            (None, None) => {}
        }
        Some(s)
    }
}
