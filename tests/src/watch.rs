//! Watch streams for the fake API server, with the semantics clients must survive: a watch from
//! resourceVersion R replays every change after R and then streams live ones; once history is
//! compacted (`expire`), open watches get an `ERROR` event with a 410 `Expired` Status and end,
//! and a watch from an older R gets the same at once, so the client must list again.

use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::store::{Kind, Store};

struct Change {
    rv: u64,
    kind: Kind,
    namespace: String,
    line: String,
}

struct Watcher {
    kind: Kind,
    namespace: Option<String>,
    tx: mpsc::UnboundedSender<String>,
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

impl Watches {
    /// Opens a watch; the receiver yields whole JSON lines.
    pub fn open(
        &mut self,
        kind: Kind,
        namespace: Option<&str>,
        from_rv: u64,
    ) -> mpsc::UnboundedReceiver<String> {
        let (tx, rx) = mpsc::unbounded_channel();
        if from_rv < self.compacted_below {
            let _ = tx.send(expired_line(from_rv));
            return rx; // tx dropped: the stream ends after the error
        }
        for c in &self.changes {
            if c.rv > from_rv && c.kind == kind && namespace.is_none_or(|ns| ns == c.namespace) {
                let _ = tx.send(c.line.clone());
            }
        }
        self.live.push(Watcher {
            kind,
            namespace: namespace.map(str::to_string),
            tx,
        });
        rx
    }

    /// Records a change to `object` (already stored) and sends it to the watches that see it.
    pub fn publish(&mut self, kind: Kind, event_type: &str, object: &Value, rv: u64) {
        let namespace = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let line = json!({"type": event_type, "object": object}).to_string() + "\n";
        self.live.retain(|w| !w.tx.is_closed());
        for w in &self.live {
            if w.kind == kind && w.namespace.as_deref().is_none_or(|ns| ns == namespace) {
                let _ = w.tx.send(line.clone());
            }
        }
        self.changes.push(Change {
            rv,
            kind,
            namespace,
            line,
        });
    }

    /// Compacts history: every open watch gets 410 and ends; older versions can no longer be watched from.
    pub fn expire(&mut self, current_rv: u64) {
        self.compacted_below = current_rv;
        self.changes.clear();
        for w in self.live.drain(..) {
            let _ = w.tx.send(expired_line(current_rv.saturating_sub(1)));
        }
    }

    pub fn open_count(&mut self) -> usize {
        self.live.retain(|w| !w.tx.is_closed());
        self.live.len()
    }
}

/// Inserts or replaces (by namespace and name) `object` in the store under a new resource version,
/// returning the watch event type and that version.
pub fn upsert(
    store: &mut Store,
    group_version: &str,
    plural: &str,
    mut object: Value,
) -> (&'static str, u64, Value) {
    let rv = store.resource_version.parse::<u64>().unwrap_or(0) + 1;
    store.resource_version = rv.to_string();
    object["metadata"]["resourceVersion"] = json!(rv.to_string());
    let objects = store.objects_mut(group_version, plural);
    let same = |o: &Value| {
        o["metadata"]["namespace"] == object["metadata"]["namespace"]
            && o["metadata"]["name"] == object["metadata"]["name"]
    };
    let event_type = match objects.iter_mut().find(|o| same(o)) {
        Some(existing) => {
            *existing = object.clone();
            "MODIFIED"
        }
        None => {
            objects.push(object.clone());
            "ADDED"
        }
    };
    (event_type, rv, object)
}
