//! The runtime controls for tests: `GET/POST /__demo/faults` reads and
//! changes the fault knobs (see [`crate::faults`]), globally or for one
//! workspaces search query, and `POST /__demo/reset` puts everything back.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use crate::faults::{FaultsPatch, MAX_SCOPE_QUERY_CHARS};
use crate::respond::{coder_error, json_response, query_pairs, query_value};
use crate::AppState;

/// `/__demo/faults` and `/__demo/reset`, the runtime controls for tests.
pub fn control_routes() -> Router<AppState> {
    Router::new()
        .route("/__demo/faults", get(get_faults).post(post_faults))
        .route("/__demo/reset", post(reset))
}

/// The `query` parameter of a control request: `Ok(None)` for the global
/// faults, `Ok(Some(q))` for the faults of workspaces requests with `q`.
fn scope_of(raw: Option<&str>) -> Result<Option<String>, String> {
    let pairs = query_pairs(raw.unwrap_or(""));
    match query_value(&pairs, "query") {
        None => Ok(None),
        Some("") => Err("query must not be empty (leave it out for the global faults)".into()),
        Some(q) if q.chars().count() > MAX_SCOPE_QUERY_CHARS => Err(format!(
            "query must be at most {MAX_SCOPE_QUERY_CHARS} characters"
        )),
        Some(q) => Ok(Some(q.to_owned())),
    }
}

async fn get_faults(
    State(state): State<AppState>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    match scope_of(raw.as_deref()) {
        Ok(None) => json_response(StatusCode::OK, &json!(state.faults())),
        Ok(Some(q)) => json_response(
            StatusCode::OK,
            &json!(state.scoped_faults(&q).unwrap_or_default()),
        ),
        Err(e) => bad_request(&e),
    }
}

async fn post_faults(
    State(state): State<AppState>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    body: axum::body::Bytes,
) -> Response {
    let scope = match scope_of(raw.as_deref()) {
        Ok(s) => s,
        Err(e) => return bad_request(&e),
    };
    let patch: FaultsPatch = if body.iter().all(u8::is_ascii_whitespace) {
        FaultsPatch::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(p) => p,
            Err(e) => return bad_request(&format!("invalid faults JSON: {e}")),
        }
    };
    if scope.is_some() && patch.sets_global_only() {
        return bad_request(
            "build_status, build_body, build_fault_count and watch are global: leave out ?query=",
        );
    }
    let current = match &scope {
        None => state.faults(),
        // A new scope starts from no faults, not from the global ones.
        Some(q) => state.scoped_faults(q).unwrap_or_default(),
    };
    let updated = patch.apply(&current);
    if let Err(e) = updated.validate() {
        return bad_request(&e);
    }
    match scope {
        None => state.set_faults(updated.clone()),
        Some(q) => {
            if let Err(e) = state.set_scoped_faults(q, updated.clone()) {
                return bad_request(&e);
            }
        }
    }
    json_response(StatusCode::OK, &json!(updated))
}

async fn reset(State(state): State<AppState>) -> Response {
    state.reset();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        "{}",
    )
        .into_response()
}

fn bad_request(detail: &str) -> Response {
    coder_error(StatusCode::BAD_REQUEST, "Invalid fault settings.", detail)
}
