//! `claw version`: which build this is.

use super::Report;
use crate::host::Host;

pub fn run(host: Host) -> Report {
    Report {
        stdout: format!("{} {}\n", host.command_name(), env!("CARGO_PKG_VERSION")),
        ..Default::default()
    }
}
