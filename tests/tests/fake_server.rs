//! The fake API server against what the real kube-apiserver answered (the recorded fixtures)
//! and against real kubectl: Status bodies word for word, watch semantics (selectors, DELETED
//! when an object leaves them, the synthetic ADDED of a watch from 0, BOOKMARKs, timeoutSeconds),
//! and logs of a container that never started.

use claw_tests::process::Spawned;
use claw_tests::{Fault, Harness, bins, recorded};
use serde_json::{Value, json};

/// `kubectl ARGS` against the fake, real kubectl.
fn kubectl(h: &Harness) -> std::process::Command {
    let mut c = bins::clean_command(bins::tool("kubectl"), h.dir.path());
    c.env("KUBECONFIG", &h.kubeconfig);
    c
}

fn raw(h: &Harness, path: &str) -> bins::Output {
    let mut c = kubectl(h);
    c.args(["get", "--raw", path]);
    bins::run(&mut c)
}

fn recorded_json(txt: &str) -> Value {
    serde_json::from_str(recorded::body_of(txt)).unwrap()
}

/// kubectl prints the Status of a failed --raw request in its error; the fake's own body is
/// what we compare, fetched through a fault-free GET.
fn status_body(h: &Harness, path: &str) -> Value {
    let out = raw(h, path);
    assert_ne!(out.code, 0, "{path} should fail");
    let requests = h.api.requests();
    let last = requests.iter().rev().find(|r| r.path == path).unwrap();
    assert!(last.status >= 400);
    // Ask again, in-process, for the body itself.
    let store = recorded::store();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (gv, ns, plural, name) = match segments.as_slice() {
        ["api", v, "namespaces", ns, plural, name] => (v.to_string(), *ns, *plural, *name),
        ["apis", g, v, "namespaces", ns, plural, name] => (format!("{g}/{v}"), *ns, *plural, *name),
        _ => panic!("{path}"),
    };
    let kind = claw_tests::store::kind(&gv, plural).unwrap();
    match store.get(kind, Some(ns), name) {
        claw_tests::store::Answer::Status(code, reason, message, details) => serde_json::from_str(
            &claw_tests::server::status_with(code, reason, &message, details),
        )
        .unwrap(),
        _ => panic!("{path} was found"),
    }
}

#[test]
fn not_found_and_forbidden_are_worded_as_the_real_server_words_them() {
    let h = Harness::recorded();
    assert_eq!(
        status_body(&h, "/api/v1/namespaces/claw-machine/secrets/nope"),
        recorded_json(recorded::NOT_FOUND_SECRET)
    );
    let apps = status_body(&h, "/apis/apps/v1/namespaces/claw-machine/deployments/nope");
    assert_eq!(apps["message"], "deployments.apps \"nope\" not found");
    assert_eq!(
        apps["details"],
        json!({"name": "nope", "group": "apps", "kind": "deployments"})
    );

    // 403s, through real kubectl: the body the fake sends is the recorded one.
    for (plural, ns, fixture) in [
        ("secrets", None, recorded::FORBIDDEN_SECRETS_CLUSTER),
        (
            "pods",
            Some("claw-machine"),
            recorded::FORBIDDEN_PODS_NAMESPACED,
        ),
    ] {
        let h = Harness::recorded();
        let fault = Fault::forbidden_list(plural, ns);
        let claw_tests::Action::Respond { body, .. } = &fault.action else {
            panic!()
        };
        assert_eq!(
            serde_json::from_str::<Value>(body).unwrap(),
            recorded_json(fixture),
            "{plural}"
        );
        h.api.inject(fault);
        let path = match ns {
            Some(ns) => format!("/api/v1/namespaces/{ns}/{plural}"),
            None => format!("/api/v1/{plural}"),
        };
        let out = raw(&h, &path);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains("is forbidden"), "{}", out.stderr);
    }
}

#[test]
fn a_watch_from_0_replays_what_is_there_and_timeout_seconds_ends_it() {
    let h = Harness::recorded();
    let out = raw(
        &h,
        "/api/v1/namespaces/claw-machine/pods?watch=1&resourceVersion=0&labelSelector=app.kubernetes.io/name%3Dpicoclaw&timeoutSeconds=1",
    );
    assert_eq!(
        out.code,
        0,
        "the watch ends by itself after 1s: {}",
        out.all()
    );
    let events: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .collect();
    let names: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap(),
                e["object"]["metadata"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [("ADDED", "pico-picoclaw-797d697987-vwxht")],
        "{}",
        out.stdout
    );
}

#[test]
fn watches_follow_their_selector_deleted_bookmarks_and_all() {
    let h = Harness::recorded();
    let path = "/api/v1/namespaces/claw-machine/pods";
    let mut c = kubectl(&h);
    c.args([
        "get",
        "--raw",
        &format!("{path}?watch=1&resourceVersion=787&allowWatchBookmarks=true&labelSelector=app.kubernetes.io/instance%3Dpico"),
    ]);
    let mut watch = Spawned::start(c);
    h.api.wait_until("the watch", |api| api.watched(path, 1));
    let pod = |name: &str| {
        h.api.with_store(|s| {
            s.objects("v1", "pods")
                .iter()
                .find(|p| p["metadata"]["name"] == name)
                .unwrap()
                .clone()
        })
    };
    // iron's pod changes: not selected, not seen.
    let mut iron = pod("iron-ironclaw-68cbc98984-kwdkj");
    iron["metadata"]["annotations"] = json!({"touched": "1"});
    h.api.put("v1", "pods", iron);
    // pico's pod changes: MODIFIED.
    let mut pico = pod("pico-picoclaw-797d697987-vwxht");
    pico["metadata"]["annotations"] = json!({"touched": "1"});
    h.api.put("v1", "pods", pico.clone());
    // A bookmark, as the real server sends about once a minute.
    h.api.send_bookmarks();
    // pico's pod is relabelled out of the selection: DELETED, as it was.
    pico["metadata"]["labels"]["app.kubernetes.io/instance"] = json!("elsewhere");
    h.api.put("v1", "pods", pico);
    // A new pod joins the selection: ADDED.
    let mut joined = pod("open-openclaw-796cb966b6-kn2mm");
    joined["metadata"]["labels"]["app.kubernetes.io/instance"] = json!("pico");
    h.api.put("v1", "pods", joined);
    // And is deleted: DELETED.
    assert!(h.api.delete(
        "v1",
        "pods",
        "claw-machine",
        "open-openclaw-796cb966b6-kn2mm"
    ));
    let expect = ["MODIFIED", "BOOKMARK", "DELETED", "ADDED", "DELETED"];
    watch.read_until("five events", |l| l.len() >= expect.len());
    let events: Vec<Value> = watch
        .stdout
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types, expect);
    assert_eq!(
        events[2]["object"]["metadata"]["labels"]["app.kubernetes.io/instance"], "pico",
        "DELETED carries the object as it was when it still matched"
    );
    let text = watch.stdout.join("\n");
    assert!(
        !text.contains("iron-ironclaw"),
        "unselected objects are not sent"
    );
}

#[test]
fn a_container_that_never_started_has_no_log_yet() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["logs", "pico2"]);
    assert_eq!(out.code, 1, "{}", out.all());
    // claw knows from the pod's status, before asking the kubelet.
    assert_eq!(
        out.stderr,
        "error: pod pico2-picoclaw-849447699-mcwf4 of bot \"bots-team-a/pico2\" has no logs yet: it is ImagePullBackOff (its container has not run); kubectl claw events bots-team-a/pico2 says why\n"
    );
    assert!(
        h.api.requests().iter().all(|r| !r.path.ends_with("/log")),
        "{:?}",
        h.api.requests()
    );
}

#[test]
fn list_options_are_checked_as_the_api_server_checks_them() {
    let h = Harness::recorded();
    // From the watch cache, and the page after it by token alone: fine.
    let out = raw(
        &h,
        "/api/v1/pods?limit=2&resourceVersion=0&resourceVersionMatch=NotOlderThan",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let token = serde_json::from_str::<Value>(&out.stdout).unwrap()["metadata"]["continue"]
        .as_str()
        .unwrap()
        .to_string();
    let next = format!(
        "/api/v1/pods?limit=2&continue={}",
        form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>()
    );
    assert_eq!(raw(&h, &next).code, 0);
    // What kube-apiserver refuses, the fake refuses.
    for (path, code) in [
        ("/api/v1/pods?resourceVersionMatch=NotOlderThan", 422),
        (
            "/api/v1/pods?resourceVersion=0&resourceVersionMatch=Exact",
            422,
        ),
        (&format!("{next}&resourceVersion=0"), 400),
    ] {
        assert_ne!(raw(&h, path).code, 0, "{path}");
        let last = h.api.requests().into_iter().last().unwrap();
        assert_eq!(last.status, code, "{path}");
    }
}
