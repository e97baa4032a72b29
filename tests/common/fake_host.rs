//! A fake Backstage host for browser tests: a `fetch` mock playing the
//! Backstage proxy in front of Coder, and fake `discoveryApi`,
//! `identityApi` and `coderAuthApi` objects.
//!
//! Everything is driven by one JS state object, `globalThis.__mock`:
//! - `goodToken`: the only session token the fake Coder accepts;
//! - `mode` (every endpoint), `meMode` / `wsMode` (override for
//!   `/users/me` / `/workspaces`): `ok`, `401`, `500`, `504`, `html`,
//!   `network` (a rejected fetch), `hang` (never settles; rejects when the
//!   request's signal aborts), `hold` (waits for [`release_held`], even
//!   past a reset);
//! - `workspaces`: what `/api/v2/workspaces` returns (Coder's shape);
//! - `calls`: every Coder API request seen (`url`, `method`, lower-cased
//!   `headers`, and `body` for a request other than GET); `iconCalls`: every template icon request, apart;
//! - `icons`: path under the deployment → `[content type, body]` the fake
//!   Coder serves (`/icon/go.svg` by default). As the real Backstage proxy
//!   does, an icon request without the identity API's bearer is refused
//!   with 401;
//! - `bearer`: the Backstage token `identityApi.getCredentials` hands out;
//!   `refusedBearers`: tokens the proxy's credentials check refuses, as a
//!   real backend refuses an expired one: 401 with Backstage's error body,
//!   before anything reaches Coder;
//! - `base`: what `discoveryApi.getBaseUrl` returns;
//! - `session`: whether the Coder OAuth session exists; `popup`: `ok`,
//!   `cancel` or `hold` (the window stays open); `tokenCalls`, `popups`, `signOuts`: what the auth API saw.
//!
//! Uncaught errors on the page are the [`Page`](super::Page) fixture's
//! business.

use serde::Deserialize;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// The session token the fake Coder accepts.
pub const GOOD_TOKEN: &str = "good-session-token-4a1b";
/// The Backstage token the fake identity API hands out.
pub const BACKSTAGE_TOKEN: &str = "backstage-bearer";

#[wasm_bindgen(module = "/tests/common/harness.js")]
extern "C" {
    #[wasm_bindgen(js_name = installFakeHost)]
    fn install_fake_host(good_token: &str);
    /// Fresh `{ coderAuthApi, discoveryApi, identityApi }` for one provider.
    #[wasm_bindgen(js_name = makeApis)]
    pub fn make_apis() -> JsValue;
    /// Emits a `sessionState$` value ("SignedIn"/"SignedOut") to every
    /// subscriber, and sets the fake session accordingly.
    #[wasm_bindgen(js_name = emitSession)]
    pub fn emit_session(state: &str);
    #[wasm_bindgen(js_name = mockSet)]
    fn mock_set_js(key: &str, value: &JsValue);
    #[wasm_bindgen(js_name = mockGet)]
    fn mock_get_js(key: &str) -> JsValue;
    #[wasm_bindgen(js_name = mockJson)]
    fn mock_json(key: &str) -> String;
    /// Overrides `navigator.onLine` (false) or restores it (true).
    #[wasm_bindgen(js_name = setOnline)]
    pub fn set_online(online: bool);
    /// Posts a Backstage OAuth popup result to this window.
    #[wasm_bindgen(js_name = postAuthMessage)]
    pub fn post_auth_message(token: &str);
    /// Answers the oldest request held in mode `hold`: as the fake Coder
    /// would (`ok`), or with a 500. False when none is held.
    #[wasm_bindgen(js_name = releaseHeld)]
    pub fn release_held(ok: bool) -> bool;
    /// Pastes text into an input (paste event, then the default insertion);
    /// returns the input's value afterwards.
    #[wasm_bindgen(js_name = pasteInto)]
    pub fn paste_into(input: &web_sys::Element, text: &str) -> String;
    #[wasm_bindgen(js_name = storageValues)]
    fn storage_values(kind: &str) -> String;
}

/// Installs the fetch mock (once per page) and resets everything: the mock
/// state, `navigator.onLine`, sessionStorage, and the session checks the
/// page's providers share (a pass from the test before is not this one's).
pub fn reset() {
    install_fake_host(GOOD_TOKEN);
    coder_backstage_wasm::provider::forget_page_checks();
}

/// Hands `provider` fresh fake `coderAuthApi`, `discoveryApi` and
/// `identityApi` objects, as a host app's wrapper would.
pub fn hand_apis(provider: &web_sys::Element) {
    let apis = make_apis();
    for name in ["coderAuthApi", "discoveryApi", "identityApi"] {
        let api = js_sys::Reflect::get(&apis, &name.into()).unwrap();
        super::dom::set_prop(provider, name, &api);
    }
}

/// A stand-in for Backstage's `ConfigApi` over `data`, the app config as
/// JSON (`getOptional('coder.oauth.clientId')` reads nested keys).
pub fn config_api(data: &str) -> JsValue {
    let api = js_sys::Function::new_with_args(
        "data",
        "return {
            getOptional(key) { return key.split('.').reduce((v, k) => v == null ? undefined : v[k], data); },
            getOptionalString(key) { const v = this.getOptional(key); return typeof v === 'string' ? v : undefined; },
        };",
    );
    api.call1(&JsValue::NULL, &super::json(data)).unwrap()
}

/// Sets a field of `globalThis.__mock`.
pub fn mock_set(key: &str, value: &JsValue) {
    mock_set_js(key, value);
}

/// Sets a string field of `globalThis.__mock` (`mode`, `meMode`, ...).
pub fn set_str(key: &str, value: &str) {
    mock_set_js(key, &JsValue::from_str(value));
}

/// The mode of every endpoint.
pub fn set_mode(mode: &str) {
    set_str("mode", mode);
}

/// Reads a field of `globalThis.__mock`.
pub fn mock_get(key: &str) -> JsValue {
    mock_get_js(key)
}

/// A numeric field (`popups`, `signOuts`).
pub fn count(key: &str) -> u32 {
    mock_get_js(key).as_f64().unwrap_or(0.0) as u32
}

/// One request the fake proxy saw.
#[derive(Clone, Debug, Deserialize)]
pub struct Call {
    /// Full URL.
    pub url: String,
    /// HTTP method.
    pub method: String,
    /// Headers, names lower-cased.
    pub headers: HashMap<String, String>,
    /// The body of a request other than GET, once read.
    #[serde(default)]
    pub body: Option<String>,
}

impl Call {
    /// A header by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// Whether this is `GET …/users/me`.
    pub fn is_user(&self) -> bool {
        self.path().ends_with("/api/v2/users/me")
    }

    /// Whether this is `GET …/workspaces` (the list, not one workspace).
    pub fn is_workspaces(&self) -> bool {
        self.method == "GET" && self.path().ends_with("/api/v2/workspaces")
    }

    fn path(&self) -> &str {
        self.url.split(['?', '#']).next().unwrap_or_default()
    }
}

/// Every request the fake proxy saw since the last reset.
pub fn calls() -> Vec<Call> {
    serde_json::from_str(&mock_json("calls")).expect("calls as JSON")
}

/// One `getAccessToken` call.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenCall {
    /// The scope argument.
    pub scope: String,
    /// `options.optional`.
    pub optional: bool,
    /// `options.instantPopup`.
    pub instant_popup: bool,
}

/// Every `coderAuthApi.getAccessToken` call since the last reset.
pub fn token_calls() -> Vec<TokenCall> {
    serde_json::from_str(&mock_json("tokenCalls")).expect("token calls as JSON")
}

/// `(key, value)` pairs of `sessionStorage` (`"session"`) or `localStorage`
/// (`"local"`).
pub fn storage(kind: &str) -> Vec<(String, String)> {
    serde_json::from_str(&storage_values(kind)).expect("storage as JSON")
}
