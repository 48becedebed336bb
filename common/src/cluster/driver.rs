//! Where Helm keeps its release records in the cluster (its storage driver, `HELM_DRIVER`):
//! which kind of object to list.

/// Where Helm keeps releases (its HELM_DRIVER): Secrets (the default) or ConfigMaps. Both hold
/// the same payload, but a Secret's data is base64-encoded once more by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Driver {
    #[default]
    Secrets,
    ConfigMaps,
}

impl Driver {
    /// HELM_DRIVER's spellings; the in-memory and SQL drivers hold nothing claw can read.
    pub fn parse(s: &str) -> Result<Driver, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "secret" | "secrets" => Ok(Driver::Secrets),
            "configmap" | "configmaps" => Ok(Driver::ConfigMaps),
            other => Err(format!(
                "Helm storage driver \"{other}\" is not supported: claw reads the secrets and configmap drivers"
            )),
        }
    }

    pub fn resource(self) -> super::resource::Resource {
        match self {
            Driver::Secrets => super::resource::Resource::SECRETS,
            Driver::ConfigMaps => super::resource::Resource::CONFIGMAPS,
        }
    }

    /// "Secrets" or "ConfigMaps", for messages.
    pub fn objects(self) -> &'static str {
        match self {
            Driver::Secrets => "Secrets",
            Driver::ConfigMaps => "ConfigMaps",
        }
    }
}
