//! The Helm flags claw's lifecycle commands take and pass on, spelled as Helm spells them.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::error::{Error, Result};

/// Values given on the command line: `-f FILE` and `--set KEY=VALUE`, later ones winning.
#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct ValuesArgs {
    /// A values file (repeatable; later files win)
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// A value on the command line, KEY=VALUE (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl ValuesArgs {
    /// Fails fast, before anything runs, on a values file that is not there or a `--set`
    /// without `=`.
    pub fn check(&self) -> Result<()> {
        for f in &self.files {
            if !f.is_file() {
                return Err(Error::Usage(format!(
                    "values file {} does not exist",
                    f.display()
                )));
            }
        }
        for s in &self.set {
            if !s.contains('=') {
                // Not "KEY=…": a word that names a key would be taken for a secret's name.
                return Err(Error::Usage(format!(
                    "--set {s}: no value: give NAME=VALUE (e.g. --set image.tag=0.1.8)"
                )));
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.set.is_empty()
    }
}

/// Waiting flags, passed to Helm.
#[derive(Debug, Args, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitArgs {
    /// Wait until the release's resources are ready
    #[arg(long)]
    pub wait: bool,

    /// How long Helm waits (e.g. 5m)
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub timeout: Option<Duration>,
}
