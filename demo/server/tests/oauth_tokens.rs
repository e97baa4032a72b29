//! The fake Coder's OAuth2 token endpoint: client authentication, the
//! authorization_code grant (one-time, expiring, PKCE) and refresh rotation,
//! every refusal with its RFC 6749 error code.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use coder_demo_server::OAuthClient;
use common::oauth::*;
use common::*;

#[tokio::test]
async fn a_code_buys_a_bearer_token_pair() {
    let (app, _) = app();
    let code = code_with(&app, &[]).await;
    let r = exchange(&app, &code, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("pragma"), Some("no-cache"));
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 3600);
    let (access, refresh) = (
        v["access_token"].as_str().unwrap(),
        v["refresh_token"].as_str().unwrap(),
    );
    assert!(!access.is_empty() && !refresh.is_empty() && access != refresh);
    let expiry = v["expiry"].as_str().unwrap();
    assert!(
        expiry.len() == 24 && expiry.ends_with('Z') && expiry.as_bytes()[10] == b'T',
        "{expiry}"
    );
}

#[tokio::test]
async fn clients_may_authenticate_with_http_basic() {
    // Basic form-urlencodes both parts before base64 (RFC 6749 §2.3.1).
    let secret = "s:e+c%ret";
    let (app, _) = app_with_client(OAuthClient {
        secret: secret.into(),
        ..OAuthClient::default()
    });
    let code = code_with(&app, &[]).await;
    // base64("backstage:s%3Ae%2Bc%25ret")
    let basic = "Basic YmFja3N0YWdlOnMlM0FlJTJCYyUyNXJldA==";
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
    ];
    let r = token_request(&app, &pairs, &[("Authorization", basic)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The same secret in the body works too.
    let code = code_with(&app, &[]).await;
    let r = token_request(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT_ID),
            ("client_secret", secret),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn client_authentication_failures_are_invalid_client() {
    let (app, _) = app();
    let code = code_with(&app, &[]).await;
    let grant = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
    ];
    let body_cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "wrong secret",
            &[("client_id", CLIENT_ID), ("client_secret", "nope")],
        ),
        (
            "unknown client",
            &[("client_id", "other"), ("client_secret", SECRET)],
        ),
        ("no secret", &[("client_id", CLIENT_ID)]),
        ("no credentials", &[]),
    ];
    for (name, creds) in body_cases {
        let mut pairs = grant.to_vec();
        pairs.extend_from_slice(creds);
        let r = token_request(&app, &pairs, &[]).await;
        assert_token_error(&r, StatusCode::UNAUTHORIZED, "invalid_client", name);
        assert_eq!(
            r.header("www-authenticate"),
            Some("Basic realm=\"coder\""),
            "{name}"
        );
    }
    for (name, header) in [
        ("basic, wrong secret", "Basic YmFja3N0YWdlOm5vcGU="),
        ("basic, not base64", "Basic !!!"),
        ("basic, no colon", "Basic YmFja3N0YWdl"),
        ("bearer instead", "Bearer demo-session-token"),
    ] {
        let r = token_request(&app, &grant, &[("Authorization", header)]).await;
        assert_token_error(&r, StatusCode::UNAUTHORIZED, "invalid_client", name);
    }
    // base64("backstage:demo-client-secret"), plus credentials in the body.
    let basic = (
        "Authorization",
        "Basic YmFja3N0YWdlOmRlbW8tY2xpZW50LXNlY3JldA==",
    );
    for (name, extra) in [
        ("secret twice", ("client_secret", SECRET)),
        ("other id in body", ("client_id", "other")),
    ] {
        let mut pairs = grant.to_vec();
        pairs.push(extra);
        let r = token_request(&app, &pairs, &[basic]).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_request", name);
    }
    // Failed client authentication doesn't burn the code.
    let mut pairs = grant.to_vec();
    pairs.push(("client_id", CLIENT_ID));
    let r = token_request(&app, &pairs, &[basic]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn codes_work_once() {
    let (app, _) = app();
    let code = code_with(&app, &[]).await;
    assert_eq!(exchange(&app, &code, &[]).await.status, StatusCode::OK);
    let r = exchange(&app, &code, &[]).await;
    assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", "reused code");
    let r = exchange(&app, "0123456789abcdef0123456789abcdef", &[]).await;
    assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", "made-up code");
}

#[tokio::test]
async fn codes_expire_after_a_minute() {
    let (app, state) = app();
    let (early, late) = (code_with(&app, &[]).await, code_with(&app, &[]).await);
    state.clock().advance(Duration::from_secs(59));
    assert_eq!(exchange(&app, &early, &[]).await.status, StatusCode::OK);
    state.clock().advance(Duration::from_secs(1));
    let r = exchange(&app, &late, &[]).await;
    assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", "expired code");
    // The demo's progression reset must not revive it.
    let r = send(&app, Method::POST, "/__demo/reset", &[], "").await;
    assert!(r.status.is_success());
    let r = exchange(&app, &late, &[]).await;
    assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", "after reset");
}

#[tokio::test]
async fn the_redirect_uri_must_be_the_one_the_code_was_issued_for() {
    let other = "http://localhost:7007/api/auth/coder/handler/frame";
    let (app, _) = app_with_client(OAuthClient {
        redirect_uris: vec![REDIRECT.into(), other.into()],
        ..OAuthClient::default()
    });
    let code = code_with(&app, &[]).await;
    let r = exchange(&app, &code, &[("redirect_uri", other)]).await;
    // exchange() already sent one redirect_uri: a repeat is malformed.
    assert_token_error(
        &r,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "two redirect_uris",
    );
    for (name, redirect) in [
        ("other registered uri", Some(other)),
        ("no redirect_uri", None),
    ] {
        let code = code_with(&app, &[]).await;
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ];
        pairs.extend(redirect.map(|r| ("redirect_uri", r)));
        let r = token_request(&app, &pairs, &[]).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", name);
    }
}

#[tokio::test]
async fn pkce_verifiers_are_checked() {
    let (app, _) = app();
    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let code = code_with(&app, &pkce).await;
    let r = exchange(&app, &code, &[("code_verifier", VERIFIER)]).await;
    assert_eq!(r.status, StatusCode::OK, "right verifier: {}", r.body);

    let wrong = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK";
    let long = "a".repeat(129);
    for (name, verifier, error) in [
        ("wrong verifier", Some(wrong), "invalid_grant"),
        ("missing verifier", None, "invalid_request"),
        ("short verifier", Some("abc"), "invalid_request"),
        ("long verifier", Some(long.as_str()), "invalid_request"),
        (
            "verifier with a space",
            Some(&format!("{} ", &VERIFIER[..42])),
            "invalid_request",
        ),
    ] {
        let code = code_with(&app, &pkce).await;
        let extra: Vec<_> = verifier.map(|v| ("code_verifier", v)).into_iter().collect();
        let r = exchange(&app, &code, &extra).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, error, name);
        // Whatever went wrong, the code is spent.
        let r = exchange(&app, &code, &[("code_verifier", VERIFIER)]).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", name);
    }
    // A verifier for a code issued without a challenge.
    let code = code_with(&app, &[]).await;
    let r = exchange(&app, &code, &[("code_verifier", VERIFIER)]).await;
    assert_token_error(
        &r,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        "unexpected verifier",
    );
}

#[tokio::test]
async fn malformed_token_requests_are_refused() {
    let (app, _) = app();
    let client = [("client_id", CLIENT_ID), ("client_secret", SECRET)];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut p = client.to_vec();
        p.extend_from_slice(extra);
        p
    };
    for (name, pairs, error) in [
        ("no grant_type", with(&[]), "invalid_request"),
        (
            "password grant",
            with(&[("grant_type", "password")]),
            "unsupported_grant_type",
        ),
        (
            "no code",
            with(&[("grant_type", "authorization_code")]),
            "invalid_request",
        ),
        (
            "empty code",
            with(&[("grant_type", "authorization_code"), ("code", "")]),
            "invalid_request",
        ),
        (
            "no refresh token",
            with(&[("grant_type", "refresh_token")]),
            "invalid_request",
        ),
        (
            "repeated grant_type",
            with(&[
                ("grant_type", "refresh_token"),
                ("grant_type", "refresh_token"),
            ]),
            "invalid_request",
        ),
    ] {
        let r = token_request(&app, &pairs, &[]).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, error, name);
    }
    let body = form(&with(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", "x"),
    ]));
    for (name, content_type) in [
        ("json body", Some("application/json")),
        ("no content type", None),
    ] {
        let headers: Vec<_> = content_type
            .map(|c| ("Content-Type", c))
            .into_iter()
            .collect();
        let r = send(&app, Method::POST, "/oauth2/tokens", &headers, &body).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_request", name);
    }
    let charset = (
        "Content-Type",
        "application/x-www-form-urlencoded; charset=utf-8",
    );
    let r = send(&app, Method::POST, "/oauth2/tokens", &[charset], &body).await;
    assert_token_error(
        &r,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        "charset is fine",
    );
}

#[tokio::test]
async fn refresh_tokens_rotate() {
    let (app, _) = app();
    let first = tokens(&app).await;
    let old_refresh = first["refresh_token"].as_str().unwrap();
    let r = refresh(&app, old_refresh).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let second = r.json();
    assert_eq!(second["token_type"], "Bearer");
    assert_ne!(second["access_token"], first["access_token"]);
    assert_ne!(second["refresh_token"], first["refresh_token"]);

    for (name, token) in [("used", old_refresh), ("unknown", "made-up")] {
        let r = refresh(&app, token).await;
        assert_token_error(&r, StatusCode::BAD_REQUEST, "invalid_grant", name);
    }

    // The access token of the rotated pair is revoked with it.
    let r = me_with_bearer(&app, first["access_token"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = me_with_bearer(&app, second["access_token"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = refresh(&app, second["refresh_token"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "the new refresh token works once");
}
