//! The release cache: a warm status lists the release Secrets' metadata and fetches only what
//! changed; a new revision is fetched, a deleted release disappears, a corrupt file is
//! replaced, and the file never holds a secret.

use claw_tests::shaped::{self, Release};
use claw_tests::{Harness, json_of, planted};
use serde_json::{Value, json};

fn release(name: &str, revision: u64, status: &str) -> Release {
    let values = json!({"secrets": {"anthropicApiKey": planted::KEY_CAMEL}});
    let manifest = shaped::manifest_from_chart("picoclaw", name, "bots", &values);
    let mut r = Release::new("bots", name, "picoclaw", values, manifest);
    r.revision = revision;
    r.status = status.into();
    r
}

fn cache_files(h: &Harness) -> Vec<std::path::PathBuf> {
    let dir = h.dir.path().join(".cache/claw");
    std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

/// (metadata-only LISTs of secrets, full LISTs of secrets, GETs of one secret) since the last reset.
fn secret_requests(h: &Harness) -> (usize, usize, usize) {
    let rs = h.api.requests();
    let lists: Vec<_> = rs.iter().filter(|r| r.path == "/api/v1/secrets").collect();
    (
        lists.iter().filter(|r| r.metadata_only).count(),
        lists.iter().filter(|r| !r.metadata_only).count(),
        rs.iter()
            .filter(|r| r.path.starts_with("/api/v1/namespaces/") && r.path.contains("/secrets/"))
            .count(),
    )
}

fn bots(h: &Harness, extra: &[&str]) -> Value {
    let mut args = vec!["status", "--no-probe", "-o", "json"];
    args.extend_from_slice(extra);
    let out = h.kubectl_claw(&args);
    assert_eq!(out.code, 0, "{}", out.all());
    let doc = json_of(&out);
    json!(
        doc["bots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| json!([
                b["name"],
                b["release"]["revision"],
                b["release"]["chartVersion"]
            ]))
            .collect::<Vec<_>>()
    )
}

#[test]
fn warm_runs_list_metadata_and_fetch_only_what_changed() {
    let h = Harness::new(shaped::store(&[
        release("a", 1, "deployed"),
        release("b", 1, "deployed"),
        release("c", 1, "deployed"),
    ]));
    // Cold: the full LIST, as without a cache, and the file written, private.
    let cold = bots(&h, &[]);
    assert_eq!(secret_requests(&h), (0, 1, 0));
    let files = cache_files(&h);
    assert_eq!(files.len(), 1, "{files:?}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Warm: metadata only, no GET, the same answer.
    h.api.reset_counters();
    assert_eq!(bots(&h, &[]), cold);
    assert_eq!(secret_requests(&h), (1, 0, 0));

    // An upgrade of b: revision 2 deployed, 1 superseded. Only b's new revision is fetched.
    let mut b2 = release("b", 2, "deployed");
    b2.chart_version = "0.1.9".into();
    h.api.put("v1", "secrets", b2.secret());
    h.api
        .put("v1", "secrets", release("b", 1, "superseded").secret());
    h.api.reset_counters();
    let after = bots(&h, &[]);
    assert_eq!(after[1], json!(["b", 2, "0.1.9"]));
    assert_eq!(secret_requests(&h), (1, 0, 1));
    let gets: Vec<String> = h
        .api
        .requests()
        .iter()
        .filter(|r| r.path.contains("/secrets/"))
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        gets,
        ["/api/v1/namespaces/bots/secrets/sh.helm.release.v1.b.v2"]
    );

    // c uninstalled: gone from the answer and from the file.
    h.api.with_store(|s| {
        s.objects_mut("v1", "secrets")
            .retain(|o| o["metadata"]["labels"]["name"] != "c")
    });
    h.api.reset_counters();
    let names: Vec<Value> = bots(&h, &[])
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b[0].clone())
        .collect();
    assert_eq!(names, [json!("a"), json!("b")]);
    assert_eq!(secret_requests(&h), (1, 0, 0));
    let text = std::fs::read_to_string(&cache_files(&h)[0]).unwrap();
    let cached: Value = serde_json::from_str(&text).unwrap();
    let cached: Vec<&str> = cached["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(cached, ["a", "b"], "pruned");

    // The file never holds a secret.
    assert!(planted::leaks(&text).is_empty(), "{text}");
}

#[test]
fn a_corrupt_cache_is_replaced_and_no_cache_means_none() {
    let h = Harness::new(shaped::store(&[release("a", 1, "deployed")]));
    let cold = bots(&h, &[]);
    let file = cache_files(&h).remove(0);
    std::fs::write(&file, "{\"format\": 1, \"releases\": [tru").unwrap();
    h.api.reset_counters();
    assert_eq!(bots(&h, &[]), cold, "a corrupt cache is never fatal");
    assert_eq!(secret_requests(&h), (0, 1, 0), "read as a cold run");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        serde_json::from_str::<Value>(&text).is_ok(),
        "rewritten: {text}"
    );

    // --no-cache: neither read nor written.
    let fresh = Harness::new(shaped::store(&[release("a", 1, "deployed")]));
    assert_eq!(bots(&fresh, &["--no-cache"]), cold);
    assert!(cache_files(&fresh).is_empty());
    bots(&fresh, &[]);
    fresh.api.reset_counters();
    bots(&fresh, &["--no-cache"]);
    assert_eq!(
        secret_requests(&fresh),
        (0, 1, 0),
        "the cache is not read either"
    );

    // XDG_CACHE_HOME is honoured.
    let xdg = tempfile::tempdir().unwrap();
    let other = Harness::new(shaped::store(&[release("a", 1, "deployed")]));
    let out = other.kubectl_claw_env(
        &["status", "--no-probe"],
        &[("XDG_CACHE_HOME", xdg.path().to_str().unwrap())],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        std::fs::read_dir(xdg.path().join("claw")).unwrap().count(),
        1
    );
    assert!(cache_files(&other).is_empty());
}
