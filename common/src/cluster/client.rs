//! The client: one connection, every read going through one place that bounds it in time,
//! retries what a busy API server asks us to retry, follows pagination, and turns HTTP answers
//! into errors that name what failed.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;

use super::connect::{self, ConnectOptions, one_line};
use super::resource::Resource;
use super::retry::{self, RetryPolicy};

use crate::error::{Error, Result};

/// Default page size for LIST requests, kubectl's own (`--chunk-size=500`): each page is decoded
/// into the few facts claw keeps and dropped before the next arrives, so memory stays flat
/// whatever the fleet, for one more request per 500 objects.
pub const DEFAULT_CHUNK_SIZE: u32 = 500;

/// How a LIST's items come: whole objects, or metadata only (`PartialObjectMetadataList`: names,
/// labels, uids and resourceVersions, without specs, statuses or data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListForm {
    Full,
    Metadata,
}

impl ListForm {
    fn accept(self) -> &'static str {
        match self {
            ListForm::Full => "application/json",
            ListForm::Metadata => {
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
            }
        }
    }
}

/// Where a LIST's first page is read from. A consistent read goes to etcd (a quorum read, or
/// the watch cache once it has caught up, with ConsistentListFromCache on etcd ≥ 3.5.13); the
/// watch cache (`resourceVersion=0&resourceVersionMatch=NotOlderThan`, as informers, k9s and
/// Lens list) answers at once from memory, at most a moment behind. Later pages follow the
/// continue token either way: the API server refuses a resourceVersion beside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListConsistency {
    /// For everything that changes the cluster, and the plans that decide it.
    #[default]
    Consistent,
    /// For read-only views, where a moment's staleness is harmless and the next look shows it.
    WatchCache,
}

/// One LIST: what, where, which, and in which form.
#[derive(Debug, Clone, Copy)]
pub struct ListQuery<'a> {
    pub resource: &'a Resource,
    /// `None` lists across all namespaces.
    pub namespace: Option<&'a str>,
    pub label_selector: Option<&'a str>,
    pub form: ListForm,
}

/// Cheap to clone: the connection pool is shared.
#[derive(Clone)]
pub struct Cluster {
    client: kube::Client,
    /// Kept to build a client without a read timeout for long-lived streams (watches, `logs -f`).
    config: kube::Config,
    pub context: String,
    /// The kubeconfig's name for the cluster.
    pub cluster_name: String,
    pub server: String,
    /// The kubeconfig context's namespace ("default" when it names none).
    pub context_namespace: String,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    chunk_size: u32,
    /// Where LISTs are read from (see [`ListConsistency`]).
    consistency: ListConsistency,
    /// Log each request on stderr (method, URL, status, time, size; never credentials).
    verbose: bool,
}

impl Cluster {
    pub async fn connect(opts: &ConnectOptions) -> Result<Self> {
        let resolved = connect::resolve(opts).await?;
        let context_namespace = resolved.config.default_namespace.clone();
        let client = kube::Client::try_from(resolved.config.clone()).map_err(|e| {
            Error::Kubeconfig(format!(
                "context \"{}\": {}",
                resolved.context,
                one_line(&e)
            ))
        })?;
        Ok(Cluster {
            client,
            config: resolved.config,
            context: resolved.context,
            cluster_name: resolved.cluster_name,
            server: resolved.server,
            context_namespace,
            timeout: opts.request_timeout,
            retry: RetryPolicy::default(),
            chunk_size: DEFAULT_CHUNK_SIZE,
            consistency: ListConsistency::Consistent,
            verbose: false,
        })
    }

    pub fn with_list_consistency(mut self, consistency: ListConsistency) -> Self {
        self.consistency = consistency;
        self
    }

    pub fn with_verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    pub fn with_chunk_size(mut self, chunk_size: u32) -> Self {
        self.chunk_size = chunk_size;
        self
    }

    /// Every item of a LIST, following `continue` tokens. `namespace: None` lists cluster-wide.
    pub async fn list<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        namespace: Option<&str>,
        label_selector: Option<&str>,
    ) -> Result<Vec<T>> {
        Ok(self
            .list_versioned(resource, namespace, label_selector)
            .await?
            .0)
    }

    /// Like [`Cluster::list`], with the list's resourceVersion, to watch from.
    pub async fn list_versioned<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        namespace: Option<&str>,
        label_selector: Option<&str>,
    ) -> Result<(Vec<T>, String)> {
        let query = ListQuery {
            resource,
            namespace,
            label_selector,
            form: ListForm::Full,
        };
        self.list_map(&query, Some).await
    }

    /// Every item of a LIST, page by page (following `continue` tokens): each page is decoded as
    /// `T`, each item turned by `keep` into what the caller holds on to, and the page dropped
    /// before the next is asked for. With the list's resourceVersion, to watch from.
    pub async fn list_map<T: DeserializeOwned, U>(
        &self,
        query: &ListQuery<'_>,
        mut keep: impl FnMut(T) -> Option<U>,
    ) -> Result<(Vec<U>, String)> {
        let what = query.resource.describe_list(query.namespace);
        let path = query.resource.path(query.namespace);
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        let mut restarted = false;
        loop {
            let uri = list_uri(
                &path,
                query.label_selector,
                self.chunk_size,
                match &token {
                    Some(t) => Page::Next(t),
                    None => Page::First(self.consistency),
                },
            );
            let answer = self
                .with_retries(&what, || {
                    http::Request::get(uri.as_str())
                        .header(http::header::ACCEPT, query.form.accept())
                        .body(Vec::new())
                        .map_err(|e| Error::Other(format!("building the request to {what}: {e}")))
                })
                .await;
            let body = match answer {
                // The history the token points into was compacted while we paged (a big list
                // on a busy cluster): start the list again, once, as client-go's pager does.
                Err(Error::Server { code: 410, .. }) if token.is_some() && !restarted => {
                    restarted = true;
                    token = None;
                    items.clear();
                    continue;
                }
                other => other?,
            };
            let meta = match super::page::decode(&body, &mut keep, &mut items) {
                Ok(meta) => meta,
                Err(e) => {
                    let odd = Error::BadResponse {
                        what: what.clone(),
                        detail: e.to_string(),
                    };
                    return Err(self.unless_not_kubernetes(odd, &body).await);
                }
            };
            drop(body);
            match meta.continue_token {
                Some(next) => token = Some(next),
                None => return Ok((items, meta.resource_version)),
            }
        }
    }

    /// GET a path (with its query) as text, with the same retries as every read.
    pub async fn get_text(&self, what: &str, path_and_query: &str) -> Result<String> {
        let body = self
            .call(what, http::Method::GET, path_and_query, None)
            .await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// [`Cluster::get_text`], but an answer `final_answer` recognises (by status and body) is
    /// not retried: a 500 that says the kubelet cannot be reached will say so again.
    pub async fn get_text_unless(
        &self,
        what: &str,
        path_and_query: &str,
        final_answer: impl Fn(http::StatusCode, &[u8]) -> bool,
    ) -> Result<String> {
        let build = || {
            http::Request::get(path_and_query)
                .body(Vec::new())
                .map_err(|e| Error::Other(format!("building the request to {what}: {e}")))
        };
        let body = self.with_retries_unless(what, build, final_answer).await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// GET a path (with its query) and decode it as JSON.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        what: &str,
        path_and_query: &str,
    ) -> Result<T> {
        let body = self
            .call(what, http::Method::GET, path_and_query, None)
            .await?;
        self.decode(what, &body).await
    }

    /// POST a JSON body and decode the JSON answer: for reviews (SelfSubjectAccessReview), which
    /// create nothing and are as safe to retry as a read.
    pub async fn post_json<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T> {
        let payload = json_payload(what, body)?;
        let answer = self
            .call(what, http::Method::POST, path, Some(payload))
            .await?;
        self.decode(what, &answer).await
    }

    /// POST a new object, once: a create is not a read, and a retry after a lost answer could
    /// make it twice (or fail on the first's name).
    pub async fn create<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T> {
        let request = http::Request::post(path)
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(json_payload(what, body)?)
            .map_err(|e| Error::Other(format!("building the request to {what}: {e}")))?;
        let (status, _, answer) = self.send_once(request).await?;
        if !status.is_success() {
            return Err(self.answer_error(status, what, 1, &answer).await);
        }
        self.decode(what, &answer).await
    }

    /// A JSON merge patch (RFC 7386) of one object, recorded under field manager `manager`;
    /// the object as the server stored it. Retried like a read: every patch claw sends sets
    /// fixed values, so a second one after a lost answer changes nothing more.
    pub async fn merge_patch<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        manager: &str,
        patch: &serde_json::Value,
    ) -> Result<T> {
        let payload = json_payload(what, patch)?;
        let uri = format!("{path}?fieldManager={manager}");
        let answer = self
            .with_retries(what, || {
                http::Request::patch(uri.as_str())
                    .header(http::header::CONTENT_TYPE, "application/merge-patch+json")
                    .body(payload.clone())
                    .map_err(|e| Error::Other(format!("building the request to {what}: {e}")))
            })
            .await?;
        self.decode(what, &answer).await
    }

    /// DELETE an object. Gone already counts as done.
    pub async fn delete(&self, what: &str, path: &str) -> Result<()> {
        match self.call(what, http::Method::DELETE, path, None).await {
            Ok(_) | Err(Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// One request (a JSON body when given) with the retries and timeout every call gets.
    async fn call(
        &self,
        what: &str,
        method: http::Method,
        path: &str,
        json_body: Option<Vec<u8>>,
    ) -> Result<Bytes> {
        self.with_retries(what, || {
            let mut builder = http::Request::builder().method(method.clone()).uri(path);
            if json_body.is_some() {
                builder = builder.header(http::header::CONTENT_TYPE, "application/json");
            }
            builder
                .body(json_body.clone().unwrap_or_default())
                .map_err(|e| Error::Other(format!("building the request to {what}: {e}")))
        })
        .await
    }

    /// One request, retried on 429 and 5xx (honouring `Retry-After`), every attempt bounded
    /// by the request timeout.
    async fn with_retries(
        &self,
        what: &str,
        build: impl Fn() -> Result<http::Request<Vec<u8>>>,
    ) -> Result<Bytes> {
        self.with_retries_unless(what, build, |_, _| false).await
    }

    /// [`Cluster::with_retries`], an answer `final_answer` recognises not retried.
    async fn with_retries_unless(
        &self,
        what: &str,
        build: impl Fn() -> Result<http::Request<Vec<u8>>>,
        final_answer: impl Fn(http::StatusCode, &[u8]) -> bool,
    ) -> Result<Bytes> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = build()?;
            let (status, retry_after, body) = self.send_once(request).await?;
            if status.is_success() {
                return Ok(body);
            }
            if retry::is_retryable(status)
                && !final_answer(status, &body)
                && let Some(wait) = self.retry.wait_before(attempt, retry_after)
            {
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(self.answer_error(status, what, attempt, &body).await);
        }
    }

    async fn send_once(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<(http::StatusCode, Option<Duration>, Bytes)> {
        match self.timeout {
            Some(limit) => tokio::time::timeout(limit, self.exchange(request))
                .await
                .map_err(|_| self.timeout_error(limit))?,
            None => self.exchange(request).await,
        }
    }

    async fn exchange(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<(http::StatusCode, Option<Duration>, Bytes)> {
        let started = std::time::Instant::now();
        // Method and URL only: credentials travel in headers, which are never logged.
        let line = self.verbose.then(|| {
            crate::redact::text(&format!(
                "{} {}{}",
                request.method(),
                self.server,
                request.uri()
            ))
        });
        let answer = self.exchange_quietly(request).await;
        if let Some(line) = line {
            match &answer {
                Ok((status, _, body)) => log(format_args!(
                    "claw: {line} {status} in {}ms, {} bytes",
                    started.elapsed().as_millis(),
                    body.len()
                )),
                Err(e) => log(format_args!(
                    "claw: {line} failed after {}ms: {e}",
                    started.elapsed().as_millis()
                )),
            }
        }
        answer
    }

    async fn exchange_quietly(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<(http::StatusCode, Option<Duration>, Bytes)> {
        let response = self
            .client
            .send(request.map(kube::client::Body::from))
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let retry_after = retry::parse_retry_after(response.headers());
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| self.transport_error(e))?
            .to_bytes();
        Ok((status, retry_after, body))
    }

    /// One GET, never retried, bounded by `timeout` alone: for health probes, where a slow or
    /// failing answer is the finding, not something to paper over. `Ok(None)` on timeout.
    pub async fn probe(
        &self,
        path: &str,
        timeout: Duration,
    ) -> Result<Option<(http::StatusCode, Bytes)>> {
        let request = http::Request::get(path)
            .body(Vec::new())
            .map_err(|e| Error::Other(format!("building the request to {path}: {e}")))?;
        match tokio::time::timeout(timeout, self.exchange(request)).await {
            Ok(answer) => answer.map(|(status, _, body)| Some((status, body))),
            Err(_) => Ok(None),
        }
    }

    /// Opens a long-lived GET (a watch, a followed log) and reads it line by line. Connecting and
    /// the response head are bounded by the request timeout; the stream itself is not.
    pub async fn stream(&self, what: &str, path_and_query: &str) -> Result<LineStream> {
        self.stream_as(what, path_and_query, ListForm::Full).await
    }

    /// [`Cluster::stream`] of a watch whose objects come as `form` says (metadata only, or whole).
    pub async fn stream_as(
        &self,
        what: &str,
        path_and_query: &str,
        form: ListForm,
    ) -> Result<LineStream> {
        let mut config = self.config.clone();
        config.read_timeout = None;
        let client = kube::Client::try_from(config).map_err(|e| {
            Error::Kubeconfig(format!("context \"{}\": {}", self.context, one_line(&e)))
        })?;
        let accept = match form {
            ListForm::Full => "application/json",
            ListForm::Metadata => {
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
            }
        };
        let request = http::Request::get(path_and_query)
            .header(http::header::ACCEPT, accept)
            .body(kube::client::Body::from(Vec::new()))
            .map_err(|e| Error::Other(format!("building the request to {what}: {e}")))?;
        if self.verbose {
            log(format_args!(
                "claw: {}",
                crate::redact::text(&format!("GET {}{path_and_query} (stream)", self.server))
            ));
        }
        let send = client.send(request);
        let response = match self.timeout {
            Some(limit) => tokio::time::timeout(limit, send)
                .await
                .map_err(|_| self.timeout_error(limit))?,
            None => send.await,
        }
        .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if !status.is_success() {
            let body = response
                .into_body()
                .collect()
                .await
                .map(|c| c.to_bytes())
                .unwrap_or_default();
            return Err(self.answer_error(status, what, 1, &body).await);
        }
        Ok(LineStream {
            body: response.into_body(),
            buf: Vec::new(),
            done: false,
            server: self.server.clone(),
            context: self.context.clone(),
        })
    }

    /// The error for a request answered `status` with `body` after `attempts` tries.
    async fn answer_error(
        &self,
        status: http::StatusCode,
        what: &str,
        attempts: u32,
        body: &[u8],
    ) -> Error {
        let error = self.status_error(status, what, attempts, status_message(status, body));
        self.unless_not_kubernetes(error, body).await
    }

    /// A JSON answer decoded as `T`; one that is not JSON may come from a server that is not
    /// Kubernetes at all.
    async fn decode<T: DeserializeOwned>(&self, what: &str, body: &[u8]) -> Result<T> {
        match decode_json(what, body) {
            Ok(value) => Ok(value),
            Err(odd) => Err(self.unless_not_kubernetes(odd, body).await),
        }
    }

    /// An answer that is not JSON (an HTML page where a Status or a list belongs) may mean the
    /// kubeconfig points at something that is not Kubernetes at all: ask `/version`, which every
    /// API server answers with its `gitVersion`, and say so when it does not. Otherwise the
    /// original error stands.
    async fn unless_not_kubernetes(&self, error: Error, body: &[u8]) -> Error {
        if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
            return error;
        }
        #[derive(serde::Deserialize)]
        struct Version {
            #[serde(rename = "gitVersion")]
            _git_version: String,
        }
        let Ok(request) = http::Request::get("/version").body(Vec::new()) else {
            return error;
        };
        match self.send_once(request).await {
            Ok((status, _, version))
                if status.is_success() && serde_json::from_slice::<Version>(&version).is_ok() =>
            {
                error
            }
            Ok((status, _, version)) => Error::NotKubernetes {
                server: self.server.clone(),
                context: self.context.clone(),
                detail: format!(
                    "GET /version answered {status} with {}",
                    describe_body(&version)
                ),
            },
            // Gone quiet meanwhile: the first answer is all there is to say.
            Err(_) => error,
        }
    }

    fn timeout_error(&self, timeout: Duration) -> Error {
        Error::Timeout {
            server: self.server.clone(),
            context: self.context.clone(),
            timeout,
        }
    }

    fn transport_error(&self, e: kube::Error) -> Error {
        if let kube::Error::Auth(auth) = &e {
            return Error::Credentials {
                context: self.context.clone(),
                reason: one_line(auth),
            };
        }
        let reason = one_line(&e);
        let lower = reason.to_lowercase();
        if (lower.contains("timed out") || lower.contains("deadline has elapsed"))
            && let Some(limit) = self.timeout
        {
            return self.timeout_error(limit);
        }
        Error::Unreachable {
            server: self.server.clone(),
            context: self.context.clone(),
            reason: tidy_transport_reason(&reason),
        }
    }

    fn status_error(
        &self,
        status: http::StatusCode,
        what: &str,
        attempts: u32,
        message: String,
    ) -> Error {
        match status.as_u16() {
            401 => Error::Unauthorized {
                server: self.server.clone(),
                context: self.context.clone(),
            },
            403 => Error::Forbidden { message },
            404 => Error::NotFound { message },
            code => Error::Server {
                code,
                what: what.to_string(),
                attempts,
                message,
            },
        }
    }
}

/// A response body read one line at a time.
pub struct LineStream {
    body: kube::client::Body,
    buf: Vec<u8>,
    done: bool,
    server: String,
    context: String,
}

impl LineStream {
    /// The next whole line (without its newline), or `None` when the server ended the stream.
    pub async fn next_line(&mut self) -> Result<Option<String>> {
        loop {
            if let Some(pos) = self.buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=pos).collect();
                return Ok(Some(String::from_utf8_lossy(&line[..pos]).into_owned()));
            }
            if self.done {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                let rest = std::mem::take(&mut self.buf);
                return Ok(Some(String::from_utf8_lossy(&rest).into_owned()));
            }
            match self.body.frame().await {
                None => self.done = true,
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.buf.extend_from_slice(&data);
                    }
                }
                Some(Err(e)) => {
                    return Err(Error::Unreachable {
                        server: self.server.clone(),
                        context: self.context.clone(),
                        reason: format!(
                            "the stream broke: {}",
                            tidy_transport_reason(&one_line(&e))
                        ),
                    });
                }
            }
        }
    }
}

/// A LIST's URL: the selector, the page size (none when 0) and where to continue, in the order
/// kubectl sends them.
/// Which page of a LIST a request asks for.
#[derive(Debug, Clone, Copy)]
enum Page<'a> {
    /// The first, read as this consistency says.
    First(ListConsistency),
    /// The one a continue token points at (its resourceVersion is the token's).
    Next(&'a str),
}

fn list_uri(path: &str, label_selector: Option<&str>, limit: u32, page: Page) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(s) = label_selector {
        q.append_pair("labelSelector", s);
    }
    if limit > 0 {
        q.append_pair("limit", &limit.to_string());
    }
    match page {
        Page::First(ListConsistency::Consistent) => {}
        Page::First(ListConsistency::WatchCache) => {
            q.append_pair("resourceVersion", "0");
            q.append_pair("resourceVersionMatch", "NotOlderThan");
        }
        Page::Next(token) => {
            q.append_pair("continue", token);
        }
    }
    let q = q.finish();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

fn json_payload(what: &str, body: &serde_json::Value) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| Error::Other(format!("encoding {what}: {e}")))
}

fn decode_json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::BadResponse {
        what: what.to_string(),
        detail: e.to_string(),
    })
}

/// A few words on a body that should have been JSON: its type by its first bytes.
fn describe_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(512)]).to_lowercase();
    let text = text.trim_start();
    if text.is_empty() {
        "an empty body".to_string()
    } else if text.starts_with("<!doctype html") || text.starts_with("<html") {
        "an HTML page".to_string()
    } else if text.starts_with('{') || text.starts_with('[') {
        "JSON without a gitVersion".to_string()
    } else {
        "text that is not JSON".to_string()
    }
}

/// The API server answers errors with a `Status` object whose `message` is a good sentence;
/// some endpoints (aggregated APIs, proxies) answer plain text instead.
fn status_message(status: http::StatusCode, body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Status {
        message: Option<String>,
    }
    if let Ok(Status { message: Some(m) }) = serde_json::from_slice::<Status>(body)
        && !m.is_empty()
    {
        return m.replace('\n', " ");
    }
    let text = String::from_utf8_lossy(body);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.is_empty() {
        status.to_string()
    } else {
        first.chars().take(200).collect()
    }
}

/// hyper's chain reads "ServiceError: client error (Connect): tcp connect error: Connection refused
/// (os error 111)"; the wrappers say nothing to a user, the causes do.
fn tidy_transport_reason(reason: &str) -> String {
    const NOISE: &[&str] = &[
        "ServiceError",
        "HyperError",
        "client error (Connect)",
        "client error (SendRequest)",
        "error trying to connect",
    ];
    let kept: Vec<&str> = reason
        .split(": ")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !NOISE.contains(p))
        .collect();
    if kept.is_empty() {
        reason.trim().to_string()
    } else {
        kept.join(": ")
    }
}

/// One `-v` line on stderr. A reader that went away (`2>&1 | head -1`) is no error: `eprintln!`
/// would panic on it.
fn log(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::{ListConsistency, Page, list_uri};

    const CONSISTENT: Page = Page::First(ListConsistency::Consistent);

    #[test]
    fn list_urls_are_clean() {
        assert_eq!(
            list_uri(
                "/api/v1/pods",
                Some("app.kubernetes.io/instance"),
                500,
                CONSISTENT
            ),
            "/api/v1/pods?labelSelector=app.kubernetes.io%2Finstance&limit=500"
        );
        assert_eq!(
            list_uri("/api/v1/pods", None, 0, CONSISTENT),
            "/api/v1/pods"
        );
        assert_eq!(
            list_uri("/api/v1/pods", None, 3, Page::Next("tok=")),
            "/api/v1/pods?limit=3&continue=tok%3D"
        );
    }

    #[test]
    fn a_cached_read_asks_the_watch_cache_on_the_first_page_only() {
        assert_eq!(
            list_uri(
                "/api/v1/secrets",
                None,
                500,
                Page::First(ListConsistency::WatchCache)
            ),
            "/api/v1/secrets?limit=500&resourceVersion=0&resourceVersionMatch=NotOlderThan"
        );
        // The API server refuses a resourceVersion beside a continue token.
        assert_eq!(
            list_uri("/api/v1/secrets", None, 500, Page::Next("t")),
            "/api/v1/secrets?limit=500&continue=t"
        );
    }

    use super::*;

    #[test]
    fn status_message_prefers_the_status_object() {
        let body = br#"{"kind":"Status","message":"secrets is forbidden: User \"viewer\" cannot list resource \"secrets\"","code":403}"#;
        assert_eq!(
            status_message(http::StatusCode::FORBIDDEN, body),
            "secrets is forbidden: User \"viewer\" cannot list resource \"secrets\""
        );
        assert_eq!(
            status_message(http::StatusCode::NOT_FOUND, b"404 page not found\n"),
            "404 page not found"
        );
        assert_eq!(
            status_message(http::StatusCode::BAD_GATEWAY, b""),
            "502 Bad Gateway"
        );
    }

    #[test]
    fn transport_reason_keeps_the_causes() {
        assert_eq!(
            tidy_transport_reason(
                "ServiceError: client error (Connect): tcp connect error: Connection refused (os error 111)"
            ),
            "tcp connect error: Connection refused (os error 111)"
        );
        assert_eq!(
            tidy_transport_reason(
                "ServiceError: client error (Connect): invalid peer certificate: BadSignature"
            ),
            "invalid peer certificate: BadSignature"
        );
    }
}
