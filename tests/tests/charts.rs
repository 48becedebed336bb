//! The embedded charts with the real Helm 3 and Helm 4: as written into the binary (pulled out
//! with `claw charts pull`), they lint strictly and render; and `upgrade --diff` with real Helm
//! never shows a secret. (Their app contract is checked in parity.rs, upgrades in
//! upgrade_plan.rs.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claw_tests::bins::{self, Output};
use claw_tests::{Harness, recorded};

const CHARTS: [&str; 5] = ["busybox", "clawmachine", "ironclaw", "openclaw", "picoclaw"];
const HELMS: [&str; 2] = ["helm3", "helm4"];

fn helm(version: &str, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut c = bins::helm_command(version, home.path());
    c.args(args);
    bins::run(&mut c)
}

/// The embedded archives, written out by `claw charts pull`.
fn pulled(dir: &Path) -> BTreeMap<&'static str, PathBuf> {
    let h = Harness::recorded();
    let version = bins::embedded_version();
    CHARTS
        .iter()
        .map(|c| {
            let out = h.kubectl_claw(&["charts", "pull", c, "-d", dir.to_str().unwrap()]);
            assert_eq!(out.code, 0, "{}", out.all());
            (*c, dir.join(format!("{c}-{version}.tgz")))
        })
        .collect()
}

#[test]
fn every_embedded_chart_lints_strictly_and_renders_on_helm_3_and_4() {
    let dir = tempfile::tempdir().unwrap();
    let archives = pulled(dir.path());
    for h in HELMS {
        for chart in CHARTS {
            // IronClaw's own database needs a password, as ClawMachine's chart requires.
            let set: &[&str] = if chart == "ironclaw" {
                &["--set", "postgresql.password=p"]
            } else {
                &[]
            };
            let archive = archives[chart].to_str().unwrap();
            let out = helm(h, &[&["lint", "--strict", archive], set].concat());
            assert_eq!(out.code, 0, "{h} lint {chart}: {}", out.all());
            let args = [
                &["template", "demo", archive, "--namespace", "claw-machine"],
                set,
            ]
            .concat();
            let out = helm(h, &args);
            assert_eq!(out.code, 0, "{h} template {chart}: {}", out.all());
            assert!(out.stdout.contains("kind: Deployment"), "{chart}");
        }
    }
}

#[test]
fn upgrade_diff_with_real_helm_never_shows_the_secret() {
    let h = Harness::recorded();
    for version in HELMS {
        let out = h.kubectl_claw_env(
            &[
                "upgrade",
                "pico",
                "--force",
                "--unsafe",
                "--dry-run",
                "--diff",
            ],
            &[("HELM_BIN", bins::tool(version).to_str().unwrap())],
        );
        assert_eq!(out.code, 0, "{version}: {}", out.all());
        assert!(
            out.stdout.contains(&format!(
                "+++ claw-machine/pico (picoclaw-{})",
                bins::embedded_version()
            )),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("API_KEY: <redacted, "),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout
                .contains("forced past: the value secrets.apiKey you set is unknown"),
            "--unsafe shows what it overrides: {}",
            out.stdout
        );
        assert!(!out.all().contains(recorded::PICO_SECRET), "{version}");
        // What only refers to a secret is code, and the person approving the change reads it.
        for line in [
            r#"+    secrets="/etc/claw/secrets""#,
            r#"+      if [ -f "$file" ]; then export "${file##*/}=$(cat "$file")"; fi"#,
        ] {
            assert!(out.stdout.contains(line), "{line} missing:\n{}", out.stdout);
        }
        // A flag whose name says token is a flag: a true -> false change must be visible.
        let out = h.kubectl_claw_env(
            &["upgrade", "--dry-run", "--diff"],
            &[("HELM_BIN", bins::tool(version).to_str().unwrap())],
        );
        assert_eq!(out.code, 0, "{version}: {}", out.all());
        assert!(
            out.stdout.contains("+automountServiceAccountToken: true"),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn every_pulled_chart_installs_on_its_own_with_the_library_inside() {
    let dir = tempfile::tempdir().unwrap();
    let archives = pulled(dir.path());
    for chart in CHARTS {
        let archive = archives[chart].to_str().unwrap();
        // The library travels in the archive: Helm finds the dependency there.
        for h in HELMS {
            let out = helm(h, &["dependency", "list", archive]);
            assert_eq!(out.code, 0, "{h} {chart}: {}", out.all());
            let row = out
                .stdout
                .lines()
                .find(|l| l.starts_with("claw-bot"))
                .unwrap_or_default();
            assert!(row.contains("unpacked"), "{h} {chart}: {}", out.stdout);
        }
        // `helm install` takes the archive alone. Helm 4's client-side dry run reaches no
        // cluster at all (Helm 3's still asks one for its API groups, which no fake here
        // answers; its render of the same archive is checked above).
        let mut args = vec![
            "install",
            "demo",
            archive,
            "--namespace",
            "claw-machine",
            "--dry-run=client",
            "--hide-secret",
        ];
        if chart == "ironclaw" {
            args.extend(["--set", "postgresql.password=p"]);
        }
        let out = helm("helm4", &args);
        assert_eq!(out.code, 0, "install {chart}: {}", out.all());
        assert!(
            out.stdout.contains("STATUS: pending-install"),
            "{chart}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains("kind: Deployment"),
            "{chart}: {}",
            out.stdout
        );
    }
}
