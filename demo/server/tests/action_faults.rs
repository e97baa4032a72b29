//! The faults of actions: build POSTs refused (403, 406, 409) or answered
//! in the wrong shape, for a number of POSTs or until cleared, and watch
//! streams that drop, send garbage or stay silent. Set at start and at run
//! time; global only.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use coder_demo_server::fault_modes::{BuildBody, BuildStatus, WatchMode};
use coder_demo_server::{Config, Faults};
use common::*;
use futures_util::StreamExt;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn set(app: &axum::Router, patch: &str) -> Reply {
    send(app, Method::POST, "/__demo/faults", &[], patch).await
}

async fn faults(app: &axum::Router) -> Value {
    get(app, "/__demo/faults", &[]).await.json()
}

const START: &str = r#"{"transition":"start"}"#;

#[tokio::test]
async fn build_status_refuses_as_coder_does_and_builds_nothing() {
    let (app, _) = app();
    let id = ws(4);
    for (code, status, message) in [
        (
            403,
            StatusCode::FORBIDDEN,
            "You do not have permission to start this workspace.",
        ),
        (
            406,
            StatusCode::NOT_ACCEPTABLE,
            "The provided template version is running. Wait for it to complete importing!",
        ),
        (
            409,
            StatusCode::CONFLICT,
            "A workspace build is already active.",
        ),
    ] {
        let r = set(&app, &format!(r#"{{"build_status": {code}}}"#)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["build_status"], code);
        let r = post_build(&app, &id, START).await;
        assert_eq!(r.status, status, "{code}");
        assert_eq!(r.json()["message"], message);
        assert!(r.json()["detail"].is_string());
        assert_eq!(
            workspace_by_id(&app, &id).await["latest_build"]["status"],
            "stopped",
            "{code}: nothing built"
        );
    }
    // Until cleared ("none", or null).
    assert_eq!(
        post_build(&app, &id, START).await.status,
        StatusCode::CONFLICT
    );
    for off in [r#"{"build_status": "none"}"#, r#"{"build_status": null}"#] {
        set(&app, r#"{"build_status": "403"}"#).await;
        let r = set(&app, off).await;
        assert_eq!(r.json()["build_status"], "none", "{off}");
    }
    assert_eq!(
        post_build(&app, &id, START).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn build_fault_count_limits_the_fault_to_the_next_posts() {
    let (app, state) = app();
    let r = set(&app, r#"{"build_status": 409, "build_fault_count": 2}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        post_build(&app, &ws(4), START).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(faults(&app).await["build_fault_count"], 1);
    assert_eq!(
        post_build(&app, &ws(1), r#"{"transition":"stop"}"#)
            .await
            .status,
        StatusCode::CONFLICT
    );
    let f = faults(&app).await;
    assert_eq!(
        (f["build_status"].clone(), f["build_fault_count"].clone()),
        (json!("none"), json!(0))
    );
    assert_eq!(
        post_build(&app, &ws(4), START).await.status,
        StatusCode::CREATED
    );
    // Requests that fail before any build count for nothing.
    state.set_faults(Faults {
        build_status: BuildStatus::Forbidden,
        build_fault_count: 1,
        ..Faults::default()
    });
    assert_eq!(
        post_build(&app, &ws(1), "{}").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post_build(&app, &ws(1), r#"{"transition":"stop"}"#)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_build(&app, &ws(1), r#"{"transition":"stop"}"#)
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_build_answer_of_the_wrong_shape() {
    let (app, _) = app_with(Config {
        faults: Faults {
            build_body: BuildBody::Unexpected,
            build_fault_count: 1,
            ..Faults::default()
        },
        ..Config::default()
    });
    // The answer is lost, the build is made.
    let r = post_build(&app, &ws(4), START).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json(), json!({ "unexpected": true }));
    assert_eq!(
        workspace_by_id(&app, &ws(4)).await["latest_build"]["status"],
        "pending"
    );

    set(&app, r#"{"build_body": "html"}"#).await;
    let r = post_build(&app, &ws(1), r#"{"transition":"stop"}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.starts_with("<!doctype html>"));
    assert_eq!(
        workspace_by_id(&app, &ws(1)).await["latest_build"]["status"],
        "running",
        "an HTML page in Coder's stead: nothing built"
    );
}

/// Opens a watch and returns its body chunks as they come.
async fn open_watch(app: &axum::Router, id: &str) -> axum::body::BodyDataStream {
    let req = Request::get(format!("/api/v2/workspaces/{id}/watch"))
        .header("Coder-Session-Token", TOKEN)
        .body(Body::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    resp.into_body().into_data_stream()
}

/// The next chunk within `ms`: `Some(None)` at the end, `None` if nothing came.
async fn next(s: &mut axum::body::BodyDataStream, ms: u64) -> Option<Option<String>> {
    match tokio::time::timeout(Duration::from_millis(ms), s.next()).await {
        Ok(Some(Ok(b))) => Some(Some(String::from_utf8_lossy(&b).into_owned())),
        Ok(Some(Err(e))) => panic!("{e}"),
        Ok(None) => Some(None),
        Err(_) => None,
    }
}

fn with_watch(mode: WatchMode) -> (axum::Router, coder_demo_server::AppState) {
    app_with(Config {
        sse_ping_ms: 100,
        faults: Faults {
            watch: mode,
            ..Faults::default()
        },
        ..Config::default()
    })
}

#[tokio::test]
async fn watch_drop_closes_after_the_first_data_event() {
    let (app, _) = with_watch(WatchMode::Drop);
    let mut s = open_watch(&app, &ws(1)).await;
    assert_eq!(
        next(&mut s, 2000).await,
        Some(Some("event: ping\n\n".into()))
    );
    let data = next(&mut s, 2000).await.unwrap().unwrap();
    assert!(data.starts_with("event: data\ndata: {"), "{data}");
    assert_eq!(next(&mut s, 2000).await, Some(None), "then the stream ends");
}

#[tokio::test]
async fn watch_garbage_sends_broken_json_and_no_event_stream() {
    let (app, _) = with_watch(WatchMode::Garbage);
    let mut s = open_watch(&app, &ws(1)).await;
    assert_eq!(
        next(&mut s, 2000).await,
        Some(Some("event: ping\n\n".into()))
    );
    let data = next(&mut s, 2000).await.unwrap().unwrap();
    let json = data
        .strip_prefix("event: data\ndata: ")
        .and_then(|d| d.strip_suffix("\n\n"))
        .expect("framed as a data event");
    assert!(
        serde_json::from_str::<Value>(json).is_err(),
        "its JSON is cut off"
    );
    let junk = next(&mut s, 2000).await.unwrap().unwrap();
    assert!(
        !junk.starts_with("event:") && !junk.contains("data:"),
        "{junk:?}"
    );
    // Then only pings, even when the workspace changes.
    post_build(&app, &ws(1), r#"{"transition":"stop"}"#).await;
    for _ in 0..3 {
        assert_eq!(
            next(&mut s, 2000).await,
            Some(Some("event: ping\n\n".into()))
        );
    }
}

#[tokio::test]
async fn watch_silent_sends_headers_then_nothing() {
    let (app, state) = with_watch(WatchMode::Silent);
    let mut s = open_watch(&app, &ws(1)).await;
    assert_eq!(next(&mut s, 500).await, None, "not even a ping");
    state.close_streams();
    assert_eq!(next(&mut s, 2000).await, Some(None), "it ends at shutdown");
}

#[tokio::test]
async fn watch_faults_hit_new_streams_only() {
    let (app, _) = app_with(Config {
        sse_ping_ms: 100,
        ..Config::default()
    });
    let mut before = open_watch(&app, &ws(1)).await;
    set(&app, r#"{"watch": "drop"}"#).await;
    let mut after = open_watch(&app, &ws(1)).await;
    for _ in 0..2 {
        next(&mut after, 2000).await.unwrap().unwrap();
    }
    assert_eq!(next(&mut after, 2000).await, Some(None));
    for _ in 0..4 {
        assert!(
            next(&mut before, 2000).await.unwrap().is_some(),
            "the older stream goes on"
        );
    }
}

#[tokio::test]
async fn action_knobs_are_validated_and_global_only() {
    let (app, _) = app();
    for bad in [
        r#"{"build_status": 500}"#,
        r#"{"build_status": "forbidden"}"#,
        r#"{"build_status": true}"#,
        r#"{"build_body": "xml"}"#,
        r#"{"build_fault_count": -1}"#,
        r#"{"build_fault_count": 1000001}"#,
        r#"{"watch": "loud"}"#,
    ] {
        let r = set(&app, bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    for knob in [
        r#"{"build_status": 403}"#,
        r#"{"build_body": "html"}"#,
        r#"{"build_fault_count": 1}"#,
        r#"{"watch": "silent"}"#,
    ] {
        let r = send(
            &app,
            Method::POST,
            "/__demo/faults?query=owner:me",
            &[],
            knob,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{knob}");
        assert!(
            r.json()["detail"].as_str().unwrap().contains("global"),
            "{knob}"
        );
    }
    assert_eq!(
        faults(&app).await,
        serde_json::to_value(Faults::default()).unwrap()
    );
}

#[tokio::test]
async fn general_faults_apply_to_the_action_routes_too() {
    let (app, _) = app_with(Config {
        faults: Faults {
            fail_rate: 1.0,
            fail_status: 503,
            ..Faults::default()
        },
        ..Config::default()
    });
    assert_eq!(
        post_build(&app, &ws(4), START).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let r = coder_get(&app, &format!("/api/v2/workspaces/{}/watch", ws(1))).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    // slow_ms holds a watch's start back but doesn't buffer it.
    let (app, _) = app_with(Config {
        faults: Faults {
            slow_ms: 300,
            ..Faults::default()
        },
        ..Config::default()
    });
    let mut s = open_watch(&app, &ws(1)).await;
    let t = std::time::Instant::now();
    assert_eq!(
        next(&mut s, 2000).await,
        Some(Some("event: ping\n\n".into()))
    );
    assert!(t.elapsed() >= Duration::from_millis(250));
    assert!(next(&mut s, 2000)
        .await
        .unwrap()
        .unwrap()
        .starts_with("event: data"));
}
