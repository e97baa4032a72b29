//! Fault injection on the Coder API side (`/api/v2/*`, so also through the
//! proxy): latency, failing statuses, HTML bodies where JSON is expected, and
//! stalled bodies. Set by flags at start and flipped at run time through
//! `GET/POST /__demo/faults`, so end-to-end tests need no restart.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::respond::{coder_error, html_response, json_response};
use crate::{random, AppState};

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
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            fail_rate: 0.0,
            fail_status: 500,
            html_responses: false,
            slow_ms: 0,
        }
    }
}

/// Largest accepted delay: long enough for any client timeout test (the
/// card's is 20 s), short enough that a typo can't wedge a test run.
pub const MAX_DELAY_MS: u64 = 600_000;

impl Faults {
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
}

impl FaultsPatch {
    fn apply(self, to: &Faults) -> Faults {
        Faults {
            latency_ms: self.latency_ms.unwrap_or(to.latency_ms),
            fail_rate: self.fail_rate.unwrap_or(to.fail_rate),
            fail_status: self.fail_status.unwrap_or(to.fail_status),
            html_responses: self.html_responses.unwrap_or(to.html_responses),
            slow_ms: self.slow_ms.unwrap_or(to.slow_ms),
        }
    }
}

/// Middleware for the Coder API routes: applies the current faults.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let faults = state.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let response = if faults.fail_rate > 0.0 && random::next_f64() < faults.fail_rate {
        injected_failure(faults.fail_status)
    } else if faults.html_responses {
        html_response(
            StatusCode::OK,
            "<!doctype html><html><head><title>Backstage</title></head>\
             <body><div id=\"root\">This is an HTML page where JSON was expected \
             (fault injected by the demo server).</div></body></html>\n"
                .to_string(),
        )
    } else {
        next.run(req).await
    };
    if faults.slow_ms > 0 {
        stall_body(response, Duration::from_millis(faults.slow_ms)).await
    } else {
        response
    }
}

fn injected_failure(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = coder_error(
        status,
        "Injected failure.",
        &format!(
            "The demo server was told to fail this request with status {}.",
            status.as_u16()
        ),
    );
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    response
}

/// Keeps the status and headers but holds the body back: the client sees the
/// response start, then nothing for `delay`.
async fn stall_body(response: Response, delay: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    // The body now arrives chunked; a stale length would be wrong.
    parts.headers.remove(header::CONTENT_LENGTH);
    let stream = futures_util::stream::once(async move {
        tokio::time::sleep(delay).await;
        Ok::<_, Infallible>(bytes)
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// `/__demo/faults` and `/__demo/reset`, the runtime controls for tests.
pub fn control_routes() -> Router<AppState> {
    Router::new()
        .route("/__demo/faults", get(get_faults).post(post_faults))
        .route("/__demo/reset", post(reset))
}

async fn get_faults(State(state): State<AppState>) -> Response {
    json_response(StatusCode::OK, &json!(state.faults()))
}

async fn post_faults(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let patch: FaultsPatch = if body.iter().all(u8::is_ascii_whitespace) {
        FaultsPatch::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(p) => p,
            Err(e) => return bad_request(&format!("invalid faults JSON: {e}")),
        }
    };
    let updated = patch.apply(&state.faults());
    if let Err(e) = updated.validate() {
        return bad_request(&e);
    }
    state.set_faults(updated.clone());
    json_response(StatusCode::OK, &json!(updated))
}

async fn reset(State(state): State<AppState>) -> Response {
    state.clock().reset();
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
