//! Finding the control plane and every bot with a fixed number of LIST requests, whatever the
//! size of the fleet: release Secrets (latest revisions only), pods and Deployments, all three at
//! once ([`fetch`]). Then, without the network, [`join`] decides which bots exist (from the
//! releases, or from workload labels when releases are forbidden) and attaches their pods.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Pod;
use serde::Deserialize;

use crate::cluster::Connected;
use crate::cluster::{ListForm, Listed, Resource};
use crate::error::Result;
use crate::fleet::bot::{Bot, ReleaseInfo, ReleaseState, Role, labels};
use crate::fleet::pods::PodSummary;
use crate::releases::fetch;
use crate::releases::storage::{Driver, Keep, ReleaseRecord};

#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Show releases uninstalled with `--keep-history` too.
    pub include_uninstalled: bool,
    /// `-l`: only bots whose workloads (Deployments or pods) match this label selector.
    pub selector: Option<String>,
    /// Whether the releases' values are needed (upgrade, backup, restore), or only what the
    /// read commands show (which may come from the release cache).
    pub keep: Keep,
}

impl DiscoverOptions {
    /// With the users' values, for the commands that write them back.
    pub fn with_values() -> DiscoverOptions {
        DiscoverOptions {
            keep: Keep::Values,
            ..Default::default()
        }
    }
}

/// Everything found, control plane and bots apart, each sorted by namespace then name.
#[derive(Debug, Default)]
pub struct Inventory {
    pub control_planes: Vec<Bot>,
    pub bots: Vec<Bot>,
    /// Things the user should know once (degraded access, skipped releases), for stderr.
    pub warnings: Vec<String>,
    /// Why the Helm release records could not be read (forbidden), when they could not: every
    /// release state is then unknown, and nothing can be judged from them.
    pub releases_unreadable: Option<String>,
    /// Release records that could not be decoded and that nothing ties to ClawMachine (no
    /// workload of theirs carries a ClawMachine chart's labels): skipped. Not news on every
    /// command: the listing commands say how many ([`Inventory::unreadable_note`]), doctor
    /// names each.
    pub unreadable_records: Vec<UnreadableRecord>,
}

/// A Helm release record (Secret or ConfigMap) whose payload could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRecord {
    pub namespace: String,
    pub name: String,
    /// Why it could not be decoded (not base64, not gzip, not a release, …).
    pub reason: String,
}

impl Inventory {
    /// The control plane(s) first, then the bots.
    pub fn all(&self) -> Vec<&Bot> {
        self.control_planes.iter().chain(&self.bots).collect()
    }

    /// The bots alone.
    pub fn bots(&self) -> Vec<&Bot> {
        self.bots.iter().collect()
    }

    /// What a command that lists releases says of the unreadable records nothing ties to
    /// ClawMachine: one line saying how many (`cmd doctor` names them), or, `verbose`, a line
    /// each with its reason. Nothing when there are none.
    pub fn unreadable_note(&self, cmd: &str, verbose: bool) -> Vec<String> {
        let records = &self.unreadable_records;
        if verbose {
            return records
                .iter()
                .map(|r| {
                    format!(
                        "Helm release record {}/{} could not be read ({}); skipped: nothing ties it to ClawMachine",
                        r.namespace, r.name, r.reason
                    )
                })
                .collect();
        }
        match records.len() {
            0 => vec![],
            1 => vec![format!(
                "1 Helm release record could not be read; {cmd} doctor lists it"
            )],
            n => vec![format!(
                "{n} Helm release records could not be read; {cmd} doctor lists them"
            )],
        }
    }
}

/// Only workloads that belong to some Helm-style release.
const WORKLOAD_SELECTOR: &str = labels::INSTANCE;

/// The three lists `join` needs, each page already boiled down to what is kept of it.
pub struct Listings {
    pub driver: Driver,
    /// The latest revision of each release.
    pub releases: Result<Listed<ReleaseRecord>>,
    pub pods: Result<Listed<PodEntry>>,
    pub deployments: Result<Listed<DeploymentEntry>>,
}

/// Fetches and joins: the inventory of `c`'s scope.
pub async fn discover(c: &Connected, opts: &DiscoverOptions) -> Result<Inventory> {
    join(fetch(c, opts).await, opts)
}

/// The releases (latest revisions), pods and Deployments in scope: three concurrent, paged
/// LISTs (the releases maybe from the cache, see `releases`).
pub async fn fetch(c: &Connected, opts: &DiscoverOptions) -> Listings {
    let workload_selector = workload_selector(opts);
    let (releases, pods, deployments) = tokio::join!(
        fetch::fetch(c, opts.keep),
        c.scope.list_map(
            &c.cluster,
            &Resource::PODS,
            Some(&workload_selector),
            ListForm::Full,
            |p: Pod| PodEntry::of(&p),
        ),
        c.scope.list_map(
            &c.cluster,
            &Resource::DEPLOYMENTS,
            Some(&workload_selector),
            ListForm::Full,
            DeploymentEntry::of,
        ),
    );
    Listings {
        driver: c.driver,
        releases,
        pods,
        deployments,
    }
}

/// The selector of the pods and Deployments LISTs (and watches): those of some release, and
/// the user's `-l` (the API server checks its syntax).
pub fn workload_selector(opts: &DiscoverOptions) -> String {
    match opts.selector.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => format!("{WORKLOAD_SELECTOR},{s}"),
        None => WORKLOAD_SELECTOR.to_string(),
    }
}

/// Decides the bots from what was listed. A forbidden list degrades the answer (said once in
/// the warnings); any other error ends it.
pub fn join(listings: Listings, opts: &DiscoverOptions) -> Result<Inventory> {
    let releases_unreadable = match &listings.releases {
        Err(e) if e.is_forbidden() => Some(e.to_string()),
        _ => None,
    };
    let mut warnings = Warnings::default();
    let (secrets, pods, deployments) = degraded(listings, &mut warnings)?;

    // Each pod's view is moved from the list to the index to its bot, never copied: for a big
    // fleet these are most of what claw holds.
    let pods_read = pods.as_ref().and_then(|l| l.fell_back_to.clone());
    let mut workloads = Workloads::index(
        pods.map(|l| l.items),
        deployments.map(|l| l.items).unwrap_or_default(),
    );
    let mut unreadable_records = Vec::new();
    let mut found = bots_found(secrets, &workloads, opts, &mut unreadable_records);
    for bot in &mut found {
        workloads.attach(bot);
        // Pods listed only in some namespaces: elsewhere they are unknown, not absent.
        if pods_read
            .as_ref()
            .is_some_and(|read| !read.contains(&bot.namespace))
        {
            bot.pods = None;
        }
    }
    if opts.selector.is_some() {
        // Releases carry no workload labels: keep the bots whose workloads matched.
        found.retain(|b| {
            !b.deployments.is_empty() || b.pods.as_ref().is_some_and(|p| !p.is_empty())
        });
    }
    found.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let (control_planes, bots) = found
        .into_iter()
        .partition(|b| b.role == Role::ControlPlane);
    Ok(Inventory {
        control_planes,
        bots,
        warnings: warnings.0,
        releases_unreadable,
        unreadable_records,
    })
}

/// The bots the release records name; where the records could not be read (all of them, or
/// outside the namespaces read), the bots their workloads' labels name, with release state
/// unknown: never dropped.
fn bots_found(
    secrets: Option<Listed<ReleaseRecord>>,
    workloads: &Workloads,
    opts: &DiscoverOptions,
    unreadable_records: &mut Vec<UnreadableRecord>,
) -> Vec<Bot> {
    let Some(listed) = secrets else {
        return from_workloads(workloads);
    };
    let read = listed.fell_back_to.clone();
    let mut bots = from_releases(listed.items, workloads, opts, unreadable_records);
    if let Some(read) = read {
        bots.extend(
            from_workloads(workloads)
                .into_iter()
                .filter(|b| !read.contains(&b.namespace)),
        );
    }
    bots
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

    /// Says once which namespaces were read when cluster-wide lists were forbidden.
    fn note_fallback<'a>(&mut self, lists: impl IntoIterator<Item = Option<&'a Vec<String>>>) {
        let fell_back: BTreeSet<&String> = lists.into_iter().flatten().flatten().collect();
        if fell_back.is_empty() {
            return;
        }
        self.push(format!(
            "cannot list across all namespaces (forbidden); showing namespace{} {} only",
            if fell_back.len() == 1 { "" } else { "s" },
            fell_back
                .into_iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

/// The three lists, a forbidden one as `None` (noted once in `warnings`); any other error
/// ends it, as does having neither releases nor pods (nothing to show: the refusal says why).
#[allow(clippy::type_complexity)]
fn degraded(
    listings: Listings,
    warnings: &mut Warnings,
) -> Result<(
    Option<Listed<ReleaseRecord>>,
    Option<Listed<PodEntry>>,
    Option<Listed<DeploymentEntry>>,
)> {
    let Listings {
        driver,
        releases,
        pods,
        deployments,
    } = listings;
    let secrets = warnings.forbidden_is_degraded(
        releases,
        &format!(
            // No colon after "{}": "Secrets: release" reads like a key and its value to the
            // redaction every line passes through.
            "cannot read Helm release {}, so release state shows as unknown and bots are found from their workloads' labels",
            driver.objects()
        ),
    )?;
    let pods = match (&secrets, pods) {
        (None, Err(e)) if e.is_forbidden() => return Err(e),
        (_, pods) => {
            warnings.forbidden_is_degraded(pods, "cannot list pods: pod state shows as Unknown")?
        }
    };
    let deployments = warnings.forbidden_is_degraded(
        deployments,
        "cannot list deployments: READY counts the pods that exist, not the replicas wanted",
    )?;
    let secrets_fell_back = secrets.as_ref().and_then(|l| l.fell_back_to.as_ref());
    let workloads_fell_back = [
        pods.as_ref().and_then(|l| l.fell_back_to.as_ref()),
        deployments.as_ref().and_then(|l| l.fell_back_to.as_ref()),
    ];
    if workloads_fell_back.iter().all(Option::is_none)
        && let Some(read) = secrets_fell_back
    {
        // Every bot is still seen (by its workloads); only release state is partial.
        let mut read = read.clone();
        read.sort();
        warnings.push(format!(
            "cannot list Helm release {} across all namespaces (forbidden): release state shows as unknown outside {}",
            driver.objects(),
            read.join(", ")
        ));
    } else {
        warnings.note_fallback(std::iter::once(secrets_fell_back).chain(workloads_fell_back));
    }
    Ok((secrets, pods, deployments))
}

fn from_releases(
    records: Vec<ReleaseRecord>,
    workloads: &Workloads,
    opts: &DiscoverOptions,
    unreadable: &mut Vec<UnreadableRecord>,
) -> Vec<Bot> {
    let mut bots = Vec::new();
    for rec in records {
        if rec.status == "uninstalled" && !opts.include_uninstalled {
            continue;
        }
        let (role, release, values, settings) = match rec.payload {
            Ok(p) => {
                let Some(role) = Role::from_chart(&p.chart_name) else {
                    continue; // not a ClawMachine chart
                };
                let release = ReleaseInfo {
                    state: ReleaseState::parse(&p.status),
                    revision: Some(rec.revision),
                    chart: Some(p.chart_name),
                    chart_version: Some(p.chart_version),
                    app_version: p.app_version,
                    first_deployed: p.first_deployed,
                    last_deployed: p.last_deployed,
                    description: Some(p.description).filter(|d| !d.is_empty()),
                    error: None,
                };
                (role, release, p.config, p.settings)
            }
            Err(reason) => {
                // The chart is in the payload we cannot read; the workloads' labels may still
                // tell whether this release is one of ours.
                let Some(role) = workloads.role_of(&rec.namespace, &rec.name) else {
                    unreadable.push(UnreadableRecord {
                        namespace: rec.namespace,
                        name: rec.name,
                        reason,
                    });
                    continue;
                };
                let mut release = ReleaseInfo::unknown();
                release.state = ReleaseState::Unreadable;
                release.revision = Some(rec.revision);
                release.error = Some(reason);
                (role, release, serde_json::Value::Null, Default::default())
            }
        };
        let mut bot = Bot::new(rec.namespace, rec.name, role, release);
        bot.values = values;
        bot.settings = settings;
        bots.push(bot);
    }
    bots
}

/// Without release Secrets: every (namespace, instance) whose workloads carry a ClawMachine
/// chart name or bot-type label.
fn from_workloads(workloads: &Workloads) -> Vec<Bot> {
    workloads
        .by_instance
        .iter()
        .filter_map(|((namespace, name), i)| {
            Some(Bot::new(
                namespace.clone(),
                name.clone(),
                i.role?,
                ReleaseInfo::unknown(),
            ))
        })
        .collect()
}

/// A Deployment as the LIST decodes it: only what is read of it.
#[derive(Debug, Deserialize)]
pub struct DeploymentLite {
    metadata: crate::cluster::ObjectMeta,
    #[serde(default)]
    spec: DeploymentSpecLite,
}

#[derive(Debug, Deserialize, Default)]
struct DeploymentSpecLite {
    replicas: Option<i32>,
}

impl DeploymentLite {
    pub fn uid(&self) -> &str {
        &self.metadata.uid
    }
}

/// What is kept of a Deployment that belongs to a release.
#[derive(Debug, Clone)]
pub struct DeploymentEntry {
    key: Key,
    name: String,
    database: bool,
    role: Option<Role>,
    replicas: i32,
    created: Option<jiff::Timestamp>,
}

impl DeploymentEntry {
    /// `None` for a Deployment of no release.
    pub fn of(d: DeploymentLite) -> Option<DeploymentEntry> {
        let key = key_of(&d.metadata.namespace, &d.metadata.labels)?;
        Some(DeploymentEntry {
            key,
            database: is_database(&d.metadata.labels),
            role: role_from_labels(&d.metadata.labels),
            replicas: d.spec.replicas.unwrap_or(1),
            created: d.metadata.creation_timestamp,
            name: d.metadata.name,
        })
    }
}

/// What is kept of a pod that belongs to a release: its view, and whose it is.
#[derive(Debug, Clone)]
pub struct PodEntry {
    key: Key,
    database: bool,
    role: Option<Role>,
    view: PodSummary,
}

impl PodEntry {
    /// `None` for a pod of no release.
    pub fn of(pod: &Pod) -> Option<PodEntry> {
        let empty = BTreeMap::new();
        let labels = pod.metadata.labels.as_ref().unwrap_or(&empty);
        let key = key_of(
            pod.metadata.namespace.as_deref().unwrap_or_default(),
            labels,
        )?;
        Some(PodEntry {
            key,
            database: is_database(labels),
            role: role_from_labels(labels),
            view: PodSummary::of(pod),
        })
    }
}

type Key = (String, String);

/// Pods and Deployments grouped by (namespace, release instance): one entry per instance.
#[derive(Default)]
struct Workloads {
    /// Whether pods could be listed (else every bot's pods are unknown).
    pods_listed: bool,
    by_instance: BTreeMap<Key, Instance>,
}

/// What the workloads of one release instance say.
#[derive(Default)]
struct Instance {
    pods: Vec<PodSummary>,
    database: Vec<PodSummary>,
    desired: Option<i32>,
    deployments: Vec<String>,
    database_deployments: Vec<String>,
    created: Option<jiff::Timestamp>,
    role: Option<Role>,
}

impl Workloads {
    fn index(pods: Option<Vec<PodEntry>>, deployments: Vec<DeploymentEntry>) -> Workloads {
        let mut w = Workloads {
            pods_listed: pods.is_some(),
            ..Default::default()
        };
        for d in deployments {
            w.add_deployment(d);
        }
        for pod in pods.unwrap_or_default() {
            w.add_pod(pod);
        }
        w
    }

    fn add_deployment(&mut self, d: DeploymentEntry) {
        let i = self.by_instance.entry(d.key).or_default();
        if d.database {
            i.database_deployments.push(d.name);
            return;
        }
        *i.desired.get_or_insert(0) += d.replicas;
        i.deployments.push(d.name);
        if let Some(t) = d.created {
            i.created = Some(i.created.map_or(t, |c| c.min(t)));
        }
        if let Some(role) = d.role {
            i.role = Some(role);
        }
    }

    fn add_pod(&mut self, pod: PodEntry) {
        let i = self.by_instance.entry(pod.key).or_default();
        if pod.database {
            i.database.push(pod.view);
            return;
        }
        if i.role.is_none() {
            i.role = pod.role;
        }
        i.pods.push(pod.view);
    }

    fn role_of(&self, namespace: &str, name: &str) -> Option<Role> {
        self.by_instance
            .get(&(namespace.to_string(), name.to_string()))
            .and_then(|i| i.role)
    }

    /// Gives `bot` its pods and workloads (moved out: each bot is attached once).
    fn attach(&mut self, bot: &mut Bot) {
        let key = (bot.namespace.clone(), bot.name.clone());
        let i = self.by_instance.remove(&key).unwrap_or_default();
        bot.pods = self.pods_listed.then(|| {
            let mut pods = i.pods;
            pods.sort_by(|a, b| a.name.cmp(&b.name));
            pods
        });
        bot.database = i.database;
        bot.desired = i.desired;
        bot.deployments = i.deployments;
        bot.database_deployments = i.database_deployments;
        if bot.created.is_none() {
            bot.created = i.created;
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn listed<T>(items: Vec<T>) -> Result<Listed<T>> {
        Ok(Listed {
            items,
            fell_back_to: None,
            resource_version: None,
        })
    }

    fn pod(ns: &str, name: &str, labels: serde_json::Value, phase: &str) -> PodEntry {
        let pod: Pod = serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {"containers": [{"name": "c"}]},
            "status": {"phase": phase, "conditions": [{"type": "Ready", "status": if phase == "Running" {"True"} else {"False"}}]}
        }))
        .unwrap();
        PodEntry::of(&pod).unwrap()
    }

    fn forbidden() -> crate::Error {
        crate::Error::Forbidden {
            message: "secrets is forbidden".into(),
        }
    }

    #[test]
    fn without_releases_bots_come_from_workload_labels() {
        let pods = vec![
            pod(
                "claw-machine",
                "pico-1",
                json!({"app.kubernetes.io/instance": "pico", "clawmachine.dev/bot-type": "picoclaw"}),
                "Running",
            ),
            pod(
                "claw-machine",
                "iron-db",
                json!({"app.kubernetes.io/instance": "iron", "app.kubernetes.io/name": "ironclaw", "app.kubernetes.io/component": "database"}),
                "Running",
            ),
            pod(
                "web",
                "shop-1",
                json!({"app.kubernetes.io/instance": "shop", "app.kubernetes.io/name": "webapp"}),
                "Running",
            ),
        ];
        let inv = join(
            Listings {
                driver: Driver::Secrets,
                releases: Err(forbidden()),
                pods: listed(pods),
                deployments: listed(vec![]),
            },
            &DiscoverOptions::default(),
        )
        .unwrap();
        let names: Vec<String> = inv.all().iter().map(|b| b.key()).collect();
        assert_eq!(
            names,
            ["claw-machine/pico"],
            "a database alone is no bot; webapp is not ours"
        );
        assert_eq!(inv.bots[0].release.state, ReleaseState::Unknown);
        assert_eq!(inv.bots[0].state().status(), "Running");
        assert!(inv.warnings[0].contains("release state shows as unknown"));
    }

    #[test]
    fn with_neither_releases_nor_pods_the_refusal_is_the_answer() {
        let err = join(
            Listings {
                driver: Driver::Secrets,
                releases: Err(forbidden()),
                pods: Err(forbidden()),
                deployments: listed(vec![]),
            },
            &DiscoverOptions::default(),
        )
        .unwrap_err();
        assert!(err.is_forbidden());
    }
}
