//! How a run ends, as the documented exit codes: 0 ok, 1 failed, 2 usage, 3 cannot reach or
//! authenticate to the cluster, 130 interrupted.

/// The outcome of a command, from which the process exit code follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Exit {
    #[default]
    Ok,
    /// Something was unhealthy, a check failed, an upgrade failed or was refused.
    Failed,
    /// The command line asked for something that cannot be done as asked.
    Usage,
    /// The cluster could not be reached or would not take the credentials.
    Unreachable,
    /// Ctrl-C, as shells report SIGINT.
    Interrupted,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
            Exit::Unreachable => 3,
            Exit::Interrupted => 130,
        }
    }

    /// `Failed` when `failed`, else `Ok`.
    pub fn failed_if(failed: bool) -> Exit {
        if failed { Exit::Failed } else { Exit::Ok }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_design() {
        assert_eq!(Exit::Ok.code(), 0);
        assert_eq!(Exit::Failed.code(), 1);
        assert_eq!(Exit::Usage.code(), 2);
        assert_eq!(Exit::Unreachable.code(), 3);
        assert_eq!(Exit::Interrupted.code(), 130);
        assert_eq!(Exit::failed_if(true), Exit::Failed);
    }
}
