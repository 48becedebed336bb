//! The few API resources claw reads, and how their URLs are spelled.

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
    pub const DEPLOYMENTS: Resource = Resource {
        group: "apps",
        version: "v1",
        plural: "deployments",
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

    /// "list secrets in all namespaces", for error messages.
    pub fn describe_list(&self, namespace: Option<&str>) -> String {
        match namespace {
            Some(ns) => format!("list {} in namespace \"{ns}\"", self.plural),
            None => format!("list {} in all namespaces", self.plural),
        }
    }
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
    }
}
