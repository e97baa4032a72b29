//! Fault injection on the Coder API side (`/api/v2/*`, so also through the
//! proxy): latency, failing statuses (429 with a chosen `Retry-After`, which
//! the proxy drops as Backstage's does), HTML bodies where JSON is expected,
//! stalled bodies, and broken workspace lists (huge, truncated, wrong shape,
//! wrong count, a connection closed mid-body, a body that never ends). Set
//! by flags at start and flipped at run time through `GET/POST
//! /__demo/faults`, so end-to-end tests need no restart.
//!
//! `/__demo/faults?query=<q>` sets faults for the workspaces requests whose
//! search query is exactly `<q>` only (they replace the global ones for those
//! requests), so tests can break one card's query while the rest of the page,
//! sign-in included, keeps working, and run several faults at once.
//!
//! Actions on a workspace have knobs of their own, global only:
//!
//! * `build_status` (`403`, `406`, `409` or `"none"`): `POST
//!   /api/v2/workspaces/{id}/builds` answers Coder's refusal instead of
//!   building (403 "You do not have permission to start this workspace.",
//!   406 "The provided template version is running. Wait for it to complete
//!   importing!", 409 "A workspace build is already active.");
//! * `build_body` (`normal`, `unexpected`, `html`): a build answer of the
//!   wrong shape, `201 {"unexpected":true}` (the build *is* made, only its
//!   answer is lost) or `200` with an HTML page (nothing is built, as when
//!   a proxy answers in Coder's stead);
//! * `build_fault_count` (N): the two knobs above hit the next N build
//!   POSTs, then turn themselves off; 0 (the default) keeps them on until
//!   they are set back;
//! * `watch` (`normal`, `drop`, `garbage`, `silent`): new
//!   `/api/v2/workspaces/{id}/watch` streams close after their first data
//!   event, send bytes that are no event stream and a data event whose JSON
//!   doesn't parse, or send their headers and then nothing at all.
//!
//! The other knobs apply to the action routes as to every `/api/v2` route;
//! `slow_ms` holds back the start of a body without buffering it, so a
//! watch stream still streams after the stall.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::respond::{coder_error, html_response, json_response, query_pairs, query_value};
use crate::{random, AppState};

/// The route whose body the `body` knob reshapes, and the only one scoped
/// faults apply to.
pub const WORKSPACES_PATH: &str = "/api/v2/workspaces";

/// Declares a fault mode enum: its variants with the names flags and
/// `/__demo/faults` spell them, `ALL`, `name()`, `Display` and `FromStr`.
macro_rules! mode_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every mode with its name.
            pub const ALL: &'static [(&'static str, $name)] = &[$(($text, $name::$variant)),+];

            /// The mode's name.
            pub fn name(self) -> &'static str {
                Self::ALL.iter().find(|(_, m)| *m == self).map_or("normal", |(n, _)| n)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL
                    .iter()
                    .find(|(n, _)| *n == s.trim())
                    .map(|(_, m)| *m)
                    .ok_or_else(|| {
                        let names: Vec<&str> = Self::ALL.iter().map(|(n, _)| *n).collect();
                        format!(concat!("unknown ", $what, " {:?}; use one of {}"), s, names.join(", "))
                    })
            }
        }
    };
}

mode_enum!(
    /// What the workspaces list route answers instead of its normal body
    /// (only when it would answer 200; no other route is affected).
    BodyMode, "body mode" {
        /// The real answer.
        #[default]
        Normal = "normal",
        /// The real answer padded with an unknown `padding` field to exactly
        /// `huge_body_bytes` bytes (still valid JSON).
        Huge = "huge",
        /// The first half of the real answer with a matching Content-Length: a
        /// complete HTTP response whose JSON is cut off.
        Truncated = "truncated",
        /// `{"count": N, "data": [...]}`: an object without `workspaces`.
        NoWorkspacesKey = "no_workspaces_key",
        /// `{"workspaces": {"<id>": {...}}, "count": N}`: not an array.
        WorkspacesNotArray = "workspaces_not_array",
        /// `[...]`: the bare list without its envelope.
        TopLevelArray = "top_level_array",
        /// The real answer with `count` 1000 higher than the list is long.
        CountMismatch = "count_mismatch",
        /// Content-Length of the full answer, half of it sent, then the
        /// connection is closed.
        Reset = "reset",
        /// Headers and half the answer, then nothing more (the connection is
        /// closed after [`MAX_DELAY_MS`], so a forgotten client cannot keep the
        /// server from shutting down forever).
        NeverEnding = "never_ending",
    }
);

impl BodyMode {
    /// Whether the mode controls how the body arrives (so a stall on top
    /// of it makes no sense).
    fn streams(self) -> bool {
        matches!(self, BodyMode::Reset | BodyMode::NeverEnding)
    }
}

mode_enum!(
    /// What build POSTs answer instead of Coder's `WorkspaceBuild`.
    BuildBody, "build body" {
        /// The real answer.
        #[default]
        Normal = "normal",
        /// `201 {"unexpected":true}`; the build is made all the same.
        Unexpected = "unexpected",
        /// `200` with an HTML page; nothing is built.
        Html = "html",
    }
);

mode_enum!(
    /// How new workspace watch streams misbehave.
    WatchMode, "watch mode" {
        /// Coder's stream: a ping, the workspace, then every change and a
        /// ping every `--sse-ping-ms`.
        #[default]
        Normal = "normal",
        /// The ping and the first data event, then the stream ends.
        Drop = "drop",
        /// The ping, a data event whose JSON is cut off, a chunk that is no
        /// event stream at all, then only pings.
        Garbage = "garbage",
        /// The headers, then nothing, ever (until the client leaves).
        Silent = "silent",
    }
);

/// A refusal build POSTs answer instead of building.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BuildStatus {
    /// No refusal.
    #[default]
    None,
    /// 403, as to a user who may not act on the workspace.
    Forbidden,
    /// 406, as while the template version is still importing.
    NotAcceptable,
    /// 409, as while another build is active.
    Conflict,
}

impl BuildStatus {
    /// The status code, if any.
    pub fn code(self) -> Option<u16> {
        match self {
            BuildStatus::None => None,
            BuildStatus::Forbidden => Some(403),
            BuildStatus::NotAcceptable => Some(406),
            BuildStatus::Conflict => Some(409),
        }
    }
}

impl FromStr for BuildStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "none" => Ok(BuildStatus::None),
            "403" => Ok(BuildStatus::Forbidden),
            "406" => Ok(BuildStatus::NotAcceptable),
            "409" => Ok(BuildStatus::Conflict),
            _ => Err(format!(
                "unknown build status {s:?}; use one of 403, 406, 409, none"
            )),
        }
    }
}

impl fmt::Display for BuildStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => write!(f, "{code}"),
            None => f.write_str("none"),
        }
    }
}

impl Serialize for BuildStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.code() {
            Some(code) => s.serialize_u16(code),
            None => s.serialize_str("none"),
        }
    }
}

impl<'de> Deserialize<'de> for BuildStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A number, its text, "none", or null (also none).
        match Value::deserialize(d)? {
            Value::Null => Ok(BuildStatus::None),
            Value::Number(n) => n.to_string().parse().map_err(serde::de::Error::custom),
            Value::String(s) => s.parse().map_err(serde::de::Error::custom),
            other => Err(serde::de::Error::custom(format!(
                "build_status must be 403, 406, 409 or \"none\", got {other}"
            ))),
        }
    }
}

/// Largest `build_fault_count`.
pub const MAX_BUILD_FAULT_COUNT: u64 = 1_000_000;

/// The fault knobs. All off by default.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Faults {
    /// Delay before every API response, in milliseconds.
    pub latency_ms: u64,
    /// Fraction (0..=1) of API requests that fail with `fail_status`.
    pub fail_rate: f64,
    /// Status of injected failures (400..=599).
    pub fail_status: u16,
    /// Answer API requests with 200 and an HTML page, like a misconfigured proxy.
    pub html_responses: bool,
    /// Send the headers, then stall the body this many milliseconds.
    pub slow_ms: u64,
    /// What the workspaces list answers instead of its real body.
    pub body: BodyMode,
    /// Size of the `huge` body, in bytes.
    pub huge_body_bytes: u64,
    /// `Retry-After` (seconds) on injected 429s; 0 sends none.
    pub retry_after_s: u64,
    /// What build POSTs refuse with instead of building.
    pub build_status: BuildStatus,
    /// What build POSTs answer instead of the build.
    pub build_body: BuildBody,
    /// How many of the next build POSTs the two knobs above hit (0: all).
    pub build_fault_count: u64,
    /// How new watch streams misbehave.
    pub watch: WatchMode,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            fail_rate: 0.0,
            fail_status: 500,
            html_responses: false,
            slow_ms: 0,
            body: BodyMode::Normal,
            huge_body_bytes: DEFAULT_HUGE_BODY_BYTES,
            retry_after_s: 1,
            build_status: BuildStatus::None,
            build_body: BuildBody::Normal,
            build_fault_count: 0,
            watch: WatchMode::Normal,
        }
    }
}

/// Largest accepted delay: long enough for any client timeout test (the
/// card's is 20 s), short enough that a typo can't wedge a test run.
pub const MAX_DELAY_MS: u64 = 600_000;
/// Default size of the `huge` body: 10 MiB.
pub const DEFAULT_HUGE_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// Largest `huge` body: 64 MiB (the card refuses anything over 16 MB).
pub const MAX_HUGE_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// Largest `Retry-After`: a day.
pub const MAX_RETRY_AFTER_S: u64 = 86_400;
/// Most queries with faults of their own at once.
pub const MAX_SCOPES: usize = 64;
/// Longest query a scope may name.
pub const MAX_SCOPE_QUERY_CHARS: usize = 2000;

impl Faults {
    /// Whether these faults change anything (`fail_status`, `retry_after_s`
    /// and `huge_body_bytes` only matter together with another knob).
    pub fn is_active(&self) -> bool {
        self.latency_ms > 0
            || self.fail_rate > 0.0
            || self.html_responses
            || self.slow_ms > 0
            || self.body != BodyMode::Normal
            || self.build_status != BuildStatus::None
            || self.build_body != BuildBody::Normal
            || self.watch != WatchMode::Normal
    }

    /// Checks the ranges; the message names the offending knob.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.fail_rate) {
            return Err(format!(
                "fail_rate must be between 0 and 1, got {}",
                self.fail_rate
            ));
        }
        if !(400..=599).contains(&self.fail_status) {
            return Err(format!(
                "fail_status must be an HTTP error status (400-599), got {}",
                self.fail_status
            ));
        }
        for (name, v) in [("latency_ms", self.latency_ms), ("slow_ms", self.slow_ms)] {
            if v > MAX_DELAY_MS {
                return Err(format!("{name} must be at most {MAX_DELAY_MS}, got {v}"));
            }
        }
        if !(1..=MAX_HUGE_BODY_BYTES).contains(&self.huge_body_bytes) {
            return Err(format!(
                "huge_body_bytes must be from 1 to {MAX_HUGE_BODY_BYTES}, got {}",
                self.huge_body_bytes
            ));
        }
        if self.retry_after_s > MAX_RETRY_AFTER_S {
            return Err(format!(
                "retry_after_s must be at most {MAX_RETRY_AFTER_S}, got {}",
                self.retry_after_s
            ));
        }
        if self.build_fault_count > MAX_BUILD_FAULT_COUNT {
            return Err(format!(
                "build_fault_count must be at most {MAX_BUILD_FAULT_COUNT}, got {}",
                self.build_fault_count
            ));
        }
        if self.slow_ms > 0 && self.body.streams() {
            return Err(format!(
                "slow_ms cannot be combined with body {}: that body already decides how it arrives",
                self.body
            ));
        }
        Ok(())
    }
}

/// A partial update posted to `/__demo/faults`; absent knobs keep their value.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsPatch {
    latency_ms: Option<u64>,
    fail_rate: Option<f64>,
    fail_status: Option<u16>,
    html_responses: Option<bool>,
    slow_ms: Option<u64>,
    body: Option<BodyMode>,
    huge_body_bytes: Option<u64>,
    retry_after_s: Option<u64>,
    // `null` means "none" here, not "keep".
    #[serde(default, deserialize_with = "present")]
    build_status: Option<BuildStatus>,
    build_body: Option<BuildBody>,
    build_fault_count: Option<u64>,
    watch: Option<WatchMode>,
}

/// A knob that is there, even as `null`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl FaultsPatch {
    /// Whether it sets a knob that only exists globally.
    fn sets_global_only(&self) -> bool {
        self.build_status.is_some()
            || self.build_body.is_some()
            || self.build_fault_count.is_some()
            || self.watch.is_some()
    }

    fn apply(self, to: &Faults) -> Faults {
        Faults {
            latency_ms: self.latency_ms.unwrap_or(to.latency_ms),
            fail_rate: self.fail_rate.unwrap_or(to.fail_rate),
            fail_status: self.fail_status.unwrap_or(to.fail_status),
            html_responses: self.html_responses.unwrap_or(to.html_responses),
            slow_ms: self.slow_ms.unwrap_or(to.slow_ms),
            body: self.body.unwrap_or(to.body),
            huge_body_bytes: self.huge_body_bytes.unwrap_or(to.huge_body_bytes),
            retry_after_s: self.retry_after_s.unwrap_or(to.retry_after_s),
            build_status: self.build_status.unwrap_or(to.build_status),
            build_body: self.build_body.unwrap_or(to.build_body),
            build_fault_count: self.build_fault_count.unwrap_or(to.build_fault_count),
            watch: self.watch.unwrap_or(to.watch),
        }
    }
}

/// The faults for a request: a workspaces request whose `q` has faults of
/// its own gets those, everything else the global ones.
fn faults_for(state: &AppState, req: &Request) -> (Faults, bool) {
    let workspaces = req.uri().path() == WORKSPACES_PATH;
    if workspaces {
        let pairs = query_pairs(req.uri().query().unwrap_or(""));
        if let Some(scoped) = state.scoped_faults(query_value(&pairs, "q").unwrap_or("")) {
            return (scoped, true);
        }
    }
    (state.faults(), workspaces)
}

/// Middleware for the Coder API routes: applies the current faults.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (faults, workspaces) = faults_for(&state, &req);
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let response = if faults.fail_rate > 0.0 && random::next_f64() < faults.fail_rate {
        injected_failure(faults.fail_status, faults.retry_after_s)
    } else if faults.html_responses {
        html_response(
            StatusCode::OK,
            "<!doctype html><html><head><title>Backstage</title></head>\
             <body><div id=\"root\">This is an HTML page where JSON was expected \
             (fault injected by the demo server).</div></body></html>\n"
                .to_string(),
        )
    } else {
        let response = next.run(req).await;
        if workspaces && faults.body != BodyMode::Normal && response.status() == StatusCode::OK {
            reshape(response, &faults).await
        } else {
            response
        }
    };
    if faults.slow_ms > 0 {
        stall_body(response, Duration::from_millis(faults.slow_ms)).await
    } else {
        response
    }
}

fn injected_failure(status: u16, retry_after_s: u64) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = coder_error(
        status,
        "Injected failure.",
        &format!(
            "The demo server was told to fail this request with status {}.",
            status.as_u16()
        ),
    );
    if status == StatusCode::TOO_MANY_REQUESTS && retry_after_s > 0 {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(retry_after_s),
        );
    }
    response
}

/// Replaces a 200 workspaces answer as `faults.body` says.
async fn reshape(response: Response, faults: &Faults) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return injected_failure(500, 0);
    };
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let list = value["workspaces"].as_array().cloned().unwrap_or_default();
    let count = value["count"].as_u64().unwrap_or(list.len() as u64);
    let half = bytes.slice(..bytes.len() / 2);
    let json = |v: Value| json_response(StatusCode::OK, &v);
    match faults.body {
        BodyMode::Normal => Response::from_parts(parts, Body::from(bytes)),
        BodyMode::Huge => json(padded(value, faults.huge_body_bytes)),
        BodyMode::Truncated => {
            parts.headers.insert(
                header::CONTENT_LENGTH,
                header::HeaderValue::from(half.len()),
            );
            Response::from_parts(parts, Body::from(half))
        }
        BodyMode::NoWorkspacesKey => json(json!({ "count": count, "data": list })),
        BodyMode::WorkspacesNotArray => {
            let by_id: serde_json::Map<String, Value> = list
                .into_iter()
                .enumerate()
                .map(|(i, w)| (w["id"].as_str().map_or(i.to_string(), str::to_owned), w))
                .collect();
            json(json!({ "workspaces": by_id, "count": count }))
        }
        BodyMode::TopLevelArray => json(Value::Array(list)),
        BodyMode::CountMismatch => json(json!({ "workspaces": list, "count": count + 1000 })),
        BodyMode::Reset => {
            // The announced length is the full body's: the client sees the
            // connection end early, as with a reset mid-response.
            parts.headers.insert(
                header::CONTENT_LENGTH,
                header::HeaderValue::from(bytes.len()),
            );
            let first = futures_util::stream::once(async move { Ok(half) });
            // A moment later, so the first half is on the wire before the
            // connection drops.
            let reset = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(100)).await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "connection reset injected by the demo server",
                ))
            });
            Response::from_parts(parts, Body::from_stream(first.chain(reset)))
        }
        BodyMode::NeverEnding => {
            parts.headers.remove(header::CONTENT_LENGTH);
            let first = futures_util::stream::once(async move { Ok(half) });
            let never = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(MAX_DELAY_MS)).await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "never-ending body closed by the demo server",
                ))
            });
            Response::from_parts(parts, Body::from_stream(first.chain(never)))
        }
    }
}

/// `value` with a `padding` string making its JSON text exactly `size`
/// bytes (or as small as it gets, when it is already larger).
fn padded(mut value: Value, size: u64) -> Value {
    let Some(object) = value.as_object_mut() else {
        return value;
    };
    object.insert("padding".to_owned(), Value::String(String::new()));
    let base = value.to_string().len() as u64;
    let fill = usize::try_from(size.saturating_sub(base)).unwrap_or(0);
    value["padding"] = Value::String("x".repeat(fill));
    value
}

/// Keeps the status and headers but holds the body back: the client sees the
/// response start, then nothing for `delay`, then the body as it comes (a
/// stream, such as a watch, keeps streaming; nothing is buffered).
async fn stall_body(response: Response, delay: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    // The body now arrives chunked; a stale length would be wrong.
    parts.headers.remove(header::CONTENT_LENGTH);
    let pause = futures_util::stream::once(async move {
        tokio::time::sleep(delay).await;
        Ok::<_, axum::Error>(axum::body::Bytes::new())
    });
    let stream = pause
        .chain(body.into_data_stream())
        .filter(|chunk| std::future::ready(!matches!(chunk, Ok(b) if b.is_empty())));
    Response::from_parts(parts, Body::from_stream(stream))
}

/// `/__demo/faults` and `/__demo/reset`, the runtime controls for tests.
pub fn control_routes() -> Router<AppState> {
    Router::new()
        .route("/__demo/faults", get(get_faults).post(post_faults))
        .route("/__demo/reset", post(reset))
}

/// The `query` parameter of a control request: `Ok(None)` for the global
/// faults, `Ok(Some(q))` for the faults of workspaces requests with `q`.
fn scope_of(raw: Option<&str>) -> Result<Option<String>, String> {
    let pairs = query_pairs(raw.unwrap_or(""));
    match query_value(&pairs, "query") {
        None => Ok(None),
        Some("") => Err("query must not be empty (leave it out for the global faults)".into()),
        Some(q) if q.chars().count() > MAX_SCOPE_QUERY_CHARS => Err(format!(
            "query must be at most {MAX_SCOPE_QUERY_CHARS} characters"
        )),
        Some(q) => Ok(Some(q.to_owned())),
    }
}

async fn get_faults(
    State(state): State<AppState>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    match scope_of(raw.as_deref()) {
        Ok(None) => json_response(StatusCode::OK, &json!(state.faults())),
        Ok(Some(q)) => json_response(
            StatusCode::OK,
            &json!(state.scoped_faults(&q).unwrap_or_default()),
        ),
        Err(e) => bad_request(&e),
    }
}

async fn post_faults(
    State(state): State<AppState>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    body: axum::body::Bytes,
) -> Response {
    let scope = match scope_of(raw.as_deref()) {
        Ok(s) => s,
        Err(e) => return bad_request(&e),
    };
    let patch: FaultsPatch = if body.iter().all(u8::is_ascii_whitespace) {
        FaultsPatch::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(p) => p,
            Err(e) => return bad_request(&format!("invalid faults JSON: {e}")),
        }
    };
    if scope.is_some() && patch.sets_global_only() {
        return bad_request(
            "build_status, build_body, build_fault_count and watch are global: leave out ?query=",
        );
    }
    let current = match &scope {
        None => state.faults(),
        // A new scope starts from no faults, not from the global ones.
        Some(q) => state.scoped_faults(q).unwrap_or_default(),
    };
    let updated = patch.apply(&current);
    if let Err(e) = updated.validate() {
        return bad_request(&e);
    }
    match scope {
        None => state.set_faults(updated.clone()),
        Some(q) => {
            if let Err(e) = state.set_scoped_faults(q, updated.clone()) {
                return bad_request(&e);
            }
        }
    }
    json_response(StatusCode::OK, &json!(updated))
}

async fn reset(State(state): State<AppState>) -> Response {
    state.reset();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        "{}",
    )
        .into_response()
}

fn bad_request(detail: &str) -> Response {
    coder_error(StatusCode::BAD_REQUEST, "Invalid fault settings.", detail)
}
