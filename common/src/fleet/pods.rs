//! A pod's STATUS as `kubectl get pods` names it (kubectl's printPod), so that what claw says
//! matches what the operator would see by hand: `CrashLoopBackOff`, `ImagePullBackOff`,
//! `Init:0/1`, `Terminating`, `Completed`, ...

use k8s_openapi::api::core::v1::{ContainerStatus, Pod};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSummary {
    pub name: String,
    /// kubectl's STATUS column.
    pub status: String,
    pub ready: bool,
    pub ready_containers: usize,
    pub containers: usize,
    pub restarts: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<jiff::Timestamp>,
    #[serde(skip)]
    pub terminating: bool,
    /// The pod's containers, in spec order (not init containers).
    #[serde(skip)]
    pub container_names: Vec<String>,
    /// Requests and limits summed over its containers; `None` where any container sets none.
    #[serde(skip)]
    pub resources: Resources,
}

/// CPU in millicores, memory in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Resources {
    pub cpu_request: Option<f64>,
    pub cpu_limit: Option<f64>,
    pub memory_request: Option<f64>,
    pub memory_limit: Option<f64>,
}

impl Resources {
    fn of(pod: &Pod) -> Resources {
        let containers = pod
            .spec
            .as_ref()
            .map(|s| s.containers.as_slice())
            .unwrap_or_default();
        // A sum is only meaningful when every container sets the value.
        let sum =
            |pick: &dyn Fn(&k8s_openapi::api::core::v1::ResourceRequirements) -> Option<f64>| {
                if containers.is_empty() {
                    return None;
                }
                containers
                    .iter()
                    .map(|c| c.resources.as_ref().and_then(pick))
                    .sum::<Option<f64>>()
            };
        let get = |map: &Option<
            std::collections::BTreeMap<
                String,
                k8s_openapi::apimachinery::pkg::api::resource::Quantity,
            >,
        >,
                   key: &str,
                   parse: fn(&str) -> Option<f64>| {
            map.as_ref()
                .and_then(|m| m.get(key))
                .and_then(|q| parse(&q.0))
        };
        Resources {
            cpu_request: sum(&|r| get(&r.requests, "cpu", crate::fleet::quantity::cpu_millis)),
            cpu_limit: sum(&|r| get(&r.limits, "cpu", crate::fleet::quantity::cpu_millis)),
            memory_request: sum(&|r| get(&r.requests, "memory", crate::fleet::quantity::bytes)),
            memory_limit: sum(&|r| get(&r.limits, "memory", crate::fleet::quantity::bytes)),
        }
    }

    /// Adds another pod's figures; unknown stays unknown.
    pub fn plus(self, o: Resources) -> Resources {
        let add = |a: Option<f64>, b: Option<f64>| Some(a? + b?);
        Resources {
            cpu_request: add(self.cpu_request, o.cpu_request),
            cpu_limit: add(self.cpu_limit, o.cpu_limit),
            memory_request: add(self.memory_request, o.memory_request),
            memory_limit: add(self.memory_limit, o.memory_limit),
        }
    }
}

impl PodSummary {
    /// A pod for unit tests: `status` as kubectl names it, one container, `ready` or not.
    #[doc(hidden)]
    pub fn for_test(name: &str, status: &str, ready: bool, restarts: i64) -> PodSummary {
        PodSummary {
            name: name.into(),
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
            resources: Resources::default(),
        }
    }

    pub fn of(pod: &Pod) -> PodSummary {
        let status = pod.status.as_ref();
        let containers: &[ContainerStatus] = status
            .and_then(|s| s.container_statuses.as_deref())
            .unwrap_or_default();
        let spec_containers = pod.spec.as_ref().map_or(0, |s| s.containers.len());
        let ready_condition = status
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
            .is_some_and(|c| c.status == "True");
        let terminating = pod.metadata.deletion_timestamp.is_some();
        PodSummary {
            name: pod.metadata.name.clone().unwrap_or_default(),
            status: kubectl_status(pod),
            ready: ready_condition && !terminating,
            ready_containers: containers.iter().filter(|c| c.ready).count(),
            containers: spec_containers.max(containers.len()),
            restarts: containers.iter().map(|c| i64::from(c.restart_count)).sum(),
            node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
            ip: status.and_then(|s| s.pod_ip.clone()),
            created: pod.metadata.creation_timestamp.as_ref().map(|t| t.0),
            terminating,
            container_names: pod
                .spec
                .as_ref()
                .map(|s| s.containers.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default(),
            resources: Resources::of(pod),
        }
    }
}

/// kubectl's printPod, reduced to the STATUS string.
pub fn kubectl_status(pod: &Pod) -> String {
    let Some(status) = pod.status.as_ref() else {
        return "Unknown".to_string();
    };
    let phase = status
        .reason
        .clone()
        .filter(|r| !r.is_empty())
        .or_else(|| status.phase.clone())
        .unwrap_or_else(|| "Unknown".to_string());
    let mut reason = init_reason(pod, status).unwrap_or_else(|| containers_reason(status, phase));
    if pod.metadata.deletion_timestamp.is_some() {
        reason = if status.reason.as_deref() == Some("NodeLost") {
            "Unknown".to_string()
        } else {
            "Terminating".to_string()
        };
    }
    reason
}

/// While an init container holds the pod up: `Init:REASON`, `Init:ExitCode:N`, `Init:i/n`.
fn init_reason(pod: &Pod, status: &k8s_openapi::api::core::v1::PodStatus) -> Option<String> {
    let init_statuses = status
        .init_container_statuses
        .as_deref()
        .unwrap_or_default();
    let init_total = pod
        .spec
        .as_ref()
        .and_then(|s| s.init_containers.as_ref())
        .map_or(init_statuses.len(), Vec::len);
    for (i, c) in init_statuses.iter().enumerate() {
        let state = c.state.as_ref();
        if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            if t.exit_code == 0 {
                continue;
            }
            return Some(match (&t.reason, t.signal) {
                (Some(r), _) if !r.is_empty() => format!("Init:{r}"),
                (_, Some(sig)) if sig != 0 => format!("Init:Signal:{sig}"),
                _ => format!("Init:ExitCode:{}", t.exit_code),
            });
        }
        if let Some(r) = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_ref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            return Some(format!("Init:{r}"));
        }
        if c.started == Some(true) && is_restartable_init(pod, &c.name) {
            // A sidecar (restartable init container) that is running does not hold up the pod.
            continue;
        }
        return Some(format!("Init:{i}/{init_total}"));
    }
    None
}

/// The containers' waiting or terminated reason (the last container's wins, as in kubectl),
/// else the pod's phase; a Completed pod with a container still running is Running/NotReady.
fn containers_reason(status: &k8s_openapi::api::core::v1::PodStatus, phase: String) -> String {
    let mut reason = phase;
    let mut has_running = false;
    let containers = status.container_statuses.as_deref().unwrap_or_default();
    for c in containers.iter().rev() {
        let state = c.state.as_ref();
        if let Some(r) = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_ref())
            .filter(|r| !r.is_empty())
        {
            reason = r.clone();
        } else if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            reason = match (&t.reason, t.signal) {
                (Some(r), _) if !r.is_empty() => r.clone(),
                (_, Some(sig)) if sig != 0 => format!("Signal:{sig}"),
                _ => format!("ExitCode:{}", t.exit_code),
            };
        } else if c.ready && state.is_some_and(|s| s.running.is_some()) {
            has_running = true;
        }
    }
    if reason == "Completed" && has_running {
        let ready = status
            .conditions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True");
        reason = if ready { "Running" } else { "NotReady" }.to_string();
    }
    reason
}

fn is_restartable_init(pod: &Pod, name: &str) -> bool {
    pod.spec
        .as_ref()
        .and_then(|s| s.init_containers.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.name == name))
        .is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(json: serde_json::Value) -> Pod {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn names_waiting_reasons_like_kubectl() {
        let p = pod(serde_json::json!({
            "metadata": {"name": "open-1"},
            "spec": {"containers": [{"name": "openclaw"}]},
            "status": {"phase": "Running", "containerStatuses": [{
                "name": "openclaw", "ready": false, "restartCount": 7, "image": "x", "imageID": "",
                "state": {"waiting": {"reason": "CrashLoopBackOff"}}
            }]}
        }));
        let v = PodSummary::of(&p);
        assert_eq!(v.status, "CrashLoopBackOff");
        assert_eq!(v.restarts, 7);
        assert!(!v.ready);
    }

    #[test]
    fn init_containers_and_termination() {
        let p = pod(serde_json::json!({
            "metadata": {"name": "a", "deletionTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": [{"name": "c"}], "initContainers": [{"name": "i"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [{
                "name": "i", "ready": false, "restartCount": 0, "image": "x", "imageID": "",
                "state": {"waiting": {"reason": "PodInitializing"}}
            }]}
        }));
        assert_eq!(kubectl_status(&p), "Terminating");
        let mut p2 = p.clone();
        p2.metadata.deletion_timestamp = None;
        assert_eq!(kubectl_status(&p2), "Init:0/1");
    }

    #[test]
    fn terminated_without_reason_shows_exit_code() {
        let p = pod(serde_json::json!({
            "metadata": {"name": "a"},
            "spec": {"containers": [{"name": "c"}]},
            "status": {"phase": "Running", "containerStatuses": [{
                "name": "c", "ready": false, "restartCount": 1, "image": "x", "imageID": "",
                "state": {"terminated": {"exitCode": 137, "reason": ""}}
            }]}
        }));
        assert_eq!(kubectl_status(&p), "ExitCode:137");
    }
}
