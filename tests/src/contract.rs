//! The app contract of a chart's render, as recorded in `fixtures/chart-contract/`: per object
//! (`Kind/name`) the fields a bot's world depends on. [`summarize`] reads a rendered manifest
//! into that shape; [`compare`] names every field where two summaries differ.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// The contract summary of a manifest (YAML documents, as `helm template` prints them).
pub fn summarize(manifest: &str) -> Value {
    let mut out = Map::new();
    for doc in documents(manifest) {
        let (Some(kind), Some(name)) = (doc["kind"].as_str(), doc["metadata"]["name"].as_str())
        else {
            continue;
        };
        out.insert(format!("{kind}/{name}"), summarize_object(kind, &doc));
    }
    Value::Object(out)
}

/// The YAML documents of a manifest, parsed.
pub fn documents(manifest: &str) -> Vec<Value> {
    let mut docs = Vec::new();
    let mut current = String::new();
    for line in manifest.lines().chain(std::iter::once("---")) {
        if line.trim_end() == "---" {
            if !current.trim().is_empty()
                && let Ok(v) = serde_saphyr::from_str::<Value>(&current)
                && !v.is_null()
            {
                docs.push(v);
            }
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    docs
}

fn summarize_object(kind: &str, o: &Value) -> Value {
    match kind {
        "Deployment" => json!({
            "selector": o["spec"]["selector"]["matchLabels"],
            "pod": pod(&o["spec"]["template"]["spec"]),
        }),
        "Job" => json!({"pod": pod(&o["spec"]["template"]["spec"])}),
        "CronJob" => json!({"pod": pod(&o["spec"]["jobTemplate"]["spec"]["template"]["spec"])}),
        "ConfigMap" | "Secret" => {
            let mut keys: Vec<&String> = ["data", "stringData", "binaryData"]
                .iter()
                .filter_map(|f| o[*f].as_object())
                .flat_map(|m| m.keys())
                .collect();
            keys.sort();
            keys.dedup();
            json!({"keys": keys})
        }
        "Service" => {
            let ports: Vec<String> = array(&o["spec"]["ports"])
                .map(|p| {
                    format!(
                        "{}:{}->{}",
                        text(&p["name"]),
                        text(&p["port"]),
                        text(&p["targetPort"])
                    )
                })
                .collect();
            json!({"type": o["spec"]["type"].as_str().unwrap_or("ClusterIP"), "ports": ports})
        }
        "PersistentVolumeClaim" => json!({
            "size": o["spec"]["resources"]["requests"]["storage"],
            "modes": o["spec"]["accessModes"],
        }),
        "NetworkPolicy" => {
            let mut types: Vec<String> = array(&o["spec"]["policyTypes"]).map(text).collect();
            types.sort();
            json!({"types": types})
        }
        _ => json!({}),
    }
}

fn pod(spec: &Value) -> Value {
    let volumes: BTreeMap<String, String> = array(&spec["volumes"])
        .map(|v| (text(&v["name"]), volume_source(v)))
        .collect();
    let mut out = Map::new();
    for (list, prefix) in [
        ("initContainers", "initContainer"),
        ("containers", "container"),
    ] {
        for c in array(&spec[list]) {
            out.insert(
                format!("{prefix}/{}", text(&c["name"])),
                container(c, spec, &volumes),
            );
        }
    }
    Value::Object(out)
}

/// "persistentVolumeClaim:NAME", "configMap:NAME", "secret:NAME", "emptyDir:".
fn volume_source(v: &Value) -> String {
    for (kind, field) in [
        ("persistentVolumeClaim", "claimName"),
        ("configMap", "name"),
        ("secret", "secretName"),
    ] {
        if v[kind].is_object() {
            return format!("{kind}:{}", text(&v[kind][field]));
        }
    }
    let other = v
        .as_object()
        .and_then(|m| m.keys().find(|k| *k != "name").cloned())
        .unwrap_or_default();
    format!("{other}:")
}

fn container(c: &Value, pod_spec: &Value, volumes: &BTreeMap<String, String>) -> Value {
    let image = text(&c["image"]);
    let repository = image.rsplit_once(':').map_or(image.as_str(), |(r, _)| r);
    let sc = |field: &str| {
        let own = &c["securityContext"][field];
        if own.is_null() {
            pod_spec["securityContext"][field].clone()
        } else {
            own.clone()
        }
    };
    let mut env: Vec<String> = array(&c["env"]).map(|e| text(&e["name"])).collect();
    env.sort();
    let mut env_from: Vec<String> = array(&c["envFrom"])
        .map(|e| {
            if e["configMapRef"].is_object() {
                format!("cm:{}", text(&e["configMapRef"]["name"]))
            } else {
                format!("secret:{}", text(&e["secretRef"]["name"]))
            }
        })
        .collect();
    env_from.sort();
    let mut mounts: Vec<String> = array(&c["volumeMounts"])
        .map(|m| {
            let source = volumes.get(&text(&m["name"])).cloned().unwrap_or_default();
            format!("{}<-{source}", text(&m["mountPath"]))
        })
        .collect();
    mounts.sort();
    let ports: Vec<String> = array(&c["ports"])
        .map(|p| format!("{}:{}", text(&p["name"]), text(&p["containerPort"])))
        .collect();
    json!({
        "image": repository,
        "wrapped": !c["command"].is_null() || !c["args"].is_null(),
        "user": sc("runAsUser"),
        "group": sc("runAsGroup"),
        "fsGroup": pod_spec["securityContext"]["fsGroup"],
        "env": env,
        "envFrom": env_from,
        "mounts": mounts,
        "ports": ports,
        "liveness": probe(&c["livenessProbe"]),
        "readiness": probe(&c["readinessProbe"]),
    })
}

/// "httpGet:PATH:PORT", "tcpSocket::PORT", "exec::", or null.
fn probe(p: &Value) -> Value {
    if p["httpGet"].is_object() {
        json!(format!(
            "httpGet:{}:{}",
            text(&p["httpGet"]["path"]),
            text(&p["httpGet"]["port"])
        ))
    } else if p["tcpSocket"].is_object() {
        json!(format!("tcpSocket::{}", text(&p["tcpSocket"]["port"])))
    } else if p["exec"].is_object() {
        json!("exec::")
    } else {
        Value::Null
    }
}

fn array(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

/// A scalar as text ("" for null).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Every difference between `want` (the recorded contract) and `got` (our render), one line
/// each, naming the object and field: objects missing or extra, and fields that differ.
pub fn compare(want: &Value, got: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let (Some(want), Some(got)) = (want.as_object(), got.as_object()) else {
        return vec!["not a contract summary".into()];
    };
    for (key, w) in want {
        match got.get(key) {
            None => diffs.push(format!("{key}: missing")),
            Some(g) => compare_value(key, w, g, &mut diffs),
        }
    }
    for key in got.keys().filter(|k| !want.contains_key(*k)) {
        diffs.push(format!("{key}: not in the contract"));
    }
    diffs
}

fn compare_value(path: &str, want: &Value, got: &Value, diffs: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let keys: std::collections::BTreeSet<&String> = w.keys().chain(g.keys()).collect();
            for k in keys {
                let (wv, gv) = (
                    w.get(k).unwrap_or(&Value::Null),
                    g.get(k).unwrap_or(&Value::Null),
                );
                compare_value(&format!("{path}.{k}"), wv, gv, diffs);
            }
        }
        (w, g) if w != g => diffs.push(format!("{path}: want {w}, got {g}")),
        _ => {}
    }
}
