//! Running Helm for the lifecycle commands, and reporting how it went the same way in each:
//! every release's result in the command's output, an `error:` line on stderr for each Helm
//! failure (with any secret scrubbed from Helm's words), and exit 1 when any failed.

use std::ffi::OsString;

use crate::error::Result;
use crate::exit::Exit;
use crate::helm::Helm;
use crate::output::Io;
use crate::redact;

/// How one Helm operation on one release went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepResult {
    Done,
    /// Helm's own reason, scrubbed of secrets.
    Failed(String),
}

/// Runs `helm ARGV`; a failure is Helm's reason with `secrets` replaced by `<redacted>`.
/// `Err` only when Helm could not be run at all, or on Ctrl-C.
pub async fn run(
    helm: &Helm,
    argv: &[OsString],
    secrets: &[String],
) -> Result<(StepResult, String)> {
    let out = helm.run(argv).await?;
    Ok(if out.success {
        (StepResult::Done, out.stdout)
    } else {
        (
            StepResult::Failed(redact::scrub(&out.reason(), secrets)),
            out.stdout,
        )
    })
}

/// Says on stderr which operations failed, and whether the run failed.
pub fn report<'a>(
    verb: &str,
    results: impl IntoIterator<Item = (String, &'a StepResult)>,
    io: &mut Io,
) -> Exit {
    let mut failed = false;
    for (what, r) in results {
        if let StepResult::Failed(reason) = r {
            failed = true;
            let _ = writeln!(io.err, "error: {verb} of {what} failed: {reason}");
        }
    }
    Exit::failed_if(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_is_one_error_line() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut io = Io {
            out: &mut out,
            err: &mut err,
        };
        let ok = StepResult::Done;
        let bad = StepResult::Failed("Error: UPGRADE FAILED: timed out".into());
        let exit = report(
            "upgrade",
            [("a/x".to_string(), &ok), ("a/y".to_string(), &bad)],
            &mut io,
        );
        assert_eq!(exit, Exit::Failed);
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "error: upgrade of a/y failed: Error: UPGRADE FAILED: timed out\n"
        );
        let mut err = Vec::new();
        let mut io = Io {
            out: &mut out,
            err: &mut err,
        };
        assert_eq!(
            report("install", [("a/x".to_string(), &ok)], &mut io),
            Exit::Ok
        );
        assert!(err.is_empty());
    }
}
