//! Serve a fake cluster for poking at by hand, then use the printed KUBECONFIG with
//! kubectl claw, helm or kubectl:
//!   cargo run -p claw-tests --example serve                     the recorded cluster
//!   cargo run -p claw-tests --example serve BOTS NAMESPACES REVISIONS   a synthetic fleet
//!   cargo run -p claw-tests --example serve realistic BOTS NAMESPACES REVISIONS   …with
//!                                 payloads the size of ClawMachine's real releases
//!   cargo run -p claw-tests --example serve volumes      the recorded cluster with bots' PVCs
//!   cargo run -p claw-tests --example serve empty        a cluster with nothing in it
//!   cargo run -p claw-tests --example serve planted      releases holding the secrets corpus
//!   cargo run -p claw-tests --example serve clawmachine [current]   releases as ClawMachine 0.1.8
//!                                 installs them (`current`: the control plane already upgraded)

use claw_tests::shaped::{self, Release};
use serde_json::{Value, json};

/// ClawMachine 0.1.8's control plane and three bots, one with a value its chart does not know.
fn clawmachine(current: bool) -> claw_tests::Store {
    let release = |ns: &str, name: &str, chart: &str, config: Value| {
        let manifest = shaped::manifest_from_chart(chart, name, ns, &config)
            .replace(&claw_tests::bins::embedded_version(), "0.1.8");
        Release::new(ns, name, chart, config, manifest)
    };
    let mut cp = release(
        "claw-machine",
        "clawmachine",
        "clawmachine",
        json!({"replicaCount": 2}),
    );
    if current {
        cp = cp.version(&claw_tests::bins::embedded_version());
    }
    shaped::store(&[
        cp,
        release(
            "claw-machine",
            "pico",
            "picoclaw",
            json!({"persistence": {"enabled": true}, "replicaCount": 2}),
        ),
        release(
            "claw-machine",
            "iron",
            "ironclaw",
            json!({"postgresql": {"password": "example-password"}}),
        ),
        release(
            "bots-team-a",
            "open",
            "openclaw",
            json!({"channels": {"discord": {"enabled": true}}}),
        ),
    ])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let store = match (args.first().map(String::as_str), numbers.as_slice()) {
        (Some("planted"), _) => claw_tests::planted::cluster(),
        (Some("empty"), _) => claw_tests::Store::new(),
        (Some("volumes"), _) => claw_tests::recorded::store_with_volumes(),
        (Some("clawmachine"), _) => clawmachine(args.get(1).map(String::as_str) == Some("current")),
        (first, [bots, namespaces, revisions]) => {
            let fleet = claw_tests::Fleet {
                bots: *bots,
                namespaces: *namespaces,
                revisions: *revisions as u64,
            };
            if first == Some("realistic") {
                fleet.store_realistic()
            } else {
                fleet.store()
            }
        }
        _ => claw_tests::recorded::store(),
    };
    let h = claw_tests::Harness::new(store);
    println!("export KUBECONFIG={}", h.kubeconfig.display());
    std::fs::copy(&h.kubeconfig, "/tmp/claw-fake-kubeconfig").ok();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
