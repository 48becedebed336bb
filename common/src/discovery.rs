//! Finding the control plane and every bot with a fixed number of LIST requests, whatever the
//! size of the fleet: release Secrets (latest revisions only), pods and Deployments, all three at
//! once. Releases say which bots exist and their Helm state; pods and Deployments say how they run.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Pod;
use serde::Deserialize;

use crate::bot::{Bot, ReleaseView, Role, labels};
use crate::cluster::{Cluster, Listed, Resource, Scope};
use crate::error::Result;
use crate::helm_storage::{self, ReleaseRecord, ReleaseSecret};
use crate::pod_status::PodView;

#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Show releases uninstalled with `--keep-history` too.
    pub include_uninstalled: bool,
    /// `-l`: only bots whose workloads (Deployments or pods) match this label selector.
    pub selector: Option<String>,
}

/// Everything found, control plane and bots apart, each sorted by namespace then name.
#[derive(Debug, Default)]
pub struct Inventory {
    pub control_planes: Vec<Bot>,
    pub bots: Vec<Bot>,
    /// Things the user should know once (degraded access, skipped releases), for stderr.
    pub warnings: Vec<String>,
}

impl Inventory {
    /// The control plane(s) first, then the bots.
    pub fn all(&self) -> Vec<&Bot> {
        self.control_planes.iter().chain(&self.bots).collect()
    }
}

/// Only workloads that belong to some Helm-style release.
const WORKLOAD_SELECTOR: &str = labels::INSTANCE;

pub async fn discover(
    cluster: &Cluster,
    scope: &Scope,
    opts: &DiscoverOptions,
) -> Result<Inventory> {
    let driver = cluster.helm_driver;
    // The user's -l narrows the workload LISTs; the API server checks its syntax.
    let workload_selector = match opts.selector.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => format!("{WORKLOAD_SELECTOR},{s}"),
        None => WORKLOAD_SELECTOR.to_string(),
    };
    let releases_resource = driver.resource();
    let (secrets, pods, deployments) = tokio::join!(
        scope.list::<ReleaseSecret>(
            cluster,
            &releases_resource,
            Some(helm_storage::RELEASE_SELECTOR)
        ),
        scope.list::<Pod>(cluster, &Resource::PODS, Some(&workload_selector)),
        scope.list::<DeploymentLite>(cluster, &Resource::DEPLOYMENTS, Some(&workload_selector)),
    );

    let mut warnings = Warnings::default();
    let mut secrets = warnings.forbidden_is_degraded(
        secrets,
        &format!(
            "cannot read Helm release {}: release state shows as unknown and bots are found from their workloads' labels",
            driver.objects()
        ),
    )?;
    let pods = match (&secrets, pods) {
        // With neither releases nor pods there is nothing to show: say why.
        (None, Err(e)) if e.is_forbidden() => return Err(e),
        (_, pods) => {
            warnings.forbidden_is_degraded(pods, "cannot list pods: pod state shows as Unknown")?
        }
    };
    let deployments = warnings.forbidden_is_degraded(
        deployments,
        "cannot list deployments: READY counts the pods that exist, not the replicas wanted",
    )?;

    let workloads = Workloads::index(
        pods.as_ref().map(|l| l.items.as_slice()),
        deployments
            .as_ref()
            .map(|l| l.items.as_slice())
            .unwrap_or_default(),
    );

    let mut found: Vec<Bot> = match secrets.as_mut() {
        Some(listed) => {
            let records = helm_storage::latest_revisions(std::mem::take(&mut listed.items), driver);
            from_releases(records, &workloads, opts, &mut warnings)
        }
        None => from_workloads(&workloads),
    };
    for bot in &mut found {
        workloads.attach(bot);
    }
    if opts.selector.is_some() {
        // Releases carry no workload labels: keep the bots whose workloads matched.
        found.retain(|b| {
            !b.deployments.is_empty() || b.pods.as_ref().is_some_and(|p| !p.is_empty())
        });
    }
    found.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));

    let fell_back: BTreeSet<String> = [
        secrets.as_ref().and_then(|l| l.fell_back_to.clone()),
        pods.as_ref().and_then(|l| l.fell_back_to.clone()),
        deployments.as_ref().and_then(|l| l.fell_back_to.clone()),
    ]
    .into_iter()
    .flatten()
    .flatten()
    .collect();
    if !fell_back.is_empty() {
        warnings.push(format!(
            "cannot list across all namespaces (forbidden); showing namespace{} {} only",
            if fell_back.len() == 1 { "" } else { "s" },
            fell_back.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }

    let (control_planes, bots) = found
        .into_iter()
        .partition(|b| b.role == Role::ControlPlane);
    Ok(Inventory {
        control_planes,
        bots,
        warnings: warnings.0,
    })
}

#[derive(Default)]
struct Warnings(Vec<String>);

impl Warnings {
    fn push(&mut self, w: String) {
        if !self.0.contains(&w) {
            self.0.push(w);
        }
    }

    /// A forbidden list degrades the answer (noted once); any other error ends the command.
    fn forbidden_is_degraded<T>(
        &mut self,
        r: Result<Listed<T>>,
        note: &str,
    ) -> Result<Option<Listed<T>>> {
        match r {
            Ok(l) => Ok(Some(l)),
            Err(e) if e.is_forbidden() => {
                self.push(format!("{note} ({e})"));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

fn from_releases(
    records: Vec<ReleaseRecord>,
    workloads: &Workloads,
    opts: &DiscoverOptions,
    warnings: &mut Warnings,
) -> Vec<Bot> {
    let mut bots = Vec::new();
    for rec in records {
        if rec.status == "uninstalled" && !opts.include_uninstalled {
            continue;
        }
        let (role, release, values) = match rec.payload {
            Ok(p) => {
                let Some(role) = Role::from_chart(&p.chart_name) else {
                    continue; // not a ClawMachine chart
                };
                let release = ReleaseView {
                    state: p.status.clone(),
                    revision: Some(rec.revision),
                    chart: Some(p.chart_name),
                    chart_version: Some(p.chart_version),
                    app_version: p.app_version,
                    first_deployed: p.first_deployed,
                    last_deployed: p.last_deployed,
                    description: Some(p.description).filter(|d| !d.is_empty()),
                    error: None,
                };
                (role, release, p.config)
            }
            Err(reason) => {
                // The chart is in the payload we cannot read; the workloads' labels may still
                // tell whether this release is one of ours.
                let Some(role) = workloads.role_of(&rec.namespace, &rec.name) else {
                    warnings.push(format!(
                        "release {}/{} is unreadable ({reason}); skipped because nothing shows it is a ClawMachine release",
                        rec.namespace, rec.name
                    ));
                    continue;
                };
                let mut release = ReleaseView::unknown();
                release.state = ReleaseView::UNREADABLE.to_string();
                release.revision = Some(rec.revision);
                release.error = Some(reason);
                (role, release, serde_json::Value::Null)
            }
        };
        bots.push(Bot {
            created: release.first_deployed,
            namespace: rec.namespace,
            name: rec.name,
            role,
            release,
            desired: None,
            pods: None,
            database: vec![],
            deployments: vec![],
            values,
        });
    }
    bots
}

/// Without release Secrets: every (namespace, instance) whose workloads carry a ClawMachine
/// chart name or bot-type label.
fn from_workloads(workloads: &Workloads) -> Vec<Bot> {
    workloads
        .roles
        .iter()
        .map(|((namespace, name), role)| Bot {
            namespace: namespace.clone(),
            name: name.clone(),
            role: *role,
            release: ReleaseView::unknown(),
            desired: None,
            pods: None,
            database: vec![],
            created: None,
            deployments: vec![],
            values: serde_json::Value::Null,
        })
        .collect()
}

/// A Deployment with only what we read of it.
#[derive(Debug, Deserialize)]
struct DeploymentLite {
    metadata: crate::cluster::ObjectMeta,
    #[serde(default)]
    spec: DeploymentSpecLite,
}

#[derive(Debug, Deserialize, Default)]
struct DeploymentSpecLite {
    replicas: Option<i32>,
}

type Key = (String, String);

/// Pods and Deployments grouped by (namespace, release instance).
#[derive(Default)]
struct Workloads {
    /// `None` when pods could not be listed.
    pods: Option<BTreeMap<Key, Vec<PodView>>>,
    database: BTreeMap<Key, Vec<PodView>>,
    desired: BTreeMap<Key, i32>,
    deployments: BTreeMap<Key, Vec<String>>,
    created: BTreeMap<Key, jiff::Timestamp>,
    roles: BTreeMap<Key, Role>,
}

impl Workloads {
    fn index(pods: Option<&[Pod]>, deployments: &[DeploymentLite]) -> Workloads {
        let mut w = Workloads {
            pods: pods.map(|_| BTreeMap::new()),
            ..Default::default()
        };
        for d in deployments {
            let Some(key) = key_of(&d.metadata.namespace, &d.metadata.labels) else {
                continue;
            };
            if is_database(&d.metadata.labels) {
                continue;
            }
            *w.desired.entry(key.clone()).or_default() += d.spec.replicas.unwrap_or(1);
            w.deployments
                .entry(key.clone())
                .or_default()
                .push(d.metadata.name.clone());
            if let Some(t) = d.metadata.creation_timestamp {
                let first = w.created.entry(key.clone()).or_insert(t);
                *first = (*first).min(t);
            }
            if let Some(role) = role_from_labels(&d.metadata.labels) {
                w.roles.insert(key, role);
            }
        }
        for pod in pods.unwrap_or_default() {
            let empty = BTreeMap::new();
            let pod_labels = pod.metadata.labels.as_ref().unwrap_or(&empty);
            let ns = pod.metadata.namespace.as_deref().unwrap_or_default();
            let Some(key) = key_of(ns, pod_labels) else {
                continue;
            };
            let view = PodView::of(pod);
            if is_database(pod_labels) {
                w.database.entry(key).or_default().push(view);
                continue;
            }
            if let Some(role) = role_from_labels(pod_labels) {
                w.roles.entry(key.clone()).or_insert(role);
            }
            if let Some(by_key) = w.pods.as_mut() {
                by_key.entry(key).or_default().push(view);
            }
        }
        w
    }

    fn role_of(&self, namespace: &str, name: &str) -> Option<Role> {
        self.roles
            .get(&(namespace.to_string(), name.to_string()))
            .copied()
    }

    fn attach(&self, bot: &mut Bot) {
        let key = (bot.namespace.clone(), bot.name.clone());
        bot.pods = self
            .pods
            .as_ref()
            .map(|by_key| by_key.get(&key).cloned().unwrap_or_default());
        if let Some(pods) = &mut bot.pods {
            pods.sort_by(|a, b| a.name.cmp(&b.name));
        }
        bot.database = self.database.get(&key).cloned().unwrap_or_default();
        bot.desired = self.desired.get(&key).copied();
        bot.deployments = self.deployments.get(&key).cloned().unwrap_or_default();
        if bot.created.is_none() {
            bot.created = self.created.get(&key).copied();
        }
    }
}

fn key_of(namespace: &str, l: &BTreeMap<String, String>) -> Option<Key> {
    let instance = l.get(labels::INSTANCE)?;
    Some((namespace.to_string(), instance.clone()))
}

fn is_database(l: &BTreeMap<String, String>) -> bool {
    l.get(labels::COMPONENT).map(String::as_str) == Some(labels::DATABASE_COMPONENT)
}

fn role_from_labels(l: &BTreeMap<String, String>) -> Option<Role> {
    [labels::BOT_TYPE, labels::NAME]
        .iter()
        .filter_map(|k| l.get(*k))
        .find_map(|v| Role::from_chart(v))
}
