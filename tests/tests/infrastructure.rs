//! The infrastructure ClawMachine relies on — External Secrets Operator, Cilium, 1Password
//! Connect — found as ClawMachine's own status finds them, shown above the bots when present or
//! needed, and judged by doctor.

use claw_tests::shaped::{self, Release};
use claw_tests::{Harness, Store, json_of};
use serde_json::{Value, json};

fn bot(name: &str, config: Value) -> Release {
    let manifest = shaped::manifest_from_chart("picoclaw", name, "bots", &config);
    Release::new("bots", name, "picoclaw", config, manifest)
}

fn eso(ready: i64) -> Value {
    json!({"metadata": {"name": "external-secrets", "namespace": "external-secrets",
            "labels": {"app.kubernetes.io/name": "external-secrets", "app.kubernetes.io/version": "v0.10.4"}},
        "spec": {"replicas": 1}, "status": {"readyReplicas": ready}})
}

fn connect(ready: i64) -> Value {
    json!({"metadata": {"name": "onepassword-connect", "namespace": "1password", "labels": {"app": "onepassword-connect"}},
        "spec": {"replicas": 1, "template": {"spec": {"containers": [{"image": "1password/connect-api:1.7.3"}]}}},
        "status": {"readyReplicas": ready}})
}

fn cilium() -> Value {
    json!({"metadata": {"name": "cilium", "namespace": "kube-system", "labels": {"k8s-app": "cilium"}},
        "spec": {"template": {"spec": {"containers": [{"image": "quay.io/cilium/cilium:v1.16.1"}]}}},
        "status": {"desiredNumberScheduled": 3, "numberReady": 3}})
}

fn onepassword_store() -> Value {
    json!({"apiVersion": "external-secrets.io/v1beta1", "kind": "SecretStore",
        "metadata": {"name": "onepassword-store", "namespace": "bots"},
        "spec": {"provider": {"onepassword": {"connectHost": "http://onepassword-connect.1password:8080"}}},
        "status": {"conditions": [{"type": "Ready", "status": "True"}]}})
}

/// The infrastructure rows of `status`, as (component, namespace, ready, version, status).
fn rows(h: &Harness) -> Vec<Vec<String>> {
    let out = h.kubectl_claw(&["status", "--no-probe"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let mut lines = out.stdout.lines();
    let header = lines.next().unwrap();
    if !header.starts_with("COMPONENT") {
        return vec![];
    }
    let cols = ["COMPONENT", "NAMESPACE", "READY", "VERSION", "STATUS"];
    let starts: Vec<usize> = cols.iter().map(|c| header.find(c).unwrap()).collect();
    lines
        .take_while(|l| !l.is_empty())
        .map(|l| {
            (0..cols.len())
                .map(|i| {
                    let end = starts.get(i + 1).copied().unwrap_or(l.len()).min(l.len());
                    l[starts[i]..end].trim().to_string()
                })
                .collect()
        })
        .collect()
}

fn doctor(h: &Harness, check: &str) -> Vec<Value> {
    let doc = json_of(&h.kubectl_claw(&["doctor", "-o", "json"]));
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"] == check)
        .cloned()
        .collect()
}

#[test]
fn a_present_component_is_shown_with_its_readiness_and_version() {
    let mut store = shaped::store(&[bot("pico", json!({}))]);
    store.insert("apps/v1", "deployments", eso(1));
    store.insert("apps/v1", "daemonsets", cilium());
    let h = Harness::new(store);
    assert_eq!(
        rows(&h),
        [
            [
                "External Secrets Operator",
                "external-secrets",
                "1/1",
                "v0.10.4",
                "ready"
            ],
            ["Cilium", "kube-system", "3/3", "v1.16.1", "ready"],
        ]
    );
    let doc = json_of(&h.kubectl_claw(&["status", "--no-probe", "-o", "json"]));
    let infra = doc["infrastructure"].as_array().unwrap();
    assert_eq!(infra.len(), 2);
    assert_eq!(infra[0]["component"], "external-secrets");
    assert_eq!(infra[0]["state"], "ready");
    assert_eq!(infra[0]["ready"], 1);
    assert_eq!(infra[0]["desired"], 1);
    assert_eq!(infra[0]["namespaces"], json!(["external-secrets"]));
    assert_eq!(doctor(&h, "cilium")[0]["result"], "PASS");
}

#[test]
fn an_absent_component_a_bot_needs_is_shown_not_installed_and_fails_doctor() {
    let store = shaped::store(&[bot("pico", json!({"networkPolicy": {"useCilium": true}}))]);
    let h = Harness::new(store);
    assert_eq!(
        rows(&h),
        [[
            "Cilium",
            "-",
            "-",
            "-",
            "not installed (needed by bots/pico: networkPolicy.useCilium)"
        ]]
    );
    let found = doctor(&h, "cilium");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["result"], "FAIL");
    assert_eq!(
        found[0]["message"],
        "Cilium is not installed, but bots/pico: networkPolicy.useCilium: their CiliumNetworkPolicy (egress only to allowedDomains) is ignored, so their egress is not limited"
    );
}

#[test]
fn absent_components_nobody_needs_show_nothing() {
    let h = Harness::new(shaped::store(&[bot("pico", json!({}))]));
    assert!(rows(&h).is_empty());
    let out = h.kubectl_claw(&["status", "--no-probe"]);
    assert!(out.stdout.starts_with("NAMESPACE"), "{}", out.stdout);
    assert!(doctor(&h, "cilium").is_empty());
    assert!(doctor(&h, "1password-connect").is_empty());
}

#[test]
fn a_not_ready_component_is_shown_and_doctor_fails_stores_that_point_at_it() {
    let mut store: Store = shaped::store(&[bot("pico", json!({}))]);
    store.insert("apps/v1", "deployments", connect(0));
    let h = Harness::new(store.clone());
    assert_eq!(
        rows(&h),
        [[
            "1Password Connect",
            "1password",
            "0/1",
            "1.7.3",
            "not ready"
        ]]
    );
    // No SecretStore points at it: a warning.
    assert_eq!(doctor(&h, "1password-connect")[0]["result"], "WARN");

    store.install_group("external-secrets.io");
    store.insert(
        "external-secrets.io/v1beta1",
        "secretstores",
        onepassword_store(),
    );
    let h = Harness::new(store);
    let found = doctor(&h, "1password-connect");
    assert_eq!(found[0]["result"], "FAIL");
    assert_eq!(
        found[0]["message"],
        "1Password Connect in 1password is not ready (0/1): SecretStores bots/onepassword-store cannot sync"
    );
}

#[test]
fn stores_pointing_at_a_connect_that_is_not_there_fail() {
    let mut store = shaped::store(&[bot("pico", json!({}))]);
    store.install_group("external-secrets.io");
    store.insert(
        "external-secrets.io/v1beta1",
        "secretstores",
        onepassword_store(),
    );
    store.insert("apps/v1", "deployments", eso(0));
    let h = Harness::new(store);
    let found = doctor(&h, "1password-connect");
    assert_eq!(found[0]["result"], "FAIL");
    assert_eq!(
        found[0]["message"],
        "1Password Connect is not installed, but SecretStores bots/onepassword-store point at it: their secrets cannot sync"
    );
    assert_eq!(
        doctor(&h, "external-secrets-controller")[0]["result"],
        "FAIL"
    );
}
