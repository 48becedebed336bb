//! Velero for the bots' volumes, against the fake API server serving velero.io/v1: the Backup
//! objects `backup --velero` creates (asserted field by field), `--wait` following their
//! phases to the end, the one line when Velero is not installed, and doctor's findings.

use claw_tests::fake_helm::Rig;
use claw_tests::{Store, recorded};
use serde_json::{Value, json};

const BACKUPS: &str = "/apis/velero.io/v1/namespaces/velero/backups";
const CLOCK: &str = "2026-11-25T14:30:00Z";

fn with_velero(mut store: Store) -> Store {
    store.install_group("velero.io");
    store.insert("v1", "namespaces", json!({"metadata": {"name": "velero"}}));
    store
}

fn backups(rig: &Rig) -> Vec<Value> {
    rig.h
        .api
        .with_store(|s| s.objects("velero.io/v1", "backups").to_vec())
}

#[test]
fn backup_creates_one_velero_backup_per_bot_namespace() {
    let tmp = tempfile::tempdir().unwrap();
    let rig = Rig::new(with_velero(recorded::store_with_volumes()));
    let out = rig.claw(
        &[
            "backup",
            tmp.path().join("b").to_str().unwrap(),
            "--velero",
            "--snapshot-volumes=false",
            "--default-volumes-to-fs-backup",
            "--ttl",
            "720h",
            "--storage-location",
            "s3-eu",
        ],
        &[("CLAW_NOW", CLOCK)],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains("created Velero backup velero/claw-claw-machine-20261125-143000 (namespace claw-machine: iron, open, pico)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("created Velero backup velero/claw-bots-team-a-20261125-143000 (namespace bots-team-a: pico2)"));
    let made = backups(&rig);
    assert_eq!(made.len(), 2);
    let b = made
        .iter()
        .find(|b| b["metadata"]["name"] == "claw-claw-machine-20261125-143000")
        .unwrap();
    assert_eq!(b["apiVersion"], "velero.io/v1");
    assert_eq!(b["kind"], "Backup");
    assert_eq!(b["metadata"]["namespace"], "velero");
    assert_eq!(
        b["metadata"]["labels"]["app.kubernetes.io/created-by"],
        "claw"
    );
    assert_eq!(
        b["metadata"]["labels"]["claw.clawmachine.dev/namespace"],
        "claw-machine"
    );
    let spec = &b["spec"];
    assert_eq!(spec["includedNamespaces"], json!(["claw-machine"]));
    assert_eq!(
        spec["labelSelector"],
        json!({"matchExpressions": [{"key": "app.kubernetes.io/instance", "operator": "In", "values": ["iron", "open", "pico"]}]}),
        "the bots, not the control plane"
    );
    assert_eq!(spec["snapshotVolumes"], false);
    assert_eq!(spec["defaultVolumesToFsBackup"], true);
    assert_eq!(spec["ttl"], "720h0m0s");
    assert_eq!(spec["storageLocation"], "s3-eu");

    // Without the flags, Velero's defaults stand: the fields are absent.
    let rig = Rig::new(with_velero(recorded::store()));
    let out = rig.claw(
        &["backup", tmp.path().join("c").to_str().unwrap(), "--velero"],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    for b in backups(&rig) {
        for absent in [
            "snapshotVolumes",
            "defaultVolumesToFsBackup",
            "ttl",
            "storageLocation",
        ] {
            assert!(b["spec"].get(absent).is_none(), "{absent} in {b}");
        }
    }
}

#[test]
fn wait_follows_each_backup_to_its_last_phase() {
    let tmp = tempfile::tempdir().unwrap();
    let rig = Rig::new(with_velero(recorded::store()));
    let dir = tmp.path().join("b");
    let mut child = rig.spawn(
        &["backup", dir.to_str().unwrap(), "--velero", "--wait"],
        &[("CLAW_NOW", CLOCK)],
    );
    rig.h
        .api
        .wait_until("claw to watch the backups", |api| api.watched(BACKUPS, 1));
    let set_phase = |name: &str, phase: &str| {
        let mut b = backups(&rig)
            .into_iter()
            .find(|b| b["metadata"]["name"] == name)
            .unwrap();
        b["status"] = json!({"phase": phase, "startTimestamp": CLOCK});
        rig.h.api.put("velero.io/v1", "backups", b);
    };
    let cm = "claw-claw-machine-20261125-143000";
    let team = "claw-bots-team-a-20261125-143000";
    set_phase(cm, "InProgress");
    child.read_stderr_until("InProgress", |l| {
        l.iter().any(|l| l.ends_with(&format!("{cm}: InProgress")))
    });
    set_phase(cm, "Completed");
    set_phase(team, "InProgress");
    set_phase(team, "PartiallyFailed");
    let out = child.finish();
    assert_eq!(
        out.code,
        1,
        "a partly failed backup fails the run: {}",
        out.all()
    );
    for line in [
        format!("velero backup velero/{cm}: InProgress"),
        format!("velero backup velero/{cm}: Completed"),
        format!("velero backup velero/{team}: PartiallyFailed"),
    ] {
        assert_eq!(
            out.stderr.matches(&line).count(),
            1,
            "{line} once in:\n{}",
            out.stderr
        );
    }
    // The file line, one line per backup created, then the table.
    let table: Vec<&str> = out.stdout.lines().skip(3).collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["NAMESPACE", "NAME", "PHASE"]
    );
    assert_eq!(
        table[1].split_whitespace().collect::<Vec<_>>(),
        ["velero", team, "PartiallyFailed"]
    );
    assert_eq!(
        table[2].split_whitespace().collect::<Vec<_>>(),
        ["velero", cm, "Completed"]
    );
}

#[test]
fn without_velero_nothing_is_written_and_one_line_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let rig = Rig::new(recorded::store());
    let dir = tmp.path().join("b");
    let out = rig.claw(&["backup", dir.to_str().unwrap(), "--velero"], &[]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error: Velero is not installed in this cluster (no velero.io API): install it (https://velero.io/docs/main/basic-install/) or back the volumes up another way\n"
    );
    assert!(!dir.exists(), "nothing written");
    // Velero's flags need --velero.
    let out = rig.claw(&["backup", dir.to_str().unwrap(), "--wait"], &[]);
    assert_eq!(out.code, 2, "{}", out.all());
}

fn doctor_velero_lines(rig: &Rig) -> Vec<Value> {
    let out = rig.claw(&["doctor", "-o", "json"], &[("CLAW_NOW", CLOCK)]);
    let doc = claw_tests::json_of(&out);
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"].as_str().unwrap().starts_with("velero"))
        .cloned()
        .collect()
}

fn velero_backup(name: &str, namespaces: Value, phase: &str, started: &str) -> Value {
    json!({"apiVersion": "velero.io/v1", "kind": "Backup",
        "metadata": {"name": name, "namespace": "velero", "creationTimestamp": started},
        "spec": {"includedNamespaces": namespaces},
        "status": {"phase": phase, "startTimestamp": started}})
}

#[test]
fn doctor_warns_when_velero_is_not_installed() {
    let rig = Rig::new(recorded::store_with_volumes());
    let lines = doctor_velero_lines(&rig);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["result"], "WARN");
    assert_eq!(
        lines[0]["message"],
        "Velero is not installed: 3 bot volumes in 1 namespace (claw-machine) have no Velero backup"
    );
    // No bot volumes: nothing to say.
    assert!(doctor_velero_lines(&Rig::new(recorded::store())).is_empty());
}

#[test]
fn doctor_warns_for_a_namespace_no_backup_covers() {
    let mut store = with_velero(recorded::store_with_volumes());
    store.insert(
        "velero.io/v1",
        "backups",
        velero_backup(
            "other",
            json!(["elsewhere"]),
            "Completed",
            "2026-11-25T10:30:00Z",
        ),
    );
    let lines = doctor_velero_lines(&Rig::new(store));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["result"], "WARN");
    assert_eq!(
        lines[0]["message"],
        "claw-machine: no Velero backup covers it (3 volumes: iron-ironclaw, iron-ironclaw-postgres, open-openclaw)"
    );
}

#[test]
fn doctor_passes_the_newest_completed_backup_with_its_age() {
    let mut store = with_velero(recorded::store_with_volumes());
    store.insert(
        "velero.io/v1",
        "backups",
        velero_backup(
            "old-failed",
            json!(["claw-machine"]),
            "Failed",
            "2026-11-20T00:00:00Z",
        ),
    );
    store.insert(
        "velero.io/v1",
        "backups",
        velero_backup("nightly", json!(["*"]), "Completed", "2026-11-25T12:30:00Z"),
    );
    let lines = doctor_velero_lines(&Rig::new(store));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["result"], "PASS");
    assert_eq!(
        lines[0]["message"],
        "claw-machine: newest Velero backup nightly is Completed, taken 120m ago"
    );
}

#[test]
fn doctor_warns_when_the_newest_backup_failed() {
    let mut store = with_velero(recorded::store_with_volumes());
    store.insert(
        "velero.io/v1",
        "backups",
        velero_backup(
            "good",
            json!(["claw-machine"]),
            "Completed",
            "2026-11-20T00:00:00Z",
        ),
    );
    store.insert(
        "velero.io/v1",
        "backups",
        velero_backup(
            "bad",
            json!(["claw-machine"]),
            "PartiallyFailed",
            "2026-11-25T14:00:00Z",
        ),
    );
    let lines = doctor_velero_lines(&Rig::new(store));
    assert_eq!(lines[0]["result"], "WARN");
    assert_eq!(
        lines[0]["message"],
        "claw-machine: newest Velero backup bad is PartiallyFailed, taken 30m ago"
    );
    assert_eq!(
        lines[0]["fix"],
        "velero backup describe bad --details; then back up again"
    );
}
