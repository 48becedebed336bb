//! The charts embedded in the binary at build time (from ../charts, packed reproducibly by
//! build.rs): what `install` and `upgrade` hand to Helm, and what drift is measured against.

use crate::fleet::bot::{BotType, Role};

#[derive(Debug, Clone, Copy)]
pub struct EmbeddedChart {
    pub name: &'static str,
    pub version: &'static str,
    pub app_version: &'static str,
    /// `sha256:<hex>` of the archive.
    pub digest: &'static str,
    /// The chart archive, as `helm package` would write it.
    pub archive: &'static [u8],
}

pub static CHARTS: &[EmbeddedChart] = include!(concat!(env!("OUT_DIR"), "/charts.rs"));

/// A chart this claw carries, by name: a bot type, or the control plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartName {
    Openclaw,
    Picoclaw,
    Ironclaw,
    Busybox,
    Clawmachine,
}

impl ChartName {
    pub const ALL: [ChartName; 5] = [
        ChartName::Openclaw,
        ChartName::Picoclaw,
        ChartName::Ironclaw,
        ChartName::Busybox,
        ChartName::Clawmachine,
    ];

    pub fn role(self) -> Role {
        match self {
            ChartName::Openclaw => Role::Bot(BotType::Openclaw),
            ChartName::Picoclaw => Role::Bot(BotType::Picoclaw),
            ChartName::Ironclaw => Role::Bot(BotType::Ironclaw),
            ChartName::Busybox => Role::Bot(BotType::Busybox),
            ChartName::Clawmachine => Role::ControlPlane,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.role().chart()
    }
}

pub fn find(name: &str) -> Option<&'static EmbeddedChart> {
    CHARTS.iter().find(|c| c.name == name)
}

/// The embedded chart of `name`. build.rs refuses to build without every one of them, so this
/// always finds it.
pub fn get(name: ChartName) -> &'static EmbeddedChart {
    find(name.as_str()).expect("build.rs embeds every chart ChartName names")
}

impl EmbeddedChart {
    /// `picoclaw-0.1.9-claw.1.tgz`, as `helm package` names it.
    pub fn file_name(&self) -> String {
        format!("{}-{}.tgz", self.name, self.version)
    }
}

// The packing routine build.rs used, for checks that the embedded bytes are the sources'.
include!("pack.rs");

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    #[test]
    fn every_chart_is_embedded_with_its_digest() {
        let names: Vec<&str> = CHARTS.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            ["busybox", "clawmachine", "ironclaw", "openclaw", "picoclaw"]
        );
        for c in CHARTS {
            // Stamped alike, above ClawMachine's 0.1.8 and below its next release.
            let v = semver::Version::parse(c.version).unwrap();
            assert!(v > semver::Version::new(0, 1, 8) && v < semver::Version::new(0, 1, 9));
            assert_eq!(c.version, CHARTS[0].version, "{}", c.name);
            let hex: String = sha2::Sha256::digest(c.archive)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(c.digest, format!("sha256:{hex}"));
        }
    }

    #[test]
    fn every_chart_name_is_embedded() {
        for name in ChartName::ALL {
            assert_eq!(get(name).name, name.as_str());
        }
    }

    #[test]
    fn the_same_sources_pack_to_the_same_bytes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts/picoclaw");
        let a = pack_chart(&dir, "picoclaw").unwrap();
        let b = pack_chart(&dir, "picoclaw").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a,
            find("picoclaw").unwrap().archive,
            "embedded = packed from the sources"
        );
    }

    /// The files of a chart archive: path -> bytes.
    fn entries(archive: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
        use std::io::Read;
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(archive));
        tar.entries()
            .unwrap()
            .map(|e| {
                let mut e = e.unwrap();
                let path = e.path().unwrap().to_string_lossy().into_owned();
                let mut data = Vec::new();
                e.read_to_end(&mut data).unwrap();
                (path, data)
            })
            .collect()
    }

    #[test]
    fn every_chart_carries_the_library_chart_it_depends_on() {
        let charts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts");
        let library: Vec<(String, Vec<u8>)> = ["Chart.yaml", "templates/_objects.tpl"]
            .iter()
            .map(|f| {
                (
                    f.to_string(),
                    std::fs::read(charts.join("claw-bot").join(f)).unwrap(),
                )
            })
            .collect();
        for c in CHARTS {
            let files = entries(c.archive);
            for (file, bytes) in &library {
                let at = format!("{}/charts/claw-bot/{file}", c.name);
                assert_eq!(files.get(&at), Some(bytes), "{at}");
            }
            // Once, and no link: every entry is a regular file of its own.
            assert_eq!(
                files
                    .keys()
                    .filter(|p| p.ends_with("claw-bot/Chart.yaml"))
                    .count(),
                1,
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn a_checkout_without_the_link_packs_to_the_same_bytes() {
        let charts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts");
        let copy = tempfile::tempdir().unwrap();
        fn copy_files(from: &std::path::Path, to: &std::path::Path, skip: &str) {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if name == skip {
                    continue;
                } else if p.is_dir() {
                    copy_files(&p, &to.join(&name), skip);
                } else {
                    std::fs::copy(&p, to.join(&name)).unwrap();
                }
            }
        }
        // The bot chart without charts/claw-bot, the library beside it.
        copy_files(
            &charts.join("ironclaw"),
            &copy.path().join("ironclaw"),
            "claw-bot",
        );
        copy_files(&charts.join("claw-bot"), &copy.path().join("claw-bot"), "");
        assert!(!copy.path().join("ironclaw/charts/claw-bot").exists());
        let packed = pack_chart(&copy.path().join("ironclaw"), "ironclaw").unwrap();
        assert_eq!(packed, find("ironclaw").unwrap().archive);
        // Nor does the archive `helm dependency build` leaves there change them.
        let archive = copy.path().join("ironclaw/charts/claw-bot-1.0.0.tgz");
        std::fs::write(&archive, b"an older library").unwrap();
        let packed = pack_chart(&copy.path().join("ironclaw"), "ironclaw").unwrap();
        assert_eq!(packed, find("ironclaw").unwrap().archive);
    }

    #[test]
    fn file_dependencies_and_library_charts_are_read_from_chart_yaml() {
        let chart = "apiVersion: v2\nname: x\n# a comment\ndependencies:\n  - name: claw-bot\n    version: 1.0.0\n    repository: file://../claw-bot\n  - name: other\n    repository: oci://example/charts\nkeywords: [a]\n";
        assert_eq!(
            file_dependencies(chart),
            [("claw-bot".to_string(), "../claw-bot".to_string())]
        );
        assert!(file_dependencies("name: x\nversion: 1.0.0\n").is_empty());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../charts");
        let yaml = |c: &str| std::fs::read_to_string(dir.join(c).join("Chart.yaml")).unwrap();
        assert!(is_library(&yaml("claw-bot")));
        assert!(!is_library(&yaml("picoclaw")));
    }
}
