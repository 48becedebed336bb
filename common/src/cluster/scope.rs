//! Where to look. Bots live in any namespace, so listing covers all namespaces unless `-n` narrows
//! it. Many users may not list cluster-wide; for them claw falls back to the namespaces they can
//! probably read (the context's namespace and the control plane's) instead of failing.

use serde::de::DeserializeOwned;

use super::{Cluster, Resource};
use crate::error::Result;

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
        let fallback = match self {
            Scope::Namespace(ns) => {
                return Ok(Listed {
                    items: cluster.list(resource, Some(ns), label_selector).await?,
                    fell_back_to: None,
                });
            }
            Scope::AllNamespaces { fallback } => fallback,
        };
        let denied = match cluster.list(resource, None, label_selector).await {
            Ok(items) => {
                return Ok(Listed {
                    items,
                    fell_back_to: None,
                });
            }
            Err(e) if e.is_forbidden() && !fallback.is_empty() => e,
            Err(e) => return Err(e),
        };
        let lists = futures::future::join_all(
            fallback
                .iter()
                .map(|ns| cluster.list::<T>(resource, Some(ns), label_selector)),
        )
        .await;
        let mut items = Vec::new();
        let mut read = Vec::new();
        for (ns, listed) in fallback.iter().zip(lists) {
            match listed {
                Ok(mut got) => {
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
        })
    }
}
