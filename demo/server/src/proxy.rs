//! `/api/proxy/coder/*`: what Backstage's proxy plugin does for an endpoint
//! `/coder` pointing at the Coder deployment. It checks the Backstage bearer
//! token, drops the headers that belong to Backstage (its `Authorization`
//! and cookies), and hands the request to the fake Coder in-process.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tower::ServiceExt;

use crate::respond::{backstage_error, credentials, Credentials};

/// The mount point, as `discoveryApi.getBaseUrl('proxy') + '/coder'`.
pub const PREFIX: &str = "/api/proxy/coder";

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
    // Browsers can't attach a bearer token to <img src>, and template icons
    // are public assets, so icon GETs pass without one. Everything else
    // needs the Backstage token, as with the real proxy's default.
    let public_icon =
        matches!(*req.method(), Method::GET | Method::HEAD) && rest.starts_with("/icon/");
    if !public_icon {
        if let Err(message) = check_bearer(&req, &state.backstage_token) {
            return backstage_error(
                StatusCode::UNAUTHORIZED,
                "AuthenticationError",
                message,
                req.method().as_str(),
                &path,
            );
        }
    }
    let target_uri = match req.uri().query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_string(),
    };
    let (mut parts, body) = req.into_parts();
    parts.uri = match target_uri.parse::<Uri>() {
        Ok(u) => u,
        Err(_) => {
            return backstage_error(
                StatusCode::BAD_REQUEST,
                "InputError",
                "Invalid proxy path",
                parts.method.as_str(),
                &path,
            )
        }
    };
    // The Backstage credential and Backstage's cookies must not reach Coder;
    // Coder-Session-Token and the rest pass through.
    parts.headers.remove(header::AUTHORIZATION);
    parts.headers.remove(header::COOKIE);
    parts.headers.remove(header::HOST);
    // A fresh request as far as routing goes: axum appends path parameters
    // to those already in the extensions, so the outer `{*rest}` would
    // otherwise leak into the target's extractors.
    parts.extensions = axum::http::Extensions::new();
    let inner = Request::from_parts(parts, body);
    match state.target.oneshot(inner).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn check_bearer(req: &Request, expected: &str) -> Result<(), &'static str> {
    match credentials(req.headers(), "Bearer") {
        Credentials::Absent => Err("Missing credentials"),
        Credentials::Other => Err("Invalid credentials: expected a Bearer token"),
        Credentials::Given(token) if token == expected => Ok(()),
        Credentials::Given(_) => Err("Invalid credentials: the Backstage token was not accepted"),
    }
}
