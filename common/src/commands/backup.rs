//! `claw backup DIR`: each release's values (secrets redacted unless --include-secrets) and an
//! index (`backup_format`) that `restore` reads back; with `--velero`, Velero Backups of the
//! bots' namespaces and volumes, since claw itself copies no volume data.

use std::path::PathBuf;

use clap::Args;

use super::documents;
use crate::backup::format::{self, Index, ReleaseEntry};
use crate::backup::velero::{self, BackupRequest, Phase};
use crate::charts::embedded;
use crate::cluster::Connected;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::fleet::bot::Bot;
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::volumes;
use crate::output::{Io, OutputOptions, Render, render};
use crate::redact;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write (created if missing, 0700)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Write secret values as they are (default: redacted)
    #[arg(long)]
    pub include_secrets: bool,

    /// Exit 0 even when some releases' values could not be read (they are named as warnings)
    #[arg(long)]
    pub allow_partial: bool,

    #[command(flatten)]
    pub velero: VeleroArgs,
}

/// Velero Backups of the bots' namespaces and volumes, flags named as `velero backup create`'s.
#[derive(Debug, Args, Clone, Default)]
pub struct VeleroArgs {
    /// Also create Velero Backups (velero.io/v1) of the bots' namespaces and volumes
    #[arg(long)]
    pub velero: bool,

    /// The namespace Velero runs in
    #[arg(long, value_name = "NS", default_value = velero::DEFAULT_NAMESPACE, requires = "velero")]
    pub velero_namespace: String,

    /// Take snapshots of the volumes (default: Velero's own setting)
    #[arg(long, value_name = "BOOL", requires = "velero", num_args = 0..=1, default_missing_value = "true")]
    pub snapshot_volumes: Option<bool>,

    /// Back every volume up with file-system backup (no snapshot support needed)
    #[arg(long, requires = "velero")]
    pub default_volumes_to_fs_backup: bool,

    /// How long Velero keeps the backups (e.g. 720h; default: Velero's 30 days)
    #[arg(long, value_name = "DURATION", requires = "velero", value_parser = crate::duration::parse)]
    pub ttl: Option<std::time::Duration>,

    /// The BackupStorageLocation to write to (default: Velero's default)
    #[arg(long, value_name = "NAME", requires = "velero")]
    pub storage_location: Option<String>,

    /// Wait until Velero has finished the backups, showing their phases
    #[arg(long, requires = "velero")]
    pub wait: bool,
}

pub async fn run(ctx: &Context, args: &BackupArgs, io: &mut Io<'_>) -> Result<Exit> {
    let dir = args.dir.as_path();
    let c = ctx.connect().await?;
    // Velero first: without it, nothing is written and the user hears why at once.
    if args.velero.velero && !velero::installed(&c.cluster).await? {
        return Err(velero::not_installed());
    }
    let inventory = inventory::discover(&c, &inventory::DiscoverOptions::with_values()).await?;
    let index = write_backup(ctx, &c, &inventory, args, io).await?;
    let mut done = BackedUp {
        dir,
        index: &index,
        velero: vec![],
        waited: false,
    };
    if let Err(e) = complete_or_allowed(&index, &inventory, args, io) {
        // What was written is said before why it is not enough.
        render(&done, &ctx.output, io)?;
        return Err(e);
    }
    let requests = velero_requests(&inventory.bots(), &args.velero);
    if args.velero.velero && requests.is_empty() {
        io.warn("no bots: no Velero backup created");
    } else if args.velero.velero {
        done.velero = create_velero_backups(ctx, &c, &requests, &args.velero).await?;
    }
    if args.velero.wait && !done.velero.is_empty() {
        let names: Vec<String> = done.velero.iter().map(|v| v.name.clone()).collect();
        let phases =
            super::velero_wait::wait(&c.cluster, &args.velero.velero_namespace, &names, io).await?;
        for v in &mut done.velero {
            v.phase = phases.get(&v.name).map(|p| p.to_string());
        }
        done.waited = true;
    }
    render(&done, &ctx.output, io)?;
    let failed = done.waited
        && done
            .velero
            .iter()
            .any(|v| v.phase.as_deref() != Some(&Phase::Completed.to_string()));
    Ok(Exit::failed_if(failed))
}

/// What a backup wrote, and the Velero backups it created (with their last phases, waited for).
struct BackedUp<'a> {
    dir: &'a std::path::Path,
    index: &'a Index,
    velero: Vec<documents::VeleroEntry>,
    waited: bool,
}

impl Render for BackedUp<'_> {
    const KIND: &'static str = "BackupResult";
    type Body<'a>
        = documents::BackupBody<'a>
    where
        Self: 'a;

    fn body(&self) -> Self::Body<'_> {
        documents::BackupBody {
            dir: self.dir.display().to_string(),
            values_files: self.written(),
            releases: self
                .index
                .releases
                .iter()
                .map(|r| documents::BackupRelease {
                    namespace: &r.namespace,
                    name: &r.name,
                    values: r.values.as_deref(),
                    redacted: &r.redacted,
                })
                .collect(),
            volumes: self.index.volumes.len(),
            unread: self
                .index
                .releases
                .iter()
                .filter(|r| r.values.is_none())
                .map(|r| format!("{}/{}", r.namespace, r.name))
                .collect(),
            velero_backups: &self.velero,
        }
    }

    fn text(&self, output: &OutputOptions) -> Option<String> {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let (written, releases, volumes) = (
            self.written(),
            self.index.releases.len(),
            self.index.volumes.len(),
        );
        let mut out = format!(
            "wrote {written} values file{} and {} ({releases} release{}, {volumes} volume{}) to {}\n",
            s(written),
            format::INDEX_FILE,
            s(releases),
            s(volumes),
            self.dir.display()
        );
        for v in &self.velero {
            out.push_str(&format!(
                "created Velero backup {}/{} (namespace {}: {})\n",
                v.namespace,
                v.name,
                v.covers,
                v.bots.join(", ")
            ));
        }
        if self.waited {
            out.push_str(&super::velero_wait::table(&self.velero, output));
        }
        Some(out)
    }
}

impl BackedUp<'_> {
    fn written(&self) -> usize {
        self.index
            .releases
            .iter()
            .filter(|r| r.values.is_some())
            .count()
    }
}

/// Writes the values files and the index of everything in `inventory` to `args.dir`.
async fn write_backup(
    ctx: &Context,
    c: &Connected,
    inventory: &Inventory,
    args: &BackupArgs,
    io: &mut Io<'_>,
) -> Result<Index> {
    let dir = args.dir.as_path();
    let mut warnings = inventory.warnings.clone();
    warnings.extend(inventory.unreadable_note(ctx.host.command_name(), ctx.verbose));
    let everyone = inventory.all();
    let volumes = volumes::of_bots(&c.cluster, &c.scope, &everyone).await?;
    format::create_private_dir(dir)?;
    let releases = write_values(dir, &everyone, args.include_secrets, &mut warnings)?;
    let mut namespaces: Vec<String> = releases.iter().map(|r| r.namespace.clone()).collect();
    namespaces.dedup();
    let index = Index {
        api_version: format::API_VERSION.into(),
        kind: format::KIND.into(),
        claw_version: env!("CARGO_PKG_VERSION").into(),
        cluster: c.cluster.cluster_name.clone(),
        namespaces,
        releases,
        volumes,
    };
    format::write_private(&dir.join(format::INDEX_FILE), &format::index_text(&index)?)?;
    io.warn_all(&warnings);
    Ok(index)
}

/// A backup missing some releases' values fails (a scheduled backup that saved nothing must
/// not look like one that saved everything), unless `--allow-partial` says that will do.
fn complete_or_allowed(
    index: &Index,
    inventory: &Inventory,
    args: &BackupArgs,
    io: &mut Io<'_>,
) -> Result<()> {
    let unread: Vec<String> = index
        .releases
        .iter()
        .filter(|r| r.values.is_none())
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .collect();
    if unread.is_empty() {
        return Ok(());
    }
    // A values file an earlier backup left there is not this backup's: said, never passed off.
    let stale: Vec<String> = index
        .releases
        .iter()
        .filter(|r| r.values.is_none())
        .map(|r| format::values_path(&r.namespace, &r.name))
        .filter(|p| args.dir.join(p).exists())
        .collect();
    let mut what = format!(
        "the values of {} release{} could not be read: {}",
        unread.len(),
        if unread.len() == 1 { "" } else { "s" },
        unread.join(", ")
    );
    if !stale.is_empty() {
        what.push_str(&format!(
            " ({} in {} from an earlier backup, left as it was and not in this backup's index)",
            stale.join(", "),
            args.dir.display()
        ));
    }
    if args.allow_partial {
        io.warn(&format!("partial backup: {what}"));
        return Ok(());
    }
    let why = inventory
        .releases_unreadable
        .as_deref()
        .map(|why| format!(" ({why})"))
        .unwrap_or_default();
    Err(Error::Other(format!(
        "backup incomplete: {what}{why}; they are not in {} (--allow-partial to accept a partial backup)",
        args.dir.display()
    )))
}

/// Each readable release's values file (redacted unless `include_secrets`), and the index
/// entries of all, sorted.
fn write_values(
    dir: &std::path::Path,
    everyone: &[&Bot],
    include_secrets: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<ReleaseEntry>> {
    let mut releases = Vec::new();
    for b in everyone {
        let mut entry = entry_of(b);
        if !b.release.state.is_readable() {
            warnings.push(format!(
                "{}: its release cannot be read ({}); no values written",
                b.key(),
                b.release.state
            ));
            releases.push(entry);
            continue;
        }
        let values = if include_secrets {
            b.values.clone()
        } else {
            redact::value(&b.values)
        };
        entry.redacted = redact::redacted_paths(&values);
        let rel = format::values_path(&b.namespace, &b.name);
        format::write_private(&dir.join(&rel), &values_text(b, &values, include_secrets)?)?;
        entry.values = Some(rel);
        releases.push(entry);
    }
    releases.sort();
    Ok(releases)
}

/// One Backup per bot namespace, covering its bots.
fn velero_requests(bots: &[&Bot], args: &VeleroArgs) -> Vec<BackupRequest> {
    let mut by_ns: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for b in bots {
        by_ns
            .entry(b.namespace.as_str())
            .or_default()
            .push(b.name.clone());
    }
    by_ns
        .into_iter()
        .map(|(ns, instances)| BackupRequest {
            namespace: ns.to_string(),
            instances,
            snapshot_volumes: args.snapshot_volumes,
            fs_backup: args.default_volumes_to_fs_backup,
            ttl: args.ttl.map(go_duration),
            storage_location: args.storage_location.clone(),
        })
        .collect()
}

/// A duration as Go (and so Velero's `spec.ttl`) spells it: `720h0m0s`.
fn go_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    format!("{}h{}m{}s", s / 3600, s / 60 % 60, s % 60)
}

async fn create_velero_backups(
    ctx: &Context,
    c: &Connected,
    requests: &[BackupRequest],
    args: &VeleroArgs,
) -> Result<Vec<documents::VeleroEntry>> {
    let now = ctx.now();
    let mut created = Vec::new();
    for r in requests {
        let name = velero::backup_name(&r.namespace, now);
        let object = velero::backup_object(&name, &args.velero_namespace, r);
        velero::create(&c.cluster, &object).await.map_err(|e| match e {
            Error::NotFound { .. } => Error::Other(format!(
                "cannot create Velero backups in namespace \"{}\": it does not exist; pass --velero-namespace where Velero runs",
                args.velero_namespace
            )),
            e => e,
        })?;
        created.push(documents::VeleroEntry {
            namespace: args.velero_namespace.clone(),
            name,
            covers: r.namespace.clone(),
            bots: r.instances.clone(),
            phase: None,
        });
    }
    Ok(created)
}

fn entry_of(b: &Bot) -> ReleaseEntry {
    let chart = b.release.chart.clone().unwrap_or_default();
    let chart_version = b.release.chart_version.clone().unwrap_or_default();
    let embedded = embedded::find(&chart).is_some_and(|e| e.version == chart_version);
    ReleaseEntry {
        namespace: b.namespace.clone(),
        name: b.name.clone(),
        type_name: b.type_name().to_string(),
        chart,
        chart_version,
        app_version: b.release.app_version.clone().unwrap_or_default(),
        chart_source: if embedded { "embedded" } else { "unrecorded" }.into(),
        revision: b.release.revision.unwrap_or(0),
        status: b.release.state.to_string(),
        values: None,
        redacted: vec![],
    }
}

/// A release's values file: a header saying what it is, then the values.
fn values_text(b: &Bot, values: &serde_json::Value, include_secrets: bool) -> Result<String> {
    let values = if values.is_null() {
        serde_json::json!({})
    } else {
        values.clone()
    };
    let yaml = serde_saphyr::to_string(&values)
        .map_err(|e| Error::Other(format!("writing values: {e}")))?;
    let header = format!(
        "# {} {}: chart {}, revision {}\n# The values set on the release (claw restore reads them back).{}\n",
        b.type_name(),
        b.key(),
        b.release.chart_ref().unwrap_or_default(),
        b.release.revision.unwrap_or(0),
        if include_secrets {
            "\n# CONTAINS SECRET VALUES: keep this file private."
        } else {
            "\n# Secrets are <redacted>: restore asks for them (--set, -f or --values-dir)."
        }
    );
    Ok(header + &yaml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_is_spelled_as_go_spells_durations() {
        assert_eq!(
            go_duration(std::time::Duration::from_secs(720 * 3600)),
            "720h0m0s"
        );
        assert_eq!(go_duration(std::time::Duration::from_secs(90)), "0h1m30s");
    }
}
