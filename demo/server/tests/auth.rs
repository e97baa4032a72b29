//! The Backstage side of sign-in: the guest identity and the Coder OAuth
//! popup flow (start → authorize page → handler frame → refresh → logout).

mod common;

use axum::http::{Method, StatusCode};
use coder_demo_server::args::DEFAULT_BACKSTAGE_TOKEN;
use common::*;
use serde_json::Value;

const APP_ORIGIN: &str = "http://127.0.0.1:7007";
const XHR: (&str, &str) = ("X-Requested-With", "XMLHttpRequest");

fn set_cookie<'a>(r: &'a Reply, name: &str) -> Option<&'a str> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

fn param<'a>(location: &'a str, key: &str) -> &'a str {
    location
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key} in {location}"))
}

/// The message the frame page posts, and the origin it posts it to.
fn posted(body: &str) -> (Value, Value) {
    let grab = |start: &str| -> Value {
        let from = body
            .find(start)
            .unwrap_or_else(|| panic!("{start} in {body}"))
            + start.len();
        let len = body[from..].find(";\n").unwrap();
        serde_json::from_str(&body[from..from + len]).unwrap()
    };
    (grab("var message = "), grab("var origin = "))
}

struct Started {
    nonce_cookie: String,
    state: String,
    authorize_url: String,
}

async fn start(app: &axum::Router, origin: &str) -> Started {
    let uri = format!(
        "/api/auth/coder/start?scope={}&origin={}&flow=popup&env=development",
        enc("openid"),
        enc(origin)
    );
    let r = get(app, &uri, &[("Host", "127.0.0.1:7007")]).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let location = r.header("location").unwrap().to_string();
    assert!(location.starts_with("/oauth2/authorize?"), "{location}");
    assert_eq!(param(&location, "response_type"), "code");
    assert_eq!(param(&location, "scope"), "openid");
    assert!(param(&location, "redirect_uri").contains("handler%2Fframe"));
    let nonce = set_cookie(&r, "coder-nonce").expect("nonce cookie");
    assert!(nonce.contains("HttpOnly") && nonce.contains("Path=/api/auth/coder/handler"));
    Started {
        nonce_cookie: cookie_pair(nonce),
        state: param(&location, "state").to_string(),
        authorize_url: location,
    }
}

/// Runs the popup flow through the consent page; returns the frame reply.
async fn sign_in(app: &axum::Router, decision: &str) -> Reply {
    let s = start(app, APP_ORIGIN).await;
    let page = get(app, &s.authorize_url, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"allow\">Authorize</button>"));
    assert!(page.body.contains("value=\"deny\">Cancel</button>"));
    assert!(page.body.contains(APP_ORIGIN));
    let r = send(
        app,
        Method::POST,
        "/oauth2/authorize",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &format!("state={}&decision={decision}", s.state),
    )
    .await;
    assert_eq!(r.status, StatusCode::FOUND);
    let location = r.header("location").unwrap().to_string();
    assert!(
        location.starts_with("/api/auth/coder/handler/frame?"),
        "{location}"
    );
    assert_eq!(param(&location, "state"), s.state);
    get(app, &location, &[("Cookie", &s.nonce_cookie)]).await
}

#[tokio::test]
async fn guest_identity() {
    let (app, _) = app();
    for method in [Method::GET, Method::POST] {
        let r = send(&app, method, "/api/auth/guest/refresh", &[], "").await;
        assert_eq!(r.status, StatusCode::OK);
        let v = r.json();
        let id = &v["backstageIdentity"];
        assert_eq!(id["token"], DEFAULT_BACKSTAGE_TOKEN);
        assert_eq!(id["identity"]["type"], "user");
        assert_eq!(id["identity"]["userEntityRef"], "user:default/guest");
        assert!(id["identity"]["ownershipEntityRefs"]
            .as_array()
            .unwrap()
            .contains(&"user:default/guest".into()));
        assert!(v["profile"].is_object());
    }
}

#[tokio::test]
async fn refresh_before_sign_in_is_backstages_401() {
    let (app, _) = app();
    let r = get(
        &app,
        "/api/auth/coder/refresh?optional&scope=&env=development",
        &[XHR],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let v = r.json();
    assert_eq!(v["error"]["name"], "AuthenticationError");
    assert_eq!(
        v["error"]["message"],
        "Refresh failed; caused by InputError: Missing session cookie"
    );
    assert_eq!(v["request"]["method"], "GET");
    assert_eq!(v["response"]["statusCode"], 401);

    let r = get(
        &app,
        "/api/auth/coder/refresh?optional&env=development",
        &[XHR, ("Cookie", "coder-refresh-token=forged")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_and_logout_require_x_requested_with() {
    let (app, _) = app();
    let r = get(
        &app,
        "/api/auth/coder/refresh?optional&env=development",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json()["error"]["message"],
        "Invalid X-Requested-With header"
    );
    let r = send(
        &app,
        Method::POST,
        "/api/auth/coder/logout?env=development",
        &[],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn popup_flow_posts_the_token_to_the_app_origin_then_refresh_works() {
    let (app, _) = app();
    let frame = sign_in(&app, "allow").await;
    assert_eq!(frame.status, StatusCode::OK);
    assert_eq!(
        frame.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let (message, origin) = posted(&frame.body);
    assert_eq!(origin, APP_ORIGIN);
    assert!(frame.body.contains("target.postMessage(message, origin)"));
    assert!(
        !frame.body.contains("'*'") && !frame.body.contains("\"*\""),
        "never post to *"
    );
    assert!(frame.body.contains("window.close()"));
    assert_eq!(message["type"], "authorization_response");
    let info = &message["response"]["providerInfo"];
    assert_eq!(info["accessToken"], TOKEN);
    assert_eq!(info["scope"], "openid");
    assert!(info["expiresInSeconds"].as_u64().unwrap() > 0);
    assert!(message["response"]["profile"].is_object());

    // The inline script is allowed by a per-response CSP nonce.
    let csp = frame.header("content-security-policy").unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().trim_end_matches('\'');
    assert!(frame.body.contains(&format!("<script nonce=\"{nonce}\">")));

    let refresh = set_cookie(&frame, "coder-refresh-token").expect("session cookie");
    assert!(refresh.contains("HttpOnly") && refresh.contains("Path=/api/auth/coder"));
    let cookie = cookie_pair(refresh);
    assert!(set_cookie(&frame, "coder-nonce")
        .unwrap()
        .contains("Max-Age=0"));

    let r = get(
        &app,
        "/api/auth/coder/refresh?optional&scope=openid&env=development",
        &[XHR, ("Cookie", &cookie)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["providerInfo"]["accessToken"], TOKEN);
    assert_eq!(v["providerInfo"]["scope"], "openid");
    assert!(v["profile"]["displayName"].is_string());
    // POST works too (core-app-api versions differ).
    let r = send(
        &app,
        Method::POST,
        "/api/auth/coder/refresh?env=development",
        &[XHR, ("Cookie", &cookie)],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);

    let r = send(
        &app,
        Method::POST,
        "/api/auth/coder/logout?env=development",
        &[XHR, ("Cookie", &cookie)],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(set_cookie(&r, "coder-refresh-token")
        .unwrap()
        .contains("Max-Age=0"));
    let r = get(
        &app,
        "/api/auth/coder/refresh?optional&env=development",
        &[XHR, ("Cookie", &cookie)],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "the old cookie is dead after logout"
    );
}

#[tokio::test]
async fn deny_posts_an_error() {
    let (app, _) = app();
    let frame = sign_in(&app, "deny").await;
    let (message, origin) = posted(&frame.body);
    assert_eq!(origin, APP_ORIGIN);
    assert_eq!(message["type"], "authorization_response");
    assert_eq!(message["error"]["name"], "Error");
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Login failed, "));
    assert!(message.get("response").is_none());
    assert!(set_cookie(&frame, "coder-refresh-token").is_none());
    assert!(!frame.body.contains(TOKEN));
}

#[tokio::test]
async fn the_callback_needs_the_nonce_cookie_a_valid_code_and_works_once() {
    let (app, _) = app();
    // No nonce cookie (another browser).
    let s = start(&app, APP_ORIGIN).await;
    let r = send(
        &app,
        Method::POST,
        "/oauth2/authorize",
        &[],
        &format!("state={}&decision=allow", s.state),
    )
    .await;
    let location = r.header("location").unwrap().to_string();
    let frame = get(&app, &location, &[]).await;
    let (message, _) = posted(&frame.body);
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .contains("missing cookie nonce"));
    // The attempt is used up.
    let frame = get(
        &app,
        &location,
        &[("Cookie", &s.nonce_cookie), ("Host", "127.0.0.1:7007")],
    )
    .await;
    let (message, _) = posted(&frame.body);
    assert!(message["error"].is_object() && !frame.body.contains(TOKEN));
    // Without a usable Host there is no origin to post to: text only.
    let frame = get(&app, &location, &[("Cookie", &s.nonce_cookie)]).await;
    assert!(!frame.body.contains("<script") && frame.body.contains("did not complete"));

    // Wrong code.
    let s = start(&app, APP_ORIGIN).await;
    send(
        &app,
        Method::POST,
        "/oauth2/authorize",
        &[],
        &format!("state={}&decision=allow", s.state),
    )
    .await;
    let uri = format!("/api/auth/coder/handler/frame?code=guess&state={}", s.state);
    let frame = get(&app, &uri, &[("Cookie", &s.nonce_cookie)]).await;
    let (message, _) = posted(&frame.body);
    assert_eq!(
        message["error"]["message"],
        "Login failed, invalid authorization code"
    );

    // Unknown state: the error goes to this server's own origin.
    let frame = get(
        &app,
        "/api/auth/coder/handler/frame?code=x&state=nope",
        &[("Host", "127.0.0.1:7007")],
    )
    .await;
    let (message, origin) = posted(&frame.body);
    assert!(message["error"].is_object());
    assert_eq!(origin, APP_ORIGIN);

    // Expired or unknown state on the consent page.
    let r = get(&app, "/oauth2/authorize?state=nope", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        Method::POST,
        "/oauth2/authorize",
        &[],
        "state=nope&decision=allow",
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn start_checks_env_and_origin() {
    let (app, _) = app();
    let r = get(
        &app,
        "/api/auth/coder/start?scope=&origin=http%3A%2F%2F127.0.0.1%3A7007&flow=popup",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["name"], "InputError");

    for bad in [
        "https://evil.example",
        "*",
        "null",
        "http://127.0.0.1.evil.example:7007",
    ] {
        let uri = format!(
            "/api/auth/coder/start?scope=&origin={}&flow=popup&env=development",
            enc(bad)
        );
        let r = get(&app, &uri, &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{bad}");
        assert_eq!(r.json()["error"]["name"], "NotAllowedError");
    }
    // Another loopback port is fine (a separate host page in tests).
    let s = start(&app, "http://localhost:5173").await;
    assert!(!s.state.is_empty());
    // Without an origin, the server's own one is used.
    let r = get(
        &app,
        "/api/auth/coder/start?env=development",
        &[("Host", "127.0.0.1:7007")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FOUND);
}

#[tokio::test]
async fn script_data_is_escaped() {
    // A hostile origin can't get here (only loopback origins pass), but the
    // message text is escaped for the script context regardless.
    let (app, _) = app();
    let frame = sign_in(&app, "deny").await;
    let script = frame.body.split("<script").nth(1).unwrap();
    assert_eq!(script.matches("</script>").count(), 1);
    let uri = "/api/auth/coder/handler/frame?error=%3C%2Fscript%3E&state=nope";
    let frame = get(&app, uri, &[("Host", "127.0.0.1:7007")]).await;
    assert_eq!(frame.body.matches("</script>").count(), 1);
}
