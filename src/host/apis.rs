//! Typed access to the Backstage API objects a host hands the provider
//! (`coderAuthApi`, `discoveryApi`, `identityApi`, `configApi`). Every call is caught: a
//! missing method, a throw or a rejected promise becomes a typed error for
//! the UI, never an uncaught exception. The messages name the property and
//! method, never a token.

use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::client::RequestError;
use crate::config::coder_api_base;

#[wasm_bindgen]
extern "C" {
    /// Backstage's `OAuthApi & SessionApi` for Coder.
    #[derive(Clone)]
    pub type CoderAuthApi;
    #[wasm_bindgen(method, catch, js_name = getAccessToken)]
    fn get_access_token(
        this: &CoderAuthApi,
        scope: &str,
        options: &JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = signOut)]
    fn sign_out(this: &CoderAuthApi) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = "sessionState$")]
    fn session_state(this: &CoderAuthApi) -> Result<JsValue, JsValue>;

    /// Backstage's `DiscoveryApi`.
    #[derive(Clone)]
    pub type DiscoveryApi;
    #[wasm_bindgen(method, catch, js_name = getBaseUrl)]
    fn get_base_url(this: &DiscoveryApi, plugin_id: &str) -> Result<JsValue, JsValue>;

    /// Backstage's `IdentityApi`.
    #[derive(Clone)]
    pub type IdentityApi;
    #[wasm_bindgen(method, catch, js_name = getCredentials)]
    fn get_credentials(this: &IdentityApi) -> Result<JsValue, JsValue>;

    /// Backstage's `ConfigApi` (the app config the backend sent).
    #[derive(Clone)]
    pub type ConfigApi;
    #[wasm_bindgen(method, catch, js_name = getOptionalString)]
    fn get_optional_string(this: &ConfigApi, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = getOptional)]
    fn get_optional(this: &ConfigApi, key: &str) -> Result<JsValue, JsValue>;
}

/// The host APIs of one provider, as set on the element.
#[derive(Clone, Default)]
pub struct HostApis {
    /// `coderAuthApi`, when set.
    pub auth: Option<CoderAuthApi>,
    /// `discoveryApi`, when set.
    pub discovery: Option<DiscoveryApi>,
    /// `identityApi`, when set.
    pub identity: Option<IdentityApi>,
    /// `configApi`, when set.
    pub config: Option<ConfigApi>,
}

fn object(value: Option<&JsValue>) -> Option<JsValue> {
    value.filter(|v| v.is_object()).cloned()
}

/// Whether `value.name` is a function (read through `Reflect`, which
/// catches a throwing getter).
fn has_method(value: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).is_ok_and(|f| f.is_function())
}

fn same(a: Option<&JsValue>, b: Option<&JsValue>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => js_sys::Object::is(a, b),
        (None, None) => true,
        _ => false,
    }
}

impl HostApis {
    /// Whether both hold the very same JS objects (a re-set property with
    /// the same API must not restart sign-in).
    pub fn same_as(&self, other: &Self) -> bool {
        same(self.auth.as_deref(), other.auth.as_deref())
            && same(self.discovery.as_deref(), other.discovery.as_deref())
            && same(self.identity.as_deref(), other.identity.as_deref())
            && same(self.config.as_deref(), other.config.as_deref())
    }

    /// Wraps the raw property values (non-objects count as unset, and so
    /// does an auth API without `getAccessToken`: offering an OAuth button
    /// that can only fail would be worse than explaining it is missing).
    pub fn new(
        auth: Option<&JsValue>,
        discovery: Option<&JsValue>,
        identity: Option<&JsValue>,
        config: Option<&JsValue>,
    ) -> Self {
        Self {
            config: object(config)
                .filter(|c| has_method(c, "getOptionalString"))
                .map(JsCast::unchecked_into),
            auth: object(auth)
                .filter(|a| has_method(a, "getAccessToken"))
                .map(JsCast::unchecked_into),
            discovery: object(discovery).map(JsCast::unchecked_into),
            identity: object(identity).map(JsCast::unchecked_into),
        }
    }
}

/// A short, token-free description of a thrown JS value.
fn describe(error: &JsValue) -> String {
    let text = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    text.chars().take(200).collect()
}

fn host_error(api_call: &str, error: &JsValue) -> RequestError {
    let mut msg = api_call.to_owned();
    msg.push_str(" failed: ");
    msg.push_str(&describe(error));
    RequestError::HostApi(msg)
}

/// Awaits a value that may or may not be a promise.
async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(js_sys::Promise::resolve(&value)).await
}

/// What the OAuth API answered a token request with.
#[derive(Debug, PartialEq, Eq)]
pub enum OAuthAnswer {
    /// A token.
    Token(String),
    /// No token: no session (a silent request), or an empty answer.
    NoToken,
    /// The user closed the sign-in popup (Backstage's `RejectedError`).
    Cancelled,
}

impl CoderAuthApi {
    /// `getAccessToken('', { optional, instantPopup })`.
    pub async fn token(&self, popup: bool) -> Result<OAuthAnswer, RequestError> {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"optional".into(), &JsValue::from_bool(!popup));
        let _ = js_sys::Reflect::set(&options, &"instantPopup".into(), &JsValue::from_bool(popup));
        let call = self
            .get_access_token("", &options)
            .map_err(|e| host_error("coderAuthApi.getAccessToken", &e))?;
        match settle(call).await {
            Ok(token) => Ok(token
                .as_string()
                .filter(|t| !t.is_empty())
                .map_or(OAuthAnswer::NoToken, OAuthAnswer::Token)),
            // Backstage rejects with a "RejectedError" when the user closes
            // the popup: that is a cancellation, not a failure.
            Err(e) if is_rejection(&e) => Ok(OAuthAnswer::Cancelled),
            Err(e) => Err(host_error("coderAuthApi.getAccessToken", &e)),
        }
    }

    /// `signOut()`; failures are reported but the local sign-out stands.
    pub async fn sign_out_session(&self) -> Result<(), RequestError> {
        let call = self
            .sign_out()
            .map_err(|e| host_error("coderAuthApi.signOut", &e))?;
        settle(call)
            .await
            .map(drop)
            .map_err(|e| host_error("coderAuthApi.signOut", &e))
    }

    /// Subscribes to `sessionState$()`; `on_change(true)` for "SignedIn".
    /// Returns the subscription (call [`unsubscribe`] with it) or `None` when
    /// the API has no session observable.
    pub fn watch_session(&self, on_change: &Closure<dyn FnMut(JsValue)>) -> Option<JsValue> {
        let observable = self.session_state().ok()?;
        let subscribe = js_sys::Reflect::get(&observable, &"subscribe".into()).ok()?;
        let subscribe = subscribe.dyn_ref::<js_sys::Function>()?;
        subscribe.call1(&observable, on_change.as_ref()).ok()
    }
}

/// Ends a `sessionState$` subscription.
pub fn unsubscribe(subscription: &JsValue) {
    if let Ok(f) = js_sys::Reflect::get(subscription, &"unsubscribe".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(subscription);
        }
    }
}

fn is_rejection(error: &JsValue) -> bool {
    js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .is_some_and(|n| n == "RejectedError" || n == "PopupRejectedError")
}

impl DiscoveryApi {
    /// `getBaseUrl('proxy') + '/coder'`: where Coder's API is reached.
    /// The host is called now, not when the answer is first awaited, so
    /// callers can have several host calls under way at once.
    pub fn coder_base(&self) -> impl Future<Output = Result<String, RequestError>> {
        let call = self.get_base_url("proxy");
        async move { Self::coder_base_of(call).await }
    }

    async fn coder_base_of(call: Result<JsValue, JsValue>) -> Result<String, RequestError> {
        let call = call.map_err(|e| host_error("discoveryApi.getBaseUrl('proxy')", &e))?;
        let base = settle(call)
            .await
            .map_err(|e| host_error("discoveryApi.getBaseUrl('proxy')", &e))?
            .as_string()
            .ok_or_else(|| {
                RequestError::HostApi(
                    "discoveryApi.getBaseUrl('proxy') did not return a string URL".to_owned(),
                )
            })?;
        Ok(coder_api_base(&base))
    }
}

impl ConfigApi {
    /// `getOptionalString(key)`; `None` when unset, not a string, or the
    /// call throws (Backstage throws for a value of another type).
    pub fn string(&self, key: &str) -> Option<String> {
        self.get_optional_string(key).ok()?.as_string()
    }

    /// `getOptional(key)`: the value as the app config holds it, unchecked
    /// (the caller reads it strictly); `None` when unset, or when the call
    /// throws (also for a config API without `getOptional`).
    pub fn value(&self, key: &str) -> Option<JsValue> {
        let value = self.get_optional(key).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }
}

impl IdentityApi {
    /// The Backstage token for the proxy, when the identity has one. The
    /// host is called now, as with [`DiscoveryApi::coder_base`].
    pub fn backstage_token(&self) -> impl Future<Output = Result<Option<String>, RequestError>> {
        let call = self.get_credentials();
        async move { Self::token_of(call).await }
    }

    async fn token_of(call: Result<JsValue, JsValue>) -> Result<Option<String>, RequestError> {
        let call = call.map_err(|e| host_error("identityApi.getCredentials", &e))?;
        let credentials = settle(call)
            .await
            .map_err(|e| host_error("identityApi.getCredentials", &e))?;
        Ok(js_sys::Reflect::get(&credentials, &"token".into())
            .ok()
            .and_then(|t| t.as_string())
            .filter(|t| !t.is_empty()))
    }
}
