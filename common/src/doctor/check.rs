//! A finding of `doctor`: which check, its verdict, what was seen and what to do.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Verdict {
    Pass,
    Info,
    /// The check could not read its facts (a permission is missing): no verdict.
    Skip,
    Warn,
    Fail,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Info => "INFO",
            Verdict::Skip => "SKIP",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable identifier of the check, for scripts.
    pub check: &'static str,
    pub result: Verdict,
    pub message: String,
    /// One line saying what to do, for everything but PASS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub fn pass(id: &'static str, message: impl Into<String>) -> Check {
        Check {
            check: id,
            result: Verdict::Pass,
            message: message.into(),
            fix: None,
        }
    }

    /// A finding that is not a pass, with what to do about it.
    pub fn finding(
        id: &'static str,
        result: Verdict,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            check: id,
            result,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    /// A finding with nothing to do but know it.
    pub fn note(id: &'static str, result: Verdict, message: impl Into<String>) -> Check {
        Check {
            check: id,
            result,
            message: message.into(),
            fix: None,
        }
    }
}
