//! Pod logs for the fake API server (`/api/v1/namespaces/NS/pods/POD/log`), answering as the
//! real server does: a container must be named when the pod has several, `previous` needs a
//! terminated container, a container still waiting to start has no log (400 saying why),
//! `tailLines` trims, and `follow` keeps the stream open for new lines.

use std::collections::BTreeMap;

use serde_json::Value;
use tokio::sync::mpsc;

type Key = (String, String, String);

#[derive(Default)]
pub struct Logs {
    current: BTreeMap<Key, Vec<String>>,
    previous: BTreeMap<Key, Vec<String>>,
    followers: Vec<(Key, mpsc::UnboundedSender<String>)>,
}

pub enum LogReply {
    Text(String),
    Follow(mpsc::UnboundedReceiver<String>),
    Error(u16, &'static str, String),
}

impl Logs {
    pub fn set(&mut self, ns: &str, pod: &str, container: &str, lines: &[&str], previous: bool) {
        let key = (ns.to_string(), pod.to_string(), container.to_string());
        let lines = lines.iter().map(|l| l.to_string()).collect();
        if previous {
            self.previous.insert(key, lines);
        } else {
            self.current.insert(key, lines);
        }
    }

    /// Appends a line to a container's log and sends it to anyone following it.
    pub fn append(&mut self, ns: &str, pod: &str, container: &str, line: &str) {
        let key = (ns.to_string(), pod.to_string(), container.to_string());
        self.current
            .entry(key.clone())
            .or_default()
            .push(line.to_string());
        self.followers.retain(|(_, tx)| !tx.is_closed());
        for (k, tx) in &self.followers {
            if *k == key {
                let _ = tx.send(format!("{line}\n"));
            }
        }
    }

    pub fn answer(
        &mut self,
        pod: Option<&Value>,
        ns: &str,
        name: &str,
        query: &BTreeMap<String, String>,
    ) -> LogReply {
        let Some(pod) = pod else {
            return LogReply::Error(404, "NotFound", format!("pods \"{name}\" not found"));
        };
        let containers: Vec<String> = pod["spec"]["containers"]
            .as_array()
            .map(|cs| {
                cs.iter()
                    .filter_map(|c| c["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let container = match query.get("container") {
            Some(c) if containers.contains(c) => c.clone(),
            Some(c) => {
                return LogReply::Error(
                    400,
                    "BadRequest",
                    format!("container {c} is not valid for pod {name}"),
                );
            }
            None if containers.len() == 1 => containers[0].clone(),
            None => {
                return LogReply::Error(
                    400,
                    "BadRequest",
                    format!(
                        "a container name must be specified for pod {name}, choose one of: [{}]",
                        containers.join(" ")
                    ),
                );
            }
        };
        let key = (ns.to_string(), name.to_string(), container.clone());
        let flag = |k: &str| query.get(k).is_some_and(|v| v == "true" || v == "1");
        // A container that never started has no log yet: the kubelet says why, as a 400. (One
        // that ran before, crash-looping, still shows its last run's.)
        let waiting = pod["status"]["containerStatuses"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["name"] == container.as_str()))
            .filter(|c| c["lastState"]["terminated"].is_null())
            .and_then(|c| c["state"]["waiting"]["reason"].as_str());
        if let Some(reason) = waiting.filter(|_| !flag("previous")) {
            let why = match reason {
                "ErrImagePull" | "ImagePullBackOff" => "trying and failing to pull image",
                other => other,
            };
            return LogReply::Error(
                400,
                "BadRequest",
                format!("container \"{container}\" in pod \"{name}\" is waiting to start: {why}"),
            );
        }
        let lines = if flag("previous") {
            match self.previous.get(&key) {
                Some(l) => l.clone(),
                None => {
                    return LogReply::Error(
                        400,
                        "BadRequest",
                        format!(
                            "previous terminated container \"{container}\" in pod \"{name}\" not found"
                        ),
                    );
                }
            }
        } else {
            self.current.get(&key).cloned().unwrap_or_default()
        };
        let tail = query.get("tailLines").and_then(|t| t.parse::<usize>().ok());
        let skip = tail.map_or(0, |t| lines.len().saturating_sub(t));
        let text: String = lines[skip..].iter().map(|l| format!("{l}\n")).collect();
        if flag("follow") && !flag("previous") {
            let (tx, rx) = mpsc::unbounded_channel();
            if !text.is_empty() {
                let _ = tx.send(text);
            }
            self.followers.push((key, tx));
            LogReply::Follow(rx)
        } else {
            LogReply::Text(text)
        }
    }
}
