//! `doctor`'s checks: is the setup sound? The facts are gathered first, concurrently and in a
//! fixed number of requests whatever the size of the fleet ([`facts`]); then pure functions, one
//! module per area, turn them into findings: access ([`permissions`]), the control plane
//! ([`control_plane`]), the bots ([`bots`]), chart drift ([`drift`]), live objects changed
//! outside Helm ([`live_drift_checks`]), the secrets plumbing
//! ([`secrets`]), the infrastructure beside it ([`infrastructure`]: Cilium, 1Password Connect),
//! the bots' volumes' backups ([`velero`]) and metrics-server ([`metrics`]). One check looks at this
//! machine rather than the cluster: kubectl's completion shim on the PATH ([`completion_shim`]).

pub mod bot_checks;
mod check;
pub mod completion_shim_check;
pub mod control_plane_checks;
pub mod drift_checks;
pub mod facts;
pub mod infrastructure_checks;
pub mod live_drift_checks;
pub mod metrics_server_check;
pub mod permission_checks;
pub mod secrets_checks;
pub mod velero_checks;

pub use check::{Check, Verdict};
pub use facts::Facts;

/// Every check, in the order doctor prints them. `cmd` is claw as the user invoked it
/// (`kubectl claw`, `helm claw`), for the fix lines.
pub fn judge(f: &Facts, cmd: &str) -> Vec<Check> {
    let mut checks = vec![Check::pass(
        "cluster",
        format!(
            "reachable: Kubernetes {} at {} (context \"{}\")",
            f.server_version, f.server, f.context
        ),
    )];
    checks.extend(permission_checks::checks(&f.allowed));
    checks.extend(control_plane_checks::checks(
        &f.inventory,
        f.services.as_deref(),
        f.ingresses.as_deref(),
        f.control_plane_probe.as_ref(),
        f.now,
        cmd,
    ));
    checks.extend(bot_checks::checks(
        &f.inventory,
        f.pvcs.as_deref(),
        f.default_storage_class(),
        f.now,
        cmd,
    ));
    checks.extend(drift_checks::checks(&f.inventory, &f.offer, cmd));
    checks.extend(live_drift_checks::checks(&f.inventory, &f.drift, cmd));
    checks.extend(f.offer_warnings.iter().map(|w| {
        Check::finding("chart-source", Verdict::Warn, w.clone(), "check --chart-repo / CLAWMACHINE_CHART_REPO, or drop it to compare with the charts embedded in claw")
    }));
    checks.extend(secrets_checks::checks(&f.inventory, &f.secrets));
    checks.extend(infrastructure_checks::checks(
        &f.inventory,
        &f.infrastructure,
        &f.secrets.stores,
    ));
    checks.extend(velero_checks::checks(
        &f.inventory,
        f.pvcs.as_deref().ok(),
        &f.velero,
        f.now,
        cmd,
    ));
    checks.push(metrics_server_check::check(&f.metrics, cmd));
    checks
}
