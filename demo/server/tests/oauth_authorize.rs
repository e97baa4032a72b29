//! The fake Coder's OAuth2 authorize endpoint: the consent page, the
//! decision it posts, and the requests it refuses without redirecting.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use coder_demo_server::auth::BUILTIN_CLIENT_ID;
use coder_demo_server::OAuthClient;
use common::oauth::*;
use common::*;

#[tokio::test]
async fn the_consent_page_names_the_client_escaped_and_cannot_be_framed() {
    let hostile = "<b>\"app\"&'x'</b>";
    let (app, _) = app_with_client(OAuthClient {
        id: hostile.into(),
        redirect_uris: vec!["http://127.0.0.1:7007/cb?a=<i>".into()],
        ..OAuthClient::default()
    });
    let uri = authorize_with(&[
        ("response_type", "code"),
        ("client_id", hostile),
        ("redirect_uri", "http://127.0.0.1:7007/cb?a=<i>"),
        ("state", "<script>"),
    ]);
    let c = consent(&app, &uri, None).await;
    let body = &c.page.body;
    assert!(
        body.contains("&lt;b&gt;&quot;app&quot;&amp;&#39;x&#39;&lt;/b&gt;"),
        "{body}"
    );
    assert!(
        body.contains("http://127.0.0.1:7007/cb?a=&lt;i&gt;"),
        "{body}"
    );
    assert!(!body.contains("<b>") && !body.contains("<i>") && !body.contains("<script>"));
    assert!(body.contains("value=\"allow\">Allow</button>"));
    assert!(body.contains("value=\"deny\">Deny</button>"));
    assert!(body.contains("method=\"post\" action=\"/oauth2/authorize\""));
    assert_eq!(c.id.len(), 32);
    assert_eq!(c.page.header("x-frame-options"), Some("deny"));
    assert_eq!(
        c.page.header("content-security-policy"),
        Some("frame-ancestors 'none'")
    );
    assert_eq!(c.page.header("cache-control"), Some("no-store"));
    assert_eq!(c.page.header("referrer-policy"), Some("no-referrer"));
    let set_cookie = c.page.header("set-cookie").unwrap();
    for part in [
        "coder-oauth-browser=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/oauth2/authorize",
    ] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
}

#[tokio::test]
async fn allow_redirects_with_a_code_and_the_state_verbatim() {
    let (app, _) = app();
    let state = "a b&c=d/é?#+%20;\"<>'";
    let c = consent(&app, &authorize_uri(state, &[("scope", "")]), None).await;
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let params = redirect_params(&r, REDIRECT);
    assert_eq!(value(&params, "state"), Some(state));
    let code = value(&params, "code").unwrap();
    assert_eq!(code.len(), 32);
    assert_eq!(value(&params, "error"), None);
    assert_eq!(params.len(), 2, "{params:?}");
}

#[tokio::test]
async fn deny_redirects_with_access_denied_and_the_state() {
    let (app, _) = app();
    let c = consent(&app, &authorize_uri("s 1&2", &[]), None).await;
    let r = decide(&app, &c.id, "deny", Some(&c.cookie)).await;
    let params = redirect_params(&r, REDIRECT);
    assert_eq!(value(&params, "error"), Some("access_denied"));
    assert_eq!(value(&params, "state"), Some("s 1&2"));
    assert_eq!(value(&params, "code"), None);
    // The consent is answered: a later Allow can't turn it into a code.
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    assert_error_page(&r, "invalid_request", "answered consent");
}

#[tokio::test]
async fn a_registered_query_is_kept_and_a_missing_state_stays_missing() {
    let second = "http://localhost:3000/api/auth/coder/handler/frame?env=development";
    let (app, _) = app_with_client(OAuthClient {
        redirect_uris: vec![REDIRECT.into(), second.into()],
        ..OAuthClient::default()
    });
    let uri = authorize_with(&[
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", second),
    ]);
    let c = consent(&app, &uri, None).await;
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    let location = r.header("location").unwrap();
    let query = location
        .strip_prefix("http://localhost:3000/api/auth/coder/handler/frame?")
        .unwrap();
    let params = decode(query);
    assert_eq!(value(&params, "env"), Some("development"));
    assert!(value(&params, "code").is_some());
    assert_eq!(value(&params, "state"), None);
}

#[tokio::test]
async fn requests_that_cannot_be_trusted_get_an_error_page_not_a_redirect() {
    let (app, _) = app();
    let base = |client: &str, redirect: &str, response_type: &str| {
        vec![
            ("response_type".to_string(), response_type.to_string()),
            ("client_id".to_string(), client.to_string()),
            ("redirect_uri".to_string(), redirect.to_string()),
            ("state".to_string(), "s".to_string()),
        ]
    };
    let ok = || base(CLIENT_ID, REDIRECT, "code");
    let with = |extra: &[(&str, &str)]| {
        let mut p = ok();
        p.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        p
    };
    let without = |key: &str| {
        let mut p = ok();
        p.retain(|(k, _)| k != key);
        p
    };
    let cases = [
        ("no client_id", without("client_id"), "invalid_request"),
        (
            "unknown client",
            base("other", REDIRECT, "code"),
            "invalid_client",
        ),
        (
            "no redirect_uri",
            without("redirect_uri"),
            "invalid_request",
        ),
        (
            "unregistered redirect",
            base(CLIENT_ID, "https://evil.example/cb", "code"),
            "invalid_request",
        ),
        (
            "registered prefix only",
            base(CLIENT_ID, &format!("{REDIRECT}/../evil"), "code"),
            "invalid_request",
        ),
        (
            "token response type",
            base(CLIENT_ID, REDIRECT, "token"),
            "unsupported_response_type",
        ),
        (
            "no response type",
            without("response_type"),
            "unsupported_response_type",
        ),
        (
            "challenge without method",
            with(&[("code_challenge", CHALLENGE)]),
            "invalid_request",
        ),
        (
            "plain method",
            with(&[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "plain"),
            ]),
            "invalid_request",
        ),
        (
            "method without challenge",
            with(&[("code_challenge_method", "S256")]),
            "invalid_request",
        ),
        (
            "short challenge",
            with(&[("code_challenge", "abc"), ("code_challenge_method", "S256")]),
            "invalid_request",
        ),
        ("repeated state", with(&[("state", "t")]), "invalid_request"),
    ];
    for (name, pairs, error) in cases {
        let query = serde_urlencoded::to_string(&pairs).unwrap();
        let r = get(&app, &format!("/oauth2/authorize?{query}"), &[]).await;
        assert_error_page(&r, error, name);
        assert!(r.header("set-cookie").is_none(), "{name}");
    }
}

#[tokio::test]
async fn a_decision_needs_the_browsers_cookie_and_counts_once() {
    let (app, _) = app();
    let c = consent(&app, &authorize_uri("s", &[]), None).await;
    // A cross-site form post carries no SameSite=Strict cookie.
    let r = decide(&app, &c.id, "allow", None).await;
    assert_error_page(&r, "access_denied", "no cookie");
    let r = decide(&app, &c.id, "allow", Some("coder-oauth-browser=0123")).await;
    assert_error_page(&r, "access_denied", "another browser");
    let r = decide(&app, &c.id, "maybe", Some(&c.cookie)).await;
    assert_error_page(&r, "invalid_request", "bad decision");
    let r = decide(&app, "", "allow", Some(&c.cookie)).await;
    assert_error_page(&r, "invalid_request", "empty consent id");
    // None of those used the consent up.
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    assert_error_page(&r, "invalid_request", "second answer");
}

#[tokio::test]
async fn one_browser_can_hold_several_consent_pages() {
    let (app, _) = app();
    let first = consent(&app, &authorize_uri("one", &[]), None).await;
    let second = consent(&app, &authorize_uri("two", &[]), Some(&first.cookie)).await;
    assert_eq!(second.cookie, first.cookie, "the browser keeps its id");
    assert_ne!(second.id, first.id);
    for (c, state) in [(&first, "one"), (&second, "two")] {
        let r = decide(&app, &c.id, "allow", Some(&first.cookie)).await;
        assert_eq!(value(&redirect_params(&r, REDIRECT), "state"), Some(state));
    }
    // A malformed cookie is replaced, not trusted.
    let third = consent(
        &app,
        &authorize_uri("3", &[]),
        Some("coder-oauth-browser=x"),
    )
    .await;
    assert_ne!(third.cookie, "coder-oauth-browser=x");
}

#[tokio::test]
async fn consent_pages_expire_after_ten_minutes() {
    let (app, state) = app();
    let c = consent(&app, &authorize_uri("s", &[]), None).await;
    state.clock().advance(Duration::from_secs(599));
    let fresh = consent(&app, &authorize_uri("s", &[]), Some(&c.cookie)).await;
    state.clock().advance(Duration::from_secs(1));
    let r = decide(&app, &c.id, "allow", Some(&c.cookie)).await;
    assert_error_page(&r, "invalid_request", "expired consent");
    let r = decide(&app, &fresh.id, "allow", Some(&c.cookie)).await;
    assert_eq!(r.status, StatusCode::FOUND);
}

#[tokio::test]
async fn the_builtin_backstage_sign_in_keeps_its_own_consent_page() {
    let (app, _) = app();
    let uri = format!("/oauth2/authorize?client_id={BUILTIN_CLIENT_ID}&state=nope");
    let r = get(&app, &uri, &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("sign-in request is unknown or has expired"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("oauth-error"));
}
