//! Watch streams as the API server sends them: one JSON object per line, `{type, object}`, with
//! `ERROR` objects for trouble (410 Gone when the history to resume from was compacted).

use serde::Deserialize;

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
