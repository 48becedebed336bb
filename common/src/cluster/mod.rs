//! Cluster access: one connection, every read going through one place that bounds it in time,
//! retries what a busy API server asks us to retry, follows pagination, and turns HTTP answers
//! into errors that name what failed; where to look (`scope`), names Kubernetes accepts
//! (`names`), the permissions a user has (`access`), and keeping LIST pages out of the heap
//! (`memory`).
//!
//! Uses only the foundation (`error`, `duration`, `redact`).

pub mod access;
mod client;
mod connect;
mod connected;
mod driver;
pub mod memory;
mod meta;
pub mod names;
mod page;
mod resource;
mod retry;
mod scope;
pub mod watch;

pub use client::{Cluster, DEFAULT_CHUNK_SIZE, LineStream, ListConsistency, ListForm, ListQuery};
pub(crate) use connect::one_line;
pub use connect::{ConnectOptions, Identity};
pub use connect::{context_names, read_kubeconfig};
pub use connected::Connected;
pub use driver::Driver;
pub use meta::ObjectMeta;
pub use resource::{Resource, group_path};
pub use retry::RetryPolicy;
pub use scope::{HostNamespace, Intent, Listed, Scope, ScopeRequest, Told};
