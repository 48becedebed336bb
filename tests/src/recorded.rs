//! The cluster recorded from a real kube-apiserver v1.36.2 (fixtures/k8s-v1.36, copied from the
//! shared recordings), compiled into the rig so tests never read outside the project.

use crate::store::Store;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../fixtures/k8s-v1.36/", $name))
    };
}

pub const SECRETS_ALL_REVISIONS: &str = fixture!("secrets-owner-helm.json");
pub const SECRETS_NOT_SUPERSEDED: &str = fixture!("secrets-owner-helm-not-superseded.json");
pub const PODS: &str = fixture!("pods.json");
pub const PODS_PAGE1: &str = fixture!("pods-limit3-page1.json");
pub const PODS_PAGE2: &str = fixture!("pods-limit3-page2.json");
pub const DEPLOYMENTS: &str = fixture!("deployments.json");
pub const SERVICES: &str = fixture!("services.json");
pub const NAMESPACES: &str = fixture!("namespaces.json");
pub const ENDPOINTSLICES: &str = fixture!("endpointslices.json");
pub const REPLICASETS: &str = fixture!("replicasets.json");
pub const PVCS: &str = fixture!("persistentvolumeclaims.json");
pub const EVENTS: &str = fixture!("events-core-v1.json");
pub const EVENTS_V1: &str = fixture!("events-events.k8s.io-v1.json");
pub const VERSION: &str = fixture!("version.json");
pub const FORBIDDEN_SECRETS_CLUSTER: &str = fixture!("forbidden-list-secrets-all-namespaces.txt");
pub const FORBIDDEN_PODS_NAMESPACED: &str = fixture!("forbidden-list-pods-namespaced.txt");
pub const UNAUTHORIZED: &str = fixture!("unauthorized-bad-token.txt");
pub const NOT_FOUND_SECRET: &str = fixture!("notfound-secret.txt");
pub const PROXY_HEALTH_OK: &str = fixture!("proxy-service-health-ok.txt");
pub const PROXY_NO_ENDPOINTS: &str = fixture!("proxy-service-no-ready-endpoints.txt");
pub const PROXY_MISSING: &str = fixture!("proxy-service-missing.txt");
pub const METRICS_ABSENT: &str = fixture!("metrics-api-absent.txt");
pub const WATCH_EVENTS: &str = fixture!("watch-events-claw-machine.jsonl");

/// The secret value in `pico`'s values: it must never appear in any output.
pub const PICO_SECRET: &str = "sk-test-123";

/// The recorded cluster: Helm 3 and Helm 4 releases (every revision, as Helm stored them),
/// pods, workloads, services, events.
pub fn store() -> Store {
    let mut s = Store::new();
    s.insert_list("v1", "secrets", SECRETS_ALL_REVISIONS);
    s.insert_list("v1", "pods", PODS);
    s.insert_list("apps/v1", "deployments", DEPLOYMENTS);
    s.insert_list("apps/v1", "replicasets", REPLICASETS);
    s.insert_list("v1", "services", SERVICES);
    s.insert_list("v1", "namespaces", NAMESPACES);
    s.insert_list("v1", "persistentvolumeclaims", PVCS);
    s.insert_list("discovery.k8s.io/v1", "endpointslices", ENDPOINTSLICES);
    s.insert_list("v1", "events", EVENTS);
    s.insert_list("events.k8s.io/v1", "events", EVENTS_V1);
    s.version = serde_json::from_str(VERSION).expect("version.json");
    s
}

/// The recorded cluster with bots' data: PersistentVolumeClaims of `iron` (two) and `open`.
pub fn store_with_volumes() -> Store {
    let mut store = store();
    for (name, instance) in [
        ("iron-ironclaw", "iron"),
        ("iron-ironclaw-postgres", "iron"),
        ("open-openclaw", "open"),
    ] {
        store.insert(
            "v1",
            "persistentvolumeclaims",
            serde_json::json!({"metadata": {"name": name, "namespace": "claw-machine", "labels": {"app.kubernetes.io/instance": instance}},
                "spec": {"resources": {"requests": {"storage": "2Gi"}}, "storageClassName": "standard"}, "status": {"phase": "Bound"}}),
        );
    }
    store
}

/// The body of a recorded `.txt` response (its last line is `HTTP <code>`).
pub fn body_of(recorded_txt: &str) -> &str {
    recorded_txt
        .rsplit_once("\nHTTP ")
        .map_or(recorded_txt, |(body, _)| body)
        .trim_end()
}
