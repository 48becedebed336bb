//! `doctor` against the recorded cluster and fault-injected ones, one test per condition, plus
//! its request count and `version`.

use claw_tests::{Endpoint, Fault, Fleet, Harness, Store, json_of, recorded};
use serde_json::{Value, json};

fn doctor(h: &Harness) -> (i32, Vec<Value>) {
    let out = h.kubectl_claw(&["doctor", "-o", "json"]);
    let doc = json_of(&out);
    assert_eq!(doc["kind"], "DoctorReport");
    (out.code, doc["checks"].as_array().unwrap().clone())
}

/// The checks with this id, as (result, message).
fn results(checks: &[Value], id: &str) -> Vec<(String, String)> {
    checks
        .iter()
        .filter(|c| c["check"] == id)
        .map(|c| {
            (
                c["result"].as_str().unwrap().to_string(),
                c["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn one(checks: &[Value], id: &str) -> (String, String) {
    let r = results(checks, id);
    assert_eq!(r.len(), 1, "{id}: {r:?}");
    r[0].clone()
}

#[test]
fn recorded_cluster_findings() {
    let h = Harness::recorded();
    let (code, checks) = doctor(&h);
    assert_eq!(code, 1, "there are failures");
    let (r, m) = one(&checks, "cluster");
    assert_eq!(r, "PASS");
    assert!(m.contains("Kubernetes v1.36.2"), "{m}");
    assert_eq!(one(&checks, "permissions").0, "PASS");
    assert_eq!(one(&checks, "control-plane").0, "PASS");
    assert_eq!(
        one(&checks, "control-plane-replicas"),
        ("PASS".into(), "2/2 replicas available".into())
    );
    assert_eq!(one(&checks, "control-plane-health").0, "PASS");
    assert_eq!(one(&checks, "control-plane-exposure").0, "PASS");
    let releases = one(&checks, "bot-releases");
    assert_eq!(releases.0, "FAIL");
    assert!(
        releases
            .1
            .starts_with("claw-machine/open: release failed: Upgrade \"open\" failed"),
        "{releases:?}"
    );
    let pods = results(&checks, "bot-pods");
    assert!(
        pods.contains(&(
            "FAIL".into(),
            "claw-machine/open: CrashLoopBackOff (7 restarts)".into()
        )),
        "{pods:?}"
    );
    assert!(
        pods.contains(&(
            "FAIL".into(),
            "bots-team-a/pico2: ImagePullBackOff (the image cannot be pulled)".into()
        )),
        "{pods:?}"
    );
    let health = one(&checks, "bot-health");
    assert_eq!(health.0, "FAIL");
    assert!(
        health.1.contains("pico2") && health.1.contains("open"),
        "{health:?}"
    );
    assert_eq!(one(&checks, "external-secrets").0, "WARN");
    assert_eq!(one(&checks, "metrics-server").0, "WARN");
    for c in &checks {
        if c["result"] != "PASS" {
            assert!(
                c["fix"].as_str().is_some_and(|f| !f.is_empty()),
                "every finding has a fix: {c}"
            );
        }
    }
    let table = h.kubectl_claw(&["doctor"]);
    assert_eq!(table.code, 1);
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.starts_with("FAIL  bot-pods")),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("fix: kubectl claw logs claw-machine/open --previous"),
        "{}",
        table.stdout
    );
    assert!(!table.all().contains(recorded::PICO_SECRET));
}

#[test]
fn missing_permissions_name_what_degrades() {
    let mut store = recorded::store();
    store.deny("list", "secrets", "");
    store.deny("get", "services/proxy", "");
    let h = Harness::new(store);
    let (_, checks) = doctor(&h);
    let perms = results(&checks, "permissions");
    assert_eq!(perms.len(), 2, "{perms:?}");
    assert!(perms.contains(&(
        "WARN".into(),
        "cannot list secrets in all namespaces: Helm release state shows as unknown; bots are found from their workloads' labels".into()
    )));
    assert!(
        perms.iter().any(|(r, m)| r == "WARN"
            && m.contains("services/proxy")
            && m.contains("pod readiness"))
    );

    let mut store = recorded::store();
    store.deny("list", "pods", "");
    let h = Harness::new(store);
    let (code, checks) = doctor(&h);
    assert_eq!(code, 1);
    assert!(
        results(&checks, "permissions")
            .iter()
            .any(|(r, m)| r == "FAIL" && m.starts_with("cannot list pods"))
    );
}

/// The recorded cluster as a user sees it who may not read Secrets (Helm's release records).
fn viewer() -> Harness {
    let mut store = recorded::store();
    store.deny("list", "secrets", "");
    let h = Harness::new(store);
    h.api.inject(Fault::forbidden_list("secrets", None));
    for ns in ["default", "claw-machine"] {
        h.api.inject(Fault::forbidden_list("secrets", Some(ns)));
    }
    h
}

#[test]
fn checks_that_could_not_read_their_facts_skip_rather_than_pass() {
    let (_, checks) = doctor(&viewer());
    for id in ["bot-releases", "chart-drift", "control-plane"] {
        let (result, message) = one(&checks, id);
        assert_eq!(result, "SKIP", "{id}: {message}");
    }
    let (_, message) = one(&checks, "bot-releases");
    assert!(
        message.contains("cannot judge 4 bot release(s)") && message.contains("forbidden"),
        "{message}"
    );
    // With the records readable, the same cluster's failed release is a FAIL.
    let (_, checks) = doctor(&Harness::recorded());
    assert!(
        results(&checks, "bot-releases")
            .iter()
            .any(|(r, m)| r == "FAIL" && m.starts_with("claw-machine/open: release failed")),
        "{checks:?}"
    );
}

#[test]
fn doctor_in_a_bot_namespace_judges_the_control_plane_where_it_runs() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["doctor", "-n", "bots-team-a", "-o", "json"]);
    let checks = json_of(&out)["checks"].as_array().unwrap().clone();
    assert_eq!(
        one(&checks, "control-plane"),
        (
            "PASS".into(),
            "claw-machine/clawmachine: clawmachine-0.1.0 deployed (revision 1)".into()
        )
    );
    assert_eq!(one(&checks, "control-plane-health").0, "PASS");
    // The bots judged are the namespace's.
    assert!(
        results(&checks, "bot-pods")
            .iter()
            .all(|(_, m)| !m.contains("claw-machine/open")),
        "{checks:?}"
    );
}

#[test]
fn fix_lines_name_the_plugin_that_was_run() {
    let h = Harness::recorded();
    let out = h.helm_claw(&["doctor"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains(
            "fix: helm claw logs claw-machine/open --previous; helm claw events claw-machine/open"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("kubectl claw"), "{}", out.stdout);
}

#[test]
fn no_control_plane_fails() {
    let mut store = recorded::store();
    store
        .objects_mut("v1", "secrets")
        .retain(|s| s["metadata"]["labels"]["name"] != "clawmachine");
    store
        .objects_mut("v1", "pods")
        .retain(|p| p["metadata"]["labels"]["app.kubernetes.io/instance"] != "clawmachine");
    store
        .objects_mut("apps/v1", "deployments")
        .retain(|d| d["metadata"]["labels"]["app.kubernetes.io/instance"] != "clawmachine");
    let h = Harness::new(store);
    let (code, checks) = doctor(&h);
    assert_eq!(code, 1);
    let (r, m) = one(&checks, "control-plane");
    assert_eq!(r, "FAIL");
    assert!(m.contains("no ClawMachine control plane found"), "{m}");
}

#[test]
fn control_plane_replicas_and_health() {
    let mut store = recorded::store();
    for p in store.objects_mut("v1", "pods") {
        if p["metadata"]["name"] == "clawmachine-clawmachine-67bd7b7b49-hbzdp" {
            p["status"]["conditions"] = json!([{"type": "Ready", "status": "False"}]);
            p["status"]["containerStatuses"][0]["ready"] = json!(false);
        }
    }
    let h = Harness::new(store);
    h.api.set_endpoint(
        "claw-machine",
        "clawmachine-clawmachine",
        Endpoint::Answers(500, "db down".into()),
    );
    let (_, checks) = doctor(&h);
    let (r, m) = one(&checks, "control-plane-replicas");
    assert_eq!(r, "WARN");
    assert!(m.starts_with("only 1/2 replicas available"), "{m}");
    let (r, m) = one(&checks, "control-plane-health");
    assert_eq!(r, "FAIL");
    assert!(m.contains("unhealthy(500)"), "{m}");
}

fn with_service_type(t: &str) -> Store {
    let mut store = recorded::store();
    for s in store.objects_mut("v1", "services") {
        if s["metadata"]["name"] == "clawmachine-clawmachine" {
            s["spec"]["type"] = json!(t);
        }
    }
    store
}

fn ingress(annotations: Value) -> Value {
    json!({
        "metadata": {"name": "dashboard", "namespace": "claw-machine", "annotations": annotations},
        "spec": {"rules": [{"host": "claw.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": "clawmachine-clawmachine", "port": {"number": 8080}}}}]}}]},
    })
}

#[test]
fn exposure_without_authentication_warns() {
    for t in ["LoadBalancer", "NodePort"] {
        let h = Harness::new(with_service_type(t));
        let (code, checks) = doctor(&h);
        let (r, m) = one(&checks, "control-plane-exposure");
        assert_eq!(r, "WARN", "{t}");
        assert!(
            m.contains(&format!("is type {t}")) && m.contains("no authentication"),
            "{m}"
        );
        assert_eq!(code, 1, "other failures remain; exposure itself only warns");
    }
    let mut store = recorded::store();
    store.insert(
        "networking.k8s.io/v1",
        "ingresses",
        ingress(json!({"kubernetes.io/ingress.class": "nginx"})),
    );
    let h = Harness::new(store);
    let (r, m) = one(&doctor(&h).1, "control-plane-exposure");
    assert_eq!(r, "WARN");
    assert!(
        m.contains("Ingress claw-machine/dashboard routes to the dashboard with no authentication"),
        "{m}"
    );

    let mut store = recorded::store();
    store.insert(
        "networking.k8s.io/v1",
        "ingresses",
        ingress(json!({"nginx.ingress.kubernetes.io/auth-url": "https://oauth2.example.com/oauth2/auth"})),
    );
    let h = Harness::new(store);
    assert_eq!(one(&doctor(&h).1, "control-plane-exposure").0, "PASS");
}

fn pending_pvc(storage_class: Option<&str>) -> Value {
    let mut pvc = json!({
        "metadata": {"name": "iron-ironclaw", "namespace": "claw-machine",
            "labels": {"app.kubernetes.io/instance": "iron", "app.kubernetes.io/name": "ironclaw"}},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}},
        "status": {"phase": "Pending"},
    });
    if let Some(sc) = storage_class {
        pvc["spec"]["storageClassName"] = json!(sc);
    }
    pvc
}

#[test]
fn pending_volumes_without_a_storage_class_fail() {
    let mut store = recorded::store();
    store.insert("v1", "persistentvolumeclaims", pending_pvc(None));
    let h = Harness::new(store);
    let (r, m) = one(&doctor(&h).1, "bot-storage");
    assert_eq!(r, "FAIL");
    assert!(m.contains("PVC claw-machine/iron-ironclaw (iron) is Pending: it names no StorageClass and the cluster has no default"), "{m}");

    // With a default class the claim is merely waiting.
    let mut store = recorded::store();
    store.insert("v1", "persistentvolumeclaims", pending_pvc(None));
    store.insert(
        "storage.k8s.io/v1",
        "storageclasses",
        json!({"metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}}, "provisioner": "x"}),
    );
    let h = Harness::new(store);
    assert_eq!(one(&doctor(&h).1, "bot-storage").0, "WARN");
}

fn eso_store(ready: Option<bool>, token: bool, external_ready: bool) -> Store {
    let mut store = recorded::store();
    store.install_group("external-secrets.io");
    for ns in ["claw-machine", "bots-team-a"] {
        if let Some(ready) = ready {
            store.insert(
                "external-secrets.io/v1beta1",
                "secretstores",
                json!({"metadata": {"name": "onepassword-store", "namespace": ns},
                    "status": {"conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" },
                        "message": if ready { "store validated" } else { "unable to validate store: 401 Unauthorized" }}]}}),
            );
        }
        if token {
            store.insert(
                "v1",
                "secrets",
                json!({"metadata": {"name": "onepassword-connect-token", "namespace": ns}, "data": {"token": "c2VjcmV0LXRva2Vu"}}),
            );
        }
    }
    store.insert(
        "external-secrets.io/v1beta1",
        "externalsecrets",
        json!({"metadata": {"name": "pico-secrets", "namespace": "claw-machine",
            "labels": {"app.kubernetes.io/managed-by": "clawmachine"}},
            "status": {"conditions": [{"type": "Ready", "status": if external_ready { "True" } else { "False" },
                "message": if external_ready { "secret synced" } else { "could not get secret data from provider" }}]}}),
    );
    store
}

#[test]
fn external_secrets_plumbing() {
    let h = Harness::new(eso_store(Some(true), true, true));
    let (_, checks) = doctor(&h);
    assert_eq!(one(&checks, "external-secrets").0, "PASS");
    assert_eq!(
        results(&checks, "secret-store")
            .iter()
            .filter(|(r, _)| r == "PASS")
            .count(),
        2
    );
    assert!(results(&checks, "secret-store-token").is_empty());
    assert_eq!(one(&checks, "external-secrets-sync").0, "PASS");
    // Only the token's name was asked for, and its value appears nowhere.
    let token_list = h
        .api
        .requests()
        .into_iter()
        .find(|r| r.query.contains_key("fieldSelector"))
        .unwrap();
    assert_eq!(
        token_list.query["fieldSelector"],
        "metadata.name=onepassword-connect-token"
    );
    assert!(
        !h.kubectl_claw(&["doctor"])
            .all()
            .contains("c2VjcmV0LXRva2Vu")
    );

    let h = Harness::new(eso_store(None, false, true));
    let stores = results(&doctor(&h).1, "secret-store");
    assert_eq!(stores.len(), 2);
    assert!(
        stores
            .iter()
            .all(|(r, m)| r == "WARN" && m.contains("has no SecretStore onepassword-store")),
        "{stores:?}"
    );

    let h = Harness::new(eso_store(Some(false), false, false));
    let (code, checks) = doctor(&h);
    assert_eq!(code, 1);
    assert!(
        results(&checks, "secret-store")
            .iter()
            .all(|(r, m)| r == "FAIL" && m.contains("401 Unauthorized"))
    );
    assert_eq!(
        results(&checks, "secret-store-token").len(),
        2,
        "no token Secret in either namespace"
    );
    let (r, m) = one(&checks, "external-secrets-sync");
    assert_eq!(r, "FAIL");
    assert!(
        m.contains("claw-machine/pico-secrets is not Ready: could not get secret data"),
        "{m}"
    );
}

#[test]
fn chart_drift_against_the_embedded_charts() {
    let h = Harness::recorded();
    let (r, m) = one(&doctor(&h).1, "chart-drift");
    assert_eq!(r, "INFO");
    let embedded = claw_tests::bins::embedded_version();
    assert!(
        m.starts_with(&format!(
            "5 release(s) run older charts than this claw carries: clawmachine (0.1.0 -> {embedded})"
        )),
        "{m}"
    );

    let mut store = recorded::store();
    for s in store.objects_mut("v1", "secrets") {
        if s["metadata"]["labels"]["status"] == "superseded" {
            continue;
        }
        let mut rel = claw_tests::fleet::decode_release(s["data"]["release"].as_str().unwrap());
        rel["chart"]["metadata"]["version"] = json!(if rel["name"] == "pico" {
            "0.3.0".to_string()
        } else {
            embedded.clone()
        });
        s["data"]["release"] = json!(claw_tests::fleet::encode_release(&rel));
    }
    let h = Harness::new(store);
    let (r, m) = one(&doctor(&h).1, "chart-drift");
    assert_eq!(r, "WARN");
    assert!(
        m.contains(&format!("pico (0.3.0, this claw has {embedded})")),
        "{m}"
    );
}

#[test]
fn metrics_server_present_passes() {
    let mut store = recorded::store();
    store.install_group("metrics.k8s.io");
    let h = Harness::new(store);
    assert_eq!(
        one(&doctor(&h).1, "metrics-server"),
        (
            "PASS".into(),
            "metrics API served (metrics.k8s.io/v1beta1)".into()
        )
    );
}

#[test]
fn doctor_needs_no_more_requests_for_2000_bots_than_for_5() {
    let small = Harness::recorded();
    doctor(&small);
    let big = Harness::new(
        Fleet {
            bots: 2000,
            namespaces: 200,
            revisions: 2,
        }
        .store(),
    );
    let (_, checks) = doctor(&big);
    assert_eq!(
        one(&checks, "bot-health").0,
        "PASS",
        "the synthetic fleet is healthy"
    );
    // The same requests, but that a LIST of more than 500 objects takes more pages.
    let (a, b) = (small.first_pages().len(), big.first_pages().len());
    assert_eq!(a, b, "requests for 5 bots and for 2,000, first pages");
    // 28 for the fleet and its surroundings, 7 for drift (the release records' manifests, and
    // the live objects of six kinds).
    assert!(a <= 35, "{a}");
    let later: usize = big
        .api
        .requests()
        .iter()
        .filter(|r| r.query.contains_key("continue"))
        .count();
    assert!(
        later > 0 && later <= 3 * 10,
        "a few more pages for each of the ten LISTs that grow with the fleet: {later}"
    );
}

#[test]
fn doctor_on_an_unreachable_cluster_exits_3() {
    let h = Harness::recorded();
    let (path, _) = h.unreachable_kubeconfig("fake");
    let out = h.kubectl_claw(&["doctor", "--kubeconfig", path.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", out.all());
    assert!(
        out.stderr
            .contains("cannot reach the Kubernetes API server"),
        "{}",
        out.stderr
    );
}

#[test]
fn version_names_the_build_and_the_server() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["version"]);
    assert_eq!(out.code, 0);
    let first = out.stdout.lines().next().unwrap();
    assert!(first.starts_with("kubectl claw 0.1.0 (commit "), "{first}");
    assert!(
        out.stdout.contains("server: Kubernetes v1.36.2"),
        "{}",
        out.stdout
    );
    let doc = json_of(&h.kubectl_claw(&["version", "-o", "json"]));
    assert_eq!(doc["server"]["gitVersion"], "v1.36.2");
    assert!(doc["client"]["commit"].as_str().unwrap().len() >= 7);

    let out = h.kubectl_claw(&["version", "--kubeconfig", "/nonexistent"]);
    assert_eq!(
        out.code, 0,
        "the cluster being away is not a failure of version"
    );
    assert!(
        out.stdout.contains("server: not reachable"),
        "{}",
        out.stdout
    );
}

/// `list` of `plural` forbidden at the cluster scope and in every namespace claw falls back to.
fn forbid_everywhere(h: &Harness, plural: &str) {
    h.api.inject(Fault::forbidden_list(plural, None));
    for ns in ["default", "claw-machine", "bots-team-a"] {
        h.api.inject(Fault::forbidden_list(plural, Some(ns)));
    }
}

#[test]
fn pods_or_services_that_cannot_be_listed_are_skipped_not_judged() {
    let h = Harness::recorded();
    forbid_everywhere(&h, "pods");
    let (_, checks) = doctor(&h);
    for id in ["bot-pods", "bot-health", "control-plane-replicas"] {
        let (result, message) = one(&checks, id);
        assert_eq!(result, "SKIP", "{id}: {message}");
        assert!(message.contains("could not be listed"), "{id}: {message}");
    }

    let h = Harness::recorded();
    forbid_everywhere(&h, "services");
    let (_, checks) = doctor(&h);
    let (result, message) = one(&checks, "control-plane-health");
    assert_eq!(result, "SKIP", "{message}");
    let exposure = results(&checks, "control-plane-exposure");
    assert!(
        exposure
            .iter()
            .any(|(r, m)| r == "SKIP" && m.contains("Services")),
        "{exposure:?}"
    );
    assert!(exposure.iter().all(|(r, _)| r != "PASS"), "{exposure:?}");
}

#[test]
fn doctor_in_a_bot_namespace_reads_the_control_planes_own_namespace() {
    let mut store = recorded::store();
    store.insert(
        "networking.k8s.io/v1",
        "ingresses",
        ingress(json!({"kubernetes.io/ingress.class": "nginx"})),
    );
    for d in store.objects_mut("apps/v1", "deployments") {
        if d["metadata"]["name"] == "clawmachine-clawmachine" {
            d["spec"]["replicas"] = json!(7);
        }
    }
    let h = Harness::new(store);
    let out = h.kubectl_claw(&["doctor", "-n", "bots-team-a", "-o", "json"]);
    let checks = json_of(&out)["checks"].as_array().unwrap().clone();
    let (r, m) = one(&checks, "control-plane-exposure");
    assert_eq!(
        r, "WARN",
        "the Ingress is in claw-machine, not bots-team-a: {m}"
    );
    let drift = results(&checks, "live-drift");
    assert!(
        drift.iter().any(|(r, m)| r == "WARN"
            && m.starts_with("claw-machine/clawmachine: ")
            && m.contains("spec.replicas is 7 on the cluster")),
        "{drift:?}"
    );
}
