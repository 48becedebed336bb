//! metrics-server: `top` needs the metrics API.

use super::check::{Check, Verdict};
use crate::error::Result;

pub fn check(metrics: &Result<Option<String>>, cmd: &str) -> Check {
    match metrics {
        Ok(Some(gv)) => Check::pass("metrics-server", format!("metrics API served ({gv})")),
        Ok(None) => Check::finding(
            "metrics-server",
            Verdict::Warn,
            format!("metrics-server is not installed: `{cmd} top` cannot show resource use"),
            "install it: kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml",
        ),
        Err(e) => Check::note("metrics-server", Verdict::Warn, format!("cannot tell: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_absent_and_unknown() {
        assert_eq!(
            check(&Ok(Some("metrics.k8s.io/v1beta1".into())), "kubectl claw").result,
            Verdict::Pass
        );
        let absent = check(&Ok(None), "helm claw");
        assert_eq!(absent.result, Verdict::Warn);
        assert!(
            absent.message.contains("`helm claw top`"),
            "{}",
            absent.message
        );
        assert!(absent.fix.unwrap().contains("metrics-server"));
        let err = check(&Err(crate::error::Error::Other("x".into())), "kubectl claw");
        assert_eq!(err.result, Verdict::Warn);
        assert!(err.fix.is_none());
    }
}
