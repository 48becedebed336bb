//! Distribution: the release artifacts of scripts/dist (the krew archive and manifest, the Helm
//! plugin archive, SHA256SUMS, a provenance file when signed), and each way an operator installs
//! claw from them or from a checkout, with the real Helm 3 and Helm 4 and the real kubectl of
//! `.tools/`, each install then run against the fake API server. krew itself cannot be had here
//! (no release download site is reachable), so its install is done as krew does it, from the
//! manifest, and the manifest is held to krew's own validation rules.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use claw_tests::bins::{self, Output};
use claw_tests::repos::HttpRepo;
use claw_tests::{Harness, json_of};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn krew_archive() -> String {
    format!("kubectl-claw_v{VERSION}_linux_amd64.tar.gz")
}

fn helm_archive() -> String {
    format!("helm-claw_v{VERSION}_linux_amd64.tgz")
}

/// The folder inside the Helm plugin archive (Helm 4 wants it named after the archive).
fn helm_folder() -> String {
    format!("helm-claw_v{VERSION}_linux_amd64")
}

/// Stripped copies of the debug plugins this run built: the real programs, small enough to pack
/// and install quickly. scripts/dist takes them through CLAW_BIN_DIR instead of building.
fn stripped_bins() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = bins::target_dir().join("dist-test/bin");
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["kubectl-claw", "helm-claw"] {
            let out = bins::run(
                Command::new("strip")
                    .arg("-o")
                    .arg(dir.join(name))
                    .arg(bins::plugin(name)),
            );
            assert_eq!(out.code, 0, "strip {name}: {}", out.all());
        }
        dir
    })
}

/// `scripts/dist` into `dir`, packing the stripped plugins, with `env` added.
fn dist(dir: &Path, env: &[(&str, &OsStr)]) -> Output {
    let mut c = Command::new(bins::workspace_root().join("scripts/dist"));
    c.env("CLAW_BIN_DIR", stripped_bins()).env("DIST_DIR", dir);
    for k in ["SIGN_KEY", "SOURCE_DATE_EPOCH", "BASE_URI", "GNUPGHOME"] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    bins::run(&mut c)
}

/// The unsigned artifacts, made once per run and shared (read-only) by the tests.
fn shared_dist() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = bins::target_dir().join("dist-test/dist");
        let _ = std::fs::remove_dir_all(&dir);
        let out = dist(&dir, &[]);
        assert_eq!(out.code, 0, "scripts/dist: {}", out.all());
        dir
    })
}

fn sha256(path: &Path) -> String {
    let out = bins::run(Command::new("sha256sum").arg(path));
    assert_eq!(out.code, 0, "sha256sum {}: {}", path.display(), out.all());
    out.stdout.split_whitespace().next().unwrap().to_string()
}

/// An archive's entries as `tar -tv` lists them: (mode, owner, date and time, name).
fn listing(archive: &Path) -> Vec<(String, String, String, String)> {
    let out = bins::run(
        Command::new("tar")
            .args(["--numeric-owner", "-tvzf"])
            .arg(archive),
    );
    assert_eq!(out.code, 0, "tar: {}", out.all());
    out.stdout
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                format!("{} {}", f[3], f[4]),
                f[5..].join(" "),
            )
        })
        .collect()
}

/// One member of a gzipped tar archive.
fn member(archive: &Path, name: &str) -> Vec<u8> {
    let out = bins::output(Command::new("tar").arg("-xzOf").arg(archive).arg(name));
    assert!(out.status.success(), "{name} in {}", archive.display());
    out.stdout
}

#[test]
fn dist_makes_the_same_bytes_twice_and_each_archive_holds_what_it_should() {
    let first = shared_dist();
    let again = tempfile::tempdir().unwrap();
    let out = dist(again.path(), &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    for name in [krew_archive(), helm_archive(), "claw.yaml".into()] {
        assert!(
            std::fs::read(first.join(&name)).unwrap()
                == std::fs::read(again.path().join(&name)).unwrap(),
            "{name} differs between two runs on the same commit"
        );
    }
    let sums = std::fs::read_to_string(first.join("SHA256SUMS")).unwrap();
    assert_eq!(
        sums,
        std::fs::read_to_string(again.path().join("SHA256SUMS")).unwrap()
    );
    let listed: Vec<&str> = sums
        .lines()
        .map(|l| l.split("  ").nth(1).unwrap())
        .collect();
    assert_eq!(listed, [krew_archive(), "claw.yaml".into(), helm_archive()]);
    let check = bins::run(
        Command::new("sha256sum")
            .arg("-c")
            .arg("SHA256SUMS")
            .current_dir(first),
    );
    assert_eq!(check.code, 0, "{}", check.all());
    assert_eq!(out.stdout.lines().count(), 4, "{}", out.stdout);

    // krew's archive: the binary, kubectl's completion shim, the README and the licence, flat.
    let krew = listing(&first.join(krew_archive()));
    let names: Vec<&str> = krew.iter().map(|e| e.3.as_str()).collect();
    assert_eq!(
        names,
        [
            "LICENSE",
            "README.md",
            "kubectl-claw",
            "kubectl_complete-claw"
        ]
    );
    assert_eq!(
        member(&first.join(krew_archive()), "kubectl-claw"),
        std::fs::read(stripped_bins().join("kubectl-claw")).unwrap()
    );

    // Helm's: the plugin in a folder named after the archive (Helm 4's file install), and at the
    // root a plugin.yaml and plugin.complete that run the binary in that folder (Helm 3's URL
    // install); folders before their files (Helm 3's extractor makes no parent folders).
    let folder = helm_folder();
    let helm = listing(&first.join(helm_archive()));
    let names: Vec<&str> = helm.iter().map(|e| e.3.as_str()).collect();
    assert_eq!(
        names,
        [
            format!("{folder}/"),
            format!("{folder}/LICENSE"),
            format!("{folder}/bin/"),
            format!("{folder}/bin/helm-claw"),
            format!("{folder}/plugin.complete"),
            format!("{folder}/plugin.yaml"),
            "plugin.complete".into(),
            "plugin.yaml".into(),
        ]
    );
    let modes: Vec<&str> = helm.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        modes,
        [
            "drwxr-xr-x",
            "-rw-r--r--",
            "drwxr-xr-x",
            "-rwxr-xr-x",
            "-rwxr-xr-x",
            "-rw-r--r--",
            "-rwxr-xr-x",
            "-rw-r--r--"
        ]
    );
    for entry in krew.iter().chain(&helm) {
        assert_eq!(entry.1, "0/0", "{entry:?}");
        assert_eq!(entry.2, helm[0].2, "one date for every entry: {entry:?}");
    }
    let archive = first.join(helm_archive());
    let root = bins::workspace_root();
    assert_eq!(
        member(&archive, &format!("{folder}/plugin.yaml")),
        std::fs::read(root.join("plugin.yaml")).unwrap()
    );
    assert_eq!(
        member(&archive, &format!("{folder}/bin/helm-claw")),
        std::fs::read(stripped_bins().join("helm-claw")).unwrap()
    );
    let top = String::from_utf8(member(&archive, "plugin.yaml")).unwrap();
    assert!(
        top.contains(&format!(
            "command: \"$HELM_PLUGIN_DIR/{folder}/bin/helm-claw\""
        )),
        "{top}"
    );
    assert!(!top.contains("\"$HELM_PLUGIN_DIR/bin/"), "{top}");

    // Bad input is one line and exit 2.
    let empty = tempfile::tempdir().unwrap();
    let mut c = Command::new(root.join("scripts/dist"));
    c.env("CLAW_BIN_DIR", empty.path())
        .env("DIST_DIR", again.path());
    let out = bins::run(&mut c);
    assert_eq!(out.code, 2, "{}", out.all());
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.starts_with("dist: "), "{}", out.stderr);
}

fn read_manifest(path: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `script` with `sh -c` in the shell of the user of `home` (and KREW_ROOT, when given).
fn sh(home: &Path, path: &[PathBuf], krew: Option<&Path>, script: &str) {
    let mut c = bins::clean_command("sh", home);
    c.env("PATH", joined(path)).args(["-c", script]);
    if let Some(root) = krew {
        c.env("KREW_ROOT", root);
    }
    let out = bins::run(&mut c);
    assert_eq!(out.code, 0, "{script}: {}", out.all());
}

/// What krew would refuse in the manifest at `path`, or find wrong with the archives it names
/// (looked for beside it): krew's structural rules (its index validation: apiVersion, kind, a
/// safe name matching the file's, a one-line shortDescription, a `v` semver version, and per
/// platform a uri, a 64-hex sha256, bin, files with from and to, a selector on os/arch only),
/// then what its install checks: the archive's sha256, and that `files` and `bin` are in it.
fn krew_problems(path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let text = std::fs::read_to_string(path).unwrap();
    let m: serde_json::Value = match serde_saphyr::from_str(&text) {
        Ok(m) => m,
        Err(e) => return vec![format!("not YAML: {e}")],
    };
    let mut want = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    want(
        m["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2",
        format!("apiVersion {}", m["apiVersion"]),
    );
    want(m["kind"] == "Plugin", format!("kind {}", m["kind"]));
    let name = m["metadata"]["name"].as_str().unwrap_or_default();
    let stem = path.file_stem().unwrap().to_string_lossy();
    want(
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && name == stem,
        format!("metadata.name {name:?} (file {stem})"),
    );
    let spec = &m["spec"];
    let short = spec["shortDescription"].as_str().unwrap_or_default();
    want(
        !short.is_empty() && !short.contains(['\r', '\n']),
        format!("shortDescription {short:?}"),
    );
    let version = spec["version"].as_str().unwrap_or_default();
    want(
        version
            .strip_prefix('v')
            .is_some_and(|v| semver::Version::parse(v).is_ok()),
        format!("spec.version {version:?}: krew wants v and a semantic version"),
    );
    let platforms = spec["platforms"].as_array().cloned().unwrap_or_default();
    want(!platforms.is_empty(), "no platforms".into());
    for p in &platforms {
        let uri = p["uri"].as_str().unwrap_or_default();
        let sum = p["sha256"].as_str().unwrap_or_default();
        let bin = p["bin"].as_str().unwrap_or_default();
        want(!uri.is_empty(), format!("platform without uri: {p}"));
        want(
            sum.len() == 64 && sum.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
            format!("sha256 {sum:?} is not 64 lowercase hex digits"),
        );
        want(!bin.is_empty(), format!("platform without bin: {p}"));
        let files = p["files"].as_array();
        want(
            files.is_none_or(|f| {
                !f.is_empty()
                    && f.iter().all(|op| {
                        op["from"].as_str().is_some_and(|s| !s.is_empty())
                            && op["to"].as_str().is_some_and(|s| !s.is_empty())
                    })
            }),
            format!("files must be absent or each have from and to: {p}"),
        );
        let labels = p["selector"]["matchLabels"].as_object();
        want(
            labels.is_some_and(|l| !l.is_empty() && l.keys().all(|k| k == "os" || k == "arch")),
            format!("selector must match on os and arch only: {}", p["selector"]),
        );

        let archive = path.with_file_name(uri.rsplit('/').next().unwrap_or_default());
        if !archive.is_file() {
            want(
                false,
                format!("{} (from uri {uri}) is missing", archive.display()),
            );
            continue;
        }
        let actual = sha256(&archive);
        want(
            actual == sum,
            format!(
                "sha256 of {} is {actual}, the manifest says {sum}",
                archive.display()
            ),
        );
        let contents: Vec<String> = listing(&archive).into_iter().map(|e| e.3).collect();
        for op in files.into_iter().flatten() {
            let from = op["from"].as_str().unwrap_or_default().to_string();
            want(
                contents.contains(&from),
                format!("files.from {from} is not in the archive"),
            );
        }
        want(
            contents.iter().any(|c| c == bin),
            format!("bin {bin} is not in the archive"),
        );
    }
    problems
}

#[test]
fn the_krew_manifest_passes_krews_checks_against_its_archive() {
    let d = shared_dist();
    assert_eq!(krew_problems(&d.join("claw.yaml")), Vec::<String>::new());
    let m = read_manifest(&d.join("claw.yaml"));
    assert_eq!(m["spec"]["version"], format!("v{VERSION}"));
    let platform = &m["spec"]["platforms"][0];
    assert_eq!(
        platform["uri"],
        format!(
            "https://github.com/claw-project/claw/releases/download/v{VERSION}/{}",
            krew_archive()
        )
    );
    assert_eq!(platform["bin"], "kubectl-claw");
    assert_eq!(
        m["spec"]["platforms"].as_array().unwrap().len(),
        1,
        "only the platform built here; the others are templates (comments)"
    );
    let caveats = m["spec"]["caveats"].as_str().unwrap();
    assert!(
        !caveats.contains("installs beside") && caveats.contains("krew puts only"),
        "the caveats say what krew does not do: {caveats}"
    );
}

#[test]
fn the_manifest_check_fails_on_a_changed_archive_and_on_bad_fields() {
    let d = shared_dist();
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("claw.yaml");
    let archive = dir.path().join(krew_archive());
    let text = std::fs::read_to_string(d.join("claw.yaml")).unwrap();
    std::fs::write(&manifest, &text).unwrap();
    std::fs::copy(d.join(krew_archive()), &archive).unwrap();
    assert!(krew_problems(&manifest).is_empty());

    // One byte more in the archive: its sha256 no longer matches the manifest's.
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.push(0);
    std::fs::write(&archive, &bytes).unwrap();
    let problems = krew_problems(&manifest);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("the manifest says"), "{problems:?}");
    std::fs::copy(d.join(krew_archive()), &archive).unwrap();

    for (from, to, what) in [
        (
            format!("version: v{VERSION}"),
            format!("version: {VERSION}"),
            "spec.version",
        ),
        (
            "shortDescription: See and run ClawMachine and its bots".into(),
            "shortDescription: \"See and run\\nClawMachine\"".into(),
            "shortDescription",
        ),
        (
            "          arch: amd64".into(),
            "          distro: debian".into(),
            "selector",
        ),
        (
            "  name: claw".into(),
            "  name: claw2".into(),
            "metadata.name",
        ),
        (
            "      bin: kubectl-claw".into(),
            "      bin: kubectl-clawd".into(),
            "bin kubectl-clawd",
        ),
    ] {
        assert!(text.contains(&from), "{from}");
        std::fs::write(&manifest, text.replacen(&from, &to, 1)).unwrap();
        let problems = krew_problems(&manifest);
        assert!(
            problems.iter().any(|p| p.contains(what)),
            "{what}: {problems:?}"
        );
    }
}

/// The caller's PATH less every directory that holds one of claw's programs (a developer may have
/// them installed) and, with `no_cargo`, cargo: the shell of a user installing claw afresh.
fn user_path(no_cargo: bool) -> Vec<PathBuf> {
    let mut hidden = vec!["kubectl-claw", "helm-claw", "kubectl_complete-claw", "helm"];
    if no_cargo {
        hidden.push("cargo");
    }
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| d.is_absolute() && !hidden.iter().any(|p| d.join(p).exists()))
        .collect()
}

fn joined(dirs: &[PathBuf]) -> std::ffi::OsString {
    std::env::join_paths(dirs).unwrap()
}

/// The real kubectl, finding plugins on `path` only (and KREW_ROOT, when given).
fn kubectl(
    h: &Harness,
    home: &Path,
    path: &[PathBuf],
    krew: Option<&Path>,
    args: &[&str],
) -> Output {
    let mut c = bins::clean_command(bins::tool("kubectl"), home);
    c.env("PATH", joined(path))
        .env("KUBECONFIG", &h.kubeconfig)
        .args(args);
    if let Some(root) = krew {
        c.env("KREW_ROOT", root);
    }
    bins::run(&mut c)
}

/// `kubectl claw doctor`'s `kubectl-completion` finding, as (result, message, fix).
fn completion_finding(
    h: &Harness,
    home: &Path,
    path: &[PathBuf],
    krew: Option<&Path>,
) -> (String, String, String) {
    let out = kubectl(h, home, path, krew, &["claw", "doctor", "-o", "json"]);
    let doc = json_of(&out);
    let found: Vec<&serde_json::Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"] == "kubectl-completion")
        .collect();
    assert_eq!(found.len(), 1, "{doc:#}");
    let s = |k: &str| found[0][k].as_str().unwrap_or_default().to_string();
    (s("result"), s("message"), s("fix"))
}

/// Completing `kubectl claw ` offers claw's subcommands.
fn kubectl_completes(h: &Harness, home: &Path, path: &[PathBuf]) -> bool {
    let out = kubectl(h, home, path, None, &["__complete", "claw", ""]);
    let names: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    out.code == 0 && names.contains(&"doctor") && names.contains(&"status")
}

/// `kubectl krew install --manifest=M --archive=A` as krew does it (krew cannot be had here): the
/// archive's sha256 checked against the manifest, the archive unpacked, each `files` entry moved
/// into $KREW_ROOT/store/NAME/VERSION, and `bin` linked (relatively) as $KREW_ROOT/bin/kubectl-NAME.
fn krew_install(manifest: &Path, archive: &Path, root: &Path) {
    let m = read_manifest(manifest);
    let platform = &m["spec"]["platforms"][0];
    assert_eq!(
        sha256(archive),
        platform["sha256"].as_str().unwrap(),
        "krew checks the sha256"
    );
    let staging = tempfile::tempdir().unwrap();
    let out = bins::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(archive)
            .arg("-C")
            .arg(staging.path()),
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let name = m["metadata"]["name"].as_str().unwrap();
    let store = root
        .join("store")
        .join(name)
        .join(m["spec"]["version"].as_str().unwrap());
    std::fs::create_dir_all(&store).unwrap();
    for op in platform["files"].as_array().unwrap() {
        let from = op["from"].as_str().unwrap();
        assert!(
            !from.contains(['*', '?', '[']),
            "this emulation takes plain names: {from}"
        );
        let to = store.join(op["to"].as_str().unwrap()).join(from);
        std::fs::rename(staging.path().join(from), to).unwrap();
    }
    std::fs::create_dir_all(root.join("bin")).unwrap();
    let target = Path::new("../store")
        .join(name)
        .join(m["spec"]["version"].as_str().unwrap())
        .join(platform["bin"].as_str().unwrap());
    std::os::unix::fs::symlink(target, root.join("bin").join(format!("kubectl-{name}"))).unwrap();
}

#[test]
fn krew_installs_kubectl_claw_and_doctor_and_the_caveats_give_the_completion_step() {
    let d = shared_dist();
    let h = Harness::recorded();
    let work = tempfile::tempdir().unwrap();
    let home = work.path().join("home");
    let root = work.path().join("krew");
    std::fs::create_dir_all(&home).unwrap();
    krew_install(&d.join("claw.yaml"), &d.join(krew_archive()), &root);
    let mut path = vec![root.join("bin"), bins::workspace_root().join(".tools")];
    path.extend(user_path(false));

    let out = kubectl(&h, &home, &path, Some(&root), &["claw", "version"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.starts_with(&format!("kubectl claw {VERSION}")),
        "{}",
        out.stdout
    );
    let out = kubectl(
        &h,
        &home,
        &path,
        Some(&root),
        &["claw", "status", "-o", "json"],
    );
    assert_eq!(json_of(&out)["kind"], "Status", "{}", out.all());

    // krew linked only the binary: completion finds no shim, and doctor says the one step.
    assert!(!kubectl_completes(&h, &home, &path));
    let (result, message, fix) = completion_finding(&h, &home, &path, Some(&root));
    assert_eq!(result, "WARN", "{message}");
    assert!(
        message.contains("krew links only kubectl-claw"),
        "{message}"
    );
    let store = root.join(format!("store/claw/v{VERSION}"));
    assert_eq!(
        fix,
        format!(
            "cp {}/kubectl_complete-claw {}/",
            store.display(),
            root.join("bin").display()
        )
    );

    // The caveats' command, as a krew user would paste it, does exactly that.
    let m = read_manifest(&d.join("claw.yaml"));
    let caveats = m["spec"]["caveats"].as_str().unwrap();
    let step = caveats
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("cp "))
        .unwrap_or_else(|| panic!("no command in the caveats: {caveats}"));
    sh(&home, &path, Some(&root), step);
    assert!(kubectl_completes(&h, &home, &path), "after: {step}");
    let (result, message, _) = completion_finding(&h, &home, &path, Some(&root));
    assert_eq!(result, "PASS", "{message}");
    assert!(message.contains(&root.join("bin/kubectl_complete-claw").display().to_string()));
}

#[test]
fn doctor_writes_the_completion_shim_beside_a_plain_kubectl_claw() {
    let h = Harness::recorded();
    let work = tempfile::tempdir().unwrap();
    let home = work.path().join("home");
    let bin = work.path().join("my bin");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(
        stripped_bins().join("kubectl-claw"),
        bin.join("kubectl-claw"),
    )
    .unwrap();
    let mut path = vec![bin.clone(), bins::workspace_root().join(".tools")];
    path.extend(user_path(false));

    let (result, _, fix) = completion_finding(&h, &home, &path, None);
    assert_eq!(result, "WARN");
    assert!(
        fix.contains("'") && fix.contains("my bin/kubectl_complete-claw"),
        "{fix}"
    );
    sh(&home, &path, None, &fix);
    assert!(kubectl_completes(&h, &home, &path), "after: {fix}");
    assert_eq!(completion_finding(&h, &home, &path, None).0, "PASS");
}

/// A user's Helm: every Helm directory under `home`, plugins found through `path`.
fn helm(version: &str, home: &Path, path: &[PathBuf], h: &Harness, args: &[&str]) -> Output {
    let mut c = bins::helm_command(version, home);
    c.env("PATH", joined(path))
        .env("KUBECONFIG", &h.kubeconfig)
        .args(args);
    bins::run(&mut c)
}

/// The installed plugin runs: `helm claw version` and `helm claw status` against the fake server.
fn plugin_runs(version: &str, home: &Path, path: &[PathBuf], h: &Harness, how: &str) {
    let out = helm(version, home, path, h, &["claw", "version"]);
    assert_eq!(
        out.code,
        0,
        "{version} {how}: helm claw version: {}",
        out.all()
    );
    assert!(
        out.stdout.starts_with(&format!("helm claw {VERSION}")),
        "{version} {how}: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains("v1.36.2"),
        "{version} {how}: the server's version: {}",
        out.stdout
    );
    let out = helm(version, home, path, h, &["claw", "status", "-o", "json"]);
    assert_eq!(
        json_of(&out)["kind"],
        "Status",
        "{version} {how}: {}",
        out.all()
    );
    let out = helm(version, home, path, h, &["claw", "status"]);
    assert!(
        out.stdout.contains("clawmachine"),
        "{version} {how}: helm claw status: {}",
        out.all()
    );
}

/// Every file and folder in the Helm directories of `home` (config, data with the plugins, cache
/// with the downloads) whose path names claw: after an uninstall, none. (claw's own release
/// cache, beside them in HOME, belongs to kubectl claw as much as to helm claw, and stays.)
fn traces(home: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            if rel.contains("claw") {
                out.push(rel);
            }
            if std::fs::symlink_metadata(&p).unwrap().is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["helm-config", "helm-data", "helm-cache"] {
        walk(home, &home.join(dir), &mut out);
    }
    out
}

/// Uninstalls the plugin and checks that nothing of it is left in that Helm's directories.
fn uninstall_leaves_no_trace(version: &str, home: &Path, path: &[PathBuf], h: &Harness, how: &str) {
    assert!(
        !traces(home).is_empty(),
        "{version} {how}: the plugin is to be seen in Helm's directories first"
    );
    let out = helm(version, home, path, h, &["plugin", "uninstall", "claw"]);
    assert_eq!(out.code, 0, "{version} {how}: uninstall: {}", out.all());
    let out = helm(version, home, path, h, &["plugin", "list"]);
    assert!(
        !out.stdout.contains("claw"),
        "{version} {how}: {}",
        out.stdout
    );
    assert_eq!(
        traces(home),
        Vec::<String>::new(),
        "{version} {how}: left behind"
    );
}

#[test]
fn helm_3_and_4_install_the_plugin_archive_from_a_url() {
    let d = shared_dist();
    let h = Harness::recorded();
    let server = HttpRepo::start(d);
    let url = format!("{}/{}", server.url, helm_archive());
    let mut path = vec![bins::workspace_root().join(".tools")];
    path.extend(user_path(false));
    for version in ["helm3", "helm4"] {
        let home = tempfile::tempdir().unwrap();
        let home = home.path();
        // Helm 4 checks signatures by default; this archive is not signed.
        let mut install = vec!["plugin", "install", url.as_str()];
        if version == "helm4" {
            install.push("--verify=false");
        }
        // Twice: Helm 3 cannot install the same URL again while its download is cached, which
        // the plugin's delete hook removes.
        for round in ["first", "again"] {
            let how = format!("URL, {round}");
            let out = helm(version, home, &path, &h, &install);
            assert_eq!(out.code, 0, "{version} {how}: {}", out.all());
            assert!(
                out.stdout.contains("Installed plugin: claw"),
                "{}",
                out.stdout
            );
            plugin_runs(version, home, &path, &h, &how);

            // Helm updates only git checkouts: a clean refusal, the plugin untouched.
            let out = helm(version, home, &path, &h, &["plugin", "update", "claw"]);
            assert_ne!(out.code, 0, "{version}: {}", out.all());
            assert!(
                out.stderr
                    .contains("cannot get information about plugin source"),
                "{version}: {}",
                out.stderr
            );
            plugin_runs(version, home, &path, &h, &format!("{how}, after update"));
            uninstall_leaves_no_trace(version, home, &path, &h, &how);
        }
    }
}

/// A throwaway gpg home with two signing keys (the project's and a stranger's); its agent is
/// stopped when dropped.
struct Gpg {
    home: tempfile::TempDir,
}

impl Gpg {
    const SIGNER: &str = "claw-release-test@example.invalid";
    const STRANGER: &str = "stranger@example.invalid";

    fn new() -> Gpg {
        let home = tempfile::Builder::new().prefix("gpg").tempdir().unwrap();
        let g = Gpg { home };
        for who in [Self::SIGNER, Self::STRANGER] {
            let out = g.run(&[
                "--batch",
                "--passphrase",
                "",
                "--pinentry-mode",
                "loopback",
                "--quick-gen-key",
                &format!("throwaway <{who}>"),
                "ed25519",
                "sign",
                "never",
            ]);
            assert_eq!(out.code, 0, "gpg: {}", out.all());
        }
        g
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut c = bins::clean_command("gpg", self.home.path());
        c.arg("--homedir").arg(self.home.path()).args(args);
        bins::run(&mut c)
    }

    /// `who`'s public key, as a keyring file for `--keyring`.
    fn keyring(&self, who: &str, dest: &Path) -> PathBuf {
        let file = dest.join(format!("{who}.gpg"));
        let out = bins::output(
            Command::new("gpg")
                .arg("--homedir")
                .arg(self.home.path())
                .args(["--export", who]),
        );
        assert!(out.status.success() && !out.stdout.is_empty());
        std::fs::write(&file, out.stdout).unwrap();
        file
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = bins::run(
            Command::new("gpgconf")
                .arg("--homedir")
                .arg(self.home.path())
                .args(["--kill", "all"]),
        );
    }
}

#[test]
fn helm_4_verifies_a_signed_archive_and_installs_from_a_file() {
    let h = Harness::recorded();
    let gpg = Gpg::new();
    let signed = tempfile::tempdir().unwrap();
    let out = dist(
        signed.path(),
        &[
            ("SIGN_KEY", OsStr::new(Gpg::SIGNER)),
            ("GNUPGHOME", gpg.home.path().as_os_str()),
        ],
    );
    assert_eq!(out.code, 0, "signed dist: {}", out.all());
    let archive = signed.path().join(helm_archive());
    let prov = signed.path().join(format!("{}.prov", helm_archive()));
    let text = std::fs::read_to_string(&prov).unwrap();
    assert!(
        text.starts_with("-----BEGIN PGP SIGNED MESSAGE-----"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}: sha256:{}", helm_archive(), sha256(&archive))),
        "{text}"
    );
    let sums = std::fs::read_to_string(signed.path().join("SHA256SUMS")).unwrap();
    assert!(sums.contains(&format!("{}.prov", helm_archive())), "{sums}");
    assert_eq!(
        std::fs::read(&archive).unwrap(),
        std::fs::read(shared_dist().join(helm_archive())).unwrap(),
        "signing adds the .prov and leaves the archive as it was"
    );
    let keys = tempfile::tempdir().unwrap();
    let ours = gpg.keyring(Gpg::SIGNER, keys.path());
    let theirs = gpg.keyring(Gpg::STRANGER, keys.path());

    let mut path = vec![bins::workspace_root().join(".tools")];
    path.extend(user_path(false));
    let server = HttpRepo::start(signed.path());
    let url = format!("{}/{}", server.url, helm_archive());
    let file = archive.to_str().unwrap();
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    // Helm 4 verifies by default; --verify says so all the same.
    let install = |source: &str, keyring: &Path| {
        let keyring = keyring.to_str().unwrap();
        let args = [
            "plugin",
            "install",
            source,
            "--verify",
            "--keyring",
            keyring,
        ];
        helm("helm4", home, &path, &h, &args)
    };
    for (source, how) in [(file, "file"), (url.as_str(), "URL")] {
        let out = install(source, &ours);
        assert_eq!(out.code, 0, "signed {how}: {}", out.all());
        assert!(
            out.stdout.contains(&format!(
                "Plugin Hash Verified: sha256:{}",
                sha256(&archive)
            )),
            "{}",
            out.stdout
        );
        plugin_runs("helm4", home, &path, &h, &format!("signed {how}"));
        uninstall_leaves_no_trace("helm4", home, &path, &h, &format!("signed {how}"));

        // Signed by a key the keyring does not hold: refused, nothing installed.
        let out = install(source, &theirs);
        assert_ne!(
            out.code,
            0,
            "{how} with a stranger's keyring: {}",
            out.all()
        );
        assert!(out.stderr.contains("verification failed"), "{}", out.stderr);
        assert_eq!(traces(home), Vec::<String>::new(), "{how}");
    }

    // An unsigned archive: refused by default, installed with --verify=false.
    let unsigned = shared_dist().join(helm_archive());
    let unsigned = unsigned.to_str().unwrap();
    let out = helm("helm4", home, &path, &h, &["plugin", "install", unsigned]);
    assert_ne!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("no provenance file"), "{}", out.stderr);
    let out = helm(
        "helm4",
        home,
        &path,
        &h,
        &["plugin", "install", unsigned, "--verify=false"],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    plugin_runs("helm4", home, &path, &h, "unsigned file");
    uninstall_leaves_no_trace("helm4", home, &path, &h, "unsigned file");

    // Helm 3 has no install from an archive file (the README sends its users to a URL or a
    // checkout); this keeps that sentence true.
    let out = helm("helm3", home, &path, &h, &["plugin", "install", unsigned]);
    assert_ne!(out.code, 0, "{}", out.all());
    assert!(
        out.stderr.contains("expected plugin to be a folder"),
        "{}",
        out.stderr
    );
}

/// A `cargo` that records each call and, for `build`, puts the prebuilt helm-claw where cargo
/// would: the hook's build path without a release build. Returns its directory and its log.
fn fake_cargo(dir: &Path) -> (PathBuf, PathBuf) {
    let bin = dir.join("fake-cargo");
    let log = dir.join("cargo.log");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        r#"#!/bin/sh
printf '%s\n' "$*" >> '{log}'
case "$1" in
  metadata) printf '{{"target_directory":"%s/target"}}\n' "$(pwd -P)" ;;
  build) mkdir -p target/release && cp '{helm_claw}' target/release/helm-claw ;;
  *) echo "fake cargo: unexpected: $*" >&2; exit 1 ;;
esac
"#,
        log = log.display(),
        helm_claw = stripped_bins().join("helm-claw").display(),
    );
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    let out = bins::run(Command::new("chmod").arg("+x").arg(&cargo));
    assert_eq!(out.code, 0);
    (bin, log)
}

fn builds(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| *l == "build --release --locked --bin helm-claw")
        .count()
}

fn git(dir: &Path, home: &Path, args: &[&str]) {
    let mut c = bins::clean_command("git", home);
    c.args([
        "-c",
        "user.name=claw test",
        "-c",
        "user.email=claw-test@example.invalid",
    ])
    .args(args)
    .current_dir(dir);
    let out = bins::run(&mut c);
    assert_eq!(out.code, 0, "git {args:?}: {}", out.all());
}

#[test]
fn helm_3_and_4_install_a_checkout_building_it_in_the_hook_and_update_it_from_git() {
    let h = Harness::recorded();
    let work = tempfile::tempdir().unwrap();
    let gits = work.path().join("git-home");
    std::fs::create_dir_all(&gits).unwrap();
    // The project's repository (named claw, as Helm's update expects of the clone's remote).
    let origin = work.path().join("origin/claw");
    bins::copy_checkout(&origin);
    git(&origin, &gits, &["init", "-q"]);
    git(&origin, &gits, &["add", "-A"]);
    git(&origin, &gits, &["commit", "-qm", "claw"]);
    let (cargo_dir, log) = fake_cargo(work.path());
    let mut path = vec![cargo_dir, bins::workspace_root().join(".tools")];
    path.extend(user_path(true));

    for version in ["helm3", "helm4"] {
        let user = work.path().join(version);
        std::fs::create_dir_all(&user).unwrap();
        git(
            &user,
            &gits,
            &["clone", "-q", origin.to_str().unwrap(), "claw"],
        );
        let checkout = user.join("claw");
        let home = user.join("home");
        std::fs::create_dir_all(&home).unwrap();
        let before = builds(&log);

        let out = helm(
            version,
            &home,
            &path,
            &h,
            &["plugin", "install", checkout.to_str().unwrap()],
        );
        assert_eq!(out.code, 0, "{version} checkout: {}", out.all());
        assert!(
            out.stdout.contains("Installed plugin: claw"),
            "{}",
            out.stdout
        );
        assert_eq!(
            builds(&log),
            before + 1,
            "{version}: the install hook built helm-claw"
        );
        assert_eq!(
            std::fs::read(checkout.join("bin/helm-claw")).unwrap(),
            std::fs::read(stripped_bins().join("helm-claw")).unwrap()
        );
        plugin_runs(version, &home, &path, &h, "checkout");

        // A new commit upstream: `helm plugin update` pulls it and the update hook rebuilds.
        std::fs::write(origin.join("NEWS"), version).unwrap();
        git(&origin, &gits, &["add", "NEWS"]);
        git(&origin, &gits, &["commit", "-qm", "news"]);
        let out = helm(version, &home, &path, &h, &["plugin", "update", "claw"]);
        assert_eq!(out.code, 0, "{version} update: {}", out.all());
        assert!(
            out.stdout.contains("Updated plugin: claw"),
            "{}",
            out.stdout
        );
        assert_eq!(
            std::fs::read_to_string(checkout.join("NEWS")).unwrap(),
            version
        );
        assert_eq!(
            builds(&log),
            before + 2,
            "{version}: the update hook rebuilt"
        );
        plugin_runs(version, &home, &path, &h, "checkout, updated");

        uninstall_leaves_no_trace(version, &home, &path, &h, "checkout");
        assert!(
            checkout.join("Cargo.toml").is_file(),
            "the checkout itself stays"
        );
    }
}

#[test]
fn a_checkout_without_cargo_is_one_line_and_one_with_a_binary_needs_none() {
    let h = Harness::recorded();
    let work = tempfile::tempdir().unwrap();
    let checkout = work.path().join("claw");
    bins::copy_checkout(&checkout);
    let mut path = vec![bins::workspace_root().join(".tools")];
    path.extend(user_path(true));
    let source = checkout.to_str().unwrap();
    for version in ["helm3", "helm4"] {
        let home = tempfile::tempdir().unwrap();
        let home = home.path();
        let out = helm(version, home, &path, &h, &["plugin", "install", source]);
        assert_eq!(out.code, 1, "{version}: {}", out.all());
        let ours: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("helm claw:"))
            .collect();
        assert_eq!(ours.len(), 1, "{version}: one line of ours: {}", out.stderr);
        assert!(
            ours[0].contains("cargo is not on the PATH") && ours[0].contains("https://rustup.rs"),
            "{}",
            ours[0]
        );
        // Helm keeps a plugin whose install hook failed; the line says to uninstall it.
        assert!(
            ours[0].contains("helm plugin uninstall claw"),
            "{}",
            ours[0]
        );
        uninstall_leaves_no_trace(version, home, &path, &h, "checkout without cargo");
        assert!(!checkout.join("bin").exists());
    }

    // With bin/helm-claw already there (built before, or copied in) the hook builds nothing.
    std::fs::create_dir_all(checkout.join("bin")).unwrap();
    std::fs::copy(
        stripped_bins().join("helm-claw"),
        checkout.join("bin/helm-claw"),
    )
    .unwrap();
    for version in ["helm3", "helm4"] {
        let home = tempfile::tempdir().unwrap();
        let home = home.path();
        let out = helm(version, home, &path, &h, &["plugin", "install", source]);
        assert_eq!(out.code, 0, "{version}: {}", out.all());
        assert!(!out.stderr.contains("helm claw:"), "{}", out.stderr);
        plugin_runs(version, home, &path, &h, "checkout with a binary");
        uninstall_leaves_no_trace(version, home, &path, &h, "checkout with a binary");
    }
}
