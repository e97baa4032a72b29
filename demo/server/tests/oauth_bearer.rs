//! `/api/v2/*` with `Authorization: Bearer`: OAuth2 access tokens the fake
//! Coder issued (until they expire) and the session token, with
//! `Coder-Session-Token` winning when both headers are present.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use coder_demo_server::args::DEFAULT_BACKSTAGE_TOKEN;
use coder_demo_server::OAuthClient;
use common::oauth::*;
use common::*;

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test]
async fn an_issued_access_token_works_as_bearer_or_session_token() {
    let (app, _) = app();
    let v = tokens(&app).await;
    let access = v["access_token"].as_str().unwrap();
    let r = me_with_bearer(&app, access).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["username"], "demo");
    let lower = format!("bearer {access}");
    let r = get(
        &app,
        "/api/v2/workspaces?q=owner:me",
        &[("Authorization", &lower)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["count"].as_u64().unwrap() > 0);
    // In Coder an OAuth2 access token is an API key like any other.
    let r = get(&app, "/api/v2/users/me", &[("Coder-Session-Token", access)]).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn the_session_token_works_as_bearer() {
    let (app, _) = app();
    let r = me_with_bearer(&app, TOKEN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn an_expired_access_token_is_refused() {
    let (app, state) = app_with_client(OAuthClient {
        token_lifetime_s: 5,
        ..OAuthClient::default()
    });
    let v = tokens(&app).await;
    assert_eq!(v["expires_in"], 5);
    let access = v["access_token"].as_str().unwrap();
    state.clock().advance(Duration::from_secs(4));
    assert_eq!(me_with_bearer(&app, access).await.status, StatusCode::OK);
    state.clock().advance(Duration::from_secs(1));
    let r = me_with_bearer(&app, access).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["message"], "API key expired.");
    // The refresh token still buys a fresh one.
    let fresh = refresh(&app, v["refresh_token"].as_str().unwrap())
        .await
        .json();
    let r = me_with_bearer(&app, fresh["access_token"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn coder_session_token_wins_over_authorization() {
    let (app, _) = app();
    // What a Backstage proxy forwarding credentials sends: its own JWT as
    // the bearer and the user's Coder token beside it.
    let backstage = bearer(DEFAULT_BACKSTAGE_TOKEN);
    let r = get(
        &app,
        "/api/v2/users/me",
        &[
            ("Coder-Session-Token", TOKEN),
            ("Authorization", &backstage),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A bad session token isn't rescued by a good bearer.
    let v = tokens(&app).await;
    let good = bearer(v["access_token"].as_str().unwrap());
    let r = get(
        &app,
        "/api/v2/users/me",
        &[("Coder-Session-Token", "wrong"), ("Authorization", &good)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["message"], "Invalid session token.");
}

#[tokio::test]
async fn other_authorization_headers_are_refused() {
    let (app, _) = app();
    for (name, value, message) in [
        ("unknown bearer", "Bearer made-up", "Invalid session token."),
        (
            "backstage jwt alone",
            &*bearer(DEFAULT_BACKSTAGE_TOKEN),
            "Invalid session token.",
        ),
        (
            "basic",
            "Basic ZGVtbzpkZW1v",
            "You must be logged in to use this endpoint.",
        ),
        (
            "bare token",
            TOKEN,
            "You must be logged in to use this endpoint.",
        ),
    ] {
        let r = get(&app, "/api/v2/users/me", &[("Authorization", value)]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(r.json()["message"], message, "{name}");
    }
}

#[tokio::test]
async fn through_the_proxy_the_access_token_must_be_the_session_header() {
    // Through Backstage's proxy `Authorization` is the Backstage token, and
    // it does reach Coder (the README's `allowedHeaders` lists it): an OAuth
    // access token has to travel as Coder-Session-Token there, which Coder
    // reads first.
    let (app, _) = app();
    let v = tokens(&app).await;
    let access = v["access_token"].as_str().unwrap();
    let backstage = bearer(DEFAULT_BACKSTAGE_TOKEN);
    let uri = "/api/proxy/coder/api/v2/users/me";
    let r = get(
        &app,
        uri,
        &[
            ("Authorization", &backstage),
            ("Coder-Session-Token", access),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Without it Coder takes the Backstage bearer for a token of its own.
    let r = get(&app, uri, &[("Authorization", &backstage)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["message"], "Invalid session token.");
}
