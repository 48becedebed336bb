//! backup and restore, end to end: the backup directory's format (a versioned index, private
//! files, stable bytes), a round trip from the recorded cluster into an empty one through a
//! fake HELM_BIN that records every install, the refusals restore owes the user (redacted
//! secrets, unknown formats), and the volume restore lines.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use claw_tests::fake_helm::{Rig, walk, yaml_file};
use claw_tests::{Store, recorded};
use serde_json::{Value, json};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Backs the recorded cluster (with bots' volumes) up into `dir`.
fn backed_up(dir: &Path) -> Rig {
    let rig = Rig::new(recorded::store_with_volumes());
    let out = rig.claw(&["backup", dir.to_str().unwrap()], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    rig
}

#[test]
fn a_backup_that_could_not_read_the_values_fails_unless_partial_is_allowed() {
    let mut store = recorded::store_with_volumes();
    store.deny("list", "secrets", "");
    let rig = Rig::new(store);
    rig.h
        .api
        .inject(claw_tests::Fault::forbidden_list("secrets", None));
    for ns in ["default", "claw-machine"] {
        rig.h
            .api
            .inject(claw_tests::Fault::forbidden_list("secrets", Some(ns)));
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    let out = rig.claw(&["backup", dir.to_str().unwrap()], &[]);
    assert_eq!(
        out.code,
        1,
        "a backup that saved nothing is no success: {}",
        out.all()
    );
    let last = out.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: backup incomplete: the values of 5 releases could not be read: bots-team-a/pico2, claw-machine/clawmachine, "),
        "{}",
        out.stderr
    );
    assert!(last.contains("--allow-partial"), "{last}");
    // What could be written was: the index, naming every release.
    let index = yaml_file(&dir.join("backup.yaml"));
    assert_eq!(index["releases"].as_array().unwrap().len(), 5);

    let out = rig.claw(&["backup", dir.to_str().unwrap(), "--allow-partial"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stderr
            .contains("warning: partial backup: the values of 5 releases could not be read"),
        "{}",
        out.stderr
    );
}

#[test]
fn backup_writes_a_versioned_index_and_private_stable_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    let rig = Rig::new(recorded::store_with_volumes());
    let out = rig.claw(&["backup", dir.to_str().unwrap()], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        out.stdout,
        format!(
            "wrote 5 values files and backup.yaml (5 releases, 3 volumes) to {}\n",
            dir.display()
        )
    );
    let index = yaml_file(&dir.join("backup.yaml"));
    assert_eq!(index["apiVersion"], "claw.clawmachine.dev/v1");
    assert_eq!(index["kind"], "ClawBackup");
    assert_eq!(index["clawVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        index["cluster"], "fake",
        "the kubeconfig's name for the cluster"
    );
    assert_eq!(index["namespaces"], json!(["bots-team-a", "claw-machine"]));
    let pico = index["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pico")
        .unwrap();
    assert_eq!(pico["chart"], "picoclaw");
    assert_eq!(pico["chartVersion"], "0.1.0");
    assert_eq!(pico["chartSource"], "unrecorded");
    assert_eq!(pico["values"], "claw-machine/pico.values.yaml");
    assert_eq!(pico["redacted"], json!(["secrets.apiKey"]));
    assert_eq!(index["volumes"][0]["name"], "iron-ironclaw");
    assert_eq!(index["volumes"][0]["size"], "2Gi");

    let values = std::fs::read_to_string(dir.join("claw-machine/pico.values.yaml")).unwrap();
    assert!(
        values.contains("apiKey: <redacted>") && values.contains("replicaCount: 1"),
        "{values}"
    );
    for f in walk(&dir) {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains(recorded::PICO_SECRET), "{}", f.display());
        assert!(
            !text.contains("2026-") && !text.contains("Timestamp"),
            "no timestamps: {text}"
        );
    }
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("claw-machine")), 0o700);

    // Again: byte for byte the same, so the directory diffs cleanly in git.
    let again = tmp.path().join("again");
    rig.claw(&["backup", again.to_str().unwrap()], &[]);
    for f in walk(&dir) {
        let rel = f.strip_prefix(&dir).unwrap();
        assert_eq!(
            std::fs::read(&f).unwrap(),
            std::fs::read(again.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }

    // --include-secrets: the value is there, and the files are just as private.
    let secret = tmp.path().join("secret");
    rig.claw(
        &["backup", secret.to_str().unwrap(), "--include-secrets"],
        &[],
    );
    let path = secret.join("claw-machine/pico.values.yaml");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains(recorded::PICO_SECRET)
    );
    assert_eq!(mode(&path), 0o600);
    // A directory that existed with a looser mode is made private too.
    let loose = tmp.path().join("loose");
    std::fs::create_dir(&loose).unwrap();
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o755)).unwrap();
    rig.claw(&["backup", loose.to_str().unwrap()], &[]);
    assert_eq!(mode(&loose), 0o700);
}

/// The install calls the fake Helm saw: (namespace/name, the values file it was given).
fn installs(rig: &Rig) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (i, argv) in rig.calls().iter().enumerate() {
        assert_eq!(argv[0], "install", "{argv:?}");
        let ns = &argv[argv.iter().position(|a| a == "--namespace").unwrap() + 1];
        assert!(argv.contains(&"--create-namespace".to_string()), "{argv:?}");
        let dir = rig.nth(i + 1);
        assert_eq!(
            std::fs::read_to_string(dir.join("values-1.mode"))
                .unwrap()
                .trim(),
            "600"
        );
        out.push((
            format!("{ns}/{}", argv[1]),
            yaml_file(&dir.join("values-1.yaml")),
        ));
    }
    out
}

#[test]
fn restore_into_an_empty_cluster_recreates_every_release_with_its_values() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    backed_up(&dir);
    let d = dir.to_str().unwrap();
    let empty = Rig::new(Store::new());

    // --dry-run: the plan, nothing installed.
    let out = empty.claw(&["restore", d, "--dry-run"], &[]);
    assert_eq!(out.code, 1, "pico is refused: {}", out.all());
    assert!(empty.calls().is_empty(), "{:?}", empty.calls());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[1].contains("clawmachine") && lines[1].contains("will install"),
        "the control plane first: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains("refused: secret value redacted in the backup: secrets.apiKey; give it with --set, -f or --values-dir"),
        "{}",
        out.stdout
    );

    // For real, without the secret: every release but pico, control plane first, each with
    // exactly the backed-up values.
    let out = empty.claw(&["restore", d], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    let got = installs(&empty);
    let names: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "claw-machine/clawmachine",
            "bots-team-a/pico2",
            "claw-machine/iron",
            "claw-machine/open"
        ]
    );
    for (key, values) in &got {
        let (ns, name) = key.split_once('/').unwrap();
        let mut backed: Value = yaml_file(&dir.join(format!("{ns}/{name}.values.yaml")));
        if backed.is_null() {
            backed = json!({});
        }
        assert_eq!(values, &backed, "{key}");
    }
    assert!(out.stdout.contains("installed"), "{}", out.stdout);
    // Each install got the embedded chart of its kind.
    assert!(empty.calls()[0][2].ends_with(&format!(
        "/clawmachine-{}.tgz",
        claw_tests::bins::embedded_version()
    )));

    // The secret supplied: pico installs with it; the placeholder is nowhere.
    let supplied = Rig::new(Store::new());
    let out = supplied.claw(
        &[
            "restore",
            d,
            "pico",
            "--set",
            "secrets.apiKey=sk-restored-key",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let calls = supplied.calls();
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0].ends_with(&[
            "--set".to_string(),
            "secrets.apiKey=sk-restored-key".to_string()
        ]),
        "{:?}",
        calls[0]
    );
    let values = yaml_file(&supplied.nth(1).join("values-1.yaml"));
    assert_eq!(
        values,
        json!({"replicaCount": 1, "secrets": {}}),
        "no <redacted> is ever installed"
    );

    // Or from --values-dir, laid out as the backup.
    let secrets = tmp.path().join("secrets");
    std::fs::create_dir_all(secrets.join("claw-machine")).unwrap();
    std::fs::write(
        secrets.join("claw-machine/pico.values.yaml"),
        "secrets:\n  apiKey: sk-from-dir\n",
    )
    .unwrap();
    let from_dir = Rig::new(Store::new());
    let out = from_dir.claw(
        &[
            "restore",
            d,
            "claw-machine/pico",
            "--values-dir",
            secrets.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        yaml_file(&from_dir.nth(1).join("values-1.yaml")),
        json!({"replicaCount": 1, "secrets": {"apiKey": "sk-from-dir"}})
    );
    // Helm never echoes a supplied secret to the terminal either.
    assert!(!out.all().contains("sk-from-dir"));
}

#[test]
fn existing_releases_are_skipped_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    let rig = backed_up(&dir);
    let out = rig.claw(
        &[
            "restore",
            dir.to_str().unwrap(),
            "--set",
            "secrets.apiKey=x1234",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(rig.calls().is_empty(), "{:?}", rig.calls());
    assert_eq!(
        out.stdout
            .matches("skipped: exists (--upgrade to bring it to the backed-up values)")
            .count(),
        5,
        "{}",
        out.stdout
    );
}

#[test]
fn bots_with_data_get_the_line_that_restores_their_volumes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    backed_up(&dir);
    let mut store = Store::new();
    store.install_group("velero.io");
    store.insert("velero.io/v1", "backups", json!({
        "metadata": {"name": "claw-claw-machine-20261124-010000", "namespace": "velero", "creationTimestamp": "2026-11-24T01:00:00Z"},
        "spec": {"includedNamespaces": ["claw-machine"]},
        "status": {"phase": "Completed", "startTimestamp": "2026-11-24T01:00:00Z"}}));
    store.insert("velero.io/v1", "backups", json!({
        "metadata": {"name": "older", "namespace": "velero", "creationTimestamp": "2026-11-01T01:00:00Z"},
        "spec": {"includedNamespaces": ["claw-machine"]},
        "status": {"phase": "Completed", "startTimestamp": "2026-11-01T01:00:00Z"}}));
    let rig = Rig::new(store);
    let out = rig.claw(&["restore", dir.to_str().unwrap(), "--dry-run"], &[]);
    assert!(
        out.stdout.contains(
            "claw-machine/iron had data: iron-ironclaw (2Gi), iron-ironclaw-postgres (2Gi)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("velero restore create --from-backup claw-claw-machine-20261124-010000 --include-namespaces claw-machine --selector app.kubernetes.io/instance=iron"),
        "the newest finished backup: {}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("claw-machine/open had data: open-openclaw (2Gi)")
    );
    assert!(!out.stdout.contains("pico had data"), "{}", out.stdout);

    // Without Velero: the line says what to do all the same.
    let rig = Rig::new(Store::new());
    let out = rig.claw(
        &["restore", dir.to_str().unwrap(), "--dry-run", "-o", "json"],
        &[],
    );
    let doc = claw_tests::json_of(&out);
    assert_eq!(doc["kind"], "RestoreReport");
    assert_eq!(doc["volumes"][0]["name"], "iron");
    assert!(doc["volumes"][0].get("veleroRestore").is_none());
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items[0]["name"], "clawmachine");
    let pico = items.iter().find(|i| i["name"] == "pico").unwrap();
    assert_eq!(pico["action"], "refused");
    assert_eq!(pico["missingValues"], json!(["secrets.apiKey"]));
}

#[test]
fn directories_restore_cannot_read_are_refused_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let rig = Rig::new(Store::new());
    let future = tmp.path().join("future");
    std::fs::create_dir(&future).unwrap();
    std::fs::write(
        future.join("backup.yaml"),
        "apiVersion: claw.clawmachine.dev/v2\nkind: ClawBackup\nclawVersion: 2.0.0\nreleases: []\n",
    )
    .unwrap();
    let out = rig.claw(&["restore", future.to_str().unwrap()], &[]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "error: {}/backup.yaml is a backup of format claw.clawmachine.dev/v2 ClawBackup that this claw ({}) does not read (it reads claw.clawmachine.dev/v1 ClawBackup); restore it with the claw that wrote it (2.0.0) or a newer one\n",
            future.display(),
            env!("CARGO_PKG_VERSION")
        )
    );
    let stranger = tmp.path().join("stranger");
    std::fs::create_dir(&stranger).unwrap();
    let out = rig.claw(&["restore", stranger.to_str().unwrap()], &[]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not a claw backup"),
        "{}",
        out.stderr
    );
    assert!(
        rig.h.api.requests().is_empty(),
        "nothing asked of the cluster"
    );
}

#[test]
fn the_previous_layout_is_still_read() {
    // claw 0.1.0 wrote inventory.yaml (no kind) beside the values files.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("claw-machine")).unwrap();
    std::fs::write(
        dir.join("inventory.yaml"),
        "# ClawMachine releases and the PersistentVolumeClaims holding bots' data.\nreleases:\n- namespace: claw-machine\n  name: pico\n  type: picoclaw\n  chart: picoclaw\n  chartVersion: 0.1.0\n  appVersion: 0.1.0\n  revision: 3\n  status: deployed\nvolumes: []\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("claw-machine/pico.values.yaml"),
        "replicaCount: 3\n",
    )
    .unwrap();
    let rig = Rig::new(Store::new());
    let out = rig.claw(&["restore", dir.to_str().unwrap()], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        installs(&rig),
        [("claw-machine/pico".to_string(), json!({"replicaCount": 3}))]
    );
}

#[test]
fn backup_prints_its_document_with_o_json() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    let rig = Rig::new(recorded::store_with_volumes());
    let out = rig.claw(&["backup", dir.to_str().unwrap(), "-o", "json"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = claw_tests::json_of(&out);
    assert_eq!(doc["kind"], "BackupResult");
    assert_eq!(doc["dir"], dir.display().to_string());
    assert_eq!(doc["valuesFiles"], 5);
    assert_eq!(doc["volumes"], 3);
    assert_eq!(doc["releases"].as_array().unwrap().len(), 5);
    assert_eq!(doc["unread"], json!([]));
    let pico = doc["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pico")
        .unwrap();
    assert_eq!(pico["values"], "claw-machine/pico.values.yaml");
    assert_eq!(pico["redacted"], json!(["secrets.apiKey"]));
    assert!(!out.all().contains(recorded::PICO_SECRET));
}

#[test]
fn releases_unreadable_in_some_namespaces_are_named_not_dropped() {
    // A `view` ClusterRole plus admin of claw-machine: pods and Deployments everywhere, the
    // release Secrets only there (and in the context's namespace).
    let rig = Rig::new(recorded::store_with_volumes());
    for ns in [None, Some("bots-team-a")] {
        rig.h
            .api
            .inject(claw_tests::Fault::forbidden_list("secrets", ns));
    }
    let out = rig.claw(&["bots", "-o", "json"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = claw_tests::json_of(&out);
    let pico2 = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["namespace"] == "bots-team-a" && b["name"] == "pico2")
        .unwrap_or_else(|| panic!("pico2 is still a bot: {doc}"));
    assert_eq!(pico2["release"]["state"], "unknown");
    assert!(
        out.stderr.contains("warning: cannot list Helm release Secrets across all namespaces (forbidden): release state shows as unknown outside claw-machine, default"),
        "{}",
        out.stderr
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    let out = rig.claw(&["backup", dir.to_str().unwrap()], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr
            .contains("the values of 1 release could not be read: bots-team-a/pico2;"),
        "{}",
        out.stderr
    );

    // Into a directory an earlier, whole backup wrote: its pico2 file is said to be old.
    let whole = Rig::new(recorded::store_with_volumes());
    let out = whole.claw(&["backup", dir.to_str().unwrap()], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = rig.claw(&["backup", dir.to_str().unwrap(), "--allow-partial"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stderr
            .contains("bots-team-a/pico2 (bots-team-a/pico2.values.yaml in ")
            && out
                .stderr
                .contains("from an earlier backup, left as it was and not in this backup's index)"),
        "{}",
        out.stderr
    );
}

#[test]
fn restore_names_one_release_for_set_and_refuses_ambiguous_or_conflicting_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("backup");
    backed_up(&dir);
    let d = dir.to_str().unwrap();
    let empty = Rig::new(Store::new());
    // --set would reach every release installed: a secret for one stored in all.
    let out = empty.claw(&["restore", d, "--set", "secrets.apiKey=sk-for-one"], &[]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr
            .contains("-f/--set would go to all 5 releases this restore gives Helm"),
        "{}",
        out.stderr
    );
    assert!(empty.calls().is_empty());
    assert!(!out.all().contains("sk-for-one"));
    // A namespace other than -n's is a usage error, not "nothing to restore".
    let out = empty.claw(
        &["restore", d, "bots-team-a/pico2", "-n", "claw-machine"],
        &[],
    );
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr.contains("names another namespace than -n"),
        "{}",
        out.stderr
    );
}
