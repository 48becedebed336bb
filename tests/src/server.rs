//! The fake Kubernetes API server: real HTTP on loopback, answering from a [`Store`], with faults
//! injected on demand and every request counted.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use crate::recorded;
use crate::store::{self, Answer, Store};
use crate::tls::{self, Pki};

/// Which requests a fault applies to.
#[derive(Debug, Clone)]
pub enum Match {
    /// The exact path (no query): `/api/v1/secrets` is the cluster-wide list only.
    Path(String),
    PathPrefix(String),
    Any,
}

impl Match {
    fn hits(&self, path: &str) -> bool {
        match self {
            Match::Path(p) => path == p,
            Match::PathPrefix(p) => path.starts_with(p.as_str()),
            Match::Any => true,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    /// Answer with this status and body (a `Status` object unless `raw`).
    Respond {
        code: u16,
        body: String,
        retry_after: Option<u64>,
    },
    /// Answer normally, but only after this long.
    Delay(Duration),
    /// Never answer.
    Hang,
}

#[derive(Debug, Clone)]
pub struct Fault {
    pub on: Match,
    pub action: Action,
    /// How many requests it applies to before it heals; `None` for ever.
    pub times: Option<u32>,
}

impl Fault {
    pub fn status(on: Match, code: u16, reason: &str, message: &str) -> Fault {
        Fault {
            on,
            action: Action::Respond {
                code,
                body: status_json(code, reason, message),
                retry_after: None,
            },
            times: None,
        }
    }

    /// What a real server says to a user without RBAC for `list` on `plural`.
    pub fn forbidden_list(plural: &str, namespace: Option<&str>) -> Fault {
        let (path, scope) = match namespace {
            None => (
                format!("{}/{plural}", core_or_apps(plural)),
                "at the cluster scope".to_string(),
            ),
            Some(ns) => (
                format!("{}/namespaces/{ns}/{plural}", core_or_apps(plural)),
                format!("in the namespace \"{ns}\""),
            ),
        };
        let group = if core_or_apps(plural) == "/apis/apps/v1" {
            "apps"
        } else {
            ""
        };
        Fault::status(
            Match::Path(path),
            403,
            "Forbidden",
            &format!(
                "{plural} is forbidden: User \"viewer\" cannot list resource \"{plural}\" in API group \"{group}\" {scope}"
            ),
        )
    }

    pub fn times(mut self, n: u32) -> Fault {
        self.times = Some(n);
        self
    }

    pub fn retry_after(mut self, secs: u64) -> Fault {
        if let Action::Respond { retry_after, .. } = &mut self.action {
            *retry_after = Some(secs);
        }
        self
    }
}

fn core_or_apps(plural: &str) -> &'static str {
    match plural {
        "deployments" | "replicasets" => "/apis/apps/v1",
        _ => "/api/v1",
    }
}

pub fn status_json(code: u16, reason: &str, message: &str) -> String {
    json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "message": message, "reason": reason, "code": code,
    })
    .to_string()
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub status: u16,
    /// When the request arrived.
    pub at: std::time::Instant,
}

#[derive(Default)]
struct State {
    store: Store,
    faults: Vec<Fault>,
    log: Vec<Logged>,
    bytes_sent: u64,
    token: Option<String>,
}

pub struct FakeApi {
    addr: SocketAddr,
    pki: Arc<Pki>,
    state: Arc<Mutex<State>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeApi {
    pub fn start(store: Store) -> FakeApi {
        let state = Arc::new(Mutex::new(State {
            store,
            ..Default::default()
        }));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = tokio::sync::oneshot::channel();
        let served = state.clone();
        let pki = Arc::new(Pki::generate());
        let acceptor = pki.acceptor();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(serve(listener, acceptor, served, rx));
            rt.shutdown_background();
        });
        FakeApi {
            addr,
            pki,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The CA and client certificates this server trusts.
    pub fn pki(&self) -> &Pki {
        &self.pki
    }

    /// Requests with neither `Authorization: Bearer <token>` nor a client certificate from our CA
    /// get the recorded 401.
    pub fn require_token(&self, token: &str) {
        self.state.lock().unwrap().token = Some(token.to_string());
    }

    pub fn inject(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push(fault);
    }

    pub fn clear_faults(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.state.lock().unwrap().log.clone()
    }

    pub fn reset_counters(&self) {
        let mut s = self.state.lock().unwrap();
        s.log.clear();
        s.bytes_sent = 0;
    }

    pub fn bytes_sent(&self) -> u64 {
        self.state.lock().unwrap().bytes_sent
    }

    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.state.lock().unwrap().store)
    }

    /// A kubeconfig with one context, `fake`, pointing here with a bearer token.
    pub fn kubeconfig(&self, dir: &Path, token: &str) -> PathBuf {
        let path = dir.join("kubeconfig");
        std::fs::write(
            &path,
            self.kubeconfig_yaml("fake", "default", &format!("token: {token}")),
        )
        .expect("write kubeconfig");
        path
    }

    /// A kubeconfig for this server (its CA trusted) with one context whose user section is
    /// `user_yaml` (indented under `user:`).
    pub fn kubeconfig_yaml(&self, context: &str, namespace: &str, user_yaml: &str) -> String {
        kubeconfig_yaml(
            &self.url(),
            &tls::b64(&self.pki.ca_pem),
            context,
            namespace,
            user_yaml,
        )
    }
}

pub fn kubeconfig_yaml(
    server: &str,
    ca_b64: &str,
    context: &str,
    namespace: &str,
    user_yaml: &str,
) -> String {
    let user = user_yaml
        .lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: {context}\nclusters:\n  - name: {context}\n    cluster:\n      server: {server}\n      certificate-authority-data: {ca_b64}\ncontexts:\n  - name: {context}\n    context:\n      cluster: {context}\n      user: {context}\n      namespace: {namespace}\nusers:\n  - name: {context}\n    user:\n{user}\n"
    )
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    state: Arc<Mutex<State>>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = state.clone();
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A failed handshake (an untrusted client certificate, say) is the client's
                    // problem to report, as with a real server.
                    let Ok(tls) = acceptor.accept(stream).await else { return };
                    let client_cert = tls.get_ref().1.peer_certificates().is_some_and(|c| !c.is_empty());
                    let svc = service_fn(move |req| handle(req, client_cert, state.clone()));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), svc)
                        .await;
                });
            }
        }
    }
}

async fn handle(
    req: Request<Incoming>,
    client_cert: bool,
    state: Arc<Mutex<State>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let at = std::time::Instant::now();
    let path = req.uri().path().to_string();
    let query = parse_query(req.uri().query().unwrap_or(""));
    let auth = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);

    let (decision, delay) = {
        let mut s = state.lock().unwrap();
        let denied = !client_cert
            && s.token
                .as_ref()
                .is_some_and(|t| auth.as_deref() != Some(format!("Bearer {t}").as_str()));
        let fault = if denied {
            None
        } else {
            let hit = s
                .faults
                .iter_mut()
                .find(|f| f.on.hits(&path) && f.times != Some(0));
            hit.map(|f| {
                if let Some(n) = &mut f.times {
                    *n -= 1;
                }
                f.action.clone()
            })
        };
        match (denied, fault) {
            (true, _) => (
                Some((
                    401,
                    recorded::body_of(recorded::UNAUTHORIZED).to_string(),
                    None,
                )),
                None,
            ),
            (
                false,
                Some(Action::Respond {
                    code,
                    body,
                    retry_after,
                }),
            ) => (Some((code, body, retry_after)), None),
            (false, Some(Action::Delay(d))) => (None, Some(d)),
            (false, Some(Action::Hang)) => (None, Some(Duration::from_secs(3600))),
            (false, None) => (None, None),
        }
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let (code, body, retry_after, content_type) = match decision {
        Some((code, body, retry_after)) => (code, body, retry_after, "application/json"),
        None => {
            let s = state.lock().unwrap();
            let (code, body, ct) = route(&s.store, req.method(), &path, &query);
            (code, body, None, ct)
        }
    };
    let mut s = state.lock().unwrap();
    s.bytes_sent += body.len() as u64;
    s.log.push(Logged {
        method: req.method().to_string(),
        path,
        query,
        status: code,
        at,
    });
    drop(s);
    let mut resp = Response::builder()
        .status(code)
        .header(http::header::CONTENT_TYPE, content_type);
    if let Some(secs) = retry_after {
        resp = resp.header(http::header::RETRY_AFTER, secs.to_string());
    }
    Ok(resp.body(Full::new(Bytes::from(body))).expect("response"))
}

fn route(
    store: &Store,
    method: &http::Method,
    path: &str,
    query: &BTreeMap<String, String>,
) -> (u16, String, &'static str) {
    const JSON: &str = "application/json";
    if method != http::Method::GET {
        return (
            405,
            status_json(
                405,
                "MethodNotAllowed",
                "the fake API server only serves reads",
            ),
            JSON,
        );
    }
    match path {
        "/version" => return (200, store.version.to_string(), JSON),
        "/api" => {
            return (
                200,
                json!({"kind": "APIVersions", "versions": ["v1"]}).to_string(),
                JSON,
            );
        }
        "/apis" => return (200, api_groups().to_string(), JSON),
        _ => {}
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group_version, rest) = match segments.as_slice() {
        ["api", v, rest @ ..] => (v.to_string(), rest),
        ["apis", g, v, rest @ ..] => (format!("{g}/{v}"), rest),
        _ => return (404, "404 page not found\n".into(), "text/plain"),
    };
    if rest.is_empty() {
        return (200, api_resources(&group_version).to_string(), JSON);
    }
    let (namespace, plural, name) = match rest {
        ["namespaces", ns, plural] => (Some(*ns), *plural, None),
        ["namespaces", ns, plural, name] => (Some(*ns), *plural, Some(*name)),
        ["namespaces", name] => (None, "namespaces", Some(*name)),
        [plural] => (None, *plural, None),
        _ => return (404, "404 page not found\n".into(), "text/plain"),
    };
    let Some(kind) = store::kind(&group_version, plural) else {
        return (404, "404 page not found\n".into(), "text/plain");
    };
    let answer = match name {
        Some(name) => store.get(kind, namespace, name),
        None => store.list(kind, namespace, query),
    };
    match answer {
        Answer::Ok(v) => (200, v.to_string(), JSON),
        Answer::Status(code, reason, message) => (code, status_json(code, reason, &message), JSON),
    }
}

fn api_groups() -> Value {
    let groups: Vec<Value> = ["apps/v1", "discovery.k8s.io/v1", "events.k8s.io/v1"]
        .iter()
        .map(|gv| {
            let (g, v) = gv.split_once('/').unwrap();
            json!({"name": g, "versions": [{"groupVersion": gv, "version": v}], "preferredVersion": {"groupVersion": gv, "version": v}})
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// Discovery for one group/version, so kubectl and helm can map kinds to resources.
fn api_resources(group_version: &str) -> Value {
    let resources: Vec<Value> = store::KINDS
        .iter()
        .filter(|k| k.group_version == group_version)
        .map(|k| {
            json!({
                "name": k.plural, "singularName": "", "namespaced": k.namespaced,
                "kind": k.list_kind.trim_end_matches("List"), "verbs": ["get", "list", "watch"],
            })
        })
        .collect();
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources})
}

fn parse_query(q: &str) -> BTreeMap<String, String> {
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}
