//! The upgrade engine that `upgrade`, `restore --upgrade` and `rollback` share: which release
//! moves to which chart version and what guards stand in the way (`plan`), the deployed
//! manifest against the new one, object by object (`safety`).
//!
//! Uses `charts`, `fleet`, `releases`, `helm`, `output` and below.

pub mod plan;
pub mod run;
pub mod safety;
