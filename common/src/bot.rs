//! What a bot is and how its state is decided. "How is a bot's status decided" lives here and
//! nowhere else.

use serde::Serialize;

use crate::pod_status::PodView;

pub const CONTROL_PLANE_CHART: &str = "clawmachine";
pub const CONTROL_PLANE_NAMESPACE: &str = "claw-machine";

pub mod labels {
    pub const INSTANCE: &str = "app.kubernetes.io/instance";
    pub const NAME: &str = "app.kubernetes.io/name";
    pub const COMPONENT: &str = "app.kubernetes.io/component";
    pub const BOT_TYPE: &str = "clawmachine.dev/bot-type";
    /// IronClaw's Postgres shares the bot's instance label; this marks it apart.
    pub const DATABASE_COMPONENT: &str = "database";
}

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
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.type_name())
    }
}

/// Helm's view of the release.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseView {
    /// Helm's status (`deployed`, `failed`, `pending-upgrade`, ...), or `unknown` when the
    /// release Secrets could not be read, or `unreadable` when its payload is corrupt.
    pub state: String,
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

impl ReleaseView {
    pub const DEPLOYED: &'static str = "deployed";
    pub const UNKNOWN: &'static str = "unknown";
    pub const UNREADABLE: &'static str = "unreadable";

    pub fn unknown() -> ReleaseView {
        ReleaseView {
            state: Self::UNKNOWN.to_string(),
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
}

/// One bot (or the control plane) with everything `status` shows about it.
#[derive(Debug, Clone)]
pub struct Bot {
    pub namespace: String,
    pub name: String,
    pub role: Role,
    pub release: ReleaseView,
    /// Desired replicas summed over the bot's Deployments; `None` when unknown.
    pub desired: Option<i32>,
    /// `None` when pods could not be read.
    pub pods: Option<Vec<PodView>>,
    /// IronClaw's database pods: a dependency, not the bot.
    pub database: Vec<PodView>,
    pub created: Option<jiff::Timestamp>,
    /// Names of the bot's own Deployments (not its database's).
    pub deployments: Vec<String>,
    /// The user's values from the release. May hold secrets: never serialised as is.
    pub values: serde_json::Value,
}

#[cfg(test)]
impl Bot {
    /// A bot for unit tests: `claw-machine/b`, one replica wanted, no pods, release state
    /// unknown; tests set what they look at.
    pub(crate) fn for_test(role: Role) -> Bot {
        Bot {
            namespace: CONTROL_PLANE_NAMESPACE.into(),
            name: "b".into(),
            role,
            release: ReleaseView::unknown(),
            desired: Some(1),
            pods: Some(vec![]),
            database: vec![],
            created: None,
            deployments: vec![],
            values: serde_json::Value::Null,
        }
    }
}

/// Pod states in order of how badly they need an operator, worst first.
const POD_STATE_SEVERITY: &[&str] = &[
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

impl Bot {
    pub fn type_name(&self) -> &'static str {
        self.role.type_name()
    }

    /// "Running", "CrashLoopBackOff", "ScaledToZero", ...: the worst of the bot's own pods,
    /// as `kubectl get pods` names them; a Running pod that is not Ready is `NotReady`.
    pub fn pods_state(&self) -> String {
        let Some(pods) = &self.pods else {
            return "Unknown".to_string();
        };
        if pods.is_empty() {
            return if self.desired == Some(0) {
                "ScaledToZero"
            } else {
                "NoPods"
            }
            .to_string();
        }
        pods.iter()
            .map(|p| {
                if p.status == "Running" && !p.ready {
                    "NotReady".to_string()
                } else {
                    p.status.clone()
                }
            })
            .min_by_key(|s| severity(s))
            .unwrap_or_default()
    }

    /// The one-word answer: the release state wins unless it is `deployed` (or merely unknown to
    /// us), and a pod problem is kept beside it: `failed/CrashLoopBackOff`.
    pub fn status(&self) -> String {
        let pods = self.pods_state();
        let release = self.release.state.as_str();
        if release == ReleaseView::DEPLOYED || release == ReleaseView::UNKNOWN {
            return pods;
        }
        if is_settled(&pods) {
            release.to_string()
        } else {
            format!("{release}/{pods}")
        }
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

    pub fn is_healthy(&self) -> bool {
        matches!(self.status().as_str(), "Running" | "ScaledToZero")
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
            .min_by_key(|s| severity(s))
            .unwrap_or_default();
        Some(format!("{ready}/{} {worst}", self.database.len()))
    }
}

fn severity(state: &str) -> usize {
    let state = state.strip_prefix("Init:").unwrap_or(state);
    POD_STATE_SEVERITY
        .iter()
        .position(|s| *s == state)
        // Anything unlisted (ExitCode:1, Signal:9, Evicted, ...) is a failure.
        .unwrap_or(
            POD_STATE_SEVERITY
                .iter()
                .position(|s| *s == "Error")
                .unwrap_or(0),
        )
}

fn is_settled(pods_state: &str) -> bool {
    matches!(pods_state, "Running" | "ScaledToZero" | "Completed")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(status: &str, ready: bool, restarts: i64) -> PodView {
        PodView {
            name: "p".into(),
            status: status.into(),
            ready,
            ready_containers: usize::from(ready),
            containers: 1,
            restarts,
            node: None,
            ip: None,
            created: None,
            terminating: false,
            container_names: vec![],
            resources: Default::default(),
        }
    }

    fn bot(release: &str, desired: Option<i32>, pods: Vec<PodView>) -> Bot {
        let mut b = Bot::for_test(Role::Bot(BotType::Picoclaw));
        b.release.state = release.into();
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
        assert_eq!(b.status(), "CrashLoopBackOff");
        assert_eq!(b.ready(), (0, 2));
        assert_eq!(b.restarts(), 7);
    }

    #[test]
    fn release_state_wins_but_keeps_the_pod_problem() {
        let b = bot("failed", Some(2), vec![pod("CrashLoopBackOff", false, 7)]);
        assert_eq!(b.status(), "failed/CrashLoopBackOff");
        let b = bot("pending-upgrade", Some(1), vec![pod("Running", true, 0)]);
        assert_eq!(b.status(), "pending-upgrade");
    }

    #[test]
    fn unknown_release_shows_the_pods() {
        let b = bot("unknown", Some(1), vec![pod("Running", true, 0)]);
        assert_eq!(b.status(), "Running");
        assert!(b.is_healthy());
    }

    #[test]
    fn running_but_not_ready_is_not_ready() {
        let b = bot("deployed", Some(1), vec![pod("Running", false, 0)]);
        assert_eq!(b.status(), "NotReady");
        assert!(!b.is_healthy());
    }

    #[test]
    fn no_pods_is_scaled_to_zero_only_when_asked_for() {
        assert_eq!(bot("deployed", Some(0), vec![]).status(), "ScaledToZero");
        assert_eq!(bot("deployed", Some(1), vec![]).status(), "NoPods");
    }

    #[test]
    fn unlisted_failures_rank_as_errors() {
        let b = bot(
            "deployed",
            None,
            vec![pod("Running", true, 0), pod("ExitCode:1", false, 1)],
        );
        assert_eq!(b.status(), "ExitCode:1");
        assert_eq!(b.ready(), (1, 2));
    }
}
