//! Fault injection: each flag, applied to the Coder API (also through the
//! proxy), and the runtime control route.

mod common;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use coder_demo_server::{Config, Faults};
use common::*;

fn with_faults(faults: Faults) -> axum::Router {
    app_with(Config {
        faults,
        ..Config::default()
    })
    .0
}

const BEARER: (&str, &str) = ("Authorization", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvZ3Vlc3QiLCJlbnQiOlsidXNlcjpkZWZhdWx0L2d1ZXN0Il0sImV4cCI6NDEwMjQ0NDgwMH0.demo");

#[tokio::test]
async fn latency_delays_api_responses_only() {
    let app = with_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let t = Instant::now();
    assert_eq!(
        coder_get(&app, "/api/v2/users/me").await.status,
        StatusCode::OK
    );
    assert!(t.elapsed() >= Duration::from_millis(150));
    let t = Instant::now();
    get(&app, "/api/auth/guest/refresh", &[]).await;
    assert!(
        t.elapsed() < Duration::from_millis(150),
        "Backstage routes are not delayed"
    );
}

#[tokio::test]
async fn fail_rate_one_always_fails_with_the_status() {
    let app = with_faults(Faults {
        fail_rate: 1.0,
        fail_status: 503,
        ..Faults::default()
    });
    for uri in ["/api/v2/users/me", "/api/v2/workspaces?q=owner:me"] {
        let r = coder_get(&app, uri).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(r.json()["message"].is_string());
    }
    // Also through the proxy.
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/users/me",
        &[BEARER, ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    // Not on pages or icons.
    assert_eq!(
        get(&app, "/icon/rust.svg", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn fail_status_defaults_to_500_and_429_carries_retry_after() {
    let app = with_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let r = coder_get(&app, "/api/v2/users/me").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.header("retry-after"), None);
    let app = with_faults(Faults {
        fail_rate: 1.0,
        fail_status: 429,
        ..Faults::default()
    });
    let r = coder_get(&app, "/api/v2/users/me").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn fail_rate_half_fails_about_half() {
    let app = with_faults(Faults {
        fail_rate: 0.5,
        ..Faults::default()
    });
    let mut failed = 0;
    for _ in 0..200 {
        if coder_get(&app, "/api/v2/users/me").await.status != StatusCode::OK {
            failed += 1;
        }
    }
    assert!((40..=160).contains(&failed), "{failed} of 200 failed");
}

#[tokio::test]
async fn html_responses() {
    let app = with_faults(Faults {
        html_responses: true,
        ..Faults::default()
    });
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/workspaces?q=owner:me",
        &[BEARER, ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.starts_with("<!doctype html>"));
    assert!(serde_json::from_str::<serde_json::Value>(&r.body).is_err());
}

#[tokio::test]
async fn slow_stalls_the_body() {
    let app = with_faults(Faults {
        slow_ms: 200,
        ..Faults::default()
    });
    let t = Instant::now();
    let r = coder_get(&app, "/api/v2/users/me").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json()["username"],
        "demo",
        "the body arrives intact, late"
    );
    assert!(t.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn runtime_control_route() {
    let (app, _) = app();
    let r = get(&app, "/__demo/faults", &[]).await;
    assert_eq!(
        r.json(),
        serde_json::json!({"latency_ms": 0, "fail_rate": 0.0, "fail_status": 500, "html_responses": false, "slow_ms": 0})
    );
    let r = send(
        &app,
        Method::POST,
        "/__demo/faults",
        &[],
        r#"{"fail_rate": 1, "fail_status": 504}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["fail_status"], 504);
    assert_eq!(
        coder_get(&app, "/api/v2/users/me").await.status,
        StatusCode::GATEWAY_TIMEOUT
    );
    assert_eq!(
        get(&app, "/__demo/faults", &[]).await.json()["fail_rate"],
        1.0
    );

    // Partial updates keep the other knobs.
    let r = send(
        &app,
        Method::POST,
        "/__demo/faults",
        &[],
        r#"{"fail_rate": 0, "html_responses": true}"#,
    )
    .await;
    assert_eq!(r.json()["fail_status"], 504);
    assert!(coder_get(&app, "/api/v2/users/me")
        .await
        .body
        .starts_with("<!doctype html>"));

    for bad in [
        r#"{"fail_rate": 2}"#,
        r#"{"fail_status": 200}"#,
        r#"{"typo": 1}"#,
        "not json",
        r#"{"latency_ms": -1}"#,
    ] {
        let r = send(&app, Method::POST, "/__demo/faults", &[], bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.json()["message"].is_string());
    }
    // Rejected updates change nothing.
    assert_eq!(
        get(&app, "/__demo/faults", &[]).await.json()["html_responses"],
        true
    );
    let r = send(
        &app,
        Method::POST,
        "/__demo/faults",
        &[],
        r#"{"html_responses": false}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        coder_get(&app, "/api/v2/users/me").await.status,
        StatusCode::OK
    );
}
