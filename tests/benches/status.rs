//! `status` on synthetic fleets against the fake API server: 1,000 bots × 10 Helm revisions with
//! release payloads the size of ClawMachine's real ones, cold (no cache) and warm, beside the
//! real `helm list -A` (Helm 4 and Helm 3) on the same server, with one bot's health endpoint
//! hung, and beside the bare LIST requests (in-process, decoding nothing); then the peak memory
//! of status at 1,000 and at 5,000 bots.
//!
//! Run with `scripts/bench` (it builds the release binaries first). Reports, per command: median
//! and best wall time over several runs, API requests, bytes the server sent, and peak RSS. Numbers, not pass/fail: this is a benchmark, not a test.

use std::time::{Duration, Instant};

use claw_tests::bins;
use claw_tests::measure::{Figures, RUNS, measure, print_table, quiet};
use claw_tests::{Fleet, Harness};

fn bare_lists(h: &Harness) -> Figures {
    use claw_common::cluster::{ConnectOptions, Resource};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let opts = ConnectOptions {
        kubeconfig: Some(h.kubeconfig.clone()),
        context: None,
        request_timeout: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    let mut f = Figures {
        name: "bare LISTs (in-process, no decoding)".into(),
        wall: vec![],
        requests: 0,
        bytes: 0,
        peak_rss_kib: 0,
        note: "lower bound: no process start".into(),
    };
    rt.block_on(async {
        let cluster = claw_common::cluster::Cluster::connect(&opts).await.unwrap();
        for i in 0..=RUNS {
            h.api.reset_counters();
            let started = Instant::now();
            let (a, b, c) = tokio::join!(
                cluster.list::<serde::de::IgnoredAny>(
                    &Resource::SECRETS,
                    None,
                    Some("owner=helm,status!=superseded")
                ),
                cluster.list::<serde::de::IgnoredAny>(
                    &Resource::PODS,
                    None,
                    Some("app.kubernetes.io/instance")
                ),
                cluster.list::<serde::de::IgnoredAny>(
                    &Resource::DEPLOYMENTS,
                    None,
                    Some("app.kubernetes.io/instance")
                ),
            );
            let wall = started.elapsed();
            a.unwrap();
            b.unwrap();
            c.unwrap();
            if i > 0 {
                f.wall.push(wall);
            }
            f.requests = h.api.requests().len();
            f.bytes = h.api.bytes_sent();
        }
    });
    f
}

/// `kubectl claw ARGS` on `h`, its cache in `cache` (a fresh one per run when `None`: cold).
fn claw_status(
    h: &Harness,
    name: &str,
    args: &'static [&'static str],
    cache: Option<&std::path::Path>,
    note: &str,
) -> Figures {
    let claw = bins::plugin("kubectl-claw");
    let runs = std::cell::Cell::new(0);
    let mut f = measure(h, name, || {
        runs.set(runs.get() + 1);
        let dir = match cache {
            Some(d) => d.to_path_buf(),
            None => h.dir.path().join(format!("cold-cache-{}", runs.get())),
        };
        let mut c = bins::clean_command(&claw, h.dir.path());
        c.env("KUBECONFIG", &h.kubeconfig)
            .env("XDG_CACHE_HOME", dir)
            .args(args);
        quiet(c)
    });
    f.note = format!("{note}; {}", list_parameters(h));
    f
}

/// How the last run's LISTs asked (first pages, and pages after a token), so the fake's
/// figures are read for what they are: a fake answers a cached and a consistent read alike in
/// microseconds; a real API server answers the first from memory and the second from etcd.
fn list_parameters(h: &Harness) -> String {
    let mut first: Vec<String> = Vec::new();
    let mut next = 0;
    for r in h.api.requests() {
        if r.method != "GET" || !r.query.contains_key("limit") || r.query.contains_key("watch") {
            continue;
        }
        if r.query.contains_key("continue") {
            next += 1;
            continue;
        }
        let how = match (
            r.query.get("resourceVersion"),
            r.query.get("resourceVersionMatch"),
        ) {
            (Some(rv), Some(m)) => format!("resourceVersion={rv}&resourceVersionMatch={m}"),
            (Some(rv), None) => format!("resourceVersion={rv}"),
            _ => "consistent".to_string(),
        };
        let how = format!("limit={} {how}", r.query["limit"]);
        if !first.contains(&how) {
            first.push(how);
        }
    }
    format!(
        "LISTs: first pages {}; {next} later pages by token",
        first.join(", ")
    )
}

fn helm_list(h: &Harness, helm: &str) -> Option<Figures> {
    let path = bins::workspace_root().join(".tools").join(helm);
    if !path.is_file() {
        eprintln!("{helm}: not fetched (scripts/fetch-tools.sh); skipped");
        return None;
    }
    let mut f = measure(h, &format!("{helm} list -A"), || {
        let mut c = bins::clean_command(&path, h.dir.path());
        c.env("KUBECONFIG", &h.kubeconfig).args(["list", "-A"]);
        quiet(c)
    });
    f.note = "fetches and decodes every revision".into();
    Some(f)
}

fn fleet(bots: usize, realistic: bool) -> Harness {
    let fleet = Fleet {
        bots,
        namespaces: 100,
        revisions: 10,
    };
    let t = Instant::now();
    let store = if realistic {
        fleet.store_realistic()
    } else {
        fleet.store()
    };
    let h = Harness::new(store);
    let bytes: usize = h.api.with_store(|s| {
        s.objects("v1", "secrets")
            .iter()
            .map(|o| o["data"]["release"].as_str().map_or(0, str::len))
            .sum()
    });
    eprintln!(
        "fleet: {bots} bots x 10 revisions ({} release Secrets, {:.1} MB of payloads, {}) built in {:?}",
        h.api.with_store(|s| s.count("v1", "secrets")),
        bytes as f64 / 1e6,
        if realistic {
            "payloads the size of real releases"
        } else {
            "recorded stand-in payloads"
        },
        t.elapsed()
    );
    h
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    // 1. 1,000 bots x 10 revisions, payloads the size of ClawMachine's real releases.
    let h = fleet(1000, true);
    let warm = h.dir.path().join("warm-cache");
    let mut results = vec![
        claw_status(
            &h,
            "status --no-probe, cold (no cache)",
            &["status", "--no-probe"],
            None,
            "paged LISTs of releases, pods, Deployments",
        ),
        claw_status(
            &h,
            "status --no-probe, warm (cache)",
            &["status", "--no-probe"],
            Some(&warm),
            "metadata LIST of releases, no GET",
        ),
    ];
    results.extend(helm_list(&h, "helm4"));
    results.extend(helm_list(&h, "helm3"));
    // bot-00006 is a PicoClaw in bots-006 (types and namespaces go round).
    h.api.set_endpoint(
        "bots-006",
        "bot-00006-picoclaw",
        claw_tests::Endpoint::Hangs,
    );
    results.push(claw_status(
        &h,
        "status (probes), one bot hung",
        &["status"],
        Some(&warm),
        "1,001 probes, 16 at a time, 1s budget",
    ));
    results.push(bare_lists(&h));
    print_table(&mut results);
    drop(h);

    // 2. Memory flat in fleet size: 1,000 and 5,000 bots x 10 revisions.
    let mut memory = Vec::new();
    for bots in [1000, 5000] {
        let h = fleet(bots, true);
        let warm = h.dir.path().join("warm-cache");
        memory.push(claw_status(
            &h,
            &format!("{bots} bots: status --no-probe, cold"),
            &["status", "--no-probe"],
            None,
            "",
        ));
        memory.push(claw_status(
            &h,
            &format!("{bots} bots: status --no-probe, warm"),
            &["status", "--no-probe"],
            Some(&warm),
            "",
        ));
    }
    print_table(&mut memory);
}
