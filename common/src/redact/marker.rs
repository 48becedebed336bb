//! The mark left where a secret was: `<redacted>`, the same everywhere, so `restore` can find
//! every spot. A diff marks each hidden value by a keyed hash instead (`<redacted#…>`), so two
//! manifests can tell a changed secret from an unchanged one without showing either; the key
//! is random per run, so the hash says nothing about the value.

use std::hash::{BuildHasher, RandomState};

pub const REDACTED: &str = "<redacted>";

/// How a hidden value is marked.
pub enum Mark {
    /// `<redacted>`.
    Plain,
    /// `<redacted#HASH>`, the hash keyed by this run's random state.
    Hashed(RandomState),
}

impl Mark {
    /// The mark for `secret`.
    pub fn of(&self, secret: &str) -> String {
        match self {
            Mark::Plain => REDACTED.to_string(),
            Mark::Hashed(state) => format!("<redacted#{:016x}>", state.hash_one(secret)),
        }
    }
}

/// Whether `s` is (or holds, or begins) a mark already — `<redacted>`, `<redacted#…>`,
/// `<redacted, changed>`: a value redacted once is not redacted again.
pub fn is_marked(s: &str) -> bool {
    s.contains("<redacted")
}
