//! `status` on a synthetic fleet (1,000 bots × 10 Helm revisions each) against the fake API
//! server, beside the real `helm list -A` (Helm 3 and Helm 4) on the same server, and beside the
//! bare LIST requests status needs (made in-process, decoding nothing).
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

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let fleet = Fleet {
        bots: 1000,
        namespaces: 100,
        revisions: 10,
    };
    let t = Instant::now();
    let h = Harness::new(fleet.store());
    eprintln!(
        "fleet: {} bots in {} namespaces, {} revisions each ({} release Secrets) built in {:?}",
        fleet.bots,
        fleet.namespaces,
        fleet.revisions,
        h.api.with_store(|s| s.count("v1", "secrets")),
        t.elapsed()
    );

    let claw = bins::plugin("kubectl-claw");
    let claw_run = |name: &str, args: &'static [&'static str], note: &str| {
        let mut f = measure(&h, name, || {
            let mut c = bins::clean_command(&claw, h.dir.path());
            c.env("KUBECONFIG", &h.kubeconfig).args(args);
            quiet(c)
        });
        f.note = note.into();
        f
    };
    let mut results = vec![
        claw_run(
            "kubectl claw status --no-probe -o json",
            &["status", "--no-probe", "-o", "json"],
            "the LISTs alone",
        ),
        claw_run(
            "kubectl claw status --no-probe",
            &["status", "--no-probe"],
            "table",
        ),
        claw_run(
            "kubectl claw status",
            &["status"],
            "plus a Services LIST and 1,001 health probes, 16 at a time",
        ),
    ];
    for helm in ["helm4", "helm3"] {
        let path = bins::workspace_root().join(".tools").join(helm);
        if !path.is_file() {
            eprintln!("{helm}: not fetched (scripts/fetch-tools.sh); skipped");
            continue;
        }
        let mut f = measure(&h, &format!("{helm} list -A"), || {
            let mut c = bins::clean_command(&path, h.dir.path());
            c.env("KUBECONFIG", &h.kubeconfig).args(["list", "-A"]);
            quiet(c)
        });
        f.note =
            "prints 256 rows (its --max default) but fetches and decodes every revision".into();
        results.push(f);
    }
    results.push(bare_lists(&h));

    print_table(&mut results);
}
