//! The fake Coder's OAuth2 provider, faithful enough for a real Backstage
//! backend's Coder auth module (passport-oauth2) to sign in against it:
//!
//! * `GET /oauth2/authorize`: a consent page for the registered client.
//!   Its form posts a one-time consent id back, and the id only counts when
//!   it comes with the `SameSite=Strict` cookie of the browser that was
//!   shown the page, so another site can't post a decision for the user.
//!   Allow → `redirect_uri?code=…&state=…`, Deny →
//!   `redirect_uri?error=access_denied&state=…`. Requests that can't be
//!   trusted to redirect (unknown client, unregistered `redirect_uri`, bad
//!   parameters) get an error page instead.
//! * `POST /oauth2/tokens`: `authorization_code` (one-time codes, PKCE
//!   S256) and `refresh_token` (rotating) grants; RFC 6749 §5 JSON answers.
//!
//! The built-in Backstage sign-in of [`crate::auth`] shares the authorize
//! endpoint: its requests carry [`BUILTIN_CLIENT_ID`] and its form posts a
//! `state` rather than a `consent`, which is what the dispatch looks at.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use crate::args::OAuthClient;
use crate::auth::{self, BUILTIN_CLIENT_ID};
use crate::clock::rfc3339;
use crate::digest::{base64_decode, pkce_s256, same_secret};
use crate::oauth_store::{AuthRequest, ConsentError, Grant, Issued, TokenStatus, CONSENT_TTL};
use crate::random;
use crate::respond::{
    cookie, credentials, escape_html, guard_page, header_value, html_page, json_response,
    query_pairs, query_value, url_encode, Credentials,
};
use crate::AppState;

/// Cookie binding a consent form to the browser it was shown in.
pub const BROWSER_COOKIE: &str = "coder-oauth-browser";

const AUTHORIZE_PATH: &str = "/oauth2/authorize";
const AUTHORIZE_PARAMS: [&str; 7] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "scope",
    "code_challenge",
    "code_challenge_method",
];
const TOKEN_PARAMS: [&str; 7] = [
    "grant_type",
    "code",
    "redirect_uri",
    "client_id",
    "client_secret",
    "code_verifier",
    "refresh_token",
];

/// `/oauth2/authorize` (both flows) and `/oauth2/tokens`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(AUTHORIZE_PATH, get(authorize).post(decide))
        .route("/oauth2/tokens", post(tokens))
}

async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""));
    if query_value(&pairs, "client_id") == Some(BUILTIN_CLIENT_ID) {
        return auth::builtin_consent_page(&state, &pairs);
    }
    let request = match vet_request(state.oauth_client(), &pairs) {
        Ok(r) => r,
        Err((error, description)) => return error_page(error, description),
    };
    // Reusing the browser's id lets it keep several consent pages open.
    let browser = cookie(&headers, BROWSER_COOKIE)
        .filter(|b| b.len() == 32 && b.bytes().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(random::token);
    let redirect_uri = request.redirect_uri.clone();
    let now = state.clock().monotonic();
    let consent = state.provider().new_consent(now, browser.clone(), request);
    let client = &state.oauth_client().id;
    let mut page = html_page(
        StatusCode::OK,
        &format!("Authorize {client} · Coder (demo)"),
        &format!(
            "<h1>Authorize <span id=\"client\">{client}</span></h1>\
             <p>The application <strong>{client}</strong> wants to use your Coder account \
             <strong>demo</strong>: it will be able to act as you through the Coder API.</p>\
             <p>Either way you will be sent back to <code id=\"redirect-uri\">{redirect}</code>.</p>\
             <form method=\"post\" action=\"{AUTHORIZE_PATH}\">\
             <input type=\"hidden\" name=\"consent\" value=\"{consent}\">\
             <button class=\"primary\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
             </form>",
            client = escape_html(client),
            redirect = escape_html(&redirect_uri),
        ),
    );
    // No framing at all: a page that grants access must not be clickjacked.
    guard_page(
        &mut page,
        "deny",
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    page.headers_mut().insert(
        header::SET_COOKIE,
        header_value(&format!(
            "{BROWSER_COOKIE}={browser}; Path={AUTHORIZE_PATH}; Max-Age={}; HttpOnly; SameSite=Strict",
            CONSENT_TTL.as_secs()
        )),
    );
    page
}

type Refusal = (&'static str, &'static str);

/// Checks an authorization request against the registered client. Nothing
/// here redirects: until every check has passed, the `redirect_uri` isn't
/// known to be safe to send anything to.
fn vet_request(client: &OAuthClient, pairs: &[(String, String)]) -> Result<AuthRequest, Refusal> {
    once(pairs, &AUTHORIZE_PARAMS).map_err(|_| {
        (
            "invalid_request",
            "A parameter of the request is given more than once.",
        )
    })?;
    match query_value(pairs, "client_id") {
        None | Some("") => return Err(("invalid_request", "The request has no client_id.")),
        Some(id) if id != client.id => {
            return Err((
                "invalid_client",
                "No application with this client_id is registered.",
            ))
        }
        Some(_) => {}
    }
    let redirect_uri = match query_value(pairs, "redirect_uri") {
        None | Some("") => return Err(("invalid_request", "The request has no redirect_uri.")),
        Some(uri) if !client.redirect_uris.iter().any(|r| r == uri) => {
            return Err((
                "invalid_request",
                "The redirect_uri is not registered for this application.",
            ))
        }
        Some(uri) => uri.to_string(),
    };
    if query_value(pairs, "response_type") != Some("code") {
        return Err((
            "unsupported_response_type",
            "Only response_type=code is supported.",
        ));
    }
    let code_challenge = match (
        query_value(pairs, "code_challenge"),
        query_value(pairs, "code_challenge_method"),
    ) {
        (None, None) => None,
        (Some(c), Some("S256")) if is_s256_challenge(c) => Some(c.to_string()),
        (Some(_), Some("S256")) => {
            return Err((
                "invalid_request",
                "The code_challenge is not an S256 challenge (43 base64url characters).",
            ))
        }
        _ => {
            return Err((
                "invalid_request",
                "PKCE needs both code_challenge and code_challenge_method=S256.",
            ))
        }
    };
    Ok(AuthRequest {
        redirect_uri,
        state: query_value(pairs, "state").map(str::to_string),
        code_challenge,
    })
}

fn is_s256_challenge(c: &str) -> bool {
    c.len() == 43 && c.bytes().all(is_base64url)
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// RFC 6749 §3.1: no parameter may be repeated. `Err` names the first that is.
fn once<'a>(pairs: &[(String, String)], keys: &[&'a str]) -> Result<(), &'a str> {
    match keys
        .iter()
        .find(|k| pairs.iter().filter(|(p, _)| p == *k).count() > 1)
    {
        Some(k) => Err(k),
        None => Ok(()),
    }
}

/// The page for a request that can't be answered with a redirect. The RFC
/// 6749 error code is shown too, for people and tests alike.
fn error_page(error: &str, description: &str) -> Response {
    html_page(
        StatusCode::BAD_REQUEST,
        "Authorization failed · Coder (demo)",
        &format!(
            "<h1>This authorization request can't be completed</h1>\
             <p>{}</p><p>Error: <code id=\"oauth-error\">{}</code></p>\
             <p>Close this window and start signing in again from the application.</p>",
            escape_html(description),
            escape_html(error),
        ),
    )
}

async fn decide(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs = query_pairs(&String::from_utf8_lossy(&body));
    let Some(consent) = query_value(&pairs, "consent") else {
        return auth::builtin_decision(&state, &pairs);
    };
    let allow = match query_value(&pairs, "decision") {
        Some("allow") => true,
        Some("deny") => false,
        _ => return error_page("invalid_request", "The decision must be allow or deny."),
    };
    let browser = cookie(&headers, BROWSER_COOKIE);
    let now = state.clock().monotonic();
    let taken = state
        .provider()
        .take_consent(consent, browser.as_deref(), now);
    let request = match taken {
        Ok(r) => r,
        Err(ConsentError::Unknown) => {
            return error_page(
                "invalid_request",
                "This consent request is unknown, already answered or expired.",
            )
        }
        Err(ConsentError::WrongBrowser) => {
            return error_page(
                "access_denied",
                "The answer did not come from the browser that was shown the consent page.",
            )
        }
    };
    let outcome = if allow {
        let code = state.provider().new_code(
            now,
            Grant {
                redirect_uri: request.redirect_uri.clone(),
                code_challenge: request.code_challenge,
            },
        );
        ("code", code)
    } else {
        ("error", "access_denied".to_string())
    };
    let mut location = request.redirect_uri;
    // A registered URI may have a query of its own, which must be kept.
    location.push(if location.contains('?') { '&' } else { '?' });
    location.push_str(&format!("{}={}", outcome.0, url_encode(&outcome.1)));
    if let Some(s) = &request.state {
        location.push_str(&format!("&state={}", url_encode(s)));
    }
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, header_value(&location)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}

/// An RFC 6749 §5.2 error: `invalid_client` is a 401, the rest 400.
#[derive(Clone, Copy)]
struct TokenError(&'static str, &'static str);

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let TokenError(error, description) = self;
        let status = if error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        let mut r = json_response(
            status,
            &json!({ "error": error, "error_description": description }),
        );
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"coder\""),
            );
        }
        no_store(r)
    }
}

fn no_store(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

async fn tokens(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match exchange(&state, &headers, &body) {
        Ok(issued) => {
            let lifetime = state.oauth_client().token_lifetime_s;
            no_store(json_response(
                StatusCode::OK,
                &json!({
                    "access_token": issued.access_token,
                    "token_type": "Bearer",
                    "refresh_token": issued.refresh_token,
                    "expires_in": lifetime,
                    "expiry": rfc3339(state.clock().wall() + Duration::from_secs(lifetime)),
                }),
            ))
        }
        Err(e) => e.into_response(),
    }
}

fn exchange(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Issued, TokenError> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form {
        return Err(TokenError(
            "invalid_request",
            "The body must be application/x-www-form-urlencoded.",
        ));
    }
    let pairs = query_pairs(&String::from_utf8_lossy(body));
    once(&pairs, &TOKEN_PARAMS).map_err(|_| {
        TokenError(
            "invalid_request",
            "A parameter of the request is given more than once.",
        )
    })?;
    authenticate_client(state.oauth_client(), headers, &pairs)?;
    let now = state.clock().monotonic();
    match query_value(&pairs, "grant_type") {
        None | Some("") => Err(TokenError(
            "invalid_request",
            "The request has no grant_type.",
        )),
        Some("authorization_code") => redeem_code(state, &pairs, now),
        Some("refresh_token") => {
            let token = required(&pairs, "refresh_token", "The request has no refresh_token.")?;
            let rotated = state.provider().rotate(token, now);
            rotated.ok_or(TokenError(
                "invalid_grant",
                "The refresh token is unknown, already used or revoked.",
            ))
        }
        Some(_) => Err(TokenError(
            "unsupported_grant_type",
            "Only authorization_code and refresh_token grants are supported.",
        )),
    }
}

fn required<'a>(
    pairs: &'a [(String, String)],
    key: &str,
    missing: &'static str,
) -> Result<&'a str, TokenError> {
    query_value(pairs, key)
        .filter(|v| !v.is_empty())
        .ok_or(TokenError("invalid_request", missing))
}

/// RFC 6749 §2.3.1: the credentials come either as HTTP Basic (each part
/// form-urlencoded first) or as `client_id` and `client_secret` in the body,
/// never both.
fn authenticate_client(
    client: &OAuthClient,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<(), TokenError> {
    let bad = TokenError("invalid_client", "Client authentication failed.");
    let (id, secret) = match credentials(headers, "Basic") {
        Credentials::Given(encoded) => {
            let (id, secret) = basic_pair(encoded).ok_or(bad)?;
            let body_id = query_value(pairs, "client_id");
            if query_value(pairs, "client_secret").is_some() || body_id.is_some_and(|b| b != id) {
                return Err(TokenError(
                    "invalid_request",
                    "The client authenticated in more than one way.",
                ));
            }
            (id, secret)
        }
        Credentials::Other => return Err(bad),
        Credentials::Absent => match (
            query_value(pairs, "client_id"),
            query_value(pairs, "client_secret"),
        ) {
            (Some(id), Some(secret)) => (id.to_string(), secret.to_string()),
            _ => return Err(bad),
        },
    };
    if id == client.id && same_secret(&secret, &client.secret) {
        Ok(())
    } else {
        Err(bad)
    }
}

/// `base64(urlencode(id) ":" urlencode(secret))` → `(id, secret)`.
fn basic_pair(encoded: &str) -> Option<(String, String)> {
    let decoded = String::from_utf8(base64_decode(encoded)?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .ok()
            .map(|s| s.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

fn redeem_code(
    state: &AppState,
    pairs: &[(String, String)],
    now: Duration,
) -> Result<Issued, TokenError> {
    let code = required(pairs, "code", "The request has no code.")?;
    let taken = state.provider().take_code(code, now);
    let grant = taken.ok_or(TokenError(
        "invalid_grant",
        "The authorization code is unknown, already used or expired.",
    ))?;
    if query_value(pairs, "redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return Err(TokenError(
            "invalid_grant",
            "The redirect_uri differs from the authorization request's.",
        ));
    }
    match (grant.code_challenge, query_value(pairs, "code_verifier")) {
        (None, None) => {}
        (None, Some(_)) => {
            // A verifier for a code issued without a challenge means the
            // code isn't the one this client asked for.
            return Err(TokenError(
                "invalid_grant",
                "A code_verifier was sent, but the authorization request had no code_challenge.",
            ));
        }
        (Some(_), None) => {
            return Err(TokenError(
                "invalid_request",
                "The authorization request had a code_challenge: code_verifier is required.",
            ))
        }
        (Some(_), Some(v)) if !is_code_verifier(v) => {
            return Err(TokenError(
                "invalid_request",
                "The code_verifier must be 43 to 128 unreserved characters.",
            ))
        }
        (Some(challenge), Some(v)) => {
            if pkce_s256(v) != challenge {
                return Err(TokenError(
                    "invalid_grant",
                    "The code_verifier does not match the code_challenge.",
                ));
            }
        }
    }
    Ok(state.provider().issue(now))
}

/// RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`.
fn is_code_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(|b| is_base64url(b) || b == b'.' || b == b'~')
}

/// Whether `token` is an access token this provider issued and that is
/// still valid.
pub fn access_status(state: &AppState, token: &str) -> TokenStatus {
    let lifetime = Duration::from_secs(state.oauth_client().token_lifetime_s);
    state
        .provider()
        .access_status(token, state.clock().monotonic(), lifetime)
}
