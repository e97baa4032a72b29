//! The Coder calls of the workspace actions, and the workspace watch
//! stream. Browser-only, through the same glue as the list: the proxy
//! base, both tokens as headers, the timeout, the answer classified by
//! `policy`. Ids from Coder's answers go into paths only when they look
//! like Coder's ids ([`is_coder_id`]), so none can add a path segment.

use wasm_bindgen::JsCast;

use super::bodies::{authcheck_body, build_body};
use super::http::{send, Session, JSON};
use super::{header_safe, RequestError};
use crate::coder::{
    is_coder_id, Allowed, BuildParameter, List, NewBuild, Regions, Template, Transition,
    VersionParameter, Workspace,
};
use crate::config::api_url;

fn bad_id(what: &str) -> RequestError {
    let mut msg = String::from("an answer whose ");
    msg.push_str(what);
    msg.push_str(" is not a Coder id");
    RequestError::InvalidResponse(msg)
}

/// `<prefix><id><suffix>`, when `id` is a Coder id.
fn path(prefix: &str, id: &str, suffix: &str, what: &str) -> Result<String, RequestError> {
    if !is_coder_id(id) {
        return Err(bad_id(what));
    }
    let mut path = String::with_capacity(prefix.len() + id.len() + suffix.len());
    path.push_str(prefix);
    path.push_str(id);
    path.push_str(suffix);
    Ok(path)
}

/// `GET /api/v2/workspaces/{id}`.
pub async fn fetch_workspace(session: &Session, id: &str) -> Result<Workspace, RequestError> {
    let path = path("/api/v2/workspaces/", id, "", "workspace id")?;
    let workspace: Workspace = send(session, None, &path, &[], &JSON)
        .await?
        .read("a workspace")?;
    if workspace.id != id {
        return Err(RequestError::InvalidResponse(
            "a workspace with the id asked for".to_owned(),
        ));
    }
    Ok(workspace)
}

/// `POST /api/v2/workspaces/{id}/builds`: the new build's id.
pub async fn post_build(
    session: &Session,
    id: &str,
    transition: Transition,
    version: Option<&str>,
) -> Result<String, RequestError> {
    let path = path("/api/v2/workspaces/", id, "/builds", "workspace id")?;
    if version.is_some_and(|v| !is_coder_id(v)) {
        return Err(bad_id("template version"));
    }
    let body = build_body(transition, version);
    let build: NewBuild = send(session, Some(body), &path, &[], &JSON)
        .await?
        .read("a workspace build")?;
    if build.id.is_empty() {
        return Err(RequestError::InvalidResponse(
            "a workspace build with an id".to_owned(),
        ));
    }
    Ok(build.id)
}

/// The template's active version, and the names of the parameters it
/// requires that the workspace's latest build (`build_id`) has no value
/// for: `GET /templates/{id}`, `/templateversions/{v}/rich-parameters`,
/// `/workspacebuilds/{b}/parameters`.
pub async fn active_version(
    session: &Session,
    template_id: &str,
    build_id: &str,
) -> Result<(String, Vec<String>), RequestError> {
    let path_t = path("/api/v2/templates/", template_id, "", "template id")?;
    let template: Template = send(session, None, &path_t, &[], &JSON)
        .await?
        .read("a template")?;
    let version = template.active_version_id;
    let path_v = path(
        "/api/v2/templateversions/",
        &version,
        "/rich-parameters",
        "active version",
    )?;
    let wanted: List<VersionParameter> = send(session, None, &path_v, &[], &JSON)
        .await?
        .read("a list of template parameters")?;
    let path_b = path(
        "/api/v2/workspacebuilds/",
        build_id,
        "/parameters",
        "build id",
    )?;
    let have: List<BuildParameter> = send(session, None, &path_b, &[], &JSON)
        .await?
        .read("a list of build parameters")?;
    let missing = wanted
        .0
        .into_iter()
        .filter(|p| p.required && !have.0.iter().any(|h| h.name == p.name))
        .map(|p| p.display_name.unwrap_or(p.name))
        .collect();
    Ok((version, missing))
}

/// `GET /api/v2/regions`: the primary region's wildcard app host.
pub async fn fetch_wildcard(session: &Session) -> Result<Option<String>, RequestError> {
    let regions: Regions = send(session, None, "/api/v2/regions", &[], &JSON)
        .await?
        .read("a list of regions")?;
    Ok(regions.wildcard().map(str::to_owned))
}

/// `POST /api/v2/authcheck`: which of `(workspace id, owner id)` the
/// user may update (start, stop, update). Pairs with ids that are not
/// Coder's are not asked about (and so not allowed).
pub async fn may_update(
    session: &Session,
    workspaces: &[(String, String)],
) -> Result<Vec<(String, bool)>, RequestError> {
    let asked = workspaces
        .iter()
        .filter(|(id, owner)| is_coder_id(id) && is_coder_id(owner))
        .map(|(id, owner)| (id.as_str(), owner.as_str()));
    let body = authcheck_body(asked);
    let allowed: Allowed = send(session, Some(body), "/api/v2/authcheck", &[], &JSON)
        .await?
        .read("a permission check answer")?;
    Ok(allowed.0)
}

/// An open `GET /api/v2/workspaces/{id}/watch` stream. Dropping it (or
/// [`abort`](Self::abort)) closes the connection.
pub struct WatchStream {
    reader: web_sys::ReadableStreamDefaultReader,
    controller: web_sys::AbortController,
}

impl WatchStream {
    /// Opens the stream: a 2xx `text/event-stream` answer, else why not.
    pub async fn open(session: &Session, id: &str) -> Result<Self, RequestError> {
        let path = path("/api/v2/workspaces/", id, "/watch", "workspace id")?;
        if !header_safe(&session.token)
            || session.bearer.as_deref().is_some_and(|b| !header_safe(b))
        {
            return Err(RequestError::HostApi(
                "a token contains characters an HTTP header cannot carry".to_owned(),
            ));
        }
        let controller =
            web_sys::AbortController::new().map_err(|_| RequestError::DeploymentUnavailable(0))?;
        let mut request = gloo_net::http::Request::get(&api_url(&session.api_base, &path))
            .header("Coder-Session-Token", &session.token)
            .header("Accept", "text/event-stream");
        if let Some(bearer) = &session.bearer {
            let mut value = "Bearer ".to_owned();
            value.push_str(bearer);
            request = request.header("Authorization", &value);
        }
        let signal = controller.signal();
        let response = request
            .abort_signal(Some(&signal))
            .send()
            .await
            .map_err(|_| RequestError::DeploymentUnavailable(0))?;
        let streaming = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.starts_with("text/event-stream"));
        if !response.ok() || !streaming {
            controller.abort();
            return Err(RequestError::InvalidResponse(
                "an event stream for the workspace".to_owned(),
            ));
        }
        let raw: web_sys::Response = response.into();
        let reader = raw
            .body()
            .map(|b| b.get_reader())
            .and_then(|r| r.dyn_into::<web_sys::ReadableStreamDefaultReader>().ok())
            .ok_or_else(|| RequestError::InvalidResponse("an event stream body".to_owned()))?;
        Ok(Self { reader, controller })
    }

    /// The next chunk of bytes; `None` when the stream ended or broke.
    pub async fn next(&self) -> Option<Vec<u8>> {
        let result = wasm_bindgen_futures::JsFuture::from(self.reader.read())
            .await
            .ok()?;
        let done = js_sys::Reflect::get(&result, &"done".into()).ok()?;
        if done.as_bool() != Some(false) {
            return None;
        }
        let value = js_sys::Reflect::get(&result, &"value".into()).ok()?;
        let bytes = value.dyn_into::<js_sys::Uint8Array>().ok()?;
        Some(bytes.to_vec())
    }

    /// Closes the connection; a pending [`next`](Self::next) ends.
    pub fn abort(&self) {
        self.controller.abort();
    }
}

impl Drop for WatchStream {
    fn drop(&mut self) {
        self.controller.abort();
    }
}
