//! Running the real things: our plugin binaries (built by the test command before the tests
//! run), and the real helm and kubectl fetched into `.tools/` by scripts/fetch-tools.sh.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The directory cargo put this test binary's siblings in (target/<profile>).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let deps = exe.parent().expect("deps dir");
    deps.parent().expect("profile dir").to_path_buf()
}

/// `kubectl-claw` or `helm-claw`, as built by `cargo build --workspace --bins`.
pub fn plugin(name: &str) -> PathBuf {
    let p = target_dir().join(name);
    assert!(
        p.is_file(),
        "{} is not built: run the test command from the README (scripts/test), which builds the plugins first",
        p.display()
    );
    p
}

/// The files git tracks, copied as they are in the working tree: a fresh clone of this checkout.
pub fn copy_checkout(dest: &Path) {
    let root = workspace_root();
    let listed = output(
        Command::new("git")
            .args(["ls-files", "-z"])
            .current_dir(&root),
    );
    assert!(listed.status.success(), "git ls-files failed");
    for rel in listed.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let rel = String::from_utf8_lossy(rel).into_owned();
        let from = root.join(&rel);
        if !from.exists() {
            continue; // deleted in the working tree, not yet committed
        }
        let to = dest.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        if let Ok(target) = std::fs::read_link(&from) {
            // A link stays a link, as git checks it out (each chart's charts/claw-bot).
            std::os::unix::fs::symlink(target, &to).unwrap();
            continue;
        }
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {rel}: {e}"));
    }
}

/// A real tool from `.tools/` (helm3, helm4, kubectl).
pub fn tool(name: &str) -> PathBuf {
    let p = workspace_root().join(".tools").join(name);
    assert!(
        p.is_file(),
        "{} is missing: run scripts/fetch-tools.sh (the test command does)",
        p.display()
    );
    p
}

#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Everything the process printed, for "this secret appears nowhere" checks.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// A command with a clean environment: only PATH (plugins first) and a throwaway HOME, so the
/// developer's own kubeconfig or Helm settings can never leak into a test.
pub fn clean_command(program: impl AsRef<OsStr>, home: &Path) -> Command {
    let mut c = Command::new(program);
    c.env_clear();
    let path = std::env::join_paths(
        [target_dir(), workspace_root().join(".tools")]
            .into_iter()
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .unwrap();
    c.env("PATH", path).env("HOME", home);
    c.stdin(Stdio::null());
    c
}

/// How long any one child process may run before the test kills it and fails: far above what
/// any of them needs (the slowest is a release build in the install test), so only a hang
/// reaches it, and a hang fails the test instead of blocking the suite.
pub const PROCESS_DEADLINE: Duration = Duration::from_secs(900);

/// Runs `cmd` to its end (stdin closed, stdout and stderr captured), bounded by
/// [`PROCESS_DEADLINE`]: a child still running then is killed and the test fails.
pub fn output(cmd: &mut Command) -> std::process::Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {}: {e}", describe(cmd)));
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(PROCESS_DEADLINE) {
        Ok(out) => out.unwrap_or_else(|e| panic!("wait for {}: {e}", describe(cmd))),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!(
                "{} did not finish within {PROCESS_DEADLINE:?}",
                describe(cmd)
            );
        }
    }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn run(cmd: &mut Command) -> Output {
    let out = output(cmd);
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A real Helm (`helm3` or `helm4`) whose every directory (config, data, cache, plugins) lives
/// under `home`: nothing it installs or caches can reach the user's Helm.
pub fn helm_command(version: &str, home: &Path) -> Command {
    let mut c = clean_command(tool(version), home);
    c.env("HELM_CONFIG_HOME", home.join("helm-config"))
        .env("HELM_DATA_HOME", home.join("helm-data"))
        .env("HELM_CACHE_HOME", home.join("helm-cache"));
    c
}

/// Installs the Helm plugin into the Helm of `home` as the install command does (a copy made by
/// scripts/helm-plugin-install.sh), with the helm-claw this test run built.
pub fn install_helm_plugin(version: &str, home: &Path) -> Output {
    let helm = helm_command(version, home);
    let mut c = Command::new(workspace_root().join("scripts/helm-plugin-install.sh"));
    c.env_clear();
    for (k, v) in helm.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.arg(tool(version)).arg(plugin("helm-claw"));
    c.stdin(Stdio::null());
    run(&mut c)
}

/// The Helm plugin as `helm plugin install` would lay it out in `dir` (plugin.yaml,
/// plugin.complete), its `bin/helm-claw` a link to the one this test run built: for tests that
/// run `helm claw …` through a real Helm, without copying the binary each time.
pub fn link_helm_plugin(dir: &Path) {
    std::fs::create_dir_all(dir.join("bin")).expect("plugin dir");
    for file in ["plugin.yaml", "plugin.complete"] {
        std::fs::copy(workspace_root().join(file), dir.join(file)).expect("copy plugin file");
    }
    std::os::unix::fs::symlink(plugin("helm-claw"), dir.join("bin/helm-claw")).expect("link");
}

/// The version of the charts this build embeds (they are all stamped alike), read from
/// charts/clawmachine/Chart.yaml.
pub fn embedded_version() -> String {
    let text = std::fs::read_to_string(workspace_root().join("charts/clawmachine/Chart.yaml"))
        .expect("charts/clawmachine/Chart.yaml");
    text.lines()
        .find_map(|l| l.strip_prefix("version:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("a version line")
}
