//! Deciding an upgrade at the level of releases, before Helm runs: which release moves to which
//! chart version, which are refused for their state or versions and why, and the values each
//! carries over. Pure: the versions the chart source offers come in as [`Offer`]; no cluster,
//! no Helm. (What an upgrade does to each object is judged in `safety`.)

use semver::Version;
use serde_json::Value;

use crate::charts::offer::Offer;
use crate::fleet::bot::{Bot, CONTROL_PLANE_CHART, ReleaseState, Role};
use crate::upgrade::safety::{Overrides, Refusal, RefusalKind};

/// What is done to a release, decided from its guards (see [`PlanItem::guards`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The release moves: upgraded, or rolled back.
    Proceed,
    /// Already at the offered version and nothing else asked for: nothing to do.
    NoOp,
    /// A guard holds it back (the first of [`PlanItem::blocking`]).
    Refused,
}

#[derive(Debug, Clone)]
pub struct PlanItem<'a> {
    pub bot: &'a Bot,
    /// The chart the release moves to, and its version (`None`: a rollback with no revision to
    /// go to).
    pub chart: &'static str,
    pub to: Option<String>,
    /// The release's chart version now.
    pub from: Option<String>,
    /// A rollback's: the revision it goes back to (`None` for upgrades, and when there is none).
    pub to_revision: Option<u64>,
    pub action: Action,
    /// Every guard that stood in the way: with [`Action::Proceed`] the ones the overrides
    /// went past (`forced past:`), with [`Action::Refused`] the ones that held (and any passed).
    pub guards: Vec<Refusal>,
    /// The overrides this run was given, to judge `guards` with.
    pub overrides: Overrides,
}

impl PlanItem<'_> {
    /// The guards that hold the release back (having nothing to do only leaves it alone).
    pub fn blocking(&self) -> impl Iterator<Item = &Refusal> {
        self.guards
            .iter()
            .filter(|g| !g.kind.is_nothing_to_do() && !self.overrides.pass(g.kind))
    }

    /// Why a [`Action::NoOp`] release is left alone.
    pub fn nothing_to_do(&self) -> Option<&Refusal> {
        self.guards.iter().find(|g| g.kind.is_nothing_to_do())
    }

    /// The guards the overrides went past.
    pub fn forced_past(&self) -> impl Iterator<Item = &Refusal> {
        self.guards.iter().filter(|g| self.overrides.pass(g.kind))
    }

    /// Adds the safety plan's refusals and decides again.
    pub fn add_guards(&mut self, guards: impl IntoIterator<Item = Refusal>) {
        self.guards.extend(guards);
        self.decide();
    }

    /// Refused while a guard holds; else it proceeds, unless it is a no-op nobody forced.
    pub fn decide(&mut self) {
        self.action = if self.blocking().next().is_some() {
            Action::Refused
        } else if self.nothing_to_do().is_some() && !self.overrides.force {
            Action::NoOp
        } else {
            Action::Proceed
        };
    }
}

/// What a run asks of the plan besides the versions on offer.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    pub overrides: Overrides,
    /// Values (`-f`/`--set`) or an exact chart (`--version`, `--chart`) were given: a release at
    /// the offered version is upgraded to them rather than left as up to date.
    pub changes_requested: bool,
    /// claw as the user runs it (`kubectl claw`), for the repairs refusals name.
    pub command: &'static str,
}

/// Plans upgrades of `targets` to the charts `offer` names. `control_plane` is the control
/// plane in the cluster: bots may not move past an older one.
pub fn plan<'a>(
    targets: &[&'a Bot],
    control_plane: Option<&Bot>,
    offer: &Offer,
    opts: PlanOptions,
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
            let guards = guards(
                bot,
                offer,
                (&to, from.as_deref()),
                cp_behind.as_deref(),
                opts,
            );
            let mut item = PlanItem {
                bot,
                chart,
                to: Some(to),
                from,
                to_revision: None,
                action: Action::Proceed,
                guards,
                overrides: opts.overrides,
            };
            item.decide();
            Some(item)
        })
        .collect()
}

fn parse(v: &str) -> Option<Version> {
    Version::parse(v.trim_start_matches('v')).ok()
}

/// The guards of moving `bot` to `to` (an up-to-date release has [`RefusalKind::UpToDate`]).
fn guards(
    bot: &Bot,
    offer: &Offer,
    (to, from): (&str, Option<&str>),
    cp_behind: Option<&str>,
    opts: PlanOptions,
) -> Vec<Refusal> {
    let state = &bot.release.state;
    if !state.is_readable() {
        // Without the release we cannot carry the user's values: never guess.
        return vec![Refusal::new(
            RefusalKind::ReleaseUnreadable,
            state.to_string(),
            "",
        )];
    }
    if state.is_pending() {
        return vec![Refusal::new(
            RefusalKind::ReleasePending,
            state.to_string(),
            bot.pending_repair(opts.command),
        )];
    }
    let mut guards = Vec::new();
    if let (Some(now), Some(target)) = (from.and_then(parse), parse(to)) {
        if now > target {
            guards.push(Refusal::new(
                RefusalKind::Downgrade,
                format!("{} {now}", bot.role.chart()),
                offer.describe(&target),
            ));
        }
        if now == target && *state == ReleaseState::Deployed && !opts.changes_requested {
            guards.push(Refusal::new(
                RefusalKind::UpToDate,
                format!("{} {now}", bot.role.chart()),
                "",
            ));
        }
    }
    // A bot left as it is does not move past the control plane: only a change needs it.
    let left_alone = guards.iter().any(|g| g.kind == RefusalKind::UpToDate);
    if let (Role::Bot(_), Some(running), false) = (bot.role, cp_behind, left_alone) {
        let offered = match &offer.origin {
            None => "this claw's".to_string(),
            Some(from) => format!("the one in {from}"),
        };
        guards.push(Refusal::new(
            RefusalKind::ControlPlaneBehind,
            running,
            offered,
        ));
    }
    guards
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
    use crate::fleet::bot::BotType;

    fn bot(role: Role, state: &str, chart_version: &str, app: &str, values: Value) -> Bot {
        let mut b = Bot::for_test(role);
        b.release.state = ReleaseState::parse(state);
        b.release.chart_version = Some(chart_version.into());
        b.release.app_version = Some(app.into());
        b.values = values;
        b
    }

    const PICO: Role = Role::Bot(BotType::Picoclaw);
    const NONE: PlanOptions = PlanOptions {
        overrides: Overrides {
            force: false,
            unsafe_: false,
        },
        changes_requested: false,
        command: "kubectl claw",
    };
    const FORCE: PlanOptions = PlanOptions {
        overrides: Overrides {
            force: true,
            unsafe_: false,
        },
        changes_requested: false,
        command: "kubectl claw",
    };

    /// The first guard that holds `item` back, as its message.
    fn refusal(item: &PlanItem) -> String {
        assert_eq!(item.action, Action::Refused, "{item:?}");
        item.blocking().next().unwrap().message()
    }

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
        let p = plan(&[&old, &same, &newer], Some(&cp), &offer("0.2.0"), NONE);
        assert_eq!(p[0].action, Action::Proceed);
        assert_eq!(p[0].to.as_deref(), Some("0.2.0"));
        assert_eq!(p[1].action, Action::NoOp);
        assert!(refusal(&p[2]).contains("downgrade"), "{:?}", p[2]);
        let forced = plan(&[&same, &newer], Some(&cp), &offer("0.2.0"), FORCE);
        assert!(forced.iter().all(|i| i.action == Action::Proceed));
        // Every guard --force went past is kept, to be said.
        let kinds: Vec<RefusalKind> = forced
            .iter()
            .flat_map(|i| i.forced_past().map(|g| g.kind))
            .collect();
        assert_eq!(kinds, [RefusalKind::UpToDate, RefusalKind::Downgrade]);
    }

    #[test]
    fn a_prerelease_of_the_next_version_is_newer_than_the_last_release() {
        let old = bot(PICO, "deployed", "0.1.8", "0.1.8", Value::Null);
        let p = plan(&[&old], None, &offer("0.1.9-claw.1"), NONE);
        assert_eq!(p[0].action, Action::Proceed);
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
        let p = plan(&[&old], Some(&cp), &offer("0.2.0"), NONE);
        assert!(refusal(&p[0]).contains("upgrade it first"), "{:?}", p[0]);
        // --force goes past it, and says so.
        let forced = plan(&[&old], Some(&cp), &offer("0.2.0"), FORCE);
        assert_eq!(forced[0].action, Action::Proceed);
        assert_eq!(
            forced[0].forced_past().next().unwrap().kind,
            RefusalKind::ControlPlaneBehind
        );
        // The control plane itself is not held back by itself.
        assert_eq!(
            plan(&[&cp], Some(&cp), &offer("0.2.0"), NONE)[0].action,
            Action::Proceed
        );
        // A bot at the offered version already is left alone, not refused: nothing moves.
        let current = bot(PICO, "deployed", "0.2.0", "0.2.0", Value::Null);
        assert_eq!(
            plan(&[&current], Some(&cp), &offer("0.2.0"), NONE)[0].action,
            Action::NoOp
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
            plan(&[&failed], Some(&cp), &offer("0.2.0"), NONE)[0].action,
            Action::Proceed,
            "retrying a failed upgrade is no no-op"
        );
        let pending = bot(PICO, "pending-upgrade", "0.1.0", "0.1.0", Value::Null);
        assert_eq!(
            plan(&[&pending], Some(&cp), &offer("0.2.0"), NONE)[0].action,
            Action::Refused
        );
        let unknown = bot(PICO, "unknown", "0.1.0", "0.1.0", Value::Null);
        let everything = PlanOptions {
            overrides: Overrides {
                force: true,
                unsafe_: true,
            },
            changes_requested: false,
            command: "kubectl claw",
        };
        for b in [&unknown, &pending] {
            assert_eq!(
                plan(&[b], Some(&cp), &offer("0.2.0"), everything)[0].action,
                Action::Refused,
                "not even with --force --unsafe"
            );
        }
    }

    #[test]
    fn values_given_to_an_up_to_date_release_are_an_upgrade() {
        let same = bot(PICO, "deployed", "0.2.0", "0.2.0", Value::Null);
        let asked = PlanOptions {
            changes_requested: true,
            ..NONE
        };
        let p = plan(&[&same], None, &offer("0.2.0"), asked);
        assert_eq!(p[0].action, Action::Proceed);
        assert_eq!(p[0].guards, [], "nothing was forced");
        // --unsafe alone does not run a no-op: that is --force's.
        let unsafe_only = PlanOptions {
            overrides: Overrides {
                force: false,
                unsafe_: true,
            },
            ..NONE
        };
        assert_eq!(
            plan(&[&same], None, &offer("0.2.0"), unsafe_only)[0].action,
            Action::NoOp
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
