//! The embedded charts with the real Helm 3 and Helm 4: lint and template, and upgrade
//! compatibility: rendered with a release's carried-over values, our chart keeps the Deployment
//! selector and the names of the Deployment, Service and PVCs that the release's manifest has.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claw_tests::bins::{self, Output};
use claw_tests::fleet::decode_release;
use claw_tests::{Harness, recorded};
use serde_json::{Value, json};

const CHARTS: [&str; 5] = ["busybox", "clawmachine", "ironclaw", "openclaw", "picoclaw"];
const HELMS: [&str; 2] = ["helm3", "helm4"];

fn helm(version: &str, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut c = bins::helm_command(version, home.path());
    c.args(args);
    bins::run(&mut c)
}

/// The embedded archives, written out by `claw charts pull`.
fn pulled(dir: &Path) -> BTreeMap<&'static str, PathBuf> {
    let h = Harness::recorded();
    CHARTS
        .iter()
        .map(|c| {
            let out = h.kubectl_claw(&["charts", "pull", c, "-d", dir.to_str().unwrap()]);
            assert_eq!(out.code, 0, "{}", out.all());
            (*c, dir.join(format!("{c}-0.2.0.tgz")))
        })
        .collect()
}

#[test]
fn every_chart_lints_strictly_and_renders_on_helm_3_and_4() {
    let dir = tempfile::tempdir().unwrap();
    let archives = pulled(dir.path());
    for h in HELMS {
        for chart in CHARTS {
            let source = bins::workspace_root().join("charts").join(chart);
            for target in [source.as_path(), archives[chart].as_path()] {
                let out = helm(h, &["lint", "--strict", target.to_str().unwrap()]);
                assert_eq!(out.code, 0, "{h} lint {}: {}", target.display(), out.all());
            }
            let out = helm(
                h,
                &[
                    "template",
                    "demo",
                    archives[chart].to_str().unwrap(),
                    "--namespace",
                    "claw-machine",
                ],
            );
            assert_eq!(out.code, 0, "{h} template {chart}: {}", out.all());
            assert!(out.stdout.contains("kind: Deployment"), "{chart}");
        }
        // The schema stops a mistyped value before anything reaches the cluster.
        let out = helm(
            h,
            &[
                "template",
                "demo",
                archives["picoclaw"].to_str().unwrap(),
                "--set",
                "replicas=many",
            ],
        );
        assert_ne!(out.code, 0, "{h}: {}", out.all());
    }
}

/// (kind, name) of every object, and each Deployment's selector.
fn shape(manifest: &str) -> (Vec<(String, String)>, BTreeMap<String, Value>) {
    let mut objects = Vec::new();
    let mut selectors = BTreeMap::new();
    for doc in manifest.split("\n---") {
        let Ok(v) = serde_saphyr::from_str::<Value>(doc) else {
            continue;
        };
        let (Some(kind), Some(name)) = (v["kind"].as_str(), v["metadata"]["name"].as_str()) else {
            continue;
        };
        if kind == "Deployment" {
            selectors.insert(
                name.to_string(),
                v["spec"]["selector"]["matchLabels"].clone(),
            );
        }
        objects.push((kind.to_string(), name.to_string()));
    }
    (objects, selectors)
}

/// Renders `chart` as `release` in `ns` with the values claw would carry, and checks it keeps
/// what the running release has.
fn assert_compatible(
    helm_version: &str,
    archive: &Path,
    release: &str,
    ns: &str,
    config: &Value,
    current_manifest: &str,
) {
    let values = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(values.path(), serde_json::to_string(config).unwrap()).unwrap();
    let out = helm(
        helm_version,
        &[
            "template",
            release,
            archive.to_str().unwrap(),
            "--namespace",
            ns,
            "--values",
            values.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{helm_version} {release}: {}", out.all());
    let (now, now_selectors) = shape(current_manifest);
    let (next, next_selectors) = shape(&out.stdout);
    for (kind, name) in &now {
        if matches!(
            kind.as_str(),
            "Deployment" | "Service" | "PersistentVolumeClaim"
        ) {
            assert!(
                next.contains(&(kind.clone(), name.clone())),
                "{helm_version} {ns}/{release}: {kind} {name} would be replaced; the new chart renders {next:?}"
            );
        }
    }
    for (name, selector) in &now_selectors {
        assert_eq!(
            next_selectors.get(name),
            Some(selector),
            "{ns}/{release}: Deployment {name}'s selector (immutable) would change"
        );
    }
}

#[test]
fn recorded_bot_releases_upgrade_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let archives = pulled(dir.path());
    let secrets: Value = serde_json::from_str(recorded::SECRETS_NOT_SUPERSEDED).unwrap();
    let mut checked = 0;
    for s in secrets["items"].as_array().unwrap() {
        let rel = decode_release(s["data"]["release"].as_str().unwrap());
        let chart = rel["chart"]["metadata"]["name"].as_str().unwrap();
        // The recorded control plane came from a stand-in chart that named its objects
        // clawmachine-clawmachine, against ClawMachine's fullname rule; its richer twin below
        // follows the rule. shop is not ClawMachine's.
        if !["picoclaw", "ironclaw", "openclaw"].contains(&chart)
            || rel["info"]["status"] == "failed"
        {
            continue;
        }
        let config = if rel["config"].is_null() {
            json!({})
        } else {
            rel["config"].clone()
        };
        for h in HELMS {
            assert_compatible(
                h,
                &archives[chart],
                rel["name"].as_str().unwrap(),
                rel["namespace"].as_str().unwrap(),
                &config,
                rel["manifest"].as_str().unwrap(),
            );
        }
        checked += 1;
    }
    assert_eq!(
        checked, 4,
        "pico, pico2, iron and open (its deployed revision)"
    );
}

/// ClawMachine-style manifests, written from clawmachine-facts.md: what a release of the real
/// charts has, with persistence and IronClaw's database.
fn rich_release(chart: &str, release: &str, fullname: &str) -> String {
    let labels =
        |name: &str| json!({"app.kubernetes.io/name": name, "app.kubernetes.io/instance": release});
    let (port_name, port) = match chart {
        "ironclaw" => ("gateway", 3000),
        "openclaw" => ("http", 18789),
        "picoclaw" => ("http", 18790),
        _ => ("http", 80),
    };
    let mut docs = vec![
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": fullname, "labels": labels(chart)},
            "spec": {"selector": {"matchLabels": labels(chart)}, "template": {"metadata": {"labels": labels(chart)}}}}),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": fullname},
            "spec": {"selector": labels(chart), "ports": [{"name": port_name, "port": port}]}}),
    ];
    if matches!(chart, "ironclaw" | "openclaw") {
        docs.push(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": fullname}}));
    }
    if chart == "ironclaw" {
        let pg = format!("{fullname}-postgres");
        docs.push(
            json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": pg}}),
        );
        docs.push(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": pg}}));
        docs.push(json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": pg},
            "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": "postgresql", "app.kubernetes.io/instance": release, "app.kubernetes.io/component": "database"}}}}));
    }
    docs.iter()
        .map(|d| format!("---\n{}\n", serde_json::to_string(d).unwrap()))
        .collect()
}

#[test]
fn clawmachine_style_releases_upgrade_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let archives = pulled(dir.path());
    let cases = [
        // (chart, release, fullname by ClawMachine's rule, the user's values)
        (
            "clawmachine",
            "clawmachine",
            "clawmachine",
            json!({"replicaCount": 3}),
        ),
        (
            "ironclaw",
            "research",
            "research-ironclaw",
            json!({"persistence": {"size": "20Gi"}, "postgresql": {"password": "pw"}}),
        ),
        (
            "openclaw",
            "support",
            "support-openclaw",
            json!({"gateway": {"authMode": "token"}}),
        ),
        (
            "picoclaw",
            "my-picoclaw",
            "my-picoclaw",
            json!({"replicas": 2, "secrets": {"apiKey": "sk"}}),
        ),
        ("busybox", "dev", "dev-busybox", json!({})),
    ];
    for h in HELMS {
        for (chart, release, fullname, values) in &cases {
            assert_compatible(
                h,
                &archives[chart],
                release,
                "claw-machine",
                values,
                &rich_release(chart, release, fullname),
            );
        }
    }
}

#[test]
fn upgrade_diff_with_real_helm_never_shows_the_secret() {
    let h = Harness::recorded();
    for version in HELMS {
        let out = h.kubectl_claw_env(
            &["upgrade", "pico", "--force", "--dry-run", "--diff"],
            &[("HELM_BIN", bins::tool(version).to_str().unwrap())],
        );
        assert_eq!(out.code, 0, "{version}: {}", out.all());
        assert!(
            out.stdout
                .contains("+++ claw-machine/pico (picoclaw-0.2.0)"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("apiKey: <redacted>"), "{}", out.stdout);
        assert!(!out.all().contains(recorded::PICO_SECRET), "{version}");
    }
}
