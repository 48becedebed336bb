//! Kubernetes' and Helm's rules for names, checked before anything is asked of the cluster or
//! Helm, so a typo is a usage error (exit 2) and not a half-done install.

use crate::error::{Error, Result};

/// Helm's longest release name: 53 characters (it leaves room for suffixes in resource names).
pub const MAX_RELEASE_NAME: usize = 53;

/// A namespace must be an RFC 1123 label: at most 63 lower-case alphanumerics or `-`,
/// starting and ending with an alphanumeric (Kubernetes' `IsDNS1123Label`).
pub fn check_namespace(name: &str) -> Result<()> {
    if name.len() > 63 || !is_label(name) {
        return Err(Error::Usage(format!(
            "invalid namespace \"{name}\": a namespace is at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"
        )));
    }
    Ok(())
}

/// A release name as Helm takes it: an RFC 1123 subdomain (labels joined by `.`) of at most
/// 53 characters (Helm's `ValidateReleaseName`).
pub fn check_release_name(name: &str) -> Result<()> {
    if name.len() > MAX_RELEASE_NAME || name.is_empty() || !name.split('.').all(is_label) {
        return Err(Error::Usage(format!(
            "invalid release name \"{name}\": Helm takes at most {MAX_RELEASE_NAME} characters of a-z, 0-9, '-' and '.', starting and ending with a letter or digit"
        )));
    }
    Ok(())
}

fn is_label(s: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    !s.is_empty()
        && s.chars().all(|c| alnum(c) || c == '-')
        && s.starts_with(alnum)
        && s.ends_with(alnum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_dns_labels() {
        for ok in ["claw-machine", "a", "bots2", "x".repeat(63).as_str()] {
            assert!(check_namespace(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Bots",
            "-a",
            "a-",
            "a.b",
            "a_b",
            "x".repeat(64).as_str(),
        ] {
            let e = check_namespace(bad).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{bad}: {e}");
        }
    }

    #[test]
    fn release_names_are_helms() {
        for ok in ["pico", "my-bot", "a.b", "x".repeat(53).as_str()] {
            assert!(check_release_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "MyBot",
            "my_bot",
            "bot-",
            ".a",
            "a..b",
            "x".repeat(54).as_str(),
        ] {
            assert!(check_release_name(bad).is_err(), "{bad}");
        }
    }
}
