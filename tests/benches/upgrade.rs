//! Planning `upgrade --all-bots --dry-run` for 100 bots against the fake API server, with the real
//! `helm template` (Helm 4 and Helm 3) rendering each release's new chart: wall time and peak
//! memory. Each bot's deployed manifest is its chart's real render, so every plan compares
//! whole releases. Numbers, not pass/fail.

use std::time::Instant;

use claw_tests::Harness;
use claw_tests::bins;
use claw_tests::measure::{measure, print_table, quiet};
use claw_tests::shaped::{self, Release};
use serde_json::json;

const BOTS: usize = 100;

fn main() {
    let t = Instant::now();
    let embedded = bins::embedded_version();
    let mut releases = vec![
        Release::new(
            "claw-machine",
            "clawmachine",
            "clawmachine",
            json!({}),
            shaped::manifest_from_chart("clawmachine", "clawmachine", "claw-machine", &json!({})),
        )
        .version(&embedded),
    ];
    for i in 0..BOTS {
        let ns = format!("bots-{:02}", i % 10);
        let name = format!("bot-{i:03}");
        let (chart, config) = match i % 3 {
            0 => ("picoclaw", json!({"persistence": {"enabled": true}})),
            1 => ("ironclaw", json!({"postgresql": {"password": "p"}})),
            _ => (
                "openclaw",
                json!({"channels": {"discord": {"enabled": true}}}),
            ),
        };
        let manifest =
            shaped::manifest_from_chart(chart, &name, &ns, &config).replace(&embedded, "0.1.8");
        releases.push(Release::new(&ns, &name, chart, config, manifest));
    }
    let h = Harness::new(shaped::store(&releases));
    eprintln!("{BOTS} bots, rendered and stored in {:?}", t.elapsed());

    let claw = bins::plugin("kubectl-claw");
    let mut results = Vec::new();
    for helm in ["helm4", "helm3"] {
        let helm_bin = bins::tool(helm);
        let mut f = measure(
            &h,
            &format!("upgrade --all-bots --dry-run ({helm})"),
            || {
                let mut c = bins::clean_command(&claw, h.dir.path());
                c.env("KUBECONFIG", &h.kubeconfig)
                    .env("HELM_BIN", &helm_bin)
                    .args(["upgrade", "--all-bots", "--dry-run", "-o", "json"]);
                quiet(c)
            },
        );
        f.note = format!(
            "{BOTS} plans, 4 at a time: a release GET and a `{helm} template` each; peak RSS is the largest of claw and its Helm runs"
        );
        results.push(f);
    }
    print_table(&mut results);
}
