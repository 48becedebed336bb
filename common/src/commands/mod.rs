//! One module per command. Each owns its clap arguments and a `run(ctx, args, io)` that composes
//! the concern modules (cluster access, inventory, probes, checks, Helm, output) and returns how
//! the run ended; the command tree in `cli` dispatches to them.

pub mod backup;
pub mod bots;
pub mod charts;
pub mod completion;
pub mod doctor;
pub mod documents;
pub mod events;
pub mod health;
pub mod history;
pub mod install;
pub mod logs;
pub mod restart;
pub mod restore;
pub mod rollback;
pub mod status;
pub mod top;
pub mod uninstall;
pub mod upgrade;
mod upgrade_report;
mod velero_wait;
pub mod version;
