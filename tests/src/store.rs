//! The objects the fake API server holds, by API resource, and how it answers LIST and GET for
//! them the way a real kube-apiserver does: items in key order (namespace, then name), label
//! selectors applied, `limit`/`continue` pagination with `remainingItemCount`.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Serialize;
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
        group_version: "networking.k8s.io/v1",
        plural: "networkpolicies",
        list_kind: "NetworkPolicyList",
        namespaced: true,
    },
    Kind {
        group_version: "batch/v1",
        plural: "cronjobs",
        list_kind: "CronJobList",
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
    /// History below this resourceVersion is compacted: continue tokens and watches from
    /// older versions get 410 Expired.
    pub compacted_below: u64,
}

pub enum Answer {
    Ok(Value),
    /// A response body already written (lists).
    Body(String),
    /// (code, reason, message, details): rendered as a `Status` object.
    Status(u16, &'static str, String, Value),
}

impl Store {
    pub fn new() -> Store {
        Store {
            objects: BTreeMap::new(),
            resource_version: "1".into(),
            version: json!({"major": "1", "minor": "36", "gitVersion": "v1.36.2"}),
            installed_groups: Default::default(),
            denied: vec![],
            compacted_below: 0,
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

    /// A LIST as kube-apiserver answers it: items in key order (namespace/name), label and
    /// field selectors applied, pages of `limit` with an opaque `continue` token that names the
    /// list's resourceVersion and the last key (410 Expired once history older than it was
    /// compacted), `remainingItemCount` only without selectors; with `metadata_only`, a
    /// PartialObjectMetadataList. The body is written straight from the stored objects.
    pub fn list(
        &self,
        kind: &Kind,
        namespace: Option<&str>,
        query: &BTreeMap<String, String>,
        metadata_only: bool,
    ) -> Answer {
        let label_query = query.get("labelSelector").map_or("", String::as_str);
        let selector = match Selector::parse(label_query) {
            Ok(s) => s,
            Err(e) => {
                return Answer::status(
                    400,
                    "BadRequest",
                    format!("unable to parse requirement: {e}"),
                );
            }
        };
        let field_query = query.get("fieldSelector").map_or("", String::as_str);
        let fields = match FieldSelector::parse(field_query) {
            Ok(f) => f,
            Err(e) => return Answer::status(400, "BadRequest", e),
        };
        if let Some(refused) = list_options_refused(query) {
            return refused;
        }
        let (list_rv, start) = match query.get("continue") {
            None => (self.resource_version.clone(), String::new()),
            Some(token) => match decode_continue(token) {
                None => return Answer::status(400, "BadRequest", "invalid continue token".into()),
                Some((rv, _)) if rv < self.compacted_below => {
                    return Answer::status(410, "Expired", CONTINUE_EXPIRED.into());
                }
                Some((rv, start)) => (rv.to_string(), start),
            },
        };
        let mut items: Vec<(String, &Value)> = self
            .objects
            .get(kind)
            .map(|v| v.iter())
            .into_iter()
            .flatten()
            .filter(|o| {
                namespace.is_none_or(|ns| o["metadata"]["namespace"] == ns)
                    && selector.matches_object(o)
                    && fields.matches(o)
            })
            .map(|o| (key_of(o), o))
            .filter(|(k, _)| start.is_empty() || *k > start)
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let limit = query
            .get("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| *l > 0)
            .unwrap_or(usize::MAX);
        let end = limit.min(items.len());
        let mut metadata = json!({"resourceVersion": list_rv});
        if end < items.len() {
            let last = &items[end - 1].0;
            metadata["continue"] = json!(encode_continue(list_rv.parse().unwrap_or(0), last));
            if label_query.is_empty() && field_query.is_empty() {
                metadata["remainingItemCount"] = json!(items.len() - end);
            }
        }
        let page: Vec<&Value> = items[..end].iter().map(|(_, o)| *o).collect();
        let body = if metadata_only {
            #[derive(Serialize)]
            struct Partial<'a> {
                kind: &'static str,
                #[serde(rename = "apiVersion")]
                api_version: &'static str,
                metadata: &'a Value,
            }
            serde_json::to_string(&ListBody {
                kind: "PartialObjectMetadataList",
                api_version: "meta.k8s.io/v1",
                metadata,
                items: page
                    .iter()
                    .map(|o| Partial {
                        kind: "PartialObjectMetadata",
                        api_version: "meta.k8s.io/v1",
                        metadata: &o["metadata"],
                    })
                    .collect(),
            })
        } else {
            serde_json::to_string(&ListBody {
                kind: kind.list_kind,
                api_version: kind.group_version,
                metadata,
                items: page,
            })
        };
        Answer::Body(body.expect("a list serialises"))
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
            None => Answer::not_found(kind, name),
        }
    }
}

/// What kube-apiserver says when a continue token outlived the history it points into.
pub const CONTINUE_EXPIRED: &str = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

#[derive(Serialize)]
struct ListBody<'a, T: Serialize> {
    kind: &'a str,
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    metadata: Value,
    items: Vec<T>,
}

/// An object's key in the store's order: `namespace/name`, or `name` when cluster-scoped.
fn key_of(o: &Value) -> String {
    let name = o["metadata"]["name"].as_str().unwrap_or("");
    match o["metadata"]["namespace"].as_str() {
        Some(ns) if !ns.is_empty() => format!("{ns}/{name}"),
        _ => name.to_string(),
    }
}

impl Answer {
    pub fn status(code: u16, reason: &'static str, message: String) -> Answer {
        Answer::Status(code, reason, message, Value::Null)
    }

    /// 404 as kube-apiserver words it: `deployments.apps "x" not found`, with details.
    pub fn not_found(kind: &Kind, name: &str) -> Answer {
        let (what, details) = match kind.group_version.split_once('/') {
            Some((group, _)) => (
                format!("{}.{group}", kind.plural),
                json!({"name": name, "group": group, "kind": kind.plural}),
            ),
            None => (
                kind.plural.to_string(),
                json!({"name": name, "kind": kind.plural}),
            ),
        };
        Answer::Status(
            404,
            "NotFound",
            format!("{what} \"{name}\" not found"),
            details,
        )
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

/// What kube-apiserver refuses in a LIST's resourceVersion options before it reads anything
/// (apimachinery's `ValidateListOptions`, 422; the storage's continue check, 400). A list with
/// `resourceVersion=0` is served from the watch cache, one without consistently: the same
/// objects here, where nothing lags.
fn list_options_refused(query: &BTreeMap<String, String>) -> Option<Answer> {
    let rv = query.get("resourceVersion").map(String::as_str);
    let continuing = query.contains_key("continue");
    let invalid = |message: &str| {
        Some(Answer::status(
            422,
            "Invalid",
            format!("ListOptions.meta.k8s.io \"\" is invalid: {message}"),
        ))
    };
    if let Some(m) = query.get("resourceVersionMatch") {
        if rv.is_none_or(str::is_empty) {
            return invalid(
                "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
            );
        }
        if continuing {
            return invalid(
                "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided",
            );
        }
        if m != "Exact" && m != "NotOlderThan" {
            return invalid(&format!(
                "resourceVersionMatch: Unsupported value: \"{m}\": supported values: \"Exact\", \"NotOlderThan\""
            ));
        }
        if m == "Exact" && rv == Some("0") {
            return invalid(
                "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
            );
        }
    }
    if continuing && rv.is_some_and(|v| !v.is_empty()) {
        return Some(Answer::status(
            400,
            "BadRequest",
            "specifying resource version is not allowed when using continue".into(),
        ));
    }
    None
}

/// An opaque token as kube-apiserver writes it: base64 of the list's resourceVersion and the
/// key after which the next page starts.
fn encode_continue(rv: u64, last_key: &str) -> String {
    let token = json!({"v": "meta.k8s.io/v1", "rv": rv, "start": format!("{last_key}\u{0}")});
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token.to_string())
}

/// (resourceVersion, start key) of a token this server wrote.
fn decode_continue(token: &str) -> Option<(u64, String)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(token))
        .ok()?;
    let v: Value = serde_json::from_slice(&raw).ok()?;
    let start = v["start"].as_str()?.trim_end_matches('\u{0}').to_string();
    Some((v["rv"].as_u64()?, start))
}

/// A request's label and field selectors together, for lists and watches.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    labels: Selector,
    fields: FieldSelector,
}

impl Filter {
    /// From `labelSelector` and `fieldSelector`; the message is the real server's 400.
    pub fn parse(query: &BTreeMap<String, String>) -> Result<Filter, String> {
        Ok(Filter {
            labels: Selector::parse(query.get("labelSelector").map_or("", String::as_str))
                .map_err(|e| format!("unable to parse requirement: {e}"))?,
            fields: FieldSelector::parse(query.get("fieldSelector").map_or("", String::as_str))?,
        })
    }

    pub fn matches(&self, o: &Value) -> bool {
        self.labels.matches_object(o) && self.fields.matches(o)
    }
}

/// `metadata.name` and `metadata.namespace` field selectors (`=`, `==`, `!=`), as every resource
/// supports them.
#[derive(Debug, Clone, Default)]
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
