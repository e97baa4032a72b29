//! Fault injection: each flag, applied to the Coder API (also through the
//! proxy, which passes the status and body but not `Retry-After`), and the
//! runtime control route.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use coder_demo_server::fault_modes::BodyMode;
use coder_demo_server::faults::{DEFAULT_HUGE_BODY_BYTES, MAX_SCOPES};
use coder_demo_server::{Config, Faults};
use common::*;
use serde_json::Value;
use tower::ServiceExt;

fn with_faults(faults: Faults) -> axum::Router {
    app_with(Config {
        faults,
        ..Config::default()
    })
    .0
}

/// Every Coder API request answered 429 with `Retry-After: retry_after_s`.
fn rate_limited(retry_after_s: u64) -> axum::Router {
    with_faults(Faults {
        fail_rate: 1.0,
        fail_status: 429,
        retry_after_s,
        ..Faults::default()
    })
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
async fn retry_after_stops_at_the_proxy_like_backstages() {
    // Retry-After is not among the headers Backstage's proxy passes back
    // (nor in our README's `allowedHeaders`): the 429 and Coder's body
    // arrive, the header does not.
    let app = rate_limited(3);
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/workspaces?q=owner:me",
        &[BEARER, ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["message"], "Injected failure.");
    assert_eq!(r.header("retry-after"), None);
    assert_eq!(
        coder_get(&app, "/api/v2/workspaces?q=owner:me")
            .await
            .header("retry-after"),
        Some("3"),
        "Coder itself sends it"
    );
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
        serde_json::json!({"latency_ms": 0, "fail_rate": 0.0, "fail_status": 500, "html_responses": false, "slow_ms": 0, "body": "normal", "huge_body_bytes": 10485760, "retry_after_s": 1, "build_status": "none", "build_body": "normal", "build_fault_count": 0, "watch": "normal"})
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
        r#"{"body": "bogus"}"#,
        r#"{"huge_body_bytes": 0}"#,
        r#"{"huge_body_bytes": 67108865}"#,
        r#"{"retry_after_s": 86401}"#,
        r#"{"slow_ms": 10, "body": "never_ending"}"#,
        r#"{"slow_ms": 10, "body": "reset"}"#,
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

/// The workspaces list as the card asks for it (through the proxy).
const LIST: &str = "/api/proxy/coder/api/v2/workspaces?q=owner%3Ame&limit=0";

async fn list(app: &axum::Router) -> Reply {
    get(app, LIST, &[BEARER, ("Coder-Session-Token", TOKEN)]).await
}

/// An app whose workspaces list answers as `body` says, and the normal
/// answer of the same app (same clock) for comparison.
async fn with_body(body: BodyMode) -> (axum::Router, Reply) {
    let (app, state) = app();
    let normal = list(&app).await;
    state.set_faults(Faults {
        body,
        ..Faults::default()
    });
    (app, normal)
}

#[tokio::test]
async fn retry_after_follows_the_knob_and_zero_sends_none() {
    let app = rate_limited(7);
    let r = coder_get(&app, "/api/v2/workspaces?q=owner:me").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("7"));
    let app = rate_limited(0);
    assert_eq!(
        coder_get(&app, "/api/v2/users/me")
            .await
            .header("retry-after"),
        None
    );
    // Other statuses never carry it.
    let app = with_faults(Faults {
        fail_rate: 1.0,
        fail_status: 503,
        retry_after_s: 7,
        ..Faults::default()
    });
    assert_eq!(
        coder_get(&app, "/api/v2/users/me")
            .await
            .header("retry-after"),
        None
    );
}

#[tokio::test]
async fn huge_body_is_valid_json_of_exactly_the_size_asked() {
    assert_eq!(Faults::default().huge_body_bytes, DEFAULT_HUGE_BODY_BYTES);
    assert_eq!(DEFAULT_HUGE_BODY_BYTES, 10 * 1024 * 1024);
    let (app, state) = app();
    let normal = list(&app).await.json();
    for size in [1_000_000, DEFAULT_HUGE_BODY_BYTES] {
        state.set_faults(Faults {
            body: BodyMode::Huge,
            huge_body_bytes: size,
            ..Faults::default()
        });
        let r = list(&app).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body.len() as u64, size);
        let v = r.json();
        assert_eq!(v["workspaces"], normal["workspaces"], "the list is intact");
        assert_eq!(v["count"], normal["count"]);
        assert!(v["padding"].as_str().unwrap().len() > 900_000);
    }
    // Smaller than the real answer: just the answer with an empty padding.
    state.set_faults(Faults {
        body: BodyMode::Huge,
        huge_body_bytes: 1,
        ..Faults::default()
    });
    assert_eq!(list(&app).await.json()["padding"], "");
}

#[tokio::test]
async fn truncated_body_is_the_first_half_with_its_own_length() {
    let (app, normal) = with_body(BodyMode::Truncated).await;
    let full = normal.body;
    let r = list(&app).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(r.body, full[..full.len() / 2]);
    assert_eq!(
        r.header("content-length"),
        Some(r.body.len().to_string().as_str()),
        "a complete HTTP response whose JSON is cut off"
    );
    assert!(serde_json::from_str::<Value>(&r.body).is_err());
}

#[tokio::test]
async fn wrong_shapes_carry_the_real_workspaces() {
    let (app, state) = app();
    let workspaces = list(&app).await.json()["workspaces"]
        .as_array()
        .unwrap()
        .clone();
    let n = workspaces.len() as u64;
    assert!(n > 1);
    let answer = |body: BodyMode| {
        state.set_faults(Faults {
            body,
            ..Faults::default()
        });
        list(&app)
    };

    let v = answer(BodyMode::NoWorkspacesKey).await.json();
    assert!(v.get("workspaces").is_none(), "{v}");
    assert_eq!(v["data"], Value::Array(workspaces.clone()));
    assert_eq!(v["count"], n);

    let v = answer(BodyMode::WorkspacesNotArray).await.json();
    let by_id = v["workspaces"]
        .as_object()
        .expect("an object, not an array");
    assert_eq!(by_id.len() as u64, n);
    for w in &workspaces {
        assert_eq!(&by_id[w["id"].as_str().unwrap()], w);
    }

    let v = answer(BodyMode::TopLevelArray).await.json();
    assert_eq!(v, Value::Array(workspaces.clone()));

    let v = answer(BodyMode::CountMismatch).await.json();
    assert_eq!(v["workspaces"], Value::Array(workspaces));
    assert_eq!(v["count"], n + 1000);
}

#[tokio::test]
async fn body_modes_touch_only_successful_workspaces_lists() {
    for &(name, mode) in BodyMode::ALL {
        if mode == BodyMode::Normal {
            continue;
        }
        let (app, _) = with_body(mode).await;
        let r = coder_get(&app, "/api/v2/users/me").await;
        assert_eq!(r.json()["username"], "demo", "{name}: users/me untouched");
        let r = get(&app, "/api/v2/workspaces?q=owner:me", &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{name}");
        assert!(r.json()["message"].is_string(), "{name}: errors untouched");
    }
}

#[tokio::test]
async fn reset_announces_the_full_length_then_breaks_off() {
    let (app, normal) = with_body(BodyMode::Reset).await;
    let full = normal.body;
    let req = Request::get(LIST)
        .header(BEARER.0, BEARER.1)
        .header("Coder-Session-Token", TOKEN)
        .body(Body::empty())
        .unwrap();
    let resp = app.oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()["content-length"].to_str().unwrap(),
        full.len().to_string()
    );
    let err = axum::body::to_bytes(resp.into_body(), usize::MAX).await;
    assert!(err.is_err(), "the body ends in an error, not its end");
}

#[tokio::test]
async fn body_mode_names_round_trip_and_bad_ones_are_listed() {
    for &(name, mode) in BodyMode::ALL {
        assert_eq!(name.parse::<BodyMode>(), Ok(mode));
        assert_eq!(mode.to_string(), name);
        assert_eq!(serde_json::to_value(mode).unwrap(), name);
    }
    let e = "bogus".parse::<BodyMode>().unwrap_err();
    assert!(e.contains("never_ending") && e.contains("bogus"), "{e}");
}

async fn post(app: &axum::Router, uri: &str, body: &str) -> Reply {
    send(app, Method::POST, uri, &[], body).await
}

fn ws_uri(q: &str) -> String {
    format!("/api/v2/workspaces?q={}&limit=0", enc(q))
}

#[tokio::test]
async fn scoped_faults_hit_only_their_query() {
    let (app, _) = app();
    let scope = format!("/__demo/faults?query={}", enc("name:a b"));
    let r = post(&app, &scope, r#"{"fail_rate": 1, "fail_status": 502}"#).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["fail_status"], 502);
    assert_eq!(
        r.json()["latency_ms"],
        0,
        "a new scope starts from no faults"
    );

    assert_eq!(
        coder_get(&app, &ws_uri("name:a b")).await.status,
        StatusCode::BAD_GATEWAY
    );
    // Also through the proxy.
    let r = get(
        &app,
        &format!("/api/proxy/coder{}", ws_uri("name:a b")),
        &[BEARER, ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    // Other queries, a query that only contains it, and other routes: fine.
    for uri in [
        ws_uri("name:a"),
        ws_uri("name:a b owner:me"),
        "/api/v2/users/me".to_owned(),
    ] {
        assert_eq!(coder_get(&app, &uri).await.status, StatusCode::OK, "{uri}");
    }
    assert_eq!(get(&app, &scope, &[]).await.json()["fail_status"], 502);
    assert_eq!(
        get(&app, "/__demo/faults", &[]).await.json()["fail_rate"],
        0.0,
        "the global faults are untouched"
    );

    // Scoped faults replace the global ones for their query.
    post(&app, "/__demo/faults", r#"{"fail_rate": 1}"#).await;
    post(
        &app,
        &scope,
        r#"{"fail_rate": 0, "body": "count_mismatch"}"#,
    )
    .await;
    let r = coder_get(&app, &ws_uri("name:a b")).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["count"], v["workspaces"].as_array().unwrap().len() + 1000);
    assert_eq!(
        coder_get(&app, &ws_uri("name:a")).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    post(&app, "/__demo/faults", r#"{"fail_rate": 0}"#).await;

    // Nothing injected any more: the scope is gone.
    assert!(get(&app, &scope, &[]).await.json()["fail_status"] == 502);
    post(&app, &scope, r#"{"body": "normal"}"#).await;
    let v = coder_get(&app, &ws_uri("name:a b")).await.json();
    assert_eq!(v["count"], v["workspaces"].as_array().unwrap().len());
    assert_eq!(
        get(&app, &scope, &[]).await.json(),
        serde_json::to_value(Faults::default()).unwrap()
    );
}

#[tokio::test]
async fn scoped_faults_are_validated_and_bounded() {
    let (app, _) = app();
    for (uri, body) in [
        ("/__demo/faults?query=", r#"{"fail_rate": 1}"#),
        ("/__demo/faults?query=x", r#"{"fail_rate": 3}"#),
        ("/__demo/faults?query=x", r#"{"body": "huge", "typo": 1}"#),
    ] {
        let r = post(&app, uri, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri} {body}");
        assert!(r.json()["detail"].is_string());
    }
    let long = format!("/__demo/faults?query={}", "q".repeat(2001));
    assert_eq!(
        post(&app, &long, r#"{"fail_rate": 1}"#).await.status,
        StatusCode::BAD_REQUEST
    );
    for i in 0..MAX_SCOPES {
        let r = post(
            &app,
            &format!("/__demo/faults?query=q{i}"),
            r#"{"latency_ms": 1}"#,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = post(
        &app,
        "/__demo/faults?query=one-more",
        r#"{"latency_ms": 1}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("at most"), "{}", r.body);
    // Changing or clearing an existing scope still works when full.
    let r = post(&app, "/__demo/faults?query=q0", r#"{"latency_ms": 2}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = post(&app, "/__demo/faults?query=q0", r#"{"latency_ms": 0}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = post(
        &app,
        "/__demo/faults?query=one-more",
        r#"{"latency_ms": 1}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "a slot was freed");
}
