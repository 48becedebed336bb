//! What `status` asks the API server for: a fixed handful of LISTs whatever the fleet size, and
//! never the superseded revisions that `helm list` downloads.

use std::collections::BTreeMap;

use claw_tests::harness::pages;
use claw_tests::{Fleet, Harness, json_of, recorded};

/// (path, labelSelector) of every request, counted.
fn request_shape(h: &Harness) -> BTreeMap<(String, String), usize> {
    let mut shape = BTreeMap::new();
    for r in h.api.requests() {
        let key = (
            r.path.clone(),
            r.query.get("labelSelector").cloned().unwrap_or_default(),
        );
        *shape.entry(key).or_insert(0) += 1;
    }
    shape
}

#[test]
fn status_makes_the_same_requests_for_5_bots_and_for_2000_bots_in_200_namespaces() {
    let small = Harness::recorded();
    let out = small.kubectl_claw(&["status", "-o", "json", "--no-probe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json_of(&out)["bots"].as_array().unwrap().len(), 4);

    let fleet = Fleet {
        bots: 2000,
        namespaces: 200,
        revisions: 3,
    };
    let big = Harness::new(fleet.store());
    let out = big.kubectl_claw(&["status", "-o", "json", "--no-probe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    assert_eq!(doc["bots"].as_array().unwrap().len(), 2000);
    assert_eq!(doc["controlPlane"]["name"], "clawmachine");
    assert_eq!(
        doc["bots"][1999]["release"]["revision"], 3,
        "latest revision of each"
    );

    // One request per LIST for 5 bots; for 2,000, one more per page of 500 (kubectl's size).
    let small_shape = request_shape(&small);
    let big_shape = request_shape(&big);
    let count = |gv: &str, plural: &str| big.api.with_store(|s| s.objects(gv, plural).len());
    // Not-superseded release Secrets: the latest of each release (2,000 bots + the control plane).
    assert_eq!(big.later_pages("/api/v1/secrets"), pages(2001) - 1);
    assert_eq!(
        big.later_pages("/api/v1/pods"),
        pages(count("v1", "pods")) - 1
    );
    assert_eq!(
        big.later_pages("/apis/apps/v1/deployments"),
        pages(count("apps/v1", "deployments")) - 1
    );
    assert!(
        pages(count("v1", "pods")) > 1,
        "the big fleet takes several pages"
    );
    let first = |h: &Harness| {
        let mut shape = BTreeMap::new();
        for r in h.first_pages() {
            let key = (
                r.path.clone(),
                r.query.get("labelSelector").cloned().unwrap_or_default(),
            );
            *shape.entry(key).or_insert(0) += 1;
        }
        shape
    };
    assert_eq!(
        first(&small),
        first(&big),
        "the same LISTs, whatever the fleet"
    );
    assert_eq!(small_shape, first(&small), "5 bots: one page each");
    let _ = big_shape;
    let key = |p: &str, s: &str| ((p.to_string(), s.to_string()), 1);
    assert_eq!(
        small_shape,
        BTreeMap::from([
            key("/api/v1/secrets", "owner=helm,status!=superseded"),
            key("/api/v1/pods", "app.kubernetes.io/instance"),
            key("/apis/apps/v1/deployments", "app.kubernetes.io/instance"),
            // The infrastructure table, found as ClawMachine finds it.
            key(
                "/apis/apps/v1/deployments",
                "app.kubernetes.io/name=external-secrets"
            ),
            key("/apis/apps/v1/deployments", "app=onepassword-connect"),
            key("/apis/apps/v1/daemonsets", "k8s-app=cilium"),
        ])
    );
}

#[test]
fn probing_adds_one_services_list_and_one_probe_per_bot() {
    let fleet = Fleet {
        bots: 300,
        namespaces: 30,
        revisions: 2,
    };
    let h = Harness::new(fleet.store());
    let out = h.kubectl_claw(&["status", "-o", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = json_of(&out);
    assert_eq!(
        doc["bots"][0]["health"]["result"], "healthy",
        "{:#}",
        doc["bots"][0]
    );
    let requests = h.api.requests();
    let lists = requests
        .iter()
        .filter(|r| !r.path.contains("/proxy/"))
        .count();
    let probes = requests
        .iter()
        .filter(|r| r.path.contains("/proxy/"))
        .count();
    assert_eq!(
        lists, 7,
        "secrets, pods, deployments, the three infrastructure lists, services"
    );
    assert_eq!(probes, 301, "the control plane and each bot, once");
}

#[test]
fn the_release_request_excludes_superseded_revisions() {
    let h = Harness::recorded();
    let out = h.kubectl_claw(&["status", "--no-probe"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let secrets: Vec<_> = h
        .api
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/secrets"))
        .collect();
    assert_eq!(secrets.len(), 1);
    let selector = &secrets[0].query["labelSelector"];
    let terms: Vec<&str> = selector.split(',').collect();
    assert!(
        terms.contains(&"owner=helm") && terms.contains(&"status!=superseded"),
        "{selector}"
    );
    // ... which is the recorded answer of the real server to that selector: 7 Secrets, not 10.
    let recorded_answer: serde_json::Value =
        serde_json::from_str(recorded::SECRETS_NOT_SUPERSEDED).unwrap();
    assert_eq!(recorded_answer["items"].as_array().unwrap().len(), 7);
}

#[test]
fn the_fake_answers_selectors_as_the_real_server_did() {
    // The fake holds every revision; asked with claw's selector it must return exactly what the
    // real kube-apiserver returned for it.
    let store = recorded::store();
    let kind = claw_tests::store::kind("v1", "secrets").unwrap();
    let query = BTreeMap::from([(
        "labelSelector".to_string(),
        "owner=helm,status!=superseded".to_string(),
    )]);
    let got = answer(store.list(kind, None, &query, false));
    let want: serde_json::Value = serde_json::from_str(recorded::SECRETS_NOT_SUPERSEDED).unwrap();
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&got), names(&want));
}

fn answer(a: claw_tests::store::Answer) -> serde_json::Value {
    match a {
        claw_tests::store::Answer::Body(b) => serde_json::from_str(&b).unwrap(),
        claw_tests::store::Answer::Ok(v) => v,
        claw_tests::store::Answer::Status(code, _, message, _) => panic!("{code}: {message}"),
    }
}

/// The start key inside a continue token (base64 of `{"v","rv","start"}`).
fn start_of(token: &str) -> String {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    v["start"].as_str().unwrap().to_string()
}

#[test]
fn the_fake_paginates_as_the_real_server_did() {
    let store = recorded::store();
    let kind = claw_tests::store::kind("v1", "pods").unwrap();
    let first = BTreeMap::from([("limit".to_string(), "3".to_string())]);
    let page1 = answer(store.list(kind, None, &first, false));
    let want1: serde_json::Value = serde_json::from_str(recorded::PODS_PAGE1).unwrap();
    assert_eq!(page1["items"], want1["items"]);
    assert_eq!(
        page1["metadata"]["remainingItemCount"],
        want1["metadata"]["remainingItemCount"]
    );
    let (ours, real) = (
        page1["metadata"]["continue"].as_str().unwrap(),
        want1["metadata"]["continue"].as_str().unwrap(),
    );
    assert_eq!(
        start_of(ours),
        start_of(real),
        "the token names the same last key"
    );

    // Page 2, asked with the token the real server gave: the real server's page 2.
    let second = BTreeMap::from([
        ("limit".to_string(), "3".to_string()),
        ("continue".to_string(), real.to_string()),
    ]);
    let page2 = answer(store.list(kind, None, &second, false));
    let want2: serde_json::Value = serde_json::from_str(recorded::PODS_PAGE2).unwrap();
    assert_eq!(page2["items"], want2["items"]);
    assert_eq!(
        page2["metadata"]["remainingItemCount"],
        want2["metadata"]["remainingItemCount"]
    );
    assert_eq!(page2["metadata"]["continue"], want2["metadata"]["continue"]);

    // With a label selector the real server counts nothing ahead: no remainingItemCount.
    let selected = BTreeMap::from([
        ("limit".to_string(), "3".to_string()),
        (
            "labelSelector".to_string(),
            "app.kubernetes.io/instance".to_string(),
        ),
    ]);
    let page = answer(store.list(kind, None, &selected, false));
    assert!(page["metadata"].get("continue").is_some());
    assert!(
        page["metadata"].get("remainingItemCount").is_none(),
        "{}",
        page["metadata"]
    );
}

#[test]
fn continue_tokens_expire_with_compaction() {
    let mut store = recorded::store();
    let kind = claw_tests::store::kind("v1", "pods").unwrap();
    let first = BTreeMap::from([("limit".to_string(), "3".to_string())]);
    let page1 = answer(store.list(kind, None, &first, false));
    store.compacted_below = store.resource_version.parse::<u64>().unwrap() + 1;
    let second = BTreeMap::from([
        ("limit".to_string(), "3".to_string()),
        (
            "continue".to_string(),
            page1["metadata"]["continue"].as_str().unwrap().to_string(),
        ),
    ]);
    match store.list(kind, None, &second, false) {
        claw_tests::store::Answer::Status(410, "Expired", message, _) => {
            assert_eq!(message, claw_tests::store::CONTINUE_EXPIRED)
        }
        _ => panic!("an old continue token must get 410 Expired"),
    }
}

#[test]
fn small_pages_are_followed_to_the_end() {
    let h = Harness::recorded();
    let whole = json_of(&h.kubectl_claw(&["status", "-o", "json", "--no-probe"]));
    h.api.reset_counters();
    let paged = h.kubectl_claw(&["status", "-o", "json", "--no-probe", "--chunk-size", "3"]);
    assert_eq!(paged.code, 0, "{}", paged.stderr);
    assert_eq!(json_of(&paged)["bots"], whole["bots"]);
    let pods: Vec<_> = h
        .api
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/pods")
        .collect();
    assert_eq!(pods.len(), 3, "8 instance-labelled pods in pages of 3");
    assert!(
        pods.iter()
            .all(|r| r.query.get("limit").map(String::as_str) == Some("3"))
    );
    assert!(pods[1].query.contains_key("continue") && pods[2].query.contains_key("continue"));
}

#[test]
fn a_list_whose_continue_token_expires_is_started_again() {
    let h = Harness::recorded();
    let whole = json_of(&h.kubectl_claw(&["status", "-o", "json", "--no-probe", "--no-cache"]));
    h.api.reset_counters();
    h.api.inject(
        claw_tests::Fault::status(
            claw_tests::Match::PathWith("/api/v1/pods".into(), "continue".into()),
            410,
            "Expired",
            claw_tests::store::CONTINUE_EXPIRED,
        )
        .times(1),
    );
    let out = h.kubectl_claw(&[
        "status",
        "-o",
        "json",
        "--no-probe",
        "--no-cache",
        "--chunk-size",
        "3",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        json_of(&out)["bots"],
        whole["bots"],
        "the same answer, nothing twice"
    );
    let pods: Vec<bool> = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/pods")
        .map(|r| r.query.contains_key("continue"))
        .collect();
    assert_eq!(
        pods,
        [false, true, false, true, true],
        "page 1, an expired page 2, then the list again from the start"
    );
}

/// Each LIST's (path, resourceVersion, resourceVersionMatch, whether it followed a token).
fn lists(h: &Harness) -> Vec<(String, Option<String>, Option<String>, bool)> {
    h.api
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == "GET" && r.query.contains_key("limit") && !r.query.contains_key("watch")
        })
        .map(|r| {
            (
                r.path.clone(),
                r.query.get("resourceVersion").cloned(),
                r.query.get("resourceVersionMatch").cloned(),
                r.query.contains_key("continue"),
            )
        })
        .collect()
}

#[test]
fn read_only_views_list_from_the_watch_cache_and_writes_read_consistently() {
    // Pages of 2, so that later pages (which must carry the token alone) are asked for too.
    let views: &[&[&str]] = &[
        &["status", "--no-probe"],
        &["bots"],
        &["health"],
        &["doctor"],
        &["events"],
        &["logs", "pico"],
    ];
    for args in views {
        let h = Harness::recorded();
        h.kubectl_claw(&[*args, &["--chunk-size", "2"][..]].concat());
        let seen = lists(&h);
        assert!(seen.iter().any(|l| l.3), "{args:?} paged: {seen:?}");
        for (path, rv, matching, next) in &seen {
            if *next {
                assert_eq!(
                    (rv, matching),
                    (&None, &None),
                    "{args:?} {path}: the token alone"
                );
            } else {
                assert_eq!(
                    (rv.as_deref(), matching.as_deref()),
                    (Some("0"), Some("NotOlderThan")),
                    "{args:?} {path}: from the watch cache"
                );
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let backup = tmp.path().join("b");
    let writes: &[&[&str]] = &[
        &["upgrade", "--all-bots", "--dry-run"],
        &["uninstall", "pico"],
        &["backup", backup.to_str().unwrap()],
    ];
    for args in writes {
        let h = Harness::recorded();
        h.kubectl_claw(&[*args, &["--chunk-size", "2"][..]].concat());
        let seen = lists(&h);
        assert!(!seen.is_empty(), "{args:?} listed");
        for (path, rv, matching, _) in &seen {
            assert_eq!(
                (rv, matching),
                (&None, &None),
                "{args:?} {path}: a consistent read"
            );
        }
    }
}
