//! Charts: the ones embedded in the binary (`embedded`, packed reproducibly at build time by
//! `pack`), where else charts come from — a repository or a local path — and fetching them
//! (`source`), and what a chart archive declares (`archive`).
//!
//! Uses `helm` (to pull from repositories), `fleet` (chart names by bot type) and the
//! foundation.

pub mod archive;
pub mod embedded;
pub mod offer;
pub mod set;
pub mod source;
