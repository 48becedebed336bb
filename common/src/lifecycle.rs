//! Deciding an upgrade before Helm runs: which release moves to which embedded chart, which are
//! refused and why, and the values each carries over. Pure: no cluster, no Helm.

use semver::Version;
use serde_json::Value;

use crate::bot::{Bot, ReleaseState, Role};
use crate::embedded_charts::{self as charts, EmbeddedChart};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Upgrade,
    /// Already at the embedded version: nothing to do (`--force` upgrades anyway).
    NoOp,
    /// Not done, and why (`--force` overrides).
    Refused(String),
}

#[derive(Debug, Clone)]
pub struct PlanItem<'a> {
    pub bot: &'a Bot,
    pub chart: &'static EmbeddedChart,
    /// The release's chart version now.
    pub from: Option<String>,
    pub action: Action,
}

/// Plans upgrades of `targets` to the embedded charts. `control_plane` is the control plane in
/// the cluster (bots may not move past an older one).
pub fn plan<'a>(
    targets: &[&'a Bot],
    control_plane: Option<&Bot>,
    force: bool,
) -> Vec<PlanItem<'a>> {
    let cp_chart = charts::find(crate::bot::CONTROL_PLANE_CHART);
    // Is the running control plane older than the one this claw carries?
    let cp_behind = match (
        control_plane.and_then(|cp| cp.release.chart_version.as_deref()),
        cp_chart,
    ) {
        (Some(running), Some(embedded)) => {
            match (Version::parse(running), Version::parse(embedded.version)) {
                (Ok(r), Ok(e)) => (r < e).then(|| running.to_string()),
                _ => None,
            }
        }
        _ => None,
    };
    targets
        .iter()
        .filter_map(|bot| {
            let chart = charts::for_role(bot.role)?;
            let from = bot.release.chart_version.clone();
            let action = decide(bot, chart, from.as_deref(), cp_behind.as_deref(), force);
            Some(PlanItem {
                bot,
                chart,
                from,
                action,
            })
        })
        .collect()
}

fn decide(
    bot: &Bot,
    chart: &EmbeddedChart,
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
    let to = Version::parse(chart.version).ok();
    let now = from.and_then(|f| Version::parse(f).ok());
    if force {
        return Action::Upgrade;
    }
    if let (Some(now), Some(to)) = (&now, &to) {
        if now > to {
            return Action::Refused(format!(
                "it runs {} {now}, newer than the {to} this claw carries (a downgrade; --force to do it anyway)",
                chart.name
            ));
        }
        if now == to && *state == ReleaseState::Deployed {
            return Action::NoOp;
        }
    }
    if let (Role::Bot(_), Some(running)) = (bot.role, cp_behind) {
        return Action::Refused(format!(
            "the control plane runs clawmachine {running}, older than this claw's: upgrade it first (`claw upgrade`), or --force"
        ));
    }
    Action::Upgrade
}

/// The embedded chart version when it is newer than what `bot` runs (the UPGRADE column).
pub fn available_upgrade(bot: &Bot) -> Option<&'static str> {
    let embedded = charts::for_role(bot.role)?;
    let running = Version::parse(bot.release.chart_version.as_deref()?).ok()?;
    (Version::parse(embedded.version).ok()? > running).then_some(embedded.version)
}

/// The user's earlier overrides to carry into the upgrade: the release's values, less an
/// `image.tag` that ClawMachine stamped with the old chart's appVersion, so the image follows the
/// new chart's appVersion (a tag the user pinned to something else stays).
pub fn carried_values(bot: &Bot) -> Value {
    let mut values = match &bot.values {
        Value::Object(_) => bot.values.clone(),
        _ => Value::Object(Default::default()),
    };
    let stamped = bot.release.app_version.as_deref();
    let pinned = values["image"]["tag"].as_str().map(str::to_string);
    if let (Some(old_app), Some(tag)) = (stamped, pinned)
        && (tag == old_app || tag.trim_start_matches('v') == old_app.trim_start_matches('v'))
        && let Some(image) = values.get_mut("image").and_then(Value::as_object_mut)
    {
        image.remove("tag");
        if image.is_empty() {
            values.as_object_mut().expect("object").remove("image");
        }
    }
    values
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
        let p = plan(&[&old, &same, &newer], Some(&cp), false);
        assert_eq!(p[0].action, Action::Upgrade);
        assert_eq!(p[1].action, Action::NoOp);
        assert!(
            matches!(&p[2].action, Action::Refused(r) if r.contains("downgrade")),
            "{:?}",
            p[2].action
        );
        let forced = plan(&[&same, &newer], Some(&cp), true);
        assert!(forced.iter().all(|i| i.action == Action::Upgrade));
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
        let p = plan(&[&old], Some(&cp), false);
        assert!(
            matches!(&p[0].action, Action::Refused(r) if r.contains("upgrade it first")),
            "{:?}",
            p[0].action
        );
        // The control plane itself is not held back by itself.
        assert_eq!(plan(&[&cp], Some(&cp), false)[0].action, Action::Upgrade);
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
            plan(&[&failed], Some(&cp), false)[0].action,
            Action::Upgrade,
            "retrying a failed upgrade is no no-op"
        );
        let pending = bot(PICO, "pending-upgrade", "0.1.0", "0.1.0", Value::Null);
        assert!(matches!(
            plan(&[&pending], Some(&cp), false)[0].action,
            Action::Refused(_)
        ));
        let unknown = bot(PICO, "unknown", "0.1.0", "0.1.0", Value::Null);
        assert!(
            matches!(
                plan(&[&unknown], Some(&cp), true)[0].action,
                Action::Refused(_)
            ),
            "not even with --force"
        );
    }

    #[test]
    fn a_stamped_image_tag_follows_the_new_app_version() {
        let stamped = bot(
            PICO,
            "deployed",
            "0.1.0",
            "0.1.2",
            serde_json::json!({"image": {"tag": "0.1.2"}, "replicas": 2}),
        );
        assert_eq!(carried_values(&stamped), serde_json::json!({"replicas": 2}));
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
