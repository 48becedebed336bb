//! The safety plan `upgrade` makes before Helm runs, against releases shaped as ClawMachine
//! installs them: payloads built from the recorded contract renders (in Helm 3's and Helm 4's
//! encodings), planned with real Helm 3 and Helm 4 rendering our embedded charts.

use claw_tests::bins::{self, Output};
use claw_tests::shaped::{self, Release, Writer};
use claw_tests::{Harness, Store, json_of, recorded};
use serde_json::{Value, json};

const HELMS: [&str; 2] = ["helm3", "helm4"];

fn contract(file: &str) -> Value {
    let path = bins::workspace_root()
        .join("tests/fixtures/chart-contract")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A release whose manifest is a recorded contract render of ClawMachine's own chart.
fn from_contract(file: &str, ns: &str, name: &str, chart: &str, config: Value) -> Release {
    Release::new(
        ns,
        name,
        chart,
        config,
        shaped::manifest_from_contract(&contract(file)),
    )
}

/// Every recorded bot case, each in a namespace of its own (the renders name objects after
/// release `bot`), alternately written by Helm 3 and Helm 4.
fn bot_cases() -> Vec<Release> {
    [
        ("picoclaw-defaults.json", "picoclaw", json!({})),
        (
            "picoclaw-persistence-config.json",
            "picoclaw",
            json!({"persistence": {"enabled": true}, "configFile": {"enabled": true, "content": "cfg"}}),
        ),
        ("openclaw-defaults.json", "openclaw", json!({})),
        (
            "ironclaw-defaults.json",
            "ironclaw",
            json!({"postgresql": {"password": "p"}}),
        ),
        (
            "ironclaw-external-db.json",
            "ironclaw",
            json!({"postgresql": {"enabled": false}, "database": {"url": "postgres://u@db/x"}}),
        ),
        ("busybox-defaults.json", "busybox", json!({})),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (file, chart, config))| {
        let writer = if i % 2 == 0 { Writer::Helm3 } else { Writer::Helm4 };
        from_contract(file, &format!("case-{i}"), "bot", chart, config).written_by(writer)
    })
    .collect()
}

fn control_plane(version: &str) -> Release {
    from_contract(
        "clawmachine-defaults.json",
        "claw-machine",
        "clawmachine",
        "clawmachine",
        json!({}),
    )
    .version(version)
}

fn claw_with(h: &Harness, helm: &str, args: &[&str]) -> Output {
    h.kubectl_claw_env(args, &[("HELM_BIN", bins::tool(helm).to_str().unwrap())])
}

/// Each planned item: (namespace/name, action, refusals, removed objects).
fn items(doc: &Value) -> Vec<(String, String, Vec<Value>, Vec<Value>)> {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                format!(
                    "{}/{}",
                    i["namespace"].as_str().unwrap(),
                    i["name"].as_str().unwrap()
                ),
                i["action"].as_str().unwrap().to_string(),
                i["refusals"].as_array().unwrap().clone(),
                i["objects"]["removed"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn clawmachine_shaped_releases_plan_without_refusal_or_loss() {
    let embedded = bins::embedded_version();
    for helm in HELMS {
        // The control plane from ClawMachine 0.1.8.
        let h = Harness::new(shaped::store(&[control_plane("0.1.8")]));
        let out = claw_with(&h, helm, &["upgrade", "--dry-run", "-o", "json"]);
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        let doc = json_of(&out);
        assert_eq!(doc["kind"], "UpgradePlan");
        assert_eq!(doc["dryRun"], true);
        assert_eq!(doc["chartSource"], "embedded");
        let (key, action, refusals, removed) = &items(&doc)[0];
        assert_eq!(key, "claw-machine/clawmachine");
        assert_eq!(
            (action.as_str(), refusals.len(), removed.len()),
            ("upgrade", 0, 0),
            "{helm}: {doc}"
        );
        assert_eq!(doc["items"][0]["to"], embedded.as_str());

        // Every bot case, with the control plane already current.
        let mut releases = bot_cases();
        releases.push(control_plane(&embedded));
        let h = Harness::new(shaped::store(&releases));
        let out = claw_with(
            &h,
            helm,
            &["upgrade", "--all-bots", "--dry-run", "-o", "json"],
        );
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        let planned = items(&json_of(&out));
        assert_eq!(planned.len(), 6);
        for (key, action, refusals, removed) in planned {
            assert_eq!(action, "upgrade", "{helm} {key}: {refusals:?}");
            assert!(refusals.is_empty(), "{helm} {key}: {refusals:?}");
            assert!(removed.is_empty(), "{helm} {key} loses {removed:?}");
        }
    }
}

/// The current control plane and one picoclaw bot whose deployed manifest is `manifest`, with
/// `config` as the values the user set.
fn one_bot(manifest: String, config: Value) -> Store {
    shaped::store(&[
        control_plane(&bins::embedded_version()),
        Release::new("claw-machine", "bot", "picoclaw", config, manifest),
    ])
}

fn pico_defaults() -> String {
    shaped::manifest_from_contract(&contract("picoclaw-defaults.json"))
}

fn refused_with(h: &Harness, want: &str) {
    let out = claw_with(h, "helm4", &["upgrade", "bot", "--dry-run"]);
    assert_eq!(out.code, 1, "{}", out.all());
    let row = out.stdout.lines().find(|l| l.contains(" bot ")).unwrap();
    assert!(row.contains("refused"), "{row}");
    assert!(
        out.stdout.contains(&format!("refused: {want}")),
        "{want}:\n{}",
        out.stdout
    );
}

#[test]
fn a_claim_the_new_chart_lacks_is_refused() {
    let extra = "---\n{\"apiVersion\": \"v1\", \"kind\": \"PersistentVolumeClaim\", \"metadata\": {\"name\": \"bot-picoclaw-cache\"}, \"spec\": {\"accessModes\": [\"ReadWriteOnce\"]}}\n";
    let h = Harness::new(one_bot(pico_defaults() + extra, json!({})));
    refused_with(
        &h,
        "deletes PersistentVolumeClaim/bot-picoclaw-cache: the data on it would be lost",
    );
}

#[test]
fn a_network_policy_the_new_chart_lacks_is_refused() {
    let extra = "---\n{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"NetworkPolicy\", \"metadata\": {\"name\": \"bot-picoclaw-allow-ingress\"}, \"spec\": {\"policyTypes\": [\"Ingress\"]}}\n";
    let h = Harness::new(one_bot(pico_defaults() + extra, json!({})));
    refused_with(
        &h,
        "deletes NetworkPolicy/bot-picoclaw-allow-ingress: the isolation it gives would be lost",
    );
}

#[test]
fn a_different_selector_is_refused() {
    let manifest = pico_defaults().replace(
        "\"app.kubernetes.io/name\":\"picoclaw\"",
        "\"app.kubernetes.io/name\":\"picoclaw\",\"app.kubernetes.io/component\":\"bot\"",
    );
    assert_ne!(manifest, pico_defaults());
    let h = Harness::new(one_bot(manifest, json!({})));
    refused_with(&h, "changes the selector of Deployment/bot-picoclaw");
}

#[test]
fn a_value_the_new_chart_does_not_know_is_refused_and_force_proceeds() {
    let config = json!({"replicaCount": 2, "persistence": {"enabled": false}});
    let h = Harness::new(one_bot(pico_defaults(), config));
    refused_with(&h, "the value replicaCount you set is unknown to picoclaw-");

    let calls = tempfile::tempdir().unwrap();
    let fake = bins::workspace_root().join("tests/fake-helm/helm");
    let env = [
        ("HELM_BIN", fake.to_str().unwrap()),
        ("FAKE_HELM_DIR", calls.path().to_str().unwrap()),
    ];
    let out = h.kubectl_claw_env(&["upgrade", "bot"], &env);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout
            .contains("refused: the value replicaCount you set is unknown"),
        "the reason is in the table: {}",
        out.stdout
    );
    let ran = |dir: &std::path::Path| -> Vec<String> {
        (1..)
            .map_while(|n| std::fs::read_to_string(dir.join(format!("call-{n}/argv"))).ok())
            .map(|a| a.lines().next().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        !ran(calls.path()).contains(&"upgrade".to_string()),
        "refused: Helm upgraded nothing"
    );
    // --force is for the versions: the safety plan still holds.
    let out = h.kubectl_claw_env(&["upgrade", "bot", "--force"], &env);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains("(--unsafe to do it anyway)"),
        "the refusal names its flag: {}",
        out.stdout
    );
    assert!(!ran(calls.path()).contains(&"upgrade".to_string()));
    let out = h.kubectl_claw_env(&["upgrade", "bot", "--unsafe"], &env);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        ran(calls.path()).contains(&"upgrade".to_string()),
        "--unsafe proceeds"
    );
    assert!(
        out.stdout
            .contains("  forced past: the value replicaCount you set is unknown"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_plan_lists_objects_added_removed_and_changed() {
    // A picoclaw release from before the startup script: ClawMachine's older layout.
    let manifest: String = pico_defaults()
        .split("---\n")
        .filter(|d| !d.contains("\"ConfigMap\",\"metadata\":{\"name\":\"bot-picoclaw-startup\""))
        .map(|d| format!("---\n{d}"))
        .collect();
    assert_ne!(manifest.len(), pico_defaults().len());
    let h = Harness::new(one_bot(manifest, json!({})));
    let out = claw_with(&h, "helm4", &["upgrade", "bot", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains("+ ConfigMap/bot-picoclaw-startup"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("~ Deployment/bot-picoclaw"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("claw-machine/bot: picoclaw 0.1.8 -> "),
        "{}",
        out.stdout
    );
}

#[test]
fn the_recorded_stand_ins_are_refused_for_what_they_would_lose() {
    // The recorded releases came from stand-in charts: pico's values have keys ClawMachine's
    // picoclaw chart does not know, and iron has no database password, which ClawMachine's
    // ironclaw chart requires. With their control plane current, each is refused for that.
    let mut store = recorded::store();
    for s in store.objects_mut("v1", "secrets") {
        if s["metadata"]["name"] == "sh.helm.release.v1.clawmachine.v1" {
            let mut rel = claw_tests::fleet::decode_release(s["data"]["release"].as_str().unwrap());
            rel["chart"]["metadata"]["version"] = json!(bins::embedded_version());
            s["data"]["release"] = json!(claw_tests::fleet::encode_release(&rel));
        }
    }
    let h = Harness::new(store);
    let out = claw_with(
        &h,
        "helm4",
        &["upgrade", "pico", "iron", "--dry-run", "-o", "json"],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    let doc = json_of(&out);
    let refusals = |name: &str| -> Vec<String> {
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .unwrap()["refusals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    r["kind"].as_str().unwrap(),
                    r["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    let pico = refusals("pico");
    assert!(
        pico.iter()
            .any(|r| r.starts_with("unknown-value: the value secrets.apiKey"))
            && pico
                .iter()
                .any(|r| r.starts_with("unknown-value: the value replicaCount")),
        "{pico:?}"
    );
    let iron = refusals("iron");
    assert!(
        iron.iter()
            .any(|r| r.starts_with("does-not-render: ironclaw-")
                && r.contains("the bundled PostgreSQL needs postgresql.password")),
        "{iron:?}"
    );
    assert!(!out.all().contains(recorded::PICO_SECRET));
    // --unsafe plans them anyway, each guard passed recorded with the flag that passed it.
    let out = claw_with(
        &h,
        "helm4",
        &["upgrade", "pico", "--unsafe", "--dry-run", "-o", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = json_of(&out);
    assert_eq!(doc["items"][0]["action"], "upgrade");
    assert_eq!(doc["items"][0]["refusals"], json!([]));
    let passed = doc["items"][0]["forcedPast"].as_array().unwrap();
    assert!(
        passed
            .iter()
            .any(|g| g["kind"] == "unknown-value" && g["override"] == "--unsafe"),
        "{passed:?}"
    );
}

/// Releases that claw's previous charts installed (`fixtures/previous-charts`: the charts as
/// they were before the claw-bot library chart), each with the manifest Helm stored and the
/// values the user set, alternately written by Helm 3 and Helm 4; and their chart version.
fn previous_charts_releases() -> (String, Vec<Release>) {
    let dir = bins::workspace_root().join("tests/fixtures/previous-charts");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("releases.json")).unwrap()).unwrap();
    let version = index["version"].as_str().unwrap().to_string();
    let releases = index["releases"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = |k: &str| r[k].as_str().unwrap();
            let manifest = std::fs::read_to_string(dir.join(text("file"))).unwrap();
            let writer = if i % 2 == 0 {
                Writer::Helm3
            } else {
                Writer::Helm4
            };
            Release::new(
                text("namespace"),
                text("release"),
                text("chart"),
                r["config"].clone(),
                manifest,
            )
            .version(&version)
            .written_by(writer)
        })
        .collect();
    (version, releases)
}

#[test]
fn releases_of_our_previous_charts_plan_without_refusal_or_loss() {
    let embedded = bins::embedded_version();
    let (previous, releases) = previous_charts_releases();
    assert!(
        semver::Version::parse(&previous).unwrap() < semver::Version::parse(&embedded).unwrap(),
        "{previous} is older than {embedded}"
    );
    // The fixtures are what those charts rendered: every object names the chart and version.
    for r in &releases {
        let stamp = format!("helm.sh/chart: {}-{previous}", r.chart);
        let docs: Vec<&str> = r
            .manifest
            .split("---\n")
            .filter(|d| !d.is_empty())
            .collect();
        assert!(docs.len() >= 3, "{}: {docs:?}", r.namespace);
        assert!(docs.iter().all(|d| d.contains(&stamp)), "{}", r.namespace);
    }
    let (control_planes, bots): (Vec<Release>, Vec<Release>) =
        releases.into_iter().partition(|r| r.chart == "clawmachine");
    assert_eq!((control_planes.len(), bots.len()), (2, 10));
    let unharmed = |helm: &str, doc: &Value, want: usize| {
        let planned = items(doc);
        assert_eq!(planned.len(), want, "{helm}: {doc}");
        for (i, (key, action, refusals, removed)) in planned.into_iter().enumerate() {
            assert_eq!(action, "upgrade", "{helm} {key}: {refusals:?}");
            assert!(refusals.is_empty(), "{helm} {key}: {refusals:?}");
            assert!(removed.is_empty(), "{helm} {key} loses {removed:?}");
            assert_eq!(doc["items"][i]["from"], previous.as_str(), "{helm} {key}");
            assert_eq!(doc["items"][i]["to"], embedded.as_str(), "{helm} {key}");
        }
    };
    for helm in HELMS {
        for cp in &control_planes {
            let h = Harness::new(shaped::store(std::slice::from_ref(cp)));
            let out = claw_with(&h, helm, &["upgrade", "--dry-run", "-o", "json"]);
            assert_eq!(out.code, 0, "{helm}: {}", out.all());
            unharmed(helm, &json_of(&out), 1);
        }
        let mut cluster = bots.clone();
        cluster.push(control_plane(&embedded));
        let h = Harness::new(shaped::store(&cluster));
        let out = claw_with(
            &h,
            helm,
            &["upgrade", "--all-bots", "--dry-run", "-o", "json"],
        );
        assert_eq!(out.code, 0, "{helm}: {}", out.all());
        unharmed(helm, &json_of(&out), bots.len());
    }
}

#[test]
fn a_chart_directory_of_the_checkout_plans_as_the_embedded_chart_does() {
    // charts/picoclaw holds its library as a link; Helm renders the directory as it is.
    let dir = bins::workspace_root().join("charts/picoclaw");
    let h = Harness::new(one_bot(pico_defaults(), json!({})));
    let plan = |extra: &[&str]| {
        let args = [&["upgrade", "bot", "--dry-run", "-o", "json"][..], extra].concat();
        let out = claw_with(&h, "helm4", &args);
        assert_eq!(out.code, 0, "{extra:?}: {}", out.all());
        let doc = json_of(&out);
        (doc["chartSource"].clone(), doc["items"][0].clone())
    };
    let (source, from_dir) = plan(&["--chart", dir.to_str().unwrap()]);
    assert_eq!(source, dir.to_str().unwrap());
    let (source, embedded) = plan(&[]);
    assert_eq!(source, "embedded");
    assert_eq!(from_dir["action"], "upgrade", "{from_dir}");
    assert_eq!(from_dir["to"], bins::embedded_version().as_str());
    assert_eq!(from_dir["objects"], embedded["objects"]);
    assert!(
        !from_dir["objects"]["changed"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
