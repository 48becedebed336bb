//! What a chart source offers: the chart version of each chart name, and where they come from.

use std::collections::BTreeMap;

use semver::Version;

/// The chart version a source offers for each chart name.
#[derive(Debug, Clone, Default)]
pub struct Offer {
    pub versions: BTreeMap<String, String>,
    /// Where they come from, for messages: `None` for the charts embedded in claw.
    pub origin: Option<String>,
}

impl Offer {
    /// What the charts embedded in this claw offer.
    pub fn embedded() -> Offer {
        Offer {
            versions: crate::charts::embedded::CHARTS
                .iter()
                .map(|c| (c.name.to_string(), c.version.to_string()))
                .collect(),
            origin: None,
        }
    }

    pub fn version_of(&self, chart: &str) -> Option<&str> {
        self.versions.get(chart).map(String::as_str)
    }

    /// "the 0.1.9 this claw carries", "the 0.1.8 in oci://…".
    pub fn describe(&self, version: &Version) -> String {
        match &self.origin {
            None => format!("the {version} this claw carries"),
            Some(from) => format!("the {version} in {from}"),
        }
    }
}
