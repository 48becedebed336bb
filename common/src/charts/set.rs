//! The charts a run needs, fetched from one source once each, and the versions they offer:
//! what `upgrade`, `restore` and `rollback` plan against.

use std::collections::BTreeMap;

use super::offer::Offer;
use super::source::{ChartSource, FetchedChart};
use crate::clawmachine::CONTROL_PLANE_CHART;
use crate::error::{Error, Result};
use crate::helm::Helm;

pub struct ChartSet {
    /// By chart name. A chart the embedded set does not have is absent: releases of it are
    /// refused by their plans (nothing to move them to).
    pub charts: BTreeMap<String, FetchedChart>,
    pub offer: Offer,
    /// Where the charts came from, for reports ("embedded", the repository, the path).
    pub source: String,
}

impl ChartSet {
    /// Each of `names` from `source`, once, concurrently. The offer holds their versions, and
    /// the control plane's too when it is not among them (bots may not move past it); a
    /// control plane version the source cannot say is simply not there.
    /// Errors: a repository or path that cannot give a chart (`Error::ChartSource`, usage).
    pub async fn fetch(
        source: &ChartSource,
        names: &[&str],
        helm: Option<&Helm>,
    ) -> Result<ChartSet> {
        let mut names: Vec<&str> = names.to_vec();
        names.sort();
        names.dedup();
        let fetched = futures::future::join_all(names.iter().map(|n| source.fetch(n, helm))).await;
        let mut charts = BTreeMap::new();
        for (name, chart) in names.iter().zip(fetched) {
            match chart {
                Ok(c) => {
                    charts.insert(name.to_string(), c);
                }
                // Not a chart claw embeds (a backup of some other chart): nothing to offer.
                Err(Error::Usage(_)) if source.is_embedded() => {}
                Err(e) => return Err(e),
            }
        }
        let mut offer = Offer {
            versions: charts
                .iter()
                .map(|(n, c)| (n.clone(), c.info.version.clone()))
                .collect(),
            origin: (!source.is_embedded()).then(|| source.describe()),
        };
        if !charts.contains_key(CONTROL_PLANE_CHART)
            && let Ok(v) = source.version_of(CONTROL_PLANE_CHART, helm).await
        {
            offer.versions.insert(CONTROL_PLANE_CHART.to_string(), v);
        }
        Ok(ChartSet {
            charts,
            offer,
            source: source.describe(),
        })
    }

    pub fn get(&self, chart: &str) -> Option<&FetchedChart> {
        self.charts.get(chart)
    }
}
