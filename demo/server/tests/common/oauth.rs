//! Driving the fake Coder's OAuth2 provider the way a Backstage backend
//! (passport-oauth2) and a browser would.

use axum::http::{Method, StatusCode};
use axum::Router;
use coder_demo_server::args::{
    DEFAULT_OAUTH_CLIENT_ID, DEFAULT_OAUTH_CLIENT_SECRET, DEFAULT_OAUTH_REDIRECT_URI,
};
use coder_demo_server::{AppState, Config, OAuthClient};
use serde_json::Value;

use super::{app_with, enc, get, send, Reply};

pub const CLIENT_ID: &str = DEFAULT_OAUTH_CLIENT_ID;
pub const SECRET: &str = DEFAULT_OAUTH_CLIENT_SECRET;
pub const REDIRECT: &str = DEFAULT_OAUTH_REDIRECT_URI;
pub const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
/// RFC 7636 Appendix B's verifier and its S256 challenge.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// Encodes pairs as a query string or form body.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes a query string or form body.
pub fn decode(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap()
}

/// The whole app with `client` registered.
pub fn app_with_client(client: OAuthClient) -> (Router, AppState) {
    app_with(Config {
        oauth_client: client,
        ..Config::default()
    })
}

/// `/oauth2/authorize` with exactly these parameters.
pub fn authorize_with(pairs: &[(&str, &str)]) -> String {
    format!("/oauth2/authorize?{}", form(pairs))
}

/// `/oauth2/authorize` for the default client with `state`, plus `extra`.
pub fn authorize_uri(state: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("state", state),
    ];
    pairs.extend_from_slice(extra);
    authorize_with(&pairs)
}

/// A consent page as a browser holds it: the form's id and the cookie.
pub struct Consent {
    pub id: String,
    pub cookie: String,
    pub page: Reply,
}

pub async fn consent(app: &Router, uri: &str, cookie: Option<&str>) -> Consent {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
    let page = get(app, uri, &headers).await;
    assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
    let marker = "name=\"consent\" value=\"";
    let from = page.body.find(marker).expect("consent id in the form") + marker.len();
    let id = page.body[from..].split('"').next().unwrap().to_string();
    let set_cookie = page.header("set-cookie").expect("browser cookie");
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    Consent { id, cookie, page }
}

/// Posts the consent form; `cookie` is what the browser sends along.
pub async fn decide(app: &Router, id: &str, decision: &str, cookie: Option<&str>) -> Reply {
    let mut headers = vec![FORM];
    headers.extend(cookie.map(|c| ("Cookie", c)));
    let body = form(&[("consent", id), ("decision", decision)]);
    send(app, Method::POST, "/oauth2/authorize", &headers, &body).await
}

/// The decoded query of a redirect's `Location`, checked to go to `base`.
pub fn redirect_params(r: &Reply, base: &str) -> Vec<(String, String)> {
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let location = r.header("location").expect("Location");
    let query = location
        .strip_prefix(base)
        .and_then(|q| q.strip_prefix('?'))
        .unwrap_or_else(|| panic!("{location} goes to {base}"));
    decode(query)
}

pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Runs authorize → Allow with `extra` authorize parameters; returns the code.
pub async fn code_with(app: &Router, extra: &[(&str, &str)]) -> String {
    let c = consent(app, &authorize_uri("st", extra), None).await;
    let r = decide(app, &c.id, "allow", Some(&c.cookie)).await;
    let params = redirect_params(&r, REDIRECT);
    value(&params, "code").expect("code").to_string()
}

/// POSTs a form to `/oauth2/tokens` with extra headers.
pub async fn token_request(
    app: &Router,
    pairs: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Reply {
    let mut all = vec![FORM];
    all.extend_from_slice(headers);
    send(app, Method::POST, "/oauth2/tokens", &all, &form(pairs)).await
}

/// The authorization_code exchange as passport-oauth2 sends it, plus `extra`.
pub async fn exchange(app: &Router, code: &str, extra: &[(&str, &str)]) -> Reply {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("client_id", CLIENT_ID),
        ("client_secret", SECRET),
    ];
    pairs.extend_from_slice(extra);
    token_request(app, &pairs, &[]).await
}

/// The refresh_token grant as passport-oauth2 sends it.
pub async fn refresh(app: &Router, refresh_token: &str) -> Reply {
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", CLIENT_ID),
        ("client_secret", SECRET),
    ];
    token_request(app, &pairs, &[]).await
}

/// `/api/v2/users/me` with `Authorization: Bearer <token>`.
pub async fn me_with_bearer(app: &Router, token: &str) -> Reply {
    let auth = format!("Bearer {token}");
    get(app, "/api/v2/users/me", &[("Authorization", &auth)]).await
}

/// A fresh token response for the default client.
pub async fn tokens(app: &Router) -> Value {
    let code = code_with(app, &[]).await;
    let r = exchange(app, &code, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Asserts an RFC 6749 JSON error with its status.
pub fn assert_token_error(r: &Reply, status: StatusCode, error: &str, context: &str) {
    assert_eq!(r.status, status, "{context}: {}", r.body);
    let v = r.json();
    assert_eq!(v["error"], error, "{context}: {}", r.body);
    assert!(v["error_description"].is_string(), "{context}");
    assert_eq!(r.header("cache-control"), Some("no-store"), "{context}");
}

/// Asserts the authorize endpoint's error page (never a redirect).
pub fn assert_error_page(r: &Reply, error: &str, context: &str) {
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{context}: {}", r.body);
    assert!(r.header("location").is_none(), "{context}: no redirect");
    let code = format!("<code id=\"oauth-error\">{error}</code>");
    assert!(r.body.contains(&code), "{context}: {}", r.body);
}
