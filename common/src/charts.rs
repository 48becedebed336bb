//! The charts embedded in the binary at build time (from ../charts, packed reproducibly by
//! build.rs): what `install` and `upgrade` hand to Helm, and what drift is measured against.

use crate::bot::Role;

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

pub fn find(name: &str) -> Option<&'static EmbeddedChart> {
    CHARTS.iter().find(|c| c.name == name)
}

pub fn for_role(role: Role) -> Option<&'static EmbeddedChart> {
    find(match role {
        Role::ControlPlane => crate::bot::CONTROL_PLANE_CHART,
        Role::Bot(t) => t.chart(),
    })
}

impl EmbeddedChart {
    /// `picoclaw-0.2.0.tgz`, as `helm package` names it.
    pub fn file_name(&self) -> String {
        format!("{}-{}.tgz", self.name, self.version)
    }
}

// The packing routine build.rs used, for checks that the embedded bytes are the sources'.
include!("chart_pack.rs");

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
            assert_eq!(c.version, "0.2.0", "{}", c.name);
            let hex: String = sha2::Sha256::digest(c.archive)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(c.digest, format!("sha256:{hex}"));
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
}
