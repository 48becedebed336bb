//! `claw completion SHELL`: the static completion script for this binary (clap_complete).

use clap::Args;

use crate::context::Context;
use crate::error::Result;
use crate::exit::Exit;
use crate::output::Io;

#[derive(Debug, Args)]
pub struct CompletionArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the script for `tree`, the command tree as this host shows it.
pub async fn run(
    ctx: &Context,
    args: &CompletionArgs,
    mut tree: clap::Command,
    io: &mut Io<'_>,
) -> Result<Exit> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut tree, ctx.host.binary_name(), &mut script);
    let _ = io.print(&String::from_utf8_lossy(&script));
    Ok(Exit::Ok)
}
