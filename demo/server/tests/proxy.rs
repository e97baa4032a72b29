//! `/api/proxy/coder/*`: Backstage bearer required, Authorization stripped,
//! Coder-Session-Token and the query string passed through.

mod common;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::routing::any;
use axum::Router;
use coder_demo_server::args::DEFAULT_BACKSTAGE_TOKEN;
use coder_demo_server::{proxy, Config};
use common::*;

const BEARER: &str = concat!("Bearer ", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvZ3Vlc3QiLCJlbnQiOlsidXNlcjpkZWZhdWx0L2d1ZXN0Il0sImV4cCI6NDEwMjQ0NDgwMH0.demo");

#[tokio::test]
async fn requires_the_backstage_bearer_token() {
    let (app, _) = app();
    assert_eq!(BEARER, format!("Bearer {DEFAULT_BACKSTAGE_TOKEN}"));
    let uri = "/api/proxy/coder/api/v2/users/me";
    for headers in [
        vec![("Coder-Session-Token", TOKEN)],
        vec![
            ("Coder-Session-Token", TOKEN),
            ("Authorization", "Bearer wrong"),
        ],
        vec![
            ("Coder-Session-Token", TOKEN),
            ("Authorization", "Basic Zm9vOmJhcg=="),
        ],
        vec![
            ("Coder-Session-Token", TOKEN),
            ("Authorization", DEFAULT_BACKSTAGE_TOKEN),
        ],
    ] {
        let r = get(&app, uri, &headers).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{headers:?}");
        let v = r.json();
        assert_eq!(v["error"]["name"], "AuthenticationError");
        assert_eq!(v["response"]["statusCode"], 401);
    }
    let r = get(
        &app,
        uri,
        &[("Coder-Session-Token", TOKEN), ("Authorization", BEARER)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["username"], "demo");
}

#[tokio::test]
async fn forwards_the_session_token_and_query() {
    let (app, _) = app();
    // Right bearer, no Coder token: Coder's own 401 comes back through.
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/users/me",
        &[("Authorization", BEARER)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.json()["message"].is_string(),
        "a Coder-style error: {}",
        r.body
    );

    let uri = format!(
        "/api/proxy/coder/api/v2/workspaces?q={}&limit=0",
        enc("owner:me status:failed")
    );
    let r = get(
        &app,
        &uri,
        &[("Authorization", BEARER), ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["count"], 1);
    assert_eq!(r.json()["workspaces"][0]["name"], "bp-flaky-tests");

    // Routes with path parameters work through the proxy too.
    let build = r.json()["workspaces"][0]["latest_build"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let uri = format!("/api/proxy/coder/api/v2/workspacebuilds/{build}/parameters");
    let r = get(
        &app,
        &uri,
        &[("Authorization", BEARER), ("Coder-Session-Token", TOKEN)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()[0]["name"], "repo_url");
}

#[tokio::test]
async fn custom_backstage_token() {
    let (app, _) = app_with(Config {
        backstage_token: "bs-token".into(),
        ..Config::default()
    });
    let h = [("Coder-Session-Token", TOKEN), ("Authorization", BEARER)];
    assert_eq!(
        get(&app, "/api/proxy/coder/api/v2/users/me", &h)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let h = [
        ("Coder-Session-Token", TOKEN),
        ("Authorization", "Bearer bs-token"),
    ];
    assert_eq!(
        get(&app, "/api/proxy/coder/api/v2/users/me", &h)
            .await
            .status,
        StatusCode::OK
    );
    let v = get(&app, "/api/auth/guest/refresh", &[]).await.json();
    assert_eq!(v["backstageIdentity"]["token"], "bs-token");
}

/// A target that answers with what it received.
fn echo() -> Router {
    Router::new().fallback(any(|req: Request| async move {
        let headers: serde_json::Map<String, serde_json::Value> = req
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").into()))
            .collect();
        axum::Json(serde_json::json!({
            "method": req.method().as_str(),
            "uri": req.uri().to_string(),
            "headers": headers,
        }))
    }))
}

#[tokio::test]
async fn strips_authorization_and_cookies_keeps_the_rest() {
    let app = proxy::router("tok", echo());
    let r = send(
        &app,
        axum::http::Method::POST,
        "/api/proxy/coder/api/v2/x?q=owner%3Ame&limit=0",
        &[
            ("Authorization", "Bearer tok"),
            ("Coder-Session-Token", "abc"),
            ("Cookie", "coder-refresh-token=secret"),
            ("Accept", "application/json"),
        ],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["uri"], "/api/v2/x?q=owner%3Ame&limit=0");
    let h = &v["headers"];
    assert_eq!(h["coder-session-token"], "abc");
    assert_eq!(h["accept"], "application/json");
    assert!(h.get("authorization").is_none(), "{h}");
    assert!(h.get("cookie").is_none(), "{h}");

    let v = get(&app, "/api/proxy/coder", &[("Authorization", "Bearer tok")])
        .await
        .json();
    assert_eq!(v["uri"], "/");
}

#[tokio::test]
async fn icons_pass_without_a_bearer_because_img_tags_cannot_send_one() {
    let (app, _) = app();
    let r = get(&app, "/api/proxy/coder/icon/docker.svg", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    // ...but only icons.
    assert_eq!(
        get(&app, "/api/proxy/coder/cli-auth", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&app, "/api/proxy/coder/icon/../api/v2/users/me", &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn pages_through_the_proxy() {
    let (app, _) = app();
    let r = get(
        &app,
        "/api/proxy/coder/@demo/coder-docs",
        &[("Authorization", BEARER)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Workspace demo/coder-docs"));
    let r = get(
        &app,
        "/api/proxy/coder/nothing/here",
        &[("Authorization", BEARER)],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["message"].is_string());
}
