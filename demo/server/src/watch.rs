//! `GET /api/v2/workspaces/{id}/watch`: Server-Sent Events in Coder's wire
//! format (its `httpapi.ServerSentEventSender`). Headers
//! `Content-Type: text/event-stream`, `Cache-Control: no-cache`,
//! `Connection: keep-alive`, `X-Accel-Buffering: no`; then, each event
//! ending in a blank line:
//!
//! ```text
//! event: ping
//!
//! event: data
//! data: {"id":"…","latest_build":{…},…}
//!
//! ```
//!
//! A ping first (the stream is ready), the whole workspace at once (`event:
//! data`, the JSON on one line), the whole workspace again on every change
//! (a build moving on, a new build, a reset), and a ping every
//! `--sse-ping-ms` (Coder: 15 s). The stream ends when the client goes
//! away, or when the server shuts down. The `watch` fault knob makes new
//! streams drop, send garbage or stay silent (see [`crate::faults`]).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tokio::time::Instant;

use crate::actions::{find_workspace, Or};
use crate::coder_api::Authorized;
use crate::fault_modes::WatchMode;
use crate::AppState;

/// A ping event.
pub const PING: &str = "event: ping\n\n";

/// How often a stream looks for changes that come with time alone (a
/// build's next phase): changes that come from a request wake it at once.
const POLL: Duration = Duration::from_millis(50);

/// The route (the fault middleware is added by the caller).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v2/workspaces/{workspace}/watch", get(watch))
}

/// A data event carrying `json`.
pub fn data_event(json: &[u8]) -> Bytes {
    let mut event = Vec::with_capacity(json.len() + 20);
    event.extend_from_slice(b"event: data\ndata: ");
    event.extend_from_slice(json);
    event.extend_from_slice(b"\n\n");
    Bytes::from(event)
}

async fn watch(State(state): State<AppState>, Path(raw): Path<String>, _: Authorized) -> Response {
    let first = match current(&state, &raw) {
        Ok(json) => json,
        Err(r) => return *r,
    };
    let stream = Watch {
        mode: state.faults().watch,
        changes: state.subscribe(),
        closing: state.closing(),
        next_ping: Instant::now() + state.sse_ping(),
        sent: 0,
        last: first,
        id: raw,
        state,
    };
    let body = futures_util::stream::unfold(stream, |mut w| async move {
        let chunk = w.next().await?;
        Some((Ok::<_, Infallible>(chunk), w))
    });
    let mut response = Response::new(Body::from_stream(body));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    *response.status_mut() = StatusCode::OK;
    response
}

/// The workspace's JSON now, or Coder's 400/404 for the id.
fn current(state: &AppState, raw: &str) -> Or<Vec<u8>> {
    let now = state.moment();
    let workspaces = state.workspaces();
    let i = find_workspace(&workspaces, raw)?;
    Ok(serde_json::to_vec(&*workspaces[i].render(&now)).unwrap_or_default())
}

/// One open stream.
struct Watch {
    state: AppState,
    id: String,
    mode: WatchMode,
    changes: tokio::sync::watch::Receiver<u64>,
    closing: tokio::sync::watch::Receiver<bool>,
    next_ping: Instant,
    /// Events sent so far.
    sent: u32,
    /// The workspace JSON last sent (first: as it was when asked for).
    last: Vec<u8>,
}

impl Watch {
    /// The next chunk to send, when it is due; `None` ends the stream.
    async fn next(&mut self) -> Option<Bytes> {
        if *self.closing.borrow() {
            return None;
        }
        self.sent = self.sent.saturating_add(1);
        match (self.mode, self.sent) {
            (WatchMode::Silent, _) => {
                // Headers only: wait for the shutdown (or for the client to
                // go, which drops this future).
                let _ = self.closing.wait_for(|closing| *closing).await;
                return None;
            }
            (_, 1) => return Some(Bytes::from_static(PING.as_bytes())),
            (WatchMode::Garbage, 2) => {
                let cut = self.last.len() / 2;
                return Some(data_event(&self.last[..cut]));
            }
            (WatchMode::Garbage, 3) => return Some(Bytes::from_static(
                b"<html><body>Service Unavailable</body></html>\n\x00\xff not an event stream\n\n",
            )),
            (_, 2) => return Some(data_event(&self.last)),
            (WatchMode::Drop, _) => return None,
            _ => {}
        }
        loop {
            tokio::select! {
                _ = self.closing.changed() => return None,
                _ = tokio::time::sleep_until(self.next_ping) => {
                    self.next_ping += self.state.sse_ping();
                    return Some(Bytes::from_static(PING.as_bytes()));
                }
                _ = self.changes.changed() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
            if self.mode == WatchMode::Garbage {
                // Only pings after the garbage.
                continue;
            }
            match current(&self.state, &self.id) {
                Ok(json) if json != self.last => {
                    self.last = json;
                    return Some(data_event(&self.last));
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
}
