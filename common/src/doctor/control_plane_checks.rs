//! The control plane: its release deployed, its replicas available, `/health` answering, and
//! not exposed without authentication (it has none of its own).

use std::collections::BTreeSet;

use super::bot_checks;
use super::check::{Check, Verdict};
use super::facts::Ingress;
use crate::error::Error;
use crate::fleet::bot::{Bot, ReleaseState, labels};
use crate::fleet::inventory::Inventory;
use crate::fleet::probe::{Outcome, Probe, ServiceLite};

pub fn checks(
    inventory: &Inventory,
    services: Result<&[ServiceLite], &Error>,
    ingresses: Result<&[Ingress], &Error>,
    probe: Option<&Probe>,
    now: jiff::Timestamp,
    cmd: &str,
) -> Vec<Check> {
    let Some(cp) = inventory.control_planes.first() else {
        return vec![Check::finding(
            "control-plane",
            Verdict::Fail,
            "no ClawMachine control plane found (a Helm release of chart clawmachine)",
            "install ClawMachine (`clawmachine install`) or check --context and -n",
        )];
    };
    let health = match services {
        Ok(_) => health_check(cp, probe, cmd),
        Err(e) => Check::finding(
            "control-plane-health",
            Verdict::Skip,
            format!("cannot probe /health: its Service cannot be found ({e})"),
            "ask for `list services` in the control plane's namespace",
        ),
    };
    let mut out = vec![release_check(cp, now, cmd), replicas_check(cp, cmd), health];
    out.extend(exposure_checks(cp, services, ingresses));
    out
}

fn release_check(cp: &Bot, now: jiff::Timestamp, cmd: &str) -> Check {
    let where_ = cp.key();
    let version = cp
        .release
        .chart_ref()
        .unwrap_or_else(|| "<unknown chart>".into());
    match &cp.release.state {
        ReleaseState::Deployed => Check::pass(
            "control-plane",
            format!(
                "{where_}: {version} deployed (revision {})",
                cp.release.revision.unwrap_or(0)
            ),
        ),
        ReleaseState::Unknown => Check::finding(
            "control-plane",
            Verdict::Skip,
            format!("{where_}: release state unknown (release Secrets not readable)"),
            "grant `list secrets` to see Helm release state",
        ),
        s if s.is_pending() => Check::finding(
            "control-plane",
            Verdict::Warn,
            format!(
                "{where_}: release stuck in {s}{}",
                bot_checks::pending_for(cp, now)
            ),
            bot_checks::pending_fix(cp, cmd),
        ),
        s => Check::finding(
            "control-plane",
            Verdict::Fail,
            format!("{where_}: release {s}{}", cp.release.description_suffix()),
            bot_checks::failed_fix(cp, cmd),
        ),
    }
}

fn replicas_check(cp: &Bot, cmd: &str) -> Check {
    if cp.pods.is_none() {
        return Check::finding(
            "control-plane-replicas",
            Verdict::Skip,
            "cannot count available replicas: its pods could not be listed",
            "ask for `list pods` in the control plane's namespace",
        );
    }
    let (ready, want) = cp.ready();
    let pods = cp.state().pods;
    if want > 0 && ready >= want {
        Check::pass(
            "control-plane-replicas",
            format!("{ready}/{want} replicas available"),
        )
    } else if ready > 0 {
        Check::finding(
            "control-plane-replicas",
            Verdict::Warn,
            format!("only {ready}/{want} replicas available ({})", pods.as_str()),
            format!("{cmd} events {}", cp.key()),
        )
    } else {
        Check::finding(
            "control-plane-replicas",
            Verdict::Fail,
            format!("{ready}/{want} replicas available ({})", pods.as_str()),
            format!("{cmd} events {} and {cmd} logs {}", cp.key(), cp.key()),
        )
    }
}

fn health_check(cp: &Bot, probe: Option<&Probe>, cmd: &str) -> Check {
    match probe.map(|p| &p.outcome) {
        Some(Outcome::Healthy { code }) => {
            Check::pass("control-plane-health", format!("/health answered {code}"))
        }
        Some(Outcome::Forbidden { pods_ready }) => Check::finding(
            "control-plane-health",
            if *pods_ready {
                Verdict::Info
            } else {
                Verdict::Fail
            },
            format!(
                "cannot probe /health (no services/proxy permission); pods {}",
                if *pods_ready {
                    "are ready"
                } else {
                    "are not ready"
                }
            ),
            "grant `get services/proxy` to probe it",
        ),
        Some(o) => Check::finding(
            "control-plane-health",
            Verdict::Fail,
            format!("/health: {} ({})", o.summary(), o.detail()),
            format!("{cmd} logs {}", cp.key()),
        ),
        None => Check::note("control-plane-health", Verdict::Fail, "not probed"),
    }
}

const EXPOSURE_FIX: &str = "keep the Service ClusterIP and reach it with kubectl port-forward, or put an authenticating proxy in front";

fn exposure_checks(
    cp: &Bot,
    services: Result<&[ServiceLite], &Error>,
    ingresses: Result<&[Ingress], &Error>,
) -> Vec<Check> {
    let own: Vec<&ServiceLite> = services
        .unwrap_or_default()
        .iter()
        .filter(|s| {
            s.metadata.namespace == cp.namespace
                && s.metadata.labels.get(labels::INSTANCE) == Some(&cp.name)
        })
        .collect();
    let mut out: Vec<Check> = own.iter().filter_map(|s| exposed_service(s)).collect();
    if let Err(e) = services {
        out.push(Check::finding(
            "control-plane-exposure",
            Verdict::Skip,
            format!("cannot check its Services' types: {e}"),
            "ask for `list services` in the control plane's namespace",
        ));
    }
    match ingresses {
        Ok(ingresses) => {
            let names: BTreeSet<&str> = own.iter().map(|s| s.metadata.name.as_str()).collect();
            out.extend(
                ingresses
                    .iter()
                    .filter(|i| i.metadata.namespace == cp.namespace)
                    .filter_map(|i| unauthenticated_ingress(cp, i, &names)),
            );
        }
        Err(e) => out.push(Check::finding(
            "control-plane-exposure",
            Verdict::Skip,
            format!("cannot check Ingresses: {e}"),
            "grant `list ingresses.networking.k8s.io`",
        )),
    }
    if out.is_empty() {
        out.push(Check::pass(
            "control-plane-exposure",
            "reachable only inside the cluster (ClusterIP Service, no unauthenticated Ingress)",
        ));
    }
    out
}

/// A LoadBalancer or NodePort Service: the dashboard reachable from outside, unauthenticated.
fn exposed_service(s: &ServiceLite) -> Option<Check> {
    let t = s
        .spec
        .type_
        .as_deref()
        .filter(|t| matches!(*t, "LoadBalancer" | "NodePort"))?;
    Some(Check::finding(
        "control-plane-exposure",
        Verdict::Warn,
        format!(
            "Service {}/{} is type {t}: the dashboard has no authentication and is reachable from outside the cluster",
            s.metadata.namespace, s.metadata.name
        ),
        EXPOSURE_FIX,
    ))
}

/// An Ingress that routes to the dashboard with no authentication annotation.
fn unauthenticated_ingress(cp: &Bot, ing: &Ingress, services: &BTreeSet<&str>) -> Option<Check> {
    let routes_here = ingress_backends(&ing.spec)
        .iter()
        .any(|b| services.contains(b.as_str()))
        || ing.metadata.labels.get(labels::INSTANCE) == Some(&cp.name);
    let authenticated = ing
        .metadata
        .annotations
        .keys()
        .any(|k| is_auth_annotation(k));
    (routes_here && !authenticated).then(|| {
        Check::finding(
            "control-plane-exposure",
            Verdict::Warn,
            format!(
                "Ingress {}/{} routes to the dashboard with no authentication annotation",
                ing.metadata.namespace, ing.metadata.name
            ),
            "add authentication to the Ingress (e.g. nginx.ingress.kubernetes.io/auth-url) or remove it",
        )
    })
}

/// Whether an Ingress annotation puts authentication in front (nginx auth-url/auth-type, ALB
/// auth-type, Traefik middlewares, oauth2-proxy, ...).
fn is_auth_annotation(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.contains("auth") || key.contains("middlewares")
}

/// Service names an Ingress sends traffic to.
fn ingress_backends(spec: &serde_json::Value) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(n) = spec["defaultBackend"]["service"]["name"].as_str() {
        names.push(n.to_string());
    }
    for rule in spec["rules"].as_array().into_iter().flatten() {
        for path in rule["http"]["paths"].as_array().into_iter().flatten() {
            if let Some(n) = path["backend"]["service"]["name"].as_str() {
                names.push(n.to_string());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Timestamp {
        "2026-11-30T08:00:00Z".parse().unwrap()
    }
    use crate::cluster::ObjectMeta;
    use crate::fleet::bot::Role;
    use crate::fleet::probe::ServiceSpec;

    fn control_plane(state: ReleaseState) -> Inventory {
        let mut cp = Bot::for_test(Role::ControlPlane);
        cp.name = "clawmachine".into();
        cp.release.state = state;
        Inventory {
            control_planes: vec![cp],
            ..Default::default()
        }
    }

    fn service(type_: &str) -> ServiceLite {
        ServiceLite {
            metadata: ObjectMeta {
                name: "clawmachine".into(),
                namespace: "claw-machine".into(),
                labels: [(labels::INSTANCE.to_string(), "clawmachine".to_string())].into(),
                ..Default::default()
            },
            spec: ServiceSpec {
                ports: vec![],
                type_: Some(type_.into()),
            },
        }
    }

    fn ingress(annotations: &[(&str, &str)]) -> Ingress {
        Ingress {
            metadata: ObjectMeta {
                name: "dash".into(),
                namespace: "claw-machine".into(),
                annotations: annotations
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..Default::default()
            },
            spec: serde_json::json!({"rules": [{"http": {"paths": [{"backend": {"service": {"name": "clawmachine"}}}]}}]}),
        }
    }

    fn find<'a>(checks: &'a [Check], id: &str) -> Vec<&'a Check> {
        checks.iter().filter(|c| c.check == id).collect()
    }

    #[test]
    fn no_control_plane_fails() {
        let c = checks(
            &Inventory::default(),
            Ok(&[]),
            Ok(&[]),
            None,
            now(),
            "kubectl claw",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].result, Verdict::Fail);
    }

    #[test]
    fn release_states_are_judged() {
        let probe = None;
        for (state, want) in [
            (ReleaseState::Deployed, Verdict::Pass),
            (ReleaseState::Unknown, Verdict::Skip),
            (ReleaseState::PendingUpgrade, Verdict::Warn),
            (ReleaseState::Failed, Verdict::Fail),
        ] {
            let c = checks(
                &control_plane(state.clone()),
                Ok(&[]),
                Ok(&[]),
                probe,
                now(),
                "kubectl claw",
            );
            assert_eq!(find(&c, "control-plane")[0].result, want, "{state}");
        }
    }

    #[test]
    fn no_ready_replica_fails_and_no_probe_fails() {
        let c = checks(
            &control_plane(ReleaseState::Deployed),
            Ok(&[]),
            Ok(&[]),
            None,
            now(),
            "kubectl claw",
        );
        assert_eq!(find(&c, "control-plane-replicas")[0].result, Verdict::Fail);
        assert_eq!(find(&c, "control-plane-health")[0].result, Verdict::Fail);
    }

    #[test]
    fn exposure_needs_a_private_service_and_authenticated_ingresses() {
        let inv = control_plane(ReleaseState::Deployed);
        let c = checks(
            &inv,
            Ok(&[service("ClusterIP")]),
            Ok(&[]),
            None,
            now(),
            "kubectl claw",
        );
        assert_eq!(find(&c, "control-plane-exposure")[0].result, Verdict::Pass);
        let c = checks(
            &inv,
            Ok(&[service("LoadBalancer")]),
            Ok(&[]),
            None,
            now(),
            "kubectl claw",
        );
        assert!(
            find(&c, "control-plane-exposure")[0]
                .message
                .contains("LoadBalancer")
        );
        let open = [ingress(&[(
            "nginx.ingress.kubernetes.io/rewrite-target",
            "/",
        )])];
        let c = checks(
            &inv,
            Ok(&[service("ClusterIP")]),
            Ok(&open),
            None,
            now(),
            "kubectl claw",
        );
        assert_eq!(find(&c, "control-plane-exposure")[0].result, Verdict::Warn);
        let guarded = [ingress(&[("nginx.ingress.kubernetes.io/auth-url", "x")])];
        let c = checks(
            &inv,
            Ok(&[service("ClusterIP")]),
            Ok(&guarded),
            None,
            now(),
            "kubectl claw",
        );
        assert_eq!(find(&c, "control-plane-exposure")[0].result, Verdict::Pass);
    }

    #[test]
    fn auth_annotations_are_recognised() {
        assert!(is_auth_annotation("nginx.ingress.kubernetes.io/auth-url"));
        assert!(is_auth_annotation("alb.ingress.kubernetes.io/auth-type"));
        assert!(is_auth_annotation(
            "traefik.ingress.kubernetes.io/router.middlewares"
        ));
        assert!(!is_auth_annotation(
            "nginx.ingress.kubernetes.io/rewrite-target"
        ));
    }

    #[test]
    fn ingress_backends_are_found() {
        let spec = serde_json::json!({
            "defaultBackend": {"service": {"name": "a"}},
            "rules": [{"http": {"paths": [{"backend": {"service": {"name": "b", "port": {"number": 80}}}}]}}]
        });
        assert_eq!(ingress_backends(&spec), ["a", "b"]);
    }
}
