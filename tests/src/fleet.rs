//! Synthetic fleets of any size, made from the recorded objects so they look like what a real
//! cluster returns: the control plane plus `bots` bots spread over `namespaces` namespaces, each
//! with `revisions` Helm revisions (all but the last superseded), written in Helm's real
//! release encoding.

use std::io::{Read, Write};

use base64::Engine;
use serde_json::{Value, json};

use crate::recorded;
use crate::store::Store;

#[derive(Debug, Clone, Copy)]
pub struct Fleet {
    pub bots: usize,
    pub namespaces: usize,
    pub revisions: u64,
}

const TYPES: [&str; 3] = ["picoclaw", "ironclaw", "openclaw"];

impl Fleet {
    pub fn store(&self) -> Store {
        let templates = Templates::load();
        let mut s = Store::new();
        s.version = serde_json::from_str(recorded::VERSION).unwrap();
        // The control plane, as recorded.
        s.insert("v1", "secrets", templates.control_plane_secret.clone());
        s.insert("v1", "pods", templates.control_plane_pod.clone());
        s.insert(
            "apps/v1",
            "deployments",
            templates.control_plane_deployment.clone(),
        );
        s.insert("v1", "services", templates.control_plane_service.clone());
        for i in 0..self.bots {
            let namespace = format!("bots-{:03}", i % self.namespaces.max(1));
            let name = format!("bot-{i:05}");
            let chart = TYPES[i % TYPES.len()];
            for rev in 1..=self.revisions {
                let status = if rev == self.revisions {
                    "deployed"
                } else {
                    "superseded"
                };
                s.insert(
                    "v1",
                    "secrets",
                    templates.release_secret(&namespace, &name, chart, rev, status),
                );
            }
            s.insert("v1", "pods", templates.pod(&namespace, &name, chart, i));
            s.insert(
                "apps/v1",
                "deployments",
                templates.deployment(&namespace, &name, chart),
            );
            s.insert(
                "v1",
                "services",
                templates.service(&namespace, &name, chart),
            );
        }
        s
    }
}

struct Templates {
    release_json: Value,
    secret: Value,
    pod: Value,
    deployment: Value,
    control_plane_secret: Value,
    control_plane_pod: Value,
    control_plane_deployment: Value,
    service: Value,
    control_plane_service: Value,
}

fn items(list: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(list).unwrap()["items"]
        .as_array()
        .unwrap()
        .clone()
}

fn named<'a>(items: &'a [Value], prefix: &str) -> &'a Value {
    items
        .iter()
        .find(|o| o["metadata"]["name"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("recorded object {prefix}*"))
}

impl Templates {
    fn load() -> Templates {
        let secrets = items(recorded::SECRETS_ALL_REVISIONS);
        let pods = items(recorded::PODS);
        let deployments = items(recorded::DEPLOYMENTS);
        let services = items(recorded::SERVICES);
        let secret = named(&secrets, "sh.helm.release.v1.pico2.v1").clone();
        Templates {
            release_json: decode_release(secret["data"]["release"].as_str().unwrap()),
            secret,
            pod: named(&pods, "pico-picoclaw-").clone(),
            deployment: named(&deployments, "pico-picoclaw").clone(),
            control_plane_secret: named(&secrets, "sh.helm.release.v1.clawmachine.v1").clone(),
            control_plane_pod: named(&pods, "clawmachine-").clone(),
            control_plane_deployment: named(&deployments, "clawmachine-").clone(),
            service: named(&services, "pico-picoclaw").clone(),
            control_plane_service: named(&services, "clawmachine-").clone(),
        }
    }

    fn release_secret(&self, ns: &str, name: &str, chart: &str, rev: u64, status: &str) -> Value {
        let mut rel = self.release_json.clone();
        rel["name"] = json!(name);
        rel["namespace"] = json!(ns);
        rel["version"] = json!(rev);
        rel["info"]["status"] = json!(status);
        rel["chart"]["metadata"]["name"] = json!(chart);
        let mut s = self.secret.clone();
        let secret_name = format!("sh.helm.release.v1.{name}.v{rev}");
        s["metadata"]["name"] = json!(secret_name);
        s["metadata"]["namespace"] = json!(ns);
        s["metadata"]["uid"] = json!(format!("uid-{secret_name}"));
        s["metadata"]["labels"] = json!({
            "name": name, "owner": "helm", "status": status, "version": rev.to_string(), "modifiedAt": "1795584801",
        });
        s["data"]["release"] = json!(encode_release(&rel));
        s
    }

    fn pod(&self, ns: &str, name: &str, chart: &str, i: usize) -> Value {
        let mut p = self.pod.clone();
        let fullname = format!("{name}-{chart}");
        p["metadata"]["name"] = json!(format!("{fullname}-5d9c8b7f6-{i:05}"));
        p["metadata"]["namespace"] = json!(ns);
        p["metadata"]["generateName"] = json!(format!("{fullname}-5d9c8b7f6-"));
        p["metadata"]["uid"] = json!(format!("uid-pod-{ns}-{name}"));
        p["metadata"]["labels"] = workload_labels(name, chart);
        p["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("ownerReferences");
        p
    }

    fn deployment(&self, ns: &str, name: &str, chart: &str) -> Value {
        let mut d = self.deployment.clone();
        d["metadata"]["name"] = json!(format!("{name}-{chart}"));
        d["metadata"]["namespace"] = json!(ns);
        d["metadata"]["uid"] = json!(format!("uid-deploy-{ns}-{name}"));
        d["metadata"]["labels"] = workload_labels(name, chart);
        d
    }
}

impl Templates {
    /// The bot's Service with its type's port name and number, as ClawMachine's charts name it.
    fn service(&self, ns: &str, name: &str, chart: &str) -> Value {
        let (port_name, port) = match chart {
            "ironclaw" => ("gateway", 3000),
            "openclaw" => ("http", 18789),
            _ => ("http", 18790),
        };
        let mut svc = self.service.clone();
        svc["metadata"]["name"] = json!(format!("{name}-{chart}"));
        svc["metadata"]["namespace"] = json!(ns);
        svc["metadata"]["uid"] = json!(format!("uid-svc-{ns}-{name}"));
        svc["metadata"]["labels"] = workload_labels(name, chart);
        svc["spec"]["ports"] =
            json!([{"name": port_name, "protocol": "TCP", "port": port, "targetPort": port_name}]);
        svc["spec"]["selector"] =
            json!({"app.kubernetes.io/instance": name, "app.kubernetes.io/name": chart});
        svc
    }
}

fn workload_labels(name: &str, chart: &str) -> Value {
    json!({
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/name": chart,
        "app.kubernetes.io/managed-by": "Helm",
        "clawmachine.dev/bot-type": chart,
        "helm.sh/chart": format!("{chart}-0.1.0"),
    })
}

/// Helm's encoding, then the API's: base64(base64(gzip(json))).
pub fn encode_release(release: &Value) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(release.to_string().as_bytes()).unwrap();
    b64.encode(b64.encode(gz.finish().unwrap()))
}

pub fn decode_release(api_b64: &str) -> Value {
    let b64 = base64::engine::general_purpose::STANDARD;
    let helm = b64.decode(api_b64).unwrap();
    let gz = b64.decode(helm).unwrap();
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut json)
        .unwrap();
    serde_json::from_slice(&json).unwrap()
}
