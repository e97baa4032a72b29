//! The fake Coder deployment's REST API (v2): `/users/me`, `/workspaces`
//! with the search syntax, and build parameters (the routes that act on a
//! workspace are in [`crate::actions`] and [`crate::watch`]). Every route
//! needs a token, like the real API: `Coder-Session-Token`, or
//! `Authorization: Bearer` with an OAuth2 access token.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, RawQuery, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::borrow::Cow;

use crate::oauth_store::TokenStatus;
use crate::respond::{
    coder_error, credentials, json_response, query_pairs, query_value, Credentials,
};
use crate::users::{demo_user, DEMO_USERNAME};
use crate::AppState;
use crate::{oauth_provider, query};

/// The header Coder reads the session token from.
pub const SESSION_HEADER: &str = "coder-session-token";

/// The `/api/v2/*` routes (the fault middleware is added by the caller).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/users/me", get(users_me))
        .route("/api/v2/workspaces", get(list_workspaces))
        .route(
            "/api/v2/workspacebuilds/{build_id}/parameters",
            get(build_parameters),
        )
}

/// Coder's answer for an unknown API route.
pub fn not_found() -> Response {
    coder_error(
        StatusCode::NOT_FOUND,
        "Route not found.",
        "The demo server does not implement this Coder API route.",
    )
}

/// A request that carries a token the deployment accepts: the session
/// token or a live OAuth2 access token, in `Coder-Session-Token` or as
/// `Authorization: Bearer` (every token is the demo user's). Rejected with
/// Coder's 401.
///
/// A handler lists it after its `Path`: a path that doesn't decode is
/// axum's 400 for anyone. A handler with a body takes [`AuthorizedBody`]
/// instead.
pub(crate) struct Authorized;

impl FromRequestParts<AppState> for Authorized {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        unauthorized(state, &parts.headers).map_or(Ok(Authorized), Err)
    }
}

/// The body of a request that carries a token the deployment accepts (see
/// [`Authorized`]), read before the token is checked: a body over the
/// limit is axum's 413 for anyone.
pub(crate) struct AuthorizedBody(pub Bytes);

impl FromRequest<AppState> for AuthorizedBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        unauthorized(state, &headers).map_or(Ok(AuthorizedBody(body)), Err)
    }
}

/// The 401 to send unless the request carries a token the deployment
/// accepts.
fn unauthorized(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    // Coder reads its own header first, so a Backstage token riding along in
    // `Authorization` never shadows the session token.
    let token = match (headers.get(SESSION_HEADER), credentials(headers, "Bearer")) {
        (Some(v), _) => v.to_str().unwrap_or(""),
        (None, Credentials::Given(t)) => t,
        (None, _) => {
            return Some(coder_error(
                StatusCode::UNAUTHORIZED,
                "You must be logged in to use this endpoint.",
                "Header \"Coder-Session-Token\" or \"Authorization: Bearer\" must be provided.",
            ))
        }
    };
    if token == state.session_token() {
        return None;
    }
    match oauth_provider::access_status(state, token) {
        TokenStatus::Valid => None,
        TokenStatus::Expired => Some(coder_error(
            StatusCode::UNAUTHORIZED,
            "API key expired.",
            "The OAuth2 access token has expired; refresh it at /oauth2/tokens.",
        )),
        TokenStatus::Unknown => Some(coder_error(
            StatusCode::UNAUTHORIZED,
            "Invalid session token.",
            "The session token is not valid for this deployment. Get one from /cli-auth.",
        )),
    }
}

async fn users_me(_: Authorized) -> Response {
    json_response(StatusCode::OK, &demo_user())
}

fn invalid_param(message: &str, field: &str, detail: &str) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({
            "message": message,
            "validations": [{ "field": field, "detail": detail }],
        }),
    )
}

/// A non-negative integer query parameter (absent = 0); `Err` names the key.
fn number_param<'a>(pairs: &[(String, String)], key: &'a str) -> Result<usize, &'a str> {
    match query_value(pairs, key) {
        None | Some("") => Ok(0),
        Some(v) => v.parse::<u32>().map(|n| n as usize).map_err(|_| key),
    }
}

async fn list_workspaces(
    State(state): State<AppState>,
    _: Authorized,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""));
    let q = query_value(&pairs, "q").unwrap_or("");
    let terms = match query::parse(q) {
        Ok(t) => t,
        Err(e) => return invalid_param("Invalid workspace search query.", "q", &e.0),
    };
    // limit=0 (what the card sends) means "no limit", as in Coder.
    let (limit, offset) = match (
        number_param(&pairs, "limit"),
        number_param(&pairs, "offset"),
    ) {
        (Ok(l), Ok(o)) => (l, o),
        (Err(key), _) | (_, Err(key)) => {
            return invalid_param(
                "Query parameters have invalid values.",
                key,
                &format!("Query param \"{key}\" must be a non-negative integer."),
            )
        }
    };
    let now = state.moment();
    let workspaces = state.workspaces();
    let matching: Vec<Cow<'_, Value>> = workspaces
        .iter()
        .map(|w| (w.render(&now), w))
        .filter(|(value, w)| query::matches_all(&terms, value, &w.parameters, DEMO_USERNAME))
        .map(|(value, _)| value)
        .collect();
    // Coder orders the list itself (its GetWorkspaces query): the
    // requester's favorites first, then workspaces whose latest build
    // started them successfully, then by owner and name, case-insensitive.
    // Paging depends on it, and the card keeps this order.
    let mut matching = matching;
    matching.sort_by_cached_key(|w| coder_order(w));
    let count = matching.len();
    let page: Vec<Cow<'_, Value>> = matching
        .into_iter()
        .skip(offset)
        .take(if limit == 0 { usize::MAX } else { limit })
        .collect();
    json_response(
        StatusCode::OK,
        &WorkspacesPage {
            workspaces: page,
            count,
        },
    )
}

/// The sort key of Coder's workspace list for a rendered workspace object.
fn coder_order(w: &Value) -> (bool, bool, String, String) {
    let text = |key: &str| w[key].as_str().unwrap_or("").to_lowercase();
    // Coder's "running" is exactly that: a start whose job succeeded.
    let started = w["latest_build"]["status"] == "running";
    (
        w["favorite"] != true,
        !started,
        text("owner_name"),
        text("name"),
    )
}

/// The list answer, serialized straight from the (mostly borrowed) objects.
#[derive(serde::Serialize)]
struct WorkspacesPage<'a> {
    workspaces: Vec<Cow<'a, Value>>,
    count: usize,
}

async fn build_parameters(
    State(state): State<AppState>,
    Path(build_id): Path<String>,
    _: Authorized,
) -> Response {
    let workspaces = state.workspaces();
    match workspaces
        .iter()
        .find_map(|w| w.build_parameters(&build_id))
    {
        Some(parameters) => json_response(StatusCode::OK, &json!(parameters)),
        None => coder_error(
            StatusCode::NOT_FOUND,
            "Resource not found or you do not have access to this resource",
            "No workspace build with this id.",
        ),
    }
}
