//! `helm claw`: claw under helm's plugin conventions. Everything else lives in claw-common.

fn main() -> std::process::ExitCode {
    claw_common::plugin_main(claw_common::Host::Helm)
}
