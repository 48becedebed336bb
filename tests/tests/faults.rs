//! Bad servers and bad access: each fault gives one clear line and the right exit code, never a
//! panic; what can be degraded instead of failing is degraded and said once.

use std::time::Duration;

use claw_tests::recorded::{self, PICO_SECRET};
use claw_tests::{Action, Fault, Harness, Match, json_of};

fn assert_one_error_line(out: &claw_tests::bins::Output) {
    assert_eq!(out.stderr.lines().count(), 1, "one line:\n{}", out.stderr);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn unreachable_server_is_named_with_its_context_exit_3() {
    let h = Harness::recorded();
    let (path, server) = h.unreachable_kubeconfig("prod");
    let out = h.kubectl_claw(&["status", "--kubeconfig", path.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr.contains(&format!(
            "cannot reach the Kubernetes API server at {server}"
        )) && out.stderr.contains("(context \"prod\")")
            && out.stderr.contains("Connection refused"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_server_that_never_answers_is_bounded_by_the_request_timeout() {
    let h = Harness::recorded();
    h.api.inject(Fault {
        on: Match::Any,
        action: Action::Hang,
        times: None,
    });
    let started = std::time::Instant::now();
    let out = h.kubectl_claw(&["status", "--request-timeout", "1s"]);
    let took = started.elapsed();
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr.contains("did not answer within 1s"),
        "{}",
        out.stderr
    );
    // Not a timing assertion on speed: only that it did not wait for the hour-long hang.
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn bad_credentials_are_401_exit_3() {
    let h = Harness::recorded();
    let path = h.dir.path().join("badtoken");
    std::fs::write(
        &path,
        h.api.kubeconfig_yaml("fake", "default", "token: wrong"),
    )
    .unwrap();
    let out = h.kubectl_claw(&["status", "--kubeconfig", path.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr
            .contains("rejected the credentials of context \"fake\" (401 Unauthorized)"),
        "{}",
        out.stderr
    );
}

#[test]
fn forbidden_release_secrets_degrade_to_workload_labels() {
    let h = Harness::recorded();
    h.api.inject(Fault::forbidden_list("secrets", None));
    for ns in ["default", "claw-machine"] {
        h.api.inject(Fault::forbidden_list("secrets", Some(ns)));
    }
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    let bots = doc["bots"].as_array().unwrap();
    let names: Vec<&str> = bots.iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["pico2", "iron", "open", "pico"],
        "found from workloads; shop's pods are not ClawMachine's"
    );
    for b in bots {
        assert_eq!(b["release"]["state"], "unknown", "{b:#}");
    }
    assert_eq!(doc["controlPlane"]["name"], "clawmachine");
    let open = bots.iter().find(|b| b["name"] == "open").unwrap();
    assert_eq!(open["status"], "CrashLoopBackOff", "pod state still shows");
    assert_eq!(open["type"], "openclaw");
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "said once:\n{}", out.stderr);
    assert!(
        warnings[0].contains("cannot read Helm release Secrets")
            && warnings[0].contains("secrets is forbidden"),
        "{}",
        warnings[0]
    );
}

#[test]
fn forbidden_cluster_wide_lists_fall_back_to_readable_namespaces() {
    let h = Harness::recorded();
    for plural in ["secrets", "pods", "deployments"] {
        h.api.inject(Fault::forbidden_list(plural, None));
    }
    // The user may read claw-machine but not their context namespace's pods.
    h.api.inject(Fault::forbidden_list("pods", Some("default")));
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    let names: Vec<&str> = doc["bots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["iron", "open", "pico"],
        "bots-team-a is out of reach"
    );
    assert_eq!(
        doc["bots"][1]["release"]["state"], "failed",
        "release Secrets readable in claw-machine"
    );
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "said once:\n{}", out.stderr);
    assert!(warnings[0].contains("cannot list across all namespaces (forbidden); showing namespaces claw-machine, default only"), "{}", warnings[0]);
}

#[test]
fn forbidden_everywhere_names_the_verb_and_resource_exit_1() {
    let h = Harness::recorded();
    h.api.inject(Fault::status(
        Match::PathPrefix("/api/v1/".into()),
        403,
        "Forbidden",
        recorded_message(recorded::FORBIDDEN_PODS_NAMESPACED).as_str(),
    ));
    let out = h.kubectl_claw(&["bots", "-n", "claw-machine"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr.contains(
            "cannot list resource \"pods\" in API group \"\" in the namespace \"claw-machine\""
        ),
        "{}",
        out.stderr
    );
}

fn recorded_message(txt: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(recorded::body_of(txt)).unwrap();
    v["message"].as_str().unwrap().to_string()
}

#[test]
fn throttling_is_retried_after_the_time_the_server_asks() {
    let h = Harness::recorded();
    h.api.inject(
        Fault::status(
            Match::Path("/api/v1/secrets".into()),
            429,
            "TooManyRequests",
            "too many requests",
        )
        .retry_after(1)
        .times(1),
    );
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json_of(&out)["bots"].as_array().unwrap().len(), 4);
    let secrets: Vec<_> = h
        .api
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/secrets")
        .collect();
    assert_eq!(
        secrets.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 200]
    );
    let waited = secrets[1].at - secrets[0].at;
    assert!(
        waited >= Duration::from_millis(950),
        "Retry-After: 1 honoured, waited {waited:?}"
    );
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let h = Harness::recorded();
    h.api.inject(
        Fault::status(
            Match::Path("/api/v1/pods".into()),
            500,
            "InternalError",
            "etcdserver: leader changed",
        )
        .times(2),
    );
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        json_of(&out)["bots"][2]["status"],
        "failed/CrashLoopBackOff"
    );
    let codes: Vec<u16> = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/pods")
        .map(|r| r.status)
        .collect();
    assert_eq!(codes, [500, 500, 200]);
}

#[test]
fn persistent_server_errors_give_up_with_the_servers_message_exit_1() {
    let h = Harness::recorded();
    h.api.inject(Fault::status(
        Match::Path("/api/v1/pods".into()),
        503,
        "ServiceUnavailable",
        "the server is shutting down",
    ));
    let out = h.kubectl_claw(&["status"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr.contains("the API server answered 503 for list pods in all namespaces (after 5 attempts): the server is shutting down"),
        "{}",
        out.stderr
    );
    assert_eq!(h.requests_to("/api/v1/pods"), 5);
}

#[test]
fn a_corrupt_release_is_unreadable_and_the_rest_still_shows() {
    let h = Harness::recorded();
    h.api.with_store(|s| {
        for secret in s.objects_mut("v1", "secrets") {
            let name = secret["metadata"]["name"].as_str().unwrap().to_string();
            if name == "sh.helm.release.v1.pico.v3" {
                secret["data"]["release"] = "bm90IGEgaGVsbSByZWxlYXNl".into(); // base64("not a helm release")
            }
            if name == "sh.helm.release.v1.shop.v1" {
                secret["data"]["release"] = "!!!".into();
            }
        }
    });
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    let bots = doc["bots"].as_array().unwrap();
    assert_eq!(bots.len(), 4);
    let pico = bots.iter().find(|b| b["name"] == "pico").unwrap();
    assert_eq!(pico["release"]["state"], "unreadable");
    assert_eq!(pico["status"], "unreadable");
    assert_eq!(pico["type"], "picoclaw", "type from the workloads' labels");
    assert!(
        pico["release"]["error"]
            .as_str()
            .unwrap()
            .contains("not base64"),
        "{pico:#}"
    );
    assert_eq!(
        bots.iter().find(|b| b["name"] == "open").unwrap()["release"]["state"],
        "failed"
    );
    // shop's chart is unknowable and its workloads are not ours: skipped, and said.
    assert!(bots.iter().all(|b| b["name"] != "shop"));
    assert!(
        out.stderr.contains("release web/shop is unreadable"),
        "{}",
        out.stderr
    );
    assert!(
        doc["warnings"][0]
            .as_str()
            .unwrap()
            .contains("release web/shop is unreadable")
    );
    assert!(!out.all().contains(PICO_SECRET));

    let table = h.kubectl_claw(&["status"]);
    assert_eq!(table.code, 0);
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.contains(" pico ") && l.contains(" unreadable ")),
        "{}",
        table.stdout
    );
}

#[test]
fn garbage_from_the_server_is_a_clear_error_not_a_panic() {
    let h = Harness::recorded();
    h.api.inject(Fault {
        on: Match::Path("/apis/apps/v1/deployments".into()),
        action: Action::Respond {
            code: 200,
            body: "{\"items\": [{\"metadata\": 42}]".into(),
            retry_after: None,
        },
        times: None,
    });
    let out = h.kubectl_claw(&["status"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr.contains(
            "unexpected answer from the API server for list deployments in all namespaces"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn missing_kubeconfig_is_exit_3_with_a_hint() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status", "--kubeconfig", "/nonexistent/kubeconfig"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_one_error_line(&out);
    assert!(
        out.stderr.contains("/nonexistent/kubeconfig"),
        "{}",
        out.stderr
    );
}
