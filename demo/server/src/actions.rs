//! The routes an "act on a workspace" feature needs, as Coder answers them:
//!
//! * `GET /api/v2/workspaces/{id}`: the workspace;
//! * `POST /api/v2/workspaces/{id}/builds`: start or stop it, or update it
//!   (a start with the template's active `template_version_id`); `201` and
//!   the new `WorkspaceBuild`, or Coder's refusal (403 for another owner's
//!   workspace, 409 while a build is active, 400 for a bad request, an
//!   unknown version or parameters that don't resolve);
//! * `GET /api/v2/templates/{id}`, `/api/v2/templateversions/{id}` and its
//!   `/rich-parameters`;
//! * `POST /api/v2/authcheck`: what the caller may do;
//! * `GET /api/v2/regions`: where apps are served (`path_app_url`,
//!   `wildcard_hostname`).
//!
//! Ids are UUIDs in Coder: one that isn't is a 400, unless a `--workspaces`
//! file gave a workspace exactly that id. Every token is the demo user's,
//! a member: she may read every workspace here but act on her own only.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::builds::{
    decode_object, new_id, parse_request, resolve_parameters, BuildRequest, LiveBuild, Moment,
    ParameterErrors, RequestError, Transition,
};
use crate::clock::rfc3339;
use crate::coder_api::{Authorized, AuthorizedBody};
use crate::fault_modes::BuildBody;
use crate::random::check_uuid;
use crate::respond::{coder_error, html_response, json_response};
use crate::users::{user_id, DEMO_USERNAME};
use crate::workspace_record::WorkspaceRecord;
use crate::AppState;

/// The deployment's id, which Coder gives its primary region.
pub const DEPLOYMENT_ID: &str = "de910000-0000-4000-8000-000000000001";

/// Coder's `ResourceForbiddenResponse.Detail`, the detail of its 403s.
pub const FORBIDDEN_DETAIL: &str = "You don't have permission to view this content. If you believe this is a mistake, please contact your administrator or try signing in with different credentials.";

/// Coder's answer for an id it has nothing for (or hides).
pub const NOT_FOUND_MESSAGE: &str = "Resource not found or you do not have access to this resource";

/// The routes (the fault middleware is added by the caller).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/workspaces/{workspace}", get(get_workspace))
        .route("/api/v2/workspaces/{workspace}/builds", post(post_build))
        .route("/api/v2/templates", get(list_templates))
        .route("/api/v2/templates/{template}", get(get_template))
        .route("/api/v2/templateversions/{version}", get(get_version))
        .route(
            "/api/v2/templateversions/{version}/rich-parameters",
            get(get_rich_parameters),
        )
        .route("/api/v2/authcheck", post(authcheck))
        .route("/api/v2/regions", get(regions))
}

/// A result whose error is the response to send instead (boxed: a response
/// is large next to what the happy path carries).
pub(crate) type Or<T> = Result<T, Box<Response>>;

/// A Coder error with a message only (its `detail` is `omitempty`).
fn coder_message(status: StatusCode, message: &str) -> Response {
    json_response(status, &json!({ "message": message }))
}

/// 404 as Coder answers an id it has nothing for.
pub(crate) fn not_found() -> Response {
    coder_message(StatusCode::NOT_FOUND, NOT_FOUND_MESSAGE)
}

/// 400 for an id in the path that isn't a UUID (Coder's `ParseUUIDParam`).
fn check_id(raw: &str) -> Or<()> {
    check_uuid(raw).map_err(|e| {
        Box::new(coder_error(
            StatusCode::BAD_REQUEST,
            &format!("Invalid UUID {raw:?}."),
            &e,
        ))
    })
}

/// What the id `raw` found, or Coder's answer when it found nothing: 400
/// when it isn't a UUID, 404 when it is.
fn lookup<T>(found: Option<T>, raw: &str) -> Or<T> {
    if let Some(x) = found {
        return Ok(x);
    }
    check_id(raw)?;
    Err(Box::new(not_found()))
}

/// `200` with the JSON of what was found, or the response to send instead.
fn json_or<T: serde::Serialize>(result: Or<T>) -> Response {
    match result {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(r) => *r,
    }
}

/// The index of the workspace `raw` names, or Coder's 400 or 404.
pub(crate) fn find_workspace(workspaces: &[WorkspaceRecord], raw: &str) -> Or<usize> {
    lookup(workspaces.iter().position(|w| w.id() == Some(raw)), raw)
}

async fn get_workspace(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    _: Authorized,
) -> Response {
    let now = state.moment();
    let workspaces = state.workspaces();
    json_or(find_workspace(&workspaces, &raw).map(|i| workspaces[i].render(&now)))
}

/// Coder's 403 for a build the caller may not make.
fn forbidden(transition: Transition) -> Response {
    coder_error(
        StatusCode::FORBIDDEN,
        &format!(
            "You do not have permission to {} this workspace.",
            transition.name()
        ),
        FORBIDDEN_DETAIL,
    )
}

/// Coder's 409 while the latest build's job is pending or running.
fn build_active() -> Response {
    let message = "A workspace build is already active.";
    coder_error(StatusCode::CONFLICT, message, message)
}

/// Coder's 406 while the build's template version is still importing.
fn version_importing() -> Response {
    let message = "The provided template version is running. Wait for it to complete importing!";
    coder_error(StatusCode::NOT_ACCEPTABLE, message, message)
}

fn request_error(e: RequestError) -> Response {
    let mut body = json!({ "message": e.message });
    if !e.detail.is_empty() {
        body["detail"] = json!(e.detail);
    }
    if !e.validations.is_empty() {
        body["validations"] = validations(&e.validations);
    }
    json_response(StatusCode::BAD_REQUEST, &body)
}

fn validations(list: &[(String, String)]) -> Value {
    list.iter()
        .map(|(field, detail)| json!({ "field": field, "detail": detail }))
        .collect()
}

/// Coder's answer when parameters don't resolve (its dynamic-parameters
/// flow: one validation per parameter, sorted by name).
fn parameter_error(errors: ParameterErrors) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({ "message": "Unable to validate parameters", "validations": validations(&errors) }),
    )
}

/// Whether a rendered workspace's latest build still has its job to do.
pub(crate) fn job_active(workspace: &Value) -> bool {
    matches!(
        workspace
            .pointer("/latest_build/job/status")
            .and_then(Value::as_str),
        Some("pending" | "running" | "canceling")
    )
}

async fn post_build(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    AuthorizedBody(body): AuthorizedBody,
) -> Response {
    if let Err(r) = find_workspace(&state.workspaces(), &raw) {
        return *r;
    }
    let request = match parse_request(&body) {
        Ok(r) => r,
        Err(e) => return request_error(e),
    };
    let fault = state.take_build_fault();
    if let Some((status, body)) = fault {
        match (status.code(), body) {
            (Some(403), _) => return forbidden(request.transition),
            (Some(406), _) => return version_importing(),
            (Some(_), _) => return build_active(),
            (None, BuildBody::Html) => {
                return html_response(
                    StatusCode::OK,
                    "<!doctype html><html><head><title>Backstage</title></head>\
                     <body><div id=\"root\">This is an HTML page where a workspace build \
                     was expected (fault injected by the demo server).</div></body></html>\n"
                        .to_string(),
                )
            }
            (None, _) => {}
        }
    }
    let built = build(&state, &raw, &request);
    match built {
        Ok(answer) => {
            state.changed();
            if matches!(fault, Some((_, BuildBody::Unexpected))) {
                json_response(StatusCode::CREATED, &json!({ "unexpected": true }))
            } else {
                json_response(StatusCode::CREATED, &answer)
            }
        }
        Err(r) => *r,
    }
}

/// Makes the build, checking what Coder checks in its order: permission,
/// the version (it must be one of the workspace's template), no build
/// still active, parameters. Returns the new build as the POST answers it.
fn build(state: &AppState, raw: &str, request: &BuildRequest) -> Or<Value> {
    let now = state.moment();
    let catalog = state.catalog();
    let me = user_id(DEMO_USERNAME);
    let mut workspaces = state.workspaces_mut();
    let index = find_workspace(&workspaces, raw)?;
    let record = &mut workspaces[index];
    let current = record.render(&now).into_owned();
    if current.get("owner_id").and_then(Value::as_str) != Some(me.as_str()) {
        return Err(Box::new(forbidden(request.transition)));
    }
    let template = &catalog.templates[record.template];
    let version_id = match &request.template_version_id {
        Some(v) => v.clone(),
        None => current
            .pointer("/latest_build/template_version_id")
            .and_then(Value::as_str)
            .unwrap_or(&template.active_version_id)
            .to_string(),
    };
    let Some(version) = template.version(&version_id) else {
        return Err(Box::new(match catalog.version(&version_id) {
            Some((other, _)) => coder_error(
                StatusCode::BAD_REQUEST,
                "template version doesn't match template",
                &format!(
                    "templateVersion.TemplateID = {}, template.ID = {}",
                    other.id, template.id
                ),
            ),
            None => coder_error(
                StatusCode::BAD_REQUEST,
                "template version does not exist",
                &format!("get template version {version_id}: sql: no rows in result set"),
            ),
        }));
    };
    if job_active(&current) {
        return Err(Box::new(build_active()));
    }
    let parameters =
        resolve_parameters(version, &record.parameters, &request.rich_parameter_values)
            .map_err(|e| Box::new(parameter_error(e)))?;
    let live = LiveBuild {
        number: current
            .pointer("/latest_build/build_number")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            + 1,
        prev: current,
        id: new_id(),
        job_id: new_id(),
        transition: request.transition,
        version_id,
        version_name: version.name.clone(),
        active_version_id: template.active_version_id.clone(),
        started: now.now,
        created_at: rfc3339(state.clock().wall()),
        running: record.running.clone(),
        initiator_id: me,
        initiator_name: DEMO_USERNAME.to_string(),
    };
    // Coder answers with the build as it was queued, whatever
    // `--build-step-ms` says.
    let queued = Moment {
        step: Duration::from_secs(1),
        ..now
    };
    let answer = live.build_json(&queued);
    record.begin(live, parameters);
    Ok(answer)
}

/// `GET /api/v2/templates`: every template the user may see (all of
/// them here), as a list, as Coder answers it.
async fn list_templates(State(state): State<AppState>, _: Authorized) -> Response {
    let templates: Vec<Value> = state
        .catalog()
        .templates
        .iter()
        .map(|t| t.to_json())
        .collect();
    json_response(StatusCode::OK, &templates)
}

async fn get_template(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    _: Authorized,
) -> Response {
    json_or(lookup(state.catalog().template(&raw), &raw).map(|t| t.to_json()))
}

async fn get_version(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    _: Authorized,
) -> Response {
    json_or(lookup(state.catalog().version(&raw), &raw).map(|(t, v)| t.version_json(v)))
}

async fn get_rich_parameters(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    _: Authorized,
) -> Response {
    json_or(
        lookup(state.catalog().version(&raw), &raw)
            .map(|(_, v)| v.parameters.iter().map(|p| p.to_json()).collect::<Vec<_>>()),
    )
}

/// Coder's `AuthorizationRequest`; Go reads `null` as the zero value.
#[derive(Deserialize)]
struct AuthRequest {
    #[serde(default)]
    checks: Option<BTreeMap<String, AuthCheck>>,
}

#[derive(Deserialize)]
struct AuthCheck {
    #[serde(default)]
    object: Option<AuthObject>,
    #[serde(default)]
    action: Option<String>,
}

#[derive(Default, Deserialize)]
struct AuthObject {
    #[serde(default)]
    resource_type: Option<String>,
    #[serde(default)]
    owner_id: Option<String>,
    #[serde(default)]
    resource_id: Option<String>,
}

/// Most checks with a `resource_id` Coder takes at once.
const MAX_ID_CHECKS: usize = 10;

/// `POST /api/v2/authcheck`: `{"checks": {key: {object, action}}}` →
/// `{key: bool}`. `read` is allowed on anything; any other action only on
/// what the caller owns (`owner_id` is the caller's id or `me`; with a
/// `resource_id` of a workspace, its real owner counts, as in Coder).
async fn authcheck(
    State(state): State<AppState>,
    AuthorizedBody(body): AuthorizedBody,
) -> Response {
    let invalid_json = |detail: String| {
        coder_error(
            StatusCode::BAD_REQUEST,
            "Request body must be valid JSON.",
            &detail,
        )
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return invalid_json("EOF".into());
    }
    let request: AuthRequest = match decode_object(&body, "codersdk.AuthorizationRequest") {
        Ok(r) => r,
        Err(e) => return invalid_json(e),
    };
    let checks = request.checks.unwrap_or_default();
    let with_id = checks
        .values()
        .filter(|c| {
            c.object
                .as_ref()
                .is_some_and(|o| o.resource_id.as_deref().is_some_and(|id| !id.is_empty()))
        })
        .count();
    if with_id > MAX_ID_CHECKS {
        return coder_message(
            StatusCode::BAD_REQUEST,
            &format!(
                "Endpoint only supports using \"resource_id\" field {MAX_ID_CHECKS} times, found {with_id} usages. Remove {} objects with this field set.",
                with_id - MAX_ID_CHECKS
            ),
        );
    }
    let me = user_id(DEMO_USERNAME);
    let now = state.moment();
    let mut answer = serde_json::Map::new();
    for (key, check) in &checks {
        let object = check.object.as_ref();
        let text = |f: fn(&AuthObject) -> &Option<String>| {
            object.and_then(|o| f(o).clone()).unwrap_or_default()
        };
        let kind = text(|o| &o.resource_type);
        if kind.is_empty() {
            return coder_message(
                StatusCode::BAD_REQUEST,
                &format!("Object's \"resource_type\" field must be defined for key {key:?}."),
            );
        }
        let mut owner = text(|o| &o.owner_id);
        if owner == "me" {
            owner.clone_from(&me);
        }
        let resource_id = text(|o| &o.resource_id);
        if !resource_id.is_empty() {
            match owner_of(&state, &now, &kind, &resource_id, &me) {
                Lookup::Owner(o) => owner = o,
                Lookup::Missing => {
                    answer.insert(key.clone(), json!(false));
                    continue;
                }
                Lookup::Refused(r) => return r,
            }
        }
        let action = check.action.as_deref().unwrap_or("");
        answer.insert(key.clone(), json!(action == "read" || owner == me));
    }
    json_response(StatusCode::OK, &Value::Object(answer))
}

enum Lookup {
    Owner(String),
    Missing,
    Refused(Response),
}

/// The owner of the object a `resource_id` names (Coder fetches it).
fn owner_of(state: &AppState, now: &Moment, kind: &str, id: &str, me: &str) -> Lookup {
    if kind == "workspace" {
        let workspaces = state.workspaces();
        if let Some(w) = workspaces.iter().find(|w| w.id() == Some(id)) {
            let owner = w
                .render(now)
                .get("owner_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            return Lookup::Owner(owner);
        }
    }
    if let Err(e) = check_uuid(id) {
        return Lookup::Refused(json_response(
            StatusCode::BAD_REQUEST,
            &json!({
                "message": format!("Object {id:?} id is not a valid uuid."),
                "validations": [{ "field": "resource_id", "detail": e }],
            }),
        ));
    }
    match kind {
        "workspace" | "group" => Lookup::Missing,
        // Templates belong to the organization, not to a user.
        "template" if state.catalog().template(id).is_some() => Lookup::Owner(String::new()),
        "template" => Lookup::Missing,
        "user" if id == me => Lookup::Owner(me.to_string()),
        "user" => {
            let known = state
                .workspaces()
                .iter()
                .any(|w| w.value.get("owner_id").and_then(Value::as_str) == Some(id));
            if known {
                Lookup::Owner(id.to_string())
            } else {
                Lookup::Missing
            }
        }
        _ => {
            let message = format!("Object type {kind:?} does not support \"resource_id\" field.");
            Lookup::Refused(json_response(
                StatusCode::BAD_REQUEST,
                &json!({ "message": message, "validations": [{ "field": "resource_type", "detail": message }] }),
            ))
        }
    }
}

/// `wildcard` with the port of `host` when it names none, as Coder adds
/// its access URL's port to `--wildcard-access-url`.
pub(crate) fn wildcard_with_port(wildcard: &str, host: &str) -> String {
    let has_port = |h: &str| {
        h.rsplit_once(':').is_some_and(|(name, port)| {
            !name.ends_with(':') && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
        })
    };
    match host.rsplit_once(':') {
        Some((_, port)) if !has_port(wildcard) && has_port(host) => format!("{wildcard}:{port}"),
        _ => wildcard.to_string(),
    }
}

/// `GET /api/v2/regions`: the primary region only. Its `path_app_url` is
/// this server as the request reached it; `wildcard_hostname` is
/// `--wildcard-host` (with this server's port when it names none), empty
/// without it, as Coder without `--wildcard-access-url`.
async fn regions(State(state): State<AppState>, _: Authorized, headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    let wildcard = state
        .wildcard_host()
        .map(|w| wildcard_with_port(w, host))
        .unwrap_or_default();
    json_response(
        StatusCode::OK,
        &json!({
            "regions": [{
                "id": DEPLOYMENT_ID,
                "name": "primary",
                "display_name": "Default",
                "icon_url": "/emojis/1f3e1.png",
                "healthy": true,
                "path_app_url": format!("http://{host}"),
                "wildcard_hostname": wildcard,
            }],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wildcard_gets_the_access_port_when_it_has_none() {
        assert_eq!(
            wildcard_with_port("*.localhost", "127.0.0.1:7007"),
            "*.localhost:7007"
        );
        assert_eq!(
            wildcard_with_port("*.localhost:80", "127.0.0.1:7007"),
            "*.localhost:80"
        );
        assert_eq!(
            wildcard_with_port("*.localhost", "127.0.0.1"),
            "*.localhost"
        );
        assert_eq!(
            wildcard_with_port("*.localhost", "[::1]:7007"),
            "*.localhost:7007"
        );
    }
}
