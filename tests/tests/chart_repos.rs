//! Chart sources against real repositories on loopback: the CNCF Distribution registry with
//! charts pushed by real `helm push`, and a static HTTP Helm repository made by `helm repo
//! index`; `helm claw` runs as Helm runs it, with the real Helm 3 and Helm 4 as HELM_BIN.

use std::path::Path;

use claw_tests::bins::{self, Output};
use claw_tests::repos::{self, HttpRepo, Registry};
use claw_tests::shaped::{self, Release};
use claw_tests::{Harness, Store, json_of};
use serde_json::{Value, json};

/// A cluster ClawMachine 0.1.7 set up: the control plane and one picoclaw bot.
fn cluster_at_0_1_7() -> Store {
    let release = |ns: &str, name: &str, chart: &str, config: Value| {
        let manifest = shaped::manifest_from_chart(chart, name, ns, &config);
        Release::new(ns, name, chart, config, manifest).version("0.1.7")
    };
    shaped::store(&[
        release("claw-machine", "clawmachine", "clawmachine", json!({})),
        release("claw-machine", "pico", "picoclaw", json!({"replicas": 2})),
    ])
}

/// The versions every repository holds: two releases and a pre-release.
const PUSHED: [&str; 3] = ["0.1.8", "0.1.9", "0.1.10-rc.1"];

fn packaged(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for chart in ["clawmachine", "picoclaw"] {
        for v in PUSHED {
            out.push(repos::package(chart, v, dir));
        }
    }
    out
}

fn helm_claw(h: &Harness, helm: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut all = vec![("HELM_BIN", bins::tool(helm).to_str().unwrap().to_string())];
    all.extend(env.iter().map(|(k, v)| (*k, v.to_string())));
    let all: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.helm_claw(args, &all)
}

/// The version the plan would move `name` to.
fn planned_to(out: &Output, name: &str) -> String {
    let doc = json_of(out);
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {doc}"))["to"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Newest, pinned, with pre-releases, and through the environment variable ClawMachine reads.
fn newest_version_pinned_and_devel(repo: &str, plain_http: bool) {
    let h = Harness::new(cluster_at_0_1_7());
    let mut base = vec!["upgrade", "--chart-repo", repo, "--dry-run", "-o", "json"];
    if plain_http {
        base.push("--plain-http");
    }
    for helm in ["helm3", "helm4"] {
        let out = helm_claw(&h, helm, &base, &[]);
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        assert_eq!(
            planned_to(&out, "clawmachine"),
            "0.1.9",
            "{helm}: the newest release"
        );
        assert_eq!(json_of(&out)["chartSource"], repo);
        let pinned = [&base[..], &["--version", "0.1.8"]].concat();
        let out = helm_claw(&h, helm, &pinned, &[]);
        assert_eq!(
            planned_to(&out, "clawmachine"),
            "0.1.8",
            "{helm}: --version pins"
        );
        let devel = [&base[..], &["--devel"]].concat();
        let out = helm_claw(&h, helm, &devel, &[]);
        assert_eq!(
            planned_to(&out, "clawmachine"),
            "0.1.10-rc.1",
            "{helm}: --devel"
        );
    }
    // CLAWMACHINE_CHART_REPO, as ClawMachine itself reads it.
    let mut env_args = vec!["upgrade", "--dry-run", "-o", "json"];
    if plain_http {
        env_args.push("--plain-http");
    }
    let out = helm_claw(&h, "helm4", &env_args, &[("CLAWMACHINE_CHART_REPO", repo)]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(planned_to(&out, "clawmachine"), "0.1.9");
}

#[test]
fn an_oci_registry_gives_the_newest_or_the_pinned_version() {
    let registry = Registry::start();
    let dir = tempfile::tempdir().unwrap();
    let repo = registry.url("clawmachine/charts");
    for archive in packaged(dir.path()) {
        repos::push(&archive, &repo);
    }
    newest_version_pinned_and_devel(&repo, true);

    // A real upgrade hands Helm the archive that was pushed, byte for byte.
    let h = Harness::new(cluster_at_0_1_7());
    let calls = tempfile::tempdir().unwrap();
    let fake = bins::workspace_root().join("tests/fake-helm/helm");
    let out = h.helm_claw(
        &["upgrade", "--chart-repo", &repo, "--plain-http"],
        &[
            ("HELM_BIN", fake.to_str().unwrap()),
            ("FAKE_HELM_DIR", calls.path().to_str().unwrap()),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let upgrade = (1..)
        .map(|n| calls.path().join(format!("call-{n}")))
        .take_while(|d| d.exists())
        .find(|d| {
            std::fs::read_to_string(d.join("argv"))
                .unwrap()
                .starts_with("upgrade")
        })
        .expect("helm upgrade ran");
    assert_eq!(
        std::fs::read(upgrade.join("chart.tgz")).unwrap(),
        std::fs::read(dir.path().join("clawmachine-0.1.9.tgz")).unwrap()
    );
}

#[test]
fn an_http_repository_works_the_same() {
    let dir = tempfile::tempdir().unwrap();
    packaged(dir.path());
    let server = HttpRepo::start(dir.path());
    repos::index(&server.dir, &server.url);
    newest_version_pinned_and_devel(&server.url, false);
}

#[test]
fn status_and_doctor_compare_with_the_repository_when_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    packaged(dir.path());
    let server = HttpRepo::start(dir.path());
    repos::index(&server.dir, &server.url);
    let h = Harness::new(cluster_at_0_1_7());
    let out = helm_claw(
        &h,
        "helm4",
        &[
            "status",
            "--no-probe",
            "-o",
            "json",
            "--chart-repo",
            &server.url,
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = json_of(&out);
    assert_eq!(doc["controlPlane"]["upgrade"], "0.1.9");
    assert_eq!(doc["bots"][0]["upgrade"], "0.1.9");
    let out = helm_claw(&h, "helm4", &["doctor", "--chart-repo", &server.url], &[]);
    assert!(
        out.stdout.contains(&format!(
            "2 release(s) run older charts than {} offers: clawmachine (0.1.7 -> 0.1.9)",
            server.url
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn an_unreachable_or_empty_repository_is_one_line_and_exit_1() {
    let h = Harness::new(cluster_at_0_1_7());
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let registry = Registry::start();
    for repo in [
        format!("oci://127.0.0.1:{port}/charts"),
        registry.url("empty/charts"),
        format!("http://127.0.0.1:{port}"),
    ] {
        let out = helm_claw(
            &h,
            "helm4",
            &["upgrade", "--chart-repo", &repo, "--plain-http"],
            &[],
        );
        assert_eq!(out.code, 1, "{repo}: {}", out.all());
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{repo}: one line: {}", out.stderr);
        assert!(
            lines[0].starts_with(&format!(
                "error: cannot get chart clawmachine from {repo}: "
            )),
            "{}",
            lines[0]
        );
        assert!(
            lines[0].ends_with("or drop --chart-repo and unset CLAWMACHINE_CHART_REPO to use the charts embedded in claw"),
            "{}",
            lines[0]
        );
    }
}

#[test]
fn the_default_needs_no_network_and_a_local_chart_works_too() {
    let h = Harness::new(cluster_at_0_1_7());
    let calls = tempfile::tempdir().unwrap();
    let fake = bins::workspace_root().join("tests/fake-helm/helm");
    let env = [
        ("HELM_BIN", fake.to_str().unwrap()),
        ("FAKE_HELM_DIR", calls.path().to_str().unwrap()),
        // Anything but the (loopback) cluster goes to a proxy that is not there.
        ("HTTPS_PROXY", "http://127.0.0.1:9"),
        ("HTTP_PROXY", "http://127.0.0.1:9"),
        ("NO_PROXY", "127.0.0.1"),
    ];
    let out = h.helm_claw(&["upgrade"], &env);
    assert_eq!(out.code, 0, "{}", out.all());
    let verbs: Vec<String> = (1..)
        .map_while(|n| std::fs::read_to_string(calls.path().join(format!("call-{n}/argv"))).ok())
        .map(|a| a.lines().next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        verbs,
        ["template", "upgrade"],
        "no pull, no show: nothing fetched"
    );

    // --chart: a local archive of another version.
    let dir = tempfile::tempdir().unwrap();
    let archive = repos::package("clawmachine", "0.1.8", dir.path());
    let out = helm_claw(
        &h,
        "helm4",
        &[
            "upgrade",
            "--chart",
            archive.to_str().unwrap(),
            "--dry-run",
            "-o",
            "json",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(planned_to(&out, "clawmachine"), "0.1.8");
    assert_eq!(json_of(&out)["chartSource"], archive.to_str().unwrap());
}
