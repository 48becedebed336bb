//! The few API resources claw reads, and how their URLs are spelled: every API path claw asks
//! for is built here.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// "" for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub plural: &'static str,
}

impl Resource {
    pub const PODS: Resource = Resource::core("pods");
    pub const SECRETS: Resource = Resource::core("secrets");
    pub const CONFIGMAPS: Resource = Resource::core("configmaps");
    pub const SERVICES: Resource = Resource::core("services");
    pub const EVENTS: Resource = Resource::core("events");
    pub const PVCS: Resource = Resource::core("persistentvolumeclaims");
    /// Cluster-scoped: give no namespace.
    pub const NAMESPACES: Resource = Resource::core("namespaces");
    pub const SELF_SUBJECT_ACCESS_REVIEWS: Resource = Resource {
        group: "authorization.k8s.io",
        version: "v1",
        plural: "selfsubjectaccessreviews",
    };
    pub const DEPLOYMENTS: Resource = Resource {
        group: "apps",
        version: "v1",
        plural: "deployments",
    };

    pub const NETWORK_POLICIES: Resource = Resource {
        group: "networking.k8s.io",
        version: "v1",
        plural: "networkpolicies",
    };
    pub const CRONJOBS: Resource = Resource {
        group: "batch",
        version: "v1",
        plural: "cronjobs",
    };

    const fn core(plural: &'static str) -> Resource {
        Resource {
            group: "",
            version: "v1",
            plural,
        }
    }

    pub fn path(&self, namespace: Option<&str>) -> String {
        let base = if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        };
        match namespace {
            Some(ns) => format!("{base}/namespaces/{ns}/{}", self.plural),
            None => format!("{base}/{}", self.plural),
        }
    }

    /// One object's path: `…/namespaces/NS/PLURAL/NAME` (`namespace: None` for cluster-scoped).
    pub fn named(&self, namespace: Option<&str>, name: &str) -> String {
        format!("{}/{name}", self.path(namespace))
    }

    /// A subresource of one object: `…/NAME/SUB` (`pods/x/log`, `services/svc:port/proxy`).
    pub fn subresource(&self, namespace: Option<&str>, name: &str, sub: &str) -> String {
        format!("{}/{sub}", self.named(namespace, name))
    }

    /// "list secrets in all namespaces", for error messages.
    pub fn describe_list(&self, namespace: Option<&str>) -> String {
        match namespace {
            Some(ns) => format!("list {} in namespace \"{ns}\"", self.plural),
            None => format!("list {} in all namespaces", self.plural),
        }
    }
}

/// An API group's discovery document (`/apis/GROUP`): whether the cluster serves it, and at
/// which version.
pub fn group_path(group: &str) -> String {
    format!("/apis/{group}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_api_layout() {
        assert_eq!(Resource::PODS.path(None), "/api/v1/pods");
        assert_eq!(
            Resource::SECRETS.path(Some("claw-machine")),
            "/api/v1/namespaces/claw-machine/secrets"
        );
        assert_eq!(
            Resource::DEPLOYMENTS.path(Some("a")),
            "/apis/apps/v1/namespaces/a/deployments"
        );
        assert_eq!(
            Resource::NAMESPACES.named(None, "bots"),
            "/api/v1/namespaces/bots"
        );
        assert_eq!(
            Resource::SERVICES.subresource(Some("cm"), "pico:http", "proxy"),
            "/api/v1/namespaces/cm/services/pico:http/proxy"
        );
        assert_eq!(
            Resource::SELF_SUBJECT_ACCESS_REVIEWS.path(None),
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
        );
        assert_eq!(group_path("velero.io"), "/apis/velero.io");
    }
}
