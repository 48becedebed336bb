//! Restarting a bot's Deployments the way `kubectl rollout restart` does — a new value of the
//! pod-template annotation `kubectl.kubernetes.io/restartedAt`, so the Deployment controller
//! replaces the pods one by one as its strategy says, never deleting them all at once — and
//! following the rollout until it is done, judged as `kubectl rollout status` judges it.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::cluster::watch::{Change, Follow, WatchEvent};
use crate::cluster::{Cluster, Resource};
use crate::error::Result;
use crate::fleet::bot::labels;

/// The pod-template annotation `kubectl rollout restart` sets (kubectl's
/// `polymorphichelpers/objectrestarter.go`): changing it changes the template, which rolls out.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// The field manager claw's restarts are recorded under in `managedFields`.
pub const FIELD_MANAGER: &str = "claw";

/// What a rollout status needs of a Deployment.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DeploymentRollout {
    pub metadata: RolloutMeta,
    #[serde(default)]
    pub spec: RolloutSpec,
    #[serde(default)]
    pub status: RolloutStatus,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RolloutMeta {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub generation: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RolloutSpec {
    /// Unset means 1 (the API's default).
    pub replicas: Option<i32>,
    /// A paused Deployment does not roll out a changed template.
    #[serde(default)]
    pub paused: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutStatus {
    #[serde(default)]
    pub observed_generation: i64,
    #[serde(default)]
    pub replicas: i32,
    #[serde(default)]
    pub updated_replicas: i32,
    #[serde(default)]
    pub available_replicas: i32,
    #[serde(default)]
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Condition {
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub reason: String,
}

/// Where a Deployment's rollout is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollout {
    /// Every replica runs the new template and is available.
    Done,
    /// Still going: what it waits for, in kubectl's words.
    Waiting(String),
    /// The controller gave up (`ProgressDeadlineExceeded`), or the Deployment is gone.
    Failed(String),
}

impl Rollout {
    /// Judges `d` as `kubectl rollout status` does (kubectl's `DeploymentStatusViewer`): the
    /// controller has seen the latest spec, every wanted replica is updated, no old one is left,
    /// and every updated one is available.
    pub fn of(d: &DeploymentRollout) -> Rollout {
        let s = &d.status;
        if d.metadata.generation > s.observed_generation {
            return Rollout::Waiting("waiting for the new template to be observed".into());
        }
        if s.conditions
            .iter()
            .any(|c| c.type_ == "Progressing" && c.reason == "ProgressDeadlineExceeded")
        {
            return Rollout::Failed(format!(
                "Deployment {} exceeded its progress deadline",
                d.metadata.name
            ));
        }
        let want = d.spec.replicas.unwrap_or(1);
        if s.updated_replicas < want {
            return Rollout::Waiting(format!(
                "{} of {want} new replicas updated",
                s.updated_replicas
            ));
        }
        if s.replicas > s.updated_replicas {
            return Rollout::Waiting(format!(
                "{} old replicas pending termination",
                s.replicas - s.updated_replicas
            ));
        }
        if s.available_replicas < s.updated_replicas {
            return Rollout::Waiting(format!(
                "{} of {} updated replicas available",
                s.available_replicas, s.updated_replicas
            ));
        }
        Rollout::Done
    }
}

/// The merge patch that restarts a Deployment at `at` (RFC 3339, as kubectl writes it).
pub fn restart_patch(at: jiff::Timestamp) -> Value {
    json!({"spec": {"template": {"metadata": {"annotations": {
        RESTARTED_AT: at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }}}}})
}

/// Restarts Deployment `name` in `namespace`; the Deployment as stored after the patch.
pub async fn restart(
    cluster: &Cluster,
    namespace: &str,
    name: &str,
    at: jiff::Timestamp,
) -> Result<DeploymentRollout> {
    let path = Resource::DEPLOYMENTS.named(Some(namespace), name);
    let what = format!("restart deployment {namespace}/{name}");
    cluster
        .merge_patch(&what, &path, FIELD_MANAGER, &restart_patch(at))
        .await
}

/// Which of the Deployments `names` of release `instance` are paused (one LIST): restarting
/// them would change their template and roll out nothing, so kubectl refuses to (its
/// `objectrestarter.go`: "can't restart paused deployment (run rollout resume first)").
pub async fn paused(
    cluster: &Cluster,
    namespace: &str,
    instance: &str,
    names: &[String],
) -> Result<Vec<String>> {
    let selector = format!("{}={instance}", labels::INSTANCE);
    let (items, _) = cluster
        .list_versioned::<DeploymentRollout>(
            &Resource::DEPLOYMENTS,
            Some(namespace),
            Some(&selector),
        )
        .await?;
    Ok(items
        .into_iter()
        .filter(|d| d.spec.paused && names.contains(&d.metadata.name))
        .map(|d| d.metadata.name)
        .collect())
}

/// The rollouts of a set of Deployments, by name, as their objects come in.
struct Rollouts<F: FnMut(&str, &Rollout)> {
    states: BTreeMap<String, Rollout>,
    on_change: F,
}

impl<F: FnMut(&str, &Rollout)> Rollouts<F> {
    /// Each of `names` counts as gone until its object is seen.
    fn new(names: &[String], on_change: F) -> Self {
        let states = names
            .iter()
            .map(|n| {
                (
                    n.clone(),
                    Rollout::Failed(format!("Deployment {n} is gone")),
                )
            })
            .collect();
        Rollouts { states, on_change }
    }

    /// Judges one Deployment object again (`gone`: it was deleted).
    fn see(&mut self, object: &Value, gone: bool) {
        let Ok(d) = serde_json::from_value::<DeploymentRollout>(object.clone()) else {
            return;
        };
        if let Some(state) = self.states.get_mut(&d.metadata.name) {
            *state = match gone {
                true => Rollout::Failed(format!("Deployment {} was deleted", d.metadata.name)),
                false => Rollout::of(&d),
            };
            (self.on_change)(&d.metadata.name, state);
        }
    }

    /// `Some(Ok)` when every rollout is done, `Some(Err)` when one failed, `None` meanwhile.
    fn verdict(&self) -> Option<std::result::Result<(), Rollout>> {
        if let Some(failed) = self
            .states
            .values()
            .find(|s| matches!(s, Rollout::Failed(_)))
        {
            return Some(Err(failed.clone()));
        }
        self.states
            .values()
            .all(|s| *s == Rollout::Done)
            .then_some(Ok(()))
    }
}

/// Follows the Deployments `names` of release `instance` in `namespace` (one LIST, then a
/// watch) until every rollout is done (`Ok(Ok)`), one fails (`Ok(Err(Rollout::Failed))`), or
/// `deadline` passes (`Ok(Err(Rollout::Waiting))` with what each still waits for; no deadline:
/// wait as long as it takes). `on_change` hears each Deployment's state as it moves.
pub async fn wait_done(
    cluster: &Cluster,
    namespace: &str,
    instance: &str,
    names: &[String],
    deadline: Option<tokio::time::Instant>,
    on_change: impl FnMut(&str, &Rollout),
) -> Result<std::result::Result<(), Rollout>> {
    let selector = format!("{}={instance}", labels::INSTANCE);
    let (items, rv) = cluster
        .list_versioned::<Value>(&Resource::DEPLOYMENTS, Some(namespace), Some(&selector))
        .await?;
    let mut rollouts = Rollouts::new(names, on_change);
    for item in &items {
        rollouts.see(item, false);
    }
    let mut follow = Follow::new(
        cluster,
        Resource::DEPLOYMENTS,
        Some(namespace),
        Some(&selector),
        rv,
    );
    loop {
        if let Some(verdict) = rollouts.verdict() {
            return Ok(verdict);
        }
        let change = match deadline {
            None => follow.next().await?,
            Some(at) => match tokio::time::timeout_at(at, follow.next()).await {
                Ok(change) => change?,
                Err(_) => return Ok(Err(Rollout::Waiting(waiting(&rollouts.states)))),
            },
        };
        match change {
            Change::Event(WatchEvent::Added(o) | WatchEvent::Modified(o)) => {
                rollouts.see(&o, false)
            }
            Change::Event(WatchEvent::Deleted(o)) => rollouts.see(&o, true),
            Change::Relisted(all) => all.iter().for_each(|o| rollouts.see(o, false)),
            Change::Event(_) | Change::Interrupted(_) => {}
        }
    }
}

/// "Deployment a: 0 of 1 updated replicas available; Deployment b: …".
fn waiting(states: &BTreeMap<String, Rollout>) -> String {
    states
        .iter()
        .filter_map(|(name, s)| match s {
            Rollout::Waiting(why) => Some(format!("Deployment {name}: {why}")),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(generation: i64, status: Value) -> DeploymentRollout {
        serde_json::from_value(json!({
            "metadata": {"name": "pico-picoclaw", "generation": generation},
            "spec": {"replicas": 2},
            "status": status,
        }))
        .unwrap()
    }

    #[test]
    fn a_rollout_is_done_when_every_replica_is_new_and_available() {
        let cases = [
            (
                3,
                json!({"observedGeneration": 2, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2}),
                Rollout::Waiting("waiting for the new template to be observed".into()),
            ),
            (
                3,
                json!({"observedGeneration": 3, "replicas": 3, "updatedReplicas": 1, "availableReplicas": 2}),
                Rollout::Waiting("1 of 2 new replicas updated".into()),
            ),
            (
                3,
                json!({"observedGeneration": 3, "replicas": 3, "updatedReplicas": 2, "availableReplicas": 2}),
                Rollout::Waiting("1 old replicas pending termination".into()),
            ),
            (
                3,
                json!({"observedGeneration": 3, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 1}),
                Rollout::Waiting("1 of 2 updated replicas available".into()),
            ),
            (
                3,
                json!({"observedGeneration": 3, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2}),
                Rollout::Done,
            ),
        ];
        for (generation, status, want) in cases {
            assert_eq!(
                Rollout::of(&deployment(generation, status.clone())),
                want,
                "{status}"
            );
        }
        let stuck = deployment(
            3,
            json!({"observedGeneration": 3, "replicas": 3, "updatedReplicas": 1,
            "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]}),
        );
        assert!(matches!(Rollout::of(&stuck), Rollout::Failed(_)));
    }

    #[test]
    fn the_restart_patch_sets_the_annotation_kubectl_sets() {
        let at: jiff::Timestamp = "2026-11-30T03:04:05Z".parse().unwrap();
        assert_eq!(
            restart_patch(at),
            json!({"spec": {"template": {"metadata": {"annotations": {
                "kubectl.kubernetes.io/restartedAt": "2026-11-30T03:04:05Z"}}}}})
        );
    }
}
