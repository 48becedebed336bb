//! The secrets plumbing: External Secrets Operator installed, the `onepassword-store`
//! SecretStore Ready in every namespace with bots (and its token Secret there, checked by name
//! only), and ClawMachine's ExternalSecrets in sync.

use std::collections::BTreeSet;

use super::check::{Check, Verdict};
use super::facts::{EsoObject, ONEPASSWORD_STORE, ONEPASSWORD_TOKEN_SECRET, SecretsFacts};
use crate::fleet::inventory::Inventory;

pub fn checks(inventory: &Inventory, f: &SecretsFacts) -> Vec<Check> {
    let gv = match &f.eso {
        Ok(Some(gv)) => gv,
        Ok(None) => {
            return vec![Check::finding(
                "external-secrets",
                Verdict::Warn,
                "External Secrets Operator is not installed: bots' secrets from 1Password will not sync",
                "install it: helm install external-secrets external-secrets/external-secrets -n external-secrets --create-namespace",
            )];
        }
        Err(e) => {
            return vec![Check::note(
                "external-secrets",
                Verdict::Warn,
                format!("cannot tell: {e}"),
            )];
        }
    };
    let mut out = vec![Check::pass(
        "external-secrets",
        format!("External Secrets CRDs installed ({gv})"),
    )];
    // The namespaces where bots (and the control plane) live: each needs the store.
    let namespaces: BTreeSet<&str> = inventory
        .all()
        .iter()
        .map(|b| b.namespace.as_str())
        .collect();
    match &f.stores {
        Ok(stores) => {
            for ns in namespaces {
                out.extend(store_checks(ns, stores, f.token_namespaces.as_ref()));
            }
        }
        Err(e) => out.push(Check::note(
            "secret-store",
            Verdict::Info,
            format!("cannot list SecretStores: {e}"),
        )),
    }
    match &f.externals {
        Ok(externals) => out.extend(sync_checks(externals)),
        Err(e) => out.push(Check::note(
            "external-secrets-sync",
            Verdict::Info,
            format!("cannot list ExternalSecrets: {e}"),
        )),
    }
    out
}

/// The 1Password store in namespace `ns`: there, Ready, and with its token Secret beside it.
fn store_checks(ns: &str, stores: &[EsoObject], token_in: Option<&BTreeSet<String>>) -> Vec<Check> {
    let store = stores
        .iter()
        .find(|s| s.metadata.namespace == ns && s.metadata.name == ONEPASSWORD_STORE);
    let Some(store) = store else {
        return vec![Check::finding(
            "secret-store",
            Verdict::Warn,
            format!(
                "namespace {ns} has no SecretStore {ONEPASSWORD_STORE}: its bots' secrets cannot sync from 1Password"
            ),
            "connect 1Password in ClawMachine's settings for this namespace",
        )];
    };
    let (ready, message) = store.ready();
    let mut out = vec![if ready {
        Check::pass("secret-store", format!("{ns}/{ONEPASSWORD_STORE} is Ready"))
    } else {
        Check::finding(
            "secret-store",
            Verdict::Fail,
            format!("{ns}/{ONEPASSWORD_STORE} is not Ready: {message}"),
            format!("kubectl describe secretstore {ONEPASSWORD_STORE} -n {ns}"),
        )
    }];
    if token_in.is_some_and(|t| !t.contains(ns)) {
        out.push(Check::finding(
            "secret-store-token",
            Verdict::Fail,
            format!("namespace {ns} has no Secret {ONEPASSWORD_TOKEN_SECRET} (key token) for the SecretStore"),
            format!(
                "kubectl create secret generic {ONEPASSWORD_TOKEN_SECRET} -n {ns} --from-literal=token=<your Connect token>"
            ),
        ));
    }
    out
}

/// ClawMachine's ExternalSecrets: every one not Ready is a FAIL of its own.
fn sync_checks(externals: &[EsoObject]) -> Vec<Check> {
    let failing: Vec<Check> = externals
        .iter()
        .filter_map(|e| {
            let (ready, message) = e.ready();
            let (ns, name) = (&e.metadata.namespace, &e.metadata.name);
            (!ready).then(|| {
                Check::finding(
                    "external-secrets-sync",
                    Verdict::Fail,
                    format!("ExternalSecret {ns}/{name} is not Ready: {message}"),
                    format!("kubectl describe externalsecret {name} -n {ns}"),
                )
            })
        })
        .collect();
    if failing.is_empty() {
        return vec![Check::pass(
            "external-secrets-sync",
            format!(
                "{} ExternalSecrets managed by ClawMachine, all Ready",
                externals.len()
            ),
        )];
    }
    failing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::bot::{Bot, BotType, Role};

    fn eso(ns: &str, name: &str, ready: bool) -> EsoObject {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "namespace": ns},
            "status": {"conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}, "message": "auth failed"}]}
        }))
        .unwrap()
    }

    fn fleet() -> Inventory {
        let mut a = Bot::for_test(Role::Bot(BotType::Picoclaw));
        a.namespace = "team".into();
        Inventory {
            bots: vec![a],
            ..Default::default()
        }
    }

    fn facts(stores: Vec<EsoObject>, externals: Vec<EsoObject>, tokens: &[&str]) -> SecretsFacts {
        SecretsFacts {
            eso: Ok(Some("external-secrets.io/v1".into())),
            stores: Ok(stores),
            externals: Ok(externals),
            token_namespaces: Some(tokens.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn eso_absent_warns_once() {
        let f = SecretsFacts {
            eso: Ok(None),
            stores: Ok(vec![]),
            externals: Ok(vec![]),
            token_namespaces: None,
        };
        let c = checks(&fleet(), &f);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].result, Verdict::Warn);
    }

    #[test]
    fn a_ready_store_with_its_token_and_synced_secrets_pass() {
        let f = facts(
            vec![eso("team", ONEPASSWORD_STORE, true)],
            vec![eso("team", "pico-keys", true)],
            &["team"],
        );
        assert!(
            checks(&fleet(), &f)
                .iter()
                .all(|c| c.result == Verdict::Pass)
        );
    }

    #[test]
    fn missing_store_unready_store_missing_token_and_unsynced_secrets() {
        let c = checks(&fleet(), &facts(vec![], vec![], &[]));
        assert_eq!(c[1].check, "secret-store");
        assert_eq!(c[1].result, Verdict::Warn);
        let f = facts(
            vec![eso("team", ONEPASSWORD_STORE, false)],
            vec![eso("team", "pico-keys", false)],
            &[],
        );
        let c = checks(&fleet(), &f);
        let failed: Vec<&str> = c
            .iter()
            .filter(|c| c.result == Verdict::Fail)
            .map(|c| c.check)
            .collect();
        assert_eq!(
            failed,
            [
                "secret-store",
                "secret-store-token",
                "external-secrets-sync"
            ]
        );
    }
}
