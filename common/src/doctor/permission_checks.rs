//! Access: which of the permissions claw uses are missing, and what degrades without each.

use super::check::{Check, Verdict};
use crate::cluster::access::Permission;
use crate::error::Result;

pub fn checks(allowed: &Result<Vec<(&'static Permission, bool)>>) -> Vec<Check> {
    let allowed = match allowed {
        Ok(a) => a,
        Err(e) => {
            return vec![Check::finding(
                "permissions",
                Verdict::Warn,
                format!("cannot review access: {e}"),
                "claw uses SelfSubjectAccessReview, which every authenticated user may create",
            )];
        }
    };
    let missing: Vec<&Permission> = allowed
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(p, _)| *p)
        .collect();
    if missing.is_empty() {
        return vec![Check::pass(
            "permissions",
            format!("all {} permissions claw uses are granted", allowed.len()),
        )];
    }
    missing
        .into_iter()
        .map(|p| {
            Check::finding(
                "permissions",
                if p.required {
                    Verdict::Fail
                } else {
                    Verdict::Warn
                },
                format!("cannot {}: {}", p.describe(), p.without_it),
                format!("ask a cluster admin to grant `{}`", p.describe()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::access::NEEDED;

    #[test]
    fn all_granted_is_one_pass() {
        let all = Ok(NEEDED.iter().map(|p| (p, true)).collect());
        let c = checks(&all);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].result, Verdict::Pass);
        assert!(c[0].message.contains(&NEEDED.len().to_string()));
    }

    #[test]
    fn a_missing_required_permission_fails_an_optional_one_warns() {
        let some = Ok(NEEDED
            .iter()
            .map(|p| {
                (
                    p,
                    !(p.group.is_empty()
                        && p.verb == "list"
                        && matches!(p.resource, "pods" | "secrets")),
                )
            })
            .collect());
        let c = checks(&some);
        assert_eq!(c.len(), 2);
        let pods = c
            .iter()
            .find(|c| c.message.contains("list pods in"))
            .unwrap();
        assert_eq!(pods.result, Verdict::Fail, "pods are required");
        let secrets = c.iter().find(|c| c.message.contains("secrets")).unwrap();
        assert_eq!(secrets.result, Verdict::Warn);
        assert!(
            secrets
                .fix
                .as_deref()
                .unwrap()
                .contains("grant `list secrets")
        );
    }

    #[test]
    fn a_review_that_cannot_be_made_warns() {
        let err = Err(crate::error::Error::Other("boom".into()));
        let c = checks(&err);
        assert_eq!(c[0].result, Verdict::Warn);
        assert!(c[0].message.contains("boom"));
    }
}
