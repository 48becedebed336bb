//! Watch streams as the API server sends them: one JSON object per line, `{type, object}`, with
//! `ERROR` objects for trouble (410 Gone when the history to resume from was compacted).

use std::time::Duration;

use serde::Deserialize;

use super::{Cluster, LineStream, ListForm, ListQuery, Resource};
use crate::error::{Error, Result};

/// One line of a watch stream.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchEvent {
    Added(serde_json::Value),
    Modified(serde_json::Value),
    Deleted(serde_json::Value),
    /// Progress only: the resourceVersion moved.
    Bookmark,
    /// 410 Gone: the history to resume from is gone; list again.
    Expired,
}

/// A line of the stream (`what` names the watch in errors), and the resourceVersion it carries.
pub fn parse_line(what: &str, line: &str) -> Result<(WatchEvent, Option<String>)> {
    #[derive(Deserialize)]
    struct Line {
        #[serde(rename = "type")]
        type_: String,
        object: serde_json::Value,
    }
    let bad = |detail: String| Error::BadResponse {
        what: what.to_string(),
        detail,
    };
    let ev: Line = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
    let rv = ev.object["metadata"]["resourceVersion"]
        .as_str()
        .map(str::to_string);
    let event = match ev.type_.as_str() {
        "ADDED" => WatchEvent::Added(ev.object),
        "MODIFIED" => WatchEvent::Modified(ev.object),
        "DELETED" => WatchEvent::Deleted(ev.object),
        "BOOKMARK" => WatchEvent::Bookmark,
        "ERROR" if ev.object["code"] == 410 => WatchEvent::Expired,
        "ERROR" => {
            return Err(Error::Server {
                code: ev.object["code"]
                    .as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .unwrap_or(500),
                what: what.to_string(),
                attempts: 1,
                message: ev.object["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            });
        }
        other => return Err(bad(format!("unknown watch event type \"{other}\""))),
    };
    Ok((event, rv))
}

/// What following a collection yields next.
#[derive(Debug)]
pub enum Change {
    /// One event from the watch.
    Event(WatchEvent),
    /// The watch's history was gone (410), so the collection was listed again: these are all
    /// its objects now, and the watch goes on from that list.
    Relisted(Vec<serde_json::Value>),
    /// The connection to the API server broke (a restart, a network blip); following goes on
    /// by itself, this is said once per outage so a display can show it.
    Interrupted(String),
}

/// A collection followed from a resourceVersion, as client-go's reflector does it: watch, watch
/// again when the server ends a stream, list again when the history is gone (410), reconnect
/// with back-off when the API server goes away. Never ends on its own.
pub struct Follow<'a> {
    cluster: &'a Cluster,
    resource: Resource,
    form: ListForm,
    namespace: Option<String>,
    label_selector: Option<String>,
    what: String,
    rv: String,
    stream: Option<LineStream>,
    /// Consecutive failed attempts to (re)connect, for back-off.
    failures: u32,
    /// Whether the open stream said anything yet: one that ends without a word (a proxy
    /// cutting watches at once) is asked again after a pause, not in a tight loop.
    delivered: bool,
    /// 410s since the last event: a server that keeps answering 410 is listed again after a
    /// back-off, not in a tight loop.
    expired_in_a_row: u32,
}

impl<'a> Follow<'a> {
    /// Follows `resource` (in `namespace`, or cluster-wide) from `rv`, the resourceVersion of
    /// the list the caller already holds.
    pub fn new(
        cluster: &'a Cluster,
        resource: Resource,
        namespace: Option<&str>,
        label_selector: Option<&str>,
        rv: String,
    ) -> Follow<'a> {
        Follow {
            cluster,
            what: format!("watch {}", resource.plural),
            resource,
            form: ListForm::Full,
            namespace: namespace.map(str::to_string),
            label_selector: label_selector.map(str::to_string),
            rv,
            stream: None,
            failures: 0,
            delivered: false,
            expired_in_a_row: 0,
        }
    }

    /// Objects (in watch events and re-lists) as metadata only: enough to see what changed.
    pub fn metadata_only(mut self) -> Follow<'a> {
        self.form = ListForm::Metadata;
        self
    }

    /// The next change. Errors only for what retrying cannot mend (403, a garbled answer).
    pub async fn next(&mut self) -> Result<Change> {
        loop {
            if self.stream.is_none() {
                match self
                    .cluster
                    .stream_as(&self.what, &self.watch_path(), self.form)
                    .await
                {
                    Ok(s) => {
                        self.stream = Some(s);
                        self.delivered = false;
                    }
                    Err(Error::Server { code: 410, .. }) => return self.relist().await,
                    Err(e) if is_transient(&e) => {
                        let first = self.failures == 0;
                        self.back_off().await;
                        if first {
                            return Ok(Change::Interrupted(e.to_string()));
                        }
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            }
            let stream = self.stream.as_mut().expect("opened above");
            match stream.next_line().await {
                Ok(Some(line)) if line.trim().is_empty() => continue,
                Ok(Some(line)) => {
                    self.failures = 0;
                    self.delivered = true;
                    let (event, rv) = parse_line(&self.what, &line)?;
                    if let Some(rv) = rv {
                        self.rv = rv;
                    }
                    if event == WatchEvent::Expired {
                        self.stream = None;
                        return self.relist().await;
                    }
                    self.expired_in_a_row = 0;
                    return Ok(Change::Event(event));
                }
                // The server closed the watch (its timeout, a proxy): open it again, after a
                // pause when it closed without a word.
                Ok(None) => {
                    self.stream = None;
                    if !self.delivered {
                        tokio::time::sleep(QUIET_END_PAUSE).await;
                    }
                }
                Err(e) => {
                    self.stream = None;
                    let first = self.failures == 0;
                    self.back_off().await;
                    if first {
                        return Ok(Change::Interrupted(e.to_string()));
                    }
                }
            }
        }
    }

    fn watch_path(&self) -> String {
        let mut q = form_query(&[
            ("watch", "1"),
            ("allowWatchBookmarks", "true"),
            ("resourceVersion", &self.rv),
        ]);
        if let Some(sel) = &self.label_selector {
            q.push('&');
            q.push_str(&form_query(&[("labelSelector", sel)]));
        }
        format!("{}?{q}", self.resource.path(self.namespace.as_deref()))
    }

    /// Lists again after a 410: consistently, as client-go's reflector does (the watch cache may
    /// be what is behind), and after a back-off when the last re-list led straight to another.
    async fn relist(&mut self) -> Result<Change> {
        if self.expired_in_a_row > 0 {
            self.back_off().await;
        }
        self.expired_in_a_row += 1;
        let query = ListQuery {
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            label_selector: self.label_selector.as_deref(),
            form: self.form,
        };
        let consistent = self
            .cluster
            .clone()
            .with_list_consistency(super::ListConsistency::Consistent);
        let (items, rv) = consistent
            .list_map::<serde_json::Value, _>(&query, Some)
            .await?;
        self.rv = rv;
        Ok(Change::Relisted(items))
    }

    /// 0.5 s, 1 s, 2 s, then every 4 s: quick after a blip, gentle on a server that is down.
    async fn back_off(&mut self) {
        let wait = Duration::from_millis(500) * 2u32.pow(self.failures.min(3));
        self.failures += 1;
        tokio::time::sleep(wait).await;
    }
}

/// How long to wait before watching again after a watch that ended without saying anything.
const QUIET_END_PAUSE: Duration = Duration::from_secs(1);

/// Why `what` (the fleet when `None`, or `events`) cannot be watched when its list fell back to some namespaces: a watch follows one
/// resourceVersion, and there is none across namespaces listed one by one. Forbidden, not a
/// usage error: the same command may work for someone else.
pub fn needs_cluster_wide_list(what: Option<&str>) -> Error {
    let what = what.map(|w| format!("{w} ")).unwrap_or_default();
    Error::Forbidden {
        message: format!(
            "cannot watch {what}across namespaces without permission to list them cluster-wide; pass -n NAMESPACE"
        ),
    }
}

/// Trouble that goes away by itself: the server unreachable or restarting, a 5xx, a timeout.
fn is_transient(e: &Error) -> bool {
    match e {
        Error::Unreachable { .. } | Error::Timeout { .. } => true,
        Error::Server { code, .. } => *code >= 500 || *code == 429,
        _ => false,
    }
}

fn form_query(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_events_with_their_resource_version() {
        let (e, rv) = parse_line(
            "w",
            r#"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"7"}}}"#,
        )
        .unwrap();
        assert!(matches!(e, WatchEvent::Added(_)));
        assert_eq!(rv.as_deref(), Some("7"));
        let (e, rv) = parse_line(
            "w",
            r#"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}"#,
        )
        .unwrap();
        assert_eq!(e, WatchEvent::Bookmark);
        assert_eq!(rv.as_deref(), Some("9"));
        let (e, _) = parse_line(
            "w",
            r#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}"#,
        )
        .unwrap();
        assert_eq!(e, WatchEvent::Expired);
        let err = parse_line(
            "watch events",
            r#"{"type":"ERROR","object":{"kind":"Status","code":500,"message":"boom"}}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the API server answered 500 for watch events (after 1 attempt): boom"
        );
        assert!(parse_line("w", "not json").is_err());
    }
}
