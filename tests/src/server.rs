//! The fake Kubernetes API server: real HTTP on loopback, answering from a [`Store`], with faults
//! injected on demand and every request counted.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use tokio::sync::mpsc;

use crate::logs::{LogReply, Logs};
use crate::proxy::{self, Endpoint, ProxyReply};
use crate::recorded;
use crate::store::{self, Answer, Store};
use crate::tls::{self, Pki};
use crate::watch::{self, Watches};

/// Which requests a fault applies to.
#[derive(Debug, Clone)]
pub enum Match {
    /// The exact path (no query): `/api/v1/secrets` is the cluster-wide list only.
    Path(String),
    PathPrefix(String),
    /// The exact path, asked with this query parameter (e.g. a LIST's later pages: `continue`).
    PathWith(String, String),
    Any,
}

impl Match {
    fn hits(&self, path: &str, query: &BTreeMap<String, String>) -> bool {
        match self {
            Match::Path(p) => path == p,
            Match::PathPrefix(p) => path.starts_with(p.as_str()),
            Match::PathWith(p, param) => path == p && query.contains_key(param),
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
        let details = if group.is_empty() {
            json!({"kind": plural})
        } else {
            json!({"group": group, "kind": plural})
        };
        Fault {
            on: Match::Path(path),
            action: Action::Respond {
                code: 403,
                body: status_with(
                    403,
                    "Forbidden",
                    &format!(
                        "{plural} is forbidden: User \"viewer\" cannot list resource \"{plural}\" in API group \"{group}\" {scope}"
                    ),
                    details,
                ),
                retry_after: None,
            },
            times: None,
        }
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
    status_with(code, reason, message, Value::Null)
}

/// A `Status` body as kube-apiserver writes it, with `details` (what and which) when given.
pub fn status_with(code: u16, reason: &str, message: &str, details: Value) -> String {
    let mut s = json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "message": message, "reason": reason,
    });
    if !details.is_null() {
        s["details"] = details;
    }
    s["code"] = json!(code);
    s.to_string()
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    /// Whether the client asked for metadata only (PartialObjectMetadata).
    pub metadata_only: bool,
    pub status: u16,
    /// When the request arrived.
    pub at: std::time::Instant,
}

/// Bumped on every request served, so a test can wait for what claw did instead of sleeping.
#[derive(Default)]
struct Signal {
    served: Mutex<u64>,
    changed: std::sync::Condvar,
}

#[derive(Default)]
struct State {
    signal: Arc<Signal>,
    store: Store,
    faults: Vec<Fault>,
    log: Vec<Logged>,
    bytes_sent: u64,
    token: Option<String>,
    endpoints: BTreeMap<(String, String), Endpoint>,
    watches: Watches,
    logs: Logs,
    in_flight: usize,
    max_in_flight: usize,
    /// The same, for requests through the Service proxy only (the health probes).
    probes_in_flight: usize,
    max_probes_in_flight: usize,
    /// Watches answer 200 and end at once, as some proxies and load balancers make them.
    watches_end_at_once: bool,
}

/// Counts a request as in flight until dropped (also when the client gives up on a hang), and
/// apart as a probe when it goes through a Service proxy.
struct InFlight {
    state: Arc<Mutex<State>>,
    probe: bool,
}

impl InFlight {
    fn enter(state: &Arc<Mutex<State>>, path: &str) -> InFlight {
        let probe = path.contains("/services/") && path.contains("/proxy");
        let mut s = state.lock().unwrap();
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        if probe {
            s.probes_in_flight += 1;
            s.max_probes_in_flight = s.max_probes_in_flight.max(s.probes_in_flight);
        }
        InFlight {
            state: state.clone(),
            probe,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut s) = self.state.lock() {
            s.in_flight -= 1;
            if self.probe {
                s.probes_in_flight -= 1;
            }
        }
    }
}

type Body = BoxBody<Bytes, Infallible>;

/// What the router decided, before it becomes an HTTP response.
enum Reply {
    Full {
        code: u16,
        body: String,
        content_type: &'static str,
        retry_after: Option<u64>,
    },
    /// A 200 whose body streams lines until the sender is dropped (or the watch's
    /// `timeoutSeconds` pass).
    Stream(mpsc::UnboundedReceiver<String>, Option<Duration>),
    Hang,
    After(Duration, Box<Reply>),
}

impl Reply {
    fn json(code: u16, body: String) -> Reply {
        Reply::Full {
            code,
            body,
            content_type: "application/json",
            retry_after: None,
        }
    }

    fn status(code: u16, reason: &str, message: &str) -> Reply {
        Reply::json(code, status_json(code, reason, message))
    }

    fn not_found_page() -> Reply {
        Reply::Full {
            code: 404,
            body: "404 page not found\n".into(),
            content_type: "text/plain; charset=utf-8",
            retry_after: None,
        }
    }
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

    /// Makes the bot endpoint behind Service `ns/service` behave as `endpoint`.
    pub fn set_endpoint(&self, ns: &str, service: &str, endpoint: Endpoint) {
        self.state
            .lock()
            .unwrap()
            .endpoints
            .insert((ns.to_string(), service.to_string()), endpoint);
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.state.lock().unwrap().log.clone()
    }

    /// Blocks until `pred` holds, checking it after every request the server answers (and every
    /// 100 ms for what no request marks); panics after 30 s naming `what`.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&FakeApi) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let signal = self.state.lock().unwrap().signal.clone();
        loop {
            let seen = *signal.served.lock().unwrap();
            if pred(self) {
                return;
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}");
            let guard = signal.served.lock().unwrap();
            if *guard == seen {
                let _ = signal
                    .changed
                    .wait_timeout(guard, left.min(Duration::from_millis(100)))
                    .unwrap();
            }
        }
    }

    /// Whether a watch of `path` (a collection) has been asked for `n` times or more.
    pub fn watched(&self, path: &str, n: usize) -> bool {
        self.requests()
            .iter()
            .filter(|r| r.path == path && r.query.contains_key("watch"))
            .count()
            >= n
    }

    pub fn reset_counters(&self) {
        let mut s = self.state.lock().unwrap();
        s.log.clear();
        s.bytes_sent = 0;
        s.max_in_flight = s.in_flight;
        s.max_probes_in_flight = s.probes_in_flight;
    }

    /// The most requests this server was answering at once since the last reset.
    pub fn max_in_flight(&self) -> usize {
        self.state.lock().unwrap().max_in_flight
    }

    /// The most health probes (requests through a Service proxy) served at once.
    pub fn max_probes_in_flight(&self) -> usize {
        self.state.lock().unwrap().max_probes_in_flight
    }

    pub fn bytes_sent(&self) -> u64 {
        self.state.lock().unwrap().bytes_sent
    }

    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.state.lock().unwrap().store)
    }

    /// Creates or updates a core/v1 Event under a new resourceVersion and tells open watches.
    /// Returns that resourceVersion.
    pub fn put_event(&self, event: Value) -> u64 {
        self.put("v1", "events", event)
    }

    /// Creates or updates (by namespace and name) an object of any kind the fake serves, under a
    /// new resourceVersion, and tells open watches. Returns that resourceVersion.
    pub fn put(&self, group_version: &str, plural: &str, object: Value) -> u64 {
        let mut s = self.state.lock().unwrap();
        let (event_type, rv, stored, prev) =
            watch::upsert(&mut s.store, group_version, plural, object);
        let kind = *store::kind(group_version, plural).unwrap();
        s.watches
            .publish(kind, event_type, &stored, prev.as_ref(), rv);
        rv
    }

    /// Deletes an object and tells open watches (DELETED). Returns whether it was there.
    pub fn delete(&self, group_version: &str, plural: &str, namespace: &str, name: &str) -> bool {
        let mut s = self.state.lock().unwrap();
        let Some((rv, gone)) = watch::remove(&mut s.store, group_version, plural, namespace, name)
        else {
            return false;
        };
        let kind = *store::kind(group_version, plural).unwrap();
        s.watches.publish(kind, "DELETED", &gone, Some(&gone), rv);
        true
    }

    /// A BOOKMARK to every watch that allows them, at the current resourceVersion (what the
    /// real server does about once a minute).
    pub fn send_bookmarks(&self) {
        let mut s = self.state.lock().unwrap();
        let rv = s.store.resource_version.parse().unwrap_or(0);
        s.watches.bookmark(rv);
    }

    /// Compacts watch history: open watches get 410 Expired and must re-list.
    pub fn expire_watches(&self) {
        let mut s = self.state.lock().unwrap();
        let rv = s.store.resource_version.parse().unwrap_or(0);
        s.store.compacted_below = rv;
        s.watches.expire(rv);
    }

    /// Writes `object` and compacts history in one step: open watches get 410 Expired without
    /// ever seeing the write, as when a change lands while a client's watch has lapsed. Only a
    /// re-list can show it.
    pub fn expire_watches_with(&self, group_version: &str, plural: &str, object: Value) -> u64 {
        let mut s = self.state.lock().unwrap();
        let (_, rv, _, _) = watch::upsert(&mut s.store, group_version, plural, object);
        s.store.compacted_below = rv;
        s.watches.expire(rv);
        rv
    }

    /// Ends every open watch stream, as an API server restarting does.
    pub fn drop_watches(&self) {
        self.state.lock().unwrap().watches.drop_all();
    }

    /// From now on, every watch ends as soon as it starts.
    pub fn end_watches_at_once(&self) {
        self.state.lock().unwrap().watches_end_at_once = true;
    }

    pub fn open_watches(&self) -> usize {
        self.state.lock().unwrap().watches.open_count()
    }

    pub fn set_logs(&self, ns: &str, pod: &str, container: &str, lines: &[&str], previous: bool) {
        self.state
            .lock()
            .unwrap()
            .logs
            .set(ns, pod, container, lines, previous);
    }

    pub fn append_log(&self, ns: &str, pod: &str, container: &str, line: &str) {
        self.state
            .lock()
            .unwrap()
            .logs
            .append(ns, pod, container, line);
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
) -> Result<Response<Body>, Infallible> {
    let at = std::time::Instant::now();
    let path = req.uri().path().to_string();
    let _in_flight = InFlight::enter(&state, &path);
    let query = parse_query(req.uri().query().unwrap_or(""));
    let method = req.method().clone();
    let auth = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let accept = req
        .headers()
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let metadata_only = accept.contains("as=PartialObjectMetadata");
    let content_type = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body: Bytes = req
        .into_body()
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();

    let mut reply = {
        let mut s = state.lock().unwrap();
        let denied = !client_cert
            && s.token
                .as_ref()
                .is_some_and(|t| auth.as_deref() != Some(format!("Bearer {t}").as_str()));
        let fault = s
            .faults
            .iter_mut()
            .find(|f| f.on.hits(&path, &query) && f.times != Some(0))
            .filter(|_| !denied)
            .map(|f| {
                if let Some(n) = &mut f.times {
                    *n -= 1;
                }
                f.action.clone()
            });
        match (denied, fault) {
            (true, _) => Reply::json(401, recorded::body_of(recorded::UNAUTHORIZED).to_string()),
            (
                false,
                Some(Action::Respond {
                    code,
                    body,
                    retry_after,
                }),
            ) => Reply::Full {
                code,
                body,
                content_type: "application/json",
                retry_after,
            },
            (false, Some(Action::Hang)) => Reply::Hang,
            (false, Some(Action::Delay(d))) => Reply::After(
                d,
                Box::new(route(&mut s, &method, &path, &query, &body, metadata_only)),
            ),
            (false, None)
                if method == http::Method::PATCH
                    && content_type != "application/merge-patch+json" =>
            {
                Reply::status(
                    415,
                    "UnsupportedMediaType",
                    &format!("the fake API server takes merge patches only, not {content_type:?}"),
                )
            }
            (false, None) => route(&mut s, &method, &path, &query, &body, metadata_only),
        }
    };
    loop {
        match reply {
            Reply::After(d, next) => {
                tokio::time::sleep(d).await;
                reply = *next;
            }
            Reply::Hang => {
                // Held until the client gives up or the server stops.
                std::future::pending::<()>().await;
            }
            _ => break,
        }
    }
    let (code, body, content_type, retry_after, sent) = match reply {
        Reply::Full {
            code,
            body,
            content_type,
            retry_after,
        } => {
            let n = body.len() as u64;
            (
                code,
                Full::new(Bytes::from(body)).boxed(),
                content_type,
                retry_after,
                n,
            )
        }
        Reply::Stream(rx, timeout) => {
            let end = tokio::time::Instant::now() + timeout.unwrap_or(Duration::from_secs(86_400));
            let stream = futures::stream::unfold(rx, move |mut rx| async move {
                tokio::time::timeout_at(end, rx.recv())
                    .await
                    .ok()
                    .flatten()
                    .map(|line| (Ok::<_, Infallible>(Frame::data(Bytes::from(line))), rx))
            });
            (
                200,
                StreamBody::new(stream).boxed(),
                "application/json",
                None,
                0,
            )
        }
        Reply::Hang | Reply::After(..) => unreachable!("resolved above"),
    };
    let mut s = state.lock().unwrap();
    s.bytes_sent += sent;
    s.log.push(Logged {
        method: method.to_string(),
        path,
        query,
        metadata_only,
        status: code,
        at,
    });
    let signal = s.signal.clone();
    drop(s);
    *signal.served.lock().unwrap() += 1;
    signal.changed.notify_all();
    let mut resp = Response::builder()
        .status(code)
        .header(http::header::CONTENT_TYPE, content_type);
    if let Some(secs) = retry_after {
        resp = resp.header(http::header::RETRY_AFTER, secs.to_string());
    }
    Ok(resp.body(body).expect("response"))
}

fn route(
    s: &mut State,
    method: &http::Method,
    path: &str,
    query: &BTreeMap<String, String>,
    body: &[u8],
    metadata_only: bool,
) -> Reply {
    if method == http::Method::POST
        && path == "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
    {
        return access_review(&s.store, body);
    }
    if method == http::Method::POST {
        return create(s, path, body);
    }
    if method == http::Method::PATCH {
        return patch(s, path, query, body);
    }
    if method == http::Method::DELETE
        && let Some(ns) = path
            .strip_prefix("/api/v1/namespaces/")
            .filter(|n| !n.contains('/'))
    {
        let before = s.store.count("v1", "namespaces");
        s.store
            .objects_mut("v1", "namespaces")
            .retain(|o| o["metadata"]["name"] != ns);
        return if s.store.count("v1", "namespaces") < before {
            Reply::json(200, json!({"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": ns}, "status": {"phase": "Terminating"}}).to_string())
        } else {
            Reply::status(404, "NotFound", &format!("namespaces \"{ns}\" not found"))
        };
    }
    if method != http::Method::GET {
        return Reply::status(
            405,
            "MethodNotAllowed",
            "the fake API server only serves reads and access reviews",
        );
    }
    match path {
        "/version" => return Reply::json(200, s.store.version.to_string()),
        "/api" => {
            return Reply::json(
                200,
                json!({"kind": "APIVersions", "versions": ["v1"]}).to_string(),
            );
        }
        "/apis" => return Reply::json(200, api_groups(&s.store).to_string()),
        _ => {}
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if let ["apis", group] = segments.as_slice() {
        let groups = api_groups(&s.store);
        return match groups["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == *group)
        {
            Some(g) => Reply::json(200, g.to_string()),
            None => Reply::not_found_page(),
        };
    }
    let (group_version, rest) = match segments.as_slice() {
        ["api", v, rest @ ..] => (v.to_string(), rest),
        ["apis", g, v, rest @ ..] => (format!("{g}/{v}"), rest),
        _ => return Reply::not_found_page(),
    };
    if !s
        .store
        .serves_group(group_version.split('/').next().unwrap_or(""))
    {
        return Reply::not_found_page();
    }
    if rest.is_empty() {
        return Reply::json(200, api_resources(&group_version).to_string());
    }
    // The service proxy and pod logs are subresources with paths of their own.
    if let ["namespaces", ns, "services", svc, "proxy", tail @ ..] = rest {
        let sub_path = format!("/{}", tail.join("/"));
        let endpoint = s.endpoints.get(&(
            ns.to_string(),
            svc.split(':').next().unwrap_or("").to_string(),
        ));
        return match proxy::answer(&s.store, endpoint, ns, svc, &sub_path) {
            ProxyReply::Answer(code, body, content_type) => Reply::Full {
                code,
                body,
                content_type,
                retry_after: None,
            },
            ProxyReply::Hang => Reply::Hang,
            ProxyReply::After(d, code, body) => Reply::After(d, Box::new(Reply::json(code, body))),
        };
    }
    if let ["namespaces", ns, "pods", name, "log"] = rest {
        let pod = s
            .store
            .objects("v1", "pods")
            .iter()
            .find(|p| p["metadata"]["namespace"] == *ns && p["metadata"]["name"] == *name)
            .cloned();
        return match s.logs.answer(pod.as_ref(), ns, name, query) {
            LogReply::Text(text) => Reply::Full {
                code: 200,
                body: text,
                content_type: "text/plain",
                retry_after: None,
            },
            LogReply::Follow(rx) => Reply::Stream(rx, None),
            LogReply::Error(code, reason, message) => Reply::status(code, reason, &message),
        };
    }
    let (namespace, plural, name) = match rest {
        ["namespaces", ns, plural] => (Some(*ns), *plural, None),
        ["namespaces", ns, plural, name] => (Some(*ns), *plural, Some(*name)),
        ["namespaces", name] => (None, "namespaces", Some(*name)),
        [plural] => (None, *plural, None),
        _ => return Reply::not_found_page(),
    };
    let Some(kind) = store::kind(&group_version, plural) else {
        return Reply::not_found_page();
    };
    if name.is_none() && query.get("watch").is_some_and(|w| w == "1" || w == "true") {
        let from = query
            .get("resourceVersion")
            .and_then(|rv| rv.parse::<u64>().ok())
            .unwrap_or(0);
        let filter = match store::Filter::parse(query) {
            Ok(f) => f,
            Err(e) => return Reply::status(400, "BadRequest", &e),
        };
        let timeout = query
            .get("timeoutSeconds")
            .and_then(|t| t.parse::<u64>().ok())
            .map(Duration::from_secs);
        if s.watches_end_at_once {
            let (_closed, rx) = mpsc::unbounded_channel();
            return Reply::Stream(rx, None);
        }
        let request = watch::WatchRequest {
            kind: *kind,
            namespace,
            from_rv: from,
            filter,
            bookmarks: query
                .get("allowWatchBookmarks")
                .is_some_and(|b| b == "true"),
        };
        return Reply::Stream(s.watches.open(request, &s.store), timeout);
    }
    let answer = match name {
        Some(name) => s.store.get(kind, namespace, name),
        None => s.store.list(kind, namespace, query, metadata_only),
    };
    match answer {
        Answer::Ok(v) if metadata_only => Reply::json(200, as_metadata(v).to_string()),
        Answer::Ok(v) => Reply::json(200, v.to_string()),
        Answer::Body(body) => Reply::json(200, body),
        Answer::Status(code, reason, message, details) => {
            Reply::json(code, status_with(code, reason, &message, details))
        }
    }
}

/// POST to a collection: the object stored under a new resourceVersion (and told to watches),
/// answered 201 as kube-apiserver does; 409 when the name is taken, 404 when the namespace or
/// the resource does not exist.
fn create(s: &mut State, path: &str, body: &[u8]) -> Reply {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group_version, ns, plural) = match segments.as_slice() {
        ["api", v, "namespaces", ns, plural] => (v.to_string(), *ns, *plural),
        ["apis", g, v, "namespaces", ns, plural] => (format!("{g}/{v}"), *ns, *plural),
        _ => return Reply::not_found_page(),
    };
    let served = s
        .store
        .serves_group(group_version.split('/').next().unwrap_or(""));
    let Some(kind) = store::kind(&group_version, plural).filter(|_| served) else {
        return Reply::not_found_page();
    };
    let Ok(mut object) = serde_json::from_slice::<Value>(body) else {
        return Reply::status(400, "BadRequest", "the request body is not JSON");
    };
    let name = object["metadata"]["name"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if name.is_empty() {
        return Reply::status(
            422,
            "Invalid",
            &format!(
                "{} \"\" is invalid: metadata.name: Required value: name or generateName is required",
                kind.plural
            ),
        );
    }
    let namespaces = s.store.objects("v1", "namespaces");
    if !namespaces.is_empty() && !namespaces.iter().any(|n| n["metadata"]["name"] == ns) {
        return Reply::status(404, "NotFound", &format!("namespaces \"{ns}\" not found"));
    }
    let taken = s
        .store
        .objects(&group_version, plural)
        .iter()
        .any(|o| o["metadata"]["namespace"] == ns && o["metadata"]["name"] == name.as_str());
    if taken {
        let what = match group_version.split_once('/') {
            Some((g, _)) => format!("{plural}.{g}"),
            None => plural.to_string(),
        };
        return Reply::status(
            409,
            "AlreadyExists",
            &format!("{what} \"{name}\" already exists"),
        );
    }
    object["metadata"]["namespace"] = json!(ns);
    object["metadata"]["uid"] = json!(format!("uid-{ns}-{name}"));
    object["metadata"]["creationTimestamp"] = json!("2026-11-25T14:30:00Z");
    let (event_type, rv, stored, prev) =
        watch::upsert(&mut s.store, &group_version, plural, object);
    s.watches
        .publish(*kind, event_type, &stored, prev.as_ref(), rv);
    Reply::json(201, stored.to_string())
}

/// PATCH (a JSON merge patch) of one object, as kube-apiserver applies it: the patch merged in
/// (RFC 7386), `metadata.generation` bumped when the spec changed, the fields it set recorded
/// under its `fieldManager` (operation Update), stored under a new resourceVersion and told to
/// watches; 404 when the object is not there.
fn patch(s: &mut State, path: &str, query: &BTreeMap<String, String>, body: &[u8]) -> Reply {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group_version, ns, plural, name) = match segments.as_slice() {
        ["api", v, "namespaces", ns, plural, name] => (v.to_string(), *ns, *plural, *name),
        ["apis", g, v, "namespaces", ns, plural, name] => (format!("{g}/{v}"), *ns, *plural, *name),
        _ => return Reply::not_found_page(),
    };
    let Some(kind) = store::kind(&group_version, plural) else {
        return Reply::not_found_page();
    };
    let Ok(patch) = serde_json::from_slice::<Value>(body) else {
        return Reply::status(400, "BadRequest", "the request body is not JSON");
    };
    let Some(mut object) = s
        .store
        .objects(&group_version, plural)
        .iter()
        .find(|o| o["metadata"]["namespace"] == ns && o["metadata"]["name"] == name)
        .cloned()
    else {
        let what = match group_version.split_once('/') {
            Some((g, _)) => format!("{plural}.{g}"),
            None => plural.to_string(),
        };
        return Reply::status(404, "NotFound", &format!("{what} \"{name}\" not found"));
    };
    let spec_before = object["spec"].clone();
    merge_patch(&mut object, &patch);
    if object["spec"] != spec_before {
        let generation = object["metadata"]["generation"].as_u64().unwrap_or(1);
        object["metadata"]["generation"] = json!(generation + 1);
    }
    if let Some(manager) = query.get("fieldManager") {
        record_manager(&mut object, manager, &group_version, &patch);
    }
    let (event_type, rv, stored, prev) =
        watch::upsert(&mut s.store, &group_version, plural, object);
    s.watches
        .publish(*kind, event_type, &stored, prev.as_ref(), rv);
    Reply::json(200, stored.to_string())
}

/// RFC 7386: objects merge key by key, `null` removes, anything else replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let fields = target.as_object_mut().unwrap();
    for (k, v) in changes {
        if v.is_null() {
            fields.remove(k);
        } else {
            merge_patch(fields.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// The fields a merge patch set, as a managedFields `fieldsV1` set (`f:KEY` down to leaves).
fn fields_of(patch: &Value) -> Value {
    match patch {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (format!("f:{k}"), fields_of(v)))
                .collect(),
        ),
        _ => json!({}),
    }
}

/// Adds what `patch` set to `manager`'s Update entry in `managedFields`.
fn record_manager(object: &mut Value, manager: &str, api_version: &str, patch: &Value) {
    let mut patched = fields_of(patch);
    if let Some(f) = patched.as_object_mut() {
        f.remove("f:status");
    }
    let entries = object["metadata"]["managedFields"]
        .as_array_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut fields = json!({});
    let mut kept: Vec<Value> = Vec::new();
    for e in entries {
        if e["manager"] == manager && e["operation"] == "Update" && e.get("subresource").is_none() {
            fields = e["fieldsV1"].clone();
        } else {
            kept.push(e);
        }
    }
    merge_patch(&mut fields, &patched);
    kept.push(json!({
        "manager": manager, "operation": "Update", "apiVersion": api_version,
        "time": "2026-11-25T15:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": fields,
    }));
    object["metadata"]["managedFields"] = Value::Array(kept);
}

/// An object or a list as kube-apiserver answers `Accept: …;as=PartialObjectMetadata[List]`:
/// the metadata alone (managedFields and all), under meta.k8s.io/v1 kinds.
fn as_metadata(v: Value) -> Value {
    let partial = |o: &Value| json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]});
    match v.get("items").and_then(Value::as_array) {
        Some(items) => json!({
            "kind": "PartialObjectMetadataList",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": v["metadata"],
            "items": items.iter().map(partial).collect::<Vec<_>>(),
        }),
        None => partial(&v),
    }
}

fn api_groups(store: &Store) -> Value {
    let mut gvs: Vec<&str> = store::KINDS
        .iter()
        .map(|k| k.group_version)
        .filter(|gv| gv.contains('/') && store.serves_group(gv.split('/').next().unwrap()))
        .collect();
    gvs.push("authorization.k8s.io/v1");
    gvs.sort();
    gvs.dedup();
    let groups: Vec<Value> = gvs
        .iter()
        .map(|gv| {
            let (g, v) = gv.split_once('/').unwrap();
            json!({"name": g, "versions": [{"groupVersion": gv, "version": v}], "preferredVersion": {"groupVersion": gv, "version": v}})
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// A SelfSubjectAccessReview, answered from the store's denials.
fn access_review(store: &Store, body: &[u8]) -> Reply {
    let Ok(mut review) = serde_json::from_slice::<Value>(body) else {
        return Reply::status(400, "BadRequest", "the request body is not JSON");
    };
    let attrs = &review["spec"]["resourceAttributes"];
    let verb = attrs["verb"].as_str().unwrap_or("").to_string();
    let mut resource = attrs["resource"].as_str().unwrap_or("").to_string();
    if let Some(sub) = attrs["subresource"].as_str().filter(|s| !s.is_empty()) {
        resource = format!("{resource}/{sub}");
    }
    let namespace = attrs["namespace"].as_str().unwrap_or("").to_string();
    // A denial at cluster scope denies every namespace too, as RBAC without a Role would.
    let denied = store
        .denied
        .iter()
        .any(|(v, r, ns)| *v == verb && *r == resource && (ns.is_empty() || *ns == namespace));
    review["status"] = json!({"allowed": !denied, "reason": if denied { "" } else { "RBAC: allowed by ClusterRoleBinding" }});
    Reply::json(201, review.to_string())
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
