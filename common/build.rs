//! Records the git commit the plugins are built from (for `claw version`), and packs the charts
//! in ../charts into reproducible archives embedded in the binary (for `claw charts`, `install`,
//! `upgrade`).

use std::fmt::Write as _;
use std::process::Command;

use sha2::Digest;

include!("src/charts/pack.rs");

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=CLAW_COMMIT={commit}");
    // A new commit changes HEAD or the branch it points at.
    for path in ["../.git/HEAD", "../.git/refs/heads", "../.git/packed-refs"] {
        println!("cargo:rerun-if-changed={path}");
    }

    let charts_dir = std::path::Path::new("../charts");
    println!("cargo:rerun-if-changed=../charts");
    println!("cargo:rerun-if-changed=src/charts/pack.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(charts_dir)
        .expect("../charts")
        .filter_map(|e| e.ok())
        .filter(|e| {
            std::fs::read_to_string(e.path().join("Chart.yaml")).is_ok_and(|c| !is_library(&c))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The library chart (charts/claw-bot) is not among them: pack_chart puts it into each chart
    // that depends on it. The crate looks these up by name (embedded_charts::get): all of them
    // must be here.
    for wanted in ["busybox", "clawmachine", "ironclaw", "openclaw", "picoclaw"] {
        assert!(
            names.iter().any(|n| n == wanted),
            "charts/{wanted} is missing: claw embeds every ClawMachine chart"
        );
    }
    let mut code = String::from("&[\n");
    for name in names {
        let dir = charts_dir.join(&name);
        println!("cargo:rerun-if-changed={}", dir.display());
        let chart_yaml = std::fs::read_to_string(dir.join("Chart.yaml")).expect("Chart.yaml");
        let (version, app_version) = chart_versions(&chart_yaml);
        let archive = pack_chart(&dir, &name).expect("pack chart");
        let digest = sha2::Sha256::digest(&archive);
        let hex = digest.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        let file = out.join(format!("{name}-{version}.tgz"));
        std::fs::write(&file, &archive).expect("write archive");
        let _ = writeln!(
            code,
            "    EmbeddedChart {{ name: {name:?}, version: {version:?}, app_version: {app_version:?}, digest: \"sha256:{hex}\", archive: include_bytes!({file:?}) }},",
            file = file.display().to_string()
        );
    }
    code.push(']');
    std::fs::write(out.join("charts.rs"), code).expect("write charts.rs");
}
