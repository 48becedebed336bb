//! Releases shaped as ClawMachine installs them, for the write side: each a release Secret in
//! Helm 3's or Helm 4's real encoding (taken from the recorded ones), whose manifest is either
//! built from a recorded contract render (`fixtures/chart-contract`) or rendered by real Helm
//! from a chart, and whose config holds the values the user set.

use serde_json::{Map, Value, json};

use crate::fleet::{decode_release, encode_release};
use crate::recorded;
use crate::store::Store;

/// Which Helm wrote a release: its payloads differ (Helm 4 adds `apply_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Helm3,
    Helm4,
}

/// A release to put in a fake cluster.
#[derive(Debug, Clone)]
pub struct Release {
    pub namespace: String,
    pub name: String,
    pub chart: String,
    pub chart_version: String,
    pub app_version: String,
    /// The values the user set (the release's `config`).
    pub config: Value,
    pub manifest: String,
    pub revision: u64,
    pub status: String,
    /// Helm's description of the last operation (`info.description`).
    pub description: Option<String>,
    /// When the revision was deployed (`info.last_deployed`, RFC 3339).
    pub last_deployed: Option<String>,
    pub writer: Writer,
}

impl Release {
    pub fn new(
        namespace: &str,
        name: &str,
        chart: &str,
        config: Value,
        manifest: String,
    ) -> Release {
        Release {
            namespace: namespace.into(),
            name: name.into(),
            chart: chart.into(),
            chart_version: "0.1.8".into(),
            app_version: "0.1.8".into(),
            config,
            manifest,
            revision: 1,
            status: "deployed".into(),
            description: None,
            last_deployed: None,
            writer: Writer::Helm4,
        }
    }

    /// Revision `revision` of the release, deployed at `at` (RFC 3339), as Helm described it.
    pub fn revision(mut self, revision: u64, status: &str, at: &str, description: &str) -> Release {
        self.revision = revision;
        self.status = status.into();
        self.last_deployed = Some(at.into());
        self.description = Some(description.into());
        self
    }

    pub fn written_by(mut self, writer: Writer) -> Release {
        self.writer = writer;
        self
    }

    /// A release whose last operation ended in `status` (e.g. `failed`), as Helm described it.
    pub fn ended(mut self, status: &str, description: &str) -> Release {
        self.status = status.into();
        self.description = Some(description.into());
        self
    }

    pub fn version(mut self, chart_version: &str) -> Release {
        self.chart_version = chart_version.into();
        self
    }

    /// The release Secret Helm would store for it.
    pub fn secret(&self) -> Value {
        let secrets: Value = serde_json::from_str(recorded::SECRETS_NOT_SUPERSEDED).unwrap();
        // Recorded: `iron` was written by Helm 3.17, `pico2` by Helm 4.1.
        let template_name = match self.writer {
            Writer::Helm3 => "sh.helm.release.v1.iron.v1",
            Writer::Helm4 => "sh.helm.release.v1.pico2.v1",
        };
        let mut secret = secrets["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["metadata"]["name"] == template_name)
            .unwrap()
            .clone();
        let mut rel = decode_release(secret["data"]["release"].as_str().unwrap());
        rel["name"] = json!(self.name);
        rel["namespace"] = json!(self.namespace);
        rel["version"] = json!(self.revision);
        rel["info"]["status"] = json!(self.status);
        if let Some(d) = &self.description {
            rel["info"]["description"] = json!(d);
        }
        if let Some(at) = &self.last_deployed {
            rel["info"]["last_deployed"] = json!(at);
        }
        rel["chart"]["metadata"]["name"] = json!(self.chart);
        rel["chart"]["metadata"]["version"] = json!(self.chart_version);
        rel["chart"]["metadata"]["appVersion"] = json!(self.app_version);
        rel["config"] = self.config.clone();
        rel["manifest"] = json!(self.manifest);
        let secret_name = format!("sh.helm.release.v1.{}.v{}", self.name, self.revision);
        secret["metadata"]["name"] = json!(secret_name);
        secret["metadata"]["namespace"] = json!(self.namespace);
        secret["metadata"]["uid"] = json!(format!("uid-{}-{secret_name}", self.namespace));
        secret["metadata"]["labels"] = json!({
            "name": self.name, "owner": "helm", "status": self.status,
            "version": self.revision.to_string(),
        });
        secret["data"]["release"] = json!(encode_release(&rel));
        secret
    }
}

/// A cluster holding `releases` (and nothing else but the server's version).
pub fn store(releases: &[Release]) -> Store {
    let mut s = Store::new();
    s.version = serde_json::from_str(recorded::VERSION).unwrap();
    // As in a real cluster, each namespace is an object too (install checks that its exists).
    let mut namespaces: Vec<String> = ["default", "kube-system"].map(String::from).to_vec();
    for r in releases {
        let secret = r.secret();
        if let Some(ns) = secret["metadata"]["namespace"].as_str() {
            namespaces.push(ns.to_string());
        }
        s.insert("v1", "secrets", secret);
    }
    namespaces.sort();
    namespaces.dedup();
    for ns in namespaces {
        s.insert(
            "v1",
            "namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
        );
    }
    s
}

/// The objects a release's manifest puts on the cluster, as the API server keeps them: in the
/// release's namespace, labelled as Helm labels them, Deployments with a finished rollout and
/// the field manager Helm writes under. Only the kinds claw compares for drift.
pub fn live_objects(r: &Release) -> Vec<(&'static str, &'static str, Value)> {
    let mut out = Vec::new();
    for doc in r.manifest.split("\n---") {
        let Ok(mut o) = serde_saphyr::from_str::<Value>(doc.trim_start_matches("---")) else {
            continue;
        };
        let (gv, plural) = match o["kind"].as_str() {
            Some("Deployment") => ("apps/v1", "deployments"),
            Some("Service") => ("v1", "services"),
            Some("ConfigMap") => ("v1", "configmaps"),
            Some("PersistentVolumeClaim") => ("v1", "persistentvolumeclaims"),
            Some("NetworkPolicy") => ("networking.k8s.io/v1", "networkpolicies"),
            Some("CronJob") => ("batch/v1", "cronjobs"),
            _ => continue,
        };
        let name = o["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let meta = &mut o["metadata"];
        meta["namespace"] = json!(r.namespace);
        meta["uid"] = json!(format!("uid-{}-{name}", r.namespace));
        meta["generation"] = json!(1);
        meta["creationTimestamp"] = json!("2026-11-25T14:30:00Z");
        meta["annotations"]["meta.helm.sh/release-name"] = json!(r.name);
        meta["annotations"]["meta.helm.sh/release-namespace"] = json!(r.namespace);
        meta["labels"]["app.kubernetes.io/managed-by"] = json!("Helm");
        meta["managedFields"] = json!([{
            "manager": "helm", "operation": "Apply", "apiVersion": gv,
            "time": "2026-11-25T14:30:00Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}},
        }]);
        if plural == "deployments" {
            let replicas = o["spec"]["replicas"].as_i64().unwrap_or(1);
            o["status"] = json!({"observedGeneration": 1, "replicas": replicas,
                "updatedReplicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas});
        }
        out.push((gv, plural, o));
    }
    out
}

/// A cluster holding `releases` and, for each, the objects its manifest puts on the cluster.
pub fn store_with_live(releases: &[Release]) -> Store {
    let mut s = store(releases);
    // Older revisions of a release come first: the newest one's objects are the ones there.
    let mut newest: std::collections::BTreeMap<(String, String), &Release> = Default::default();
    for r in releases {
        let key = (r.namespace.clone(), r.name.clone());
        if newest
            .get(&key)
            .is_none_or(|have| have.revision < r.revision)
        {
            newest.insert(key, r);
        }
    }
    for r in newest.values() {
        for (gv, plural, o) in live_objects(r) {
            s.insert(gv, plural, o);
        }
    }
    s
}

/// A manifest with the objects of a recorded contract render: every object by kind and name,
/// with the fields the contract keeps (selectors, containers' images, users, env, mounts and
/// their volumes, ports, probes; Services' ports; PVCs' size and modes; NetworkPolicies' types;
/// ConfigMap and Secret keys).
pub fn manifest_from_contract(contract: &Value) -> String {
    let mut docs = Vec::new();
    for (key, fields) in contract.as_object().unwrap() {
        let (kind, name) = key.split_once('/').unwrap();
        docs.push(object_from_contract(kind, name, fields));
    }
    docs.iter()
        .map(|d| format!("---\n{}\n", serde_json::to_string(d).unwrap()))
        .collect()
}

fn object_from_contract(kind: &str, name: &str, f: &Value) -> Value {
    let mut o = json!({"apiVersion": api_version(kind), "kind": kind, "metadata": {"name": name}});
    match kind {
        "Deployment" => {
            o["spec"] = json!({
                "selector": {"matchLabels": f["selector"]},
                "template": {"metadata": {"labels": f["selector"]}, "spec": pod(&f["pod"])},
            });
        }
        "CronJob" => {
            o["spec"] = json!({"jobTemplate": {"spec": {"template": {"spec": pod(&f["pod"])}}}});
        }
        "Job" => o["spec"] = json!({"template": {"spec": pod(&f["pod"])}}),
        "Service" => {
            let ports: Vec<Value> = strs(&f["ports"])
                .map(|p| {
                    let (name, rest) = p.split_once(':').unwrap();
                    let (port, target) = rest.split_once("->").unwrap();
                    json!({"name": name, "port": port.parse::<u16>().unwrap(), "targetPort": number_or_name(target)})
                })
                .collect();
            o["spec"] = json!({"type": f["type"], "ports": ports});
        }
        "PersistentVolumeClaim" => {
            o["spec"] = json!({"accessModes": f["modes"], "resources": {"requests": {"storage": f["size"]}}});
        }
        "NetworkPolicy" => o["spec"] = json!({"podSelector": {}, "policyTypes": f["types"]}),
        "ConfigMap" | "Secret" => {
            let data: Map<String, Value> = strs(&f["keys"])
                .map(|k| (k.to_string(), json!("x")))
                .collect();
            o["data"] = Value::Object(data);
        }
        _ => {}
    }
    o
}

fn api_version(kind: &str) -> &'static str {
    match kind {
        "Deployment" => "apps/v1",
        "CronJob" | "Job" => "batch/v1",
        "NetworkPolicy" | "Ingress" => "networking.k8s.io/v1",
        "ClusterRole" | "ClusterRoleBinding" => "rbac.authorization.k8s.io/v1",
        "CiliumNetworkPolicy" => "cilium.io/v2",
        _ => "v1",
    }
}

fn strs(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str)
}

fn number_or_name(s: &str) -> Value {
    s.parse::<u16>().map_or_else(|_| json!(s), |n| json!(n))
}

/// A pod spec from the contract's containers.
fn pod(pod: &Value) -> Value {
    let mut spec = json!({"containers": [], "initContainers": [], "volumes": []});
    let mut volumes: Vec<(String, Value)> = Vec::new();
    for (key, c) in pod.as_object().unwrap() {
        let (list, name) = key.split_once('/').unwrap();
        let mut container =
            json!({"name": name, "image": format!("{}:x", c["image"].as_str().unwrap())});
        if c["wrapped"] == true {
            container["command"] = json!(["/bin/sh"]);
        }
        let mut sc = Map::new();
        for (field, k8s) in [("user", "runAsUser"), ("group", "runAsGroup")] {
            if !c[field].is_null() {
                sc.insert(k8s.to_string(), c[field].clone());
            }
        }
        if !sc.is_empty() {
            container["securityContext"] = Value::Object(sc);
        }
        if !c["fsGroup"].is_null() {
            spec["securityContext"] = json!({"fsGroup": c["fsGroup"]});
        }
        container["env"] = strs(&c["env"])
            .map(|n| json!({"name": n, "value": "x"}))
            .collect();
        container["envFrom"] = strs(&c["envFrom"])
            .map(|e| match e.split_once(':').unwrap() {
                ("cm", n) => json!({"configMapRef": {"name": n}}),
                (_, n) => json!({"secretRef": {"name": n}}),
            })
            .collect();
        container["ports"] = strs(&c["ports"])
            .map(|p| {
                let (n, port) = p.split_once(':').unwrap();
                json!({"name": n, "containerPort": port.parse::<u16>().unwrap()})
            })
            .collect();
        let mut mounts = Vec::new();
        for m in strs(&c["mounts"]) {
            let (path, source) = m.split_once("<-").unwrap();
            let volume = volume_name(&mut volumes, source);
            mounts.push(json!({"name": volume, "mountPath": path}));
        }
        container["volumeMounts"] = Value::Array(mounts);
        for (field, k8s) in [
            ("liveness", "livenessProbe"),
            ("readiness", "readinessProbe"),
        ] {
            if let Some(p) = c[field].as_str() {
                container[k8s] = probe(p);
            }
        }
        let list = if list == "initContainer" {
            "initContainers"
        } else {
            "containers"
        };
        spec[list].as_array_mut().unwrap().push(container);
    }
    spec["volumes"] = volumes.into_iter().map(|(_, v)| v).collect();
    spec
}

/// The volume for a mount source (`persistentVolumeClaim:NAME`, `emptyDir:`), added once.
fn volume_name(volumes: &mut Vec<(String, Value)>, source: &str) -> String {
    if let Some((name, _)) = volumes.iter().find(|(s, _)| s == source) {
        return name.clone();
    }
    let name = format!("v{}", volumes.len());
    let (kind, reference) = source.split_once(':').unwrap();
    let volume = match kind {
        "persistentVolumeClaim" => {
            json!({"name": name, "persistentVolumeClaim": {"claimName": reference}})
        }
        "configMap" => json!({"name": name, "configMap": {"name": reference}}),
        "secret" => json!({"name": name, "secret": {"secretName": reference}}),
        other => json!({"name": name, other: {}}),
    };
    volumes.push((source.to_string(), volume));
    name
}

fn probe(p: &str) -> Value {
    let mut parts = p.splitn(3, ':');
    let (kind, path, port) = (
        parts.next().unwrap(),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    match kind {
        "httpGet" => json!({"httpGet": {"path": path, "port": number_or_name(port)}}),
        "tcpSocket" => json!({"tcpSocket": {"port": number_or_name(port)}}),
        _ => json!({"exec": {"command": ["true"]}}),
    }
}

/// `helm template RELEASE charts/CHART -n NAMESPACE -f values` with real Helm 4: a manifest as
/// a release of that chart has it.
pub fn manifest_from_chart(chart: &str, release: &str, namespace: &str, values: &Value) -> String {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("values.json");
    std::fs::write(&file, values.to_string()).unwrap();
    let mut c = crate::bins::helm_command("helm4", home.path());
    c.args(["template", release])
        .arg(crate::bins::workspace_root().join("charts").join(chart))
        .args(["--namespace", namespace, "--no-hooks", "-f"])
        .arg(&file);
    let out = crate::bins::run(&mut c);
    assert_eq!(out.code, 0, "helm template {chart}: {}", out.all());
    out.stdout
}
