//! `tamis serve`: the pre-send check for care software, over HTTP (described in
//! `openapi.json`, served at `GET /openapi.json`).
//!
//! - `POST /v1/check` — a document and its context → the report.
//! - `POST /v1/redact` — the same → the report and the minimised document (`content_base64`,
//!   absent when the send is blocked).
//! - `GET /` — the pre-send page ([`page`]): a person drops a file or pastes text, chooses the
//!   purpose and the recipients, and sees the findings, the verdicts and the minimised copy. It
//!   calls `/v1/redact` like any client (the token, when set, is typed into the page).
//! - `GET /healthz` — `ok`.
//! - `GET /metrics` — the Prometheus counters and histograms ([`crate::metrics`]; counts only,
//!   open like `/healthz`).
//!
//! The state (pipeline, token, defaults) is [`Live`]: `tamis serve` swaps a new one in on
//! SIGHUP, and each request keeps the one it began with. The body limit is the one at start.
//!
//! A request is JSON — `{"text": …}` (the document as text) or `{"content_base64": …,
//! "filename": …}` (`name` is accepted for `filename`), with `"context": {…}` and `"values": …`
//! — or multipart (`file`, and `context` as JSON text or the fields `purpose`, `from`, `to` (repeat),
//! `care_team`, `consent`, `opposition`, `values`). With `"view": true` the answer also holds
//! the extracted text with the findings placed in it (`View`, for the pre-send page). The
//! work runs on blocking threads; the body size and the time are bounded; with a token set,
//! every `/v1/` call needs `Authorization: Bearer TOKEN`. Errors are JSON `{"error": "…"}` and never hold content.

use crate::context::Context;
use crate::live::Live;
use crate::pipeline::Pipeline;
use crate::redact::RedactError;
use crate::report::{Report, Values};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

/// The OpenAPI description of this service.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub mod page;

/// How the service runs.
pub struct Config {
    pub pipeline: Pipeline,
    /// Required as `Authorization: Bearer …` on `/v1/` when set.
    pub token: Option<String>,
    /// How values appear in reports when the request does not say (`clear`: the caller holds
    /// the document anyway and shows the person what to fix).
    pub default_values: Values,
    /// Longest time for one request, reading included.
    pub timeout: Duration,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("token", &self.token.as_ref().map(|_| "…"))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The service's routes, with its limits.
pub fn router(config: Config) -> Router {
    router_live(Arc::new(Live::new(config)))
}

/// The routes on a state that may be swapped while they serve.
pub fn router_live(state: Arc<Live<Config>>) -> Router {
    // Base64 makes a document a third larger; the JSON around it is small.
    let body_limit = state.get().pipeline.limits.max_input / 3 * 4 + 64 * 1024;
    Router::new()
        .route("/", get(page::html))
        .route("/page.js", get(page::script))
        .route("/page.css", get(page::style))
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/metrics",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)],
                    crate::metrics::global().render(),
                )
            }),
        )
        .route(
            "/openapi.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], OPENAPI) }),
        )
        .route("/v1/check", post(check))
        .route("/v1/redact", post(redact))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// Connections served at once; more wait in the kernel's backlog.
pub const MAX_CONNECTIONS: usize = 256;

/// Serves on `listener` until `shutdown` resolves, then lets the requests in flight finish
/// (for at most the request timeout). A client gets `header_timeout` to send a request's
/// headers (slow clients cannot hold connections open), and at most [`MAX_CONNECTIONS`] are
/// served at once.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: Arc<Live<Config>>,
    header_timeout: Duration,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let drain = config.get().timeout;
    let app = router_live(config);
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener) => match accepted {
                Ok(stream) => stream,
                // A failed accept (out of descriptors, a reset): go on with the next.
                Err(e) => {
                    tracing::warn!(error = ?e.kind(), "accept failed");
                    continue;
                }
            },
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true);
            let conn = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            // The connection's own errors (a client gone, a timeout) end it; nothing to report.
            let _ = conn.await;
            drop(permit);
        });
    }
    // Wait for the connections in flight, for the time of one request at most.
    let _ = tokio::time::timeout(drain, slots.acquire_many(MAX_CONNECTIONS as u32)).await;
    Ok(())
}

/// The context of a request, as JSON.
#[derive(Debug, Default, Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ContextBody {
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub care_team: bool,
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub opposition: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBody {
    /// The document as text (a letter, a note): exactly one of `text` and `content_base64`.
    #[serde(default)]
    text: Option<String>,
    /// The document's bytes, base64.
    #[serde(default)]
    content_base64: Option<String>,
    /// The file name (a hint; `name` in the first version of the contract).
    #[serde(default, alias = "name")]
    filename: Option<String>,
    #[serde(default)]
    context: ContextBody,
    #[serde(default)]
    values: Option<String>,
    /// Also answer the text a reader sees, with the findings' places in it ([`View`]).
    #[serde(default)]
    view: bool,
}

/// A document and its context, from JSON or multipart.
struct Submission {
    bytes: Vec<u8>,
    name: Option<String>,
    context: ContextBody,
    values: Option<String>,
    view: bool,
}

#[derive(Serialize)]
struct RedactAnswer {
    report: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<View>,
}

/// `/v1/check`'s answer: the report, and its view when asked.
#[derive(Serialize)]
struct CheckAnswer {
    #[serde(flatten)]
    report: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<View>,
}

/// The text of the document as a reader sees it, for a page that shows the findings in place
/// (`"view": true`; the pre-send page asks for it): the extracted text of what a reader reads
/// — bodies, PDF pages, XML narrative — and of any other piece that holds a finding (a header,
/// a file name, PDF metadata), each finding placed in it. Only the caller, who sent the
/// document, gets it; it is never logged.
#[derive(Serialize)]
struct View {
    segments: Vec<ViewSegment>,
    marks: Vec<Mark>,
}

/// One piece of extracted text.
#[derive(Serialize)]
struct ViewSegment {
    /// The part path, as in the report.
    part: String,
    /// As a finding's `location.origin`: `body`, `page`, `header`, `filename`, `element`…
    origin: &'static str,
    /// The header name, PDF Info key or form field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    text: String,
}

/// Finding `finding` (its index in the report) is bytes `start..end` of segment `segment`'s
/// text (UTF-8).
#[derive(Serialize)]
struct Mark {
    finding: usize,
    segment: usize,
    start: usize,
    end: usize,
}

fn view(doc: &crate::extract::Extraction, findings: &[crate::report::Finding]) -> View {
    use crate::extract::Origin;
    use crate::report::{Source, SourceKind};
    use std::collections::{HashMap, HashSet};
    let place = |f: &crate::report::Finding| match f.source {
        Some(Source {
            part,
            what: SourceKind::Segment { index, start, end },
        }) => Some((part, index, start, end)),
        _ => None,
    };
    let marked: HashSet<(usize, usize)> = findings
        .iter()
        .filter_map(place)
        .map(|(p, i, _, _)| (p, i))
        .collect();
    let mut ids = HashMap::new();
    let mut segments = Vec::new();
    for (pi, part) in doc.parts.iter().enumerate() {
        for (si, seg) in part.segments.iter().enumerate() {
            let read = matches!(
                seg.origin,
                Origin::Body | Origin::Page(_) | Origin::Element(_)
            );
            if seg.text.is_empty() || !(read || marked.contains(&(pi, si))) {
                continue;
            }
            crate::work::add(1);
            let (name, page) = match &seg.origin {
                Origin::Header(n) | Origin::PdfInfo(n) | Origin::FormField(n) => {
                    (Some(n.clone()), None)
                }
                Origin::Page(n) | Origin::Annotation(n) => (None, Some(*n)),
                _ => (None, None),
            };
            ids.insert((pi, si), segments.len());
            segments.push(ViewSegment {
                part: part.path.clone(),
                origin: seg.origin.kind(),
                name,
                page,
                text: seg.text.clone(),
            });
        }
    }
    let marks = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let (p, s, start, end) = place(f)?;
            Some(Mark {
                finding: i,
                segment: *ids.get(&(p, s))?,
                start,
                end,
            })
        })
        .collect();
    View { segments, marks }
}

/// An error answer: a status and a sentence (never document content).
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, axum::Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, msg.into())
}

async fn check(State(live): State<Arc<Live<Config>>>, req: Request) -> Response {
    answer(live.get(), req, false).await
}

async fn redact(State(live): State<Arc<Live<Config>>>, req: Request) -> Response {
    answer(live.get(), req, true).await
}

async fn answer(cfg: Arc<Config>, req: Request, minimise: bool) -> Response {
    let started = std::time::Instant::now();
    let route = if minimise { "/v1/redact" } else { "/v1/check" };
    let outcome = match authorised(&cfg, req.headers()) {
        Err(e) => Err(e),
        Ok(()) => {
            let timeout = cfg.timeout;
            let work = async move {
                let sub = read_submission(req).await?;
                let cfg2 = cfg.clone();
                tokio::task::spawn_blocking(move || run(&cfg2, sub, minimise))
                    .await
                    .map_err(|_| {
                        ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
                    })?
            };
            tokio::time::timeout(timeout, work)
                .await
                .unwrap_or_else(|_| {
                    Err(ApiError(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "took longer than the time limit".into(),
                    ))
                })
        }
    };
    let ms = started.elapsed().as_millis() as u64;
    let status = match &outcome {
        Ok(r) => r.status().as_u16(),
        Err(e) => e.0.as_u16(),
    };
    crate::metrics::global().add(
        "tamis_requests_total",
        &[("route", route), ("status", &status.to_string())],
        1,
    );
    let error = match status {
        413 => Some("too_large"),
        422 => Some("unprocessable"),
        500 => Some("internal"),
        503 => Some("timeout"),
        _ => None,
    };
    if let Some(kind) = error {
        crate::metrics::global().add(
            "tamis_errors_total",
            &[("front", "serve"), ("kind", kind)],
            1,
        );
    }
    // One line per request; an error's sentence never holds document content.
    match outcome {
        Ok(r) => {
            tracing::info!(route = %route, status = r.status().as_u16(), ms, "request");
            r
        }
        Err(e) => {
            tracing::info!(route = %route, status = e.0.as_u16(), ms, error = %e.1, "request refused");
            e.into_response()
        }
    }
}

/// Constant-time comparison of the bearer token.
fn authorised(cfg: &Config, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &cfg.token else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let (a, b) = (given.as_bytes(), token.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, &x) in b.iter().enumerate() {
        diff |= usize::from(x ^ a.get(i).copied().unwrap_or(0));
    }
    if diff == 0 {
        Ok(())
    } else {
        Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token".into(),
        ))
    }
}

async fn read_submission(req: Request) -> Result<Submission, ApiError> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad(format!("multipart: {}", e.body_text())))?;
        return read_multipart(mp).await;
    }
    if !ct.starts_with("application/json") {
        return Err(ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/json or multipart/form-data".into(),
        ));
    }
    let body = axum::body::to_bytes(req.into_body(), usize::MAX)
        .await
        .map_err(|_| {
            ApiError(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request larger than the limit".into(),
            )
        })?;
    let json: JsonBody = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("JSON: {}", json_error_shape(&e))))?;
    let bytes = match (json.text, json.content_base64) {
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|_| bad("content_base64 is not base64"))?,
        (Some(_), Some(_)) => return Err(bad("give either text or content_base64, not both")),
        (None, None) => return Err(bad("missing text or content_base64")),
    };
    Ok(Submission {
        bytes,
        name: json.filename,
        context: json.context,
        values: json.values,
        view: json.view,
    })
}

/// A serde_json error without the piece of input it may quote.
fn json_error_shape(e: &serde_json::Error) -> String {
    format!(
        "{:?} at line {} column {}",
        e.classify(),
        e.line(),
        e.column()
    )
}

async fn read_multipart(mut mp: Multipart) -> Result<Submission, ApiError> {
    let mut sub = Submission {
        bytes: Vec::new(),
        name: None,
        context: ContextBody::default(),
        values: None,
        view: false,
    };
    let mut has_file = false;
    let too_large = |_| {
        ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request larger than the limit".into(),
        )
    };
    while let Some(field) = mp.next_field().await.map_err(|e| bad(e.body_text()))? {
        let fname = field.name().unwrap_or("").to_string();
        match fname.as_str() {
            "file" => {
                sub.name = field.file_name().map(str::to_string);
                sub.bytes = field.bytes().await.map_err(too_large)?.to_vec();
                has_file = true;
            }
            "context" => {
                let text = field.text().await.map_err(too_large)?;
                sub.context = serde_json::from_str(&text)
                    .map_err(|e| bad(format!("context: {}", json_error_shape(&e))))?;
            }
            "purpose" | "from" | "to" | "care_team" | "consent" | "opposition" | "values"
            | "view" | "name" | "filename" => {
                let text = field.text().await.map_err(too_large)?;
                let flag = matches!(text.trim(), "true" | "1" | "on" | "yes");
                match fname.as_str() {
                    "purpose" => sub.context.purpose = Some(text),
                    "from" => sub.context.from = Some(text),
                    "to" => sub.context.to.push(text),
                    "care_team" => sub.context.care_team = flag,
                    "consent" => sub.context.consent = flag,
                    "opposition" => sub.context.opposition = flag,
                    "values" => sub.values = Some(text),
                    "view" => sub.view = flag,
                    _ => sub.name = Some(text),
                }
            }
            other => return Err(bad(format!("unknown field {other:?}"))),
        }
    }
    if !has_file {
        return Err(bad("no \"file\" field"));
    }
    Ok(sub)
}

fn values_of(cfg: &Config, v: Option<&str>) -> Result<Values, ApiError> {
    match v {
        None => Ok(cfg.default_values),
        Some("clear") => Ok(Values::Clear),
        Some("none") => Ok(Values::None),
        Some("hashed") => {
            let mut random = [0u8; 32];
            getrandom::fill(&mut random).map_err(|_| {
                ApiError(StatusCode::INTERNAL_SERVER_ERROR, "no random salt".into())
            })?;
            Ok(Values::Hashed(crate::report::Salt(random)))
        }
        Some(_) => Err(bad("values: clear, hashed or none")),
    }
}

/// Counts a request's report: verdict, rules, categories removed, opaque parts, time.
fn observe(report: &Report, started: std::time::Instant) {
    let m = crate::metrics::global();
    m.report("serve", report);
    m.check(
        "serve",
        report.verdict.as_str(),
        started.elapsed().as_secs_f64(),
    );
}

fn run(cfg: &Config, sub: Submission, minimise: bool) -> Result<Response, ApiError> {
    let started = std::time::Instant::now();
    let values = values_of(cfg, sub.values.as_deref())?;
    if let Some(p) = &sub.context.purpose
        && !crate::policy::Purpose::NAMES.contains(&p.as_str())
    {
        return Err(bad(format!(
            "purpose: one of {}",
            crate::policy::Purpose::NAMES.join(", ")
        )));
    }
    let context = Context {
        purpose: sub.context.purpose,
        from: sub.context.from,
        to: sub.context.to,
        care_team: sub.context.care_team,
        consent: sub.context.consent,
        opposition: sub.context.opposition,
    };
    let name = sub.name.as_deref();
    let limit =
        |e: crate::extract::ExtractError| ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
    if sub.bytes.len() > cfg.pipeline.limits.max_input {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            "document larger than the limit".into(),
        ));
    }
    if !minimise {
        let mut scratch = crate::scan::Scratch::default();
        let checked = cfg
            .pipeline
            .check(&sub.bytes, name, &context, values, &mut scratch)
            .map_err(limit)?;
        let view = sub
            .view
            .then(|| view(&checked.extraction, &checked.report.findings));
        let mut report = checked.report;
        observe(&report, started);
        report.input = name.unwrap_or("-").to_string();
        return Ok(axum::Json(CheckAnswer { report, view }).into_response());
    }
    let mut scratch = crate::scan::Scratch::default();
    let checked = cfg
        .pipeline
        .check_to_minimise(&sub.bytes, name, &context, values, &mut scratch)
        .map_err(limit)?;
    let view = sub
        .view
        .then(|| view(&checked.extraction, &checked.report.findings));
    if checked.report.verdict == crate::report::Verdict::Block
        && !checked.report.recipients.is_empty()
    {
        // The report says why; no document comes back.
        let mut report = checked.report;
        observe(&report, started);
        report.input = name.unwrap_or("-").to_string();
        return Ok(axum::Json(RedactAnswer {
            report,
            content_base64: None,
            view,
        })
        .into_response());
    }
    match cfg.pipeline.minimise(&sub.bytes, name, checked) {
        Ok(done) => {
            let mut report = done.report;
            observe(&report, started);
            report.input = name.unwrap_or("-").to_string();
            Ok(axum::Json(RedactAnswer {
                report,
                content_base64: Some(base64::engine::general_purpose::STANDARD.encode(&done.bytes)),
                view,
            })
            .into_response())
        }
        Err(RedactError::Limit(e)) => Err(limit(e)),
        Err(e @ RedactError::NotDecided) => Err(bad(e.to_string())),
        Err(e) => Err(ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
    }
}

/// The next connection, with Nagle's algorithm off: a reply is one small write after the
/// request, and Nagle's wait for the client's delayed ACK would add up to 40 ms to each.
async fn accept(listener: &tokio::net::TcpListener) -> std::io::Result<tokio::net::TcpStream> {
    let (stream, _) = listener.accept().await?;
    if let Err(e) = stream.set_nodelay(true) {
        tracing::debug!(error = ?e.kind(), "TCP_NODELAY not set");
    }
    Ok(stream)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn accepted_connections_do_not_wait_for_acks() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client = tokio::spawn(tokio::net::TcpStream::connect(addr));
        let stream = super::accept(&listener).await.unwrap();
        assert!(stream.nodelay().unwrap());
        drop(client.await);
    }
}
