//! `health` on 500 bots of which a third never answer: the run must be bounded by concurrency and
//! the per-probe timeout (about ceil(hanging / concurrency) × timeout), not by count × timeout.
//! Run with `scripts/bench`.

use std::time::{Duration, Instant};

use claw_tests::{Endpoint, Fleet, Harness, bins};

fn main() {
    let bots = 500;
    let fleet = Fleet {
        bots,
        namespaces: 50,
        revisions: 1,
    };
    let h = Harness::new(fleet.store());
    let mut hanging = 0;
    for i in (0..bots).step_by(3) {
        let chart = ["picoclaw", "ironclaw", "openclaw"][i % 3];
        h.api.set_endpoint(
            &format!("bots-{:03}", i % 50),
            &format!("bot-{i:05}-{chart}"),
            Endpoint::Hangs,
        );
        hanging += 1;
    }
    let claw = bins::plugin("kubectl-claw");
    println!(
        "\n| bots | hanging | --timeout | --concurrency | wall s | bound ceil(hanging/concurrency) x timeout s | count x timeout s | answered probes | max in flight |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (timeout, concurrency) in [(1u64, 16usize), (1, 64), (2, 32)] {
        h.api.reset_counters();
        let mut c = bins::clean_command(&claw, h.dir.path());
        c.env("KUBECONFIG", &h.kubeconfig)
            .args([
                "health",
                "-o",
                "json",
                "--timeout",
                &format!("{timeout}s"),
                "--concurrency",
                &concurrency.to_string(),
            ])
            .stdout(std::process::Stdio::null());
        let started = Instant::now();
        let status = c.status().expect("run");
        let wall = started.elapsed();
        assert_eq!(status.code(), Some(1), "hanging bots are unhealthy");
        let probes = h
            .api
            .requests()
            .iter()
            .filter(|r| r.path.contains("/proxy/"))
            .count();
        let bound = Duration::from_secs(timeout) * (hanging as u32).div_ceil(concurrency as u32);
        println!(
            "| {} | {hanging} | {timeout}s | {concurrency} | {:.2} | {:.0} | {} | {probes} | {} |",
            bots + 1,
            wall.as_secs_f64(),
            bound.as_secs_f64(),
            hanging as u64 * timeout,
            h.api.max_in_flight()
        );
    }
}
