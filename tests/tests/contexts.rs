//! The fleet in one view: several kubeconfig contexts (two fake clusters and one that cannot be
//! reached) in one table with a CONTEXT column, one document with a `contexts` list, and the
//! exit code of the worst (3 only when none answered).

use claw_tests::harness::kubeconfig_of;
use claw_tests::tls::b64;
use claw_tests::{Harness, json_of, recorded, shaped};
use serde_json::json;

struct Fleet {
    dev: Harness,
    _prod: Harness,
    kubeconfig: std::path::PathBuf,
}

fn fleet() -> Fleet {
    let dev = Harness::new(recorded::store());
    let values = json!({});
    let manifest = shaped::manifest_from_chart("picoclaw", "helper", "team", &values);
    let prod = Harness::new(shaped::store(&[shaped::Release::new(
        "team", "helper", "picoclaw", values, manifest,
    )]));
    let (_, unreachable) = dev.unreachable_kubeconfig("gone");
    let ca = |h: &Harness| b64(&h.api.pki().ca_pem);
    let yaml = kubeconfig_of(&[
        ("dev", dev.api.url(), ca(&dev)),
        ("prod", prod.api.url(), ca(&prod)),
        ("gone", unreachable, ca(&dev)),
    ]);
    let kubeconfig = dev.dir.path().join("fleet-kubeconfig");
    std::fs::write(&kubeconfig, yaml).unwrap();
    Fleet {
        dev,
        _prod: prod,
        kubeconfig,
    }
}

impl Fleet {
    fn claw(&self, args: &[&str]) -> claw_tests::bins::Output {
        self.dev
            .kubectl_claw_env(args, &[("KUBECONFIG", self.kubeconfig.to_str().unwrap())])
    }
}

#[test]
fn three_contexts_in_one_table_with_the_worst_exit() {
    let f = fleet();
    let out = f.claw(&["status", "--no-probe", "--all-contexts"]);
    assert_eq!(
        out.code,
        1,
        "one context failed, the others answered: {}",
        out.all()
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header[..3],
        ["CONTEXT", "NAMESPACE", "NAME"],
        "{}",
        out.stdout
    );
    let rows: Vec<(String, String)> = lines[1..]
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("dev", "clawmachine"),
        ("dev", "pico2"),
        ("dev", "iron"),
        ("dev", "open"),
        ("dev", "pico"),
        ("prod", "helper"),
    ]
    .iter()
    .map(|(c, n)| (c.to_string(), n.to_string()))
    .collect();
    assert_eq!(rows, want, "{}", out.stdout);
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    assert!(
        errors[0].starts_with(
            "error: context \"gone\": cannot reach the Kubernetes API server at https://127.0.0.1:"
        ),
        "{}",
        errors[0]
    );

    // Only the two that answer: exit 0.
    let out = f.claw(&["status", "--no-probe", "--context", "dev,prod"]);
    assert_eq!(out.code, 0, "{}", out.all());
    // None answers: 3, as for one unreachable cluster.
    let out = f.claw(&["bots", "--context", "gone,gone"]);
    assert_eq!(out.code, 3, "{}", out.all());
    let out = f.claw(&["bots", "--context", "gone"]);
    assert_eq!(out.code, 3);
}

#[test]
fn the_document_lists_each_context_with_its_answer_or_its_error() {
    let f = fleet();
    let doc = json_of(&f.claw(&["bots", "-o", "json", "--all-contexts"]));
    assert_eq!(doc["kind"], "BotList");
    let contexts = doc["contexts"].as_array().unwrap();
    let names: Vec<&str> = contexts
        .iter()
        .map(|c| c["context"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dev", "prod", "gone"]);
    assert_eq!(contexts[0]["items"].as_array().unwrap().len(), 4);
    assert_eq!(contexts[1]["items"][0]["name"], "helper");
    assert!(
        contexts[2]["error"]
            .as_str()
            .unwrap()
            .contains("cannot reach")
    );
    assert!(contexts[2].get("items").is_none());
}

#[test]
fn every_read_view_takes_several_contexts_and_no_write_command_does() {
    let f = fleet();
    let health = f.claw(&["health", "--context", "dev,prod", "--timeout", "1s"]);
    assert!(health.stdout.starts_with("CONTEXT"), "{}", health.all());
    assert!(
        health.stdout.lines().any(|l| l.starts_with("prod ")),
        "{}",
        health.stdout
    );
    let events = f.claw(&["events", "--context", "dev,prod", "-A"]);
    assert!(events.stdout.starts_with("CONTEXT"), "{}", events.all());
    let doctor = f.claw(&["doctor", "--context", "dev,prod"]);
    assert!(
        doctor.stdout.contains("CONTEXT dev\n") && doctor.stdout.contains("CONTEXT prod\n"),
        "a section per context: {}",
        doctor.stdout
    );
    for cmd in [
        vec!["upgrade", "--context", "dev,prod"],
        vec!["backup", "/tmp/x", "--all-contexts"],
        vec!["logs", "pico", "--context", "dev,prod"],
        vec!["events", "-w", "--context", "dev,prod"],
    ] {
        let out = f.claw(&cmd);
        assert_eq!(out.code, 2, "{cmd:?}: {}", out.all());
        assert!(
            out.stderr.contains("works on one cluster"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn watching_several_contexts_redraws_the_one_view() {
    let f = fleet();
    let mut c =
        claw_tests::bins::clean_command(claw_tests::bins::plugin("kubectl-claw"), f.dev.dir.path());
    c.env("KUBECONFIG", &f.kubeconfig)
        .args(["status", "-w", "-o", "json", "--all-contexts"]);
    let mut child = claw_tests::process::Spawned::start(c);
    child.read_until("the first document", |l| !l.is_empty());
    let first: serde_json::Value = serde_json::from_str(&child.stdout[0]).unwrap();
    let names: Vec<&str> = first["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["context"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dev", "prod", "gone"]);
    child.read_stderr_until("the unreachable context's line", |l| {
        l.iter().any(|l| l.starts_with("error: context \"gone\""))
    });
    f.dev
        .api
        .wait_until("dev's three watches", |api| api.open_watches() >= 3);
    let mut pod = f.dev.api.with_store(|s| {
        s.objects("v1", "pods")
            .iter()
            .find(|p| p["metadata"]["name"] == "pico-picoclaw-797d697987-vwxht")
            .unwrap()
            .clone()
    });
    pod["status"]["phase"] = json!("Failed");
    f.dev.api.put("v1", "pods", pod);
    child.read_until("the change in dev", |l| l.len() >= 2);
    let second: serde_json::Value = serde_json::from_str(&child.stdout[1]).unwrap();
    let dev_bots = second["contexts"][0]["bots"].as_array().unwrap();
    let pico = dev_bots.iter().find(|b| b["name"] == "pico").unwrap();
    assert_ne!(pico["status"], "Running", "{pico}");
    child.interrupt();
    assert_eq!(child.finish().code, 0);
}
