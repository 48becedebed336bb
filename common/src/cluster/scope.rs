//! Where to look. Bots live in any namespace, so listing covers all namespaces unless `-n` narrows
//! it. Many users may not list cluster-wide; for them claw falls back to the namespaces they can
//! probably read (the context's namespace and the control plane's) instead of failing.

use serde::de::DeserializeOwned;

use super::client::{Cluster, ListForm, ListQuery};
use super::resource::Resource;
use crate::clawmachine::CONTROL_PLANE_NAMESPACE;
use crate::error::Result;

/// Where to look, as far as flags and environment tell. The kubeconfig context's namespace is
/// needed to finish deciding: see [`ScopeRequest::resolve`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeRequest {
    /// `-n`, given to claw itself.
    pub namespace: Option<String>,
    /// `-A`.
    pub all_namespaces: bool,
    /// The namespace the host already resolved (Helm's `HELM_NAMESPACE`), and whether the user
    /// gave it.
    pub host_namespace: Option<HostNamespace>,
}

/// Helm's `HELM_NAMESPACE`: always set, to the context's namespace (or `default`) when the user
/// gave none, so only [`HostNamespace::told`] says whether it means anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostNamespace {
    pub namespace: String,
    pub told: Told,
}

/// Whether the user gave a setting, as far as claw can know (see `host.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Told {
    Given,
    NotGiven,
    Unknown,
}

/// What a command does with the cluster: a read may look wider than asked (nothing changes);
/// a write acts only where the user pointed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Intent {
    #[default]
    Read,
    Write,
}

impl ScopeRequest {
    /// Where to look, now that the kubeconfig context's namespace is known.
    ///
    /// A namespace the user gave (to claw, or to Helm) narrows the scope; without one, lists
    /// cover all namespaces. When it cannot be known whether the user gave Helm's
    /// `HELM_NAMESPACE` (see `host.rs`), a write takes it as given — acting in a namespace
    /// nobody named is the one thing claw must not do — and a read narrows only when it differs
    /// from the context's namespace (what `helm -n NS` alone can produce).
    pub fn resolve(&self, context_namespace: &str, intent: Intent) -> Scope {
        if let Some(ns) = &self.namespace {
            return Scope::Namespace(ns.clone());
        }
        if !self.all_namespaces
            && let Some(host) = &self.host_namespace
        {
            let narrow = match (&host.told, intent) {
                (Told::Given, _) | (Told::Unknown, Intent::Write) => true,
                (Told::NotGiven, _) => false,
                (Told::Unknown, Intent::Read) => host.namespace != context_namespace,
            };
            if narrow {
                return Scope::Namespace(host.namespace.clone());
            }
        }
        let mut fallback = vec![context_namespace.to_string()];
        if context_namespace != CONTROL_PLANE_NAMESPACE {
            fallback.push(CONTROL_PLANE_NAMESPACE.to_string());
        }
        Scope::AllNamespaces { fallback }
    }

    /// The namespace the user named, if any (a write's target namespace).
    pub fn named_namespace(&self, intent: Intent) -> Option<&str> {
        if let Some(ns) = &self.namespace {
            return Some(ns);
        }
        let host = self
            .host_namespace
            .as_ref()
            .filter(|_| !self.all_namespaces)?;
        match (&host.told, intent) {
            (Told::Given, _) | (Told::Unknown, Intent::Write) => Some(&host.namespace),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    AllNamespaces {
        /// Tried one by one when a cluster-wide list is forbidden.
        fallback: Vec<String>,
    },
    Namespace(String),
}

/// What a list in scope gave, and how it had to get it.
#[derive(Debug)]
pub struct Listed<T> {
    pub items: Vec<T>,
    /// The namespaces actually read, when a forbidden cluster-wide list forced the fallback.
    pub fell_back_to: Option<Vec<String>>,
    /// The list's resourceVersion, to watch from (none after a fallback: one per namespace).
    pub resource_version: Option<String>,
}

impl Scope {
    /// "namespace \"x\"" or "any namespace", for messages.
    pub fn describe(&self) -> String {
        match self {
            Scope::Namespace(ns) => format!("namespace \"{ns}\""),
            Scope::AllNamespaces { .. } => "any namespace".to_string(),
        }
    }

    pub fn namespace(&self) -> Option<&str> {
        match self {
            Scope::Namespace(ns) => Some(ns),
            Scope::AllNamespaces { .. } => None,
        }
    }

    pub async fn list<T: DeserializeOwned>(
        &self,
        cluster: &Cluster,
        resource: &Resource,
        label_selector: Option<&str>,
    ) -> Result<Listed<T>> {
        self.list_map(cluster, resource, label_selector, ListForm::Full, Some)
            .await
    }

    /// A LIST in scope, page by page, each item turned by `keep` into what is held on to (see
    /// [`Cluster::list_map`]). A forbidden cluster-wide list falls back to the namespaces in
    /// `fallback`, one after the other.
    pub async fn list_map<T: DeserializeOwned, U>(
        &self,
        cluster: &Cluster,
        resource: &Resource,
        label_selector: Option<&str>,
        form: ListForm,
        mut keep: impl FnMut(T) -> Option<U>,
    ) -> Result<Listed<U>> {
        let query = |namespace| ListQuery {
            resource,
            namespace,
            label_selector,
            form,
        };
        let fallback = match self {
            Scope::Namespace(ns) => {
                let (items, rv) = cluster.list_map(&query(Some(ns)), &mut keep).await?;
                return Ok(Listed {
                    items,
                    fell_back_to: None,
                    resource_version: Some(rv),
                });
            }
            Scope::AllNamespaces { fallback } => fallback,
        };
        let denied = match cluster.list_map(&query(None), &mut keep).await {
            Ok((items, rv)) => {
                return Ok(Listed {
                    items,
                    fell_back_to: None,
                    resource_version: Some(rv),
                });
            }
            Err(e) if e.is_forbidden() && !fallback.is_empty() => e,
            Err(e) => return Err(e),
        };
        let mut items = Vec::new();
        let mut read = Vec::new();
        for ns in fallback {
            match cluster.list_map(&query(Some(ns)), &mut keep).await {
                Ok((mut got, _)) => {
                    items.append(&mut got);
                    read.push(ns.clone());
                }
                Err(e) if e.is_forbidden() => {}
                Err(e) => return Err(e),
            }
        }
        if read.is_empty() {
            // Nothing readable anywhere: the cluster-wide refusal says it best.
            return Err(denied);
        }
        Ok(Listed {
            items,
            fell_back_to: Some(read),
            resource_version: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_defaults_to_all_namespaces_with_fallback() {
        let s = ScopeRequest::default();
        assert_eq!(
            s.resolve("default", Intent::Read),
            Scope::AllNamespaces {
                fallback: vec!["default".into(), "claw-machine".into()]
            }
        );
        assert_eq!(
            s.resolve("claw-machine", Intent::Read),
            Scope::AllNamespaces {
                fallback: vec!["claw-machine".into()]
            }
        );
    }

    fn helm(namespace: &str, told: Told) -> ScopeRequest {
        ScopeRequest {
            host_namespace: Some(HostNamespace {
                namespace: namespace.into(),
                told,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_helm_namespace_the_user_gave_narrows_reads_and_writes() {
        for intent in [Intent::Read, Intent::Write] {
            assert_eq!(
                helm("default", Told::Given).resolve("default", intent),
                Scope::Namespace("default".into())
            );
            assert!(matches!(
                helm("default", Told::NotGiven).resolve("default", intent),
                Scope::AllNamespaces { .. }
            ));
        }
    }

    #[test]
    fn an_unknown_helm_namespace_narrows_every_write() {
        let s = helm("default", Told::Unknown);
        assert_eq!(
            s.resolve("default", Intent::Write),
            Scope::Namespace("default".into())
        );
        assert_eq!(s.named_namespace(Intent::Write), Some("default"));
        // A read keeps the all-namespaces default unless it can only have come from -n.
        assert!(matches!(
            s.resolve("default", Intent::Read),
            Scope::AllNamespaces { .. }
        ));
        assert_eq!(s.named_namespace(Intent::Read), None);
        assert_eq!(
            helm("bots", Told::Unknown).resolve("default", Intent::Read),
            Scope::Namespace("bots".into())
        );
    }

    #[test]
    fn all_namespaces_and_an_explicit_namespace_beat_helms() {
        let mut s = helm("bots", Told::Given);
        s.all_namespaces = true;
        assert!(matches!(
            s.resolve("default", Intent::Write),
            Scope::AllNamespaces { .. }
        ));
        let mut s = helm("bots", Told::Given);
        s.namespace = Some("mine".into());
        assert_eq!(
            s.resolve("default", Intent::Read),
            Scope::Namespace("mine".into())
        );
    }
}
