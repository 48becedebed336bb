//! Deciding an upgrade at the level of releases, before Helm runs: which release moves to which
//! chart version, which are refused for their state or versions and why, and the values each
//! carries over. Pure: the versions the chart source offers come in as [`Offer`]; no cluster,
//! no Helm. (What an upgrade does to each object is judged in `safety`.)

use std::collections::BTreeMap;

use semver::Version;
use serde_json::Value;

use crate::bot::{Bot, CONTROL_PLANE_CHART, ReleaseState, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Upgrade,
    /// Already at the offered version: nothing to do (`--force` upgrades anyway).
    NoOp,
    /// Not done, and why (`--force` overrides all but an unreadable or locked release).
    Refused(String),
}

/// The chart version a source offers for each chart name.
#[derive(Debug, Clone, Default)]
pub struct Offer {
    pub versions: BTreeMap<String, String>,
    /// Where they come from, for messages: `None` for the charts embedded in claw.
    pub origin: Option<String>,
}

impl Offer {
    /// What the charts embedded in this claw offer.
    pub fn embedded() -> Offer {
        Offer {
            versions: crate::embedded_charts::CHARTS
                .iter()
                .map(|c| (c.name.to_string(), c.version.to_string()))
                .collect(),
            origin: None,
        }
    }

    pub fn version_of(&self, chart: &str) -> Option<&str> {
        self.versions.get(chart).map(String::as_str)
    }

    /// "the 0.1.9 this claw carries", "the 0.1.8 in oci://…".
    fn describe(&self, version: &Version) -> String {
        match &self.origin {
            None => format!("the {version} this claw carries"),
            Some(from) => format!("the {version} in {from}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct PlanItem<'a> {
    pub bot: &'a Bot,
    /// The chart the release moves to, and its version.
    pub chart: &'static str,
    pub to: String,
    /// The release's chart version now.
    pub from: Option<String>,
    pub action: Action,
}

/// Plans upgrades of `targets` to the charts `offer` names. `control_plane` is the control
/// plane in the cluster: bots may not move past an older one.
pub fn plan<'a>(
    targets: &[&'a Bot],
    control_plane: Option<&Bot>,
    offer: &Offer,
    force: bool,
) -> Vec<PlanItem<'a>> {
    // Is the running control plane older than the one on offer?
    let cp_behind = control_plane.and_then(|cp| {
        let running = cp.release.chart_version.as_deref()?;
        let offered = offer.version_of(CONTROL_PLANE_CHART)?;
        (parse(running)? < parse(offered)?).then(|| running.to_string())
    });
    targets
        .iter()
        .filter_map(|bot| {
            let chart = bot.role.chart();
            let to = offer.version_of(chart)?.to_string();
            let from = bot.release.chart_version.clone();
            let action = decide(
                bot,
                offer,
                &to,
                from.as_deref(),
                cp_behind.as_deref(),
                force,
            );
            Some(PlanItem {
                bot,
                chart,
                to,
                from,
                action,
            })
        })
        .collect()
}

fn parse(v: &str) -> Option<Version> {
    Version::parse(v.trim_start_matches('v')).ok()
}

fn decide(
    bot: &Bot,
    offer: &Offer,
    to: &str,
    from: Option<&str>,
    cp_behind: Option<&str>,
    force: bool,
) -> Action {
    let state = &bot.release.state;
    if !state.is_readable() {
        // Without the release we cannot carry the user's values: never guess.
        return Action::Refused(format!(
            "its Helm release is {state}, so the values set on it cannot be carried over"
        ));
    }
    if state.is_pending() {
        return Action::Refused(format!(
            "its release is {state}: another Helm operation is under way or was interrupted (helm rollback {} -n {})",
            bot.name, bot.namespace
        ));
    }
    if force {
        return Action::Upgrade;
    }
    if let (Some(now), Some(target)) = (from.and_then(parse), parse(to)) {
        if now > target {
            return Action::Refused(format!(
                "it runs {} {now}, newer than {} (a downgrade; --force to do it anyway)",
                bot.role.chart(),
                offer.describe(&target)
            ));
        }
        if now == target && *state == ReleaseState::Deployed {
            return Action::NoOp;
        }
    }
    if let (Role::Bot(_), Some(running)) = (bot.role, cp_behind) {
        let offered = match &offer.origin {
            None => "this claw's".to_string(),
            Some(from) => format!("the one in {from}"),
        };
        return Action::Refused(format!(
            "the control plane runs clawmachine {running}, older than {offered}: upgrade it first (`claw upgrade`), or --force"
        ));
    }
    Action::Upgrade
}

/// The offered chart version when it is newer than what `bot` runs (the UPGRADE column).
pub fn available_upgrade(bot: &Bot, offer: &Offer) -> Option<String> {
    let offered = offer.version_of(bot.role.chart())?;
    let running = parse(bot.release.chart_version.as_deref()?)?;
    (parse(offered)? > running).then(|| offered.to_string())
}

/// The user's earlier overrides to carry into the upgrade: the release's values, less image
/// tags that ClawMachine stamped with the old chart's version or appVersion, so the images
/// follow the new chart's (a tag the user pinned to something else stays).
pub fn carried_values(bot: &Bot) -> Value {
    let mut values = match &bot.values {
        Value::Object(_) => bot.values.clone(),
        _ => Value::Object(Default::default()),
    };
    let stamps: Vec<&str> = [
        bot.release.app_version.as_deref(),
        bot.release.chart_version.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(|s| s.trim_start_matches('v'))
    .collect();
    for image in [&["image"][..], &["backup", "image"][..]] {
        drop_stamped_tag(&mut values, image, &stamps);
    }
    values
}

/// Removes `PATH.tag` when it is one of `stamps`, and maps it empties on the way out.
fn drop_stamped_tag(values: &mut Value, path: &[&str], stamps: &[&str]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = &mut *values;
    for p in parents {
        match node.get_mut(*p) {
            Some(n) => node = n,
            None => return,
        }
    }
    let Some(image) = node.get_mut(*last).and_then(Value::as_object_mut) else {
        return;
    };
    let stamped = image["tag"]
        .as_str()
        .is_some_and(|t| stamps.contains(&t.trim_start_matches('v')));
    if !stamped {
        return;
    }
    image.remove("tag");
    if image.is_empty()
        && let Some(parent) = node.as_object_mut()
    {
        parent.remove(*last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::BotType;

    fn bot(role: Role, state: &str, chart_version: &str, app: &str, values: Value) -> Bot {
        let mut b = Bot::for_test(role);
        b.release.state = ReleaseState::parse(state);
        b.release.chart_version = Some(chart_version.into());
        b.release.app_version = Some(app.into());
        b.values = values;
        b
    }

    const PICO: Role = Role::Bot(BotType::Picoclaw);

    fn offer(version: &str) -> Offer {
        Offer {
            versions: [("clawmachine", version), ("picoclaw", version)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            origin: None,
        }
    }

    #[test]
    fn upgrades_older_refuses_newer_and_skips_equal() {
        let cp = bot(
            Role::ControlPlane,
            "deployed",
            "0.2.0",
            "0.2.0",
            Value::Null,
        );
        let old = bot(PICO, "deployed", "0.1.0", "0.1.2", Value::Null);
        let same = bot(PICO, "deployed", "0.2.0", "0.2.0", Value::Null);
        let newer = bot(PICO, "deployed", "0.3.0", "0.3.0", Value::Null);
        let p = plan(&[&old, &same, &newer], Some(&cp), &offer("0.2.0"), false);
        assert_eq!(p[0].action, Action::Upgrade);
        assert_eq!(p[0].to, "0.2.0");
        assert_eq!(p[1].action, Action::NoOp);
        assert!(
            matches!(&p[2].action, Action::Refused(r) if r.contains("downgrade")),
            "{:?}",
            p[2].action
        );
        let forced = plan(&[&same, &newer], Some(&cp), &offer("0.2.0"), true);
        assert!(forced.iter().all(|i| i.action == Action::Upgrade));
    }

    #[test]
    fn a_prerelease_of_the_next_version_is_newer_than_the_last_release() {
        let old = bot(PICO, "deployed", "0.1.8", "0.1.8", Value::Null);
        let p = plan(&[&old], None, &offer("0.1.9-claw.1"), false);
        assert_eq!(p[0].action, Action::Upgrade);
        assert_eq!(
            available_upgrade(&old, &offer("0.1.9-claw.1")).as_deref(),
            Some("0.1.9-claw.1")
        );
        let next = bot(PICO, "deployed", "0.1.9", "0.1.9", Value::Null);
        assert!(available_upgrade(&next, &offer("0.1.9-claw.1")).is_none());
    }

    #[test]
    fn bots_wait_for_an_older_control_plane() {
        let cp = bot(
            Role::ControlPlane,
            "deployed",
            "0.1.0",
            "0.1.0",
            Value::Null,
        );
        let old = bot(PICO, "deployed", "0.1.0", "0.1.2", Value::Null);
        let p = plan(&[&old], Some(&cp), &offer("0.2.0"), false);
        assert!(
            matches!(&p[0].action, Action::Refused(r) if r.contains("upgrade it first")),
            "{:?}",
            p[0].action
        );
        // The control plane itself is not held back by itself.
        assert_eq!(
            plan(&[&cp], Some(&cp), &offer("0.2.0"), false)[0].action,
            Action::Upgrade
        );
    }

    #[test]
    fn a_failed_release_may_be_upgraded_again_but_not_a_pending_or_unknown_one() {
        let cp = bot(
            Role::ControlPlane,
            "deployed",
            "0.2.0",
            "0.2.0",
            Value::Null,
        );
        let failed = bot(PICO, "failed", "0.2.0", "0.2.0", Value::Null);
        assert_eq!(
            plan(&[&failed], Some(&cp), &offer("0.2.0"), false)[0].action,
            Action::Upgrade,
            "retrying a failed upgrade is no no-op"
        );
        let pending = bot(PICO, "pending-upgrade", "0.1.0", "0.1.0", Value::Null);
        assert!(matches!(
            plan(&[&pending], Some(&cp), &offer("0.2.0"), false)[0].action,
            Action::Refused(_)
        ));
        let unknown = bot(PICO, "unknown", "0.1.0", "0.1.0", Value::Null);
        assert!(
            matches!(
                plan(&[&unknown], Some(&cp), &offer("0.2.0"), true)[0].action,
                Action::Refused(_)
            ),
            "not even with --force"
        );
    }

    #[test]
    fn stamped_image_tags_follow_the_new_chart() {
        let stamped = bot(
            PICO,
            "deployed",
            "0.1.5",
            "0.1.2",
            serde_json::json!({"image": {"tag": "0.1.2"}, "backup": {"image": {"tag": "0.1.5"}, "enabled": true}, "replicas": 2}),
        );
        assert_eq!(
            carried_values(&stamped),
            serde_json::json!({"replicas": 2, "backup": {"enabled": true}})
        );
        let pinned = bot(
            PICO,
            "deployed",
            "0.1.0",
            "0.1.2",
            serde_json::json!({"image": {"tag": "0.1.0-hotfix", "repository": "r"}}),
        );
        assert_eq!(carried_values(&pinned)["image"]["tag"], "0.1.0-hotfix");
        let none = bot(PICO, "deployed", "0.1.0", "0.1.2", Value::Null);
        assert_eq!(carried_values(&none), serde_json::json!({}));
    }
}
