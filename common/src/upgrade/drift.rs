//! Drift: fields of a release's live objects that someone changed on the cluster outside Helm
//! (`kubectl scale`, `kubectl edit`, `kubectl set image`), which the next upgrade or rollback
//! writes back. Pure: the deployed manifest's object, the live object and the object the
//! operation will write in; drift out.
//!
//! What Helm overwrites: Helm 3 patches each object with a three-way merge (deployed manifest,
//! new manifest, live object), Helm 4 applies it server-side; either way a field the manifest
//! sets is set again, while what the manifest never set (an annotation someone added, an extra
//! env entry in a list merged by name, a controller's status) is left alone. So only the fields
//! the deployed manifest sets are compared, list items merged by `name` are matched by name,
//! and a field whose live value is already what the operation writes is no drift.
//! Who changed a field comes from the live object's `managedFields`: the manager that owns it
//! now (Kubernetes moves ownership to whoever wrote a field last).

use serde::Serialize;
use serde_json::Value;

use crate::fleet::quantity;

/// One field changed on the cluster outside Helm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    /// `Kind/name`.
    pub object: String,
    /// `spec.replicas`, `spec.template.spec.containers[bot].image`; empty when the whole
    /// object is gone.
    pub field: String,
    /// The field manager that owns the field now (`kubectl`, `kubectl-edit`, …), when
    /// `managedFields` names one other than Helm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// The value on the cluster and the deployed manifest's, for fields whose values are safe
    /// to show (replicas, images, resources, ports, labels); `None` for the rest (env, data,
    /// args and annotations may hold secrets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
}

impl Drift {
    /// "Deployment/x spec.replicas is 3 on the cluster (set by kubectl), 1 in the release".
    pub fn message(&self) -> String {
        if self.field.is_empty() {
            return format!("{} was deleted on the cluster", self.object);
        }
        let by = match &self.manager {
            Some(m) => format!("set by {m}"),
            None => "changed outside Helm".to_string(),
        };
        match (&self.live, &self.release) {
            (Some(live), Some(release)) => format!(
                "{} {} is {live} on the cluster ({by}), {release} in the release",
                self.object, self.field
            ),
            _ => format!(
                "{} {} differs on the cluster ({by})",
                self.object, self.field
            ),
        }
    }
}

/// One step of a field's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    /// An item of a list merged by name (containers, env, volumes, ports).
    Named(String),
    Index(usize),
}

type Path = Vec<Step>;

/// Managers that are the cluster's own controllers: what they write (an autoscaler's replicas)
/// is theirs to keep writing, not a person's change to warn about.
const CONTROLLERS: &[&str] = &["kube-controller-manager", "kube-scheduler", "kubelet"];

/// Keys that controllers or `kubectl rollout restart` write even where a chart sets them.
const CONTROLLER_KEYS: &[&str] = &[
    "deployment.kubernetes.io/revision",
    "kubectl.kubernetes.io/restartedAt",
    "kubectl.kubernetes.io/last-applied-configuration",
];

/// Field names whose values may be shown (the rest are named only).
const SHOWN: &[&str] = &[
    "replicas",
    "image",
    "imagePullPolicy",
    "cpu",
    "memory",
    "storage",
    "ephemeral-storage",
    "type",
    "port",
    "containerPort",
    "targetPort",
    "storageClassName",
];

/// The drift of one object: `deployed` is the object as the deployed manifest has it, `live`
/// the object on the cluster (`None`: gone), `next` the object as the operation will write it
/// (`None`: the operation deletes it, or no operation is planned and every drift counts).
pub fn object_drift(
    key: &str,
    deployed: &Value,
    live: Option<&Value>,
    next: Option<&Value>,
) -> Vec<Drift> {
    let Some(live) = live else {
        return vec![Drift {
            object: key.to_string(),
            field: String::new(),
            manager: None,
            live: None,
            release: None,
        }];
    };
    let mut found: Vec<(Path, &Value, &Value)> = Vec::new();
    let roots: &[&[&str]] = &[
        &["metadata", "labels"],
        &["metadata", "annotations"],
        &["spec"],
        &["data"],
    ];
    for root in roots {
        let path: Path = root.iter().map(|k| Step::Key(k.to_string())).collect();
        let (Some(d), l) = (at(deployed, &path), at(live, &path)) else {
            continue;
        };
        walk(&path, d, l.unwrap_or(&Value::Null), &mut found);
    }
    found
        .into_iter()
        .filter(|(path, _, l)| {
            next.is_none_or(|n| !same(path, at(n, path).unwrap_or(&Value::Null), l))
        })
        .filter_map(|(path, d, l)| {
            let manager = owner(live, &path);
            if manager.as_deref().is_some_and(|m| CONTROLLERS.contains(&m)) {
                return None;
            }
            let shown = shows_value(&path);
            Some(Drift {
                object: key.to_string(),
                field: render(&path),
                manager,
                live: shown.then(|| short(l)),
                release: shown.then(|| short(d)),
            })
        })
        .collect()
}

/// Collects the paths under `path` where the deployed value `d` and the live `l` differ.
fn walk<'a>(path: &Path, d: &'a Value, l: &'a Value, out: &mut Vec<(Path, &'a Value, &'a Value)>) {
    if same(path, d, l) {
        return;
    }
    match (d, l) {
        (Value::Object(dm), Value::Object(lm)) => {
            for (k, dv) in dm {
                if CONTROLLER_KEYS.contains(&k.as_str()) {
                    continue;
                }
                let mut p = path.clone();
                p.push(Step::Key(k.clone()));
                walk(&p, dv, lm.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(da), Value::Array(la)) if named(da) => {
            for item in da {
                let name = item["name"].as_str().unwrap_or_default();
                let live_item = la
                    .iter()
                    .find(|i| i["name"] == name)
                    .unwrap_or(&Value::Null);
                let mut p = path.clone();
                p.push(Step::Named(name.to_string()));
                walk(&p, item, live_item, out);
            }
        }
        (Value::Array(da), Value::Array(la))
            if da.len() == la.len() && da.iter().all(Value::is_object) =>
        {
            for (i, (di, li)) in da.iter().zip(la).enumerate() {
                let mut p = path.clone();
                p.push(Step::Index(i));
                walk(&p, di, li, out);
            }
        }
        _ => out.push((path.clone(), d, l)),
    }
}

/// A list of objects each with a distinct `name`: merged by name.
fn named(items: &[Value]) -> bool {
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    !items.is_empty() && names.len() == items.len() && unique.len() == names.len()
}

/// Whether two values mean the same to the API server: equal; both unset or empty; a number
/// and its string; two quantities of the same amount (`1Gi` and `1024Mi`, `0.5` and `500m`).
fn same(path: &Path, a: &Value, b: &Value) -> bool {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    };
    if a == b || (empty(a) && empty(b)) {
        return true;
    }
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let (Some(x), Some(y)) = (scalar(a), scalar(b)) else {
        return false;
    };
    if x == y {
        return true;
    }
    let quantity = path
        .iter()
        .any(|s| matches!(s, Step::Key(k) if k == "resources" || k == "capacity"));
    quantity
        && matches!((quantity::bytes(&x), quantity::bytes(&y)), (Some(p), Some(q)) if (p - q).abs() <= p.abs() * 1e-9)
}

/// The value at `path`, if there is one.
fn at<'a>(v: &'a Value, path: &Path) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, step| match step {
        Step::Key(k) => v.get(k),
        Step::Named(n) => v.as_array()?.iter().find(|i| i["name"] == n.as_str()),
        Step::Index(i) => v.get(i),
    })
}

/// The manager that owns `path` now: one whose field set holds it exactly (or, where the set
/// keys a list item by something other than its name, holds the list), Helm aside; the latest
/// to write when several do.
fn owner(live: &Value, path: &Path) -> Option<String> {
    let entries = live["metadata"]["managedFields"].as_array()?;
    let mut owners: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e["manager"].as_str().is_some_and(|m| m != "helm"))
        .filter(|e| holds(&e["fieldsV1"], path))
        .map(|e| {
            (
                e["time"].as_str().unwrap_or_default(),
                e["manager"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    owners.sort();
    owners.last().map(|(_, m)| m.to_string())
}

/// Whether a `fieldsV1` set holds `path`: `f:KEY` for keys, `k:{"name":…}` for named items.
/// A step the set spells differently (an index, an item keyed by port) ends the walk there.
fn holds(fields: &Value, path: &Path) -> bool {
    let mut node = fields;
    for step in path {
        let next = match step {
            Step::Key(k) => node.get(format!("f:{k}")),
            Step::Named(n) => node.as_object().and_then(|m| {
                m.iter()
                    .find(|(k, _)| {
                        k.strip_prefix("k:")
                            .and_then(|j| serde_json::from_str::<Value>(j).ok())
                            .is_some_and(|key| key["name"] == n.as_str())
                    })
                    .map(|(_, v)| v)
            }),
            Step::Index(_) => None,
        };
        match next {
            Some(n) => node = n,
            None => {
                return !std::ptr::eq(node, fields)
                    && matches!(step, Step::Index(_) | Step::Named(_));
            }
        }
    }
    true
}

fn shows_value(path: &Path) -> bool {
    let labels = matches!(path.get(1), Some(Step::Key(k)) if k == "labels");
    let leaf = matches!(path.last(), Some(Step::Key(k)) if SHOWN.contains(&k.as_str()));
    labels || leaf
}

/// `spec.template.spec.containers[bot].image`; keys with dots or slashes in brackets.
fn render(path: &Path) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if k.contains(['.', '/']) => out.push_str(&format!("[{k}]")),
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Named(n) => out.push_str(&format!("[{n}]")),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::Null => "(unset)".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(replicas: i64, image: &str) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "pico-picoclaw", "labels": {"app.kubernetes.io/instance": "pico"}},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app.kubernetes.io/instance": "pico"}},
                "template": {"spec": {"containers": [{
                    "name": "picoclaw", "image": image,
                    "env": [{"name": "API_KEY", "value": "sk-live-123"}],
                    "resources": {"limits": {"memory": "1Gi", "cpu": "0.5"}},
                }]}},
            },
        })
    }

    /// The live object: what the manifest says, plus what the API server and its controllers
    /// add, plus `managedFields`.
    fn live(replicas: i64, image: &str, managed: Value) -> Value {
        let mut l = deployment(replicas, image);
        l["metadata"]["annotations"] = json!({"deployment.kubernetes.io/revision": "3"});
        l["metadata"]["managedFields"] = managed;
        let c = &mut l["spec"]["template"]["spec"]["containers"][0];
        c["imagePullPolicy"] = json!("IfNotPresent");
        c["terminationMessagePath"] = json!("/dev/termination-log");
        c["resources"] = json!({"limits": {"memory": "1024Mi", "cpu": "500m"}});
        l["status"] = json!({"replicas": replicas});
        l
    }

    fn helm_and_scale() -> Value {
        json!([
            {"manager": "helm", "operation": "Apply", "time": "2026-11-25T05:33:19Z",
             "fieldsV1": {"f:spec": {"f:template": {}}}},
            {"manager": "kubectl", "operation": "Update", "subresource": "scale",
             "time": "2026-11-26T09:00:00Z", "fieldsV1": {"f:spec": {"f:replicas": {}}}},
            {"manager": "kube-controller-manager", "operation": "Update", "subresource": "status",
             "time": "2026-11-26T09:00:01Z", "fieldsV1": {"f:status": {"f:replicas": {}}}},
        ])
    }

    #[test]
    fn defaults_and_canonical_quantities_are_no_drift() {
        let d = deployment(1, "picoclaw:0.1.8");
        let l = live(1, "picoclaw:0.1.8", json!([]));
        assert_eq!(
            object_drift("Deployment/pico-picoclaw", &d, Some(&l), None),
            []
        );
    }

    #[test]
    fn scaled_replicas_name_the_field_the_values_and_the_manager() {
        let d = deployment(1, "picoclaw:0.1.8");
        let l = live(3, "picoclaw:0.1.8", helm_and_scale());
        let drift = object_drift("Deployment/pico-picoclaw", &d, Some(&l), Some(&d));
        assert_eq!(
            drift,
            [Drift {
                object: "Deployment/pico-picoclaw".into(),
                field: "spec.replicas".into(),
                manager: Some("kubectl".into()),
                live: Some("3".into()),
                release: Some("1".into()),
            }]
        );
        assert_eq!(
            drift[0].message(),
            "Deployment/pico-picoclaw spec.replicas is 3 on the cluster (set by kubectl), 1 in the release"
        );
    }

    #[test]
    fn an_edited_image_and_env_are_named_but_the_env_value_is_not_shown() {
        let d = deployment(1, "picoclaw:0.1.8");
        let mut l = live(
            1,
            "picoclaw:hotfix",
            json!([{
                "manager": "kubectl-edit", "operation": "Update", "time": "2026-11-26T09:00:00Z",
                "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {
                    "k:{\"name\":\"picoclaw\"}": {"f:image": {}, "f:env": {"k:{\"name\":\"API_KEY\"}": {"f:value": {}}}}
                }}}}},
            }]),
        );
        l["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"] = json!("sk-live-456");
        let drift = object_drift("Deployment/pico-picoclaw", &d, Some(&l), Some(&d));
        let fields: Vec<&str> = drift.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "spec.template.spec.containers[picoclaw].image",
                "spec.template.spec.containers[picoclaw].env[API_KEY].value"
            ],
            "in the manifest's order"
        );
        assert!(
            drift
                .iter()
                .all(|d| d.manager.as_deref() == Some("kubectl-edit"))
        );
        assert_eq!(drift[1].live, None, "an env value is never shown");
        assert!(!format!("{drift:?}").contains("sk-live"));
        assert_eq!(drift[0].live.as_deref(), Some("picoclaw:hotfix"));
    }

    #[test]
    fn what_helm_leaves_alone_or_writes_anyway_is_no_drift() {
        let d = deployment(1, "picoclaw:0.1.8");
        // An added annotation, an extra env entry, a controller's replicas.
        let mut l = live(1, "picoclaw:0.1.8", json!([]));
        l["metadata"]["annotations"]["team"] = json!("a");
        l["spec"]["template"]["spec"]["containers"][0]["env"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "EXTRA", "value": "1"}));
        assert_eq!(object_drift("Deployment/x", &d, Some(&l), Some(&d)), []);
        let hpa = live(
            4,
            "picoclaw:0.1.8",
            json!([{
            "manager": "kube-controller-manager", "operation": "Update", "subresource": "scale",
            "time": "2026-11-26T09:00:00Z", "fieldsV1": {"f:spec": {"f:replicas": {}}}}]),
        );
        assert_eq!(object_drift("Deployment/x", &d, Some(&hpa), Some(&d)), []);
        // The operation writes what the cluster has already.
        let scaled = live(3, "picoclaw:0.1.8", helm_and_scale());
        assert_eq!(
            object_drift(
                "Deployment/x",
                &d,
                Some(&scaled),
                Some(&deployment(3, "picoclaw:0.1.8"))
            ),
            []
        );
    }

    #[test]
    fn a_deleted_object_and_an_unknown_manager() {
        let d = deployment(1, "picoclaw:0.1.8");
        let gone = object_drift("Deployment/x", &d, None, Some(&d));
        assert_eq!(gone[0].message(), "Deployment/x was deleted on the cluster");
        let l = live(2, "picoclaw:0.1.8", json!([]));
        let drift = object_drift("Deployment/x", &d, Some(&l), None);
        assert_eq!(
            drift[0].message(),
            "Deployment/x spec.replicas is 2 on the cluster (changed outside Helm), 1 in the release"
        );
    }

    #[test]
    fn configmap_data_is_named_not_shown() {
        let d = json!({"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"LLM_BACKEND": "openai"}});
        let l = json!({"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"LLM_BACKEND": "ollama"}});
        let drift = object_drift("ConfigMap/c", &d, Some(&l), None);
        assert_eq!(drift[0].field, "data.LLM_BACKEND");
        assert_eq!(drift[0].live, None);
        assert_eq!(
            drift[0].message(),
            "ConfigMap/c data.LLM_BACKEND differs on the cluster (changed outside Helm)"
        );
    }

    #[test]
    fn keys_with_dots_are_bracketed() {
        let d =
            json!({"metadata": {"name": "s", "labels": {"app.kubernetes.io/version": "0.1.8"}}});
        let l = json!({"metadata": {"name": "s", "labels": {"app.kubernetes.io/version": "dev"}}});
        let drift = object_drift("Service/s", &d, Some(&l), None);
        assert_eq!(drift[0].field, "metadata.labels[app.kubernetes.io/version]");
        assert_eq!(drift[0].live.as_deref(), Some("dev"));
    }
}
