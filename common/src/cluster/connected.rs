//! A connection to the cluster, where in it to look, and where Helm keeps releases there: what
//! every command that reads the fleet works with.

use std::path::PathBuf;

use super::client::Cluster;
use super::driver::Driver;
use super::scope::Scope;

/// A connection to the cluster, and where in it to look.
#[derive(Clone)]
pub struct Connected {
    pub cluster: Cluster,
    pub scope: Scope,
    pub driver: Driver,
    /// Where the release cache lives, if it is used.
    pub cache_dir: Option<PathBuf>,
}

impl Connected {
    /// The same connection, looking in `namespace` alone.
    pub fn in_namespace(&self, namespace: &str) -> Connected {
        Connected {
            scope: Scope::Namespace(namespace.to_string()),
            ..self.clone()
        }
    }
}
