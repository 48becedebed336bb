//! `doctor`'s checks: is the setup sound? Access, the control plane (deployed, available,
//! answering, not exposed without authentication), the bots (releases, pods, storage,
//! readiness), the secrets plumbing (External Secrets, the 1Password SecretStore and its token,
//! ExternalSecrets in sync) and metrics-server. Everything is gathered in a fixed number of
//! requests, whatever the size of the fleet.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::access::{self, Permission};
use crate::bot::{Bot, ReleaseView, labels};
use crate::cluster::{Cluster, ObjectMeta, Resource, Scope};
use crate::discovery::{self, DiscoverOptions, Inventory};
use crate::error::{Error, Result};
use crate::health::{self, Outcome, ProbeOptions, ServiceLite};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Verdict {
    Pass,
    Info,
    Warn,
    Fail,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Info => "INFO",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable identifier of the check, for scripts.
    pub check: &'static str,
    pub result: Verdict,
    pub message: String,
    /// One line saying what to do, for everything but PASS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

fn check(
    id: &'static str,
    result: Verdict,
    message: impl Into<String>,
    fix: Option<String>,
) -> Check {
    Check {
        check: id,
        result,
        message: message.into(),
        fix,
    }
}

pub const ONEPASSWORD_STORE: &str = "onepassword-store";
pub const ONEPASSWORD_TOKEN_SECRET: &str = "onepassword-connect-token";

const INGRESSES: Resource = Resource {
    group: "networking.k8s.io",
    version: "v1",
    plural: "ingresses",
};
const STORAGE_CLASSES: Resource = Resource {
    group: "storage.k8s.io",
    version: "v1",
    plural: "storageclasses",
};
const ESO_GROUP: &str = "external-secrets.io";

/// Runs every check. `Err` only when the cluster cannot be reached at all.
pub async fn run(cluster: &Cluster, scope: &Scope) -> Result<Vec<Check>> {
    #[derive(Deserialize)]
    struct Version {
        #[serde(rename = "gitVersion")]
        git_version: String,
    }
    let version: Version = cluster
        .get_json("get the server version", "/version")
        .await?;
    let mut checks = vec![check(
        "cluster",
        Verdict::Pass,
        format!(
            "reachable: Kubernetes {} at {} (context \"{}\")",
            version.git_version, cluster.server, cluster.context
        ),
        None,
    )];

    let permissions = access::needed();
    let options = DiscoverOptions::default();
    let (allowed, inventory, services, ingresses, pvcs, classes, eso, metrics) = tokio::join!(
        access::review(cluster, &permissions),
        discovery::discover(cluster, scope, &options),
        health::list_services(cluster, scope),
        scope.list::<Ingress>(cluster, &INGRESSES, None),
        scope.list::<Pvc>(cluster, &Resource::PVCS, Some(labels::INSTANCE)),
        cluster.list::<StorageClass>(&STORAGE_CLASSES, None, None),
        group_version(cluster, ESO_GROUP),
        group_version(cluster, "metrics.k8s.io"),
    );
    checks.extend(permission_checks(&permissions, allowed));
    let inventory = inventory?;
    let services = services.unwrap_or_default();

    checks.extend(
        control_plane_checks(cluster, &inventory, &services, ingresses.map(|l| l.items)).await,
    );
    checks.extend(bot_checks(&inventory, pvcs.map(|l| l.items), classes));
    checks.extend(drift_checks(&inventory));
    checks.extend(secrets_checks(cluster, &inventory, eso).await);
    checks.push(match metrics {
        Ok(Some(gv)) => check("metrics-server", Verdict::Pass, format!("metrics API served ({gv})"), None),
        Ok(None) => check(
            "metrics-server",
            Verdict::Warn,
            "metrics-server is not installed: `claw top` cannot show resource use",
            Some("install it: kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml".into()),
        ),
        Err(e) => check("metrics-server", Verdict::Warn, format!("cannot tell: {e}"), None),
    });
    Ok(checks)
}

/// The preferred version of an API group, or `None` when the cluster does not serve it.
async fn group_version(cluster: &Cluster, group: &str) -> Result<Option<String>> {
    #[derive(Deserialize)]
    struct Group {
        #[serde(rename = "preferredVersion")]
        preferred: GroupVersion,
    }
    #[derive(Deserialize)]
    struct GroupVersion {
        #[serde(rename = "groupVersion")]
        group_version: String,
    }
    match cluster
        .get_json::<Group>(
            &format!("discover API group {group}"),
            &format!("/apis/{group}"),
        )
        .await
    {
        Ok(g) => Ok(Some(g.preferred.group_version)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

fn permission_checks(permissions: &[Permission], allowed: Result<Vec<bool>>) -> Vec<Check> {
    let allowed = match allowed {
        Ok(a) => a,
        Err(e) => {
            return vec![check(
                "permissions",
                Verdict::Warn,
                format!("cannot review access: {e}"),
                Some(
                    "claw uses SelfSubjectAccessReview, which every authenticated user may create"
                        .into(),
                ),
            )];
        }
    };
    let missing: Vec<&Permission> = permissions
        .iter()
        .zip(&allowed)
        .filter(|(_, ok)| !**ok)
        .map(|(p, _)| p)
        .collect();
    if missing.is_empty() {
        return vec![check(
            "permissions",
            Verdict::Pass,
            format!(
                "all {} permissions claw uses are granted",
                permissions.len()
            ),
            None,
        )];
    }
    missing
        .into_iter()
        .map(|p| {
            check(
                "permissions",
                if p.required {
                    Verdict::Fail
                } else {
                    Verdict::Warn
                },
                format!("cannot {}: {}", p.describe(), p.without_it),
                Some(format!("ask a cluster admin to grant `{}`", p.describe())),
            )
        })
        .collect()
}

#[derive(Debug, Deserialize)]
struct Ingress {
    metadata: ObjectMeta,
    #[serde(default)]
    spec: serde_json::Value,
}

/// Whether an Ingress annotation puts authentication in front (nginx auth-url/auth-type, ALB
/// auth-type, Traefik middlewares, oauth2-proxy, ...).
fn is_auth_annotation(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.contains("auth") || key.contains("middlewares")
}

async fn control_plane_checks(
    cluster: &Cluster,
    inventory: &Inventory,
    services: &[ServiceLite],
    ingresses: Result<Vec<Ingress>>,
) -> Vec<Check> {
    let Some(cp) = inventory.control_planes.first() else {
        return vec![check(
            "control-plane",
            Verdict::Fail,
            "no ClawMachine control plane found (a Helm release of chart clawmachine)",
            Some("install ClawMachine (`clawmachine install`) or check --context and -n".into()),
        )];
    };
    let mut out = Vec::new();
    let where_ = format!("{}/{}", cp.namespace, cp.name);
    let version = cp
        .release
        .chart_ref()
        .unwrap_or_else(|| "<unknown chart>".into());
    out.push(match cp.release.state.as_str() {
        ReleaseView::DEPLOYED => check(
            "control-plane",
            Verdict::Pass,
            format!(
                "{where_}: {version} deployed (revision {})",
                cp.release.revision.unwrap_or(0)
            ),
            None,
        ),
        ReleaseView::UNKNOWN => check(
            "control-plane",
            Verdict::Info,
            format!("{where_}: release state unknown (release Secrets not readable)"),
            Some("grant `list secrets` to see Helm release state".into()),
        ),
        s if s.starts_with("pending") => check(
            "control-plane",
            Verdict::Warn,
            format!("{where_}: release stuck in {s}"),
            Some(format!(
                "wait for the Helm operation, or roll back: helm rollback {} -n {}",
                cp.name, cp.namespace
            )),
        ),
        s => check(
            "control-plane",
            Verdict::Fail,
            format!("{where_}: release {s}{}", description(cp)),
            Some(format!(
                "see `helm history {} -n {}`; upgrade again or roll back",
                cp.name, cp.namespace
            )),
        ),
    });
    let (ready, want) = cp.ready();
    out.push(if want > 0 && ready >= want {
        check(
            "control-plane-replicas",
            Verdict::Pass,
            format!("{ready}/{want} replicas available"),
            None,
        )
    } else if ready > 0 {
        check(
            "control-plane-replicas",
            Verdict::Warn,
            format!(
                "only {ready}/{want} replicas available ({})",
                cp.pods_state()
            ),
            Some(format!("kubectl claw events {}", cp.name)),
        )
    } else {
        check(
            "control-plane-replicas",
            Verdict::Fail,
            format!("{ready}/{want} replicas available ({})", cp.pods_state()),
            Some(format!(
                "kubectl claw events {} and kubectl claw logs {}",
                cp.name, cp.name
            )),
        )
    });
    let probe = health::probe_all(cluster, &[cp], services, ProbeOptions::default()).await;
    out.push(match probe.first().map(|p| &p.outcome) {
        Some(Outcome::Healthy { code }) => check(
            "control-plane-health",
            Verdict::Pass,
            format!("/health answered {code}"),
            None,
        ),
        Some(Outcome::Forbidden { pods_ready }) => check(
            "control-plane-health",
            if *pods_ready {
                Verdict::Info
            } else {
                Verdict::Fail
            },
            format!(
                "cannot probe /health (no services/proxy permission); pods {}",
                if *pods_ready {
                    "are ready"
                } else {
                    "are not ready"
                }
            ),
            Some("grant `get services/proxy` to probe it".into()),
        ),
        Some(o) => check(
            "control-plane-health",
            Verdict::Fail,
            format!("/health: {} ({})", o.summary(), o.detail()),
            Some(format!("kubectl claw logs {}", cp.name)),
        ),
        None => check("control-plane-health", Verdict::Fail, "not probed", None),
    });
    out.extend(exposure_checks(cp, services, ingresses));
    out
}

fn exposure_checks(
    cp: &Bot,
    services: &[ServiceLite],
    ingresses: Result<Vec<Ingress>>,
) -> Vec<Check> {
    let fix = Some(
        "keep the Service ClusterIP and reach it with kubectl port-forward, or put an authenticating proxy in front"
            .to_string(),
    );
    let own: Vec<&ServiceLite> = services
        .iter()
        .filter(|s| {
            s.metadata.namespace == cp.namespace
                && s.metadata.labels.get(labels::INSTANCE) == Some(&cp.name)
        })
        .collect();
    let mut out = Vec::new();
    for s in &own {
        if let Some(t) = s
            .spec
            .type_
            .as_deref()
            .filter(|t| matches!(*t, "LoadBalancer" | "NodePort"))
        {
            out.push(check(
                "control-plane-exposure",
                Verdict::Warn,
                format!(
                    "Service {}/{} is type {t}: the dashboard has no authentication and is reachable from outside the cluster",
                    s.metadata.namespace, s.metadata.name
                ),
                fix.clone(),
            ));
        }
    }
    match ingresses {
        Ok(ingresses) => {
            let names: BTreeSet<&str> = own.iter().map(|s| s.metadata.name.as_str()).collect();
            for ing in ingresses
                .iter()
                .filter(|i| i.metadata.namespace == cp.namespace)
            {
                let backends = ingress_backends(&ing.spec);
                let routes_here = backends.iter().any(|b| names.contains(b.as_str()))
                    || ing.metadata.labels.get(labels::INSTANCE) == Some(&cp.name);
                if routes_here
                    && !ing
                        .metadata
                        .annotations
                        .keys()
                        .any(|k| is_auth_annotation(k))
                {
                    out.push(check(
                        "control-plane-exposure",
                        Verdict::Warn,
                        format!(
                            "Ingress {}/{} routes to the dashboard with no authentication annotation",
                            ing.metadata.namespace, ing.metadata.name
                        ),
                        Some("add authentication to the Ingress (e.g. nginx.ingress.kubernetes.io/auth-url) or remove it".into()),
                    ));
                }
            }
        }
        Err(e) => out.push(check(
            "control-plane-exposure",
            Verdict::Info,
            format!("cannot check Ingresses: {e}"),
            Some("grant `list ingresses.networking.k8s.io`".into()),
        )),
    }
    if out.is_empty() {
        out.push(check(
            "control-plane-exposure",
            Verdict::Pass,
            "reachable only inside the cluster (ClusterIP Service, no unauthenticated Ingress)",
            None,
        ));
    }
    out
}

/// Service names an Ingress sends traffic to.
fn ingress_backends(spec: &serde_json::Value) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(n) = spec["defaultBackend"]["service"]["name"].as_str() {
        names.push(n.to_string());
    }
    for rule in spec["rules"].as_array().into_iter().flatten() {
        for path in rule["http"]["paths"].as_array().into_iter().flatten() {
            if let Some(n) = path["backend"]["service"]["name"].as_str() {
                names.push(n.to_string());
            }
        }
    }
    names
}

fn description(bot: &Bot) -> String {
    bot.release
        .description
        .as_deref()
        .map(|d| format!(": {}", d.lines().next().unwrap_or(d)))
        .unwrap_or_default()
}

#[derive(Debug, Deserialize)]
struct Pvc {
    metadata: ObjectMeta,
    #[serde(default)]
    spec: PvcSpec,
    #[serde(default)]
    status: PvcStatus,
}

#[derive(Debug, Deserialize, Default)]
struct PvcSpec {
    #[serde(rename = "storageClassName")]
    storage_class_name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct PvcStatus {
    phase: Option<String>,
}

#[derive(Debug, Deserialize)]
struct StorageClass {
    metadata: ObjectMeta,
}

fn bot_checks(
    inventory: &Inventory,
    pvcs: Result<Vec<Pvc>>,
    classes: Result<Vec<StorageClass>>,
) -> Vec<Check> {
    let mut out = Vec::new();
    let bots = &inventory.bots;
    let name = |b: &Bot| format!("{}/{}", b.namespace, b.name);

    // Releases.
    let mut release_problems = 0;
    for b in bots {
        let state = b.release.state.as_str();
        let problem = match state {
            ReleaseView::DEPLOYED | ReleaseView::UNKNOWN => None,
            s if s.starts_with("pending") => Some((
                Verdict::Warn,
                format!("{}: release stuck in {s}", name(b)),
                format!(
                    "wait for it, or roll back: helm rollback {} -n {}",
                    b.name, b.namespace
                ),
            )),
            s => Some((
                Verdict::Fail,
                format!("{}: release {s}{}", name(b), description(b)),
                format!(
                    "helm history {} -n {}; fix the values, then upgrade again or roll back",
                    b.name, b.namespace
                ),
            )),
        };
        if let Some((v, m, f)) = problem {
            release_problems += 1;
            out.push(check("bot-releases", v, m, Some(f)));
        }
    }
    if release_problems == 0 {
        out.push(check(
            "bot-releases",
            Verdict::Pass,
            format!("{} bot releases, none failed or pending", bots.len()),
            None,
        ));
    }

    // Pods.
    let mut pod_problems = 0;
    for b in bots {
        let pods = b.pods.as_deref().unwrap_or_default();
        if pods.iter().any(|p| p.status == "CrashLoopBackOff") {
            pod_problems += 1;
            out.push(check(
                "bot-pods",
                Verdict::Fail,
                format!("{}: CrashLoopBackOff ({} restarts)", name(b), b.restarts()),
                Some(format!(
                    "kubectl claw logs {} --previous; kubectl claw events {}",
                    b.name, b.name
                )),
            ));
        }
        if let Some(p) = pods.iter().find(|p| {
            matches!(
                p.status.as_str(),
                "ImagePullBackOff" | "ErrImagePull" | "InvalidImageName"
            )
        }) {
            pod_problems += 1;
            out.push(check(
                "bot-pods",
                Verdict::Fail,
                format!("{}: {} (the image cannot be pulled)", name(b), p.status),
                Some(format!(
                    "check image.repository, image.tag and pull secrets; kubectl claw events {}",
                    b.name
                )),
            ));
        }
    }
    if pod_problems == 0 {
        out.push(check(
            "bot-pods",
            Verdict::Pass,
            "no crash loops or image pull errors",
            None,
        ));
    }

    // Storage.
    match pvcs {
        Ok(pvcs) => {
            let default_class = classes.as_ref().ok().and_then(|cs| {
                cs.iter()
                    .find(|c| {
                        c.metadata
                            .annotations
                            .get("storageclass.kubernetes.io/is-default-class")
                            .map(String::as_str)
                            == Some("true")
                    })
                    .map(|c| c.metadata.name.clone())
            });
            let pending: Vec<&Pvc> = pvcs
                .iter()
                .filter(|p| p.status.phase.as_deref() == Some("Pending"))
                .collect();
            for p in &pending {
                let who = p
                    .metadata
                    .labels
                    .get(labels::INSTANCE)
                    .cloned()
                    .unwrap_or_default();
                let no_class = p
                    .spec
                    .storage_class_name
                    .as_deref()
                    .is_none_or(str::is_empty)
                    && default_class.is_none();
                out.push(if no_class {
                    check(
                        "bot-storage",
                        Verdict::Fail,
                        format!(
                            "PVC {}/{} ({who}) is Pending: it names no StorageClass and the cluster has no default",
                            p.metadata.namespace, p.metadata.name
                        ),
                        Some("set persistence.storageClass for the bot, or mark a StorageClass as the default".into()),
                    )
                } else {
                    check(
                        "bot-storage",
                        Verdict::Warn,
                        format!("PVC {}/{} ({who}) is Pending", p.metadata.namespace, p.metadata.name),
                        Some(format!("kubectl describe pvc {} -n {}", p.metadata.name, p.metadata.namespace)),
                    )
                });
            }
            if pending.is_empty() {
                out.push(check(
                    "bot-storage",
                    Verdict::Pass,
                    format!("{} bot volumes, none Pending", pvcs.len()),
                    None,
                ));
            }
        }
        Err(e) => out.push(check(
            "bot-storage",
            Verdict::Info,
            format!("cannot check volumes: {e}"),
            Some("grant `list persistentvolumeclaims`".into()),
        )),
    }

    // Readiness: ClawMachine's own rule, a pod Running, Ready and not being deleted. `claw
    // health` probes each bot's endpoint; doctor keeps to a fixed number of requests.
    let unhealthy: Vec<String> = bots
        .iter()
        .filter(|b| b.desired != Some(0) && !health::pods_ready(b))
        .map(|b| b.name.clone())
        .collect();
    out.push(if unhealthy.is_empty() {
        check(
            "bot-health",
            Verdict::Pass,
            format!("all {} bots have a ready pod", bots.len()),
            None,
        )
    } else {
        check(
            "bot-health",
            Verdict::Fail,
            format!(
                "{} of {} bots have no ready pod: {}",
                unhealthy.len(),
                bots.len(),
                unhealthy.join(", ")
            ),
            Some("kubectl claw health to probe them; kubectl claw events BOT to see why".into()),
        )
    });
    out
}

/// Releases against the charts embedded in this claw.
fn drift_checks(inventory: &Inventory) -> Vec<Check> {
    let mut behind = Vec::new();
    let mut ahead = Vec::new();
    for b in inventory.all() {
        let (Some(embedded), Some(running)) = (
            crate::charts::for_role(b.role),
            b.release.chart_version.as_deref(),
        ) else {
            continue;
        };
        match (
            semver::Version::parse(running),
            semver::Version::parse(embedded.version),
        ) {
            (Ok(r), Ok(e)) if r < e => {
                behind.push(format!("{} ({running} -> {})", b.name, embedded.version))
            }
            (Ok(r), Ok(e)) if r > e => ahead.push(format!(
                "{} ({running}, this claw has {})",
                b.name, embedded.version
            )),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if !behind.is_empty() {
        let cp_behind = inventory
            .control_planes
            .iter()
            .any(|cp| crate::lifecycle::available_upgrade(cp).is_some());
        out.push(check(
            "chart-drift",
            Verdict::Info,
            format!(
                "{} release(s) run older charts than this claw carries: {}",
                behind.len(),
                behind.join(", ")
            ),
            Some(if cp_behind {
                "claw upgrade (the control plane first), then claw upgrade --all-bots".into()
            } else {
                "claw upgrade --all-bots (or claw upgrade BOT…)".into()
            }),
        ));
    }
    if !ahead.is_empty() {
        out.push(check(
            "chart-drift",
            Verdict::Warn,
            format!(
                "{} release(s) run newer charts than this claw carries: {}",
                ahead.len(),
                ahead.join(", ")
            ),
            Some("update claw before upgrading them (it refuses to downgrade)".into()),
        ));
    }
    if out.is_empty() {
        out.push(check(
            "chart-drift",
            Verdict::Pass,
            "every release runs the chart version this claw carries",
            None,
        ));
    }
    out
}

#[derive(Debug, Deserialize)]
struct EsoObject {
    metadata: ObjectMeta,
    #[serde(default)]
    status: serde_json::Value,
}

impl EsoObject {
    /// The Ready condition: (ready, message).
    fn ready(&self) -> (bool, String) {
        let cond = self.status["conditions"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"));
        match cond {
            Some(c) => (
                c["status"] == "True",
                c["message"].as_str().unwrap_or("").to_string(),
            ),
            None => (false, "no Ready condition yet".into()),
        }
    }
}

/// A Secret's name and namespace only: the values are never read into memory we keep.
#[derive(Debug, Deserialize)]
struct SecretName {
    metadata: ObjectMeta,
}

async fn secrets_checks(
    cluster: &Cluster,
    inventory: &Inventory,
    eso: Result<Option<String>>,
) -> Vec<Check> {
    let gv = match eso {
        Ok(Some(gv)) => gv,
        Ok(None) => {
            return vec![check(
                "external-secrets",
                Verdict::Warn,
                "External Secrets Operator is not installed: bots' secrets from 1Password will not sync",
                Some("install it: helm install external-secrets external-secrets/external-secrets -n external-secrets --create-namespace".into()),
            )];
        }
        Err(e) => {
            return vec![check(
                "external-secrets",
                Verdict::Warn,
                format!("cannot tell: {e}"),
                None,
            )];
        }
    };
    let mut out = vec![check(
        "external-secrets",
        Verdict::Pass,
        format!("External Secrets CRDs installed ({gv})"),
        None,
    )];
    // ESO serves external-secrets.io/v1 from 0.17 on, v1beta1 before.
    let version = if gv.ends_with("/v1") { "v1" } else { "v1beta1" };
    let stores_res = Resource {
        group: ESO_GROUP,
        version,
        plural: "secretstores",
    };
    let externals_res = Resource {
        group: ESO_GROUP,
        version,
        plural: "externalsecrets",
    };
    let token_selector =
        format!("/api/v1/secrets?fieldSelector=metadata.name%3D{ONEPASSWORD_TOKEN_SECRET}");
    let (stores, externals, tokens) = tokio::join!(
        cluster.list::<EsoObject>(&stores_res, None, None),
        cluster.list::<EsoObject>(
            &externals_res,
            None,
            Some("app.kubernetes.io/managed-by=clawmachine")
        ),
        cluster.get_json::<SecretNameList>("list the 1Password token Secrets", &token_selector),
    );

    // The namespaces where bots (and the control plane) live: each needs the store.
    let namespaces: BTreeSet<&str> = inventory
        .all()
        .iter()
        .map(|b| b.namespace.as_str())
        .collect();
    match stores {
        Ok(stores) => {
            let token_in: Option<BTreeSet<String>> = tokens
                .ok()
                .map(|t| t.items.into_iter().map(|s| s.metadata.namespace).collect());
            for ns in &namespaces {
                let store = stores
                    .iter()
                    .find(|s| s.metadata.namespace == *ns && s.metadata.name == ONEPASSWORD_STORE);
                match store {
                    None => out.push(check(
                        "secret-store",
                        Verdict::Warn,
                        format!("namespace {ns} has no SecretStore {ONEPASSWORD_STORE}: its bots' secrets cannot sync from 1Password"),
                        Some("connect 1Password in ClawMachine's settings for this namespace".into()),
                    )),
                    Some(s) => {
                        let (ready, message) = s.ready();
                        out.push(if ready {
                            check("secret-store", Verdict::Pass, format!("{ns}/{ONEPASSWORD_STORE} is Ready"), None)
                        } else {
                            check(
                                "secret-store",
                                Verdict::Fail,
                                format!("{ns}/{ONEPASSWORD_STORE} is not Ready: {message}"),
                                Some(format!("kubectl describe secretstore {ONEPASSWORD_STORE} -n {ns}")),
                            )
                        });
                    }
                }
                if let Some(token_in) = &token_in
                    && store.is_some()
                    && !token_in.contains(*ns)
                {
                    out.push(check(
                        "secret-store-token",
                        Verdict::Fail,
                        format!("namespace {ns} has no Secret {ONEPASSWORD_TOKEN_SECRET} (key token) for the SecretStore"),
                        Some(format!(
                            "kubectl create secret generic {ONEPASSWORD_TOKEN_SECRET} -n {ns} --from-literal=token=<your Connect token>"
                        )),
                    ));
                }
            }
        }
        Err(e) => out.push(check(
            "secret-store",
            Verdict::Info,
            format!("cannot list SecretStores: {e}"),
            None,
        )),
    }
    match externals {
        Ok(externals) => {
            let failing: Vec<(String, String)> = externals
                .iter()
                .filter_map(|e| {
                    let (ready, message) = e.ready();
                    (!ready).then(|| {
                        (
                            format!("{}/{}", e.metadata.namespace, e.metadata.name),
                            message,
                        )
                    })
                })
                .collect();
            if failing.is_empty() {
                out.push(check(
                    "external-secrets-sync",
                    Verdict::Pass,
                    format!(
                        "{} ExternalSecrets managed by ClawMachine, all Ready",
                        externals.len()
                    ),
                    None,
                ));
            }
            for (name, message) in failing {
                let (ns, n) = name.split_once('/').unwrap_or(("", &name));
                out.push(check(
                    "external-secrets-sync",
                    Verdict::Fail,
                    format!("ExternalSecret {name} is not Ready: {message}"),
                    Some(format!("kubectl describe externalsecret {n} -n {ns}")),
                ));
            }
        }
        Err(e) => out.push(check(
            "external-secrets-sync",
            Verdict::Info,
            format!("cannot list ExternalSecrets: {e}"),
            None,
        )),
    }
    out
}

#[derive(Debug, Deserialize)]
struct SecretNameList {
    #[serde(default)]
    items: Vec<SecretName>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_annotations_are_recognised() {
        assert!(is_auth_annotation("nginx.ingress.kubernetes.io/auth-url"));
        assert!(is_auth_annotation("alb.ingress.kubernetes.io/auth-type"));
        assert!(is_auth_annotation(
            "traefik.ingress.kubernetes.io/router.middlewares"
        ));
        assert!(!is_auth_annotation(
            "nginx.ingress.kubernetes.io/rewrite-target"
        ));
    }

    #[test]
    fn ingress_backends_are_found() {
        let spec = serde_json::json!({
            "defaultBackend": {"service": {"name": "a"}},
            "rules": [{"http": {"paths": [{"backend": {"service": {"name": "b", "port": {"number": 80}}}}]}}]
        });
        assert_eq!(ingress_backends(&spec), ["a", "b"]);
    }
}
