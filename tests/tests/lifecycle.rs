//! upgrade / install / uninstall / backup with a fake HELM_BIN that records the exact argv, the
//! values files (and their modes) and the chart it was given; it hands `helm template` (the
//! upgrade plan's render) to the real Helm 4.

use std::path::{Path, PathBuf};

use claw_tests::bins;
use claw_tests::fake_helm::{Rig, yaml_file};
use claw_tests::process::Spawned;
use claw_tests::shaped::{self, Release, Writer};
use claw_tests::{Harness, Store, recorded};
use serde_json::{Value, json};

/// IronClaw's API key and database password in the shaped cluster: never to be printed.
const IRON_KEY: &str = "sk-ant-iron-4711";
const IRON_DB_PASSWORD: &str = "pg-secret-0815";

/// A release as ClawMachine 0.1.8 installed it: its manifest is the chart's real render.
fn installed(ns: &str, name: &str, chart: &str, config: Value) -> Release {
    let manifest = shaped::manifest_from_chart(chart, name, ns, &config)
        .replace(&bins::embedded_version(), "0.1.8");
    Release::new(ns, name, chart, config, manifest)
}

/// A cluster set up by ClawMachine 0.1.8: its control plane and four bots (IronClaw written by
/// Helm 3, the rest by Helm 4), each with values the user set.
fn clawmachine_cluster(control_plane_version: Option<&str>) -> Store {
    let mut cp = installed(
        "claw-machine",
        "clawmachine",
        "clawmachine",
        json!({"replicaCount": 2}),
    );
    if let Some(v) = control_plane_version {
        cp = cp.version(v);
    }
    shaped::store(&[
        cp,
        installed(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({"persistence": {"enabled": true}, "env": {"LOG_LEVEL": "debug"}}),
        ),
        installed(
            "claw-machine",
            "iron",
            "ironclaw",
            json!({"postgresql": {"password": IRON_DB_PASSWORD}, "secrets": {"anthropicApiKey": IRON_KEY}, "llm": {"backend": "anthropic"}}),
        )
        .written_by(Writer::Helm3),
        installed(
            "claw-machine",
            "open",
            "openclaw",
            json!({"channels": {"discord": {"enabled": true}}}),
        ),
        installed("bots-team-a", "pico2", "picoclaw", json!({})),
    ])
}

/// The same, with the control plane already at the version this claw carries.
fn current_control_plane() -> Store {
    clawmachine_cluster(Some(&bins::embedded_version()))
}

fn chart_digest(h: &Harness, name: &str) -> String {
    let doc = claw_tests::json_of(&h.kubectl_claw(&["charts", "-o", "json"]));
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["digest"]
        .as_str()
        .unwrap()
        .to_string()
}

fn sha256(path: &Path) -> String {
    let out = bins::output(std::process::Command::new("sha256sum").arg(path));
    format!(
        "sha256:{}",
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap()
    )
}

#[test]
fn control_plane_upgrade_by_default() {
    let embedded = bins::embedded_version();
    let rig = Rig::new(clawmachine_cluster(None));
    let out = rig.claw(&["upgrade"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let calls = rig.calls();
    assert_eq!(
        calls.len(),
        1,
        "the control plane only; bots untouched: {calls:?}"
    );
    let argv = &calls[0];
    assert_eq!(argv[..2], ["upgrade", "clawmachine"]);
    assert!(
        argv[2].ends_with(&format!("/clawmachine-{embedded}.tgz")),
        "{argv:?}"
    );
    assert_eq!(
        argv[3..7],
        ["--namespace", "claw-machine", "--reset-values", "--values"]
    );
    assert_eq!(argv.len(), 10, "{argv:?}");
    assert_eq!(argv[8], "--description");
    assert!(argv[9].starts_with("claw upgrade run "), "{argv:?}");
    let dir = rig.nth(1);
    assert_eq!(
        yaml_file(&dir.join("values-1.yaml")),
        json!({"replicaCount": 2}),
        "the user's earlier overrides"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("values-1.mode"))
            .unwrap()
            .trim(),
        "600"
    );
    assert!(
        !Path::new(&argv[7]).exists(),
        "the values file is removed afterwards"
    );
    assert_eq!(
        sha256(&dir.join("chart.tgz")),
        chart_digest(&rig.h, "clawmachine"),
        "the embedded chart"
    );
    let row = out
        .stdout
        .lines()
        .find(|l| l.contains("clawmachine"))
        .unwrap();
    assert!(
        row.contains("0.1.8") && row.contains(&embedded) && row.contains("upgraded"),
        "{row}"
    );
    // The plan rendered the chart first, with the same values, before Helm changed anything.
    let template = &rig.all_calls()[0];
    assert_eq!(template[..2], ["template", "clawmachine"]);
    assert!(template.contains(&"--no-hooks".to_string()), "{template:?}");
}

#[test]
fn one_bot_with_new_values_and_waiting() {
    let rig = Rig::new(current_control_plane());
    let user = rig.calls.path().join("mine.yaml");
    std::fs::write(&user, "replicas: 3\n").unwrap();
    let out = rig.claw(
        &[
            "upgrade",
            "iron",
            "-f",
            user.to_str().unwrap(),
            "--set",
            "image.pullPolicy=Always",
            "--wait",
            "--timeout",
            "2m",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let calls = rig.calls();
    assert_eq!(calls.len(), 1);
    let argv = &calls[0];
    assert_eq!(argv[..2], ["upgrade", "iron"]);
    assert!(argv[2].ends_with(&format!("/ironclaw-{}.tgz", bins::embedded_version())));
    let (argv, description) = argv.split_at(argv.len() - 2);
    assert_eq!(description[0], "--description");
    assert_eq!(
        argv[3..],
        [
            "--namespace".to_string(),
            "claw-machine".into(),
            "--reset-values".into(),
            "--values".into(),
            argv[7].clone(),
            "--values".into(),
            user.to_str().unwrap().into(),
            "--set".into(),
            "image.pullPolicy=Always".into(),
            "--wait".into(),
            "--timeout".into(),
            "2m".into()
        ]
    );
    let carried = yaml_file(&rig.nth(1).join("values-1.yaml"));
    assert_eq!(carried["llm"]["backend"], "anthropic");
    assert_eq!(
        carried["secrets"]["anthropicApiKey"], IRON_KEY,
        "Helm gets the real values, in a 0600 file"
    );
    assert!(!out.all().contains(IRON_KEY), "the terminal never does");
    assert!(!out.all().contains(IRON_DB_PASSWORD));
}

#[test]
fn all_bots_in_order_and_a_failure_is_reported() {
    let rig = Rig::new(current_control_plane());
    let out = rig.claw(&["upgrade", "--all-bots"], &[("FAKE_HELM_FAIL", "open")]);
    assert_eq!(out.code, 1, "one failed: {}", out.all());
    let names: Vec<(String, String)> = rig
        .calls()
        .iter()
        .map(|a| (a[1].clone(), a[4].clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("pico2".to_string(), "bots-team-a".to_string()),
            ("iron".into(), "claw-machine".into()),
            ("open".into(), "claw-machine".into()),
            ("pico".into(), "claw-machine".into())
        ]
    );
    let open = out.stdout.lines().find(|l| l.contains(" open ")).unwrap();
    assert!(open.contains("failed: Error: UPGRADE FAILED"), "{open}");
    assert!(
        out.stderr
            .contains("error: upgrade of claw-machine/open failed: Error: UPGRADE FAILED"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stdout
            .lines()
            .filter(|l| l.contains("upgraded"))
            .count(),
        3
    );
}

#[test]
fn helms_error_never_echoes_a_secret() {
    let rig = Rig::new(current_control_plane());
    let message = format!(
        "Error: UPGRADE FAILED: cannot patch: invalid value \"{IRON_KEY}\" for ANTHROPIC_API_KEY"
    );
    let out = rig.claw(
        &["upgrade", "iron"],
        &[
            ("FAKE_HELM_FAIL", "iron"),
            ("FAKE_HELM_FAIL_MESSAGE", &message),
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("failed: Error: UPGRADE FAILED: cannot patch: invalid value \"<redacted>\""),
        "{}",
        out.stdout
    );
    assert!(!out.all().contains(IRON_KEY));

    // And a secret given now, on the command line, in an install that fails.
    let out = rig.claw(
        &[
            "install",
            "picoclaw",
            "newbot",
            "--set",
            "env.OPENAI_API_KEY=sk-live-777",
        ],
        &[
            ("FAKE_HELM_FAIL", "newbot"),
            (
                "FAKE_HELM_FAIL_MESSAGE",
                "Error: INSTALLATION FAILED: bad key sk-live-777",
            ),
        ],
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("bad key <redacted>"), "{}", out.stderr);
    assert!(!out.all().contains("sk-live-777"));
}

#[test]
fn values_given_to_an_up_to_date_bot_are_an_upgrade() {
    let embedded = bins::embedded_version();
    let mut store = current_control_plane();
    edit_release(&mut store, "sh.helm.release.v1.pico.v1", |r| {
        r["chart"]["metadata"]["version"] = json!(embedded)
    });
    let rig = Rig::new(store);
    let out = rig.claw(&["upgrade", "pico"], &[]);
    assert!(out.stdout.contains("up to date"), "{}", out.stdout);
    assert!(rig.calls().is_empty());
    let out = rig.claw(
        &["upgrade", "pico", "--set", "resources.limits.memory=256Mi"],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("upgraded"), "{}", out.stdout);
    let calls = rig.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(
        calls[0]
            .windows(2)
            .any(|w| w == ["--set", "resources.limits.memory=256Mi"]),
        "the change asked for reaches Helm: {:?}",
        calls[0]
    );
    assert!(
        !out.stdout.contains("forced past"),
        "nothing was forced: {}",
        out.stdout
    );

    // A key the chart does not know, given now, is refused as a carried one would be: the
    // chart would drop it, and every later upgrade would carry the typo.
    let out = rig.claw(
        &["upgrade", "pico", "--set", "replicaz=2", "--dry-run"],
        &[],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout
            .contains("the value replicaz you set is unknown to picoclaw-"),
        "{}",
        out.stdout
    );
    // A values file that is not YAML, or --version beside a chart of one's own, is the
    // user's to fix: exit 2 before anything runs.
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("v.yaml");
    std::fs::write(&broken, "replicas: [\n").unwrap();
    let out = rig.claw(&["upgrade", "pico", "-f", broken.to_str().unwrap()], &[]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(out.stderr.contains("is not YAML"), "{}", out.stderr);
    let out = rig.claw(
        &[
            "upgrade",
            "pico",
            "--chart",
            "charts/picoclaw",
            "--version",
            "9.9.9",
        ],
        &[],
    );
    assert_eq!(out.code, 2, "{}", out.all());
    assert_eq!(rig.calls().len(), 1, "only the upgrade above ran Helm");
}

/// Rewrites the latest release of `name` through `f` (its chart version, say).
fn edit_release(store: &mut Store, secret: &str, f: impl Fn(&mut Value)) {
    for s in store.objects_mut("v1", "secrets") {
        if s["metadata"]["name"] == secret {
            let mut rel = claw_tests::fleet::decode_release(s["data"]["release"].as_str().unwrap());
            f(&mut rel);
            s["data"]["release"] = json!(claw_tests::fleet::encode_release(&rel));
        }
    }
}

#[test]
fn refusals() {
    let embedded = bins::embedded_version();
    // Bots past an older control plane.
    let rig = Rig::new(clawmachine_cluster(None));
    let out = rig.claw(&["upgrade", "pico"], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("refused: the control plane runs clawmachine 0.1.8, older than this claw's"),
        "{}",
        out.stdout
    );
    assert!(rig.calls().is_empty(), "Helm was not run");
    // --unsafe is not the flag for a version guard.
    let out = rig.claw(&["upgrade", "pico", "--unsafe"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(rig.calls().is_empty(), "Helm was not run");
    let out = rig.claw(&["upgrade", "pico", "--force"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(rig.calls().len(), 1);
    assert!(
        out.stdout.contains(
            "  forced past: the control plane runs clawmachine 0.1.8, older than this claw's"
        ),
        "every guard passed is said: {}",
        out.stdout
    );

    // A downgrade.
    let mut store = current_control_plane();
    edit_release(&mut store, "sh.helm.release.v1.pico.v1", |r| {
        r["chart"]["metadata"]["version"] = json!("0.3.0")
    });
    let rig = Rig::new(store);
    let out = rig.claw(&["upgrade", "pico"], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(&format!(
            "refused: it runs picoclaw 0.3.0, newer than the {embedded} this claw carries"
        )),
        "{}",
        out.stdout
    );
    assert!(rig.calls().is_empty());

    // A no-op: nothing to do, not a failure.
    let mut store = current_control_plane();
    edit_release(&mut store, "sh.helm.release.v1.pico.v1", |r| {
        r["chart"]["metadata"]["version"] = json!(embedded)
    });
    let rig = Rig::new(store);
    let out = rig.claw(&["upgrade", "pico"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("up to date"), "{}", out.stdout);
    assert!(rig.calls().is_empty());
    rig.claw(&["upgrade", "pico", "--force"], &[]);
    assert_eq!(rig.calls().len(), 1, "--force upgrades anyway");

    // --dry-run changes nothing, whatever the plan.
    let rig = Rig::new(clawmachine_cluster(None));
    let out = rig.claw(&["upgrade", "--dry-run"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("will upgrade"), "{}", out.stdout);
    assert!(rig.calls().is_empty());
}

#[test]
fn rollback_on_failure_uses_the_flag_the_running_helm_knows() {
    for (version, flag) in [("v3.17.2", "--atomic"), ("v4.1.4", "--rollback-on-failure")] {
        let rig = Rig::new(clawmachine_cluster(None));
        let out = rig.claw(
            &["upgrade", "--rollback-on-failure"],
            &[("FAKE_HELM_VERSION", version)],
        );
        assert_eq!(out.code, 0, "{}", out.all());
        assert!(rig.calls()[0].iter().any(|a| a == flag), "{version}");
    }
}

#[test]
fn ctrl_c_stops_helm_and_removes_the_values_file() {
    let rig = Rig::new(clawmachine_cluster(None));
    let helm = bins::workspace_root().join("tests/fake-helm/helm");
    // The fake Helm says on this FIFO when it starts to hang in the upgrade.
    let ready = rig.h.dir.path().join("helm-ready");
    let made = bins::output(std::process::Command::new("mkfifo").arg(&ready));
    assert!(made.status.success(), "mkfifo");
    let (tx, rx) = std::sync::mpsc::channel();
    let fifo = ready.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read_to_string(fifo));
    });
    let mut cmd = bins::clean_command(bins::plugin("kubectl-claw"), rig.h.dir.path());
    cmd.env("KUBECONFIG", &rig.h.kubeconfig)
        .env("HELM_BIN", &helm)
        .env("FAKE_HELM_DIR", rig.calls.path())
        .env("FAKE_HELM_HANG", "1")
        .env("FAKE_HELM_READY", &ready)
        .arg("upgrade");
    let child = Spawned::start(cmd);
    let said = rx
        .recv_timeout(claw_tests::process::DEADLINE)
        .expect("the fake Helm never started its upgrade");
    assert_eq!(said.unwrap().trim(), "hanging");
    // The plan's `helm template` is call 1; the upgrade, call 2.
    let argv: Vec<String> = std::fs::read_to_string(rig.call_dir(2).join("argv"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(argv[0], "upgrade");
    let values = PathBuf::from(&argv[7]);
    assert!(values.exists(), "Helm is running with its values file");
    child.interrupt();
    assert_eq!(child.finish().code, 130);
    assert!(!values.exists(), "removed on Ctrl-C too");
}

#[test]
fn install_any_embedded_chart() {
    let embedded = bins::embedded_version();
    let rig = Rig::new(recorded::store());
    let install = [
        "install",
        "ironclaw",
        "scout",
        "-n",
        "bots-team-b",
        "--set",
        "persistence.size=10Gi",
        "--wait",
    ];
    // A namespace that does not exist is made only when asked for: a typo stays a typo.
    let out = rig.claw(&install, &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(
        out.stderr,
        "error: not found: namespace \"bots-team-b\" does not exist; check -n, or pass --create-namespace to create it\n"
    );
    assert!(rig.calls().is_empty(), "Helm was not run");
    let out = rig.claw(&[&install[..], &["--create-namespace"]].concat(), &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let argv = &rig.calls()[0];
    assert_eq!(argv[..2], ["install", "scout"]);
    assert!(argv[2].ends_with(&format!("/ironclaw-{embedded}.tgz")));
    assert_eq!(
        argv[3..7],
        [
            "--namespace",
            "bots-team-b",
            "--create-namespace",
            "--values"
        ]
    );
    assert_eq!(argv[8..], ["--set", "persistence.size=10Gi", "--wait"]);
    assert!(
        out.stdout.starts_with(&format!(
            "installed ironclaw-{embedded} as bots-team-b/scout"
        )),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("hello from scout"), "the chart's NOTES");

    // Bots go to the control plane's namespace by default.
    let rig = Rig::new(recorded::store());
    rig.claw(&["install", "picoclaw", "helper"], &[]);
    assert_eq!(rig.calls()[0][4], "claw-machine");
    let bad = rig.claw(&["install", "nosuchbot", "x"], &[]);
    assert_eq!(bad.code, 2);
}

#[test]
fn uninstall_everything_in_order_naming_the_data_that_goes() {
    let rig = Rig::new(recorded::store_with_volumes());
    let out = rig.claw(&["uninstall", "--all", "--purge-namespace", "--yes"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let order: Vec<String> = rig
        .calls()
        .iter()
        .map(|a| format!("{} {} -n {}", a[0], a[1], a[3]))
        .collect();
    assert_eq!(
        order,
        [
            "uninstall pico2 -n bots-team-a",
            "uninstall iron -n claw-machine",
            "uninstall open -n claw-machine",
            "uninstall pico -n claw-machine",
            "uninstall clawmachine -n claw-machine"
        ],
        "bots first, then the control plane"
    );
    let deletes: Vec<_> = rig
        .h
        .api
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1);
    assert_eq!(
        deletes[0].path, "/api/v1/namespaces/claw-machine",
        "then the namespace"
    );
    for pvc in [
        "claw-machine/iron-ironclaw ",
        "claw-machine/iron-ironclaw-postgres ",
        "claw-machine/open-openclaw ",
    ] {
        assert!(out.stderr.contains(pvc), "names {pvc}: {}", out.stderr);
    }
}

#[test]
fn uninstall_asks_first_and_touches_only_what_was_named() {
    let rig = Rig::new(recorded::store_with_volumes());
    let out = rig.claw(&["uninstall", "iron"], &[]);
    assert_eq!(
        out.code,
        2,
        "no terminal to ask on, no --yes: {}",
        out.all()
    );
    assert!(out.stderr.contains("pass --yes"), "{}", out.stderr);
    assert!(rig.calls().is_empty(), "nothing was run");

    let out = rig.claw(&["uninstall", "iron", "--yes"], &[]);
    assert_eq!(out.code, 0);
    assert_eq!(
        rig.calls().len(),
        1,
        "the bot alone; the control plane stays"
    );
    assert!(
        out.stderr.contains("iron-ironclaw-postgres") && !out.stderr.contains("open-openclaw"),
        "{}",
        out.stderr
    );

    let rig = Rig::new(recorded::store());
    let out = rig.claw(&["uninstall", "--control-plane", "--yes"], &[]);
    assert_eq!(out.code, 0);
    assert_eq!(
        rig.calls().iter().map(|a| a[1].clone()).collect::<Vec<_>>(),
        ["clawmachine"],
        "bots survive"
    );
    assert_eq!(rig.claw(&["uninstall"], &[]).code, 2);
}

#[test]
fn the_diff_never_shows_a_secret() {
    let rig = Rig::new(current_control_plane());
    let out = rig.claw(
        &[
            "upgrade",
            "iron",
            "--dry-run",
            "--diff",
            "--set",
            "secrets.openaiApiKey=sk-openai-999",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout
            .contains("+  OPENAI_API_KEY: <redacted, changed>"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("-    helm.sh/chart: ironclaw-0.1.8"),
        "{}",
        out.stdout
    );
    assert!(!out.all().contains("sk-openai-999"));
    assert!(
        out.stdout.contains("--- claw-machine/iron (revision 1)"),
        "{}",
        out.stdout
    );
    // The secrets that did not change say so too, and still show nothing.
    assert!(
        out.stdout
            .contains("   ANTHROPIC_API_KEY: <redacted, unchanged>"),
        "{}",
        out.stdout
    );
    assert!(!out.all().contains(IRON_KEY), "{}", out.all());
    assert!(!out.all().contains(IRON_DB_PASSWORD), "{}", out.all());
    // Only `helm template` ran: a dry run changes nothing.
    assert!(rig.calls().is_empty(), "{:?}", rig.all_calls());
    assert!(rig.all_calls().iter().all(|a| a[0] == "template"));
}

#[test]
fn install_and_uninstall_print_their_documents_with_o_json() {
    let rig = Rig::new(recorded::store());
    let out = rig.claw(
        &[
            "install",
            "picoclaw",
            "scout",
            "-n",
            "bots-team-a",
            "-o",
            "json",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = claw_tests::json_of(&out);
    assert_eq!(doc["kind"], "InstallResult");
    assert_eq!(doc["apiVersion"], "claw.clawmachine.dev/v1alpha1");
    assert_eq!(doc["namespace"], "bots-team-a");
    assert_eq!(doc["name"], "scout");
    assert_eq!(doc["chart"], "picoclaw");
    assert_eq!(doc["version"], bins::embedded_version());
    assert_eq!(doc["dryRun"], false);
    assert_eq!(doc["result"], "installed");
    assert_eq!(
        doc["notes"], "hello from scout",
        "the chart's NOTES, from Helm"
    );
    let dry = claw_tests::json_of(&rig.claw(
        &["install", "picoclaw", "x", "--dry-run", "-o", "json"],
        &[],
    ));
    assert_eq!(
        (&dry["dryRun"], &dry["result"]),
        (&json!(true), &json!("will install"))
    );

    let out = rig.claw(
        &["uninstall", "claw-machine/iron", "--yes", "-o", "json"],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = claw_tests::json_of(&out);
    assert_eq!(doc["kind"], "UninstallResult");
    assert_eq!(
        doc["items"],
        json!([{"kind": "release", "namespace": "claw-machine", "name": "iron", "result": "uninstalled"}])
    );
    assert!(doc["volumes"].is_array(), "{doc}");
}

#[test]
fn install_refuses_a_name_in_use_and_its_dry_run_renders_the_values() {
    let rig = Rig::new(recorded::store());
    for args in [
        &["install", "picoclaw", "pico"][..],
        &["install", "picoclaw", "pico", "--dry-run"],
    ] {
        let out = rig.claw(args, &[]);
        assert_eq!(out.code, 1, "{args:?}: {}", out.all());
        assert_eq!(
            out.stderr,
            "error: cannot install claw-machine/pico: a release of that name is there already (revision 3, deployed); `kubectl claw upgrade claw-machine/pico` changes it\n"
        );
    }
    // The schema refuses a string where a number goes: the dry run says so, as Helm would.
    let out = rig.claw(
        &[
            "install",
            "picoclaw",
            "fresh",
            "--set",
            "replicas=many",
            "--dry-run",
        ],
        &[],
    );
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr
            .starts_with("error: install claw-machine/fresh would fail: Error: ")
            && out.stderr.contains("replicas"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // A key the chart does not know would be ignored, then block every upgrade: refused.
    let out = rig.claw(&["install", "picoclaw", "fresh", "--set", "typoKey=1"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.starts_with(
            "error: cannot install: the value typoKey you set is unknown to picoclaw-"
        ),
        "{}",
        out.stderr
    );
    let out = rig.claw(&["install", "picoclaw", "fresh", "--dry-run"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.starts_with("would install "), "{}", out.stdout);
    assert!(
        rig.calls().is_empty(),
        "nothing installed: {:?}",
        rig.calls()
    );
}

#[test]
fn json_documents_stay_json_with_a_secret_quoted_in_them() {
    let mut store = recorded::store();
    edit_release(&mut store, "sh.helm.release.v1.pico.v3", |r| {
        r["info"]["description"] =
            json!("Upgrade failed: password=\"s3cr3t-value\" at /etc/claw/secrets");
    });
    let rig = Rig::new(store);
    for args in [
        &["bots", "pico", "-o", "json"][..],
        &["history", "pico", "-o", "json"],
        &["status", "--no-probe", "-o", "json"],
    ] {
        let out = rig.claw(args, &[]);
        assert_eq!(out.code, 0, "{args:?}: {}", out.all());
        let doc: Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not json ({e}): {}", out.stdout));
        assert!(!out.stdout.contains("s3cr3t"), "{args:?}: {}", out.stdout);
        assert!(
            doc.to_string()
                .contains("password=\\\"<redacted>\\\" at /etc/claw/secrets"),
            "{args:?}: the rest stays readable: {doc}"
        );
        // The same document as YAML parses too, and hides the same.
        let yaml_args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "json" { "yaml" } else { a })
            .collect();
        let out = rig.claw(&yaml_args, &[]);
        assert_eq!(out.code, 0, "{yaml_args:?}: {}", out.all());
        let from_yaml: Value = serde_saphyr::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{yaml_args:?}: not yaml ({e}): {}", out.stdout));
        assert_eq!(from_yaml, doc, "{yaml_args:?}");
    }
}
