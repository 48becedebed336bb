//! What ClawMachine relies on beside its own releases, found as ClawMachine's `status` finds
//! it: External Secrets Operator (Deployments `app.kubernetes.io/name=external-secrets`),
//! Cilium (DaemonSets `k8s-app=cilium`), 1Password Connect (Deployments
//! `app=onepassword-connect`). Three LISTs, whatever the fleet; then pure judgement of which
//! rows to show: a component that is there, or that a bot needs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cluster::{Cluster, ObjectMeta, Resource};
use crate::error::Result;
use crate::fleet::bot::Bot;

const DAEMONSETS: Resource = Resource {
    group: "apps",
    version: "v1",
    plural: "daemonsets",
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Component {
    ExternalSecrets,
    Cilium,
    OnepasswordConnect,
}

impl Component {
    pub const ALL: [Component; 3] = [
        Component::ExternalSecrets,
        Component::Cilium,
        Component::OnepasswordConnect,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Component::ExternalSecrets => "External Secrets Operator",
            Component::Cilium => "Cilium",
            Component::OnepasswordConnect => "1Password Connect",
        }
    }

    fn resource(self) -> Resource {
        match self {
            Component::Cilium => DAEMONSETS,
            _ => Resource::DEPLOYMENTS,
        }
    }

    fn selector(self) -> &'static str {
        match self {
            Component::ExternalSecrets => "app.kubernetes.io/name=external-secrets",
            Component::Cilium => "k8s-app=cilium",
            Component::OnepasswordConnect => "app=onepassword-connect",
        }
    }

    /// Why a bot's values need this component, if they do.
    fn needed_by(self, bot: &Bot) -> Option<&'static str> {
        let s = &bot.settings;
        match self {
            Component::ExternalSecrets => s.external_secrets.then_some("secrets.external"),
            Component::Cilium => s.uses_cilium.then_some("networkPolicy.useCilium"),
            Component::OnepasswordConnect => None,
        }
    }
}

/// A Deployment or DaemonSet, as far as readiness and version go.
#[derive(Debug, Clone, Deserialize)]
pub struct Workload {
    pub metadata: ObjectMeta,
    #[serde(default)]
    spec: Value,
    #[serde(default)]
    status: Value,
}

impl Workload {
    /// (ready, desired): replicas for a Deployment, scheduled pods for a DaemonSet.
    pub fn readiness(&self) -> (i64, i64) {
        let n = |v: &Value| v.as_i64().unwrap_or(0);
        if self.status.get("desiredNumberScheduled").is_some() {
            (
                n(&self.status["numberReady"]),
                n(&self.status["desiredNumberScheduled"]),
            )
        } else {
            (
                n(&self.status["readyReplicas"]),
                self.spec["replicas"].as_i64().unwrap_or(1),
            )
        }
    }

    /// The `app.kubernetes.io/version` label, else the first container's image tag.
    pub fn version(&self) -> Option<String> {
        if let Some(v) = self.metadata.labels.get("app.kubernetes.io/version") {
            return Some(v.clone());
        }
        let image = self.spec["template"]["spec"]["containers"][0]["image"].as_str()?;
        let image = image.split('@').next().unwrap_or(image);
        let tag = image.rsplit_once(':').map(|(_, t)| t)?;
        (!tag.contains('/')).then(|| tag.to_string())
    }
}

/// What was found of each component (`Err` when it could not be listed).
pub struct Found {
    pub workloads: [(Component, Result<Vec<Workload>>); 3],
}

/// Lists the three components across the cluster, at once.
pub async fn gather(cluster: &Cluster) -> Found {
    let list = |c: Component| async move {
        (
            c,
            cluster
                .list::<Workload>(&c.resource(), None, Some(c.selector()))
                .await,
        )
    };
    let (eso, cilium, connect) = tokio::join!(
        list(Component::ExternalSecrets),
        list(Component::Cilium),
        list(Component::OnepasswordConnect)
    );
    Found {
        workloads: [eso, cilium, connect],
    }
}

/// One component, judged.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub component: Component,
    pub title: &'static str,
    pub state: State,
    /// Where it runs (the namespaces of its workloads).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
    pub ready: i64,
    pub desired: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Bots whose values need it, and the value that says so (`ns/name: networkPolicy.useCilium`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needed_by: Vec<String>,
    /// Why it could not be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Ready,
    NotReady,
    NotInstalled,
    Unknown,
}

impl Row {
    pub fn is_installed(&self) -> bool {
        matches!(self.state, State::Ready | State::NotReady)
    }
}

/// A row per component that is there or that a bot needs.
pub fn rows(found: &Found, bots: &[&Bot]) -> Vec<Row> {
    let mut out = Vec::new();
    for (component, workloads) in &found.workloads {
        let needed_by: Vec<String> = bots
            .iter()
            .filter_map(|b| {
                component
                    .needed_by(b)
                    .map(|why| format!("{}: {why}", b.key()))
            })
            .collect();
        let row = judge(*component, workloads, needed_by);
        if row.is_installed() || !row.needed_by.is_empty() {
            out.push(row);
        }
    }
    out
}

/// One component from what was listed.
pub fn judge(
    component: Component,
    workloads: &Result<Vec<Workload>>,
    needed_by: Vec<String>,
) -> Row {
    let mut row = Row {
        component,
        title: component.title(),
        state: State::NotInstalled,
        namespaces: vec![],
        ready: 0,
        desired: 0,
        version: None,
        needed_by,
        error: None,
    };
    match workloads {
        Err(e) => {
            row.state = State::Unknown;
            row.error = Some(e.to_string());
        }
        Ok(w) if w.is_empty() => {}
        Ok(w) => {
            for x in w {
                let (r, d) = x.readiness();
                row.ready += r;
                row.desired += d;
                row.namespaces.push(x.metadata.namespace.clone());
                row.version = row.version.or_else(|| x.version());
            }
            row.namespaces.sort();
            row.namespaces.dedup();
            row.state = if row.ready >= row.desired && row.desired > 0 {
                State::Ready
            } else {
                State::NotReady
            };
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn workload(v: Value) -> Workload {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn readiness_and_version_of_deployments_and_daemonsets() {
        let d = workload(
            json!({"metadata": {"name": "eso", "namespace": "external-secrets", "labels": {"app.kubernetes.io/version": "v0.10.4"}},
            "spec": {"replicas": 2}, "status": {"readyReplicas": 1}}),
        );
        assert_eq!(d.readiness(), (1, 2));
        assert_eq!(d.version().as_deref(), Some("v0.10.4"));
        let ds = workload(
            json!({"metadata": {"name": "cilium", "namespace": "kube-system"},
            "spec": {"template": {"spec": {"containers": [{"image": "quay.io/cilium/cilium:v1.16.1@sha256:abc"}]}}},
            "status": {"desiredNumberScheduled": 3, "numberReady": 3}}),
        );
        assert_eq!(ds.readiness(), (3, 3));
        assert_eq!(ds.version().as_deref(), Some("v1.16.1"));
    }

    #[test]
    fn present_absent_and_not_ready() {
        let ready = judge(
            Component::Cilium,
            &Ok(vec![workload(
                json!({"metadata": {"name": "c", "namespace": "kube-system"}, "status": {"desiredNumberScheduled": 2, "numberReady": 2}}),
            )]),
            vec![],
        );
        assert_eq!(ready.state, State::Ready);
        assert_eq!(ready.namespaces, ["kube-system"]);
        let not_ready = judge(
            Component::OnepasswordConnect,
            &Ok(vec![workload(
                json!({"metadata": {"name": "c", "namespace": "1password"}, "spec": {"replicas": 1}, "status": {}}),
            )]),
            vec![],
        );
        assert_eq!(not_ready.state, State::NotReady);
        let absent = judge(
            Component::Cilium,
            &Ok(vec![]),
            vec!["bots/pico: networkPolicy.useCilium".into()],
        );
        assert_eq!(absent.state, State::NotInstalled);
    }
}
