//! Every argv claw builds for `helm upgrade`, `helm install`, `helm template` and
//! `helm uninstall`, handed to the real Helm 3 and Helm 4 against the fake API server, so a flag
//! one Helm does not know (Helm 4 renamed `--atomic` to `--rollback-on-failure`) fails here and
//! not on a user's cluster. Writes are `--dry-run`: Helm parses the whole line, loads the chart
//! and values and reads the release history, then stops before changing anything.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use claw_common::charts::embedded::{self, ChartName};
use claw_common::helm::invocation::{self, HelmMajor, Release, Values};
use claw_common::helm::{ValuesArgs, WaitArgs};
use claw_tests::Harness;
use claw_tests::bins::{self, Output};

const HELMS: [(&str, HelmMajor); 2] = [("helm3", HelmMajor::Three), ("helm4", HelmMajor::Four)];

/// A description as an upgrade run writes it (spaces, a colon, an arrow).
const DESCRIPTION: Option<&str> = Some("claw upgrade run k3x9p2: picoclaw 0.1.8 -> 0.1.9");

/// The release the upgrade, template and uninstall lines are about: one the fake cluster has.
const PICO: Release = Release {
    name: "pico",
    namespace: "claw-machine",
};

fn helm(h: &Harness, version: &str, home: &Path, args: &[OsString]) -> Output {
    let mut c = bins::helm_command(version, home);
    c.env("KUBECONFIG", &h.kubeconfig).args(args);
    bins::run(&mut c)
}

/// The picoclaw chart as claw stages it for Helm: the embedded archive, written to disk.
fn staged_chart(dir: &Path) -> PathBuf {
    let chart = embedded::get(ChartName::Picoclaw);
    let path = dir.join(chart.file_name());
    std::fs::write(&path, chart.archive).unwrap();
    path
}

/// Values as claw passes them: a carried-over file, a file of the user's, and `--set`s.
struct Given {
    carried: PathBuf,
    args: ValuesArgs,
}

impl Given {
    /// As an upgrade passes them: the carried-over file first, then the user's.
    fn carried_and_given(&self) -> Values<'_> {
        Values {
            carried: Some(&self.carried),
            given: &self.args,
        }
    }
}

fn given(dir: &Path) -> Given {
    let carried = dir.join("carried.yaml");
    std::fs::write(&carried, "replicas: 1\n").unwrap();
    let user = dir.join("user.yaml");
    std::fs::write(&user, "resources:\n  requests:\n    cpu: 50m\n").unwrap();
    Given {
        carried,
        args: ValuesArgs {
            files: vec![user],
            set: vec!["env.CLAW_TEAM=team-a".into()],
        },
    }
}

fn waits() -> [WaitArgs; 3] {
    [
        WaitArgs::default(),
        WaitArgs {
            wait: true,
            timeout: Some(Duration::from_secs(300)),
        },
        WaitArgs {
            wait: false,
            timeout: Some(Duration::from_secs(90)),
        },
    ]
}

fn dry_run(mut args: Vec<OsString>) -> Vec<OsString> {
    args.push("--dry-run=client".into());
    args
}

/// Helm got past its flags and ran the action: it either finished, or failed at a step that
/// needs a real cluster (the fake serves no OpenAPI document to validate against), which Helm
/// reports under the action's own prefix.
fn parsed(out: &Output, action_failed: &str) -> bool {
    out.code == 0 || out.stderr.lines().any(|l| l.starts_with(action_failed))
}

fn assert_parsed(out: &Output, action_failed: &str, what: &str) {
    assert!(
        parsed(out, action_failed),
        "{what}: exit {}\n{}",
        out.code,
        out.all()
    );
    for refusal in [
        "unknown flag",
        "unknown shorthand",
        "invalid argument",
        "accepts ",
    ] {
        assert!(!out.stderr.contains(refusal), "{what}: {}", out.stderr);
    }
}

#[test]
fn real_helm_3_and_4_accept_every_upgrade_and_install_line() {
    let h = Harness::recorded();
    let dir = tempfile::tempdir().unwrap();
    let chart = staged_chart(dir.path());
    let values = given(dir.path());
    for (version, major) in HELMS {
        let home = tempfile::tempdir().unwrap();
        for wait in waits() {
            for rollback in [None, Some(major)] {
                let args = invocation::upgrade(
                    PICO,
                    &chart,
                    values.carried_and_given(),
                    wait,
                    rollback,
                    DESCRIPTION,
                );
                let out = helm(&h, version, home.path(), &dry_run(args));
                assert_parsed(
                    &out,
                    "Error: UPGRADE FAILED:",
                    &format!("{version} upgrade {wait:?} {rollback:?}"),
                );
            }
            for create_namespace in [false, true] {
                let args = invocation::install(
                    Release {
                        name: "newbot",
                        namespace: "bots-new",
                    },
                    &chart,
                    Values {
                        carried: None,
                        given: &values.args,
                    },
                    wait,
                    create_namespace,
                );
                let out = helm(&h, version, home.path(), &dry_run(args));
                assert_parsed(
                    &out,
                    "Error: INSTALLATION FAILED:",
                    &format!("{version} install {wait:?} create-namespace={create_namespace}"),
                );
            }
        }
    }
}

#[test]
fn each_helm_refuses_the_other_ones_rollback_flag() {
    // What the test above guards against, shown to happen: the wrong flag for a Helm is refused
    // while parsing, before any action runs.
    let h = Harness::recorded();
    let dir = tempfile::tempdir().unwrap();
    let chart = staged_chart(dir.path());
    let values = given(dir.path());
    for (version, wrong) in [("helm3", HelmMajor::Four), ("helm4", HelmMajor::Three)] {
        let home = tempfile::tempdir().unwrap();
        let args = invocation::upgrade(
            PICO,
            &chart,
            values.carried_and_given(),
            WaitArgs::default(),
            Some(wrong),
            None,
        );
        let out = helm(&h, version, home.path(), &dry_run(args));
        if version == "helm4" {
            // Helm 4 still knows --atomic, deprecated: it must say so rather than fail.
            assert_parsed(&out, "Error: UPGRADE FAILED:", "helm4 --atomic");
            assert!(out.stderr.contains("deprecated"), "{}", out.all());
        } else {
            assert_eq!(out.code, 1, "{}", out.all());
            assert!(
                out.stderr.contains("unknown flag: --rollback-on-failure"),
                "{}",
                out.stderr
            );
        }
    }
}

#[test]
fn real_helm_3_and_4_render_the_template_line_and_dry_run_the_uninstall_line() {
    let h = Harness::recorded();
    let dir = tempfile::tempdir().unwrap();
    let chart = staged_chart(dir.path());
    let values = given(dir.path());
    for (version, _) in HELMS {
        let home = tempfile::tempdir().unwrap();
        let args = invocation::template(PICO, &chart, values.carried_and_given());
        let out = helm(&h, version, home.path(), &args);
        assert_eq!(out.code, 0, "{version} template: {}", out.all());
        assert!(
            out.stdout.contains("kind: Deployment") && out.stdout.contains("team-a"),
            "{version}: rendered with the --set value"
        );
        assert!(
            out.stdout.contains("cpu: 50m"),
            "{version}: with the user's file"
        );

        let mut args = invocation::uninstall(PICO);
        args.push("--dry-run".into());
        let out = helm(&h, version, home.path(), &args);
        assert_eq!(out.code, 0, "{version} uninstall --dry-run: {}", out.all());
        assert!(
            out.stdout.contains("release \"pico\" uninstalled"),
            "{version}: {}",
            out.stdout
        );
    }
}

#[test]
fn real_helm_3_and_4_accept_every_rollback_line() {
    // `pico` has revisions 1-3 in the recorded cluster. Helm 3's --dry-run is a flag, Helm 4's
    // takes a value (`--dry-run` alone means client-side): both stop before changing anything.
    let h = Harness::recorded();
    for (version, _) in HELMS {
        let home = tempfile::tempdir().unwrap();
        for wait in waits() {
            let mut args = invocation::rollback(PICO, 2, wait);
            args.push("--dry-run".into());
            let out = helm(&h, version, home.path(), &args);
            assert_eq!(out.code, 0, "{version} rollback {wait:?}: {}", out.all());
            assert!(
                out.stdout.contains("Rollback was a success"),
                "{version} rollback {wait:?}: {}",
                out.all()
            );
        }
    }
}
