//! `status -w` / `bots -w`: the view printed again when the cluster changes — after a pod
//! update, a release upgrade, and a change only a re-list after 410 can show — each exactly
//! once, then exit 0 on Ctrl-C.

use claw_tests::process::Spawned;
use claw_tests::shaped::{self, Release};
use claw_tests::{Harness, bins, bot_in, recorded};
use serde_json::{Value, json};

fn spawn(h: &Harness, args: &[&str]) -> Spawned {
    let mut c = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    c.env("KUBECONFIG", &h.kubeconfig).args(args);
    Spawned::start(c)
}

fn doc(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON document ({e}): {line}"))
}

fn pico_pod(h: &Harness) -> Value {
    h.api.with_store(|s| {
        s.objects("v1", "pods")
            .iter()
            .find(|p| p["metadata"]["name"] == "pico-picoclaw-797d697987-vwxht")
            .unwrap()
            .clone()
    })
}

fn not_ready(mut pod: Value) -> Value {
    pod["status"]["containerStatuses"][0]["ready"] = json!(false);
    for c in pod["status"]["conditions"].as_array_mut().unwrap() {
        if c["type"] == "Ready" || c["type"] == "ContainersReady" {
            c["status"] = json!("False");
        }
    }
    pod
}

#[test]
fn status_w_prints_each_change_once_and_exits_0_on_ctrl_c() {
    let h = Harness::new(recorded::store());
    let mut child = spawn(&h, &["status", "-w", "-o", "json"]);
    child.read_until("the first document", |l| !l.is_empty());
    assert_eq!(bot_in(&doc(&child.stdout[0]), "pico")["status"], "Running");
    h.api
        .wait_until("three watches", |api| api.open_watches() >= 3);

    // 1. A pod update.
    h.api.put("v1", "pods", not_ready(pico_pod(&h)));
    child.read_until("the pod update", |l| l.len() >= 2);
    assert_eq!(bot_in(&doc(&child.stdout[1]), "pico")["status"], "NotReady");

    // 2. A release upgrade: revision 2 of pico2, revision 1 superseded.
    let config = json!({});
    let manifest = shaped::manifest_from_chart("picoclaw", "pico2", "bots-team-a", &config);
    let mut upgraded = Release::new("bots-team-a", "pico2", "picoclaw", config, manifest);
    upgraded.revision = 2;
    upgraded.chart_version = "0.1.9".into();
    h.api.put("v1", "secrets", upgraded.secret());
    child.read_until("the upgrade", |l| l.len() >= 3);
    let third = doc(&child.stdout[2]);
    assert_eq!(bot_in(&third, "pico2")["release"]["revision"], 2);
    assert_eq!(bot_in(&third, "pico2")["release"]["chartVersion"], "0.1.9");

    // 3. History compacted (410) while the pod recovers unseen by any watch: only the re-list
    //    can show it.
    let watches_before = h
        .api
        .requests()
        .iter()
        .filter(|r| r.query.contains_key("watch"))
        .count();
    h.api.with_store(|s| {
        let pods = s.objects_mut("v1", "pods");
        let pod = pods
            .iter_mut()
            .find(|p| p["metadata"]["name"] == "pico-picoclaw-797d697987-vwxht")
            .unwrap();
        pod["status"]["containerStatuses"][0]["ready"] = json!(true);
        for c in pod["status"]["conditions"].as_array_mut().unwrap() {
            c["status"] = json!("True");
        }
    });
    h.api.expire_watches();
    child.read_until("the re-list", |l| l.len() >= 4);
    assert_eq!(bot_in(&doc(&child.stdout[3]), "pico")["status"], "Running");
    h.api.wait_until("the watches to be open again", |api| {
        api.requests()
            .iter()
            .filter(|r| r.query.contains_key("watch"))
            .count()
            >= watches_before + 3
            && api.open_watches() >= 3
    });

    child.interrupt();
    let out = child.finish();
    assert_eq!(out.code, 0, "Ctrl-C is a clean exit: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "each change printed once:\n{}", out.stdout);
    assert!(!out.stderr.contains("error"), "{}", out.stderr);
}

#[test]
fn status_w_watches_again_when_the_api_server_goes_away_and_misses_nothing() {
    let h = Harness::new(recorded::store());
    let mut child = spawn(&h, &["status", "-w", "-o", "json"]);
    child.read_until("the first document", |l| !l.is_empty());
    h.api
        .wait_until("three watches", |api| api.open_watches() >= 3);
    let watches = |api: &claw_tests::FakeApi| {
        api.requests()
            .iter()
            .filter(|r| r.query.contains_key("watch"))
            .count()
    };
    let before = watches(&h.api);

    // The API server restarts: every stream ends. While nobody watches, the pod goes NotReady.
    h.api.drop_watches();
    h.api.put("v1", "pods", not_ready(pico_pod(&h)));
    // claw watches again from where it was, and the change it missed arrives then.
    child.read_until("the change made while the watches were gone", |l| {
        l.len() >= 2
    });
    assert_eq!(bot_in(&doc(&child.stdout[1]), "pico")["status"], "NotReady");
    h.api.wait_until("the watches to be open again", |api| {
        watches(api) >= before + 3 && api.open_watches() >= 3
    });

    child.interrupt();
    let out = child.finish();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().count(),
        2,
        "the reconnection itself prints nothing:\n{}",
        out.stdout
    );
    let lists = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/pods" && !r.query.contains_key("watch"))
        .count();
    assert_eq!(
        lists, 1,
        "resumed from the resourceVersion, not listed again"
    );
}

#[test]
fn bots_w_without_a_terminal_prints_a_new_table_per_change() {
    let h = Harness::new(recorded::store());
    let mut child = spawn(&h, &["bots", "-w"]);
    child.read_until("the first table", |l| l.iter().any(|l| l.contains("pico2")));
    h.api
        .wait_until("three watches", |api| api.open_watches() >= 3);
    h.api.put("v1", "pods", not_ready(pico_pod(&h)));
    child.read_until("the second table", |l| {
        l.iter().filter(|l| l.starts_with("NAMESPACE")).count() == 2
            && l.iter().any(|l| l.contains("NotReady"))
    });
    child.interrupt();
    let out = child.finish();
    assert_eq!(out.code, 0);
    assert!(
        !out.stdout.contains('\x1b'),
        "no control characters off a terminal"
    );
}

#[test]
fn on_a_terminal_the_view_is_redrawn_in_place_and_the_screen_given_back() {
    let h = Harness::new(recorded::store());
    let plugin = bins::plugin("kubectl-claw");
    // `script` gives the plugin a terminal; what is typed on its stdin reaches that terminal.
    let mut c = bins::clean_command("script", h.dir.path());
    c.env("KUBECONFIG", &h.kubeconfig)
        .env("TERM", "xterm")
        .args([
            "-qec",
            // exec: the plugin alone in the terminal, so Ctrl-C reaches it and no shell.
            &format!("exec {} status -w", plugin.display()),
            "/dev/null",
        ]);
    let mut child = Spawned::start(c);
    child.read_until("the first frame", |l| l.iter().any(|l| l.contains("pico2")));
    assert!(
        child.stdout[0].contains("\u{1b}[?1049h"),
        "the alternate screen: {:?}",
        child.stdout[0]
    );
    h.api
        .wait_until("three watches", |api| api.open_watches() >= 3);
    h.api.put("v1", "pods", not_ready(pico_pod(&h)));
    child.read_until("the redraw", |l| l.iter().any(|l| l.contains("NotReady")));
    assert!(
        child
            .stdout
            .iter()
            .filter(|l| l.contains("\u{1b}[H\u{1b}[2J"))
            .count()
            >= 2,
        "redrawn in place"
    );
    child.type_in(b"\x03");
    let out = child.finish();
    assert_eq!(out.code, 0, "exit {}: {}", out.code, out.all());
    assert!(
        out.stdout.contains("\u{1b}[?1049l"),
        "the screen given back: {:?}",
        out.stdout
    );
}
