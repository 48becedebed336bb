//! Helm's records of releases: decoding the release Secrets and ConfigMaps cheaply (`storage`),
//! the cache of decoded revisions (`cache`), and the releases in scope, from a paged LIST or a
//! metadata LIST plus GETs of what the cache has not seen (`fetch`).
//!
//! Uses `cluster` and `redact`; used by `fleet` and above.

pub mod cache;
pub mod fetch;
pub mod history;
pub mod storage;
