//! `health` and the HEALTH column: each distinct result through the fake server's service proxy.

use std::time::Duration;

use claw_tests::fleet::{decode_release, encode_release};
use claw_tests::{Endpoint, Fault, Fleet, Harness, Match, json_of};
use serde_json::Value;

fn item<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {doc:#}"))
}

#[test]
fn recorded_cluster_healthy_and_no_ready_endpoints() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["health", "-o", "json"]);
    assert_eq!(
        out.code, 1,
        "pico2 and open have no ready pods: {}",
        out.stderr
    );
    let doc = json_of(&out);
    assert_eq!(doc["kind"], "HealthReport");
    assert_eq!(doc["healthy"], false);
    for name in ["clawmachine", "iron", "pico"] {
        assert_eq!(item(&doc, name)["result"], "healthy", "{name}");
        assert_eq!(item(&doc, name)["code"], 200);
    }
    for name in ["open", "pico2"] {
        assert_eq!(item(&doc, name)["result"], "no-ready-endpoints", "{name}");
    }
    // Each type is asked on its own path and port.
    let iron = &item(&doc, "iron")["endpoint"];
    assert_eq!(
        (
            iron["service"].as_str(),
            iron["port"].as_str(),
            iron["path"].as_str()
        ),
        (Some("iron-ironclaw"), Some("gateway"), Some("/api/health"))
    );
    let paths: Vec<String> = h
        .api
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains("/proxy/"))
        .collect();
    assert!(
        paths.contains(
            &"/api/v1/namespaces/claw-machine/services/iron-ironclaw:gateway/proxy/api/health"
                .to_string()
        ),
        "{paths:?}"
    );
    assert!(
        paths.contains(
            &"/api/v1/namespaces/claw-machine/services/clawmachine-clawmachine:http/proxy/health"
                .to_string()
        ),
        "{paths:?}"
    );

    let out = h.kubectl_claw(&["health", "pico", "iron", "clawmachine"]);
    assert_eq!(out.code, 0, "all named are healthy: {}", out.all());
    let header: Vec<&str> = out
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        [
            "NAMESPACE",
            "NAME",
            "TYPE",
            "HEALTH",
            "ENDPOINT",
            "LATENCY",
            "DETAIL"
        ]
    );
}

#[test]
fn a_bot_answering_an_error_is_unhealthy_with_its_code() {
    let h = Harness::recorded();
    h.api.set_endpoint(
        "claw-machine",
        "pico-picoclaw",
        Endpoint::Answers(500, "{\"status\":\"degraded\"}".into()),
    );
    let out = h.kubectl_claw(&["health", "pico", "-o", "json"]);
    assert_eq!(out.code, 1);
    let pico = item(&json_of(&out), "pico").clone();
    assert_eq!(pico["result"], "unhealthy");
    assert_eq!(pico["code"], 500);
    assert_eq!(pico["healthy"], false);
    let table = h.kubectl_claw(&["health", "pico"]);
    assert!(
        table.stdout.contains("unhealthy(500)") && table.stdout.contains("HTTP 500"),
        "{}",
        table.stdout
    );
}

#[test]
fn an_endpoint_that_never_answers_is_a_timeout_bounded_by_timeout() {
    let h = Harness::recorded();
    h.api
        .set_endpoint("claw-machine", "pico-picoclaw", Endpoint::Hangs);
    let started = std::time::Instant::now();
    let out = h.kubectl_claw(&["health", "pico", "iron", "--timeout", "1s", "-o", "json"]);
    let took = started.elapsed();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc = json_of(&out);
    assert_eq!(item(&doc, "pico")["result"], "timeout");
    assert_eq!(item(&doc, "pico")["timeoutMs"], 1000);
    assert_eq!(
        item(&doc, "iron")["result"],
        "healthy",
        "one hang does not hold up the others"
    );
    assert!(
        took < Duration::from_secs(30),
        "bounded by --timeout, not the hang: {took:?}"
    );
}

#[test]
fn no_services_proxy_permission_falls_back_to_readiness_and_says_so() {
    let h = Harness::recorded();
    h.api.inject(Fault::status(
        Match::PathPrefix("/api/v1/namespaces/claw-machine/services/".into()),
        403,
        "Forbidden",
        "services \"pico-picoclaw\" is forbidden: User \"viewer\" cannot get resource \"services/proxy\" in API group \"\" in the namespace \"claw-machine\"",
    ));
    let out = h.kubectl_claw(&["health", "-n", "claw-machine", "-o", "json"]);
    let doc = json_of(&out);
    assert_eq!(item(&doc, "pico")["result"], "forbidden");
    assert_eq!(item(&doc, "pico")["podsReady"], true);
    assert_eq!(
        item(&doc, "pico")["healthy"],
        true,
        "a Ready pod is healthy by ClawMachine's own rule"
    );
    assert_eq!(item(&doc, "open")["podsReady"], false);
    assert_eq!(out.code, 1, "open is not ready");
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: no permission to proxy to services (get services/proxy): health judged from pod readiness"
        ]
    );
}

#[test]
fn a_bot_without_a_service_is_no_service() {
    let h = Harness::recorded();
    h.api.with_store(|s| {
        s.objects_mut("v1", "services")
            .retain(|svc| svc["metadata"]["name"] != "iron-ironclaw")
    });
    let out = h.kubectl_claw(&["health", "iron", "-o", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(item(&json_of(&out), "iron")["result"], "no-service");
    assert!(
        h.api.requests().iter().all(|r| !r.path.contains("/proxy/")),
        "nothing to ask"
    );
}

#[test]
fn the_releases_own_health_check_path_is_used() {
    let h = Harness::recorded();
    h.api.with_store(|s| {
        for secret in s.objects_mut("v1", "secrets") {
            if secret["metadata"]["name"] == "sh.helm.release.v1.pico.v3" {
                let mut rel = decode_release(secret["data"]["release"].as_str().unwrap());
                rel["config"]["healthCheck"] = serde_json::json!({"path": "/healthz"});
                secret["data"]["release"] = encode_release(&rel).into();
            }
        }
    });
    let out = h.kubectl_claw(&["health", "pico", "-o", "json"]);
    let pico = item(&json_of(&out), "pico").clone();
    assert_eq!(pico["endpoint"]["path"], "/healthz");
    // The fake bot serves only /health: the bot's own 404 is what a wrong path gets.
    assert_eq!(pico["result"], "unhealthy");
    assert_eq!(pico["code"], 404);
    assert!(
        h.api
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/pico-picoclaw:http/proxy/healthz"))
    );
}

#[test]
fn probes_run_at_most_concurrency_at_once() {
    let h = Harness::new(
        Fleet {
            bots: 24,
            namespaces: 3,
            revisions: 1,
        }
        .store(),
    );
    for i in 0..24 {
        let chart = ["picoclaw", "ironclaw", "openclaw"][i % 3];
        h.api.set_endpoint(
            &format!("bots-{:03}", i % 3),
            &format!("bot-{i:05}-{chart}"),
            Endpoint::Slow(Duration::from_millis(150)),
        );
    }
    let out = h.kubectl_claw(&["health", "--concurrency", "4", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json_of(&out)["items"].as_array().unwrap().len(), 25);
    // Counted at the bots' endpoints (requests through the Service proxy), not the LISTs.
    let probes = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path.contains("/proxy"))
        .count();
    assert_eq!(probes, 25, "every bot and the control plane probed once");
    let peak = h.api.max_probes_in_flight();
    assert_eq!(
        peak, 4,
        "24 probes of 150 ms through 4 slots fill all 4, and never more"
    );
}

#[test]
fn status_shows_health_and_no_probe_skips_it() {
    let h = Harness::recorded();
    h.api.set_endpoint(
        "claw-machine",
        "iron-ironclaw",
        Endpoint::Answers(503, "warming up".into()),
    );
    let doc = json_of(&h.kubectl_claw(&["status", "-o", "json"]));
    let iron = doc["bots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "iron")
        .unwrap();
    assert_eq!(iron["health"]["result"], "unhealthy");
    assert_eq!(iron["health"]["code"], 503);
    assert_eq!(doc["controlPlane"]["health"]["result"], "healthy");

    h.api.reset_counters();
    let out = h.kubectl_claw(&["status", "--no-probe"]);
    assert_eq!(out.code, 0);
    assert!(
        h.api
            .requests()
            .iter()
            .all(|r| !r.path.contains("/proxy/") && !r.path.ends_with("/services"))
    );
    let iron_row = out.stdout.lines().find(|l| l.contains(" iron ")).unwrap();
    assert_eq!(iron_row.split_whitespace().nth(6), Some("-"), "{iron_row}");
}
