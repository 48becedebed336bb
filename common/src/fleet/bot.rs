//! What a bot is and how its state is decided. "How is a bot's status decided" lives here and
//! nowhere else: [`Bot::state`] turns the release and the pods into a [`BotState`], and every
//! view (tables, colours, doctor, lifecycle guards, health) matches on that.

use serde::Serialize;

use crate::fleet::pods::PodSummary;
use crate::releases::storage::BotSettings;

pub use crate::clawmachine::{CONTROL_PLANE_CHART, CONTROL_PLANE_NAMESPACE, labels};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum BotType {
    Openclaw,
    Picoclaw,
    Ironclaw,
    Busybox,
}

impl BotType {
    pub const ALL: [BotType; 4] = [
        BotType::Openclaw,
        BotType::Picoclaw,
        BotType::Ironclaw,
        BotType::Busybox,
    ];

    pub fn chart(self) -> &'static str {
        match self {
            BotType::Openclaw => "openclaw",
            BotType::Picoclaw => "picoclaw",
            BotType::Ironclaw => "ironclaw",
            BotType::Busybox => "busybox",
        }
    }

    pub fn from_chart(chart: &str) -> Option<BotType> {
        BotType::ALL.into_iter().find(|t| t.chart() == chart)
    }
}

/// The control plane, or a bot of some type. Decided by the release's chart name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    ControlPlane,
    Bot(BotType),
}

impl Role {
    /// `None` for charts that are not ClawMachine's: those releases are never shown.
    pub fn from_chart(chart: &str) -> Option<Role> {
        if chart == CONTROL_PLANE_CHART {
            Some(Role::ControlPlane)
        } else {
            BotType::from_chart(chart).map(Role::Bot)
        }
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Role::ControlPlane => "control-plane",
            Role::Bot(t) => t.chart(),
        }
    }

    /// The chart a release of this role runs.
    pub fn chart(self) -> &'static str {
        match self {
            Role::ControlPlane => CONTROL_PLANE_CHART,
            Role::Bot(t) => t.chart(),
        }
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.type_name())
    }
}

/// Helm's status of a release, or what claw can say when it cannot read one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReleaseState {
    Deployed,
    Failed,
    PendingInstall,
    PendingUpgrade,
    PendingRollback,
    Uninstalling,
    Uninstalled,
    Superseded,
    /// The release Secrets could not be read (RBAC): the bot was found from its workloads.
    Unknown,
    /// The release payload is corrupt.
    Unreadable,
    /// A status this claw does not know (a newer Helm's).
    Other(String),
}

impl ReleaseState {
    /// Helm's spelling (`deployed`, `pending-upgrade`, ...).
    pub fn parse(s: &str) -> ReleaseState {
        match s {
            "deployed" => ReleaseState::Deployed,
            "failed" => ReleaseState::Failed,
            "pending-install" => ReleaseState::PendingInstall,
            "pending-upgrade" => ReleaseState::PendingUpgrade,
            "pending-rollback" => ReleaseState::PendingRollback,
            "uninstalling" => ReleaseState::Uninstalling,
            "uninstalled" => ReleaseState::Uninstalled,
            "superseded" => ReleaseState::Superseded,
            "unknown" => ReleaseState::Unknown,
            "unreadable" => ReleaseState::Unreadable,
            other => ReleaseState::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            ReleaseState::Deployed => "deployed",
            ReleaseState::Failed => "failed",
            ReleaseState::PendingInstall => "pending-install",
            ReleaseState::PendingUpgrade => "pending-upgrade",
            ReleaseState::PendingRollback => "pending-rollback",
            ReleaseState::Uninstalling => "uninstalling",
            ReleaseState::Uninstalled => "uninstalled",
            ReleaseState::Superseded => "superseded",
            ReleaseState::Unknown => "unknown",
            ReleaseState::Unreadable => "unreadable",
            ReleaseState::Other(s) => s,
        }
    }

    /// Another Helm operation is under way (or was interrupted and left the release locked).
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            ReleaseState::PendingInstall
                | ReleaseState::PendingUpgrade
                | ReleaseState::PendingRollback
        )
    }

    /// Whether the release's values and chart could be read, so they can be carried over.
    pub fn is_readable(&self) -> bool {
        !matches!(self, ReleaseState::Unknown | ReleaseState::Unreadable)
    }

    /// Nothing to say about the release itself: deployed, or not known to us.
    pub fn is_quiet(&self) -> bool {
        matches!(self, ReleaseState::Deployed | ReleaseState::Unknown)
    }
}

impl std::fmt::Display for ReleaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ReleaseState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How much a state needs an operator: nothing, a look, or action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Good,
    Warn,
    Bad,
}

/// The condition of a bot's own pods, as `kubectl get pods` would name the worst of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodsState {
    /// The pods could not be listed.
    Unknown,
    /// No replicas are wanted.
    ScaledToZero,
    /// Replicas are wanted but no pod exists.
    NoPods,
    /// The worst pod's STATUS (`Running`, `CrashLoopBackOff`, `Init:0/1`, `NotReady`, ...).
    Pod(String),
}

impl PodsState {
    pub fn as_str(&self) -> &str {
        match self {
            PodsState::Unknown => "Unknown",
            PodsState::ScaledToZero => "ScaledToZero",
            PodsState::NoPods => "NoPods",
            PodsState::Pod(s) => s,
        }
    }

    /// Running, scaled to zero on purpose, or finished: nothing is happening to the pods.
    pub fn is_settled(&self) -> bool {
        matches!(self, PodsState::ScaledToZero) || matches!(self.as_str(), "Running" | "Completed")
    }

    pub fn severity(&self) -> Severity {
        match self {
            PodsState::ScaledToZero => Severity::Good,
            PodsState::Unknown | PodsState::NoPods => Severity::Warn,
            PodsState::Pod(s) => pod_severity(s),
        }
    }
}

/// A bot's state: its release and its pods, decided once from the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotState {
    pub release: ReleaseState,
    pub pods: PodsState,
}

impl BotState {
    /// The one-word STATUS: the release state wins unless it is `deployed` (or merely unknown
    /// to us), and a pod problem is kept beside it: `failed/CrashLoopBackOff`.
    pub fn status(&self) -> String {
        if self.release.is_quiet() {
            return self.pods.as_str().to_string();
        }
        if self.pods.is_settled() {
            self.release.to_string()
        } else {
            format!("{}/{}", self.release, self.pods.as_str())
        }
    }

    /// The one "healthy" rule: the release is deployed (or unknown to us) and the pods are
    /// Running and Ready, or scaled to zero on purpose.
    pub fn is_healthy(&self) -> bool {
        self.release.is_quiet()
            && (self.pods == PodsState::ScaledToZero || self.pods.as_str() == "Running")
    }

    /// How much the state needs an operator (the colour of STATUS).
    pub fn severity(&self) -> Severity {
        if self.is_healthy() {
            return Severity::Good;
        }
        let release = match &self.release {
            r if r.is_quiet() || r.is_pending() => Severity::Warn,
            _ => Severity::Bad,
        };
        release.max(self.pods.severity()).max(Severity::Warn)
    }
}

/// Helm's view of the release.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseInfo {
    /// Helm's status, or `unknown` when the release Secrets could not be read, or `unreadable`
    /// when its payload is corrupt.
    pub state: ReleaseState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chart_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_deployed: Option<jiff::Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_deployed: Option<jiff::Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Why the payload could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ReleaseInfo {
    pub fn unknown() -> ReleaseInfo {
        ReleaseInfo {
            state: ReleaseState::Unknown,
            revision: None,
            chart: None,
            chart_version: None,
            app_version: None,
            first_deployed: None,
            last_deployed: None,
            description: None,
            error: None,
        }
    }

    /// "picoclaw-0.1.0", as `helm list` prints CHART.
    pub fn chart_ref(&self) -> Option<String> {
        match (&self.chart, &self.chart_version) {
            (Some(c), Some(v)) if !v.is_empty() => Some(format!("{c}-{v}")),
            (Some(c), _) => Some(c.clone()),
            _ => None,
        }
    }

    /// When the operation the release is stuck in began, for a `pending-*` release: Helm
    /// stamps `last_deployed` when it writes the pending revision, before it touches anything.
    pub fn pending_since(&self) -> Option<jiff::Timestamp> {
        self.state
            .is_pending()
            .then_some(self.last_deployed)
            .flatten()
    }

    /// The first line of Helm's description of the last operation, as ": …", or nothing.
    pub fn description_suffix(&self) -> String {
        self.description
            .as_deref()
            .map(|d| format!(": {}", d.lines().next().unwrap_or(d)))
            .unwrap_or_default()
    }
}

/// One bot (or the control plane) with everything `status` shows about it.
#[derive(Debug, Clone)]
pub struct Bot {
    pub namespace: String,
    pub name: String,
    pub role: Role,
    pub release: ReleaseInfo,
    /// Desired replicas summed over the bot's Deployments; `None` when unknown.
    pub desired: Option<i32>,
    /// `None` when pods could not be read.
    pub pods: Option<Vec<PodSummary>>,
    /// IronClaw's database pods: a dependency, not the bot.
    pub database: Vec<PodSummary>,
    pub created: Option<jiff::Timestamp>,
    /// Names of the bot's own Deployments (not its database's).
    pub deployments: Vec<String>,
    /// Names of its database's Deployments (IronClaw's PostgreSQL).
    pub database_deployments: Vec<String>,
    /// The user's values from the release, when the command asked for them (upgrade, backup,
    /// restore); `Null` otherwise. May hold secrets: never serialised as is.
    pub values: serde_json::Value,
    /// What the read commands need of the values.
    pub settings: BotSettings,
}

impl Bot {
    /// A bot found from a release or its workloads, before its pods are attached.
    pub fn new(namespace: String, name: String, role: Role, release: ReleaseInfo) -> Bot {
        Bot {
            created: release.first_deployed,
            namespace,
            name,
            role,
            release,
            desired: None,
            pods: None,
            database: vec![],
            deployments: vec![],
            database_deployments: vec![],
            values: serde_json::Value::Null,
            settings: BotSettings::default(),
        }
    }

    /// A bot for unit tests: `claw-machine/b`, one replica wanted, no pods, release state
    /// unknown; tests set what they look at.
    #[doc(hidden)]
    pub fn for_test(role: Role) -> Bot {
        let mut b = Bot::new(
            CONTROL_PLANE_NAMESPACE.into(),
            "b".into(),
            role,
            ReleaseInfo::unknown(),
        );
        b.desired = Some(1);
        b.pods = Some(vec![]);
        b
    }

    pub fn type_name(&self) -> &'static str {
        self.role.type_name()
    }

    /// "namespace/name".
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// How a release stuck in `pending-*` is ended, in the words of `cmd` (claw as the user
    /// runs it): rolled back to its last deployed revision (Helm's own advice), or, for an
    /// install that never finished (its first revision: nothing to go back to), uninstalled
    /// and installed again.
    pub fn pending_repair(&self, cmd: &str) -> String {
        match self.release.revision.unwrap_or(1) <= 1 {
            true => format!(
                "`{cmd} uninstall {}` ends it, then install it again: its first revision never finished, so there is nothing to roll back to",
                self.key()
            ),
            false => format!("`{cmd} rollback {}` ends it", self.key()),
        }
    }

    /// The bot's state, decided from its release and its own pods.
    pub fn state(&self) -> BotState {
        BotState {
            release: self.release.state.clone(),
            pods: self.pods_state(),
        }
    }

    /// The worst of the bot's own pods, as `kubectl get pods` names them; a Running pod that
    /// is not Ready is `NotReady`.
    fn pods_state(&self) -> PodsState {
        let Some(pods) = &self.pods else {
            return PodsState::Unknown;
        };
        if pods.is_empty() {
            return if self.desired == Some(0) {
                PodsState::ScaledToZero
            } else {
                PodsState::NoPods
            };
        }
        pods.iter()
            .map(|p| {
                if p.status == "Running" && !p.ready {
                    "NotReady".to_string()
                } else {
                    p.status.clone()
                }
            })
            .min_by_key(|s| pod_rank(s))
            .map_or(PodsState::NoPods, PodsState::Pod)
    }

    /// ClawMachine's readiness rule: at least one of the bot's pods is Running, Ready and not
    /// being deleted. (Readiness, not health: see [`BotState::is_healthy`].)
    pub fn has_ready_pod(&self) -> bool {
        self.pods
            .as_deref()
            .unwrap_or_default()
            .iter()
            .any(|p| p.ready && !p.terminating && p.status == "Running")
    }

    /// Ready pods, and how many there should be (the Deployments' replicas where known).
    pub fn ready(&self) -> (usize, usize) {
        let pods = self.pods.as_deref().unwrap_or_default();
        let ready = pods.iter().filter(|p| p.ready).count();
        let want = self
            .desired
            .map_or(pods.len(), |d| usize::try_from(d).unwrap_or(0));
        (ready, want)
    }

    pub fn restarts(&self) -> i64 {
        self.pods
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|p| p.restarts)
            .sum()
    }

    /// "1/1 Running", for the database column.
    pub fn database_summary(&self) -> Option<String> {
        if self.database.is_empty() {
            return None;
        }
        let ready = self.database.iter().filter(|p| p.ready).count();
        let worst = self
            .database
            .iter()
            .map(|p| p.status.clone())
            .min_by_key(|s| pod_rank(s))
            .unwrap_or_default();
        Some(format!("{ready}/{} {worst}", self.database.len()))
    }
}

/// Pod states in order of how badly they need an operator, worst first.
const POD_STATE_RANK: &[&str] = &[
    "CrashLoopBackOff",
    "ImagePullBackOff",
    "ErrImagePull",
    "InvalidImageName",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
    "OOMKilled",
    "Error",
    "Unknown",
    "Pending",
    "ContainerCreating",
    "PodInitializing",
    "Terminating",
    "NotReady",
    "Completed",
    "Running",
];

/// Where a kubectl pod STATUS stands in [`POD_STATE_RANK`]; anything unlisted (`ExitCode:1`,
/// `Signal:9`, `Evicted`, ...) is a failure, ranked with `Error`.
fn pod_rank(state: &str) -> usize {
    let state = state.strip_prefix("Init:").unwrap_or(state);
    let error = POD_STATE_RANK
        .iter()
        .position(|s| *s == "Error")
        .unwrap_or(0);
    POD_STATE_RANK
        .iter()
        .position(|s| *s == state)
        .unwrap_or(error)
}

/// Failures (ranked `Error` or worse) are bad; a pod on its way (Pending, Init, Terminating,
/// NotReady, Unknown) wants a look; Running and Completed are fine.
fn pod_severity(state: &str) -> Severity {
    let rank = pod_rank(state);
    let unknown = pod_rank("Unknown");
    if matches!(state, "Running" | "Completed") {
        Severity::Good
    } else if rank < unknown {
        Severity::Bad
    } else {
        Severity::Warn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(status: &str, ready: bool, restarts: i64) -> PodSummary {
        PodSummary::for_test("p", status, ready, restarts)
    }

    fn bot(release: &str, desired: Option<i32>, pods: Vec<PodSummary>) -> Bot {
        let mut b = Bot::for_test(Role::Bot(BotType::Picoclaw));
        b.release.state = ReleaseState::parse(release);
        b.desired = desired;
        b.pods = Some(pods);
        b
    }

    #[test]
    fn the_worst_pod_names_the_bot() {
        let b = bot(
            "deployed",
            Some(2),
            vec![pod("Pending", false, 0), pod("CrashLoopBackOff", false, 7)],
        );
        assert_eq!(b.state().status(), "CrashLoopBackOff");
        assert_eq!(b.state().severity(), Severity::Bad);
        assert_eq!(b.ready(), (0, 2));
        assert_eq!(b.restarts(), 7);
    }

    #[test]
    fn release_state_wins_but_keeps_the_pod_problem() {
        let b = bot("failed", Some(2), vec![pod("CrashLoopBackOff", false, 7)]);
        assert_eq!(b.state().status(), "failed/CrashLoopBackOff");
        assert_eq!(b.state().severity(), Severity::Bad);
        let b = bot("pending-upgrade", Some(1), vec![pod("Running", true, 0)]);
        assert_eq!(b.state().status(), "pending-upgrade");
        assert!(b.state().release.is_pending());
        assert_eq!(
            b.state().severity(),
            Severity::Warn,
            "pending is news, not failure"
        );
        let b = bot("failed", Some(1), vec![pod("Running", true, 0)]);
        assert_eq!(b.state().severity(), Severity::Bad);
    }

    #[test]
    fn unknown_release_shows_the_pods() {
        let b = bot("unknown", Some(1), vec![pod("Running", true, 0)]);
        assert_eq!(b.state().status(), "Running");
        assert!(b.state().is_healthy());
        assert_eq!(b.state().severity(), Severity::Good);
    }

    #[test]
    fn running_but_not_ready_is_not_ready() {
        let b = bot("deployed", Some(1), vec![pod("Running", false, 0)]);
        assert_eq!(b.state().status(), "NotReady");
        assert!(!b.state().is_healthy());
        assert!(!b.has_ready_pod());
        assert_eq!(b.state().severity(), Severity::Warn);
    }

    #[test]
    fn no_pods_is_scaled_to_zero_only_when_asked_for() {
        let zero = bot("deployed", Some(0), vec![]);
        assert_eq!(zero.state().status(), "ScaledToZero");
        assert!(zero.state().is_healthy());
        assert_eq!(bot("deployed", Some(1), vec![]).state().status(), "NoPods");
        let mut unlisted = bot("deployed", Some(1), vec![]);
        unlisted.pods = None;
        assert_eq!(unlisted.state().pods, PodsState::Unknown);
    }

    #[test]
    fn unlisted_failures_rank_as_errors() {
        let b = bot(
            "deployed",
            None,
            vec![pod("Running", true, 0), pod("ExitCode:1", false, 1)],
        );
        assert_eq!(b.state().status(), "ExitCode:1");
        assert_eq!(b.state().severity(), Severity::Bad);
        assert_eq!(b.ready(), (1, 2));
        assert!(
            b.has_ready_pod(),
            "one pod serves: ClawMachine calls it ready"
        );
    }

    #[test]
    fn release_states_round_trip_helms_spelling() {
        for s in [
            "deployed",
            "failed",
            "pending-install",
            "pending-upgrade",
            "pending-rollback",
            "uninstalling",
            "uninstalled",
            "superseded",
            "unknown",
            "unreadable",
            "from-the-future",
        ] {
            assert_eq!(ReleaseState::parse(s).as_str(), s);
        }
        assert!(!ReleaseState::Unreadable.is_readable());
        assert!(ReleaseState::Failed.is_readable());
    }

    #[test]
    fn terminating_pods_are_not_ready_for_clawmachine() {
        let mut p = pod("Running", true, 0);
        p.terminating = true;
        let b = bot("deployed", Some(1), vec![p]);
        assert!(!b.has_ready_pod());
    }
}
