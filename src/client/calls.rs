//! The Coder calls of the workspace actions, and the workspace watch
//! stream. Browser-only, through the same glue as the list: the proxy
//! base, both tokens as headers, the timeout, the answer classified by
//! `policy`. Ids from Coder's answers go into paths only when they look
//! like Coder's ids ([`is_coder_id`]), so none can add a path segment.

use wasm_bindgen::JsCast;

use super::bodies::{authcheck_body, build_body};
use super::http::{send, with_credentials, Session, JSON};
use super::RequestError;
use crate::coder::{
    active_version_id, allowed, is_coder_id, missing_parameters, new_build_id, wildcard_hostname,
    Transition, Workspace,
};
use crate::config::api_url;
use crate::de::json::Value;

/// A call to Coder made for a row's action or menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// `POST /workspaces/{workspace}/builds`: start or stop (on `version`).
    Build {
        /// Workspace id.
        workspace: String,
        /// Start or stop.
        transition: Transition,
        /// The template version to build; `None` keeps the current one.
        version: Option<String>,
    },
    /// The template's active version, and the parameters it requires that
    /// the workspace's build has no value for: `GET /templates/{template}`,
    /// `/templateversions/{v}/rich-parameters`,
    /// `/workspacebuilds/{build}/parameters`.
    ActiveVersion {
        /// The workspace being updated (its answer goes to that run).
        workspace: String,
        /// Template id.
        template: String,
        /// The workspace's latest build id.
        build: String,
    },
    /// `GET /regions`: the wildcard app host.
    Wildcard,
    /// `POST /authcheck`: may the user update each `(workspace, owner)`?
    Permissions(Vec<(String, String)>),
    /// `GET /workspaces/{id}`.
    Workspace(String),
}

/// Coder's answer to a [`Call`], in the same order.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The new build's id.
    Build(String),
    /// The active version, and the names of the parameters it is missing.
    ActiveVersion(String, Vec<String>),
    /// The wildcard app host, if any.
    Wildcard(Option<String>),
    /// Whether each asked workspace may be updated.
    Permissions(Vec<(String, bool)>),
    /// The workspace.
    Workspace(Workspace),
}

fn unexpected(what: &str) -> RequestError {
    RequestError::InvalidResponse(what.to_owned())
}

/// `<prefix><id><suffix>`, when `id` is a Coder id.
fn path(prefix: &str, id: &str, suffix: &str) -> Result<String, RequestError> {
    if !is_coder_id(id) {
        return Err(unexpected("Coder ids in the earlier answers"));
    }
    let mut path = String::with_capacity(prefix.len() + id.len() + suffix.len());
    path.push_str(prefix);
    path.push_str(id);
    path.push_str(suffix);
    Ok(path)
}

/// One request whose answer is read as a [`Value`].
async fn value(session: &Session, body: Option<String>, path: &str) -> Result<Value, RequestError> {
    send(session, body, path, &[], &JSON)
        .await?
        .read("a JSON answer", super::http::any_json)
}

/// Makes `call`. One function for every call, so the wasm holds one
/// state machine for them rather than one each.
pub async fn call(session: &Session, call: &Call) -> Result<Reply, RequestError> {
    match call {
        Call::Build {
            workspace,
            transition,
            version,
        } => {
            let path = path("/api/v2/workspaces/", workspace, "/builds")?;
            if version.as_deref().is_some_and(|v| !is_coder_id(v)) {
                return Err(unexpected("a template version id"));
            }
            let body = build_body(*transition, version.as_deref());
            let answer = value(session, Some(body), &path).await?;
            new_build_id(&answer)
                .map(Reply::Build)
                .ok_or_else(|| unexpected("a workspace build with an id"))
        }
        Call::ActiveVersion {
            template, build, ..
        } => {
            let template = value(session, None, &path("/api/v2/templates/", template, "")?).await?;
            let version = active_version_id(&template)
                .ok_or_else(|| unexpected("a template with an active version"))?;
            let wanted_path = path("/api/v2/templateversions/", &version, "/rich-parameters")?;
            let wanted = value(session, None, &wanted_path).await?;
            let have_path = path("/api/v2/workspacebuilds/", build, "/parameters")?;
            let have = value(session, None, &have_path).await?;
            Ok(Reply::ActiveVersion(
                version,
                missing_parameters(&wanted, &have),
            ))
        }
        Call::Wildcard => {
            let regions = value(session, None, "/api/v2/regions").await?;
            Ok(Reply::Wildcard(wildcard_hostname(&regions)))
        }
        Call::Permissions(pairs) => {
            // Pairs whose ids are not Coder's are not asked about (and so
            // not allowed).
            let asked = pairs
                .iter()
                .filter(|(id, owner)| is_coder_id(id) && is_coder_id(owner))
                .map(|(id, owner)| (id.as_str(), owner.as_str()));
            let answer = value(session, Some(authcheck_body(asked)), "/api/v2/authcheck").await?;
            Ok(Reply::Permissions(
                pairs
                    .iter()
                    .map(|(id, _)| (id.clone(), allowed(&answer, id)))
                    .collect(),
            ))
        }
        Call::Workspace(id) => {
            let path = path("/api/v2/workspaces/", id, "")?;
            let raw = send(session, None, &path, &[], &JSON).await?;
            // Classified like any answer, then read as the one workspace.
            let text = raw.ok_text()?;
            match Workspace::from_json(&text) {
                Some(w) if w.id == *id => Ok(Reply::Workspace(w)),
                _ => Err(unexpected("the workspace asked for")),
            }
        }
    }
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
        let path = path("/api/v2/workspaces/", id, "/watch")?;
        let request = gloo_net::http::Request::get(&api_url(&session.api_base, &path));
        let request = with_credentials(request, session)?.header("Accept", "text/event-stream");
        let controller =
            web_sys::AbortController::new().map_err(|_| RequestError::DeploymentUnavailable(0))?;
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
