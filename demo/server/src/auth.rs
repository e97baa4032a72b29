//! The Backstage auth backend, as far as the demo needs it:
//!
//! * the guest provider's `/api/auth/guest/refresh`, which hands out the
//!   Backstage identity (and the bearer token the proxy requires);
//! * the Coder OAuth provider (`/api/auth/coder/{start,handler/frame,
//!   refresh,logout}`) speaking the protocol of Backstage's OAuth route
//!   handlers, so core-app-api's `OAuth2` client (popup + `postMessage`)
//!   works unchanged;
//! * the fake Coder's consent page for this built-in flow in between
//!   (dispatched from `/oauth2/authorize` by [`BUILTIN_CLIENT_ID`], see
//!   [`crate::oauth_provider`]).
//!
//! Login attempts are kept server-side, keyed by an opaque `state`; a nonce
//! cookie (as Backstage sets) ties the callback to the browser that started
//! the attempt. A successful sign-in sets the `coder-refresh-token` cookie.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::random;
use crate::respond::{
    backstage_error, cookie, escape_html, guard_page, header_value, html_page, html_response,
    json_for_script, query_pairs, query_value, url_encode,
};
use crate::AppState;

/// Cookie holding the signed-in Coder OAuth session.
pub const REFRESH_COOKIE: &str = "coder-refresh-token";
/// Cookie tying the OAuth callback to the browser that started the login.
pub const NONCE_COOKIE: &str = "coder-nonce";
/// Lifetime reported for the access token.
pub const EXPIRES_IN_SECONDS: u64 = 3600;

/// The `client_id` this built-in sign-in sends to `/oauth2/authorize`; a
/// request with it gets this module's consent page instead of the OAuth2
/// provider's, so it can't be registered with `--oauth-client-id`.
pub const BUILTIN_CLIENT_ID: &str = "demo-builtin-backstage";

const COOKIE_PATH: &str = "/api/auth/coder";
const LOGIN_TTL: Duration = Duration::from_secs(600);
/// Bounds on server-side records so a client looping over `/start` can't
/// grow memory without limit.
const MAX_PENDING: usize = 1000;
const MAX_SESSIONS: usize = 1000;

/// Server-side OAuth records.
#[derive(Debug, Default)]
pub struct OAuthStore {
    pending: HashMap<String, PendingLogin>,
    /// Refresh cookie value → granted scope.
    sessions: HashMap<String, String>,
}

#[derive(Debug)]
struct PendingLogin {
    nonce: String,
    origin: String,
    scope: String,
    created: Instant,
    code: Option<String>,
}

impl OAuthStore {
    fn insert_pending(&mut self, state: String, login: PendingLogin) {
        self.pending.retain(|_, p| p.created.elapsed() < LOGIN_TTL);
        if self.pending.len() >= MAX_PENDING {
            if let Some(oldest) = self
                .pending
                .iter()
                .min_by_key(|(_, p)| p.created)
                .map(|(k, _)| k.clone())
            {
                self.pending.remove(&oldest);
            }
        }
        self.pending.insert(state, login);
    }

    fn pending_mut(&mut self, state: &str) -> Option<&mut PendingLogin> {
        self.pending
            .get_mut(state)
            .filter(|p| p.created.elapsed() < LOGIN_TTL)
    }

    fn insert_session(&mut self, token: String, scope: String) {
        if self.sessions.len() >= MAX_SESSIONS {
            // Arbitrary eviction is fine: the demo has one real user.
            if let Some(k) = self.sessions.keys().next().cloned() {
                self.sessions.remove(&k);
            }
        }
        self.sessions.insert(token, scope);
    }
}

/// All auth routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/auth/guest/refresh",
            get(guest_refresh).post(guest_refresh),
        )
        .route("/api/auth/guest/logout", post(guest_logout))
        .route("/api/auth/coder/start", get(start))
        .route("/api/auth/coder/handler/frame", get(frame))
        .route("/api/auth/coder/refresh", get(refresh).post(refresh))
        .route("/api/auth/coder/logout", post(logout))
}

async fn guest_refresh(State(state): State<AppState>) -> Response {
    let user = "user:default/guest";
    crate::respond::json_response(
        StatusCode::OK,
        &json!({
            "profile": { "displayName": "Guest" },
            "backstageIdentity": {
                "token": state.backstage_token(),
                "expiresInSeconds": EXPIRES_IN_SECONDS,
                "identity": {
                    "type": "user",
                    "userEntityRef": user,
                    "ownershipEntityRefs": [user, "group:default/coder"],
                },
            },
        }),
    )
}

async fn guest_logout() -> StatusCode {
    StatusCode::OK
}

/// Whether `origin` is an http(s) origin on a loopback host (the only place
/// a demo app can live). Returns it normalized, or `None`.
pub fn allowed_origin(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !p.is_empty() && !h.ends_with(':') => (h, Some(p)),
        _ => (rest, None),
    };
    if !matches!(
        host.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "[::1]"
    ) {
        return None;
    }
    if let Some(p) = port {
        if p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().is_err() {
            return None;
        }
    }
    Some(origin.to_ascii_lowercase())
}

/// This server's own origin as the browser sees it (from `Host`), if it is
/// an allowed one.
fn own_origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    allowed_origin(&format!("http://{host}"))
}

fn auth_error(
    status: StatusCode,
    name: &str,
    message: &str,
    method: &Method,
    path: &str,
) -> Response {
    backstage_error(status, name, message, method.as_str(), path)
}

fn requested_with_ok(headers: &HeaderMap) -> bool {
    headers.get("x-requested-with").map(HeaderValue::as_bytes) == Some(b"XMLHttpRequest")
}

async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let path = "/api/auth/coder/start";
    let pairs = query_pairs(raw.as_deref().unwrap_or(""));
    if query_value(&pairs, "env").is_none_or(str::is_empty) {
        return auth_error(
            StatusCode::BAD_REQUEST,
            "InputError",
            "No env provided in request query parameters",
            &Method::GET,
            path,
        );
    }
    let origin = match query_value(&pairs, "origin") {
        Some(o) => allowed_origin(o).ok_or_else(|| o.to_string()),
        None => own_origin(&headers).ok_or_else(String::new),
    };
    let origin = match origin {
        Ok(o) => o,
        Err(o) => {
            return auth_error(
                StatusCode::FORBIDDEN,
                "NotAllowedError",
                &format!(
                    "Origin '{}' is not allowed",
                    o.chars().take(200).collect::<String>()
                ),
                &Method::GET,
                path,
            )
        }
    };
    let scope = query_value(&pairs, "scope").unwrap_or("").to_string();
    let (nonce, login_state) = (random::token(), random::token());
    state.oauth().insert_pending(
        login_state.clone(),
        PendingLogin {
            nonce: nonce.clone(),
            origin: origin.clone(),
            scope: scope.clone(),
            created: Instant::now(),
            code: None,
        },
    );
    let callback = format!(
        "{}/api/auth/coder/handler/frame",
        own_origin(&headers).unwrap_or_default()
    );
    let location = format!(
        "/oauth2/authorize?response_type=code&client_id={BUILTIN_CLIENT_ID}&redirect_uri={}&scope={}&state={}",
        url_encode(&callback),
        url_encode(&scope),
        login_state
    );
    let cookie = format!(
        "{NONCE_COOKIE}={nonce}; Path={COOKIE_PATH}/handler; Max-Age={}; HttpOnly; SameSite=Lax",
        LOGIN_TTL.as_secs()
    );
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, header_value(&location)),
            (header::SET_COOKIE, header_value(&cookie)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}

fn expired_login_page() -> Response {
    html_page(
        StatusCode::BAD_REQUEST,
        "Sign-in request expired",
        "<h1>This sign-in request is unknown or has expired</h1>\
         <p>Close this window and start signing in again from Backstage.</p>",
    )
}

/// The consent page of the built-in flow, for the pending login named by
/// the `state` in `pairs`.
pub(crate) fn builtin_consent_page(state: &AppState, pairs: &[(String, String)]) -> Response {
    let login_state = query_value(pairs, "state").unwrap_or("").to_string();
    let origin = match state.oauth().pending_mut(&login_state) {
        Some(p) => p.origin.clone(),
        None => return expired_login_page(),
    };
    html_page(
        StatusCode::OK,
        "Authorize Backstage · Coder (demo)",
        &format!(
            "<h1>Authorize Backstage</h1>\
             <p>The Backstage app at <strong>{origin}</strong> wants to use your Coder account \
             <strong>demo</strong> to list your workspaces.</p>\
             <form method=\"post\" action=\"/oauth2/authorize\">\
             <input type=\"hidden\" name=\"state\" value=\"{state}\">\
             <button class=\"primary\" type=\"submit\" name=\"decision\" value=\"allow\">Authorize</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button>\
             </form>",
            origin = escape_html(&origin),
            state = escape_html(&login_state),
        ),
    )
}

/// Applies the decision posted from [`builtin_consent_page`] (form `pairs`).
pub(crate) fn builtin_decision(state: &AppState, pairs: &[(String, String)]) -> Response {
    let login_state = query_value(pairs, "state").unwrap_or("").to_string();
    let allow = query_value(pairs, "decision") == Some("allow");
    let location = {
        let mut store = state.oauth();
        let Some(pending) = store.pending_mut(&login_state) else {
            return expired_login_page();
        };
        // The state is our own hex token, safe in a URL as is.
        if allow {
            let code = random::token();
            pending.code = Some(code.clone());
            format!("/api/auth/coder/handler/frame?code={code}&state={login_state}")
        } else {
            format!("/api/auth/coder/handler/frame?error=access_denied&state={login_state}")
        }
    };
    (
        StatusCode::FOUND,
        [(header::LOCATION, header_value(&location))],
    )
        .into_response()
}

/// The session Backstage's OAuth handlers return (`ClientAuthResponse`).
fn session_json(access_token: &str, scope: &str) -> Value {
    json!({
        "providerInfo": {
            "accessToken": access_token,
            "scope": scope,
            "expiresInSeconds": EXPIRES_IN_SECONDS,
        },
        "profile": {
            "email": "demo@coder.example",
            "displayName": "Demo User",
        },
    })
}

async fn frame(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""));
    let login_state = query_value(&pairs, "state").unwrap_or("");
    let mut set_cookies = vec![format!(
        "{NONCE_COOKIE}=; Path={COOKIE_PATH}/handler; Max-Age=0; HttpOnly; SameSite=Lax"
    )];
    let pending = state.oauth().pending.remove(login_state);
    let Some(pending) = pending.filter(|p| p.created.elapsed() < LOGIN_TTL) else {
        let message = error_message(
            "NotAllowedError",
            "Login failed, this sign-in attempt is unknown or has expired; please try again",
        );
        return frame_page(own_origin(&headers).as_deref(), &message, &set_cookies);
    };
    let origin = Some(pending.origin.as_str());
    let result = match cookie(&headers, NONCE_COOKIE) {
        None => Err((
            "NotAllowedError",
            "Login failed, Auth response is missing cookie nonce".to_string(),
        )),
        Some(n) if n != pending.nonce => {
            Err(("NotAllowedError", "Login failed, Invalid nonce".to_string()))
        }
        Some(_) => match (query_value(&pairs, "error"), query_value(&pairs, "code")) {
            (Some(err), _) => {
                // Only echo a well-formed OAuth error code.
                let code = if !err.is_empty()
                    && err.len() <= 64
                    && err.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                {
                    err
                } else {
                    "unknown_error"
                };
                Err((
                    "Error",
                    format!("Login failed, access to Coder was denied ({code})"),
                ))
            }
            (None, Some(code)) if pending.code.as_deref() == Some(code) => Ok(()),
            (None, _) => Err((
                "Error",
                "Login failed, invalid authorization code".to_string(),
            )),
        },
    };
    let message = match result {
        Ok(()) => {
            let session = random::token();
            state
                .oauth()
                .insert_session(session.clone(), pending.scope.clone());
            set_cookies.push(refresh_cookie(&session, 1000 * 24 * 3600));
            json!({
                "type": "authorization_response",
                "response": session_json(state.session_token(), &pending.scope),
            })
        }
        Err((name, text)) => error_message(name, &text),
    };
    frame_page(origin, &message, &set_cookies)
}

fn error_message(name: &str, message: &str) -> Value {
    json!({ "type": "authorization_response", "error": { "name": name, "message": message } })
}

fn refresh_cookie(value: &str, max_age: u64) -> String {
    format!(
        "{REFRESH_COOKIE}={value}; Path={COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Lax"
    )
}

/// The popup's last page: posts `message` to the app's window at `origin`
/// (never to `*`) and closes itself. Without a known origin it only shows
/// text; the opener then sees the popup close.
fn frame_page(origin: Option<&str>, message: &Value, set_cookies: &[String]) -> Response {
    let script_nonce = random::token();
    let script = origin.map(|origin| {
        format!(
            "<script nonce=\"{script_nonce}\">(function () {{\n\
             var origin = {origin};\n\
             var message = {message};\n\
             var target = window.opener || window.parent;\n\
             if (target && target !== window) {{\n\
               target.postMessage({{ type: 'config_info', targetOrigin: origin }}, origin);\n\
               target.postMessage(message, origin);\n\
             }}\n\
             setTimeout(function () {{ window.close(); }}, 100);\n\
             }})();</script>",
            origin = json_for_script(&json!(origin)),
            message = json_for_script(message),
        )
    });
    let text = if message.get("error").is_some() {
        "Sign-in did not complete. You can close this window."
    } else {
        "Signed in. This window closes by itself."
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Coder sign-in</title></head>\
         <body><p>{text}</p>{}</body></html>\n",
        script.unwrap_or_default()
    );
    let mut response = html_response(StatusCode::OK, page);
    guard_page(
        &mut response,
        "sameorigin",
        header_value(&format!(
            "default-src 'none'; script-src 'nonce-{script_nonce}'"
        )),
    );
    for c in set_cookies {
        response
            .headers_mut()
            .append(header::SET_COOKIE, header_value(c));
    }
    response
}

async fn refresh(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let path = "/api/auth/coder/refresh";
    if !requested_with_ok(&headers) {
        return auth_error(
            StatusCode::UNAUTHORIZED,
            "AuthenticationError",
            "Invalid X-Requested-With header",
            &method,
            path,
        );
    }
    let granted = match cookie(&headers, REFRESH_COOKIE) {
        None => Err("Missing session cookie"),
        Some(c) => state
            .oauth()
            .sessions
            .get(&c)
            .cloned()
            .ok_or("Invalid session cookie"),
    };
    match granted {
        Ok(granted) => {
            let pairs = query_pairs(raw.as_deref().unwrap_or(""));
            // Echo the requested scope so the client's session covers it.
            let scope = query_value(&pairs, "scope")
                .filter(|s| !s.is_empty())
                .unwrap_or(&granted);
            crate::respond::json_response(
                StatusCode::OK,
                &session_json(state.session_token(), scope),
            )
        }
        Err(cause) => auth_error(
            StatusCode::UNAUTHORIZED,
            "AuthenticationError",
            &format!("Refresh failed; caused by InputError: {cause}"),
            &method,
            path,
        ),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !requested_with_ok(&headers) {
        return auth_error(
            StatusCode::UNAUTHORIZED,
            "AuthenticationError",
            "Invalid X-Requested-With header",
            &Method::POST,
            "/api/auth/coder/logout",
        );
    }
    if let Some(c) = cookie(&headers, REFRESH_COOKIE) {
        state.oauth().sessions.remove(&c);
    }
    (
        StatusCode::OK,
        [(header::SET_COOKIE, header_value(&refresh_cookie("", 0)))],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_origins_are_allowed() {
        for ok in [
            "http://127.0.0.1:7007",
            "http://localhost:3000",
            "https://localhost",
            "http://[::1]:8080",
        ] {
            assert!(allowed_origin(ok).is_some(), "{ok}");
        }
        for bad in [
            "https://evil.example",
            "http://127.0.0.1.evil.example",
            "http://127.0.0.1:7007/path",
            "javascript://127.0.0.1",
            "http://user@127.0.0.1",
            "http://127.0.0.1:99999",
            "*",
            "",
        ] {
            assert!(allowed_origin(bad).is_none(), "{bad}");
        }
    }
}
