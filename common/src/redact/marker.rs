//! The mark left where a secret was: the same everywhere, so `restore` can find every spot.

pub const REDACTED: &str = "<redacted>";
