//! `/api/proxy/coder/*` behaves like Backstage's real proxy with our README's
//! endpoint config: Backstage bearer required (icons too), only the safe and
//! allowed headers pass both ways (Backstage's `Authorization` included),
//! GET and POST only (a POST's body and `Content-Type` pass), no `..`
//! segments; the query string passes through.

mod common;

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::routing::any;
use axum::Router;
use coder_demo_server::args::DEFAULT_BACKSTAGE_TOKEN;
use coder_demo_server::{proxy, Config};
use common::*;

const BEARER: &str = concat!("Bearer ", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvZ3Vlc3QiLCJlbnQiOlsidXNlcjpkZWZhdWx0L2d1ZXN0Il0sImV4cCI6NDEwMjQ0NDgwMH0.demo");

/// Backstage's 401 as the real proxy sends it (`request.url` relative to
/// `/api/proxy`).
fn backstage_401(message: &str, url: &str) -> serde_json::Value {
    serde_json::json!({
        "error": { "name": "AuthenticationError", "message": message },
        "request": { "method": "GET", "url": url },
        "response": { "statusCode": 401 },
    })
}

#[tokio::test]
async fn without_a_valid_bearer_backstage_answers_401_itself() {
    let (app, _) = app();
    assert_eq!(BEARER, format!("Bearer {DEFAULT_BACKSTAGE_TOKEN}"));
    let uri = "/api/proxy/coder/api/v2/users/me";
    for (authorization, message) in [
        (None, "Missing credentials"),
        // Not `Bearer <one word>`: no credentials at all, for Backstage.
        (Some("Basic Zm9vOmJhcg=="), "Missing credentials"),
        (Some(DEFAULT_BACKSTAGE_TOKEN), "Missing credentials"),
        (Some("Bearer"), "Missing credentials"),
        (Some("Bearer not-a-token"), "Illegal token"),
    ] {
        let mut headers = vec![("Coder-Session-Token", TOKEN)];
        headers.extend(authorization.map(|a| ("Authorization", a)));
        let r = get(&app, uri, &headers).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{headers:?}");
        assert_eq!(
            r.json(),
            backstage_401(message, "/coder/api/v2/users/me"),
            "{headers:?}"
        );
    }
    // The query string stays out of the echoed URL: it may carry states.
    let r = get(&app, "/api/proxy/coder?q=secret", &[]).await;
    assert_eq!(r.json(), backstage_401("Missing credentials", "/coder"));

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
    // Right bearer, no Coder token: the Backstage JWT reaches Coder as
    // `Authorization: Bearer`, Coder reads it as a token of its own and
    // its 401 comes back unchanged.
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/users/me",
        &[("Authorization", BEARER)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["message"], "Invalid session token.", "{}", r.body);

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
        let method = req.method().as_str().to_string();
        let uri = req.uri().to_string();
        let body = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        axum::Json(serde_json::json!({
            "method": method,
            "uri": uri,
            "headers": headers,
            "body": String::from_utf8_lossy(&body),
        }))
    }))
}

#[tokio::test]
async fn forwards_only_safe_and_allowed_request_headers() {
    let app = proxy::router("tok", echo());
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/x?q=owner%3Ame&limit=0",
        &[
            ("Authorization", "Bearer tok"),
            ("Coder-Session-Token", "abc"),
            ("Host", "127.0.0.1:7007"),
            ("Accept", "application/json"),
            ("Accept-Language", "en"),
            ("User-Agent", "test"),
            ("Cache-Control", "no-cache"),
            ("Content-Type", "text/plain"),
            ("Cookie", "coder-refresh-token=secret"),
            ("Origin", "http://127.0.0.1:3000"),
            ("Referer", "http://127.0.0.1:3000/catalog"),
            ("X-Requested-With", "XMLHttpRequest"),
            ("X-Custom-Header", "x"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["method"], "GET");
    assert_eq!(v["uri"], "/api/v2/x?q=owner%3Ame&limit=0");
    let h = v["headers"].as_object().unwrap();
    let mut names: Vec<&str> = h.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "accept",
            "accept-language",
            "authorization",
            "cache-control",
            "coder-session-token",
            "content-type",
            "host",
            "user-agent"
        ]
    );
    // `allowedHeaders` lists it, so Backstage's bearer reaches Coder as is.
    assert_eq!(h["authorization"], "Bearer tok");
    assert_eq!(h["coder-session-token"], "abc");
    assert_eq!(h["host"], "127.0.0.1:7007");

    let v = get(&app, "/api/proxy/coder", &[("Authorization", "Bearer tok")])
        .await
        .json();
    assert_eq!(v["uri"], "/");
}

#[tokio::test]
async fn passes_back_only_safe_and_allowed_response_headers() {
    let kept = [
        ("content-type", "application/json"),
        ("content-length", "2"),
        ("cache-control", "no-store"),
        ("content-language", "en"),
        ("expires", "0"),
        ("last-modified", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ("pragma", "no-cache"),
        ("coder-session-token", "echoed"),
        ("authorization", "Bearer echoed"),
    ];
    let dropped = [
        ("set-cookie", "coder_session_token=abc; Path=/"),
        ("retry-after", "3"),
        ("www-authenticate", "Bearer"),
        ("etag", "\"abc\""),
        ("x-custom-header", "x"),
        ("content-security-policy", "default-src 'none'"),
    ];
    let target = Router::new().fallback(any(move || async move {
        let mut response = axum::response::Response::new(axum::body::Body::from("{}"));
        for (k, v) in kept.iter().chain(&dropped) {
            response.headers_mut().insert(*k, v.parse().unwrap());
        }
        response
    }));
    let app = proxy::router("tok", target);
    let r = get(
        &app,
        "/api/proxy/coder/api/v2/users/me",
        &[("Authorization", "Bearer tok")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for (k, v) in kept {
        assert_eq!(r.header(k), Some(v), "{k}");
    }
    for (k, _) in dropped {
        assert_eq!(r.header(k), None, "{k}");
    }
    assert_eq!(r.headers.len(), kept.len(), "{:?}", r.headers);
}

#[tokio::test]
async fn post_passes_with_its_body_and_content_type() {
    let app = proxy::router("tok", echo());
    let body = r#"{"transition":"start"}"#;
    let r = send(
        &app,
        Method::POST,
        "/api/proxy/coder/api/v2/workspaces/x/builds?a=1",
        &[
            ("Authorization", "Bearer tok"),
            ("Content-Type", "application/json"),
            ("Content-Length", "22"),
            ("Coder-Session-Token", "abc"),
        ],
        body,
    )
    .await;
    assert_eq!(body.len(), 22);
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["uri"], "/api/v2/workspaces/x/builds?a=1");
    assert_eq!(v["body"], body);
    assert_eq!(v["headers"]["content-type"], "application/json");
    assert_eq!(v["headers"]["content-length"], body.len().to_string());
    assert_eq!(v["headers"]["coder-session-token"], "abc");
}

#[tokio::test]
async fn a_build_posted_through_the_proxy_reaches_the_fake_coder() {
    let (app, _) = app();
    let stopped = "3c5a0000-0000-4000-8000-000000000004"; // demo/bp-old-branch
    let r = send(
        &app,
        Method::POST,
        &format!("/api/proxy/coder/api/v2/workspaces/{stopped}/builds"),
        &[
            ("Authorization", BEARER),
            ("Coder-Session-Token", TOKEN),
            ("Content-Type", "application/json"),
        ],
        r#"{"transition":"start"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["transition"], "start");
    assert_eq!(r.json()["status"], "pending");
    // Without Backstage's bearer, Backstage answers and nothing is built.
    let r = send(
        &app,
        Method::POST,
        &format!("/api/proxy/coder/api/v2/workspaces/{stopped}/builds"),
        &[("Coder-Session-Token", TOKEN)],
        r#"{"transition":"stop"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["name"], "AuthenticationError");
}

#[tokio::test]
async fn methods_other_than_get_and_post_are_a_bare_404() {
    let app = proxy::router("tok", echo());
    let uri = "/api/proxy/coder/api/v2/users/me";
    for method in [
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
    ] {
        let r = send(
            &app,
            method.clone(),
            uri,
            &[("Authorization", "Bearer tok")],
            "{}",
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(r.body, "", "{method}: nothing reached the target");
    }
    // Backstage checks credentials before the proxy looks at the method.
    let r = send(&app, Method::DELETE, uri, &[], "{}").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let v = r.json();
    assert_eq!(v["error"]["message"], "Missing credentials");
    assert_eq!(v["request"]["method"], "DELETE");
}

#[tokio::test]
async fn dot_dot_segments_are_refused_in_every_spelling() {
    let app = proxy::router("tok", echo());
    let auth = [("Authorization", "Bearer tok")];
    for uri in [
        "/api/proxy/coder/icon/../api/v2/users/me",
        "/api/proxy/coder/icon/%2e%2e/api/v2/users/me",
        "/api/proxy/coder/icon/..%2Fapi/v2/users/me",
        "/api/proxy/coder/icon/..%5Capi/v2/users/me",
        "/api/proxy/coder/..",
        "/api/proxy/coder/icon/%zz.svg",
    ] {
        let r = get(&app, uri, &auth).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(r.body, "Bad Request", "{uri}");
        assert_eq!(
            r.header("content-type"),
            Some("text/plain; charset=utf-8"),
            "{uri}"
        );
        // ...after the credentials check.
        assert_eq!(
            get(&app, uri, &[]).await.status,
            StatusCode::UNAUTHORIZED,
            "{uri}"
        );
    }
    // Dots inside a name, and `..` in the query, are fine.
    for uri in [
        "/api/proxy/coder/icon/a..b.svg",
        "/api/proxy/coder/api/v2/workspaces?q=..",
    ] {
        assert_eq!(get(&app, uri, &auth).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn icons_need_backstage_credentials_like_everything_else() {
    let (app, _) = app();
    let r = get(&app, "/api/proxy/coder/icon/docker.svg", &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json(),
        backstage_401("Missing credentials", "/coder/icon/docker.svg")
    );
    let r = get(
        &app,
        "/api/proxy/coder/icon/docker.svg",
        &[("Authorization", BEARER)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert!(r.body.starts_with("<svg"), "{}", r.body);
    // Coder serves icons to anyone: only Backstage's bearer is needed.
    assert_eq!(
        get(&app, "/icon/docker.svg", &[]).await.status,
        StatusCode::OK
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
