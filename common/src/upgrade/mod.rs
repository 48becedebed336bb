//! The upgrade engine that `upgrade`, `restore --upgrade` and `rollback` share: which release
//! moves to which chart version and what guards stand in the way (`plan`, `rollback`), the
//! deployed manifest against the new one, object by object (`safety`), the live objects against
//! the deployed manifest (`drift`, `live`), and the run itself (`run`, `run_id`).
//!
//! Uses `charts`, `fleet`, `releases`, `helm`, `output` and below.

pub mod drift;
pub mod live;
pub mod plan;
pub mod rollback;
pub mod run;
pub mod run_id;
pub mod safety;
