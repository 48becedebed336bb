//! `restart` against the recorded cluster: the pod-template annotation `kubectl rollout restart`
//! writes, by PATCH, on the bot's own Deployments only; then the wait, driven here the way the
//! Deployment controller drives a real one (the test writes the rollout's status once claw has
//! patched), until the new pods are ready and the health probe passes — or the timeout.

use claw_tests::fake_helm::Rig;
use claw_tests::{Endpoint, json_of, recorded};
use serde_json::{Value, json};

const PICO: &str = "/apis/apps/v1/namespaces/claw-machine/deployments/pico-picoclaw";

fn patches(rig: &Rig) -> Vec<String> {
    rig.h
        .api
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .map(|r| r.path.clone())
        .collect()
}

fn deployment(rig: &Rig, name: &str) -> Value {
    rig.h.api.with_store(|s| {
        s.objects("apps/v1", "deployments")
            .iter()
            .find(|d| d["metadata"]["name"] == name)
            .cloned()
            .unwrap()
    })
}

/// What the Deployment controller writes once the new pods are up.
fn rolled_out(rig: &Rig, name: &str) {
    let mut d = deployment(rig, name);
    let generation = d["metadata"]["generation"].clone();
    d["status"]["observedGeneration"] = generation;
    for field in [
        "replicas",
        "updatedReplicas",
        "readyReplicas",
        "availableReplicas",
    ] {
        d["status"][field] = json!(1);
    }
    rig.h.api.put("apps/v1", "deployments", d);
}

fn patched(rig: &Rig, path: &str) -> bool {
    patches(rig).iter().any(|p| p == path)
}

#[test]
fn restart_sets_the_annotation_waits_for_the_rollout_and_the_probe() {
    let rig = Rig::new(recorded::store());
    let before = deployment(&rig, "pico-picoclaw")["metadata"]["generation"]
        .as_i64()
        .unwrap();
    // --timeout 0 waits as long as it takes, as kubectl's does.
    let run = rig.spawn(&["restart", "pico", "--timeout", "0"], &[]);
    rig.h
        .api
        .wait_until("the restart patch", |_| patched(&rig, PICO));
    let d = deployment(&rig, "pico-picoclaw");
    let at = d["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"]
        .as_str()
        .unwrap_or_else(|| panic!("no restartedAt: {d}"));
    assert!(at.parse::<jiff::Timestamp>().is_ok(), "RFC 3339: {at}");
    assert_eq!(
        d["metadata"]["generation"].as_i64(),
        Some(before + 1),
        "the template changed"
    );
    assert!(
        d["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["manager"] == "claw"),
        "recorded under claw's field manager"
    );
    rolled_out(&rig, "pico-picoclaw");
    let out = run.finish();
    assert_eq!(out.code, 0, "{}", out.all());
    let row = out
        .stdout
        .lines()
        .find(|l| l.contains("pico-picoclaw"))
        .unwrap();
    assert!(row.contains("ready, healthy (HTTP 200)"), "{row}");
    assert_eq!(patches(&rig), [PICO], "only the bot's own Deployment");
    assert!(
        !rig.h.api.requests().iter().any(|r| r.method == "DELETE"),
        "no pod is deleted"
    );
}

#[test]
fn a_rollout_that_does_not_finish_times_out_and_names_the_bot() {
    let rig = Rig::new(recorded::store());
    let out = rig.claw(&["restart", "pico", "--timeout", "2s"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains(
            "error: restart of claw-machine/pico failed: not ready within 2s: Deployment pico-picoclaw: waiting for the new template to be observed"
        ),
        "{}",
        out.stderr
    );
    let doc = json_of(&rig.claw(&["restart", "pico", "--timeout", "1s", "-o", "json"], &[]));
    assert_eq!(doc["kind"], "RestartReport");
    assert_eq!(doc["items"][0]["result"], "failed");
    assert_eq!(doc["items"][0]["deployments"], json!(["pico-picoclaw"]));
}

#[test]
fn ready_pods_with_a_failing_probe_are_not_back() {
    let rig = Rig::new(recorded::store());
    rig.h.api.set_endpoint(
        "claw-machine",
        "pico-picoclaw",
        Endpoint::Answers(503, "{\"status\":\"starting\"}".into()),
    );
    let run = rig.spawn(&["restart", "pico", "--timeout", "3s"], &[]);
    rig.h
        .api
        .wait_until("the restart patch", |_| patched(&rig, PICO));
    rolled_out(&rig, "pico-picoclaw");
    let out = run.finish();
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains(
            "its pods are ready, but its health probe did not pass within 3s: unhealthy(503)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn the_database_is_restarted_only_when_asked_and_no_wait_returns_at_once() {
    let mut store = recorded::store();
    store.insert(
        "apps/v1",
        "deployments",
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "iron-ironclaw-postgres", "namespace": "claw-machine", "generation": 1,
                "labels": {"app.kubernetes.io/instance": "iron", "app.kubernetes.io/name": "ironclaw",
                           "app.kubernetes.io/component": "database"}},
            "spec": {"replicas": 1, "template": {"metadata": {}, "spec": {"containers": []}}},
            "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1},
        }),
    );
    let rig = Rig::new(store);
    let out = rig.claw(&["restart", "iron", "--no-wait"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains("restarted (not waited for)"),
        "{}",
        out.stdout
    );
    assert_eq!(
        patches(&rig),
        ["/apis/apps/v1/namespaces/claw-machine/deployments/iron-ironclaw"]
    );
    let out = rig.claw(&["restart", "iron", "--no-wait", "--include-database"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(patches(&rig).len(), 3);
    assert!(patched(
        &rig,
        "/apis/apps/v1/namespaces/claw-machine/deployments/iron-ironclaw-postgres"
    ));

    let out = rig.claw(&["restart", "--all-bots", "--no-wait", "-o", "json"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = json_of(&out);
    let names: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"clawmachine"),
        "--all-bots leaves the control plane: {names:?}"
    );
    assert_eq!(names.len(), 4, "{names:?}");
    let out = rig.claw(&["restart"], &[]);
    assert_eq!(out.code, 2, "BOT, --all-bots or -t: {}", out.all());
}

#[test]
fn a_paused_deployment_is_not_restarted_and_a_named_bot_of_another_type_is_refused() {
    let rig = Rig::new(recorded::store());
    let mut d = deployment(&rig, "pico-picoclaw");
    d["spec"]["paused"] = json!(true);
    rig.h.api.put("apps/v1", "deployments", d);
    for wait in [&["--no-wait"][..], &["--timeout", "0"]] {
        let out = rig.claw(&[&["restart", "pico"][..], wait].concat(), &[]);
        assert_eq!(out.code, 1, "{}", out.all());
        assert!(
            out.stderr.contains("deployment/pico-picoclaw is paused: a restart would roll out nothing; resume first (`kubectl rollout resume deployment/pico-picoclaw -n claw-machine`)"),
            "{}",
            out.stderr
        );
    }
    assert!(patches(&rig).is_empty(), "{:?}", patches(&rig));

    let out = rig.claw(&["restart", "-t", "ironclaw", "pico", "--no-wait"], &[]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr
            .contains("claw-machine/pico is not of the type -t asks for (ironclaw)"),
        "{}",
        out.stderr
    );
    assert!(patches(&rig).is_empty());
}
