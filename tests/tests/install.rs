//! The README's install command on a copy of the checkout, as a user runs it: with and without
//! CARGO_TARGET_DIR, into a HOME that looks like a user's, with real Helm 3 and Helm 4. The
//! plugin must survive the checkout being deleted, and running the test binaries afterwards (as
//! that user) must leave everything installed byte-for-byte as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use claw_tests::bins::{self, Output};

/// A directory holding `helm` (the given real Helm), for a user's PATH.
fn helm_on_path(dir: &Path, version: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let link = dir.join("helm");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(bins::tool(version), &link).unwrap();
    dir.to_path_buf()
}

/// `scripts/install.sh` in `checkout` for a user whose HOME is `home`, with `helm` first on PATH.
/// The release profile is made quick to build (no LTO, no optimisation): what is tested is where
/// things go, not how fast they run.
fn install(checkout: &Path, home: &Path, helm_dir: &Path, target_dir: Option<&Path>) -> Output {
    let mut c = Command::new(checkout.join("scripts/install.sh"));
    c.env_clear();
    let path = std::env::join_paths([helm_dir.to_path_buf()].into_iter().chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    c.env("PATH", path).env("HOME", home);
    for k in ["CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"] {
        if let Some(v) = std::env::var_os(k) {
            c.env(k, v);
        }
    }
    if std::env::var_os("CARGO_HOME").is_none() {
        // cargo would look under the user's (temporary) HOME; keep the toolchain's registry.
        if let Some(real) = std::env::var_os("HOME") {
            c.env("CARGO_HOME", Path::new(&real).join(".cargo"));
            c.env("RUSTUP_HOME", Path::new(&real).join(".rustup"));
        }
    }
    for (k, v) in [
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
        ("CARGO_PROFILE_RELEASE_STRIP", "false"),
    ] {
        c.env(k, v);
    }
    if let Some(t) = target_dir {
        c.env("CARGO_TARGET_DIR", t);
    }
    c.current_dir(checkout).stdin(Stdio::null());
    bins::run(&mut c)
}

/// `helm ARGS` as the user of `home` runs it: Helm's default directories under that HOME.
fn user_helm(version: &str, home: &Path, args: &[&str]) -> Output {
    let mut c = bins::clean_command(bins::tool(version), home);
    c.args(args);
    bins::run(&mut c)
}

/// sha256 of every file under `dir` (symlinks by their target path), keyed by relative path.
fn checksums(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, format!("-> {}", target.display()));
            } else if meta.is_dir() {
                walk(root, &path, out);
            } else {
                let sum = bins::output(Command::new("sha256sum").arg(&path));
                out.insert(
                    rel,
                    String::from_utf8_lossy(&sum.stdout)
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The newest test binary of integration test `name`, as cargo built it for this run.
fn test_binary(name: &str) -> PathBuf {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::read_dir(&deps)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            file.starts_with(&format!("{name}-")) && p.extension().is_none()
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| panic!("no test binary {name}-* in {}", deps.display()))
}

#[test]
fn install_command_works_with_any_target_dir_and_outlives_the_checkout() {
    let work = tempfile::tempdir().unwrap();
    let checkout = work.path().join("claw");
    let home = work.path().join("user");
    let target = work.path().join("elsewhere");
    std::fs::create_dir_all(&home).unwrap();
    bins::copy_checkout(&checkout);

    // 1. CARGO_TARGET_DIR set (as many Rust users have it), Helm 4 on the PATH.
    let helm4_dir = helm_on_path(&work.path().join("helm4-bin"), "helm4");
    let out = install(&checkout, &home, &helm4_dir, Some(&target));
    assert_eq!(out.code, 0, "install with CARGO_TARGET_DIR:\n{}", out.all());
    assert!(
        target.join("release/helm-claw").is_file(),
        "built where cargo was told"
    );
    assert!(
        !checkout.join("target").exists(),
        "nothing built in the checkout"
    );
    for bin in ["kubectl-claw", "helm-claw", "kubectl_complete-claw"] {
        assert!(home.join(".local/bin").join(bin).is_file(), "{bin}");
    }
    let plugin = home.join(".local/share/helm/plugins/claw");
    let meta = std::fs::symlink_metadata(&plugin).expect("the Helm plugin is installed");
    assert!(
        meta.is_dir() && !meta.file_type().is_symlink(),
        "a copy, not a link into the checkout"
    );
    assert!(plugin.join("bin/helm-claw").is_file());

    // 2. Plain: cargo builds in the checkout's target/ (here a link to the build above, so the
    // second run does not compile everything again), Helm 3 on the PATH.
    std::os::unix::fs::symlink(&target, checkout.join("target")).unwrap();
    let helm3_dir = helm_on_path(&work.path().join("helm3-bin"), "helm3");
    let out = install(&checkout, &home, &helm3_dir, None);
    assert_eq!(out.code, 0, "plain install:\n{}", out.all());
    assert!(
        out.stdout.contains(&format!("{}", plugin.display())),
        "{}",
        out.all()
    );

    // 3. The checkout and its build go away; everything installed keeps working.
    std::fs::remove_dir_all(&checkout).unwrap();
    std::fs::remove_dir_all(&target).unwrap();
    for version in ["helm3", "helm4"] {
        let out = user_helm(version, &home, &["claw", "version"]);
        assert_eq!(out.code, 0, "{version} claw version:\n{}", out.all());
        assert!(
            out.stdout.starts_with("helm claw "),
            "{version}: {}",
            out.stdout
        );
        let out = user_helm(version, &home, &["plugin", "list"]);
        assert!(out.stdout.contains("claw"), "{version}: {}", out.all());
    }
    let mut c = bins::clean_command(home.join(".local/bin/kubectl-claw"), &home);
    let out = bins::run(c.arg("version"));
    assert!(out.stdout.starts_with("kubectl claw "), "{}", out.all());

    // 4. Running the test binaries that install plugins and run Helm, as that user (HOME and
    // PATH theirs, nothing cleared), leaves the installation byte-identical.
    let before = checksums(&home);
    for name in ["completion", "charts"] {
        let mut c = Command::new(test_binary(name));
        c.env("HOME", &home)
            .env(
                "PATH",
                std::env::join_paths(
                    [helm4_dir.clone(), home.join(".local/bin")]
                        .into_iter()
                        .chain(std::env::split_paths(
                            &std::env::var_os("PATH").unwrap_or_default(),
                        )),
                )
                .unwrap(),
            )
            .args(["--test-threads", "2"])
            .stdin(Stdio::null());
        let out = bins::run(&mut c);
        assert_eq!(out.code, 0, "{name} as the user:\n{}", out.all());
    }
    let after = checksums(&home);
    assert_eq!(
        before, after,
        "the user's installed plugins, binaries and settings are untouched"
    );
}
