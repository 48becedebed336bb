//! The API server's service proxy (`/api/v1/namespaces/NS/services/SVC:PORT/proxy/PATH`),
//! answered by fake bot endpoints. By default a Service answers like the bot behind it: its
//! health path (per bot type, from the Service's `app.kubernetes.io/name`) returns the recorded
//! `{"status": "ok"}` while a Ready pod backs it, any other path is the bot's own 404, and
//! without a Ready pod the API server's recorded 503 "no endpoints available". Tests override
//! single Services to answer with a code, hang, or vanish.

use std::time::Duration;

use serde_json::Value;

use crate::recorded;
use crate::store::{Store, labels_of};

/// How one fake bot endpoint behaves, overriding the default.
#[derive(Debug, Clone)]
pub enum Endpoint {
    /// Answers its health path with this code and body.
    Answers(u16, String),
    /// The Service has no ready endpoints.
    NoEndpoints,
    /// Accepts the request and never answers.
    Hangs,
    /// Answers after a delay, healthy.
    Slow(Duration),
}

pub enum ProxyReply {
    Answer(u16, String, &'static str),
    Hang,
    After(Duration, u16, String),
}

/// The health path a ClawMachine bot serves, by chart.
pub fn health_path(chart: &str) -> Option<&'static str> {
    match chart {
        "picoclaw" | "openclaw" | "clawmachine" => Some("/health"),
        "ironclaw" => Some("/api/health"),
        _ => None,
    }
}

pub fn answer(
    store: &Store,
    override_: Option<&Endpoint>,
    ns: &str,
    service_port: &str,
    path: &str,
) -> ProxyReply {
    const JSON: &str = "application/json";
    let (service, port) = service_port.split_once(':').unwrap_or((service_port, ""));
    let svc = store
        .objects("v1", "services")
        .iter()
        .find(|s| s["metadata"]["namespace"] == ns && s["metadata"]["name"] == service);
    let Some(svc) = svc else {
        let body = recorded::body_of(recorded::PROXY_MISSING).replace("nope", service);
        return ProxyReply::Answer(404, body, JSON);
    };
    let no_endpoints = || {
        let body = recorded::body_of(recorded::PROXY_NO_ENDPOINTS)
            .replace("pico2-picoclaw:http", service_port);
        ProxyReply::Answer(503, body, JSON)
    };
    let port_known = port.is_empty()
        || svc["spec"]["ports"].as_array().is_some_and(|ps| {
            ps.iter().any(|p| {
                p["name"] == port || p["port"].as_u64().is_some_and(|n| n.to_string() == port)
            })
        });
    if !port_known {
        return no_endpoints();
    }
    let labels = labels_of(svc);
    let chart = labels
        .get("app.kubernetes.io/name")
        .cloned()
        .unwrap_or_default();
    let ok_body = recorded::body_of(recorded::PROXY_HEALTH_OK).to_string();
    let own_path = |code: u16, body: String| {
        if health_path(&chart) == Some(path) {
            (code, body, JSON)
        } else {
            (404, "404 page not found\n".to_string(), "text/plain")
        }
    };
    match override_ {
        Some(Endpoint::NoEndpoints) => no_endpoints(),
        Some(Endpoint::Hangs) => ProxyReply::Hang,
        Some(Endpoint::Answers(code, body)) => {
            let (c, b, t) = own_path(*code, body.clone());
            ProxyReply::Answer(c, b, t)
        }
        Some(Endpoint::Slow(d)) => {
            let (c, b, _) = own_path(200, ok_body);
            ProxyReply::After(*d, c, b)
        }
        None => {
            let instance = labels.get("app.kubernetes.io/instance");
            let ready = store.objects("v1", "pods").iter().any(|p| {
                let pl = labels_of(p);
                p["metadata"]["namespace"] == ns
                    && pl.get("app.kubernetes.io/instance") == instance
                    && pl.get("app.kubernetes.io/component").map(String::as_str) != Some("database")
                    && is_ready(p)
            });
            if !ready {
                return no_endpoints();
            }
            let (c, b, t) = own_path(200, ok_body);
            ProxyReply::Answer(c, b, t)
        }
    }
}

fn is_ready(pod: &Value) -> bool {
    pod["status"]["conditions"].as_array().is_some_and(|cs| {
        cs.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    })
}
