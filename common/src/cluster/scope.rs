//! Where to look. Bots live in any namespace, so listing covers all namespaces unless `-n` narrows
//! it. Many users may not list cluster-wide; for them claw falls back to the namespaces they can
//! probably read (the context's namespace and the control plane's) instead of failing.

use serde::de::DeserializeOwned;

use super::client::{Cluster, ListForm, ListQuery};
use super::resource::Resource;
use crate::bot::CONTROL_PLANE_NAMESPACE;
use crate::error::Result;

/// Where to look, as far as flags and environment tell. The kubeconfig context's namespace is
/// needed to finish deciding: see [`ScopeRequest::resolve`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeRequest {
    /// `-n`.
    pub namespace: Option<String>,
    /// `-A`.
    pub all_namespaces: bool,
    /// A namespace the host already resolved (Helm's HELM_NAMESPACE).
    pub host_namespace: Option<String>,
}

impl ScopeRequest {
    /// Where to look, now that the kubeconfig context's namespace is known.
    ///
    /// Helm always sets HELM_NAMESPACE, to the context's namespace when the user gave no `-n`,
    /// so a HELM_NAMESPACE equal to it cannot be told from "no -n" and keeps the all-namespaces
    /// default; one that differs can only come from `helm -n NS claw …` and narrows the scope.
    pub fn resolve(&self, context_namespace: &str) -> Scope {
        if let Some(ns) = &self.namespace {
            return Scope::Namespace(ns.clone());
        }
        if !self.all_namespaces
            && let Some(ns) = self
                .host_namespace
                .as_ref()
                .filter(|ns| *ns != context_namespace)
        {
            return Scope::Namespace(ns.clone());
        }
        let mut fallback = vec![context_namespace.to_string()];
        if context_namespace != CONTROL_PLANE_NAMESPACE {
            fallback.push(CONTROL_PLANE_NAMESPACE.to_string());
        }
        Scope::AllNamespaces { fallback }
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
            s.resolve("default"),
            Scope::AllNamespaces {
                fallback: vec!["default".into(), "claw-machine".into()]
            }
        );
        assert_eq!(
            s.resolve("claw-machine"),
            Scope::AllNamespaces {
                fallback: vec!["claw-machine".into()]
            }
        );
    }

    #[test]
    fn helm_namespace_narrows_only_when_it_differs_from_the_context() {
        let s = ScopeRequest {
            host_namespace: Some("default".into()),
            ..Default::default()
        };
        assert!(matches!(s.resolve("default"), Scope::AllNamespaces { .. }));
        let s = ScopeRequest {
            host_namespace: Some("bots".into()),
            ..Default::default()
        };
        assert_eq!(s.resolve("default"), Scope::Namespace("bots".into()));
        let s = ScopeRequest {
            host_namespace: Some("bots".into()),
            all_namespaces: true,
            ..Default::default()
        };
        assert!(matches!(s.resolve("default"), Scope::AllNamespaces { .. }));
    }
}
