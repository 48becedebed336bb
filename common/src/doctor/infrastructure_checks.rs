//! What ClawMachine relies on beside its own releases: Cilium when a bot asks for a
//! CiliumNetworkPolicy (without Cilium that policy is ignored and the bot's egress is open),
//! 1Password Connect when SecretStores point at it, External Secrets Operator's controller.

use super::check::{Check, Verdict};
use super::facts::EsoObject;
use crate::error::Result;
use crate::fleet::infrastructure::{self, Component, Found, Row, State};
use crate::fleet::inventory::Inventory;

pub fn checks(inventory: &Inventory, found: &Found, stores: &Result<Vec<EsoObject>>) -> Vec<Check> {
    let bots = inventory.all();
    let rows = infrastructure::rows(found, &bots);
    let row = |c: Component| rows.iter().find(|r| r.component == c);
    let mut out = Vec::new();
    if let Some(r) = row(Component::Cilium) {
        out.push(cilium(r));
    }
    let pointing = stores_pointing_at_connect(stores);
    let connect = row(Component::OnepasswordConnect);
    if !pointing.is_empty() || connect.is_some() {
        out.push(onepassword_connect(connect, &pointing));
    }
    if let Some(r) = row(Component::ExternalSecrets)
        && r.state == State::NotReady
    {
        out.push(Check::finding(
            "external-secrets-controller",
            Verdict::Fail,
            format!(
                "External Secrets Operator in {} is not ready ({}/{}): bots' secrets do not sync",
                r.namespaces.join(","),
                r.ready,
                r.desired
            ),
            "kubectl get pods -A -l app.kubernetes.io/name=external-secrets; kubectl describe them for why",
        ));
    }
    out
}

fn cilium(r: &Row) -> Check {
    let users = r.needed_by.join(", ");
    match r.state {
        State::Ready => Check::pass(
            "cilium",
            format!(
                "Cilium {} ready ({}/{}) in {}{}",
                r.version.as_deref().unwrap_or(""),
                r.ready,
                r.desired,
                r.namespaces.join(","),
                if users.is_empty() {
                    String::new()
                } else {
                    format!(", enforcing the CiliumNetworkPolicies of {users}")
                }
            ),
        ),
        State::NotInstalled => Check::finding(
            "cilium",
            Verdict::Fail,
            format!(
                "Cilium is not installed, but {users}: their CiliumNetworkPolicy (egress only to allowedDomains) is ignored, so their egress is not limited"
            ),
            "install Cilium as the cluster's CNI, or set networkPolicy.useCilium=false on those bots",
        ),
        State::NotReady => Check::finding(
            "cilium",
            if users.is_empty() {
                Verdict::Warn
            } else {
                Verdict::Fail
            },
            format!(
                "Cilium in {} is not ready ({}/{} agents){}",
                r.namespaces.join(","),
                r.ready,
                r.desired,
                if users.is_empty() {
                    String::new()
                } else {
                    format!("; needed by {users}")
                }
            ),
            "kubectl -n kube-system get pods -l k8s-app=cilium; kubectl describe the ones not ready",
        ),
        State::Unknown => Check::note(
            "cilium",
            Verdict::Warn,
            format!(
                "cannot tell whether Cilium runs ({}); needed by {users}",
                r.error.as_deref().unwrap_or("")
            ),
        ),
    }
}

/// SecretStores whose provider is 1Password Connect, as `namespace/name`.
fn stores_pointing_at_connect(stores: &Result<Vec<EsoObject>>) -> Vec<String> {
    let Ok(stores) = stores else {
        return vec![];
    };
    stores
        .iter()
        .filter(|s| s.spec["provider"].get("onepassword").is_some())
        .map(|s| format!("{}/{}", s.metadata.namespace, s.metadata.name))
        .collect()
}

fn onepassword_connect(r: Option<&Row>, pointing: &[String]) -> Check {
    let stores = if pointing.is_empty() {
        String::new()
    } else {
        format!(" for SecretStores {}", pointing.join(", "))
    };
    let fix = "kubectl get pods -A -l app=onepassword-connect; install it with helm install connect 1password/connect -n 1password --create-namespace if it is not there";
    match r.map(|r| (r.state, r)) {
        Some((State::Ready, r)) => Check::pass(
            "1password-connect",
            format!(
                "1Password Connect {} ready ({}/{}) in {}{stores}",
                r.version.as_deref().unwrap_or(""),
                r.ready,
                r.desired,
                r.namespaces.join(",")
            ),
        ),
        Some((State::NotReady, r)) => Check::finding(
            "1password-connect",
            if pointing.is_empty() {
                Verdict::Warn
            } else {
                Verdict::Fail
            },
            format!(
                "1Password Connect in {} is not ready ({}/{}){}",
                r.namespaces.join(","),
                r.ready,
                r.desired,
                if pointing.is_empty() {
                    String::new()
                } else {
                    format!(": SecretStores {} cannot sync", pointing.join(", "))
                }
            ),
            fix,
        ),
        Some((State::Unknown, r)) => Check::note(
            "1password-connect",
            Verdict::Warn,
            format!(
                "cannot tell whether 1Password Connect runs: {}",
                r.error.as_deref().unwrap_or("")
            ),
        ),
        Some((State::NotInstalled, _)) | None => Check::finding(
            "1password-connect",
            Verdict::Fail,
            format!(
                "1Password Connect is not installed, but SecretStores {} point at it: their secrets cannot sync",
                pointing.join(", ")
            ),
            fix,
        ),
    }
}
