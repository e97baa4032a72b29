//! The middleware that applies the fault knobs (see [`crate::faults`]) to
//! the Coder API routes: a delay, injected failures and HTML pages, a
//! workspaces list body reshaped as the `body` knob says, and a stalled
//! body.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::fault_modes::BodyMode;
use crate::faults::{Faults, MAX_DELAY_MS};
use crate::respond::{coder_error, html_response, json_response, query_pairs, query_value};
use crate::{random, AppState};

/// The route whose body the `body` knob reshapes, and the only one scoped
/// faults apply to.
pub const WORKSPACES_PATH: &str = "/api/v2/workspaces";

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
