//! The permissions claw uses, what each one is for, and whether the user has them, asked with
//! SelfSubjectAccessReviews (one small POST each, whatever the size of the fleet).

use serde::Serialize;
use serde_json::json;

use crate::bot::CONTROL_PLANE_NAMESPACE;
use crate::cluster::Cluster;
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

pub fn needed() -> Vec<Permission> {
    let p = |verb, group, resource, subresource, namespace, without_it, required| Permission {
        verb,
        group,
        resource,
        subresource,
        namespace,
        without_it,
        required,
    };
    vec![
        p(
            "list",
            "",
            "pods",
            None,
            None,
            "status, health and logs cannot see any bot",
            true,
        ),
        p(
            "list",
            "",
            "secrets",
            None,
            None,
            "Helm release state shows as unknown; bots are found from their workloads' labels",
            false,
        ),
        p(
            "list",
            "apps",
            "deployments",
            None,
            None,
            "READY cannot tell the replicas wanted",
            false,
        ),
        p(
            "list",
            "",
            "services",
            None,
            None,
            "health probes cannot find bot endpoints",
            false,
        ),
        p(
            "get",
            "",
            "services",
            Some("proxy"),
            Some(CONTROL_PLANE_NAMESPACE),
            "health probes fall back to pod readiness",
            false,
        ),
        p(
            "list",
            "",
            "events",
            None,
            None,
            "events shows nothing",
            false,
        ),
        p(
            "watch",
            "",
            "events",
            None,
            None,
            "events -w cannot stream",
            false,
        ),
        p(
            "get",
            "",
            "pods",
            Some("log"),
            Some(CONTROL_PLANE_NAMESPACE),
            "logs cannot read bot logs",
            false,
        ),
        p(
            "list",
            "metrics.k8s.io",
            "pods",
            None,
            None,
            "top cannot read resource use",
            false,
        ),
        p(
            "list",
            "",
            "persistentvolumeclaims",
            None,
            None,
            "doctor cannot check bot storage",
            false,
        ),
    ]
}

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
                    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    &body,
                )
                .await
                .map(|r| r.status.is_some_and(|s| s.allowed))
        }
    });
    futures::future::join_all(asks).await.into_iter().collect()
}
