//! Watch streams for the fake API server, with the semantics of kube-apiserver's watch cache
//! that clients rely on:
//! - from resourceVersion R: every change after R, then live ones; from `0` or none: a
//!   synthetic ADDED for each object there is, then live ones;
//! - label and field selectors filter events as the cache filters them: an object that starts
//!   matching is ADDED, one that stops matching is DELETED (as it was), deletes are DELETED;
//! - `allowWatchBookmarks=true` watches get BOOKMARKs when the server sends them
//!   ([`Watches::bookmark`], as the real one does about once a minute);
//! - once history is compacted ([`Watches::expire`]), open watches get an `ERROR` event with a
//!   410 `Expired` Status and end, and a watch from an older R gets the same at once.

use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::store::{Filter, Kind, Store};

/// One change to one object, kept for watches that resume from before it.
struct Change {
    rv: u64,
    kind: Kind,
    namespace: String,
    /// ADDED, MODIFIED or DELETED, as stored.
    event_type: &'static str,
    object: Value,
    /// What the object was before (for MODIFIED and DELETED).
    prev: Option<Value>,
}

struct Watcher {
    kind: Kind,
    namespace: Option<String>,
    filter: Filter,
    bookmarks: bool,
    tx: mpsc::UnboundedSender<String>,
}

/// What a watch asks for.
pub struct WatchRequest<'a> {
    pub kind: Kind,
    pub namespace: Option<&'a str>,
    /// 0 for "from now, with the objects there are as ADDED".
    pub from_rv: u64,
    pub filter: Filter,
    pub bookmarks: bool,
}

#[derive(Default)]
pub struct Watches {
    changes: Vec<Change>,
    /// Watches from resource versions below this are too old (410).
    compacted_below: u64,
    live: Vec<Watcher>,
}

fn expired_line(rv: u64) -> String {
    json!({"type": "ERROR", "object": {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": format!("too old resource version: {rv} ({})", rv + 1), "reason": "Expired", "code": 410,
    }})
    .to_string()
        + "\n"
}

fn line(event_type: &str, object: &Value) -> String {
    json!({"type": event_type, "object": object}).to_string() + "\n"
}

impl Watcher {
    fn sees_namespace(&self, ns: &str) -> bool {
        self.namespace.as_deref().is_none_or(|n| n == ns)
    }

    /// The event this watcher gets for a change, if any, as the watch cache decides it.
    fn event_for(&self, event_type: &str, object: &Value, prev: Option<&Value>) -> Option<String> {
        let now = self.filter.matches(object);
        let before = prev.is_some_and(|p| self.filter.matches(p));
        match (event_type, before, now) {
            ("DELETED", true, _) | ("DELETED", false, true) => Some(line("DELETED", object)),
            ("DELETED", false, false) => None,
            (_, false, true) => Some(line("ADDED", object)),
            (_, true, true) => Some(line(event_type, object)),
            (_, true, false) => Some(line("DELETED", prev.expect("matched before"))),
            (_, false, false) => None,
        }
    }
}

impl Watches {
    /// Opens a watch; the receiver yields whole JSON lines. `store` gives the objects there are
    /// for a watch from 0.
    pub fn open(&mut self, req: WatchRequest, store: &Store) -> mpsc::UnboundedReceiver<String> {
        let (tx, rx) = mpsc::unbounded_channel();
        let watcher = Watcher {
            kind: req.kind,
            namespace: req.namespace.map(str::to_string),
            filter: req.filter,
            bookmarks: req.bookmarks,
            tx,
        };
        if req.from_rv == 0 {
            let mut objects: Vec<&Value> = store
                .objects(req.kind.group_version, req.kind.plural)
                .iter()
                .filter(|o| {
                    watcher.sees_namespace(o["metadata"]["namespace"].as_str().unwrap_or(""))
                })
                .filter(|o| watcher.filter.matches(o))
                .collect();
            objects.sort_by_key(|o| {
                (
                    o["metadata"]["namespace"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                    o["metadata"]["name"].as_str().unwrap_or("").to_string(),
                )
            });
            for o in objects {
                let _ = watcher.tx.send(line("ADDED", o));
            }
        } else if req.from_rv < self.compacted_below {
            let _ = watcher.tx.send(expired_line(req.from_rv));
            return rx; // the watcher (and its sender) dropped: the stream ends after the error
        } else {
            for c in &self.changes {
                if c.rv > req.from_rv
                    && c.kind == req.kind
                    && watcher.sees_namespace(&c.namespace)
                    && let Some(l) = watcher.event_for(c.event_type, &c.object, c.prev.as_ref())
                {
                    let _ = watcher.tx.send(l);
                }
            }
        }
        self.live.push(watcher);
        rx
    }

    /// Records a change to `object` (already stored; `prev` what it was) and sends it to the
    /// watches that see it.
    pub fn publish(
        &mut self,
        kind: Kind,
        event_type: &'static str,
        object: &Value,
        prev: Option<&Value>,
        rv: u64,
    ) {
        let namespace = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_string();
        self.live.retain(|w| !w.tx.is_closed());
        for w in &self.live {
            if w.kind == kind
                && w.sees_namespace(&namespace)
                && let Some(l) = w.event_for(event_type, object, prev)
            {
                let _ = w.tx.send(l);
            }
        }
        self.changes.push(Change {
            rv,
            kind,
            namespace,
            event_type,
            object: object.clone(),
            prev: prev.cloned(),
        });
    }

    /// A BOOKMARK at `rv` to every watch that allowed them.
    pub fn bookmark(&mut self, rv: u64) {
        self.live.retain(|w| !w.tx.is_closed());
        for w in self.live.iter().filter(|w| w.bookmarks) {
            let kind = w.kind.list_kind.trim_end_matches("List");
            let _ = w.tx.send(line(
                "BOOKMARK",
                &json!({"kind": kind, "apiVersion": w.kind.group_version,
                    "metadata": {"resourceVersion": rv.to_string()}}),
            ));
        }
    }

    /// Compacts history: every open watch gets 410 and ends; older versions can no longer be watched from.
    pub fn expire(&mut self, current_rv: u64) {
        self.compacted_below = current_rv;
        self.changes.clear();
        for w in self.live.drain(..) {
            let _ = w.tx.send(expired_line(current_rv.saturating_sub(1)));
        }
    }

    /// Ends every open watch without a word, as an API server going away does; history stays,
    /// so a client may watch again from where it was.
    pub fn drop_all(&mut self) {
        self.live.clear();
    }

    pub fn open_count(&mut self) -> usize {
        self.live.retain(|w| !w.tx.is_closed());
        self.live.len()
    }
}

/// Inserts or replaces (by namespace and name) `object` in the store under a new resource
/// version, returning the watch event type, that version, the object as stored and what it was.
pub fn upsert(
    store: &mut Store,
    group_version: &str,
    plural: &str,
    mut object: Value,
) -> (&'static str, u64, Value, Option<Value>) {
    let rv = next_rv(store);
    object["metadata"]["resourceVersion"] = json!(rv.to_string());
    let objects = store.objects_mut(group_version, plural);
    let same = |o: &Value| {
        o["metadata"]["namespace"] == object["metadata"]["namespace"]
            && o["metadata"]["name"] == object["metadata"]["name"]
    };
    match objects.iter_mut().find(|o| same(o)) {
        Some(existing) => {
            let prev = std::mem::replace(existing, object.clone());
            ("MODIFIED", rv, object, Some(prev))
        }
        None => {
            objects.push(object.clone());
            ("ADDED", rv, object, None)
        }
    }
}

/// Removes an object, returning it as deleted (at a new resource version), if it was there.
pub fn remove(
    store: &mut Store,
    group_version: &str,
    plural: &str,
    namespace: &str,
    name: &str,
) -> Option<(u64, Value)> {
    let objects = store.objects_mut(group_version, plural);
    let at = objects.iter().position(|o| {
        o["metadata"]["namespace"].as_str().unwrap_or("") == namespace
            && o["metadata"]["name"] == name
    })?;
    let mut gone = objects.remove(at);
    let rv = next_rv(store);
    gone["metadata"]["resourceVersion"] = json!(rv.to_string());
    Some((rv, gone))
}

fn next_rv(store: &mut Store) -> u64 {
    let rv = store.resource_version.parse::<u64>().unwrap_or(0) + 1;
    store.resource_version = rv.to_string();
    rv
}
