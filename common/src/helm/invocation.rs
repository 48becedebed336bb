//! Every argv claw hands Helm, built here and nowhere else: one function per verb, the values
//! files in the order Helm must read them, and the flags each Helm version knows.

use std::ffi::OsString;
use std::path::Path;

use super::options::{ValuesArgs, WaitArgs};

/// Helm's major version: the flags differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HelmMajor {
    Three,
    Four,
}

/// The release a command is about.
#[derive(Debug, Clone, Copy)]
pub struct Release<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
}

/// The values Helm reads, in order: the values carried over from the release (or restored from
/// a backup) first, then what the user gives now (`-f`, then `--set`), so later wins.
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    pub carried: Option<&'a Path>,
    pub given: &'a ValuesArgs,
}

/// `helm upgrade`: `--reset-values` plus the carried values as the first file, which gives
/// `--reset-then-reuse-values`' result on every Helm version: the new chart's defaults, then the
/// user's earlier overrides, then what is given now. `description` becomes the new revision's
/// description (`helm history` shows it; claw writes its run id there).
pub fn upgrade(
    release: Release,
    chart: &Path,
    values: Values,
    wait: WaitArgs,
    rollback: Option<HelmMajor>,
    description: Option<&str>,
) -> Vec<OsString> {
    let mut args = verb("upgrade", release, Some(chart));
    args.push("--reset-values".into());
    args.extend(value_flags(values));
    args.extend(wait_flags(wait));
    if let Some(major) = rollback {
        args.push(rollback_flag(major).into());
    }
    if let Some(d) = description {
        args.push("--description".into());
        args.push(d.into());
    }
    args
}

/// `helm rollback NAME REVISION`: the release goes back to that revision's chart, values and
/// manifest (as a new revision). The same on Helm 3 and 4; `--wait` alone means Helm 4's
/// `watcher` strategy.
pub fn rollback(release: Release, revision: u64, wait: WaitArgs) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![
        "rollback".into(),
        release.name.into(),
        revision.to_string().into(),
        "--namespace".into(),
        release.namespace.into(),
    ];
    args.extend(wait_flags(wait));
    args
}

/// `helm install`; with `create_namespace`, creating the namespace when it is not there.
pub fn install(
    release: Release,
    chart: &Path,
    values: Values,
    wait: WaitArgs,
    create_namespace: bool,
) -> Vec<OsString> {
    let mut args = verb("install", release, Some(chart));
    if create_namespace {
        args.push("--create-namespace".into());
    }
    args.extend(value_flags(values));
    args.extend(wait_flags(wait));
    args
}

/// `helm template`: the chart rendered with these values, for the upgrade plan and `--diff`;
/// without hooks, as the release's manifest keeps them apart.
pub fn template(release: Release, chart: &Path, values: Values) -> Vec<OsString> {
    let mut args = verb("template", release, Some(chart));
    args.push("--no-hooks".into());
    args.extend(value_flags(values));
    args
}

/// Where a chart comes from in a repository, and how to reach it.
#[derive(Debug, Clone, Copy)]
pub struct RepoChart<'a> {
    /// `oci://REGISTRY/PATH` or an HTTP(S) Helm repository URL.
    pub repo: &'a str,
    pub chart: &'a str,
    /// `None`: the newest.
    pub version: Option<&'a str>,
    /// Pre-releases count as newest too (Helm's `--devel`).
    pub devel: bool,
    pub tls: &'a RepoTls,
}

/// How to reach a repository, as Helm's flags say it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoTls {
    pub plain_http: bool,
    pub ca_file: Option<std::path::PathBuf>,
    pub insecure_skip_tls_verify: bool,
}

/// `helm pull`: the chart archive into `destination`.
pub fn pull(chart: RepoChart, destination: &Path) -> Vec<OsString> {
    let mut args = vec!["pull".into()];
    args.extend(repo_chart(chart));
    args.push("--destination".into());
    args.push(destination.into());
    args
}

/// `helm show chart`: the Chart.yaml of the chart a pull would fetch.
pub fn show_chart(chart: RepoChart) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["show".into(), "chart".into()];
    args.extend(repo_chart(chart));
    args
}

/// The chart reference and flags of a repository chart: `oci://…/CHART` for a registry,
/// `CHART --repo URL` for an HTTP repository.
fn repo_chart(c: RepoChart) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    if c.repo.starts_with("oci://") {
        args.push(format!("{}/{}", c.repo.trim_end_matches('/'), c.chart).into());
    } else {
        args.push(c.chart.into());
        args.push("--repo".into());
        args.push(c.repo.into());
    }
    if let Some(v) = c.version {
        args.push("--version".into());
        args.push(v.into());
    } else if c.devel {
        args.push("--devel".into());
    }
    if c.tls.plain_http {
        args.push("--plain-http".into());
    }
    if let Some(ca) = &c.tls.ca_file {
        args.push("--ca-file".into());
        args.push(ca.into());
    }
    if c.tls.insecure_skip_tls_verify {
        args.push("--insecure-skip-tls-verify".into());
    }
    args
}

/// `helm uninstall`.
pub fn uninstall(release: Release) -> Vec<OsString> {
    verb("uninstall", release, None)
}

/// `helm version`, as a bare version string.
pub fn version() -> Vec<OsString> {
    ["version", "--template", "{{.Version}}"]
        .into_iter()
        .map(OsString::from)
        .collect()
}

/// The flag that rolls back a failed upgrade: Helm 3 `--atomic`, Helm 4 `--rollback-on-failure`.
pub fn rollback_flag(major: HelmMajor) -> &'static str {
    match major {
        HelmMajor::Three => "--atomic",
        HelmMajor::Four => "--rollback-on-failure",
    }
}

fn verb(verb: &str, release: Release, chart: Option<&Path>) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![verb.into(), release.name.into()];
    if let Some(chart) = chart {
        args.push(chart.into());
    }
    args.push("--namespace".into());
    args.push(release.namespace.into());
    args
}

/// `--values carried --values user… --set k=v…`.
fn value_flags(values: Values) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    for f in values
        .carried
        .into_iter()
        .chain(values.given.files.iter().map(|f| f.as_path()))
    {
        args.push("--values".into());
        args.push(f.into());
    }
    for s in &values.given.set {
        args.push("--set".into());
        args.push(s.into());
    }
    args
}

/// `--wait`, `--timeout 5m`.
fn wait_flags(wait: WaitArgs) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    if wait.wait {
        args.push("--wait".into());
    }
    if let Some(t) = wait.timeout {
        args.push("--timeout".into());
        args.push(crate::duration::human(t).into());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn strings(args: Vec<OsString>) -> Vec<String> {
        args.into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    const REL: Release = Release {
        name: "pico",
        namespace: "claw-machine",
    };

    /// Every combination of given values, waiting and rollback, on both Helm versions: the argv
    /// is the verb, the release, the chart, the namespace, then values in reading order, then
    /// waiting, then the rollback flag that Helm version knows.
    #[test]
    fn upgrade_argv_matrix() {
        let chart = Path::new("/tmp/picoclaw-0.1.9.tgz");
        let carried = Path::new("/tmp/carried.yaml");
        let givens = [
            (ValuesArgs::default(), vec![]),
            (
                ValuesArgs {
                    files: vec!["mine.yaml".into(), "more.yaml".into()],
                    set: vec!["replicas=2".into()],
                },
                vec![
                    "--values",
                    "mine.yaml",
                    "--values",
                    "more.yaml",
                    "--set",
                    "replicas=2",
                ],
            ),
        ];
        let waits = [
            (WaitArgs::default(), vec![]),
            (
                WaitArgs {
                    wait: true,
                    timeout: Some(Duration::from_secs(300)),
                },
                vec!["--wait", "--timeout", "5m"],
            ),
            (
                WaitArgs {
                    wait: false,
                    timeout: Some(Duration::from_secs(90)),
                },
                vec!["--timeout", "1m30s"],
            ),
        ];
        let rollbacks = [
            (None, vec![]),
            (Some(HelmMajor::Three), vec!["--atomic"]),
            (Some(HelmMajor::Four), vec!["--rollback-on-failure"]),
        ];
        let descriptions = [
            (None, vec![]),
            (
                Some("claw upgrade run k3x9p2"),
                vec!["--description", "claw upgrade run k3x9p2"],
            ),
        ];
        for (given, given_flags) in &givens {
            for (wait, wait_flags) in &waits {
                for ((rollback, rollback_flags), (description, description_flags)) in
                    rollbacks.iter().zip(descriptions.iter().cycle())
                {
                    let got = strings(upgrade(
                        REL,
                        chart,
                        Values {
                            carried: Some(carried),
                            given,
                        },
                        *wait,
                        *rollback,
                        *description,
                    ));
                    let mut want = vec![
                        "upgrade",
                        "pico",
                        "/tmp/picoclaw-0.1.9.tgz",
                        "--namespace",
                        "claw-machine",
                        "--reset-values",
                        "--values",
                        "/tmp/carried.yaml",
                    ];
                    want.extend(given_flags);
                    want.extend(wait_flags);
                    want.extend(rollback_flags);
                    want.extend(description_flags);
                    assert_eq!(got, want);
                }
            }
        }
    }

    #[test]
    fn repository_argv_for_oci_and_http() {
        let tls = RepoTls {
            plain_http: true,
            ca_file: Some("/ca.pem".into()),
            insecure_skip_tls_verify: false,
        };
        let oci = RepoChart {
            repo: "oci://127.0.0.1:5000/charts/",
            chart: "picoclaw",
            version: Some("0.1.8"),
            devel: true,
            tls: &tls,
        };
        assert_eq!(
            strings(pull(oci, Path::new("/tmp/d"))),
            [
                "pull",
                "oci://127.0.0.1:5000/charts/picoclaw",
                "--version",
                "0.1.8",
                "--plain-http",
                "--ca-file",
                "/ca.pem",
                "--destination",
                "/tmp/d"
            ]
        );
        let http = RepoChart {
            repo: "https://charts.clawmachine.dev",
            chart: "ironclaw",
            version: None,
            devel: true,
            tls: &RepoTls {
                insecure_skip_tls_verify: true,
                ..Default::default()
            },
        };
        assert_eq!(
            strings(show_chart(http)),
            [
                "show",
                "chart",
                "ironclaw",
                "--repo",
                "https://charts.clawmachine.dev",
                "--devel",
                "--insecure-skip-tls-verify"
            ]
        );
    }

    #[test]
    fn install_template_and_uninstall_argv() {
        let chart = Path::new("/c/ironclaw.tgz");
        let given = ValuesArgs {
            files: vec![],
            set: vec!["persistence.size=20Gi".into()],
        };
        let values = Values {
            carried: None,
            given: &given,
        };
        let wait = WaitArgs {
            wait: true,
            timeout: None,
        };
        assert_eq!(
            strings(install(REL, chart, values, wait, true)),
            [
                "install",
                "pico",
                "/c/ironclaw.tgz",
                "--namespace",
                "claw-machine",
                "--create-namespace",
                "--set",
                "persistence.size=20Gi",
                "--wait"
            ]
        );
        assert_eq!(
            strings(template(REL, chart, values)),
            [
                "template",
                "pico",
                "/c/ironclaw.tgz",
                "--namespace",
                "claw-machine",
                "--no-hooks",
                "--set",
                "persistence.size=20Gi"
            ]
        );
        assert_eq!(
            strings(uninstall(REL)),
            ["uninstall", "pico", "--namespace", "claw-machine"]
        );
        assert_eq!(
            strings(version()),
            ["version", "--template", "{{.Version}}"]
        );
    }

    #[test]
    fn rollback_argv_names_the_revision_and_waits_when_asked() {
        assert_eq!(
            strings(rollback(REL, 4, WaitArgs::default())),
            ["rollback", "pico", "4", "--namespace", "claw-machine"]
        );
        let wait = WaitArgs {
            wait: true,
            timeout: Some(Duration::from_secs(120)),
        };
        assert_eq!(
            strings(rollback(REL, 12, wait)),
            [
                "rollback",
                "pico",
                "12",
                "--namespace",
                "claw-machine",
                "--wait",
                "--timeout",
                "2m"
            ]
        );
    }
}
