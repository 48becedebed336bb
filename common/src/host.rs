//! The two hosts claw runs under, and how each hands over connection settings.
//!
//! kubectl execs `kubectl-claw` with the arguments as typed, so everything comes as flags.
//! Helm strips its own global flags from a plugin's arguments and passes them as environment
//! instead: `HELM_NAMESPACE` (always set, already resolved), `HELM_KUBECONTEXT` (only when
//! `--kube-context` was given), `KUBECONFIG` (only when `--kubeconfig` was given; read by the
//! kubeconfig loader itself).

use crate::cluster::{ConnectOptions, ScopeRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Kubectl,
    Helm,
}

impl Host {
    /// The command as the user types it, shown in help and errors.
    pub fn command_name(self) -> &'static str {
        match self {
            Host::Kubectl => "kubectl claw",
            Host::Helm => "helm claw",
        }
    }

    /// The executable's file name.
    pub fn binary_name(self) -> &'static str {
        match self {
            Host::Kubectl => "kubectl-claw",
            Host::Helm => "helm-claw",
        }
    }

    pub fn apply_environment(
        self,
        connect: &mut ConnectOptions,
        scope: &mut ScopeRequest,
        env: impl Fn(&str) -> Option<String>,
    ) {
        if self != Host::Helm {
            return;
        }
        let set = |k: &str| env(k).filter(|v| !v.is_empty());
        if connect.context.is_none() {
            connect.context = set("HELM_KUBECONTEXT");
        }
        scope.host_namespace = set("HELM_NAMESPACE");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn helm_environment_fills_context_and_namespace() {
        let mut c = ConnectOptions::default();
        let mut s = ScopeRequest::default();
        Host::Helm.apply_environment(
            &mut c,
            &mut s,
            env_of(&[("HELM_KUBECONTEXT", "prod"), ("HELM_NAMESPACE", "bots")]),
        );
        assert_eq!(c.context.as_deref(), Some("prod"));
        assert_eq!(s.host_namespace.as_deref(), Some("bots"));
    }

    #[test]
    fn an_explicit_context_beats_helms() {
        let mut c = ConnectOptions {
            context: Some("mine".into()),
            ..Default::default()
        };
        let mut s = ScopeRequest::default();
        Host::Helm.apply_environment(&mut c, &mut s, env_of(&[("HELM_KUBECONTEXT", "prod")]));
        assert_eq!(c.context.as_deref(), Some("mine"));
    }

    #[test]
    fn kubectl_ignores_helm_variables() {
        let mut c = ConnectOptions::default();
        let mut s = ScopeRequest::default();
        Host::Kubectl.apply_environment(&mut c, &mut s, env_of(&[("HELM_NAMESPACE", "bots")]));
        assert_eq!(s.host_namespace, None);
    }
}
