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
    /// The fleet with the recorded stand-in releases' payloads (about 3 KB each).
    pub fn store(&self) -> Store {
        self.build(Templates::load())
    }

    /// The fleet with payloads the size real ones are: each release carries what Helm stores
    /// for ClawMachine's charts — the chart's templates, values and schema, and the manifest
    /// rendered by real Helm from our drop-in charts (about 16 KB a release Secret, as on the
    /// real cluster the issue measured).
    pub fn store_realistic(&self) -> Store {
        let mut t = Templates::load();
        t.real = TYPES
            .iter()
            .map(|chart| (chart.to_string(), RealChart::load(chart)))
            .collect();
        self.build(t)
    }

    fn build(&self, templates: Templates) -> Store {
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
            // One payload for the superseded revisions (they differ in their labels only;
            // encoding each would make a big fleet slow to build), one for the deployed.
            let superseded = templates.payload(&namespace, &name, chart, 1, "superseded");
            let deployed = templates.payload(&namespace, &name, chart, self.revisions, "deployed");
            for rev in 1..=self.revisions {
                let (status, payload) = if rev == self.revisions {
                    ("deployed", &deployed)
                } else {
                    ("superseded", &superseded)
                };
                s.insert(
                    "v1",
                    "secrets",
                    templates.release_secret(&namespace, &name, rev, status, payload),
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
    /// By chart: what a real release of it carries (empty: the recorded stand-ins).
    real: std::collections::BTreeMap<String, RealChart>,
}

/// What Helm stores of one of our charts in a release: its templates, values, schema, and a
/// manifest rendered for a release named `relname` in namespace `relns`.
struct RealChart {
    templates: Value,
    values: Value,
    schema: Value,
    manifest: String,
}

impl RealChart {
    fn load(chart: &str) -> RealChart {
        let b64 = base64::engine::general_purpose::STANDARD;
        let dir = crate::bins::workspace_root().join("charts").join(chart);
        let mut templates = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(dir.join("templates"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            templates.push(json!({
                "name": format!("templates/{}", f.file_name().unwrap().to_string_lossy()),
                "data": b64.encode(std::fs::read(&f).unwrap()),
            }));
        }
        let values: Value =
            serde_saphyr::from_str(&std::fs::read_to_string(dir.join("values.yaml")).unwrap())
                .unwrap();
        let schema = std::fs::read(dir.join("values.schema.json"))
            .map(|s| json!(b64.encode(s)))
            .unwrap_or(Value::Null);
        RealChart {
            templates: json!(templates),
            values,
            schema,
            manifest: crate::shaped::manifest_from_chart(chart, "relname", "relns", &{
                // IronClaw will not render without its database password.
                if chart == "ironclaw" {
                    json!({"postgresql": {"password": "fleet-only"}})
                } else {
                    json!({})
                }
            }),
        }
    }
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
            real: Default::default(),
        }
    }

    /// A release payload as the API returns it (`data.release`).
    fn payload(&self, ns: &str, name: &str, chart: &str, rev: u64, status: &str) -> String {
        let mut rel = self.release_json.clone();
        rel["name"] = json!(name);
        rel["namespace"] = json!(ns);
        rel["version"] = json!(rev);
        rel["info"]["status"] = json!(status);
        rel["chart"]["metadata"]["name"] = json!(chart);
        if let Some(real) = self.real.get(chart) {
            rel["chart"]["templates"] = real.templates.clone();
            rel["chart"]["values"] = real.values.clone();
            rel["chart"]["schema"] = real.schema.clone();
            rel["manifest"] = json!(real.manifest.replace("relname", name).replace("relns", ns));
        }
        encode_release(&rel)
    }

    fn release_secret(&self, ns: &str, name: &str, rev: u64, status: &str, payload: &str) -> Value {
        let mut s = self.secret.clone();
        let secret_name = format!("sh.helm.release.v1.{name}.v{rev}");
        s["metadata"]["name"] = json!(secret_name);
        s["metadata"]["namespace"] = json!(ns);
        s["metadata"]["uid"] = json!(format!("uid-{secret_name}"));
        s["metadata"]["labels"] = json!({
            "name": name, "owner": "helm", "status": status, "version": rev.to_string(), "modifiedAt": "1795584801",
        });
        s["data"]["release"] = json!(payload);
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
