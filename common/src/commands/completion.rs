//! `claw completion SHELL`: the static completion script for this binary, which asks the
//! binary's hidden `__complete` command on every TAB (see [`crate::completion::scripts`]).

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
    let script = crate::completion::scripts::script(args.shell, ctx.host.binary_name(), &mut tree);
    let _ = io.print(&script);
    Ok(Exit::Ok)
}
