//! Helm as a subprocess, the way helm-diff runs it: `$HELM_BIN` under Helm, else `helm` from
//! PATH. claw never renders or applies charts itself. Every argv claw hands Helm is built in
//! [`invocation`], one function per verb; the files it hands Helm (values, charts) are made in
//! [`files`]. A Ctrl-C stops Helm and returns `Interrupted`, so callers unwind and their
//! temporary files go with them.

pub mod files;
pub mod invocation;
mod options;
mod runner;

pub use invocation::HelmMajor;
pub use options::{ValuesArgs, WaitArgs, merge_values, read_values_file};
pub use runner::{Helm, HelmOutput};
