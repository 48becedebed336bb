//! The objects the fake API server holds, by API resource, and how it answers LIST and GET for
//! them the way a real kube-apiserver does: items in key order (namespace, then name), label
//! selectors applied, `limit`/`continue` pagination with `remainingItemCount`.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{Value, json};

use crate::selector::Selector;

/// An API resource the fake serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Kind {
    pub group_version: &'static str,
    pub plural: &'static str,
    pub list_kind: &'static str,
    pub namespaced: bool,
}

pub const KINDS: &[Kind] = &[
    Kind {
        group_version: "v1",
        plural: "pods",
        list_kind: "PodList",
        namespaced: true,
    },
    Kind {
        group_version: "v1",
        plural: "secrets",
        list_kind: "SecretList",
        namespaced: true,
    },
    Kind {
        group_version: "v1",
        plural: "configmaps",
        list_kind: "ConfigMapList",
        namespaced: true,
    },
    Kind {
        group_version: "v1",
        plural: "services",
        list_kind: "ServiceList",
        namespaced: true,
    },
    Kind {
        group_version: "v1",
        plural: "events",
        list_kind: "EventList",
        namespaced: true,
    },
    Kind {
        group_version: "v1",
        plural: "persistentvolumeclaims",
        list_kind: "PersistentVolumeClaimList",
        namespaced: true,
    },
    Kind {
        group_version: "v1",
        plural: "namespaces",
        list_kind: "NamespaceList",
        namespaced: false,
    },
    Kind {
        group_version: "apps/v1",
        plural: "deployments",
        list_kind: "DeploymentList",
        namespaced: true,
    },
    Kind {
        group_version: "apps/v1",
        plural: "daemonsets",
        list_kind: "DaemonSetList",
        namespaced: true,
    },
    Kind {
        group_version: "apps/v1",
        plural: "replicasets",
        list_kind: "ReplicaSetList",
        namespaced: true,
    },
    Kind {
        group_version: "discovery.k8s.io/v1",
        plural: "endpointslices",
        list_kind: "EndpointSliceList",
        namespaced: true,
    },
    Kind {
        group_version: "events.k8s.io/v1",
        plural: "events",
        list_kind: "EventList",
        namespaced: true,
    },
    Kind {
        group_version: "metrics.k8s.io/v1beta1",
        plural: "pods",
        list_kind: "PodMetricsList",
        namespaced: true,
    },
    Kind {
        group_version: "networking.k8s.io/v1",
        plural: "ingresses",
        list_kind: "IngressList",
        namespaced: true,
    },
    Kind {
        group_version: "storage.k8s.io/v1",
        plural: "storageclasses",
        list_kind: "StorageClassList",
        namespaced: false,
    },
    Kind {
        group_version: "external-secrets.io/v1beta1",
        plural: "secretstores",
        list_kind: "SecretStoreList",
        namespaced: true,
    },
    Kind {
        group_version: "external-secrets.io/v1beta1",
        plural: "externalsecrets",
        list_kind: "ExternalSecretList",
        namespaced: true,
    },
    Kind {
        group_version: "velero.io/v1",
        plural: "backups",
        list_kind: "BackupList",
        namespaced: true,
    },
];

/// API groups a cluster has only when something installed them; the recorded cluster has none.
pub const OPTIONAL_GROUPS: &[&str] = &["metrics.k8s.io", "external-secrets.io", "velero.io"];

pub fn kind(group_version: &str, plural: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .find(|k| k.group_version == group_version && k.plural == plural)
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    objects: BTreeMap<Kind, Vec<Value>>,
    pub resource_version: String,
    pub version: Value,
    /// Optional API groups (OPTIONAL_GROUPS) that are installed.
    pub installed_groups: std::collections::BTreeSet<String>,
    /// (verb, resource[/subresource], namespace or "" for cluster scope) the user may not do;
    /// answered in SelfSubjectAccessReviews.
    pub denied: Vec<(String, String, String)>,
}

pub enum Answer {
    Ok(Value),
    /// (code, reason, message): rendered as a `Status` object.
    Status(u16, &'static str, String),
}

impl Store {
    pub fn new() -> Store {
        Store {
            objects: BTreeMap::new(),
            resource_version: "1".into(),
            version: json!({"major": "1", "minor": "36", "gitVersion": "v1.36.2"}),
            installed_groups: Default::default(),
            denied: vec![],
        }
    }

    pub fn insert(&mut self, group_version: &str, plural: &str, object: Value) {
        let k = *kind(group_version, plural)
            .unwrap_or_else(|| panic!("fake serves no {group_version}/{plural}"));
        self.objects.entry(k).or_default().push(object);
    }

    /// Adds every item of a recorded LIST response.
    pub fn insert_list(&mut self, group_version: &str, plural: &str, list_json: &str) {
        let list: Value = serde_json::from_str(list_json).expect("recorded list is JSON");
        if let Some(rv) = list["metadata"]["resourceVersion"].as_str() {
            self.resource_version = rv.to_string();
        }
        for item in list["items"].as_array().cloned().unwrap_or_default() {
            self.insert(group_version, plural, item);
        }
    }

    pub fn objects_mut(&mut self, group_version: &str, plural: &str) -> &mut Vec<Value> {
        let k = *kind(group_version, plural).expect("known kind");
        self.objects.entry(k).or_default()
    }

    /// Installs an optional API group (metrics.k8s.io, external-secrets.io).
    pub fn install_group(&mut self, group: &str) {
        self.installed_groups.insert(group.to_string());
    }

    /// Whether `group` is served: every group is, but the optional ones only once installed.
    pub fn serves_group(&self, group: &str) -> bool {
        !OPTIONAL_GROUPS.contains(&group) || self.installed_groups.contains(group)
    }

    /// Denies `verb` on `resource` (e.g. "services/proxy") in `namespace` ("" = cluster scope).
    pub fn deny(&mut self, verb: &str, resource: &str, namespace: &str) {
        self.denied
            .push((verb.into(), resource.into(), namespace.into()));
    }

    pub fn objects(&self, group_version: &str, plural: &str) -> &[Value] {
        kind(group_version, plural)
            .and_then(|k| self.objects.get(k))
            .map_or(&[], Vec::as_slice)
    }

    pub fn count(&self, group_version: &str, plural: &str) -> usize {
        kind(group_version, plural)
            .and_then(|k| self.objects.get(k))
            .map_or(0, Vec::len)
    }

    pub fn list(
        &self,
        kind: &Kind,
        namespace: Option<&str>,
        query: &BTreeMap<String, String>,
    ) -> Answer {
        let selector = match Selector::parse(query.get("labelSelector").map_or("", String::as_str))
        {
            Ok(s) => s,
            Err(e) => {
                return Answer::Status(
                    400,
                    "BadRequest",
                    format!("unable to parse requirement: {e}"),
                );
            }
        };
        let mut items: Vec<&Value> = self
            .objects
            .get(kind)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        let fields =
            match FieldSelector::parse(query.get("fieldSelector").map_or("", String::as_str)) {
                Ok(f) => f,
                Err(e) => return Answer::Status(400, "BadRequest", e),
            };
        items.retain(|o| {
            namespace.is_none_or(|ns| o["metadata"]["namespace"] == ns)
                && selector.matches(&labels_of(o))
                && fields.matches(o)
        });
        items.sort_by_key(|o| {
            (
                o["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                o["metadata"]["name"].as_str().unwrap_or("").to_string(),
            )
        });
        let start = match query.get("continue") {
            None => 0,
            Some(token) => match decode_continue(token) {
                Some(n) => n,
                None => return Answer::Status(400, "BadRequest", "invalid continue token".into()),
            },
        };
        let limit = query
            .get("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| *l > 0)
            .unwrap_or(usize::MAX);
        let end = start.saturating_add(limit).min(items.len());
        let page: Vec<Value> = items[start.min(end)..end]
            .iter()
            .map(|v| (*v).clone())
            .collect();
        let mut metadata = json!({"resourceVersion": self.resource_version});
        if end < items.len() {
            metadata["continue"] = Value::String(encode_continue(end));
            metadata["remainingItemCount"] = json!(items.len() - end);
        }
        Answer::Ok(json!({
            "kind": kind.list_kind,
            "apiVersion": kind.group_version,
            "metadata": metadata,
            "items": page,
        }))
    }

    pub fn get(&self, kind: &Kind, namespace: Option<&str>, name: &str) -> Answer {
        let found = self.objects.get(kind).and_then(|objs| {
            objs.iter().find(|o| {
                o["metadata"]["name"] == name
                    && namespace.is_none_or(|ns| o["metadata"]["namespace"] == ns)
            })
        });
        match found {
            Some(o) => Answer::Ok(o.clone()),
            None => Answer::Status(
                404,
                "NotFound",
                format!("{} \"{name}\" not found", kind.plural),
            ),
        }
    }
}

pub fn labels_of(o: &Value) -> BTreeMap<String, String> {
    o["metadata"]["labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn encode_continue(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{{\"start\":{offset}}}"))
}

fn decode_continue(token: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let v: Value = serde_json::from_slice(&raw).ok()?;
    v["start"].as_u64().map(|n| n as usize)
}

/// `metadata.name` and `metadata.namespace` field selectors (`=`, `==`, `!=`), as every resource
/// supports them.
struct FieldSelector(Vec<(String, bool, String)>);

impl FieldSelector {
    fn parse(s: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for term in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (field, eq, value) = if let Some((f, v)) = term.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
                (f, true, v)
            } else {
                return Err(format!("invalid field selector \"{term}\""));
            };
            if !matches!(field, "metadata.name" | "metadata.namespace") {
                return Err(format!("field label not supported: {field}"));
            }
            terms.push((field.to_string(), eq, value.to_string()));
        }
        Ok(FieldSelector(terms))
    }

    fn matches(&self, o: &Value) -> bool {
        self.0.iter().all(|(field, eq, value)| {
            let actual = o["metadata"][field.trim_start_matches("metadata.")]
                .as_str()
                .unwrap_or("");
            (actual == value) == *eq
        })
    }
}
