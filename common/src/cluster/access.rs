//! The permissions claw uses, what each one is for, and whether the user has them, asked with
//! SelfSubjectAccessReviews (one small POST each, whatever the size of the fleet).

use serde::Serialize;
use serde_json::json;

use crate::clawmachine::CONTROL_PLANE_NAMESPACE;
use crate::cluster::{Cluster, Resource};
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct Permission {
    pub verb: &'static str,
    pub group: &'static str,
    pub resource: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subresource: Option<&'static str>,
    /// `None`: across all namespaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<&'static str>,
    /// What works less, or not at all, without it.
    pub without_it: &'static str,
    /// Without it claw cannot do its main job.
    pub required: bool,
}

impl Permission {
    /// "list secrets in all namespaces", "get services/proxy in namespace claw-machine".
    pub fn describe(&self) -> String {
        let resource = match (self.group, self.subresource) {
            ("", None) => self.resource.to_string(),
            ("", Some(sub)) => format!("{}/{sub}", self.resource),
            (g, None) => format!("{}.{g}", self.resource),
            (g, Some(sub)) => format!("{}.{g}/{sub}", self.resource),
        };
        match self.namespace {
            None => format!("{} {resource} in all namespaces", self.verb),
            Some(ns) => format!("{} {resource} in namespace {ns}", self.verb),
        }
    }
}

/// Every permission claw uses, what it is for, and whether claw can do without it.
pub const NEEDED: &[Permission] = &[
    Permission {
        verb: "list",
        group: "",
        resource: "pods",
        subresource: None,
        namespace: None,
        without_it: "status, health and logs cannot see any bot",
        required: true,
    },
    Permission {
        verb: "list",
        group: "",
        resource: "secrets",
        subresource: None,
        namespace: None,
        without_it: "Helm release state shows as unknown; bots are found from their workloads' labels",
        required: false,
    },
    Permission {
        verb: "list",
        group: "apps",
        resource: "deployments",
        subresource: None,
        namespace: None,
        without_it: "READY cannot tell the replicas wanted",
        required: false,
    },
    Permission {
        verb: "list",
        group: "",
        resource: "services",
        subresource: None,
        namespace: None,
        without_it: "health probes cannot find bot endpoints",
        required: false,
    },
    Permission {
        verb: "get",
        group: "",
        resource: "services",
        subresource: Some("proxy"),
        namespace: Some(CONTROL_PLANE_NAMESPACE),
        without_it: "health probes fall back to pod readiness",
        required: false,
    },
    Permission {
        verb: "list",
        group: "",
        resource: "events",
        subresource: None,
        namespace: None,
        without_it: "events shows nothing",
        required: false,
    },
    Permission {
        verb: "watch",
        group: "",
        resource: "events",
        subresource: None,
        namespace: None,
        without_it: "events -w cannot stream",
        required: false,
    },
    Permission {
        verb: "get",
        group: "",
        resource: "pods",
        subresource: Some("log"),
        namespace: Some(CONTROL_PLANE_NAMESPACE),
        without_it: "logs cannot read bot logs",
        required: false,
    },
    Permission {
        verb: "list",
        group: "metrics.k8s.io",
        resource: "pods",
        subresource: None,
        namespace: None,
        without_it: "top cannot read resource use",
        required: false,
    },
    Permission {
        verb: "list",
        group: "",
        resource: "persistentvolumeclaims",
        subresource: None,
        namespace: None,
        without_it: "doctor cannot check bot storage",
        required: false,
    },
];

/// Asks the API server about each permission, all at once.
pub async fn review(cluster: &Cluster, permissions: &[Permission]) -> Result<Vec<bool>> {
    #[derive(serde::Deserialize)]
    struct Review {
        status: Option<ReviewStatus>,
    }
    #[derive(serde::Deserialize)]
    struct ReviewStatus {
        #[serde(default)]
        allowed: bool,
    }
    let asks = permissions.iter().map(|p| {
        let mut attrs = json!({"verb": p.verb, "group": p.group, "resource": p.resource});
        if let Some(sub) = p.subresource {
            attrs["subresource"] = json!(sub);
        }
        if let Some(ns) = p.namespace {
            attrs["namespace"] = json!(ns);
        }
        let body = json!({
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": attrs},
        });
        async move {
            cluster
                .post_json::<Review>(
                    "review access (SelfSubjectAccessReview)",
                    &Resource::SELF_SUBJECT_ACCESS_REVIEWS.path(None),
                    &body,
                )
                .await
                .map(|r| r.status.is_some_and(|s| s.allowed))
        }
    });
    futures::future::join_all(asks).await.into_iter().collect()
}
