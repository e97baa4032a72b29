//! `GET /api/v2/workspaces/{id}/watch`: Coder's Server-Sent Events wire
//! format (a ping, the workspace at once, the workspace again on every
//! change, pings every `--sse-ping-ms`), directly and through the proxy,
//! and the end of a stream.

mod common;

use std::time::Duration;

use axum::body::{Body, BodyDataStream};
use axum::http::{Request, StatusCode};
use axum::Router;
use coder_demo_server::{AppState, Config};
use common::*;
use futures_util::StreamExt;
use serde_json::Value;
use tower::ServiceExt;

const BEARER: &str = concat!("Bearer ", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvZ3Vlc3QiLCJlbnQiOlsidXNlcjpkZWZhdWx0L2d1ZXN0Il0sImV4cCI6NDEwMjQ0NDgwMH0.demo");

/// An open stream and its response headers.
struct Stream {
    headers: axum::http::HeaderMap,
    body: BodyDataStream,
}

impl Stream {
    /// The next chunk within `wait`: `Some(None)` when the stream ended,
    /// `None` when nothing came.
    async fn next_within(&mut self, wait: Duration) -> Option<Option<String>> {
        match tokio::time::timeout(wait, self.body.next()).await {
            Ok(Some(Ok(bytes))) => Some(Some(String::from_utf8_lossy(&bytes).into_owned())),
            Ok(Some(Err(e))) => panic!("stream error: {e}"),
            Ok(None) => Some(None),
            Err(_) => None,
        }
    }

    /// The next event, which must come within two seconds.
    async fn next_event(&mut self) -> String {
        self.next_within(Duration::from_secs(2))
            .await
            .expect("an event in time")
            .expect("the stream goes on")
    }

    /// The workspace of the next event, which must be a data event.
    async fn next_data(&mut self) -> Value {
        let event = self.next_event().await;
        data_of(&event)
    }
}

/// The JSON of a data event, checking its framing.
fn data_of(event: &str) -> Value {
    let json = event
        .strip_prefix("event: data\ndata: ")
        .and_then(|rest| rest.strip_suffix("\n\n"))
        .unwrap_or_else(|| panic!("not a data event: {event:?}"));
    assert!(!json.contains('\n'), "the JSON is on one line");
    serde_json::from_str(json).unwrap()
}

async fn open(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Stream {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    Stream {
        headers: resp.headers().clone(),
        body: resp.into_body().into_data_stream(),
    }
}

async fn watch(app: &Router, id: &str) -> Stream {
    open(
        app,
        &format!("/api/v2/workspaces/{id}/watch"),
        &[("Coder-Session-Token", TOKEN)],
    )
    .await
}

fn app_pinging_every(ms: u64) -> (Router, AppState) {
    app_with(Config {
        sse_ping_ms: ms,
        ..Config::default()
    })
}

#[tokio::test]
async fn a_ping_then_the_workspace_at_once() {
    let (app, _) = app();
    let mut s = watch(&app, &ws(1)).await;
    let header = |k: &str| {
        s.headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(header("content-type").as_deref(), Some("text/event-stream"));
    assert_eq!(header("cache-control").as_deref(), Some("no-cache"));
    assert_eq!(header("connection").as_deref(), Some("keep-alive"));
    assert_eq!(header("x-accel-buffering").as_deref(), Some("no"));
    assert_eq!(s.next_event().await, "event: ping\n\n");
    let w = s.next_data().await;
    assert_eq!(w, workspace_by_id(&app, &ws(1)).await);
    // Nothing changes, so nothing more comes (the ping is 15 s away).
    assert_eq!(s.next_within(Duration::from_millis(300)).await, None);
}

#[tokio::test]
async fn every_change_sends_the_workspace_again() {
    let (app, state) = app();
    let id = ws(4);
    let mut s = watch(&app, &id).await;
    s.next_event().await;
    assert_eq!(s.next_data().await["latest_build"]["status"], "stopped");

    // A build posted elsewhere shows at once.
    post_build(&app, &id, r#"{"transition":"start"}"#).await;
    let w = s.next_data().await;
    assert_eq!(w["latest_build"]["status"], "pending");
    // Then each phase as time passes.
    for (status, agents_now) in [
        ("starting", vec![("connecting", "created")]),
        ("running", vec![("connecting", "starting")]),
        ("running", vec![("connected", "ready")]),
    ] {
        state.clock().advance(Duration::from_millis(500));
        let w = s.next_data().await;
        assert_eq!(w["latest_build"]["status"], status);
        let want: Vec<(String, String)> = agents_now
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(agents(&w), want);
    }
    assert_eq!(
        s.next_within(Duration::from_millis(200)).await,
        None,
        "settled"
    );
    // A reset is a change too.
    coder_demo_server::AppState::reset(&state);
    assert_eq!(s.next_data().await["latest_build"]["status"], "stopped");
}

#[tokio::test]
async fn the_seed_progression_streams_too() {
    let (app, state) = app();
    let mut s = watch(&app, &ws(2)).await; // demo/bp-review
    s.next_event().await;
    assert_eq!(s.next_data().await["latest_build"]["status"], "pending");
    state.clock().advance(Duration::from_secs(7));
    assert_eq!(s.next_data().await["latest_build"]["status"], "starting");
}

#[tokio::test]
async fn pings_come_every_sse_ping_ms() {
    let (app, _) = app_pinging_every(150);
    let mut s = watch(&app, &ws(1)).await;
    assert_eq!(s.next_event().await, "event: ping\n\n");
    s.next_data().await;
    for _ in 0..3 {
        let started = tokio::time::Instant::now();
        assert_eq!(s.next_event().await, "event: ping\n\n");
        assert!(started.elapsed() < Duration::from_millis(600));
    }
}

#[tokio::test]
async fn through_the_proxy_events_arrive_one_by_one() {
    let (app, state) = app_pinging_every(200);
    let uri = format!("/api/proxy/coder/api/v2/workspaces/{}/watch", ws(4));
    let mut s = open(
        &app,
        &uri,
        &[("Authorization", BEARER), ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(
        s.headers.get("content-type").unwrap().to_str().unwrap(),
        "text/event-stream"
    );
    assert_eq!(
        s.headers.get("cache-control").unwrap().to_str().unwrap(),
        "no-cache"
    );
    // Backstage's proxy passes only the safe headers.
    assert!(s.headers.get("x-accel-buffering").is_none());
    assert_eq!(s.next_event().await, "event: ping\n\n");
    assert_eq!(s.next_data().await["name"], "bp-old-branch");
    post_build(&app, &ws(4), r#"{"transition":"start"}"#).await;
    assert_eq!(s.next_data().await["latest_build"]["status"], "pending");
    assert_eq!(s.next_event().await, "event: ping\n\n");
    state.clock().advance(Duration::from_millis(500));
    assert_eq!(s.next_data().await["latest_build"]["status"], "starting");
}

#[tokio::test]
async fn errors_come_before_any_stream() {
    let (app, _) = app();
    let r = coder_get(&app, "/api/v2/workspaces/nope/watch").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["message"], "Invalid UUID \"nope\".");
    let r = coder_get(&app, &format!("/api/v2/workspaces/{}/watch", ws(99))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = get(&app, &format!("/api/v2/workspaces/{}/watch", ws(1)), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn streams_end_when_the_server_closes_them() {
    let (app, state) = app();
    let mut s = watch(&app, &ws(1)).await;
    s.next_event().await;
    s.next_data().await;
    state.close_streams();
    assert_eq!(s.next_within(Duration::from_secs(2)).await, Some(None));
}
