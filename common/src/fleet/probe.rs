//! Active health checks: a GET through the API server's service proxy to each bot's own health
//! endpoint, found by its Service's labels and port, with bounded concurrency and a per-probe
//! timeout. The answer is one of a few distinct outcomes, so an operator can tell "the bot says
//! it is sick" from "nothing is there to ask" from "I may not ask".

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::cluster::{Cluster, Resource, Scope};
use crate::error::Result;
use crate::fleet::bot::{Bot, BotType, Role, labels};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeOptions {
    pub timeout: Duration,
    pub concurrency: usize,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            timeout: Duration::from_secs(5),
            concurrency: 16,
        }
    }
}

/// Where a bot answers: its Service, the port (by name where the chart names it) and path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub service: String,
    pub port: String,
    pub path: String,
}

impl Endpoint {
    pub fn proxy_path(&self, namespace: &str) -> String {
        let service = format!("{}:{}", self.service, self.port);
        Resource::SERVICES.subresource(Some(namespace), &service, "proxy") + &self.path
    }
}

/// The health endpoint each type serves, as ClawMachine's charts define it: path, port name,
/// port number.
pub fn default_endpoint(role: Role) -> Option<(&'static str, &'static str, u16)> {
    match role {
        Role::ControlPlane => Some(("/health", "http", 80)),
        Role::Bot(BotType::Picoclaw) => Some(("/health", "http", 18790)),
        Role::Bot(BotType::Ironclaw) => Some(("/api/health", "gateway", 3000)),
        Role::Bot(BotType::Openclaw) => Some(("/health", "http", 18789)),
        Role::Bot(BotType::Busybox) => None,
    }
}

/// What a probe found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Outcome {
    /// 2xx from the bot.
    Healthy { code: u16 },
    /// The bot answered, but not 2xx.
    Unhealthy { code: u16, message: String },
    /// The Service exists but no Ready pod backs it.
    NoReadyEndpoints,
    /// No answer within the per-probe timeout.
    Timeout {
        #[serde(rename = "timeoutMs")]
        timeout_ms: u64,
    },
    /// No Service found for the bot.
    NoService,
    /// No permission on `services/proxy`: judged by pod readiness instead.
    Forbidden {
        #[serde(rename = "podsReady")]
        pods_ready: bool,
    },
    /// The type serves no health endpoint (busybox): judged by pod readiness.
    NoHealthEndpoint {
        #[serde(rename = "podsReady")]
        pods_ready: bool,
    },
    /// The probe itself failed (transport).
    Error { message: String },
}

impl Outcome {
    /// Whether the probe passes: a 2xx from the bot, or, where the bot cannot be asked, a ready
    /// pod by ClawMachine's rule ([`Bot::has_ready_pod`]).
    pub fn passes(&self) -> bool {
        match self {
            Outcome::Healthy { .. } => true,
            Outcome::Forbidden { pods_ready } | Outcome::NoHealthEndpoint { pods_ready } => {
                *pods_ready
            }
            _ => false,
        }
    }

    /// Short text for the HEALTH column.
    pub fn summary(&self) -> String {
        match self {
            Outcome::Healthy { .. } => "healthy".into(),
            Outcome::Unhealthy { code, .. } => format!("unhealthy({code})"),
            Outcome::NoReadyEndpoints => "no-endpoints".into(),
            Outcome::Timeout { .. } => "timeout".into(),
            Outcome::NoService => "no-service".into(),
            Outcome::Forbidden { pods_ready: true }
            | Outcome::NoHealthEndpoint { pods_ready: true } => "ready".into(),
            Outcome::Forbidden { pods_ready: false }
            | Outcome::NoHealthEndpoint { pods_ready: false } => "not-ready".into(),
            Outcome::Error { .. } => "error".into(),
        }
    }

    /// A sentence for the DETAIL column.
    pub fn detail(&self) -> String {
        match self {
            Outcome::Healthy { code } => format!("HTTP {code}"),
            Outcome::Unhealthy { code, message } if message.is_empty() => format!("HTTP {code}"),
            Outcome::Unhealthy { code, message } => format!("HTTP {code}: {message}"),
            Outcome::NoReadyEndpoints => "no ready pod backs the Service".into(),
            Outcome::Timeout { timeout_ms } => format!(
                "no answer within {}",
                crate::duration::human(Duration::from_millis(*timeout_ms))
            ),
            Outcome::NoService => "no Service labelled for this release".into(),
            Outcome::Forbidden { .. } => {
                "no services/proxy permission; judged by pod readiness".into()
            }
            Outcome::NoHealthEndpoint { .. } => {
                "no health endpoint; judged by pod readiness".into()
            }
            Outcome::Error { message } => message.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    #[serde(flatten)]
    pub outcome: Outcome,
    pub healthy: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    #[serde(rename = "latencyMs")]
    pub latency_ms: u64,
}

/// A Service with only what probing needs.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceLite {
    pub metadata: crate::cluster::ObjectMeta,
    #[serde(default)]
    pub spec: ServiceSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ServiceSpec {
    #[serde(default)]
    pub ports: Vec<ServicePort>,
    /// ClusterIP, NodePort, LoadBalancer, ExternalName.
    #[serde(rename = "type")]
    pub type_: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: i32,
}

/// The Services of every release in scope, in one LIST.
pub async fn list_services(cluster: &Cluster, scope: &Scope) -> Result<Vec<ServiceLite>> {
    Ok(scope
        .list::<ServiceLite>(cluster, &Resource::SERVICES, Some(labels::INSTANCE))
        .await?
        .items)
}

/// Where `bot` answers health checks, or why it cannot be asked.
pub fn endpoint_of(bot: &Bot, services: &[ServiceLite]) -> std::result::Result<Endpoint, Outcome> {
    let Some((default_path, port_name, port_number)) = default_endpoint(bot.role) else {
        return Err(Outcome::NoHealthEndpoint {
            pods_ready: bot.has_ready_pod(),
        });
    };
    // The release's own healthCheck.path wins over the type's default.
    let path = bot.settings.health_path.as_deref().unwrap_or(default_path);
    let candidates: Vec<&ServiceLite> = services
        .iter()
        .filter(|s| {
            s.metadata.namespace == bot.namespace
                && s.metadata.labels.get(labels::INSTANCE) == Some(&bot.name)
                && s.metadata.labels.get(labels::COMPONENT).map(String::as_str)
                    != Some(labels::DATABASE_COMPONENT)
        })
        .collect();
    let by_name = candidates.iter().find_map(|s| {
        s.spec
            .ports
            .iter()
            .find(|p| p.name.as_deref() == Some(port_name))
            .map(|p| (s, p))
    });
    let by_number = || {
        candidates.iter().find_map(|s| {
            s.spec
                .ports
                .iter()
                .find(|p| p.port == i32::from(port_number))
                .map(|p| (s, p))
        })
    };
    let first = || {
        candidates
            .iter()
            .find_map(|s| s.spec.ports.first().map(|p| (s, p)))
    };
    let Some((svc, port)) = by_name.or_else(by_number).or_else(first) else {
        return Err(Outcome::NoService);
    };
    Ok(Endpoint {
        service: svc.metadata.name.clone(),
        port: port.name.clone().unwrap_or_else(|| port.port.to_string()),
        path: path.to_string(),
    })
}

/// What probing says once on stderr.
pub fn warnings(probes: &[Probe]) -> Vec<String> {
    if probes
        .iter()
        .any(|p| matches!(p.outcome, Outcome::Forbidden { .. }))
    {
        vec!["no permission to proxy to services (get services/proxy): health judged from pod readiness".to_string()]
    } else {
        vec![]
    }
}

/// Probes every bot, at most `concurrency` at a time, each bounded by `timeout`; results in the
/// order of `bots`.
pub async fn probe_all(
    cluster: &Cluster,
    bots: &[&Bot],
    services: &[ServiceLite],
    opts: ProbeOptions,
) -> Vec<Probe> {
    let mut results: Vec<(usize, Probe)> = futures::stream::iter(bots.iter().enumerate())
        .map(|(i, bot)| async move { (i, probe_one(cluster, bot, services, opts).await) })
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, p)| p).collect()
}

async fn probe_one(
    cluster: &Cluster,
    bot: &Bot,
    services: &[ServiceLite],
    opts: ProbeOptions,
) -> Probe {
    let endpoint = match endpoint_of(bot, services) {
        Ok(e) => e,
        Err(outcome) => {
            return Probe {
                healthy: outcome.passes(),
                outcome,
                endpoint: None,
                latency_ms: 0,
            };
        }
    };
    let started = Instant::now();
    let outcome = ask(cluster, bot, &endpoint, opts.timeout).await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Probe {
        healthy: outcome.passes(),
        outcome,
        endpoint: Some(endpoint),
        latency_ms,
    }
}

/// One GET of `bot`'s health endpoint, bounded by `timeout`, and what the answer means.
pub async fn ask(cluster: &Cluster, bot: &Bot, endpoint: &Endpoint, timeout: Duration) -> Outcome {
    match cluster
        .probe(&endpoint.proxy_path(&bot.namespace), timeout)
        .await
    {
        Ok(Some((status, body))) => classify(status.as_u16(), &body, bot),
        Ok(None) => Outcome::Timeout {
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        },
        Err(e) => Outcome::Error {
            message: e.to_string(),
        },
    }
}

/// Tells the API server's own answers (a `Status` object) from the bot's.
fn classify(code: u16, body: &[u8], bot: &Bot) -> Outcome {
    if (200..300).contains(&code) {
        return Outcome::Healthy { code };
    }
    #[derive(Deserialize)]
    struct Status {
        kind: Option<String>,
        message: Option<String>,
        details: Option<Details>,
    }
    #[derive(Deserialize)]
    struct Details {
        kind: Option<String>,
    }
    let status = serde_json::from_slice::<Status>(body)
        .ok()
        .filter(|s| s.kind.as_deref() == Some("Status"));
    if let Some(s) = &status {
        let message = s.message.as_deref().unwrap_or_default();
        match code {
            503 if message.contains("no endpoints available") => return Outcome::NoReadyEndpoints,
            404 if s.details.as_ref().and_then(|d| d.kind.as_deref()) == Some("services") => {
                return Outcome::NoService;
            }
            403 => {
                return Outcome::Forbidden {
                    pods_ready: bot.has_ready_pod(),
                };
            }
            _ => {}
        }
    }
    let message = status.and_then(|s| s.message).unwrap_or_else(|| {
        String::from_utf8_lossy(body)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    });
    Outcome::Unhealthy {
        code,
        message: message.chars().take(120).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bot(role: Role, values: serde_json::Value) -> Bot {
        let mut b = Bot::for_test(role);
        b.name = "iron".into();
        b.settings = crate::releases::storage::BotSettings::of(&values);
        b.values = values;
        b
    }

    fn svc(name: &str, instance: &str, ports: &[(&str, i32)], database: bool) -> ServiceLite {
        let mut labels = std::collections::BTreeMap::from([(
            labels::INSTANCE.to_string(),
            instance.to_string(),
        )]);
        if database {
            labels.insert(labels::COMPONENT.into(), "database".into());
        }
        ServiceLite {
            metadata: crate::cluster::ObjectMeta {
                name: name.into(),
                namespace: "claw-machine".into(),
                labels,
                ..Default::default()
            },
            spec: ServiceSpec {
                type_: None,
                ports: ports
                    .iter()
                    .map(|(n, p)| ServicePort {
                        name: Some(n.to_string()),
                        port: *p,
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn finds_the_bots_service_not_its_databases() {
        let services = [
            svc(
                "iron-ironclaw-postgres",
                "iron",
                &[("postgres", 5432)],
                true,
            ),
            svc("iron-ironclaw", "iron", &[("gateway", 3000)], false),
        ];
        let e = endpoint_of(
            &bot(Role::Bot(BotType::Ironclaw), serde_json::Value::Null),
            &services,
        )
        .unwrap();
        assert_eq!(e.service, "iron-ironclaw");
        assert_eq!(e.port, "gateway");
        assert_eq!(
            e.proxy_path("claw-machine"),
            "/api/v1/namespaces/claw-machine/services/iron-ironclaw:gateway/proxy/api/health"
        );
    }

    #[test]
    fn the_releases_health_check_path_wins() {
        let services = [svc("iron-ironclaw", "iron", &[("gateway", 3000)], false)];
        let values = serde_json::json!({"healthCheck": {"path": "/ready"}});
        let e = endpoint_of(&bot(Role::Bot(BotType::Ironclaw), values), &services).unwrap();
        assert_eq!(e.path, "/ready");
    }

    #[test]
    fn busybox_and_missing_services_are_not_probed() {
        assert_eq!(
            endpoint_of(
                &bot(Role::Bot(BotType::Busybox), serde_json::Value::Null),
                &[]
            ),
            Err(Outcome::NoHealthEndpoint { pods_ready: false })
        );
        assert_eq!(
            endpoint_of(
                &bot(Role::Bot(BotType::Picoclaw), serde_json::Value::Null),
                &[]
            ),
            Err(Outcome::NoService)
        );
    }

    #[test]
    fn api_server_answers_are_told_from_the_bots() {
        let b = bot(Role::Bot(BotType::Picoclaw), serde_json::Value::Null);
        let no_endpoints = br#"{"kind":"Status","message":"no endpoints available for service \"x:http\"","code":503}"#;
        assert_eq!(classify(503, no_endpoints, &b), Outcome::NoReadyEndpoints);
        // The bot itself answering 503 is the bot being unhealthy.
        assert_eq!(
            classify(503, b"database not ready", &b),
            Outcome::Unhealthy {
                code: 503,
                message: "database not ready".into()
            }
        );
        let forbidden = br#"{"kind":"Status","message":"services \"x\" is forbidden","code":403}"#;
        assert_eq!(
            classify(403, forbidden, &b),
            Outcome::Forbidden { pods_ready: false }
        );
        let missing = br#"{"kind":"Status","message":"services \"x\" not found","details":{"kind":"services"},"code":404}"#;
        assert_eq!(classify(404, missing, &b), Outcome::NoService);
        assert_eq!(classify(204, b"", &b), Outcome::Healthy { code: 204 });
    }
}
