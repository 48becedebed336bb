//! What doctor needs to know, gathered before anything is judged: one wave of concurrent
//! requests for everything independent (the same count for 5 bots and for 2,000), then the few
//! that depend on it (the control plane's `/health`, External Secrets objects at the version the
//! cluster serves).

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::backup::velero::{self, VeleroBackup};
use crate::charts::offer::Offer;
use crate::cluster::Connected;
use crate::cluster::access::{self, Permission};
use crate::cluster::{Cluster, ListForm, ObjectMeta, Resource};
use crate::error::{Error, Result};
use crate::fleet::bot::{Bot, CONTROL_PLANE_CHART, CONTROL_PLANE_NAMESPACE, labels};
use crate::fleet::infrastructure;
use crate::fleet::inventory::{self, Inventory};
use crate::fleet::probe::{self, Probe, ProbeOptions, ServiceLite};
use crate::releases::fetch;
use crate::releases::storage::Keep;
use crate::upgrade::live::{self, LiveObjects};

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

/// Doctor looks at every release, as discovery gives them by default.
static EVERYTHING: std::sync::LazyLock<inventory::DiscoverOptions> =
    std::sync::LazyLock::new(Default::default);

/// Everything the checks judge.
pub struct Facts {
    pub server: String,
    pub context: String,
    pub server_version: String,
    /// Each permission claw uses, and whether it is granted.
    pub allowed: Result<Vec<(&'static Permission, bool)>>,
    pub inventory: Inventory,
    pub services: Result<Vec<ServiceLite>>,
    pub ingresses: Result<Vec<Ingress>>,
    pub pvcs: Result<Vec<Pvc>>,
    pub storage_classes: Result<Vec<StorageClass>>,
    /// The control plane's `/health`, when there is a control plane.
    pub control_plane_probe: Option<Probe>,
    pub secrets: SecretsFacts,
    /// The metrics API's group version, `None` when not served.
    pub metrics: Result<Option<String>>,
    /// The chart versions the chart source offers, and what could not be looked up.
    pub offer: Offer,
    pub offer_warnings: Vec<String>,
    /// ESO's, Cilium's and 1Password Connect's workloads.
    pub infrastructure: infrastructure::Found,
    pub velero: VeleroFacts,
    /// Each release's deployed manifest and the live objects, for drift.
    pub drift: DriftFacts,
    /// When the facts were gathered, to judge ages by.
    pub now: jiff::Timestamp,
}

/// What doctor was told that the facts depend on.
#[derive(Debug, Clone, Copy)]
pub struct GatherOptions<'a> {
    /// Where Velero runs.
    pub velero_namespace: &'a str,
    pub now: jiff::Timestamp,
}

/// What drift is judged from: the deployed manifest of each release (by namespace and name,
/// from one LIST of the release records) and the live objects (one LIST per kind).
pub struct DriftFacts {
    pub manifests: Result<std::collections::BTreeMap<(String, String), String>>,
    pub live: LiveObjects,
    /// `doctor -n BOTS`: the control plane's namespace and its release's live objects, which
    /// the scope's LISTs did not read.
    pub elsewhere: Option<(String, LiveObjects)>,
}

impl DriftFacts {
    /// The live objects `bot`'s drift is judged against.
    pub fn live_of(&self, bot: &Bot) -> &LiveObjects {
        match &self.elsewhere {
            Some((namespace, live)) if *namespace == bot.namespace => live,
            _ => &self.live,
        }
    }
}

/// What doctor reads beside the fleet: the infrastructure, whether Velero runs, and drift.
async fn beside(c: &Connected) -> (infrastructure::Found, Result<bool>, DriftFacts) {
    tokio::join!(
        infrastructure::gather(&c.cluster),
        velero::installed(&c.cluster),
        drift_facts(c)
    )
}

async fn drift_facts(c: &Connected) -> DriftFacts {
    let (records, live) = tokio::join!(
        fetch::fetch(c, Keep::Manifest),
        live::list_live(c, live::Reach::Scope)
    );
    DriftFacts {
        manifests: records.map(manifests_of),
        live,
        elsewhere: None,
    }
}

/// Each release's deployed manifest, by namespace and name.
fn manifests_of(
    records: crate::cluster::Listed<crate::releases::storage::ReleaseRecord>,
) -> std::collections::BTreeMap<(String, String), String> {
    records
        .items
        .into_iter()
        .filter_map(|r| {
            let manifest = r.payload.ok()?.manifest?;
            Some(((r.namespace, r.name), manifest))
        })
        .collect()
}

/// `doctor -n BOTS` with the control plane elsewhere: its Ingresses, its deployed manifest and
/// its live objects come from its own namespace, which the scope's LISTs did not read.
async fn control_plane_beyond_scope(c: &Connected, facts: &mut Facts) {
    let Some(cp) = facts.inventory.control_planes.first() else {
        return;
    };
    if c.scope.namespace().is_none_or(|ns| ns == cp.namespace) {
        return;
    }
    let there = c.in_namespace(&cp.namespace);
    let reach = live::Reach::Release {
        namespace: &cp.namespace,
        name: &cp.name,
    };
    let (ingresses, records, live) = tokio::join!(
        there.scope.list::<Ingress>(&c.cluster, &INGRESSES, None),
        fetch::fetch(&there, Keep::Manifest),
        live::list_live(&there, reach),
    );
    match (&mut facts.ingresses, ingresses) {
        (Ok(all), Ok(more)) => all.extend(more.items),
        (Ok(_), Err(e)) => facts.ingresses = Err(e),
        (Err(_), _) => {}
    }
    let drift = &mut facts.drift;
    match (&mut drift.manifests, records) {
        (Ok(all), Ok(more)) => all.extend(manifests_of(more)),
        (Ok(_), Err(e)) => drift.manifests = Err(e),
        (Err(_), _) => {}
    }
    drift.elsewhere = Some((cp.namespace.clone(), live));
}

/// Velero: whether its API is served, and the Backups in its namespace.
pub struct VeleroFacts {
    pub namespace: String,
    pub installed: Result<bool>,
    pub backups: Result<Vec<VeleroBackup>>,
}

impl VeleroFacts {
    fn new(
        namespace: &str,
        installed: Result<bool>,
        backups: Result<Vec<VeleroBackup>>,
    ) -> VeleroFacts {
        VeleroFacts {
            namespace: namespace.to_string(),
            installed,
            backups,
        }
    }
}

/// The External Secrets plumbing: the CRDs' version, and the objects at that version.
pub struct SecretsFacts {
    /// The served `external-secrets.io` group version; `None` when ESO is not installed.
    pub eso: Result<Option<String>>,
    pub stores: Result<Vec<EsoObject>>,
    pub externals: Result<Vec<EsoObject>>,
    /// Namespaces holding the 1Password Connect token Secret (names only were read).
    pub token_namespaces: Option<BTreeSet<String>>,
}

impl Facts {
    /// Gathers everything; `offer` looks up what the chart source offers for the charts found.
    /// `Err` only when the cluster cannot be reached at all.
    pub async fn gather<F, Fut>(c: &Connected, opts: GatherOptions<'_>, offer: F) -> Result<Facts>
    where
        F: FnOnce(Vec<&'static str>) -> Fut,
        Fut: std::future::Future<Output = (Offer, Vec<String>)>,
    {
        let cluster = &c.cluster;
        let version = server_version(cluster).await?;
        let (
            (allowed, inventory, services, ingresses, pvcs, classes, eso, metrics),
            (infra, velero_installed, drift),
        ) = tokio::join!(
            async {
                tokio::join!(
                    access::review(cluster, access::NEEDED),
                    inventory::discover(c, &EVERYTHING),
                    probe::list_services(cluster, &c.scope),
                    c.scope.list::<Ingress>(cluster, &INGRESSES, None),
                    c.scope
                        .list::<Pvc>(cluster, &Resource::PVCS, Some(labels::INSTANCE)),
                    cluster.list::<StorageClass>(&STORAGE_CLASSES, None, None),
                    group_version(cluster, ESO_GROUP),
                    group_version(cluster, "metrics.k8s.io"),
                )
            },
            beside(c)
        );
        let (inventory, services) = with_control_plane(c, inventory?, services).await?;
        let charts: BTreeSet<&'static str> =
            inventory.all().iter().map(|b| b.role.chart()).collect();
        let (control_plane_probe, secrets, (offer, offer_warnings), backups) = tokio::join!(
            probe_control_plane(cluster, &inventory, services.as_deref().unwrap_or_default()),
            secrets_facts(cluster, eso),
            offer(charts.into_iter().collect()),
            velero_backups(cluster, &velero_installed, opts.velero_namespace),
        );
        let mut facts = Facts {
            server: cluster.server.clone(),
            context: cluster.context.clone(),
            server_version: version,
            allowed: allowed.map(|a| access::NEEDED.iter().zip(a).collect()),
            inventory,
            services,
            ingresses: ingresses.map(|l| l.items),
            pvcs: pvcs.map(|l| l.items),
            storage_classes: classes,
            control_plane_probe,
            secrets,
            metrics,
            offer,
            offer_warnings,
            infrastructure: infra,
            velero: VeleroFacts::new(opts.velero_namespace, velero_installed, backups),
            drift,
            now: opts.now,
        };
        control_plane_beyond_scope(c, &mut facts).await;
        Ok(facts)
    }

    /// The StorageClass marked as the cluster's default, if any.
    pub fn default_storage_class(&self) -> Option<&str> {
        self.storage_classes.as_ref().ok()?.iter().find_map(|c| {
            (c.metadata
                .annotations
                .get("storageclass.kubernetes.io/is-default-class")
                .map(String::as_str)
                == Some("true"))
            .then_some(c.metadata.name.as_str())
        })
    }
}

/// The server's `gitVersion`.
async fn server_version(cluster: &Cluster) -> Result<String> {
    #[derive(Deserialize)]
    struct Version {
        #[serde(rename = "gitVersion")]
        git_version: String,
    }
    let v: Version = cluster
        .get_json("get the server version", "/version")
        .await?;
    Ok(v.git_version)
}

/// Velero's Backups, when Velero is installed.
async fn velero_backups(
    cluster: &Cluster,
    installed: &Result<bool>,
    namespace: &str,
) -> Result<Vec<VeleroBackup>> {
    match installed {
        Ok(true) => velero::list(cluster, namespace).await,
        _ => Ok(vec![]),
    }
}

/// `doctor -n BOTS`: the control plane runs elsewhere, and is still the one to judge; added to
/// the inventory (and its Services to `services`) when the namespace has none.
async fn with_control_plane(
    c: &Connected,
    mut inventory: Inventory,
    mut services: Result<Vec<ServiceLite>>,
) -> Result<(Inventory, Result<Vec<ServiceLite>>)> {
    if c.scope.namespace().is_some()
        && inventory.control_planes.is_empty()
        && let Some((found, its_services)) = control_plane_elsewhere(c).await?
    {
        inventory.control_planes = found;
        match (&mut services, its_services) {
            (Ok(all), Ok(more)) => all.extend(more),
            (Ok(_), Err(e)) => services = Err(e),
            (Err(_), _) => {}
        }
    }
    Ok((inventory, services))
}

/// The control plane (and its Services) wherever it runs, found by its Deployment's
/// `app.kubernetes.io/name=clawmachine` label across namespaces (or in `claw-machine` when
/// cluster-wide lists are forbidden). `None` when there is none.
async fn control_plane_elsewhere(
    c: &Connected,
) -> Result<Option<(Vec<Bot>, Result<Vec<ServiceLite>>)>> {
    #[derive(Deserialize)]
    struct Meta {
        metadata: ObjectMeta,
    }
    let everywhere = crate::cluster::Scope::AllNamespaces {
        fallback: vec![CONTROL_PLANE_NAMESPACE.to_string()],
    };
    let selector = format!("{}={CONTROL_PLANE_CHART}", labels::NAME);
    let listed = everywhere
        .list_map(
            &c.cluster,
            &Resource::DEPLOYMENTS,
            Some(&selector),
            ListForm::Metadata,
            |m: Meta| Some(m.metadata.namespace),
        )
        .await;
    let mut namespaces = match listed {
        Ok(l) => l.items,
        Err(e) if e.is_forbidden() => return Ok(None),
        Err(e) => return Err(e),
    };
    namespaces.sort();
    namespaces.dedup();
    for ns in namespaces {
        let there = c.in_namespace(&ns);
        let found = inventory::discover(&there, &Default::default()).await?;
        if !found.control_planes.is_empty() {
            let services = probe::list_services(&c.cluster, &there.scope).await;
            return Ok(Some((found.control_planes, services)));
        }
    }
    Ok(None)
}

async fn probe_control_plane(
    cluster: &Cluster,
    inventory: &Inventory,
    services: &[ServiceLite],
) -> Option<Probe> {
    let cp = inventory.control_planes.first()?;
    probe::probe_all(cluster, &[cp], services, ProbeOptions::default())
        .await
        .into_iter()
        .next()
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
            &crate::cluster::group_path(group),
        )
        .await
    {
        Ok(g) => Ok(Some(g.preferred.group_version)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn secrets_facts(cluster: &Cluster, eso: Result<Option<String>>) -> SecretsFacts {
    let gv = match &eso {
        Ok(Some(gv)) => gv.clone(),
        _ => {
            let nothing = || Ok(vec![]);
            return SecretsFacts {
                eso,
                stores: nothing(),
                externals: nothing(),
                token_namespaces: None,
            };
        }
    };
    // ESO serves external-secrets.io/v1 from 0.17 on, v1beta1 before.
    let version = if gv.ends_with("/v1") { "v1" } else { "v1beta1" };
    let resource = |plural| Resource {
        group: ESO_GROUP,
        version,
        plural,
    };
    let token_selector = format!(
        "{}?fieldSelector=metadata.name%3D{ONEPASSWORD_TOKEN_SECRET}",
        Resource::SECRETS.path(None)
    );
    let (stores_res, externals_res) = (resource("secretstores"), resource("externalsecrets"));
    let (stores, externals, tokens) = tokio::join!(
        cluster.list::<EsoObject>(&stores_res, None, None),
        cluster.list::<EsoObject>(
            &externals_res,
            None,
            Some("app.kubernetes.io/managed-by=clawmachine")
        ),
        cluster.get_json::<SecretNameList>("list the 1Password token Secrets", &token_selector),
    );
    SecretsFacts {
        eso,
        stores,
        externals,
        token_namespaces: tokens
            .ok()
            .map(|t| t.items.into_iter().map(|s| s.metadata.namespace).collect()),
    }
}

#[derive(Debug, Deserialize)]
pub struct Ingress {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: serde_json::Value,
}

#[derive(Debug, Deserialize)]
pub struct Pvc {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PvcSpec,
    #[serde(default)]
    pub status: PvcStatus,
}

#[derive(Debug, Deserialize, Default)]
pub struct PvcSpec {
    #[serde(rename = "storageClassName")]
    pub storage_class_name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct PvcStatus {
    pub phase: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StorageClass {
    pub metadata: ObjectMeta,
}

#[derive(Debug, Deserialize)]
pub struct EsoObject {
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: serde_json::Value,
    #[serde(default)]
    pub status: serde_json::Value,
}

impl EsoObject {
    /// The Ready condition: (ready, message).
    pub fn ready(&self) -> (bool, String) {
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

#[derive(Debug, Deserialize)]
struct SecretNameList {
    #[serde(default)]
    items: Vec<SecretName>,
}
