//! Backups: the backup directory's format (`format`), what a restore does per release and the
//! secrets it must be given (`restore_plan`), and Velero Backup objects (`velero`).
//!
//! Uses `charts`, `fleet`, `cluster` and the foundation.

pub mod format;
pub mod restore_plan;
pub mod velero;
