//! Deciding a restore before anything runs: for each release in a backup, whether it is
//! installed (with which values and chart version), skipped because it exists, upgraded
//! (`--upgrade`), or refused — above all for a secret the backup redacted and nobody supplied
//! again: claw never installs `<redacted>` as a value. Pure: the cluster's releases, the chart
//! versions on offer and the values the user supplies come in as arguments.

use std::collections::{BTreeMap, BTreeSet};

use semver::Version;
use serde_json::Value;

use crate::backup::format::{Backup, ReleaseEntry};
use crate::charts::offer::Offer;
use crate::redact::REDACTED;
use crate::upgrade::safety::{Refusal, RefusalKind};

/// One step of a path into values: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type ValuePath = Vec<Seg>;

/// `a.b[0].c`, as Helm's `--set` spells paths.
pub fn show_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&k.replace('.', "\\."));
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The path of a `--set` key (`a.b[0].c`, `\.` for a dot inside a key).
pub fn parse_set_key(key: &str) -> ValuePath {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = key.chars().peekable();
    let flush = |cur: &mut String, out: &mut ValuePath| {
        if !cur.is_empty() {
            out.push(Seg::Key(std::mem::take(cur)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                cur.push('.');
                chars.next();
            }
            '.' => flush(&mut cur, &mut out),
            '[' => {
                flush(&mut cur, &mut out);
                let digits: String = chars.by_ref().take_while(|c| *c != ']').collect();
                match digits.parse() {
                    Ok(i) => out.push(Seg::Index(i)),
                    Err(_) => cur.push_str(&format!("[{digits}]")),
                }
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Every spot in `v` where `<redacted>` stands (a whole value, or inside a URL or config blob).
pub fn redacted_spots(v: &Value) -> Vec<ValuePath> {
    fn walk(v: &Value, path: &mut ValuePath, out: &mut Vec<ValuePath>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    path.push(Seg::Key(k.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    path.push(Seg::Index(i));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::String(s) if s.contains(REDACTED) => out.push(path.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn at<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, s| match s {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

fn remove(v: &mut Value, path: &[Seg]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let mut cur = v;
    for s in parent {
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => match m.get_mut(k) {
                Some(next) => next,
                None => return,
            },
            (Seg::Index(i), Value::Array(a)) => match a.get_mut(*i) {
                Some(next) => next,
                None => return,
            },
            _ => return,
        };
    }
    match (last, cur) {
        (Seg::Key(k), Value::Object(m)) => {
            m.remove(k);
        }
        (Seg::Index(i), Value::Array(a)) => {
            if let Some(slot) = a.get_mut(*i) {
                *slot = Value::Null;
            }
        }
        _ => {}
    }
}

/// What the user gives a restore besides the backup: per-release values files
/// (`--values-dir`), and `-f`/`--set` for every release.
#[derive(Debug, Clone, Default)]
pub struct Supplied {
    pub per_release: BTreeMap<(String, String), Value>,
    pub files: Vec<Value>,
    pub set_paths: Vec<ValuePath>,
}

impl Supplied {
    /// Whether `path` of release `key` gets a real value from the user.
    fn covers(&self, key: &(String, String), path: &[Seg]) -> bool {
        let real = |v: Option<&Value>| {
            v.is_some_and(|v| !v.is_null() && !v.to_string().contains(REDACTED))
        };
        real(self.per_release.get(key).and_then(|v| at(v, path)))
            || self.files.iter().any(|f| real(at(f, path)))
            || self.set_paths.iter().any(|p| p.as_slice() == path)
    }
}

/// Who decides what a restore does.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    pub upgrade: bool,
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreAction {
    Install,
    /// The release exists: left alone (without `--upgrade`).
    Skip,
    /// The release exists and `--upgrade` asks to bring it to the backed-up values.
    Upgrade,
    /// Held back, and why.
    Refused(Refusal),
}

/// One release of the backup, decided.
#[derive(Debug, Clone)]
pub struct RestoreItem {
    pub entry: ReleaseEntry,
    pub action: RestoreAction,
    /// The chart version it gets (the one on offer).
    pub version: Option<String>,
    /// The values Helm gets as its first values file: the backup's, without a single
    /// `<redacted>` spot, with the release's `--values-dir` file over them.
    pub values: Value,
    /// Redacted spots nobody supplied, by path (`secrets.anthropicApiKey`).
    pub missing: Vec<String>,
    /// Redacted spots left out because an ExternalSecret supplies them (`secrets.external`).
    pub from_external_secret: Vec<String>,
}

/// Decides every release of `backup`: the control plane first, then the bots by namespace and
/// name. `existing` holds (namespace, name) of releases already in the cluster; `offer` the
/// chart versions the chart source gives.
pub fn plan(
    backup: &Backup,
    existing: &BTreeSet<(String, String)>,
    offer: &Offer,
    supplied: &Supplied,
    opts: RestoreOptions,
) -> Vec<RestoreItem> {
    let mut entries: Vec<&ReleaseEntry> = backup.index.releases.iter().collect();
    entries.sort_by_key(|e| (e.type_name != "control-plane", &e.namespace, &e.name));
    entries
        .into_iter()
        .map(|e| decide(e, backup, existing, offer, supplied, opts))
        .collect()
}

fn decide(
    entry: &ReleaseEntry,
    backup: &Backup,
    existing: &BTreeSet<(String, String)>,
    offer: &Offer,
    supplied: &Supplied,
    opts: RestoreOptions,
) -> RestoreItem {
    let key = (entry.namespace.clone(), entry.name.clone());
    let version = offer.version_of(&entry.chart).map(str::to_string);
    let mut item = RestoreItem {
        entry: entry.clone(),
        action: RestoreAction::Install,
        version: version.clone(),
        values: Value::Null,
        missing: vec![],
        from_external_secret: vec![],
    };
    let Some(backed_up) = backup.values.get(&key) else {
        item.action =
            RestoreAction::Refused(Refusal::new(RefusalKind::NoBackedUpValues, &entry.name, ""));
        return item;
    };
    let mut values = backed_up.clone();
    // The secrets an ExternalSecret brings (ClawMachine's `secrets.external`) are not asked for.
    let external = values["secrets"]["external"] == Value::Bool(true);
    for spot in redacted_spots(backed_up) {
        let by_eso = external && spot.first() == Some(&Seg::Key("secrets".into()));
        if by_eso {
            item.from_external_secret.push(show_path(&spot));
        } else if !supplied.covers(&key, &spot) {
            item.missing.push(show_path(&spot));
        }
        remove(&mut values, &spot);
    }
    item.missing.sort();
    item.from_external_secret.sort();
    if let Some(mine) = supplied.per_release.get(&key) {
        crate::helm::merge_values(&mut values, mine);
    }
    item.values = values;
    item.action = if existing.contains(&key) {
        if opts.upgrade {
            RestoreAction::Upgrade
        } else {
            RestoreAction::Skip
        }
    } else {
        RestoreAction::Install
    };
    if item.action != RestoreAction::Skip
        && let Some(why) = refusal(entry, version.as_deref(), &item.missing, offer, opts)
    {
        item.action = RestoreAction::Refused(why);
    }
    item
}

fn refusal(
    entry: &ReleaseEntry,
    version: Option<&str>,
    missing: &[String],
    offer: &Offer,
    opts: RestoreOptions,
) -> Option<Refusal> {
    if !missing.is_empty() {
        let what = if missing.len() == 1 {
            "secret value"
        } else {
            "secret values"
        };
        return Some(Refusal::new(
            RefusalKind::RedactedSecrets,
            missing.join(", "),
            what,
        ));
    }
    let from = offer
        .origin
        .as_deref()
        .unwrap_or("the charts embedded in claw");
    let Some(version) = version else {
        return Some(Refusal::new(
            RefusalKind::ChartNotOffered,
            &entry.chart,
            from,
        ));
    };
    let parse = |v: &str| Version::parse(v.trim_start_matches('v')).ok();
    if let (Some(was), Some(now)) = (parse(&entry.chart_version), parse(version))
        && now < was
        && !opts.force
    {
        return Some(Refusal::new(
            RefusalKind::BackupNewer,
            format!("{}-{}", entry.chart, entry.chart_version),
            format!("{version}, the newest in {from}"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::format::{Index, Layout};
    use serde_json::json;

    fn entry(ns: &str, name: &str, chart: &str, version: &str) -> ReleaseEntry {
        ReleaseEntry {
            namespace: ns.into(),
            name: name.into(),
            type_name: if chart == "clawmachine" {
                "control-plane".into()
            } else {
                chart.into()
            },
            chart: chart.into(),
            chart_version: version.into(),
            app_version: version.into(),
            chart_source: "unrecorded".into(),
            revision: 1,
            status: "deployed".into(),
            values: None,
            redacted: vec![],
        }
    }

    fn backup(items: Vec<(ReleaseEntry, Value)>) -> Backup {
        Backup {
            dir: "/b".into(),
            layout: Layout::V1,
            index: Index {
                api_version: String::new(),
                kind: String::new(),
                claw_version: String::new(),
                cluster: String::new(),
                namespaces: vec![],
                releases: items.iter().map(|(e, _)| e.clone()).collect(),
                volumes: vec![],
            },
            values: items
                .into_iter()
                .map(|(e, v)| ((e.namespace, e.name), v))
                .collect(),
        }
    }

    #[test]
    fn paths_read_as_helm_spells_them() {
        let p = parse_set_key(r"secrets.anthropicApiKey");
        assert_eq!(show_path(&p), "secrets.anthropicApiKey");
        let p = parse_set_key(r"extraEnv[1].value");
        assert_eq!(
            p,
            vec![
                Seg::Key("extraEnv".into()),
                Seg::Index(1),
                Seg::Key("value".into())
            ]
        );
        let p = parse_set_key(r"podAnnotations.example\.com/x");
        assert_eq!(
            p,
            vec![
                Seg::Key("podAnnotations".into()),
                Seg::Key("example.com/x".into())
            ]
        );
    }

    #[test]
    fn the_control_plane_goes_first_and_redacted_secrets_block_their_release() {
        let b = backup(vec![
            (
                entry("bots", "pico", "picoclaw", "0.1.8"),
                json!({"secrets": {"openaiApiKey": REDACTED}, "replicaCount": 1}),
            ),
            (
                entry("claw-machine", "clawmachine", "clawmachine", "0.1.8"),
                json!({}),
            ),
            (
                entry("claw-machine", "iron", "ironclaw", "0.1.8"),
                json!({"database": {"url": "postgres://u:<redacted>@db/x"}}),
            ),
        ]);
        let items = plan(
            &b,
            &BTreeSet::new(),
            &Offer::embedded(),
            &Supplied::default(),
            RestoreOptions::default(),
        );
        let names: Vec<&str> = items.iter().map(|i| i.entry.name.as_str()).collect();
        assert_eq!(names, ["clawmachine", "pico", "iron"]);
        assert_eq!(items[0].action, RestoreAction::Install);
        assert_eq!(items[1].missing, ["secrets.openaiApiKey"]);
        assert!(
            matches!(&items[1].action, RestoreAction::Refused(w) if w.message().contains("secrets.openaiApiKey"))
        );
        assert_eq!(items[2].missing, ["database.url"]);
        // Never a placeholder in what Helm would get.
        assert!(!items[1].values.to_string().contains(REDACTED));
        assert_eq!(items[1].values["replicaCount"], 1);
    }

    #[test]
    fn supplied_secrets_unblock_and_external_secrets_need_none() {
        let b = backup(vec![
            (
                entry("bots", "pico", "picoclaw", "0.1.8"),
                json!({"secrets": {"openaiApiKey": REDACTED}}),
            ),
            (
                entry("bots", "open", "openclaw", "0.1.8"),
                json!({"secrets": {"external": true, "anthropicApiKey": REDACTED}}),
            ),
            (
                entry("bots", "iron", "ironclaw", "0.1.8"),
                json!({"database": {"url": "postgres://u:<redacted>@db/x"}}),
            ),
        ]);
        let supplied = Supplied {
            per_release: [(
                ("bots".to_string(), "iron".to_string()),
                json!({"database": {"url": "postgres://u:pw@db/x"}}),
            )]
            .into(),
            files: vec![],
            set_paths: vec![parse_set_key("secrets.openaiApiKey")],
        };
        let items = plan(
            &b,
            &BTreeSet::new(),
            &Offer::embedded(),
            &supplied,
            RestoreOptions::default(),
        );
        assert!(
            items.iter().all(|i| i.action == RestoreAction::Install),
            "{items:#?}"
        );
        let open = items.iter().find(|i| i.entry.name == "open").unwrap();
        assert_eq!(open.from_external_secret, ["secrets.anthropicApiKey"]);
        assert!(open.values["secrets"].get("anthropicApiKey").is_none());
        let iron = items.iter().find(|i| i.entry.name == "iron").unwrap();
        assert_eq!(iron.values["database"]["url"], "postgres://u:pw@db/x");
    }

    fn action_of(items: &[RestoreItem], name: &str) -> RestoreAction {
        let item = items.iter().find(|i| i.entry.name == name);
        item.unwrap_or_else(|| panic!("{name} not planned"))
            .action
            .clone()
    }

    #[test]
    fn existing_releases_are_skipped_or_upgraded_and_downgrades_refused() {
        let b = backup(vec![
            (entry("bots", "pico", "picoclaw", "0.1.8"), json!({})),
            (entry("bots", "future", "picoclaw", "9.0.0"), json!({})),
        ]);
        let existing: BTreeSet<_> = [("bots".to_string(), "pico".to_string())].into();
        let items = plan(
            &b,
            &existing,
            &Offer::embedded(),
            &Supplied::default(),
            RestoreOptions::default(),
        );
        assert_eq!(action_of(&items, "pico"), RestoreAction::Skip);
        assert!(
            matches!(action_of(&items, "future"), RestoreAction::Refused(w) if w.message().contains("downgrade"))
        );
        let items = plan(
            &b,
            &existing,
            &Offer::embedded(),
            &Supplied::default(),
            RestoreOptions {
                upgrade: true,
                force: true,
            },
        );
        assert_eq!(action_of(&items, "pico"), RestoreAction::Upgrade);
        assert_eq!(action_of(&items, "future"), RestoreAction::Install);
    }
}
