//! Resource use from the metrics API (`metrics.k8s.io`, served by metrics-server), summed per bot
//! over its own pods, with the database apart, set against the pods' requests and limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cluster::{Cluster, Resource, Scope};
use crate::error::{Error, Result};
use crate::fleet::bot::Bot;
use crate::fleet::pods::{PodSummary, Resources};
use crate::fleet::quantity;

pub const POD_METRICS: Resource = Resource {
    group: "metrics.k8s.io",
    version: "v1beta1",
    plural: "pods",
};

#[derive(Debug, Deserialize)]
pub struct PodMetrics {
    pub metadata: crate::cluster::ObjectMeta,
    #[serde(default)]
    pub containers: Vec<ContainerMetrics>,
}

#[derive(Debug, Deserialize)]
pub struct ContainerMetrics {
    #[serde(default)]
    pub usage: BTreeMap<String, String>,
}

/// Every pod's metrics in scope, in one LIST. A cluster without metrics-server answers 404 (or
/// 503 while its APIService is registered but down): that is one clear error, not a stack of them.
pub async fn list_pod_metrics(cluster: &Cluster, scope: &Scope) -> Result<Vec<PodMetrics>> {
    match scope.list::<PodMetrics>(cluster, &POD_METRICS, None).await {
        Ok(l) => Ok(l.items),
        Err(Error::NotFound { .. }) => Err(Error::MetricsUnavailable {
            detail: "the API server does not serve metrics.k8s.io".into(),
        }),
        Err(Error::Server {
            code: 503, message, ..
        }) => Err(Error::MetricsUnavailable {
            detail: format!("metrics.k8s.io is registered but not answering ({message})"),
        }),
        Err(e) => Err(e),
    }
}

/// Use against requests and limits, CPU in millicores and memory in bytes; whole numbers in
/// documents (CPU rounded up, as a Quantity's `MilliValue` is), fractions kept for judging.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// `None` when no pod of it had metrics (not running yet, say).
    #[serde(serialize_with = "milli")]
    pub cpu_millicores: Option<f64>,
    #[serde(serialize_with = "whole")]
    pub memory_bytes: Option<f64>,
    #[serde(serialize_with = "milli")]
    pub cpu_request_millicores: Option<f64>,
    #[serde(serialize_with = "milli")]
    pub cpu_limit_millicores: Option<f64>,
    #[serde(serialize_with = "whole")]
    pub memory_request_bytes: Option<f64>,
    #[serde(serialize_with = "whole")]
    pub memory_limit_bytes: Option<f64>,
    pub pods: usize,
}

fn milli<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    v.map(|m| m.ceil() as u64).serialize(s)
}

fn whole<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    v.map(|b| b.round() as u64).serialize(s)
}

impl Usage {
    /// Use as a fraction of the limit, else of the request.
    pub fn cpu_fraction(&self) -> Option<f64> {
        fraction(
            self.cpu_millicores,
            self.cpu_limit_millicores.or(self.cpu_request_millicores),
        )
    }

    pub fn memory_fraction(&self) -> Option<f64> {
        fraction(
            self.memory_bytes,
            self.memory_limit_bytes.or(self.memory_request_bytes),
        )
    }

    pub fn cpu_text(&self) -> String {
        self.cpu_millicores.map_or("-".into(), quantity::format_cpu)
    }

    pub fn memory_text(&self) -> String {
        self.memory_bytes.map_or("-".into(), quantity::format_bytes)
    }
}

fn fraction(used: Option<f64>, of: Option<f64>) -> Option<f64> {
    let of = of.filter(|v| *v > 0.0)?;
    Some(used? / of)
}

/// Sums the metrics of `pods` (found by namespace and name in `index`).
pub fn usage_of(
    namespace: &str,
    pods: &[PodSummary],
    index: &BTreeMap<(String, String), (f64, f64)>,
) -> Usage {
    let mut cpu = None;
    let mut memory = None;
    for p in pods {
        if let Some((c, m)) = index.get(&(namespace.to_string(), p.name.clone())) {
            cpu = Some(cpu.unwrap_or(0.0) + c);
            memory = Some(memory.unwrap_or(0.0) + m);
        }
    }
    let resources = pods
        .iter()
        .map(|p| p.resources)
        .reduce(Resources::plus)
        .unwrap_or_default();
    Usage {
        cpu_millicores: cpu,
        memory_bytes: memory,
        cpu_request_millicores: resources.cpu_request,
        cpu_limit_millicores: resources.cpu_limit,
        memory_request_bytes: resources.memory_request,
        memory_limit_bytes: resources.memory_limit,
        pods: pods.len(),
    }
}

/// (namespace, pod) -> (CPU millicores, memory bytes), summed over containers.
pub fn index(metrics: &[PodMetrics]) -> BTreeMap<(String, String), (f64, f64)> {
    metrics
        .iter()
        .map(|m| {
            let (cpu, mem) = m.containers.iter().fold((0.0, 0.0), |(c, b), cm| {
                (
                    c + cm
                        .usage
                        .get("cpu")
                        .and_then(|q| quantity::cpu_millis(q))
                        .unwrap_or(0.0),
                    b + cm
                        .usage
                        .get("memory")
                        .and_then(|q| quantity::bytes(q))
                        .unwrap_or(0.0),
                )
            });
            (
                (m.metadata.namespace.clone(), m.metadata.name.clone()),
                (cpu, mem),
            )
        })
        .collect()
}

/// The bot's own use and, for IronClaw, its database's.
pub fn bot_usage(
    bot: &Bot,
    index: &BTreeMap<(String, String), (f64, f64)>,
) -> (Usage, Option<Usage>) {
    let own = usage_of(
        &bot.namespace,
        bot.pods.as_deref().unwrap_or_default(),
        index,
    );
    let db = (!bot.database.is_empty()).then(|| usage_of(&bot.namespace, &bot.database, index));
    (own, db)
}
