//! claw: the operator's toolbelt for ClawMachine on Kubernetes. Both plugins (`kubectl claw`,
//! `helm claw`) are thin shells over this library: they name their [`Host`] and call
//! [`plugin_main`].

pub mod access;
pub mod bot;
pub mod charts;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod complete;
pub mod discovery;
pub mod doctor;
pub mod error;
pub mod events;
pub mod health;
pub mod helm;
pub mod helm_args;
pub mod helm_storage;
pub mod host;
pub mod lifecycle;
pub mod metrics;
pub mod output;
pub mod pod_status;
pub mod quantity;
pub mod redact;
pub mod volumes;

use std::io::Write;
use std::process::ExitCode;

pub use error::{Error, Result};
pub use host::Host;

/// Parse, run, print, and turn the outcome into the documented exit code. Never panics on
/// bad input or bad servers: every failure is one `error:` line on stderr.
pub fn plugin_main(host: Host) -> ExitCode {
    let env = |k: &str| std::env::var(k).ok();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == complete::COMPLETE_COMMAND) {
        // Before clap: the words typed so far are data, not our flags.
        let words: Vec<String> = args[2..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        return complete_main(host, words, env);
    }
    let invocation = match cli::parse(host, args, env) {
        Ok(inv) => inv,
        Err(e) => {
            // --help and --version land here too, with exit code 0.
            let _ = e.print();
            return exit_code(e.exit_code());
        }
    };
    let color = output::color_wanted(env);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return exit_code(error::exit::FAILED);
        }
    };
    let mut stdout = std::io::stdout();
    let outcome = runtime.block_on(commands::run(&invocation, color, &mut stdout));
    // Stop at once, without waiting for pooled connections or a hung request to wind down.
    runtime.shutdown_background();
    match outcome {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            write_stdout(&report.stdout);
            exit_code(report.exit)
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit_code(e.exit_code())
        }
    }
}

/// `<plugin> __complete ARGS… WORD`: Cobra's protocol, as kubectl and Helm speak it to plugins.
fn complete_main(host: Host, words: Vec<String>, env: impl Fn(&str) -> Option<String>) -> ExitCode {
    let (before, word) = match words.split_last() {
        Some((word, before)) => (before.to_vec(), word.clone()),
        None => (vec![], String::new()),
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return exit_code(error::exit::FAILED);
    };
    let (candidates, directive) = runtime.block_on(complete::candidates(host, &before, &word, env));
    runtime.shutdown_background();
    let mut out = String::new();
    for c in candidates {
        out.push_str(&c);
        out.push('\n');
    }
    out.push_str(&format!(":{directive}\n"));
    write_stdout(&out);
    exit_code(error::exit::OK)
}

/// A closed pipe (`claw status | head -1`) is not an error worth a panic or a message.
fn write_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}

fn exit_code(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
