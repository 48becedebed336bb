//! Distribution: the krew manifest and archive scripts/krew-package.sh produces.

use std::process::Command;

use claw_tests::bins;

fn package(dist: &std::path::Path) -> serde_json::Value {
    let out = bins::output(
        Command::new(bins::workspace_root().join("scripts/krew-package.sh"))
            .env("BIN", bins::plugin("kubectl-claw"))
            .env("DIST", dist),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = std::fs::read_to_string(dist.join("claw.yaml")).unwrap();
    serde_saphyr::from_str(&manifest).expect("the manifest is YAML")
}

fn sha256(path: &std::path::Path) -> String {
    let out = bins::output(Command::new("sha256sum").arg(path));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn krew_manifest_matches_its_archive() {
    let dist = tempfile::tempdir().unwrap();
    let m = package(dist.path());
    assert_eq!(
        m["apiVersion"],
        "krew.googlecontainertools.github.com/v1alpha2"
    );
    assert_eq!(m["kind"], "Plugin");
    assert_eq!(m["metadata"]["name"], "claw");
    assert_eq!(
        m["spec"]["version"],
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    let platform = &m["spec"]["platforms"][0];
    assert_eq!(platform["selector"]["matchLabels"]["os"], "linux");
    assert_eq!(platform["selector"]["matchLabels"]["arch"], "amd64");
    assert_eq!(platform["bin"], "kubectl-claw");
    let uri = platform["uri"].as_str().unwrap();
    let file = uri.rsplit('/').next().unwrap();
    let archive = dist.path().join(file);
    assert!(archive.is_file(), "{uri}");
    assert_eq!(platform["sha256"].as_str().unwrap(), sha256(&archive));

    let listing = bins::output(Command::new("tar").arg("tzf").arg(&archive));
    let files: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    for f in platform["files"].as_array().unwrap() {
        assert!(
            files.contains(&f["from"].as_str().unwrap().to_string()),
            "{f} in {files:?}"
        );
    }

    // Reproducible: the same inputs give the same archive, so the sha in the index holds.
    let again = tempfile::tempdir().unwrap();
    let m2 = package(again.path());
    assert_eq!(m2["spec"]["platforms"][0]["sha256"], platform["sha256"]);
}
