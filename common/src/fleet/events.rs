//! Kubernetes events as an operator reads them: ordered by the time `kubectl events` uses (not
//! `lastTimestamp`, which is null for events the scheduler writes), attributed to the bot whose
//! object they are about, filtered by type and age.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Event;
use serde::Serialize;

use crate::fleet::bot::Bot;

/// One event, reduced to what is shown.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    pub namespace: String,
    /// The event time `kubectl events` sorts by.
    pub time: Option<jiff::Timestamp>,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub reason: String,
    /// The bot (release) whose object this is about, if any.
    pub bot: Option<String>,
    pub object: ObjectRef,
    pub count: i32,
    pub message: String,
    #[serde(skip)]
    pub uid: String,
    #[serde(skip)]
    pub resource_version: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ObjectRef {
    pub kind: String,
    pub name: String,
}

impl ObjectRef {
    /// "pod/open-openclaw-796cb966b6-kn2mm", as kubectl prints objects.
    pub fn display(&self) -> String {
        format!("{}/{}", self.kind.to_lowercase(), self.name)
    }
}

/// `series.lastObservedTime`, else `lastTimestamp`, else `eventTime`, else creation: the order of
/// `kubectl events` (kubectl's own rule, so claw and kubectl agree).
pub fn event_time(e: &Event) -> Option<jiff::Timestamp> {
    e.series
        .as_ref()
        .and_then(|s| s.last_observed_time.as_ref())
        .map(|t| t.0)
        .or_else(|| e.last_timestamp.as_ref().map(|t| t.0))
        .or_else(|| e.event_time.as_ref().map(|t| t.0))
        .or_else(|| e.metadata.creation_timestamp.as_ref().map(|t| t.0))
}

/// How many times it happened: the series' count, else the event's, else once.
pub fn event_count(e: &Event) -> i32 {
    e.series
        .as_ref()
        .and_then(|s| s.count)
        .or(e.count)
        .unwrap_or(1)
        .max(1)
}

/// Which bot owns which object names, per namespace. A bot's objects are named after its
/// Deployment (ReplicaSets and pods add suffixes; Services, PVCs, jobs and IronClaw's database
/// share the prefix), so events about objects long gone still find their bot.
#[derive(Debug, Default)]
pub struct Attribution {
    /// namespace -> (name prefix, bot), longest prefixes first.
    prefixes: BTreeMap<String, Vec<(String, String)>>,
}

impl Attribution {
    pub fn new(bots: &[&Bot]) -> Attribution {
        let mut prefixes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for bot in bots {
            let mut names = bot.deployments.clone();
            names.push(fullname(
                &bot.name,
                bot.release.chart.as_deref().unwrap_or(bot.type_name()),
            ));
            names.extend(bot.pods.iter().flatten().map(|p| p.name.clone()));
            names.sort();
            names.dedup();
            let entry = prefixes.entry(bot.namespace.clone()).or_default();
            entry.extend(names.into_iter().map(|n| (n, bot.name.clone())));
        }
        for list in prefixes.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        Attribution { prefixes }
    }

    pub fn bot_of(&self, namespace: &str, object_name: &str) -> Option<&str> {
        self.prefixes
            .get(namespace)?
            .iter()
            .find_map(|(prefix, bot)| {
                let owns = object_name == prefix
                    || object_name
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('-') || rest.starts_with('.'));
                owns.then_some(bot.as_str())
            })
    }
}

/// Helm's fullname rule as ClawMachine's charts use it: `<release>-<chart>`, or the release
/// alone when it already contains the chart name.
pub fn fullname(release: &str, chart: &str) -> String {
    if release.contains(chart) {
        release.to_string()
    } else {
        format!("{release}-{chart}")
    }
}

pub fn view(e: &Event, attribution: &Attribution) -> EventView {
    let namespace = e.metadata.namespace.clone().unwrap_or_default();
    let object = ObjectRef {
        kind: e.involved_object.kind.clone().unwrap_or_default(),
        name: e.involved_object.name.clone().unwrap_or_default(),
    };
    EventView {
        bot: attribution
            .bot_of(&namespace, &object.name)
            .map(str::to_string),
        time: event_time(e),
        // The API server takes no other types (core/v1 and events.k8s.io/v1 validate them).
        event_type: match e.type_.as_deref() {
            Some("Warning") => EventType::Warning,
            _ => EventType::Normal,
        },
        reason: e.reason.clone().unwrap_or_default(),
        count: event_count(e),
        message: e
            .message
            .clone()
            .unwrap_or_default()
            .replace('\n', " ")
            .trim()
            .to_string(),
        uid: e.metadata.uid.clone().unwrap_or_default(),
        resource_version: e.metadata.resource_version.clone().unwrap_or_default(),
        namespace,
        object,
    }
}

/// An event's type, as Kubernetes names it (and `--types` takes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// Which events to show.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only these namespaces (`None`: any).
    pub namespaces: Option<Vec<String>>,
    /// Only events about this bot's objects.
    pub bot: Option<(String, String)>,
    /// Only these types; empty: all.
    pub types: Vec<EventType>,
    /// Only events at or after this time.
    pub since: Option<jiff::Timestamp>,
}

impl EventFilter {
    pub fn admits(&self, v: &EventView) -> bool {
        if let Some(nss) = &self.namespaces
            && !nss.contains(&v.namespace)
        {
            return false;
        }
        if let Some((ns, bot)) = &self.bot
            && (v.namespace != *ns || v.bot.as_deref() != Some(bot.as_str()))
        {
            return false;
        }
        if !self.types.is_empty() && !self.types.contains(&v.event_type) {
            return false;
        }
        if let Some(since) = self.since
            && v.time.is_some_and(|t| t < since)
        {
            return false;
        }
        true
    }
}

/// Oldest first; events with no time at all first of all.
pub fn sort(events: &mut [EventView]) {
    events.sort_by(|a, b| {
        a.time
            .cmp(&b.time)
            .then_with(|| a.namespace.cmp(&b.namespace))
            .then_with(|| a.object.name.cmp(&b.object.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: serde_json::Value) -> Event {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn time_prefers_series_then_last_then_event_time() {
        let series = event(serde_json::json!({
            "metadata": {"name": "a", "creationTimestamp": "2026-11-25T05:33:38Z"},
            "involvedObject": {},
            "eventTime": "2026-11-25T05:00:00.000000Z",
            "series": {"count": 42, "lastObservedTime": "2026-11-25T05:33:38.500000Z"}
        }));
        assert_eq!(
            event_time(&series).unwrap().to_string(),
            "2026-11-25T05:33:38.5Z"
        );
        assert_eq!(event_count(&series), 42);
        let scheduled = event(serde_json::json!({
            "metadata": {"name": "b", "creationTimestamp": "2026-11-25T05:33:38Z"},
            "involvedObject": {},
            "eventTime": "2026-11-25T05:33:38.000000Z"
        }));
        assert_eq!(
            event_time(&scheduled).unwrap().to_string(),
            "2026-11-25T05:33:38Z"
        );
        assert_eq!(event_count(&scheduled), 1);
        let counted = event(serde_json::json!({
            "metadata": {"name": "c"}, "involvedObject": {}, "count": 43,
            "lastTimestamp": "2026-11-25T05:20:00Z", "firstTimestamp": "2026-11-25T05:00:00Z"
        }));
        assert_eq!(
            event_time(&counted).unwrap().to_string(),
            "2026-11-25T05:20:00Z"
        );
        assert_eq!(event_count(&counted), 43);
    }

    #[test]
    fn fullname_follows_helms_rule() {
        assert_eq!(fullname("pico", "picoclaw"), "pico-picoclaw");
        assert_eq!(fullname("my-picoclaw", "picoclaw"), "my-picoclaw");
    }

    #[test]
    fn attribution_prefers_the_longest_prefix_and_needs_a_separator() {
        let mut a = Attribution::default();
        a.prefixes.insert(
            "ns".into(),
            vec![
                ("open-openclaw-2".into(), "open-2".into()),
                ("open-openclaw".into(), "open".into()),
            ],
        );
        assert_eq!(
            a.bot_of("ns", "open-openclaw-796cb966b6-kn2mm"),
            Some("open")
        );
        assert_eq!(a.bot_of("ns", "open-openclaw-2-abc"), Some("open-2"));
        assert_eq!(a.bot_of("ns", "open-openclaw"), Some("open"));
        assert_eq!(a.bot_of("ns", "open-openclawx"), None);
        assert_eq!(a.bot_of("other", "open-openclaw"), None);
    }
}
