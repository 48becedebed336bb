//! `kubectl claw <TAB>`: kubectl (>= 1.26) completes a plugin's arguments by running
//! `kubectl_complete-claw` from the PATH. The install command puts it beside `kubectl-claw`; krew
//! links only `kubectl-claw` onto the PATH and leaves the shim in the plugin's store directory.
//! This check looks for it on the PATH and, when it is not there, gives the one command that puts
//! it there for this installation (krew's, or a directory of binaries).

use std::path::{Path, PathBuf};

use super::check::{Check, Verdict};

/// kubectl's name for claw's completion program.
pub const SHIM: &str = "kubectl_complete-claw";
const ID: &str = "kubectl-completion";

/// What the check looks at: the PATH, and where the running kubectl-claw is.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// The PATH's directories, in order.
    pub path: Vec<PathBuf>,
    /// The running kubectl-claw, links resolved (for krew: the file in its store).
    pub exe: Option<PathBuf>,
    /// krew's root: `$KREW_ROOT`, else `~/.krew`.
    pub krew_root: Option<PathBuf>,
}

impl Local {
    /// This process's PATH, executable and krew root.
    pub fn of_this_process() -> Local {
        let path = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect())
            .unwrap_or_default();
        let krew_root = std::env::var_os("KREW_ROOT")
            .filter(|r| !r.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".krew")));
        Local {
            path,
            exe: std::env::current_exe().ok(),
            krew_root,
        }
    }
}

/// A file the shell would run.
pub fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

pub fn check(local: &Local, is_executable: impl Fn(&Path) -> bool) -> Check {
    if let Some(found) = local
        .path
        .iter()
        .map(|d| d.join(SHIM))
        .find(|p| is_executable(p))
    {
        return Check::pass(
            ID,
            format!(
                "{} is on the PATH: kubectl (>= 1.26) completes `kubectl claw`",
                found.display()
            ),
        );
    }
    let missing = format!("{SHIM} is not on the PATH: `kubectl claw <TAB>` completes nothing");
    let Some(dir) = local.exe.as_deref().and_then(Path::parent) else {
        return Check::finding(
            ID,
            Verdict::Warn,
            missing,
            format!(
                "put {SHIM} (completions/ in the source, or the release archive) in a directory on the PATH"
            ),
        );
    };
    let on_path = local.path.iter().any(|d| d == dir);
    let beside = dir.join(SHIM);
    if let Some(root) = &local.krew_root
        && dir.starts_with(root.join("store"))
    {
        return Check::finding(
            ID,
            Verdict::Warn,
            format!("{missing} (krew links only kubectl-claw onto the PATH)"),
            format!("cp {} {}/", quote(&beside), quote(&root.join("bin"))),
        );
    }
    let add_to_path = format!("export PATH={}:\"$PATH\"", quote(dir));
    if is_executable(&beside) {
        return Check::finding(
            ID,
            Verdict::Warn,
            format!("{missing} (it is in {}, which is not)", dir.display()),
            format!("{add_to_path} (in your shell's profile)"),
        );
    }
    let write = format!(
        "printf '#!/bin/sh\\nexec kubectl-claw __complete \"$@\"\\n' > {0} && chmod +x {0}",
        quote(&beside)
    );
    let fix = if on_path {
        write
    } else {
        format!("{write}; {add_to_path}")
    };
    Check::finding(ID, Verdict::Warn, missing, fix)
}

/// `p` as one shell word: as it is when that is safe, else in single quotes.
fn quote(p: &Path) -> String {
    let s = p.display().to_string();
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+@%,=:".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(path: &[&str], exe: &str) -> Local {
        Local {
            path: path.iter().map(PathBuf::from).collect(),
            exe: Some(PathBuf::from(exe)),
            krew_root: Some(PathBuf::from("/home/u/.krew")),
        }
    }

    fn only(files: &'static [&'static str]) -> impl Fn(&Path) -> bool {
        move |p| files.iter().any(|f| Path::new(f) == p)
    }

    #[test]
    fn on_the_path_passes() {
        let l = local(
            &["/usr/bin", "/home/u/.local/bin"],
            "/home/u/.local/bin/kubectl-claw",
        );
        let c = check(&l, only(&["/home/u/.local/bin/kubectl_complete-claw"]));
        assert_eq!(c.result, Verdict::Pass);
        assert!(
            c.message
                .contains("/home/u/.local/bin/kubectl_complete-claw"),
            "{}",
            c.message
        );
    }

    #[test]
    fn krew_gets_the_copy_from_its_store() {
        let l = local(
            &["/home/u/.krew/bin", "/usr/bin"],
            "/home/u/.krew/store/claw/v0.1.0/kubectl-claw",
        );
        let c = check(
            &l,
            only(&["/home/u/.krew/store/claw/v0.1.0/kubectl_complete-claw"]),
        );
        assert_eq!(c.result, Verdict::Warn);
        assert!(
            c.message.contains("krew links only kubectl-claw"),
            "{}",
            c.message
        );
        assert_eq!(
            c.fix.as_deref(),
            Some("cp /home/u/.krew/store/claw/v0.1.0/kubectl_complete-claw /home/u/.krew/bin/")
        );
    }

    #[test]
    fn a_shim_beside_the_binary_needs_its_directory_on_the_path() {
        let l = local(&["/usr/bin"], "/opt/claw bin/kubectl-claw");
        let c = check(&l, only(&["/opt/claw bin/kubectl_complete-claw"]));
        assert_eq!(c.result, Verdict::Warn);
        assert_eq!(
            c.fix.as_deref(),
            Some("export PATH='/opt/claw bin':\"$PATH\" (in your shell's profile)")
        );
    }

    #[test]
    fn no_shim_anywhere_is_written_beside_the_binary() {
        let l = local(&["/usr/local/bin"], "/usr/local/bin/kubectl-claw");
        let c = check(&l, only(&[]));
        assert_eq!(c.result, Verdict::Warn);
        assert_eq!(
            c.fix.as_deref(),
            Some(
                "printf '#!/bin/sh\\nexec kubectl-claw __complete \"$@\"\\n' > /usr/local/bin/kubectl_complete-claw && chmod +x /usr/local/bin/kubectl_complete-claw"
            )
        );
        let unknown = Local {
            exe: None,
            ..local(&[], "/x")
        };
        assert!(
            check(&unknown, only(&[]))
                .fix
                .unwrap()
                .contains("completions/")
        );
    }
}
