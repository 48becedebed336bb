//! `claw backup DIR`: each release's user values (secrets redacted unless --include-secrets) and
//! an inventory of releases and bot volumes, in a stable order and without timestamps, so the
//! directory diffs cleanly in git. claw copies no volume data: that is the cluster backup tool's
//! job (Velero or the like), and the inventory says which claims it must cover.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use crate::bot::Bot;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::inventory;
use crate::output::Io;
use crate::redact;
use crate::volumes::{self, Volume};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Write secret values as they are (default: redacted)
    #[arg(long)]
    pub include_secrets: bool,
}

pub async fn run(ctx: &Context, args: &BackupArgs, io: &mut Io<'_>) -> Result<Exit> {
    let dir = args.dir.as_path();
    let c = ctx.connect().await?;
    let inventory = inventory::discover(&c, &Default::default()).await?;
    let mut warnings = inventory.warnings.clone();
    let everyone = inventory.all();
    let volumes = volumes::of_bots(&c.cluster, &c.scope, &everyone).await?;
    let mut written = 0;
    let mut releases = Vec::new();
    for b in &everyone {
        releases.push(ReleaseEntry::of(b));
        if !b.release.state.is_readable() {
            warnings.push(format!(
                "{}: its release cannot be read ({}); no values written",
                b.key(),
                b.release.state
            ));
            continue;
        }
        let path = dir
            .join(&b.namespace)
            .join(format!("{}.values.yaml", b.name));
        write_file(
            &path,
            &values_text(b, args.include_secrets)?,
            args.include_secrets,
        )?;
        written += 1;
    }
    releases.sort();
    write_file(
        &dir.join("inventory.yaml"),
        &inventory_text(&releases, &volumes)?,
        false,
    )?;
    io.warn_all(&warnings);
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let _ = io.print(&format!(
        "wrote {written} values file{} and inventory.yaml ({} release{}, {} volume{}) to {}\n",
        s(written),
        releases.len(),
        s(releases.len()),
        volumes.len(),
        s(volumes.len()),
        dir.display()
    ));
    Ok(Exit::Ok)
}

/// A release's values file: a header saying what it is, then the values (secrets redacted
/// unless asked for).
fn values_text(b: &Bot, include_secrets: bool) -> Result<String> {
    let values = if include_secrets {
        b.values.clone()
    } else {
        redact::values(&b.values)
    };
    let values = if values.is_null() {
        serde_json::json!({})
    } else {
        values
    };
    let yaml = serde_saphyr::to_string(&values)
        .map_err(|e| Error::Other(format!("writing values: {e}")))?;
    let header = format!(
        "# {} {}: chart {}, revision {}\n# The values set on the release (restore: helm upgrade … -f this file).{}\n",
        b.type_name(),
        b.key(),
        b.release.chart_ref().unwrap_or_default(),
        b.release.revision.unwrap_or(0),
        if include_secrets {
            "\n# CONTAINS SECRET VALUES: keep this file private."
        } else {
            "\n# Secret values are redacted; --include-secrets writes them."
        }
    );
    Ok(header + &yaml)
}

fn inventory_text(releases: &[ReleaseEntry], volumes: &[Volume]) -> Result<String> {
    #[derive(Serialize)]
    struct Inventory<'a> {
        releases: &'a [ReleaseEntry],
        volumes: &'a [Volume],
    }
    let doc = serde_saphyr::to_string(&Inventory { releases, volumes })
        .map_err(|e| Error::Other(format!("writing the inventory: {e}")))?;
    let header = "# ClawMachine releases and the PersistentVolumeClaims holding bots' data.\n# claw copies no volume data: back these claims up with your cluster's backup tool (e.g. Velero).\n";
    Ok(format!("{header}{doc}"))
}

fn write_file(path: &Path, text: &str, private: bool) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Other(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(path, text)
        .map_err(|e| Error::Other(format!("cannot write {}: {e}", path.display())))?;
    if private {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::Other(format!("cannot restrict {}: {e}", path.display())))?;
    }
    Ok(())
}

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
struct ReleaseEntry {
    namespace: String,
    name: String,
    #[serde(rename = "type")]
    type_name: String,
    chart: String,
    chart_version: String,
    app_version: String,
    revision: u64,
    status: String,
}

impl ReleaseEntry {
    fn of(b: &Bot) -> ReleaseEntry {
        ReleaseEntry {
            namespace: b.namespace.clone(),
            name: b.name.clone(),
            type_name: b.type_name().to_string(),
            chart: b.release.chart.clone().unwrap_or_default(),
            chart_version: b.release.chart_version.clone().unwrap_or_default(),
            app_version: b.release.app_version.clone().unwrap_or_default(),
            revision: b.release.revision.unwrap_or(0),
            status: b.release.state.to_string(),
        }
    }
}
