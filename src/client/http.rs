//! The fetch glue: one GET to Coder through the Backstage proxy, with the
//! session token header, the Backstage bearer, a 20 s timeout, and the
//! answer classified by `policy`. Browser-only. A request that reaches
//! nothing is `DeploymentUnavailable(0)`; whether that means "offline" is
//! the caller's to say ([`policy::with_online_state`](super::policy::with_online_state)),
//! since only the host adapter reads the browser's state.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};

use super::api_request::{ApiRequest, Method};
use super::policy::{backstage_refusal, classify, REQUEST_TIMEOUT_MS};
use super::{fingerprint, header_safe, Answer, ProxyProblem, RequestError};
use crate::coder::{User, WorkspacesResponse};
use crate::config::api_url;
use crate::de::json::{self, JsonError, Value};

/// Largest body accepted; a bigger one is refused rather than parsed.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Largest template icon fetched: Coder's own icons are a few KB, and one
/// is held in memory (as a `data:` URL) for as long as the provider lives.
pub const MAX_ICON_BYTES: usize = 256 * 1024;

/// What a request accepts back.
pub(super) struct Expect {
    accept: &'static str,
    max_bytes: usize,
    too_large: &'static str,
}

pub(super) const JSON: Expect = Expect {
    accept: "application/json",
    max_bytes: MAX_BODY_BYTES,
    too_large: "the response is larger than 16 MB",
};

const IMAGE: Expect = Expect {
    accept: "image/*",
    max_bytes: MAX_ICON_BYTES,
    too_large: "the icon is larger than 256 KB",
};

/// Where and as whom to call Coder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// `<proxy base>/coder`.
    pub api_base: String,
    /// The Coder session token (sent only as a header).
    pub token: String,
    /// The Backstage token for the proxy, if any.
    pub bearer: Option<String>,
}

/// A response as it came: status, `Retry-After` and body bytes. Bytes, not
/// text: `Response.text()` would decode the UTF-8 to a JS string only for
/// the wasm to encode it back (two passes over a megabyte per poll).
pub struct Raw {
    status: u16,
    retry_after: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Raw {
    pub(super) fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body of a successful JSON answer as text, or the error the
    /// answer means (as [`read`](Self::read) would classify it).
    pub(super) fn ok_text(self) -> Result<String, RequestError> {
        if !self.ok() {
            return self.read("", any_json).map(|_| String::new());
        }
        String::from_utf8(self.body)
            .map_err(|_| RequestError::InvalidResponse("UTF-8 text".to_owned()))
    }

    /// Classifies the answer (`policy::classify`) and reads a `T` from a
    /// successful one with `parse`; `what` names a `T` in the error for
    /// JSON that `parse` refuses.
    pub(super) fn read<T>(
        self,
        what: &str,
        parse: fn(&str) -> Result<Option<T>, JsonError>,
    ) -> Result<T, RequestError> {
        // Invalid UTF-8 reads as U+FFFD, as `text()` would have it.
        // `from_utf8` first: its check of valid text is several times
        // faster than the lossy decoder's (a megabyte answer is valid).
        let text = match std::str::from_utf8(&self.body) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.body),
        };
        let retry_after = self.retry_after.as_deref();
        if !self.ok() {
            // Coder's error body (`message`), or Backstage's (its own
            // refusals, before the proxy forwards: `error.name`,
            // `error.message`); only a message is shown.
            let body = json::from_str(&text);
            let is_json = body.is_ok();
            let mut body = body.unwrap_or_default();
            let mut error = body.take("error");
            let shown = |m: String| m.chars().take(300).collect::<String>();
            let message = error.take("message").into_text().map(shown);
            if let Some(e) = backstage_refusal(self.status, error.get("name").text(), message) {
                return Err(e);
            }
            classify(
                self.status,
                is_json,
                body.take("message").into_text().map(shown),
                retry_after,
            )?;
        }
        match parse(&text) {
            Ok(Some(value)) => Ok(value),
            // JSON that breaks off is a cut connection or a broken server,
            // not the HTML page of a misconfigured proxy.
            Err(error) if json::starts_like_json(&text) => {
                Err(RequestError::InvalidResponse(json::broken_message(&error)))
            }
            Err(_) => {
                classify(self.status, false, None, retry_after)?;
                Err(RequestError::InvalidResponse("no JSON body".to_owned()))
            }
            Ok(None) => {
                let mut msg = "expected ".to_owned();
                msg.push_str(what);
                Err(RequestError::InvalidResponse(msg))
            }
        }
    }
}

/// A request from the host page's code ([`ApiRequest`], vetted): the text
/// of Coder's JSON answer, `""` for an answer with no body (a 204), or the
/// error the answer means, as for the card's own requests.
pub async fn api_request(session: &Session, request: &ApiRequest) -> Result<String, RequestError> {
    let query: Vec<(&str, &str)> = request
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let raw = send_as(
        session,
        request.method,
        request.body.clone(),
        &request.path,
        &query,
        &JSON,
    )
    .await?;
    if raw.ok() && raw.body.is_empty() {
        return Ok(String::new());
    }
    let text = raw.ok_text()?;
    if json::starts_like_json(&text) {
        Ok(text)
    } else {
        // The app's own HTML page for a path the proxy does not forward.
        Err(RequestError::ProxyMisconfigured(ProxyProblem::NotJson))
    }
}

/// Any JSON value, as [`Raw::read`] parses it.
pub(super) fn any_json(text: &str) -> Result<Option<Value>, JsonError> {
    json::from_str(text).map(Some)
}

/// Sends the GET and reads the whole body, within the 20 s timeout.
fn get<'a>(
    session: &'a Session,
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    expect: &'a Expect,
) -> impl std::future::Future<Output = Result<Raw, RequestError>> + 'a {
    send(session, None, path, query, expect)
}

/// `request` with the session token and the Backstage bearer as headers
/// (never in the URL). `Headers` throws on values it cannot carry, and a
/// JS exception must not unwind through the wasm: a token from a host API
/// (OAuth, identity) is checked here as a pasted one is in the form.
pub(super) fn with_credentials(
    request: RequestBuilder,
    session: &Session,
) -> Result<RequestBuilder, RequestError> {
    if !header_safe(&session.token) || session.bearer.as_deref().is_some_and(|b| !header_safe(b)) {
        return Err(RequestError::HostApi(
            "a token from the Backstage APIs contains characters an HTTP header cannot carry"
                .to_owned(),
        ));
    }
    let mut request = request.header("Coder-Session-Token", &session.token);
    if let Some(bearer) = &session.bearer {
        let mut value = "Bearer ".to_owned();
        value.push_str(bearer);
        request = request.header("Authorization", &value);
    }
    Ok(request)
}

/// Sends a GET (or, with a `body`, a JSON POST) and reads the whole body,
/// within the 20 s timeout.
pub(super) async fn send(
    session: &Session,
    body: Option<String>,
    path: &str,
    query: &[(&str, &str)],
    expect: &Expect,
) -> Result<Raw, RequestError> {
    let method = if body.is_some() {
        Method::Post
    } else {
        Method::Get
    };
    send_as(session, method, body, path, query, expect).await
}

/// [`send`] with any method: a body is sent as JSON.
pub(super) async fn send_as(
    session: &Session,
    method: Method,
    body: Option<String>,
    path: &str,
    query: &[(&str, &str)],
    expect: &Expect,
) -> Result<Raw, RequestError> {
    let url = api_url(&session.api_base, path);

    let controller = web_sys::AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let _timer = controller.clone().map(|c| {
        let flag = timed_out.clone();
        gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || {
            flag.set(true);
            c.abort();
        })
    });
    let builder = match method {
        Method::Get => Request::get(&url),
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
        Method::Patch => Request::patch(&url),
        Method::Delete => Request::delete(&url),
    };
    let builder = match body {
        Some(_) => builder.header("Content-Type", "application/json"),
        None => builder,
    };
    let request = with_credentials(builder.query(query.iter().copied()), session)?
        .header("Accept", expect.accept);
    let signal = controller.as_ref().map(|c| c.signal());
    let network_error = |timed_out: &Rc<Cell<bool>>| {
        if timed_out.get() {
            RequestError::Timeout
        } else {
            RequestError::DeploymentUnavailable(0)
        }
    };
    let request = request.abort_signal(signal.as_ref());
    let request = match body {
        Some(body) => request.body(body),
        None => request.build(),
    };
    let response = request
        .map_err(|_| network_error(&timed_out))?
        .send()
        .await
        .map_err(|_| network_error(&timed_out))?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let content_type = response.headers().get("content-type");
    // The size is checked while the body is still in JS memory: the wasm
    // memory a copy would grow never shrinks again.
    let raw: web_sys::Response = response.into();
    let buffer = match raw.array_buffer() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|_| network_error(&timed_out))?,
        Err(_) => return Err(network_error(&timed_out)),
    };
    let bytes = js_sys::Uint8Array::new(&buffer);
    if bytes.length() as usize > expect.max_bytes {
        return Err(RequestError::InvalidResponse(expect.too_large.to_owned()));
    }
    let body = bytes.to_vec();
    Ok(Raw {
        status,
        retry_after,
        content_type,
        body,
    })
}

/// `GET /api/v2/users/me`, valid only when `id` and `username` are strings.
pub async fn fetch_user(session: &Session) -> Result<User, RequestError> {
    let user = get(session, "/api/v2/users/me", &[], &JSON)
        .await?
        .read("a user object", User::from_json)?;
    if user.is_valid() {
        Ok(user)
    } else {
        Err(RequestError::InvalidResponse(
            "a user object with an id and a username".to_owned(),
        ))
    }
}

/// `GET /api/v2/workspaces?q=<query>&limit=0`. When the body's
/// fingerprint equals `known` (the cached answer's), it is not parsed.
/// `keep_body`: the answer keeps the body as text, unless it is unchanged
/// and `body_known` (the cache holds that text already: no copy per poll).
pub async fn fetch_workspaces(
    session: &Session,
    query: &str,
    known: Option<u64>,
    keep_body: bool,
    body_known: bool,
) -> Result<Answer, RequestError> {
    // Coder drops an empty `q`; so do we (upstream's SDK does the same).
    let params: &[(&str, &str)] = if query.is_empty() {
        &[("limit", "0")]
    } else {
        &[("q", query), ("limit", "0")]
    };
    let raw = get(session, "/api/v2/workspaces", params, &JSON).await?;
    let print = fingerprint(&raw.body);
    let unchanged = raw.ok() && known == Some(print);
    let body = (keep_body && raw.ok() && !(unchanged && body_known))
        .then(|| std::str::from_utf8(&raw.body).ok().map(Rc::from))
        .flatten();
    if unchanged {
        return Ok(Answer::Unchanged(body));
    }
    let response = raw.read("a workspaces list", WorkspacesResponse::from_json)?;
    Ok(Answer::List(response.workspaces, print, body))
}

/// `GET <path>` of a template icon on the deployment (a vetted
/// root-relative path), through the proxy with the user's credentials.
/// Read it with [`Raw::into_image`]. Not an `async fn` of its own: one
/// state machine less in the wasm.
pub fn fetch_icon<'a>(
    session: &'a Session,
    path: &'a str,
) -> impl std::future::Future<Output = Result<Raw, RequestError>> + 'a {
    get(session, path, &[], &IMAGE)
}

impl Raw {
    /// An icon answer's `Content-Type` and bytes, or why it is none.
    pub fn into_image(self) -> Result<(String, Vec<u8>), RequestError> {
        if !self.ok() {
            classify(self.status, false, None, self.retry_after.as_deref())?;
        }
        Ok((self.content_type.unwrap_or_default(), self.body))
    }
}
