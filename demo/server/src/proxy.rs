//! `/api/proxy/coder/*`: what Backstage's proxy plugin
//! (`@backstage/plugin-proxy-backend`) does for the endpoint our package
//! README documents (`target: <coder>/`, `changeOrigin: true`,
//! `allowedMethods: ['GET', 'POST']`, `allowedHeaders: ['Authorization',
//! 'Coder-Session-Token']`), then hands the request to the fake Coder
//! in-process: a POST with its body and `Content-Type` (to build a
//! workspace), and an answer as it streams (a watch's events pass one by
//! one, unbuffered). It follows the real proxy's rules (its
//! `dist/service/router.cjs.js`), and `tests/backstage/` runs the real one
//! in front of this server's fake Coder to check them
//! (`tests/backstage/FINDINGS.md`):
//!
//! * every request needs the Backstage bearer, icons included; without it
//!   Backstage's own 401 comes back and nothing reaches Coder;
//! * a `..` path segment (also percent-encoded or with `\`) is a 400;
//! * a method outside `allowedMethods` is a 404 with an empty body;
//! * only the safe headers plus `allowedHeaders` pass, both ways. So
//!   Backstage's `Authorization` does reach Coder (which reads
//!   `Coder-Session-Token` first), while Coder's `Retry-After`,
//!   `Set-Cookie`, `ETag` or `WWW-Authenticate` never reach the browser.
//!
//! Not played: Backstage's own response headers (helmet's CSP and friends,
//! CORS), and `request.url` in its 401 body leaves out the query string
//! (see [`backstage_error`]).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tower::ServiceExt;

use crate::respond::backstage_error;

/// Where the proxy plugin is mounted; its error bodies give URLs relative
/// to it.
const PLUGIN_BASE: &str = "/api/proxy";

/// The mount point, as `discoveryApi.getBaseUrl('proxy') + '/coder'`.
pub const PREFIX: &str = "/api/proxy/coder";

/// The README's `allowedMethods`: reading, and POST to act on a workspace.
pub const ALLOWED_METHODS: &[Method] = &[Method::GET, Method::POST];

/// The README's `allowedHeaders`, lower-cased. The Coder token has to
/// travel in `Coder-Session-Token`: `Authorization` carries Backstage's.
pub const ALLOWED_HEADERS: &[&str] = &["authorization", "coder-session-token"];

/// proxy-backend's `safeForwardHeaders`: the CORS-safelisted request
/// headers plus `host`, `accept`, `accept-language` and `user-agent`. With
/// [`ALLOWED_HEADERS`], the only headers it lets through in either
/// direction.
pub const SAFE_HEADERS: &[&str] = &[
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
    "host",
    "accept",
    "accept-language",
    "user-agent",
];

#[derive(Clone)]
struct ProxyState {
    backstage_token: Arc<str>,
    target: Router,
}

/// The proxy routes, forwarding to `target` (normally the fake Coder; tests
/// may put an echo router there to see what gets forwarded).
pub fn router(backstage_token: &str, target: Router) -> Router {
    let state = ProxyState {
        backstage_token: Arc::from(backstage_token),
        target,
    };
    Router::new()
        .route(PREFIX, any(forward))
        .route(&format!("{PREFIX}/"), any(forward))
        .route(&format!("{PREFIX}/{{*rest}}"), any(forward))
        .with_state(state)
}

async fn forward(State(state): State<ProxyState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let rest = match path.strip_prefix(PREFIX) {
        Some("") | None => "/",
        Some(r) => r,
    };
    // Backstage's credentials barrier runs before the proxy router, so it
    // answers first, whatever the method or path.
    if let Err(message) = check_bearer(req.headers(), &state.backstage_token) {
        return backstage_error(
            StatusCode::UNAUTHORIZED,
            "AuthenticationError",
            message,
            req.method().as_str(),
            path.strip_prefix(PLUGIN_BASE).unwrap_or(&path),
        );
    }
    if has_dot_dot_segment(rest) {
        return bad_request();
    }
    if !ALLOWED_METHODS.contains(req.method()) {
        // The proxy declines the request and nothing else in Backstage
        // takes it: Express's bare 404.
        return StatusCode::NOT_FOUND.into_response();
    }
    let target_uri = match req.uri().query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_string(),
    };
    let (mut parts, body) = req.into_parts();
    // A tail of a path that already parsed, so this holds; should it ever
    // not, the proxy's answer to a path it refuses is the one to give.
    let Ok(uri) = target_uri.parse::<Uri>() else {
        return bad_request();
    };
    parts.uri = uri;
    // `Host` stays: with `changeOrigin` the real proxy sets the target's,
    // and the target is this same server.
    keep_only_allowed(&mut parts.headers);
    // A fresh request as far as routing goes: axum appends path parameters
    // to those already in the extensions, so the outer `{*rest}` would
    // otherwise leak into the target's extractors.
    parts.extensions = axum::http::Extensions::new();
    let inner = Request::from_parts(parts, body);
    let mut response = match state.target.oneshot(inner).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    keep_only_allowed(response.headers_mut());
    response
}

/// Backstage's credentials check for a route that takes user or service
/// tokens: only `Authorization: Bearer <one word>` counts (anything else,
/// a Basic header included, is no credentials at all), and a token it
/// can't verify is "Illegal token".
fn check_bearer(headers: &HeaderMap, expected: &str) -> Result<(), &'static str> {
    match bearer_token(headers) {
        None => Err("Missing credentials"),
        Some(token) if token == expected => Ok(()),
        Some(_) => Err("Illegal token"),
    }
}

/// The token of `Authorization`, read as Backstage's
/// `/^Bearer[ ]+(\S+)$/i` reads it.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let scheme = value.get(..6)?;
    let after = value[6..].strip_prefix(' ')?.trim_start_matches(' ');
    let word_only = !after.is_empty() && !after.contains(|c: char| c.is_whitespace());
    (scheme.eq_ignore_ascii_case("bearer") && word_only).then_some(after)
}

/// The proxy's path guard: `decodeURIComponent` of the path (a malformed
/// escape counts as bad too), `\` read as `/`, then no segment may be `..`.
fn has_dot_dot_segment(path: &str) -> bool {
    match decode_uri_component(path) {
        Some(p) => p.replace('\\', "/").split('/').any(|s| s == ".."),
        None => true,
    }
}

/// JavaScript's `decodeURIComponent`: `None` where it throws, on a `%` not
/// followed by two hex digits or escapes that aren't UTF-8.
fn decode_uri_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let (hi, lo) = (*bytes.get(i + 1)?, *bytes.get(i + 2)?);
            out.push(hex_value(hi)? << 4 | hex_value(lo)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// Express's `res.sendStatus(400)`, what the proxy answers a refused path.
fn bad_request() -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from("Bad Request"),
    )
        .into_response()
}

fn keep_only_allowed(headers: &mut HeaderMap) {
    let dropped: Vec<HeaderName> = headers
        .keys()
        .filter(|name| !is_allowed(name.as_str()))
        .cloned()
        .collect();
    for name in dropped {
        headers.remove(name);
    }
}

fn is_allowed(name: &str) -> bool {
    SAFE_HEADERS.contains(&name) || ALLOWED_HEADERS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_authorization(value: &'static [u8]) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_bytes(value).unwrap(),
        );
        h
    }

    #[test]
    fn reads_the_bearer_as_backstage_does() {
        assert_eq!(bearer_token(&HeaderMap::new()), None);
        for (value, token) in [
            (&b"Bearer tok"[..], Some("tok")),
            (b"bEaReR   tok", Some("tok")),
            (b"Bearer", None),
            (b"Bearer ", None),
            (b"Bearertok", None),
            (b"Bearer\ttok", None),
            (b"Bearer tok more", None),
            (b"Bearer tok ", None),
            (b"Basic dG9rOg==", None),
            (b"Bear", None),
            (b"Bearer \xfftok", None),
        ] {
            let headers = with_authorization(value);
            assert_eq!(
                bearer_token(&headers),
                token,
                "{}",
                String::from_utf8_lossy(value)
            );
        }
    }

    #[test]
    fn decodes_like_decode_uri_component() {
        assert_eq!(decode_uri_component("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(decode_uri_component("%2e%2E").as_deref(), Some(".."));
        assert_eq!(decode_uri_component("%C3%A9").as_deref(), Some("é"));
        for bad in ["%", "%2", "%zz", "%+f", "%ff", "%C3"] {
            assert_eq!(decode_uri_component(bad), None, "{bad}");
        }
    }

    #[test]
    fn finds_dot_dot_segments_in_every_spelling() {
        for bad in [
            "/icon/../api",
            "/..",
            "/icon/%2e%2e/api",
            "/icon/..%2fapi",
            "/icon\\..\\api",
            "/icon/..%5capi",
            "/icon/%zz",
        ] {
            assert!(has_dot_dot_segment(bad), "{bad}");
        }
        for fine in ["/", "/icon/a..b.svg", "/.../x", "/./x", "/%2e"] {
            assert!(!has_dot_dot_segment(fine), "{fine}");
        }
    }
}
