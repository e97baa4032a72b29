//! `provider.coderApi`: what a `<coder-provider>` offers the page's own code
//! (custom components; the React hooks `useCoderApi` and `useCoderAuth` are
//! thin over it). Coder calls go through the provider's client
//! ([`Driver::api_request`]): its session, timeout, 401 handling and
//! retries; paths are vetted ([`crate::client::api_request::vet`]) and ids
//! must look like Coder's. Answers are Coder's own JSON, parsed by the
//! browser; failures reject with an `Error` named `CoderApiError` whose
//! message says what happened and what to do (never a token), and whose
//! `status` is the HTTP status when there was one.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::card_state::{config_js, opt, set};
use super::coder_query::{refetching, FindApi, FindDriver, QueryGlue};
use crate::auth::AuthEvent;
use crate::client::api_request::{vet, ApiRequest, Method};
use crate::client::RequestError;
use crate::coder::is_coder_id;
use crate::config::{compile, Entity};
use crate::provider::{Command, Driver, ProviderView};

/// The API object of one provider element (the same object for the
/// element's whole life; calls use whichever driver runs it then).
#[wasm_bindgen]
pub struct CoderApi {
    driver: FindDriver,
    queries: Rc<QueryGlue>,
}

impl CoderApi {
    /// The API of the provider whose driver `driver` finds; `api` finds
    /// this object as JS sees it (handed to the adopter's query functions).
    pub fn new(
        driver: impl Fn() -> Option<Rc<Driver>> + 'static,
        api: impl Fn() -> JsValue + 'static,
    ) -> Self {
        let driver: FindDriver = Rc::new(driver);
        let api: FindApi = Rc::new(api);
        Self {
            queries: QueryGlue::new(driver.clone(), api),
            driver,
        }
    }

    /// The element's custom queries (told when it connects again, with a
    /// new driver).
    pub(super) fn queries(&self) -> Rc<QueryGlue> {
        self.queries.clone()
    }

    /// Sends `request` (or rejects with `refused`), resolving with the
    /// parsed answer. In a query function a refetch runs, a workspaces
    /// query a card shares takes no answer from before.
    fn send(&self, request: Result<ApiRequest, String>) -> js_sys::Promise {
        let driver = (self.driver)();
        let fresh_only = refetching();
        future_to_promise(async move {
            let request = request.map_err(|m| api_error(&m, None))?;
            let driver = driver.ok_or_else(|| {
                api_error(
                    "coderApi: the <coder-provider> is not on the page; call it while \
                     the provider is mounted",
                    None,
                )
            })?;
            if !driver.shared().auth().status().is_authenticated() {
                return Err(api_error(
                    "coderApi: not signed in to Coder; wait until the auth state says \
                     isAuthenticated (useCoderAuth), or sign in first",
                    None,
                ));
            }
            let text = driver
                .api_request(request, fresh_only)
                .await
                .map_err(|e| api_error(&e.to_string(), status_of(&e)))?;
            if text.is_empty() {
                return Ok(JsValue::UNDEFINED);
            }
            js_sys::JSON::parse(&text)
                .map_err(|_| api_error("coderApi: Coder's answer is not valid JSON", None))
        })
    }

    fn get(&self, path: &str, query: Vec<(String, String)>) -> js_sys::Promise {
        self.send(
            vet(None, path)
                .map(|r| ApiRequest { query, ..r })
                .map_err(|e| e.to_string()),
        )
    }

    /// `GET <prefix><id><suffix>` for an id that looks like Coder's.
    fn get_by_id(&self, prefix: &str, id: &str, suffix: &str) -> js_sys::Promise {
        match path_with_id(prefix, id, suffix) {
            Ok(path) => self.get(&path, Vec::new()),
            Err(message) => self.send(Err(message)),
        }
    }

    fn command(&self, command: Command) {
        if let Some(driver) = (self.driver)() {
            driver.shared().send(command);
        }
    }
}

#[wasm_bindgen]
impl CoderApi {
    /// `request(path, init?)`: any Coder API call. `init`: `method`
    /// (default GET), `query` (an object of strings or numbers), `body`
    /// (sent as JSON; not with GET).
    pub fn request(&self, path: String, init: JsValue) -> js_sys::Promise {
        self.send(request_from(&path, &init))
    }

    /// `GET /api/v2/users/me`: the signed-in Coder user.
    #[wasm_bindgen(js_name = getAuthenticatedUser)]
    pub fn get_authenticated_user(&self) -> js_sys::Promise {
        self.get("/api/v2/users/me", Vec::new())
    }

    /// `GET /api/v2/workspaces` with `{ q, limit, offset }`: `{ workspaces, count }`.
    #[wasm_bindgen(js_name = getWorkspaces)]
    pub fn get_workspaces(&self, request: JsValue) -> js_sys::Promise {
        match query_of(&request) {
            Ok(query) => self.get("/api/v2/workspaces", query),
            Err(message) => self.send(Err(message)),
        }
    }

    /// `GET /api/v2/workspaces/{id}`.
    #[wasm_bindgen(js_name = getWorkspace)]
    pub fn get_workspace(&self, id: &str) -> js_sys::Promise {
        self.get_by_id("/api/v2/workspaces/", id, "")
    }

    /// `GET /api/v2/workspaces/{id}/builds`: the workspace's builds, newest first.
    #[wasm_bindgen(js_name = getWorkspaceBuilds)]
    pub fn get_workspace_builds(&self, id: &str) -> js_sys::Promise {
        self.get_by_id("/api/v2/workspaces/", id, "/builds")
    }

    /// `POST /api/v2/workspaces/{id}/builds` with `{ transition ('start',
    /// 'stop' or 'delete'), template_version_id?, rich_parameter_values? }`:
    /// the new build. Never repeated; the provider's cards show its effect
    /// at once (see `Driver::api_request`).
    #[wasm_bindgen(js_name = createWorkspaceBuild)]
    pub fn create_workspace_build(&self, id: &str, build: JsValue) -> js_sys::Promise {
        let transition = js_sys::Reflect::get(&build, &"transition".into())
            .ok()
            .and_then(|t| t.as_string());
        if !matches!(transition.as_deref(), Some("start" | "stop" | "delete")) {
            return self.send(Err(
                "coderApi.createWorkspaceBuild: give { transition: 'start', \
                 'stop' or 'delete' }"
                    .to_owned(),
            ));
        }
        let init = js_sys::Object::new();
        set(&init, "method", "POST");
        set(&init, "body", build);
        self.send(
            path_with_id("/api/v2/workspaces/", id, "/builds")
                .and_then(|path| request_from(&path, &init)),
        )
    }

    /// `GET /api/v2/templates`: the templates the user may see.
    #[wasm_bindgen(js_name = getTemplates)]
    pub fn get_templates(&self) -> js_sys::Promise {
        self.get("/api/v2/templates", Vec::new())
    }

    /// `GET /api/v2/templates/{id}`.
    #[wasm_bindgen(js_name = getTemplate)]
    pub fn get_template(&self, id: &str) -> js_sys::Promise {
        self.get_by_id("/api/v2/templates/", id, "")
    }

    /// The sign-in state: `{ status, isAuthenticated, user }` (`status` as
    /// upstream names it; `user`: `{ username, name, email }` once signed
    /// in, else null). Never the token.
    #[wasm_bindgen(js_name = authState)]
    pub fn auth_state(&self) -> JsValue {
        let state: JsValue = js_sys::Object::new().into();
        let Some(driver) = (self.driver)() else {
            set(&state, "status", "initializing");
            set(&state, "isAuthenticated", false);
            set(&state, "user", JsValue::NULL);
            return state;
        };
        let auth = driver.shared().auth();
        let status = auth.status();
        set(&state, "status", status.as_str());
        set(&state, "isAuthenticated", status.is_authenticated());
        let user = match auth.user().filter(|_| status.is_authenticated()) {
            Some(user) => {
                let out: JsValue = js_sys::Object::new().into();
                set(&out, "username", opt(user.username.as_deref()));
                set(&out, "name", opt(user.name.as_deref()));
                set(&out, "email", opt(user.email.as_deref()));
                out
            }
            None => JsValue::NULL,
        };
        set(&state, "user", user);
        state
    }

    /// The workspaces config (upstream's `useCoderWorkspacesConfig`): the
    /// provider's app config, with `entity`'s `spec.coder` and repository
    /// when one is given, as the card's root shows it in `cardState`.
    /// Throws a `CoderApiError` saying what is wrong when the provider has
    /// no usable app config or the entity is not one.
    #[wasm_bindgen(js_name = workspacesConfig)]
    pub fn workspaces_config(&self, entity: JsValue) -> Result<JsValue, JsValue> {
        let driver = (self.driver)()
            .ok_or_else(|| api_error("coderApi: the <coder-provider> is not on the page", None))?;
        let app = ProviderView::of(Some(driver.shared()))
            .app_config()
            .map_err(|problem| api_error(&problem.message(), None))?;
        let entity = if entity.is_undefined() || entity.is_null() {
            None
        } else {
            let entity = Entity::from_tree(entity)
                .map_err(|e| api_error(&e.in_input("entity").to_string(), None))?;
            Some(entity)
        };
        Ok(config_js(&compile(&app, entity.as_ref())))
    }

    /// Calls `listener()` after every change of the provider's state (sign-in,
    /// new data); returns the function that stops it.
    pub fn subscribe(&self, listener: js_sys::Function) -> js_sys::Function {
        let subscription = (self.driver)().map(|driver| {
            driver.shared().subscribe(move || {
                let _ = listener.call0(&JsValue::NULL);
            })
        });
        // Freed when called; a listener never unsubscribed stays with its
        // provider, as an event listener never removed does.
        Closure::once_into_js(move || drop(subscription)).unchecked_into()
    }

    /// `watchQuery(key, fn, listener)`: watches the query `key` (upstream's
    /// `useCoderQuery`). The first watcher's `fn(coderApi)` (returning a
    /// promise) runs while signed in, is retried on outages and polled;
    /// later watchers of the key share its answer. `listener()` is called
    /// on every change of the key's `queryState`. Returns the function
    /// that stops watching.
    #[wasm_bindgen(js_name = watchQuery)]
    pub fn watch_query(
        &self,
        key: String,
        run: js_sys::Function,
        listener: js_sys::Function,
    ) -> js_sys::Function {
        self.queries.watch(key, run, listener)
    }

    /// `queryState(key)`: `{ status ('loading' | 'success' | 'error'),
    /// data, error, isFetching, dataUpdatedAt }`, frozen, and the same
    /// object until something changes. `status` is 'loading' while signed
    /// out, as upstream's.
    #[wasm_bindgen(js_name = queryState)]
    pub fn query_state(&self, key: &str) -> JsValue {
        self.queries.snapshot(key)
    }

    /// `refetchQuery(key)`: runs the watched query `key` again now (an
    /// answer still coming from an earlier run is dropped).
    #[wasm_bindgen(js_name = refetchQuery)]
    pub fn refetch_query(&self, key: &str) {
        self.queries.refetch(key);
    }

    /// Opens the Coder OAuth sign-in window (as the card's button does).
    #[wasm_bindgen(js_name = signIn)]
    pub fn sign_in(&self) {
        self.command(Command::SignInWithOAuth);
    }

    /// Signs in with a session token the user gave (checked with Coder
    /// first; an empty one is ignored).
    #[wasm_bindgen(js_name = registerNewToken)]
    pub fn register_new_token(&self, token: &str) {
        let token = token.trim();
        if !token.is_empty() {
            self.command(Command::Auth(AuthEvent::ManualToken(token.to_owned())));
        }
    }

    /// Signs out of Coder everywhere on the page this provider reaches.
    #[wasm_bindgen(js_name = unlinkToken)]
    pub fn unlink_token(&self) {
        self.command(Command::Auth(AuthEvent::Unlink));
    }
}

/// A rejected call: an `Error` named `CoderApiError`, with `status` when
/// the failure had an HTTP status.
fn api_error(message: &str, status: Option<u16>) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("CoderApiError");
    set(
        &error,
        "status",
        status.map_or(JsValue::NULL, JsValue::from),
    );
    error.into()
}

fn status_of(error: &RequestError) -> Option<u16> {
    match error {
        RequestError::Unauthorized | RequestError::BackstageUnauthorized(_) => Some(401),
        RequestError::Forbidden(_) => Some(403),
        RequestError::RateLimited { .. } => Some(429),
        RequestError::DeploymentUnavailable(status) if *status > 0 => Some(*status),
        RequestError::Http { status, .. } => Some(*status),
        _ => None,
    }
}

/// `<prefix><id><suffix>`, for an id that looks like Coder's.
fn path_with_id(prefix: &str, id: &str, suffix: &str) -> Result<String, String> {
    if !is_coder_id(id) {
        return Err(
            "coderApi: that is not a Coder id (a UUID such as a workspace's `id`)".to_owned(),
        );
    }
    let mut path = prefix.to_owned();
    path.push_str(id);
    path.push_str(suffix);
    Ok(path)
}

/// `request(path, init)`'s request: the method and path vetted, the query
/// and body read from `init`.
fn request_from(path: &str, init: &JsValue) -> Result<ApiRequest, String> {
    let field = |name: &str| {
        if init.is_object() {
            js_sys::Reflect::get(init, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    };
    let method = field("method");
    let method = match method.as_string() {
        Some(name) => Some(name),
        None if method.is_undefined() => None,
        None => return Err("coderApi.request: init.method must be a string".to_owned()),
    };
    let mut request = vet(method.as_deref(), path).map_err(|e| e.to_string())?;
    request.query = query_of(&field("query"))?;
    let body = field("body");
    if !body.is_undefined() {
        if request.method == Method::Get {
            return Err(
                "coderApi.request: a GET has no body; pass method: 'POST' (or PUT, PATCH)"
                    .to_owned(),
            );
        }
        let text = js_sys::JSON::stringify(&body)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| "coderApi.request: init.body cannot be sent as JSON".to_owned())?;
        request.body = Some(text);
    }
    Ok(request)
}

/// An object of query parameters (strings, numbers or booleans; undefined
/// ones left out) as ordered pairs.
fn query_of(value: &JsValue) -> Result<Vec<(String, String)>, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let Some(object) = value.dyn_ref::<js_sys::Object>() else {
        return Err(
            "coderApi: the query must be an object such as { q: 'owner:me', limit: 25 }".to_owned(),
        );
    };
    let mut query = Vec::new();
    for entry in js_sys::Object::entries(object).iter() {
        let pair = js_sys::Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        // Numbers as JS writes them: Rust's float formatting would cost
        // the wasm kilobytes.
        let text = if let Some(text) = value.as_string() {
            text
        } else if let Some(flag) = value.as_bool() {
            (if flag { "true" } else { "false" }).to_owned()
        } else if value.as_f64().is_some() {
            let number: &js_sys::Number = value.unchecked_ref();
            String::from(number.to_string_with_radix(10).unwrap_or_default())
        } else if value.is_undefined() {
            continue;
        } else {
            let mut message = "coderApi: query parameter \"".to_owned();
            message.push_str(&key);
            message.push_str("\" must be a string, a number or a boolean");
            return Err(message);
        };
        query.push((key, text));
    }
    Ok(query)
}
