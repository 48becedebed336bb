//! `events`: ordering by the time `kubectl events` uses, bot attribution, filters, and `-w`
//! surviving watch expiry without printing any event twice.

use std::time::Duration;

use claw_tests::process::Spawned;
use claw_tests::{Fault, Harness, Match, bins, json_of, recorded};
use serde_json::{Value, json};

fn reasons(doc: &Value) -> Vec<String> {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ordered_by_event_time_not_last_timestamp() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["events", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    let items = doc["items"].as_array().unwrap();
    let times: Vec<&str> = items.iter().map(|e| e["time"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort_by_key(|t| t.parse::<jiff::Timestamp>().unwrap());
    assert_eq!(times, sorted, "oldest first");
    let r = reasons(&doc);
    // kubectl get events --sort-by=.lastTimestamp puts Scheduled (null lastTimestamp) first.
    let scheduled = r.iter().position(|x| x == "Scheduled").unwrap();
    assert!(scheduled > 0, "{r:?}");
    // Only the series event, last observed half a second after it, comes later.
    assert_eq!(&r[scheduled..], ["Scheduled", "BackOff"], "{r:?}");
    // The Pulled event (count 43, lastTimestamp 05:20) is the oldest.
    assert_eq!(r[0], "Pulled");
    let count =
        |reason: &str| items.iter().find(|e| e["reason"] == reason).unwrap()["count"].clone();
    assert_eq!(count("BackOff"), 42, "the series' count");
    assert_eq!(count("Pulled"), 43);
    // Only ClawMachine's namespaces: not web's shop, not default's.
    assert!(
        items
            .iter()
            .all(|e| e["namespace"] == "claw-machine" || e["namespace"] == "bots-team-a")
    );

    let table = h.kubectl_claw(&["events"]);
    let header: Vec<&str> = table
        .stdout
        .lines()
        .next()
        .unwrap()
        .split("   ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "NAMESPACE",
            "LAST SEEN",
            "TYPE",
            "REASON",
            "BOT",
            "OBJECT",
            "COUNT",
            "MESSAGE"
        ]
    );
    let last = table.stdout.lines().last().unwrap();
    assert!(
        last.contains("BackOff")
            && last.contains(" open ")
            && last.contains("pod/open-openclaw-796cb966b6-kn2mm")
            && last.contains(" 42 "),
        "{last}"
    );
}

#[test]
fn one_bots_events_are_its_objects_only() {
    let h = Harness::recorded();
    let doc = json_of(&h.kubectl_claw(&["events", "pico", "-o", "json"]));
    assert_eq!(
        reasons(&doc),
        ["ScalingReplicaSet", "SuccessfulCreate", "Scheduled"],
        "Scheduled is pico's newest"
    );
    for e in doc["items"].as_array().unwrap() {
        assert_eq!(e["bot"], "pico");
    }
    let doc = json_of(&h.kubectl_claw(&["events", "open", "-o", "json"]));
    let objects: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["object"]["name"].as_str().unwrap())
        .collect();
    assert!(
        objects.iter().all(|o| o.starts_with("open-openclaw")),
        "{objects:?}"
    );
    assert_eq!(
        objects.len(),
        6,
        "2 ScalingReplicaSet, 2 SuccessfulCreate, Pulled, BackOff"
    );
    // Only the bot's namespace was read.
    assert!(
        h.api
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/events"))
            .all(|r| r.path == "/api/v1/namespaces/claw-machine/events")
    );

    let out = h.kubectl_claw(&["events", "nope"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("unknown bot \"nope\""),
        "{}",
        out.stderr
    );
}

#[test]
fn types_since_and_all_namespaces() {
    let h = Harness::recorded();
    let doc = json_of(&h.kubectl_claw(&["events", "--types", "Warning", "-o", "json"]));
    assert_eq!(reasons(&doc), ["BackOff"]);
    let doc = json_of(&h.kubectl_claw(&["events", "-A", "--types", "warning", "-o", "json"]));
    assert_eq!(
        reasons(&doc),
        ["KubeAPIReadyz", "BackOff"],
        "-A includes other namespaces"
    );
    // `--since` counts back from claw's clock, fixed here a minute after the rollout the
    // recording ends with (05:33:xx), so the answer does not depend on today's date.
    let since = |window: &str, now: &str| {
        json_of(&h.kubectl_claw_env(
            &["events", "--since", window, "-o", "json"],
            &[("CLAW_NOW", now)],
        ))["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["reason"].as_str().unwrap().to_string(),
                    e["time"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let recent = since("1m", "2026-11-25T05:34:00Z");
    assert!(!recent.is_empty());
    assert!(
        recent
            .iter()
            .all(|(_, t)| t.as_str() >= "2026-11-25T05:33:00"),
        "{recent:?}"
    );
    let hours = since("2h", "2026-11-25T05:34:00Z");
    assert!(hours.len() > recent.len(), "{hours:?}");
    // The image pull at 05:20 is within two hours of 05:34, not within one minute.
    assert!(hours.iter().any(|(r, _)| r == "Pulled"), "{hours:?}");
    assert!(!recent.iter().any(|(r, _)| r == "Pulled"), "{recent:?}");
    assert!(
        since("1m", "2026-11-26T00:00:00Z").is_empty(),
        "a day later, nothing"
    );
    let out = h.kubectl_claw(&["events", "--types", "Bogus"]);
    assert_eq!(out.code, 2);
}

fn new_event(name: &str, reason: &str, count: i64, last: &str) -> Value {
    // A real recorded event, renamed.
    let line = recorded::WATCH_EVENTS.lines().next().unwrap();
    let mut e: Value = serde_json::from_str::<Value>(line).unwrap()["object"].clone();
    e["metadata"]["name"] = json!(name);
    e["metadata"]["uid"] = json!(format!("uid-{name}"));
    e["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("managedFields");
    e["reason"] = json!(reason);
    e["count"] = json!(count);
    e["lastTimestamp"] = json!(last);
    e["involvedObject"]["name"] = json!("pico-picoclaw");
    e["involvedObject"]["kind"] = json!("Deployment");
    e
}

#[test]
fn watch_streams_new_and_updated_events_survives_expiry_and_prints_each_once() {
    let h = Harness::recorded();
    let mut cmd = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    cmd.env("KUBECONFIG", &h.kubeconfig)
        .args(["events", "-n", "claw-machine", "-w", "-o", "json"]);
    let mut child = Spawned::start(cmd);
    let events = "/api/v1/namespaces/claw-machine/events";

    // 1. The current events (14 in claw-machine), then the watch opens.
    child.read_until("the listed events", |g| g.len() >= 14);
    h.api.wait_until("the watch", |api| api.open_watches() == 1);

    // 2. A new event, then an update to it (its count goes up): both print.
    h.api
        .put_event(new_event("pico-a", "Rollout", 1, "2026-11-25T06:00:00Z"));
    child.read_until("the new event", |g| {
        g.iter().any(|l| l.contains("\"Rollout\""))
    });
    h.api
        .put_event(new_event("pico-a", "Rollout", 2, "2026-11-25T06:01:00Z"));
    child.read_until("the update", |g| {
        g.iter().filter(|l| l.contains("\"Rollout\"")).count() == 2
    });

    // 3. An event is written as history is compacted: the watch ends with 410 without ever
    //    carrying it, so only claw's re-list can show it.
    h.api.expire_watches_with(
        "v1",
        "events",
        new_event("pico-b", "DuringExpiry", 1, "2026-11-25T06:02:00Z"),
    );
    child.read_until("the event from the re-list", |g| {
        g.iter().any(|l| l.contains("\"DuringExpiry\""))
    });
    h.api.wait_until("the second watch", |api| {
        api.watched(events, 2) && api.open_watches() == 1
    });

    // 4. And the resumed watch still streams.
    h.api.put_event(new_event(
        "pico-c",
        "AfterResume",
        1,
        "2026-11-25T06:03:00Z",
    ));
    child.read_until("the event after resuming", |g| {
        g.iter().any(|l| l.contains("\"AfterResume\""))
    });

    // 5. Ctrl-C ends it cleanly; whatever it printed up to then is in the output.
    child.interrupt();
    let out = child.finish();
    assert_eq!(out.code, 0, "Ctrl-C is a clean exit: {}", out.stderr);
    let got: Vec<&str> = out.stdout.lines().collect();

    // Every line is one event version, printed once: 14 listed + 2 Rollout + DuringExpiry + AfterResume.
    assert_eq!(got.len(), 18, "{}", out.stdout);
    let mut keys: Vec<(String, i64)> = got
        .iter()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                format!(
                    "{}/{}/{}/{}",
                    v["object"]["name"], v["reason"], v["time"], v["message"]
                ),
                v["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "nothing printed twice");
    assert!(!out.stderr.contains("error"), "{}", out.stderr);
    let lists: Vec<_> = h
        .api
        .requests()
        .into_iter()
        .filter(|r| r.path == events && !r.query.contains_key("watch"))
        .collect();
    assert_eq!(lists.len(), 2, "listed once, and again after the 410");
    // The first list may come from the watch cache; the one after a 410 reads consistently,
    // as client-go's reflector does (the cache may be what is behind).
    assert_eq!(
        lists[0].query.get("resourceVersion").map(String::as_str),
        Some("0")
    );
    assert_eq!(
        lists[1].query.get("resourceVersion"),
        None,
        "{:?}",
        lists[1].query
    );
}

#[test]
fn watches_that_end_at_once_are_asked_again_with_a_pause() {
    let h = Harness::recorded();
    h.api.end_watches_at_once();
    let mut cmd = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    cmd.env("KUBECONFIG", &h.kubeconfig)
        .args(["events", "-n", "claw-machine", "-w"]);
    let child = Spawned::start(cmd);
    let watches = |api: &claw_tests::FakeApi| -> Vec<std::time::Instant> {
        api.requests()
            .into_iter()
            .filter(|r| r.query.contains_key("watch"))
            .map(|r| r.at)
            .collect()
    };
    h.api
        .wait_until("a second watch", |api| watches(api).len() >= 2);
    child.interrupt();
    assert_eq!(child.finish().code, 0);
    let at = watches(&h.api);
    let pause = at[1] - at[0];
    assert!(
        pause >= Duration::from_millis(900),
        "re-watched after {pause:?}, not in a tight loop"
    );
}

#[test]
fn watch_reconnects_when_the_api_server_goes_away_and_misses_nothing() {
    let h = Harness::recorded();
    let mut cmd = bins::clean_command(bins::plugin("kubectl-claw"), h.dir.path());
    cmd.env("KUBECONFIG", &h.kubeconfig)
        .args(["events", "-n", "claw-machine", "-w", "-o", "json"]);
    let mut child = Spawned::start(cmd);
    let events = "/api/v1/namespaces/claw-machine/events";
    child.read_until("the listed events", |g| g.len() >= 14);
    h.api.wait_until("the watch", |api| api.open_watches() == 1);

    // The API server goes away: the stream ends, and the next two attempts to watch again are
    // answered 503. Meanwhile an event is written.
    h.api.inject(
        Fault::status(
            Match::PathWith(events.into(), "watch".into()),
            503,
            "ServiceUnavailable",
            "the server is shutting down",
        )
        .times(2),
    );
    h.api.drop_watches();
    h.api
        .put_event(new_event("pico-d", "WhileAway", 1, "2026-11-25T06:04:00Z"));
    // claw watches again, from where it was, and the event it missed arrives.
    child.read_until("the event written while away", |g| {
        g.iter().any(|l| l.contains("\"WhileAway\""))
    });
    h.api
        .wait_until("the watch open again", |api| api.open_watches() == 1);
    h.api.put_event(new_event(
        "pico-e",
        "AfterReturn",
        1,
        "2026-11-25T06:05:00Z",
    ));
    child.read_until("the event after it came back", |g| {
        g.iter().any(|l| l.contains("\"AfterReturn\""))
    });
    child.interrupt();
    let out = child.finish();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().count(),
        16,
        "nothing twice:\n{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("warning: lost the API server ("),
        "said once: {}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("lost the API server").count(),
        1,
        "{}",
        out.stderr
    );
    let lists = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path == events && !r.query.contains_key("watch"))
        .count();
    assert_eq!(
        lists, 1,
        "resumed from the resourceVersion, not listed again"
    );
}
