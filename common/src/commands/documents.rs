//! Every json/yaml document claw prints, as named types: the body after `apiVersion` and
//! `kind` (`output::Document` adds those). Field names are the documented, stable schema (the
//! README's "The json/yaml document"); fields are only ever added within a version. Each
//! command's result builds its body here (`Render::body`); nothing serialises by hand.

use serde::Serialize;

use crate::doctor::Check;
use crate::fleet::events::EventView;
use crate::fleet::infrastructure;
use crate::fleet::metrics::Usage;
use crate::fleet::probe::Probe;
use crate::output::bot_table::BotItem;
use crate::upgrade::safety::{Override, Refusal, RefusalKind};

/// `Status`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusBody<'a> {
    pub control_plane: Option<BotItem<'a>>,
    pub bots: Vec<BotItem<'a>>,
    pub infrastructure: &'a [infrastructure::Row],
    pub warnings: &'a [String],
}

/// `BotList`.
#[derive(Serialize)]
pub struct BotListBody<'a> {
    pub items: Vec<BotItem<'a>>,
    pub warnings: &'a [String],
}

/// `HealthReport`.
#[derive(Serialize)]
pub struct HealthBody<'a> {
    pub healthy: bool,
    pub items: Vec<HealthItem<'a>>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct HealthItem<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    #[serde(flatten)]
    pub probe: &'a Probe,
}

/// `EventList`.
#[derive(Serialize)]
pub struct EventListBody<'a> {
    pub items: &'a [EventView],
    pub warnings: &'a [String],
}

/// `TopReport`.
#[derive(Serialize)]
pub struct TopBody<'a> {
    pub items: Vec<TopItem<'a>>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct TopItem<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    pub usage: Usage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<Usage>,
}

/// `DoctorReport`.
#[derive(Serialize)]
pub struct DoctorBody<'a> {
    pub checks: &'a [Check],
    pub summary: DoctorSummary,
}

#[derive(Serialize)]
pub struct DoctorSummary {
    pub pass: usize,
    pub info: usize,
    pub skip: usize,
    pub warn: usize,
    pub fail: usize,
}

/// `ChartList`.
#[derive(Serialize)]
pub struct ChartListBody {
    pub items: Vec<ChartItem>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartItem {
    pub name: &'static str,
    pub version: &'static str,
    pub app_version: &'static str,
    pub digest: &'static str,
}

/// `Version`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionBody<'a> {
    pub client: VersionClient,
    /// `null` when the cluster did not answer; `serverError` says why.
    pub server: Option<VersionServer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_error: Option<&'a str>,
}

#[derive(Serialize)]
pub struct VersionClient {
    pub version: &'static str,
    pub commit: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionServer<'a> {
    pub git_version: &'a str,
    pub platform: &'a str,
}

/// `UpgradePlan` (and, with `kind: RollbackPlan`, a rollback's).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanBody<'a> {
    pub dry_run: bool,
    pub chart_source: &'a str,
    /// The upgrade run's id, written into each new revision's Helm description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<&'a str>,
    pub items: Vec<PlanEntry<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanEntry<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub chart: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// A rollback's: the revision it runs, and the one it goes back to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_revision: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_revision: Option<u64>,
    /// `upgrade`, `up-to-date`, `refused` (a rollback's: `rollback`, `rolled-back-already`,
    /// `refused`).
    pub action: &'static str,
    /// The guards that hold it back.
    pub refusals: Vec<Guard<'a>>,
    /// The guards `--force`/`--unsafe` went past.
    pub forced_past: Vec<Guard<'a>>,
    /// `null` when the release was not compared.
    pub objects: Option<PlanObjects<'a>>,
    /// Fields changed on the cluster outside Helm that the operation writes back: a warning,
    /// never a refusal.
    pub drift: &'a [crate::upgrade::drift::Drift],
    /// Why some live objects could not be compared.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub drift_notes: &'a [String],
    /// The RESULT column.
    pub result: String,
    /// With `--diff`: the manifest diff, secrets hidden (`<redacted, changed>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanObjects<'a> {
    pub added: &'a [String],
    pub removed: &'a [String],
    pub changed: &'a [String],
    pub changed_fields: &'a std::collections::BTreeMap<String, Vec<String>>,
    pub unchanged: usize,
}

/// A guard: what kind, of what, the sentence, and the flag that goes past it.
#[derive(Serialize)]
pub struct Guard<'a> {
    pub kind: RefusalKind,
    pub subject: &'a str,
    pub message: String,
    #[serde(rename = "override")]
    pub override_flag: Option<Override>,
}

impl<'a> Guard<'a> {
    pub fn of(r: &'a Refusal) -> Guard<'a> {
        Guard {
            kind: r.kind,
            subject: &r.subject,
            message: r.message(),
            override_flag: r.kind.overridden_by(),
        }
    }
}

/// `RestartReport`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartBody<'a> {
    pub items: Vec<RestartEntry<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartEntry<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    /// The Deployments restarted.
    pub deployments: &'a [String],
    /// `ready`, `restarted` (not waited for), `failed`.
    pub result: &'static str,
    pub message: String,
}

/// `ReleaseHistory`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryBody<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    /// Oldest first.
    pub revisions: Vec<HistoryEntry<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry<'a> {
    pub revision: u64,
    /// When the revision was deployed (Helm's `last_deployed`), RFC 3339.
    pub updated: Option<jiff::Timestamp>,
    /// Helm's status: `deployed`, `superseded`, `failed`, `pending-upgrade`, …
    pub status: &'a str,
    /// "picoclaw-0.1.9", as Helm prints CHART.
    pub chart: Option<String>,
    pub app_version: Option<&'a str>,
    pub description: String,
    /// The claw upgrade run that made the revision.
    pub run: Option<crate::upgrade::run_id::RunId>,
}

/// `RestoreReport`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreBody<'a> {
    pub dry_run: bool,
    pub backup: RestoreBackup<'a>,
    pub chart_source: &'a str,
    pub items: Vec<RestoreEntry<'a>>,
    pub volumes: &'a [VolumeRestore],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<PlanBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreBackup<'a> {
    pub dir: String,
    pub claw_version: &'a str,
    pub cluster: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreEntry<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub type_name: &'a str,
    pub chart: &'a str,
    pub backed_up_version: &'a str,
    pub version: Option<&'a str>,
    /// `install`, `skip`, `upgrade`, `refused`.
    pub action: &'static str,
    pub result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Guard<'a>>,
    pub missing_values: &'a [String],
    pub from_external_secret: &'a [String],
}

/// `InstallResult`: what `install` did (or, with `--dry-run`, would do).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstallBody<'a> {
    pub dry_run: bool,
    pub namespace: &'a str,
    pub name: &'a str,
    pub chart: &'a str,
    pub version: &'a str,
    /// Where the chart came from: `embedded`, a repository, a path.
    pub chart_source: &'a str,
    pub create_namespace: bool,
    /// `will install`, `installed`, `failed: …`.
    pub result: String,
    /// The chart's NOTES, secrets hidden (empty on a dry run or a failure).
    pub notes: String,
}

/// `UninstallResult`: the plan (what goes, in order, and the volumes whose data goes with it)
/// and each step's result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UninstallBody<'a> {
    pub items: Vec<UninstallEntry<'a>>,
    pub volumes: Vec<UninstallVolume<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UninstallEntry<'a> {
    /// `release` or `namespace`.
    pub kind: &'static str,
    pub namespace: &'a str,
    /// The release's name; absent for a namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    /// `uninstalled`, `deleted`, `failed: …`.
    pub result: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UninstallVolume<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub release: &'a str,
    pub size: &'a str,
}

/// `BackupResult`: where the backup went and what it holds (the directory's `backup.yaml` has
/// the whole index), and the Velero backups created.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupBody<'a> {
    pub dir: String,
    pub values_files: usize,
    pub releases: Vec<BackupRelease<'a>>,
    pub volumes: usize,
    /// Releases whose values could not be read (a partial backup).
    pub unread: Vec<String>,
    pub velero_backups: &'a [VeleroEntry],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupRelease<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<&'a str>,
    pub redacted: &'a [String],
}

/// A Velero Backup claw created (and, with `--wait`, its last phase).
#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct VeleroEntry {
    pub namespace: String,
    pub name: String,
    /// The bot namespace it covers, and the bots in it.
    pub covers: String,
    pub bots: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

/// For each release that had data: its claims, and the `velero restore` line when Velero has
/// a finished backup of its namespace.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeRestore {
    pub namespace: String,
    pub name: String,
    pub claims: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub velero_restore: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub velero_backup_phase: Option<String>,
}
