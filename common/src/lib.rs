//! claw: the operator's toolbelt for ClawMachine on Kubernetes. Both plugins (`kubectl claw`,
//! `helm claw`) are thin shells over this library: they name their [`Host`] and call
//! [`plugin_main`], which parses the command line ([`cli`]), builds the one [`Context`] every
//! command runs with, runs the command, and turns the outcome into the documented exit code.
//!
//! # Layers
//!
//! Each folder owns one concern (its `mod.rs` says which) and uses only its own layer and the
//! ones below; `tests/layout.rs` checks this list against every `use`. Lowest first:
//!
//! 1. `clawmachine`, `duration`, `error`, `exit` — ClawMachine's facts and the error vocabulary
//! 2. `redact` — the one judge of what is secret
//! 3. `cluster` — the API server: connection, lists, watches, scope, names, permissions
//! 4. `helm` — Helm as a subprocess: every argv, the files handed over
//! 5. `releases` — Helm's release records: decoding, cache, fetching
//! 6. `fleet` — the bots and control plane, their pods, probes, events, metrics, volumes
//! 7. `charts` — embedded charts, chart sources, archives
//! 8. `output` — tables, documents, the sink every command prints through
//! 9. `host`, `context` — where and how a command runs; several clusters at once
//! 10. `upgrade` — the plan, the safety plan and the run that upgrade, restore and rollback share
//! 11. `backup` — the backup format, restore plans, Velero
//! 12. `doctor`, `watch`, `completion` — facts and checks; live views; completion
//! 13. `commands` — one file per command: its arguments and `run`
//! 14. `cli` — the command tree and dispatch

pub mod backup;
pub mod charts;
pub mod clawmachine;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod completion;
pub mod context;
pub mod doctor;
pub mod duration;
pub mod error;
pub mod exit;
pub mod fleet;
pub mod helm;
pub mod host;
pub mod output;
pub mod redact;
pub mod releases;
pub mod upgrade;
pub mod watch;

use std::io::Write as _;
use std::process::ExitCode;

pub use context::Context;
pub use error::{Error, Result};
pub use exit::Exit;
pub use host::Host;

use output::Io;

/// Parse, run, print, and turn the outcome into the documented exit code. Never panics on
/// bad input or bad servers: every failure is one `error:` line on stderr.
pub fn plugin_main(host: Host) -> ExitCode {
    cluster::memory::keep_large_buffers_out_of_the_heap();
    let env = |k: &str| std::env::var(k).ok();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args
        .get(1)
        .is_some_and(|a| a == completion::dynamic::COMPLETE_COMMAND)
    {
        // Before clap: the words typed so far are data, not our flags.
        let words: Vec<String> = args[2..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        return complete_main(host, words, &env);
    }
    let cli = match cli::parse(host, args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version land here too, with exit code 0.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let mut io = Io {
        out: &mut stdout,
        err: &mut stderr,
    };
    match run_parsed(host, &cli, &env, &mut io) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => fail(&e, &mut io),
    }
}

/// Builds the context for a parsed command line and runs its command.
fn run_parsed(
    host: Host,
    cli: &cli::Cli,
    env: &dyn Fn(&str) -> Option<String>,
    io: &mut Io,
) -> Result<Exit> {
    // Under Helm, the Helm process that started claw says whether `-n` was typed (see host).
    let parent = match host {
        Host::Helm => host::ParentProcess::read(),
        Host::Kubectl => None,
    };
    let ctx = Context::new(
        host,
        &cli.global,
        output::color_wanted(env),
        env,
        parent.as_ref(),
    )?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
    let outcome = runtime.block_on(cli::run(&ctx, &cli.command, io));
    // Stop at once, without waiting for pooled connections or a hung request to wind down.
    runtime.shutdown_background();
    outcome
}

/// One `error:` line, and the exit code the error maps to.
fn fail(e: &Error, io: &mut Io) -> ExitCode {
    let _ = writeln!(io.err, "error: {}", crate::redact::text(&e.to_string()));
    ExitCode::from(e.exit().code())
}

/// `<plugin> __complete ARGS… WORD`: Cobra's protocol, as kubectl and Helm speak it to plugins.
fn complete_main(host: Host, words: Vec<String>, env: &dyn Fn(&str) -> Option<String>) -> ExitCode {
    let (before, word) = match words.split_last() {
        Some((word, before)) => (before.to_vec(), word.clone()),
        None => (vec![], String::new()),
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::from(Exit::Failed.code());
    };
    let (candidates, directive) = runtime.block_on(completion::dynamic::candidates(
        host,
        cli::command(host),
        &before,
        &word,
        env,
    ));
    runtime.shutdown_background();
    let mut out = String::new();
    for c in candidates {
        out.push_str(&c);
        out.push('\n');
    }
    out.push_str(&format!(":{directive}\n"));
    let mut stdout = std::io::stdout().lock();
    // A closed pipe is not an error worth a panic or a message.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush());
    ExitCode::from(Exit::Ok.code())
}
