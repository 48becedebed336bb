//! The safety plan of an upgrade, decided before Helm runs: the release's deployed manifest
//! against the new chart's render, object by object. It lists what is added, removed and
//! changed, and refuses (unless `--unsafe`) an upgrade that would
//! - delete a PersistentVolumeClaim (data lost) or a NetworkPolicy / CiliumNetworkPolicy
//!   (isolation lost);
//! - change an immutable field (a Deployment's or StatefulSet's selector, a PVC's class or
//!   access modes, a Job's template), which Kubernetes refuses mid-upgrade;
//! - change where a container mounts a PersistentVolumeClaim, or the user, group or fsGroup it
//!   runs as (data written by one user may not be readable by another);
//! - leave a value the user set unknown to the new chart (dropped without a word).
//!
//! Pure: manifests and values in, a plan out.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// Why an upgrade (or rollback, or restore) is refused: the guards, each overridable by one
/// flag or by none (see [`RefusalKind::overridden_by`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalKind {
    // The safety plan's (`--unsafe`).
    DeletesVolume,
    DeletesNetworkPolicy,
    ImmutableField,
    MovesData,
    ChangesUser,
    UnknownValue,
    DoesNotRender,
    // The versions' (`--force`).
    /// The release runs a newer chart than the one on offer.
    Downgrade,
    /// The release runs the chart on offer already and nothing else was asked for.
    UpToDate,
    /// A bot would move past the control plane, which runs an older chart.
    ControlPlaneBehind,
    // The release's state (never overridden).
    /// Another Helm operation is under way or was interrupted (`pending-*`).
    ReleasePending,
    /// The release's values cannot be read, so they cannot be carried.
    ReleaseUnreadable,
    // A restore's (the backup's own; the version one is `--force`'s).
    /// Secrets the backup redacted and nobody supplied.
    RedactedSecrets,
    /// The backup holds no values for the release.
    NoBackedUpValues,
    /// The chart source has no such chart.
    ChartNotOffered,
    /// The backup ran a newer chart than the source offers.
    BackupNewer,
    // A rollback's.
    /// The revision asked for is the one the release runs (`--force` re-applies it).
    CurrentRevision,
    /// The release has no such revision (Helm keeps `--history-max` of them).
    RevisionMissing,
    /// No earlier revision was ever deployed: nothing to go back to.
    NoEarlierRevision,
    /// The release was changed after the run being undone (`--force` undoes it anyway).
    ChangedSince,
    /// The run being undone was undone already: the release runs the revision it went back to.
    UndoneAlready,
    /// The release went pending so recently that its Helm operation may still be running
    /// (`--force` when it is not).
    MayStillRun,
}

/// The flag that goes past a guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Override {
    /// Past the version guards: downgrade, no-op, bots ahead of the control plane.
    #[serde(rename = "--force")]
    Force,
    /// Past the safety plan: data, isolation, immutable fields, users, dropped values.
    #[serde(rename = "--unsafe")]
    Unsafe,
}

impl RefusalKind {
    /// The flag that goes past this guard; `None` for guards nothing goes past.
    pub fn overridden_by(self) -> Option<Override> {
        use RefusalKind::*;
        match self {
            DeletesVolume | DeletesNetworkPolicy | ImmutableField | MovesData | ChangesUser
            | UnknownValue | DoesNotRender => Some(Override::Unsafe),
            Downgrade | UpToDate | ControlPlaneBehind | BackupNewer | CurrentRevision
            | ChangedSince | UndoneAlready | MayStillRun => Some(Override::Force),
            ReleasePending | ReleaseUnreadable | RedactedSecrets | NoBackedUpValues
            | ChartNotOffered | RevisionMissing | NoEarlierRevision => None,
        }
    }
}

impl RefusalKind {
    /// Guards that only say there is nothing to do: the release is left alone, not refused.
    pub fn is_nothing_to_do(self) -> bool {
        matches!(self, RefusalKind::UpToDate | RefusalKind::UndoneAlready)
    }
}

impl Override {
    pub fn flag(self) -> &'static str {
        match self {
            Override::Force => "--force",
            Override::Unsafe => "--unsafe",
        }
    }
}

/// The overriding flags a run was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    pub force: bool,
    pub unsafe_: bool,
}

impl Overrides {
    /// Whether these flags go past `kind`.
    pub fn pass(self, kind: RefusalKind) -> bool {
        match kind.overridden_by() {
            Some(Override::Force) => self.force,
            Some(Override::Unsafe) => self.unsafe_,
            None => false,
        }
    }
}

/// A guard that stood in the way: what kind, of what (`subject`: an object, a value's path, a
/// version), and the particulars. Its sentence is made in one place, [`Refusal::message`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub subject: String,
    pub detail: String,
}

impl Refusal {
    pub fn new(
        kind: RefusalKind,
        subject: impl Into<String>,
        detail: impl Into<String>,
    ) -> Refusal {
        Refusal {
            kind,
            subject: subject.into(),
            detail: detail.into(),
        }
    }

    /// The refusal as a sentence, the same in tables, plans, documents and errors.
    pub fn message(&self) -> String {
        use RefusalKind::*;
        let (s, d) = (&self.subject, &self.detail);
        match self.kind {
            DeletesVolume => format!("deletes {s}: the data on it would be lost"),
            DeletesNetworkPolicy => format!("deletes {s}: the isolation it gives would be lost"),
            ImmutableField => {
                format!("changes {s} (immutable: Kubernetes refuses the change): {d}")
            }
            MovesData | ChangesUser => format!("{s}: {d}"),
            UnknownValue => format!(
                "the value {s} you set is unknown to {d} (not in its values.yaml or schema): it would be dropped"
            ),
            DoesNotRender => format!("{s} does not render with these values: {d}"),
            Downgrade => format!("it runs {s}, newer than {d} (a downgrade)"),
            UpToDate => format!("it runs {s} already"),
            ControlPlaneBehind => {
                format!("the control plane runs clawmachine {s}, older than {d}: upgrade it first")
            }
            ReleasePending => format!(
                "its release is {s}: another Helm operation is under way or was interrupted (if it was interrupted, {d})"
            ),
            ReleaseUnreadable => {
                format!("its Helm release is {s}, so the values set on it cannot be carried over")
            }
            RedactedSecrets => format!(
                "{d} redacted in the backup: {s}; give {} with --set, -f or --values-dir",
                if d.ends_with('s') { "them" } else { "it" }
            ),
            NoBackedUpValues => {
                "the backup holds no values for it (its release could not be read)".to_string()
            }
            ChartNotOffered => format!("chart {s} is not in {d}"),
            BackupNewer => format!(
                "the backup ran {s}, newer than {d}: that would be a downgrade (--force restores it anyway; --chart-repo/--version can give the same version)"
            ),
            CurrentRevision => format!("revision {s} is the one it runs"),
            RevisionMissing => format!("it has no revision {s} (Helm keeps {d})"),
            NoEarlierRevision => format!("no revision before {s} was deployed ({d})"),
            ChangedSince => format!("it changed after run {d}: it is at {s} now"),
            UndoneAlready => format!("rolled back already: run {d} was undone by revision {s}"),
            MayStillRun => format!(
                "it has been {s} for only {d}: its Helm operation may still be running (Helm waits up to 5m by default)"
            ),
        }
    }
}

/// What an upgrade does to a release's objects (`Kind/name`), and why it may not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SafetyPlan {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// For each changed object, the fields that differ (`spec.template.spec.containers`, …).
    pub changed_fields: BTreeMap<String, Vec<String>>,
    pub unchanged: usize,
    pub refusals: Vec<Refusal>,
}

/// The objects of a manifest, by `Kind/name`.
pub fn objects(manifest: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut doc = String::new();
    for line in manifest.lines().chain(std::iter::once("---")) {
        if line.trim_end() != "---" {
            doc.push_str(line);
            doc.push('\n');
            continue;
        }
        if let Ok(v) = serde_saphyr::from_str::<Value>(&doc)
            && let (Some(kind), Some(name)) = (v["kind"].as_str(), v["metadata"]["name"].as_str())
        {
            out.insert(format!("{kind}/{name}"), v.clone());
        }
        doc.clear();
    }
    out
}

/// What the new chart knows of values: its defaults and, when it has one, its schema.
pub struct ChartValues<'a> {
    pub defaults: &'a Value,
    pub schema: Option<&'a Value>,
}

impl<'a> ChartValues<'a> {
    /// What `chart` declares: its values.yaml and its values.schema.json.
    pub fn of(chart: &'a crate::charts::archive::ChartInfo) -> ChartValues<'a> {
        ChartValues {
            defaults: &chart.defaults,
            schema: chart.schema.as_ref(),
        }
    }
}

/// The plan of upgrading from `deployed` to `rendered`, with `user_values` (the values the
/// user set, carried over) judged against what the new chart declares.
pub fn assess(
    deployed: &str,
    rendered: &str,
    user_values: &Value,
    chart: &ChartValues,
    chart_ref: &str,
) -> SafetyPlan {
    let mut plan = compare(deployed, rendered);
    for path in unknown_values(user_values, chart) {
        plan.refusals
            .push(Refusal::new(RefusalKind::UnknownValue, path, chart_ref));
    }
    plan
}

/// The plan of going from the `deployed` manifest to `next`, object by object: what is added,
/// removed and changed, and what of it loses data or isolation or cannot be done (a rollback's
/// plan: the values come with the revision, so none can be dropped).
pub fn compare(deployed: &str, next: &str) -> SafetyPlan {
    let old = objects(deployed);
    let new = objects(next);
    let mut plan = SafetyPlan::default();
    for (key, o) in &old {
        match new.get(key) {
            None => {
                plan.removed.push(key.clone());
                plan.refusals.extend(deletion(key));
            }
            Some(n) if n == o => plan.unchanged += 1,
            Some(n) => {
                plan.changed.push(key.clone());
                plan.changed_fields
                    .insert(key.clone(), changed_fields(o, n));
                plan.refusals.extend(immutable_changes(key, o, n));
                plan.refusals.extend(pod_changes(key, o, n));
            }
        }
    }
    plan.added = new
        .keys()
        .filter(|k| !old.contains_key(*k))
        .cloned()
        .collect();
    plan
}

/// The fields where two objects differ, named down to three levels (`spec.template.spec`
/// below that is one field), in order.
pub fn changed_fields(old: &Value, new: &Value) -> Vec<String> {
    fn walk(path: &str, depth: usize, old: &Value, new: &Value, out: &mut Vec<String>) {
        match (old, new) {
            (Value::Object(a), Value::Object(b)) if depth < 3 => {
                let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                for k in keys {
                    let (x, y) = (
                        a.get(k).unwrap_or(&Value::Null),
                        b.get(k).unwrap_or(&Value::Null),
                    );
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(&p, depth + 1, x, y, out);
                }
            }
            (a, b) if a != b => out.push(path.to_string()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", 0, old, new, &mut out);
    out
}

fn deletion(key: &str) -> Option<Refusal> {
    let kind = key.split('/').next().unwrap_or_default();
    match kind {
        "PersistentVolumeClaim" => Some(Refusal::new(RefusalKind::DeletesVolume, key, "")),
        "NetworkPolicy" | "CiliumNetworkPolicy" => {
            Some(Refusal::new(RefusalKind::DeletesNetworkPolicy, key, ""))
        }
        _ => None,
    }
}

/// Fields Kubernetes will not change on a live object: the upgrade would fail half-way.
fn immutable_changes(key: &str, old: &Value, new: &Value) -> Vec<Refusal> {
    let kind = key.split('/').next().unwrap_or_default();
    let fields: &[(&str, &[&str])] = match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" => &[("selector", &["spec", "selector"])],
        "PersistentVolumeClaim" => &[
            ("storage class", &["spec", "storageClassName"]),
            ("access modes", &["spec", "accessModes"]),
        ],
        "Job" => &[("pod template", &["spec", "template"])],
        _ => &[],
    };
    fields
        .iter()
        .filter(|(_, path)| at(old, path) != at(new, path))
        .map(|(what, path)| {
            Refusal::new(
                RefusalKind::ImmutableField,
                format!("the {what} of {key}"),
                format!("{} -> {}", short(at(old, path)), short(at(new, path))),
            )
        })
        .collect()
}

fn at<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| &v[*k])
}

fn short(v: &Value) -> String {
    match v {
        Value::Null => "(unset)".to_string(),
        other => {
            let s = other.to_string();
            if s.chars().count() > 120 {
                format!("{}…", s.chars().take(120).collect::<String>())
            } else {
                s
            }
        }
    }
}

/// The pod spec of a workload, wherever its kind keeps it.
fn pod_spec<'a>(key: &str, o: &'a Value) -> Option<&'a Value> {
    let spec = match key.split('/').next().unwrap_or_default() {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            &o["spec"]["template"]["spec"]
        }
        "CronJob" => &o["spec"]["jobTemplate"]["spec"]["template"]["spec"],
        "Pod" => &o["spec"],
        _ => return None,
    };
    spec.is_object().then_some(spec)
}

/// Every container (init containers too) of a pod spec, by name.
fn containers(spec: &Value) -> BTreeMap<String, &Value> {
    ["initContainers", "containers"]
        .iter()
        .flat_map(|list| spec[*list].as_array().into_iter().flatten())
        .filter_map(|c| Some((c["name"].as_str()?.to_string(), c)))
        .collect()
}

/// Where each container mounts each PersistentVolumeClaim: claim -> paths.
fn claim_mounts(spec: &Value, container: &Value) -> BTreeMap<String, Vec<String>> {
    let claims: BTreeMap<&str, &str> = spec["volumes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| {
            Some((
                v["name"].as_str()?,
                v["persistentVolumeClaim"]["claimName"].as_str()?,
            ))
        })
        .collect();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in container["volumeMounts"].as_array().into_iter().flatten() {
        if let (Some(name), Some(path)) = (m["name"].as_str(), m["mountPath"].as_str())
            && let Some(claim) = claims.get(name)
        {
            out.entry(claim.to_string())
                .or_default()
                .push(path.to_string());
        }
    }
    out
}

/// A container's effective user, group and fsGroup: its own securityContext, else its pod's.
fn identity(spec: &Value, container: &Value) -> [(&'static str, Value); 3] {
    let effective = |field: &str| {
        let own = &container["securityContext"][field];
        if own.is_null() {
            spec["securityContext"][field].clone()
        } else {
            own.clone()
        }
    };
    [
        ("user", effective("runAsUser")),
        ("group", effective("runAsGroup")),
        ("fsGroup", spec["securityContext"]["fsGroup"].clone()),
    ]
}

/// Data mounts that move or go, and users that change, per container of a workload.
fn pod_changes(key: &str, old: &Value, new: &Value) -> Vec<Refusal> {
    let (Some(old_spec), Some(new_spec)) = (pod_spec(key, old), pod_spec(key, new)) else {
        return vec![];
    };
    let new_containers = containers(new_spec);
    let mut out = Vec::new();
    for (name, oc) in containers(old_spec) {
        let old_mounts = claim_mounts(old_spec, oc);
        let Some(nc) = new_containers.get(&name) else {
            if let Some((claim, paths)) = old_mounts.iter().next() {
                out.push(Refusal::new(
                    RefusalKind::MovesData,
                    key,
                    format!(
                        "container {name} is gone, and with it the mount of PersistentVolumeClaim {claim} at {}",
                        paths.join(", ")
                    ),
                ));
            }
            continue;
        };
        out.extend(moved_mounts(
            key,
            &name,
            &old_mounts,
            &claim_mounts(new_spec, nc),
        ));
        out.extend(changed_users(key, &name, (old_spec, oc), (new_spec, nc)));
    }
    out
}

/// A claim the container mounted that it would mount elsewhere, or not at all.
fn moved_mounts(
    key: &str,
    name: &str,
    old: &BTreeMap<String, Vec<String>>,
    new: &BTreeMap<String, Vec<String>>,
) -> Vec<Refusal> {
    let mut out = Vec::new();
    for (claim, paths) in old {
        let now = new.get(claim).cloned().unwrap_or_default();
        if paths.iter().any(|p| !now.contains(p)) {
            let to = if now.is_empty() {
                "nowhere".to_string()
            } else {
                now.join(", ")
            };
            out.push(Refusal::new(
                RefusalKind::MovesData,
                key,
                format!(
                    "container {name} would mount PersistentVolumeClaim {claim} at {to} instead of {}: the bot would not find its data",
                    paths.join(", ")
                ),
            ));
        }
    }
    out
}

/// The user, group or fsGroup the container would run as, where it differs.
fn changed_users(
    key: &str,
    name: &str,
    (old_spec, oc): (&Value, &Value),
    (new_spec, nc): (&Value, &Value),
) -> Vec<Refusal> {
    let show = |v: &Value| match v {
        Value::Null => "the image's default".to_string(),
        v => v.to_string(),
    };
    identity(old_spec, oc)
        .into_iter()
        .zip(identity(new_spec, nc))
        .filter(|((_, was), (_, will))| was != will)
        .map(|((what, was), (_, will))| {
            Refusal::new(
                RefusalKind::ChangesUser,
                key,
                format!(
                    "container {name} would run with {what} {} instead of {}: files written before may not be readable",
                    show(&will),
                    show(&was)
                ),
            )
        })
        .collect()
}

/// Keys under which anything goes: Kubernetes-shaped maps and lists a chart passes through.
const OPEN_KEYS: &[&str] = &[
    "resources",
    "annotations",
    "labels",
    "nodeSelector",
    "affinity",
    "tolerations",
    "podAnnotations",
    "podLabels",
    "securityContext",
    "podSecurityContext",
    "env",
];

/// The dotted paths of the values the user set that the chart does not declare.
pub fn unknown_values(user: &Value, chart: &ChartValues) -> Vec<String> {
    let mut leaves = Vec::new();
    collect_leaves(user, &mut Vec::new(), &mut leaves);
    leaves
        .into_iter()
        .filter(|path| {
            !known_by_defaults(path, chart.defaults)
                && !chart.schema.is_some_and(|s| known_by_schema(path, s))
        })
        .map(|path| path.join("."))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Paths to scalars, lists and empty maps.
fn collect_leaves(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                path.push(k.clone());
                collect_leaves(child, path, out);
                path.pop();
            }
        }
        _ if !path.is_empty() => out.push(path.clone()),
        _ => {}
    }
}

fn known_by_defaults(path: &[String], defaults: &Value) -> bool {
    let mut node = defaults;
    for key in path {
        match node {
            // An open map or list by default: whatever the user puts in it is theirs.
            Value::Object(m) if m.is_empty() => return true,
            Value::Array(_) | Value::Null => return true,
            Value::Object(m) => match m.get(key) {
                Some(_) if OPEN_KEYS.contains(&key.as_str()) => return true,
                Some(child) => node = child,
                None => return false,
            },
            // A map where the chart has a scalar: a wrong type, not an unknown key.
            _ => return true,
        }
    }
    true
}

fn known_by_schema(path: &[String], schema: &Value) -> bool {
    let mut node = schema;
    for key in path {
        if let Some(child) = node["properties"].get(key) {
            node = child;
        } else if node["additionalProperties"].is_object() {
            node = &node["additionalProperties"];
        } else {
            // An object without declared properties takes any key; anything else does not.
            return node["type"] == "object" && node.get("properties").is_none();
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(name: &str, selector: Value, pod: Value) -> String {
        serde_json::to_string(&json!({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": selector}, "template": {"spec": pod}}
        }))
        .unwrap()
    }

    fn manifest(docs: &[String]) -> String {
        docs.iter().map(|d| format!("---\n{d}\n")).collect()
    }

    fn doc(kind: &str, name: &str, spec: Value) -> String {
        serde_json::to_string(&json!({"kind": kind, "metadata": {"name": name}, "spec": spec}))
            .unwrap()
    }

    fn pod(path: &str, user: Option<i64>) -> Value {
        let mut pod = json!({
            "containers": [{"name": "bot", "volumeMounts": [{"name": "data", "mountPath": path}]}],
            "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "bot-data"}}]
        });
        if let Some(u) = user {
            pod["securityContext"] = json!({"runAsUser": u});
        }
        pod
    }

    fn plan(old: &[String], new: &[String], user: Value, defaults: Value) -> SafetyPlan {
        assess(
            &manifest(old),
            &manifest(new),
            &user,
            &ChartValues {
                defaults: &defaults,
                schema: None,
            },
            "picoclaw-0.1.9",
        )
    }

    fn kinds(p: &SafetyPlan) -> Vec<RefusalKind> {
        p.refusals.iter().map(|r| r.kind).collect()
    }

    const SEL: fn() -> Value =
        || json!({"app.kubernetes.io/name": "picoclaw", "app.kubernetes.io/instance": "bot"});

    #[test]
    fn the_same_render_is_safe_and_unchanged() {
        let d = deployment("bot", SEL(), pod("/data", None));
        let p = plan(
            std::slice::from_ref(&d),
            std::slice::from_ref(&d),
            json!({}),
            json!({}),
        );
        assert_eq!(p.unchanged, 1);
        assert!(p.refusals.is_empty() && p.added.is_empty() && p.removed.is_empty());
    }

    #[test]
    fn deleting_a_claim_or_a_network_policy_is_refused() {
        let pvc = doc(
            "PersistentVolumeClaim",
            "bot-data",
            json!({"accessModes": ["ReadWriteOnce"]}),
        );
        let np = doc("NetworkPolicy", "bot-default-deny", json!({}));
        let svc = doc("Service", "bot", json!({}));
        let p = plan(&[pvc, np, svc], &[], json!({}), json!({}));
        assert_eq!(
            p.removed,
            [
                "NetworkPolicy/bot-default-deny",
                "PersistentVolumeClaim/bot-data",
                "Service/bot"
            ]
        );
        assert_eq!(
            kinds(&p),
            [
                RefusalKind::DeletesNetworkPolicy,
                RefusalKind::DeletesVolume
            ],
            "a Service going is no refusal"
        );
        let cilium = doc("CiliumNetworkPolicy", "bot", json!({}));
        assert_eq!(
            kinds(&plan(&[cilium], &[], json!({}), json!({}))),
            [RefusalKind::DeletesNetworkPolicy]
        );
    }

    #[test]
    fn immutable_fields_are_refused() {
        let old = deployment("bot", SEL(), pod("/data", None));
        let mut sel = SEL();
        sel["app.kubernetes.io/component"] = json!("database");
        let new = deployment("bot", sel, pod("/data", None));
        let p = plan(&[old], &[new], json!({}), json!({}));
        assert_eq!(p.changed, ["Deployment/bot"]);
        assert_eq!(
            p.changed_fields["Deployment/bot"],
            ["spec.selector.matchLabels"]
        );
        assert_eq!(kinds(&p), [RefusalKind::ImmutableField]);
        assert!(
            p.refusals[0]
                .message()
                .contains("selector of Deployment/bot"),
            "{p:?}"
        );

        let pvc = |class: Option<&str>, modes: &[&str]| {
            let mut spec = json!({"accessModes": modes});
            if let Some(c) = class {
                spec["storageClassName"] = json!(c);
            }
            doc("PersistentVolumeClaim", "d", spec)
        };
        let p = plan(
            &[pvc(Some("fast"), &["ReadWriteOnce"])],
            &[pvc(None, &["ReadWriteMany"])],
            json!({}),
            json!({}),
        );
        assert_eq!(
            kinds(&p),
            [RefusalKind::ImmutableField, RefusalKind::ImmutableField]
        );
        let job = |image: &str| {
            doc(
                "Job",
                "import",
                json!({"template": {"spec": {"containers": [{"name": "c", "image": image}]}}}),
            )
        };
        assert_eq!(
            kinds(&plan(&[job("a")], &[job("b")], json!({}), json!({}))),
            [RefusalKind::ImmutableField]
        );
    }

    #[test]
    fn moving_data_or_changing_the_user_is_refused() {
        let old = deployment("bot", SEL(), pod("/home/picoclaw/.picoclaw", None));
        let moved = deployment("bot", SEL(), pod("/data", None));
        let p = plan(std::slice::from_ref(&old), &[moved], json!({}), json!({}));
        assert_eq!(kinds(&p), [RefusalKind::MovesData]);
        assert!(
            p.refusals[0]
                .message()
                .contains("at /data instead of /home/picoclaw/.picoclaw"),
            "{}",
            p.refusals[0].message()
        );
        let other_user = deployment("bot", SEL(), pod("/home/picoclaw/.picoclaw", Some(65534)));
        let p = plan(
            std::slice::from_ref(&old),
            &[other_user],
            json!({}),
            json!({}),
        );
        assert_eq!(kinds(&p), [RefusalKind::ChangesUser]);
        assert!(
            p.refusals[0]
                .message()
                .contains("user 65534 instead of the image's default")
        );
        // An emptyDir is not data that survives anyway: moving it is no refusal.
        let scratch = |path: &str| {
            deployment(
                "bot",
                SEL(),
                json!({"containers": [{"name": "bot", "volumeMounts": [{"name": "t", "mountPath": path}]}], "volumes": [{"name": "t", "emptyDir": {}}]}),
            )
        };
        assert!(
            plan(&[scratch("/a")], &[scratch("/b")], json!({}), json!({}))
                .refusals
                .is_empty()
        );
        // A container that is gone takes its data mount with it.
        let renamed = old.replace(
            "\"name\":\"bot\",\"volumeMounts\"",
            "\"name\":\"other\",\"volumeMounts\"",
        );
        assert_ne!(renamed, old);
        assert_eq!(
            kinds(&plan(&[old], &[renamed], json!({}), json!({}))),
            [RefusalKind::MovesData]
        );
    }

    #[test]
    fn values_the_new_chart_does_not_know_are_named() {
        let defaults = json!({
            "replicas": 1,
            "image": {"repository": "r", "tag": "1"},
            "env": {},
            "envSecrets": [],
            "resources": {"requests": {"cpu": "100m"}},
            "networkPolicy": {"ingress": false}
        });
        let user = json!({
            "replicas": 2,
            "replicaCount": 2,
            "secrets": {"apiKey": "sk-x"},
            "env": {"LOG": "debug"},
            "envSecrets": [{"envVar": "A"}],
            "resources": {"requests": {"ephemeral-storage": "1Gi"}},
            "networkPolicy": {"ingress": true, "egresss": true}
        });
        let unknown = unknown_values(
            &user,
            &ChartValues {
                defaults: &defaults,
                schema: None,
            },
        );
        assert_eq!(
            unknown,
            ["networkPolicy.egresss", "replicaCount", "secrets.apiKey"]
        );
        // A schema can declare what values.yaml does not.
        let schema = json!({"properties": {"secrets": {"type": "object"}, "networkPolicy": {"properties": {"egresss": {}}}}});
        let unknown = unknown_values(
            &user,
            &ChartValues {
                defaults: &defaults,
                schema: Some(&schema),
            },
        );
        assert_eq!(unknown, ["replicaCount"]);
        let p = plan(&[], &[], json!({"replicaCount": 2}), defaults);
        assert_eq!(kinds(&p), [RefusalKind::UnknownValue]);
        assert!(p.refusals[0].message().contains("replicaCount"), "{p:?}");
    }
}
