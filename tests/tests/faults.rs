//! Bad servers and bad access: each fault gives one clear line and the right exit code, never a
//! panic; what can be degraded instead of failing is degraded and said once.

use std::time::Duration;

use claw_tests::recorded::PICO_SECRET;
use claw_tests::{Action, Fault, Harness, Match, json_of};
use serde_json::{Value, json};

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
fn a_forbidden_list_is_named_by_its_own_resource() {
    // Each resource forbidden on its own, in the words the real server uses for it (checked
    // against the recorded 403s in fake_server.rs): claw degrades, and its one warning names
    // the resource that was refused and what the view lacks for it.
    for (plural, group, lacking) in [
        ("pods", "", "cannot list pods: pod state shows as Unknown"),
        (
            "deployments",
            "apps",
            "cannot list deployments: READY counts the pods that exist, not the replicas wanted",
        ),
        (
            "secrets",
            "",
            "cannot read Helm release Secrets, so release state shows as unknown and bots are found from their workloads' labels",
        ),
    ] {
        let h = Harness::recorded();
        h.api
            .inject(Fault::forbidden_list(plural, Some("claw-machine")));
        let out = h.kubectl_claw(&["bots", "-n", "claw-machine"]);
        assert_eq!(out.code, 0, "{plural}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            format!(
                "warning: {lacking} (forbidden: {plural} is forbidden: User \"viewer\" cannot list resource \"{plural}\" in API group \"{group}\" in the namespace \"claw-machine\"; ask a cluster admin for that permission)\n"
            ),
        );
    }
}

#[test]
fn forbidden_everywhere_is_one_error_line_exit_1() {
    // Neither releases nor pods: nothing to show, so the refusal is the answer.
    let h = Harness::recorded();
    for plural in ["secrets", "pods", "deployments"] {
        h.api
            .inject(Fault::forbidden_list(plural, Some("claw-machine")));
    }
    let out = h.kubectl_claw(&["bots", "-n", "claw-machine"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: forbidden: pods is forbidden: User \"viewer\" cannot list resource \"pods\" in API group \"\" in the namespace \"claw-machine\"; ask a cluster admin for that permission\n"
    );
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
    // shop's chart is unknowable and its workloads are not ours: skipped, and counted.
    assert!(bots.iter().all(|b| b["name"] != "shop"));
    assert_eq!(
        out.stderr,
        "warning: 1 Helm release record could not be read; kubectl claw doctor lists it\n"
    );
    assert_eq!(
        doc["warnings"],
        json!(["1 Helm release record could not be read; kubectl claw doctor lists it"])
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
fn missing_kubeconfig_is_one_line_naming_the_path_once_exit_3() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status", "--kubeconfig", "/nonexistent"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: kubeconfig: cannot read /nonexistent: no such file or directory\n"
    );
}

#[test]
fn garbage_kubeconfig_is_one_line_with_where_the_yaml_breaks_exit_3() {
    let h = Harness::recorded();
    let path = h.dir.path().join("garbage");
    std::fs::write(&path, "garbage: [\n  - x: {\n").unwrap();
    for via_env in [false, true] {
        let out = if via_env {
            h.kubectl_claw_env(&["status"], &[("KUBECONFIG", path.to_str().unwrap())])
        } else {
            h.kubectl_claw(&["status", "--kubeconfig", path.to_str().unwrap()])
        };
        assert_eq!(out.code, 3, "{}", out.stderr);
        assert_eq!(
            out.stderr,
            format!(
                "error: kubeconfig: {} is not a valid kubeconfig: \"-\" is only valid inside a block at line 2, column 3\n",
                path.display()
            ),
            "via KUBECONFIG: {via_env}"
        );
    }
    assert!(
        h.api.requests().is_empty(),
        "nothing was asked of the server"
    );
}

#[test]
fn kubeconfig_list_skips_missing_files_as_kubectl_does() {
    let h = Harness::recorded();
    let list = format!("/nonexistent/a:{}", h.kubeconfig.display());
    let out = h.kubectl_claw_env(&["bots", "-o", "json"], &[("KUBECONFIG", &list)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json_of(&out)["items"].as_array().unwrap().len(), 4);

    let out = h.kubectl_claw_env(
        &["bots"],
        &[("KUBECONFIG", "/nonexistent/a:/nonexistent/b")],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: kubeconfig: none of the files in KUBECONFIG exists (/nonexistent/a, /nonexistent/b); pass --kubeconfig or fix KUBECONFIG\n"
    );
}

#[test]
fn a_server_that_is_not_kubernetes_is_said_so_exit_3() {
    // A kubeconfig pointing at a web server (a typo'd port, a proxy's landing page): every
    // path, /version included, answers an HTML page.
    let h = Harness::recorded();
    h.api.inject(Fault {
        on: Match::Any,
        action: Action::Respond {
            code: 404,
            body: "<!DOCTYPE HTML>\n<html><head><title>404 Not Found</title></head></html>\n"
                .into(),
            retry_after: None,
        },
        times: None,
    });
    for args in [&["status"][..], &["bots"], &["events", "pico"]] {
        let out = h.kubectl_claw(args);
        assert_eq!(out.code, 3, "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            format!(
                "error: {} (context \"fake\") does not answer like a Kubernetes API server: GET /version answered 404 Not Found with an HTML page; check the server URL in the kubeconfig\n",
                h.api.url()
            ),
            "{args:?}"
        );
    }
}

#[test]
fn an_html_answer_from_a_real_api_server_is_not_mistaken_for_another_server() {
    // Kubernetes behind a proxy that answers one path with a page: /version still answers as
    // Kubernetes does, so the error is about that path, not the server.
    let h = Harness::recorded();
    h.api.inject(Fault {
        on: Match::Path("/api/v1/pods".into()),
        action: Action::Respond {
            code: 502,
            body: "<html><body>Bad Gateway</body></html>".into(),
            retry_after: None,
        },
        times: None,
    });
    let out = h.kubectl_claw(&["status", "--no-probe"]);
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stderr.contains("does not answer like a Kubernetes"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("502"), "{}", out.stderr);
    assert!(h.requests_to("/version") >= 1, "/version was asked");
}

#[test]
fn uninstall_with_nothing_named_is_a_usage_error_before_connecting() {
    let h = Harness::recorded();
    let out = h.helm_claw(&["uninstall"], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error: say what to uninstall: BOT…, --control-plane, or --all\n"
    );
    assert!(h.api.requests().is_empty(), "{:?}", h.api.requests());
}

#[test]
fn release_records_nothing_ties_to_clawmachine_are_counted_once_and_named_by_doctor() {
    let h = Harness::recorded();
    // Five Secrets labelled owner=helm in a namespace of their own, none of them a release.
    let bodies = [
        "",
        "not base64!",
        "bm90IGd6aXA=",
        "H4sIAAAAAAAA/6vIzsnJAwAtezZQBQAAAA==",
        "e30=",
    ];
    h.api.with_store(|s| {
        for (i, body) in bodies.iter().enumerate() {
            s.insert(
                "v1",
                "secrets",
                json!({
                    "apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
                    "metadata": {
                        "name": format!("sh.helm.release.v1.odd{i}.v1"), "namespace": "junk",
                        "resourceVersion": "900", "uid": format!("odd-{i}"),
                        "labels": {"owner": "helm", "name": format!("odd{i}"), "status": "deployed", "version": "1"}
                    },
                    "data": {"release": body}
                }),
            );
        }
    });
    let out = h.kubectl_claw(&["status", "--no-probe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "warning: 5 Helm release records could not be read; kubectl claw doctor lists them\n"
    );
    // Commands that do not list the fleet say nothing of them.
    let out = h.kubectl_claw(&["upgrade", "bots-team-a/pico2", "--dry-run"]);
    assert!(!out.stderr.contains("release record"), "{}", out.stderr);
    // -v names each, with why.
    let out = h.kubectl_claw(&["bots", "-v"]);
    let named: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: Helm release record junk/odd"))
        .collect();
    assert_eq!(named.len(), 5, "{}", out.stderr);
    // doctor names each, as INFO.
    let out = h.kubectl_claw(&["doctor", "-o", "json"]);
    let doc = json_of(&out);
    let records: Vec<&serde_json::Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"] == "release-records")
        .collect();
    assert_eq!(records.len(), 5, "{doc:#}");
    assert!(records.iter().all(|c| c["result"] == "INFO"));
    assert!(
        records
            .iter()
            .any(|c| c["message"].as_str().unwrap().contains("junk/odd1")),
        "{records:?}"
    );
}

#[test]
fn limited_access_degrades_views_and_their_watches_say_forbidden() {
    // Pods forbidden cluster-wide but readable in the fallback namespaces: the bots elsewhere
    // have unknown pods (null), not "no pods", and doctor judges nothing of them.
    let h = Harness::recorded();
    h.api.inject(Fault::forbidden_list("pods", None));
    let doc = json_of(&h.kubectl_claw(&["bots", "-o", "json"]));
    let pico2 = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "pico2")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(pico2["pods"], Value::Null, "{pico2}");
    let out = h.kubectl_claw(&["doctor"]);
    let health = out
        .stdout
        .lines()
        .find(|l| l.contains("bot-health"))
        .unwrap();
    assert!(!health.contains("pico2"), "{}", out.stdout);

    // A watch that cannot see across namespaces is forbidden (1), not a usage error (2).
    let h = Harness::recorded();
    for plural in ["secrets", "pods", "deployments"] {
        h.api.inject(Fault::forbidden_list(plural, None));
    }
    let out = h.kubectl_claw(&["status", "-w"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr
            .contains("error: forbidden: cannot watch across namespaces"),
        "{}",
        out.stderr
    );
}

#[test]
fn what_can_be_told_before_connecting_is_a_usage_error() {
    let h = Harness::recorded();
    for args in [
        &["status", "-n", "a/b"][..],
        &["bots", "-n", ""],
        &["health", "--timeout", "0"],
        &["status", "--request-timeout", "soon"],
    ] {
        let out = h.kubectl_claw(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.all());
    }
    let out = h.kubectl_claw(&["bots", "-w", "nope"]);
    assert_eq!(
        out.code,
        1,
        "an unknown bot is refused before watching: {}",
        out.all()
    );
    assert!(
        out.stderr.contains("unknown bot \"nope\""),
        "{}",
        out.stderr
    );
    // The API server's flag keeps its meaning after the subcommand too.
    let out = h.kubectl_claw(&["status", "--no-probe", "--insecure-skip-tls-verify"]);
    assert_eq!(out.code, 0, "{}", out.all());
}
