//! history, rollback (one bot, `--run`, `--last-run`, a stuck release) and the drift the plan
//! sees, against a fake cluster whose releases have several revisions (manifests rendered by
//! real Helm from claw's charts, live objects as the API server keeps them) and a fake HELM_BIN
//! that records each `helm rollback` argv.

use claw_tests::bins;
use claw_tests::fake_helm::Rig;
use claw_tests::shaped::{self, Release};
use claw_tests::{Fault, json_of};
use serde_json::{Value, json};

/// Revision `rev` of a release of `chart`, rendered with `values` by real Helm.
fn revision(
    ns: &str,
    name: &str,
    chart: &str,
    values: Value,
    (rev, status, at, description): (u64, &str, &str, &str),
) -> Release {
    let manifest = shaped::manifest_from_chart(chart, name, ns, &values);
    Release::new(ns, name, chart, values, manifest)
        .version(&bins::embedded_version())
        .revision(rev, status, at, description)
}

/// Three revisions of bot `name`: installed, upgraded by hand, then by claw run `run`.
fn three_revisions(ns: &str, name: &str, run: &str, day: u32) -> Vec<Release> {
    let at = |hour: u32| format!("2026-11-{day:02}T{hour:02}:00:00Z");
    vec![
        revision(
            ns,
            name,
            "picoclaw",
            json!({}),
            (1, "superseded", &at(8), "Install complete"),
        )
        .version("0.1.7"),
        revision(
            ns,
            name,
            "picoclaw",
            json!({}),
            (2, "superseded", &at(9), "Upgrade complete"),
        )
        .version("0.1.8"),
        revision(
            ns,
            name,
            "picoclaw",
            json!({}),
            (
                3,
                "deployed",
                &at(10),
                &format!("claw upgrade run {run}: picoclaw 0.1.8 -> 0.1.9"),
            ),
        ),
    ]
}

#[test]
fn history_shows_each_revision_oldest_first_with_the_run_that_made_it() {
    let rig = Rig::new(shaped::store_with_live(&three_revisions(
        "claw-machine",
        "pico",
        "k3x9p2",
        25,
    )));
    let env = [("TZ", "UTC")];
    let out = rig.claw(&["history", "pico"], &env);
    assert_eq!(out.code, 0, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        [
            "REVISION",
            "UPDATED",
            "STATUS",
            "CHART",
            "APP",
            "VERSION",
            "RUN",
            "DESCRIPTION"
        ]
    );
    assert!(
        lines[1].starts_with("1 ") && lines[1].contains("Wed Nov 25 08:00:00 2026"),
        "{}",
        out.stdout
    );
    assert!(
        lines[1].contains("superseded")
            && lines[1].contains("picoclaw-0.1.7")
            && lines[1].contains("Install complete")
    );
    let newest = lines[3];
    assert!(
        newest.starts_with("3 ") && newest.contains("deployed"),
        "{newest}"
    );
    assert!(
        newest.contains(" k3x9p2 ") && newest.contains("claw upgrade run k3x9p2"),
        "{newest}"
    );
    assert!(rig.all_calls().is_empty(), "no Helm runs to read history");

    let out = rig.claw(
        &["history", "claw-machine/pico", "--max", "2", "-o", "json"],
        &env,
    );
    let doc = json_of(&out);
    assert_eq!(doc["kind"], "ReleaseHistory");
    let revs: Vec<u64> = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_u64().unwrap())
        .collect();
    assert_eq!(revs, [2, 3], "the newest two, oldest first");
    assert_eq!(doc["revisions"][1]["run"], "k3x9p2");
    assert_eq!(doc["revisions"][0]["run"], Value::Null);
    assert_eq!(doc["revisions"][1]["updated"], "2026-11-25T10:00:00Z");

    let out = rig.claw(&["history", "nope"], &env);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("unknown bot \"nope\""),
        "{}",
        out.stderr
    );
    let out = rig.claw(&["history", "pico", "--max", "0"], &env);
    assert_eq!(out.code, 2, "{}", out.all());
}

/// Revision 1 without a volume, revision 2 (deployed) with one: going back deletes the PVC.
fn volume_added_in_revision_two() -> Vec<Release> {
    vec![
        revision(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({}),
            (1, "superseded", "2026-11-25T08:00:00Z", "Install complete"),
        ),
        revision(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({"persistence": {"enabled": true}}),
            (2, "deployed", "2026-11-25T09:00:00Z", "Upgrade complete"),
        ),
    ]
}

#[test]
fn a_rollback_that_would_delete_a_volume_is_refused_until_unsafe() {
    let rig = Rig::new(shaped::store_with_live(&volume_added_in_revision_two()));
    let out = rig.claw(&["rollback", "pico"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        rig.calls().is_empty(),
        "nothing rolled back: {:?}",
        rig.calls()
    );
    let row = out.stdout.lines().find(|l| l.contains("pico")).unwrap();
    assert!(row.contains("(rev 2)") && row.contains("(rev 1)"), "{row}");
    assert!(
        out.stdout.contains("refused: deletes PersistentVolumeClaim/pico-picoclaw: the data on it would be lost (--unsafe to do it anyway)"),
        "{}",
        out.stdout
    );

    let out = rig.claw(
        &["rollback", "pico", "--unsafe", "--wait", "--timeout", "2m"],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        rig.calls(),
        [[
            "rollback",
            "pico",
            "1",
            "--namespace",
            "claw-machine",
            "--wait",
            "--timeout",
            "2m"
        ]]
    );
    assert!(out.stdout.contains("rolled back"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("forced past: deletes PersistentVolumeClaim/pico-picoclaw"),
        "{}",
        out.stdout
    );

    let doc = json_of(&rig.claw(&["rollback", "pico", "1", "--dry-run", "-o", "json"], &[]));
    assert_eq!(doc["kind"], "RollbackPlan");
    let item = &doc["items"][0];
    assert_eq!(
        (item["fromRevision"].as_u64(), item["toRevision"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(item["action"], "refused");
    let volume = item["refusals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "deletes-volume")
        .unwrap_or_else(|| panic!("{item}"));
    assert_eq!(volume["subject"], "PersistentVolumeClaim/pico-picoclaw");
    assert_eq!(volume["override"], "--unsafe");
    assert_eq!(rig.calls().len(), 1, "a dry run changes nothing");
}

#[test]
fn a_named_revision_must_exist_and_not_be_the_current_one() {
    let rig = Rig::new(shaped::store_with_live(&volume_added_in_revision_two()));
    let out = rig.claw(&["rollback", "pico", "7"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout
            .contains("refused: it has no revision 7 (Helm keeps revisions 1-2)"),
        "{}",
        out.stdout
    );
    let out = rig.claw(&["rollback", "pico", "2"], &[]);
    assert!(
        out.stdout
            .contains("refused: revision 2 is the one it runs (--force to do it anyway)"),
        "{}",
        out.stdout
    );
    assert!(rig.calls().is_empty());
    let out = rig.claw(&["rollback"], &[]);
    assert_eq!(out.code, 2, "BOT, --run or --last-run: {}", out.all());
    let out = rig.claw(&["rollback", "--run", "NOT-AN-ID"], &[]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr.contains("is not a claw run id"),
        "{}",
        out.stderr
    );
}

/// Three revisions of pico, then a fourth Helm began on 2026-11-26 at 10:00 and never ended.
fn stuck_in_pending_upgrade() -> Vec<Release> {
    let mut releases = three_revisions("claw-machine", "pico", "k3x9p2", 25);
    releases[2].status = "superseded".into();
    releases.push(revision(
        "claw-machine",
        "pico",
        "picoclaw",
        json!({}),
        (
            4,
            "pending-upgrade",
            "2026-11-26T10:00:00Z",
            "Preparing upgrade",
        ),
    ));
    releases
}

#[test]
fn a_release_stuck_in_pending_upgrade_is_rolled_back() {
    let rig = Rig::new(shaped::store_with_live(&stuck_in_pending_upgrade()));
    let out = rig.claw(&["upgrade", "pico"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout
            .contains("`kubectl claw rollback claw-machine/pico` ends it"),
        "upgrade names the repair: {}",
        out.stdout
    );
    let out = rig.claw(&["status", "-o", "wide"], &[]);
    let row = out.stdout.lines().find(|l| l.contains("pico")).unwrap();
    assert!(
        row.contains("pending-upgrade for "),
        "how long it has been stuck: {row}"
    );
    let out = rig.claw(&["doctor"], &[]);
    assert!(
        out.stdout
            .contains("claw-machine/pico: release stuck in pending-upgrade for "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("`kubectl claw rollback claw-machine/pico`"),
        "{}",
        out.stdout
    );

    let out = rig.claw(&["rollback", "pico"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stderr.contains(
            "claw-machine/pico is pending-upgrade: rolling it back ends the interrupted operation"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        rig.calls(),
        [["rollback", "pico", "3", "--namespace", "claw-machine"]]
    );
}

/// A fleet one claw run (`newrun`) upgraded: the control plane and bots a, b, c — and c was
/// upgraded again by hand since. Bot d was upgraded by an older run only.
fn fleet_after_a_run() -> Vec<Release> {
    let mut releases = Vec::new();
    let cp = |rev, status: &str, at: &str, d: &str| {
        revision(
            "claw-machine",
            "clawmachine",
            "clawmachine",
            json!({}),
            (rev, status, at, d),
        )
    };
    releases.push(cp(1, "superseded", "2026-11-20T08:00:00Z", "Install complete").version("0.1.8"));
    releases.push(cp(
        2,
        "deployed",
        "2026-11-28T10:00:00Z",
        "claw upgrade run newrun: clawmachine 0.1.8 -> 0.1.9",
    ));
    for name in ["a", "b", "c"] {
        releases.push(
            revision(
                "bots",
                name,
                "picoclaw",
                json!({}),
                (1, "superseded", "2026-11-20T08:00:00Z", "Install complete"),
            )
            .version("0.1.8"),
        );
        let status = if name == "c" {
            "superseded"
        } else {
            "deployed"
        };
        releases.push(revision(
            "bots",
            name,
            "picoclaw",
            json!({}),
            (
                2,
                status,
                "2026-11-28T10:01:00Z",
                "claw upgrade run newrun: picoclaw 0.1.8 -> 0.1.9",
            ),
        ));
    }
    releases.push(revision(
        "bots",
        "c",
        "picoclaw",
        json!({}),
        (3, "deployed", "2026-11-29T10:00:00Z", "Upgrade complete"),
    ));
    releases.push(
        revision(
            "bots",
            "d",
            "picoclaw",
            json!({}),
            (1, "superseded", "2026-11-20T08:00:00Z", "Install complete"),
        )
        .version("0.1.7"),
    );
    releases.push(
        revision(
            "bots",
            "d",
            "picoclaw",
            json!({}),
            (
                2,
                "deployed",
                "2026-11-21T08:00:00Z",
                "claw upgrade run oldrun: picoclaw 0.1.7 -> 0.1.8",
            ),
        )
        .version("0.1.8"),
    );
    releases
}

#[test]
fn last_run_rolls_back_what_that_run_upgraded_bots_first_control_plane_last() {
    let rig = Rig::new(shaped::store_with_live(&fleet_after_a_run()));
    let out = rig.claw(&["rollback", "--last-run", "--dry-run"], &[]);
    assert_eq!(out.code, 1, "one release is refused: {}", out.all());
    assert!(
        out.stderr
            .contains("the last run in any namespace is newrun"),
        "{}",
        out.stderr
    );
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(
        names,
        ["a", "b", "c", "clawmachine"],
        "bots first, the control plane last; d was not in the run"
    );
    assert!(
        rows[0].contains("will roll back")
            && rows[0].contains("(rev 2)")
            && rows[0].contains("0.1.8 (rev 1)"),
        "{}",
        rows[0]
    );
    assert!(rows[2].contains("refused: it changed after run newrun: it is at revision 3 (deployed: Upgrade complete) now (--force to do it anyway)"), "{}", rows[2]);
    assert!(rig.calls().is_empty(), "a dry run changes nothing");

    let out = rig.claw(&["rollback", "--last-run"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_eq!(
        rig.calls(),
        [
            ["rollback", "a", "1", "--namespace", "bots"],
            ["rollback", "b", "1", "--namespace", "bots"],
            [
                "rollback",
                "clawmachine",
                "1",
                "--namespace",
                "claw-machine"
            ],
        ]
    );
    // The same run by its id, narrowed to one namespace.
    let out = rig.claw(
        &[
            "rollback",
            "--run",
            "newrun",
            "-n",
            "claw-machine",
            "--dry-run",
            "-o",
            "json",
        ],
        &[],
    );
    let doc = json_of(&out);
    let items: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["clawmachine"]);
    let out = rig.claw(&["rollback", "--run", "zzzzzz"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr
            .contains("no release in any namespace has a revision made by run zzzzzz"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_upgrade_writes_its_run_id_into_each_helm_description() {
    let releases = vec![
        revision(
            "bots",
            "a",
            "picoclaw",
            json!({}),
            (1, "deployed", "2026-11-20T08:00:00Z", "Install complete"),
        )
        .version("0.1.8"),
        revision(
            "bots",
            "b",
            "picoclaw",
            json!({}),
            (1, "deployed", "2026-11-20T08:00:00Z", "Install complete"),
        )
        .version("0.1.8"),
    ];
    let rig = Rig::new(shaped::store_with_live(&releases));
    let out = rig.claw(&["upgrade", "--all-bots"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    let id = out
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("upgrade run "))
        .and_then(|l| l.split(':').next())
        .unwrap_or_else(|| panic!("no run id said: {}", out.stderr));
    assert_eq!(id.len(), 6, "{id}");
    // Both releases' live objects came from one LIST per kind, not a GET per object.
    let requests = rig.h.api.requests();
    let policy_lists: Vec<_> = requests
        .iter()
        .filter(|r| r.path.ends_with("/networkpolicies"))
        .collect();
    assert_eq!(policy_lists.len(), 1, "{policy_lists:?}");
    assert!(
        !requests.iter().any(|r| r
            .path
            .starts_with("/apis/apps/v1/namespaces/bots/deployments/")),
        "no GET per object"
    );
    let calls = rig.calls();
    assert_eq!(calls.len(), 2);
    for argv in &calls {
        let at = argv.iter().position(|a| a == "--description").unwrap();
        assert_eq!(
            argv[at + 1],
            format!(
                "claw upgrade run {id}: picoclaw 0.1.8 -> {}",
                bins::embedded_version()
            )
        );
    }
    assert!(
        out.stdout.contains(&format!(
            "run {id}: undo it with `kubectl claw rollback --run {id}`"
        )),
        "{}",
        out.stdout
    );
    let dry = rig.claw(&["upgrade", "--all-bots", "--dry-run"], &[]);
    assert!(
        !dry.stderr.contains("upgrade run"),
        "a dry run writes nothing, so gets no id: {}",
        dry.stderr
    );
}

/// `kubectl scale deployment pico-picoclaw --replicas=3`, as the API server records it.
fn scaled_by_kubectl(rig: &Rig) {
    rig.h.api.with_store(|s| {
        let d = s
            .objects_mut("apps/v1", "deployments")
            .iter_mut()
            .find(|d| d["metadata"]["name"] == "pico-picoclaw")
            .unwrap();
        d["spec"]["replicas"] = json!(3);
        d["metadata"]["managedFields"].as_array_mut().unwrap().push(json!({
            "manager": "kubectl", "operation": "Update", "apiVersion": "apps/v1", "subresource": "scale",
            "time": "2026-11-26T09:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}},
        }));
    });
}

#[test]
fn the_plans_warn_of_drift_they_would_write_back_and_doctor_names_it() {
    let releases = vec![
        revision(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({}),
            (1, "superseded", "2026-11-25T08:00:00Z", "Install complete"),
        )
        .version("0.1.8"),
        revision(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({}),
            (2, "deployed", "2026-11-25T09:00:00Z", "Upgrade complete"),
        )
        .version("0.1.8"),
    ];
    let rig = Rig::new(shaped::store_with_live(&releases));
    let clean = rig.claw(&["upgrade", "pico", "--dry-run"], &[]);
    assert!(
        !clean.stdout.contains("drift:"),
        "no drift before anyone scaled: {}",
        clean.stdout
    );
    scaled_by_kubectl(&rig);

    let warning = "drift: Deployment/pico-picoclaw spec.replicas is 3 on the cluster (set by kubectl), 1 in the release: the upgrade writes it back";
    let out = rig.claw(&["upgrade", "pico", "--dry-run"], &[]);
    assert_eq!(
        out.code,
        0,
        "drift warns, it does not refuse: {}",
        out.all()
    );
    assert!(out.stdout.contains(warning), "{}", out.stdout);
    let doc = json_of(&rig.claw(&["upgrade", "pico", "--dry-run", "-o", "json"], &[]));
    assert_eq!(
        doc["items"][0]["drift"],
        json!([{"object": "Deployment/pico-picoclaw", "field": "spec.replicas", "manager": "kubectl", "live": "3", "release": "1"}])
    );
    // An object of the release deleted by hand: the upgrade re-creates it.
    rig.h
        .api
        .delete("v1", "services", "claw-machine", "pico-picoclaw");
    let out = rig.claw(&["upgrade", "pico", "--dry-run"], &[]);
    assert!(
        out.stdout.contains(
            "drift: Service/pico-picoclaw was deleted on the cluster: the upgrade writes it back"
        ),
        "{}",
        out.stdout
    );
    let out = rig.claw(&["rollback", "pico", "--dry-run"], &[]);
    assert!(
        out.stdout
            .contains(&warning.replace("the upgrade", "the rollback")),
        "{}",
        out.stdout
    );

    let out = rig.claw(&["doctor"], &[]);
    assert!(
        out.stdout.contains("claw-machine/pico: 2 change(s) made on the cluster outside Helm: Deployment/pico-picoclaw spec.replicas is 3 on the cluster (set by kubectl), 1 in the release; Service/pico-picoclaw was deleted on the cluster"),
        "{}",
        out.stdout
    );

    // Reading live objects is not needed to plan: forbidden, the plan says so and goes on.
    // (One release's objects are listed in its namespace, by its instance label.)
    rig.h
        .api
        .inject(Fault::forbidden_list("deployments", Some("claw-machine")));
    let out = rig.claw(&["upgrade", "pico", "--dry-run"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains(
            "note: drift not checked for Deployment objects: no permission to list deployments"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn an_unfinished_first_install_is_uninstalled_and_a_fresh_pending_one_waits() {
    let first = vec![revision(
        "claw-machine",
        "pico",
        "picoclaw",
        json!({}),
        (
            1,
            "pending-install",
            "2026-11-26T10:00:00Z",
            "Initial install underway",
        ),
    )];
    let rig = Rig::new(shaped::store_with_live(&first));
    let repair = "`kubectl claw uninstall claw-machine/pico` ends it, then install it again";
    let out = rig.claw(&["rollback", "pico"], &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stderr.contains(repair), "{}", out.stderr);
    assert!(
        !out.stderr.contains("rolling it back ends"),
        "no promise rollback cannot keep: {}",
        out.stderr
    );
    for cmd in [&["upgrade", "pico", "--dry-run"][..], &["doctor"]] {
        let out = rig.claw(cmd, &[]);
        assert!(out.stdout.contains(repair), "{cmd:?}: {}", out.stdout);
        assert!(!out.stdout.contains("claw rollback"), "{}", out.stdout);
    }

    // Pending for 40 s: Helm may still be at work; only --force goes ahead.
    let rig = Rig::new(shaped::store_with_live(&stuck_in_pending_upgrade()));
    let clock = [("CLAW_NOW", "2026-11-26T10:00:40Z")];
    let out = rig.claw(&["rollback", "pico"], &clock);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains("refused: it has been pending-upgrade for only 40s: its Helm operation may still be running (Helm waits up to 5m by default) (--force to do it anyway)"),
        "{}",
        out.stdout
    );
    assert!(rig.calls().is_empty());
    let out = rig.claw(&["rollback", "pico", "0", "--force"], &clock);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout
            .contains("forced past: it has been pending-upgrade"),
        "{}",
        out.stdout
    );
    assert_eq!(
        rig.calls(),
        [["rollback", "pico", "3", "--namespace", "claw-machine"]],
        "revision 0 is the last deployed one, as in helm rollback"
    );
}

#[test]
fn undoing_a_run_again_leaves_what_was_undone_and_moves_the_rest() {
    let mut releases = fleet_after_a_run();
    for name in ["a", "b"] {
        let made = releases
            .iter_mut()
            .find(|r| r.namespace == "bots" && r.name == name && r.revision == 2)
            .unwrap();
        made.status = "superseded".into();
        releases.push(
            revision(
                "bots",
                name,
                "picoclaw",
                json!({}),
                (3, "deployed", "2026-11-28T11:00:00Z", "Rollback to 1"),
            )
            .version("0.1.8"),
        );
    }
    let rig = Rig::new(shaped::store_with_live(&releases));
    let out = rig.claw(&["rollback", "--last-run", "--dry-run"], &[]);
    assert_eq!(out.code, 1, "c is refused: {}", out.all());
    for name in ["a", "b"] {
        let row = out
            .stdout
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap();
        assert!(
            row.contains("rolled back already: run newrun was undone by revision 3"),
            "{row}"
        );
    }
    let doc = json_of(&rig.claw(&["rollback", "--last-run", "--dry-run", "-o", "json"], &[]));
    assert_eq!(doc["items"][0]["action"], "rolled-back-already");
    assert_eq!(doc["items"][2]["action"], "refused");
    assert_eq!(doc["items"][3]["action"], "rollback");
    assert!(rig.calls().is_empty());
    // What is left of the run: the control plane alone.
    let out = rig.claw(&["rollback", "--last-run", "-n", "claw-machine"], &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        rig.calls(),
        [[
            "rollback",
            "clawmachine",
            "1",
            "--namespace",
            "claw-machine"
        ]]
    );
}

#[test]
fn a_diff_with_json_output_is_inside_the_one_document() {
    let rig = Rig::new(shaped::store_with_live(&volume_added_in_revision_two()));
    let out = rig.claw(
        &["rollback", "pico", "--dry-run", "--diff", "-o", "json"],
        &[],
    );
    let doc: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is one json document ({e}): {}", out.stdout));
    let diff = doc["items"][0]["diff"]
        .as_str()
        .unwrap_or_else(|| panic!("{doc}"));
    assert!(
        diff.contains("--- claw-machine/pico (revision 2)")
            && diff.contains("-kind: PersistentVolumeClaim"),
        "{diff}"
    );
    let out = rig.claw(&["rollback", "pico", "--dry-run", "--diff"], &[]);
    assert!(
        out.stdout.starts_with("--- claw-machine/pico (revision 2)"),
        "the table output prints it first: {}",
        out.stdout
    );
    let out = rig.claw(&["rollback", "pico", "--dry-run", "-o", "json"], &[]);
    assert_eq!(json_of(&out)["items"][0].get("diff"), None);
    let out = rig.claw(&["rollback", "pico", "9", "--dry-run", "-o", "json"], &[]);
    let item = &json_of(&out)["items"][0];
    assert_eq!(
        (item["fromRevision"].as_u64(), &item["to"]),
        (Some(2), &Value::Null)
    );
}
