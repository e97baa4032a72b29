//! A fake Backstage host for browser tests: a `fetch` mock playing the
//! Backstage proxy in front of Coder, and fake `discoveryApi`,
//! `identityApi` and `coderAuthApi` objects.
//!
//! Everything is driven by one JS state object, `globalThis.__mock`:
//! - `goodToken`: the only session token the fake Coder accepts;
//! - `mode` (every endpoint), `meMode` / `wsMode` (override for
//!   `/users/me` / `/workspaces`): `ok`, `401`, `500`, `504`, `html`,
//!   `network` (a rejected fetch), `hang` (never settles; rejects when the
//!   request's signal aborts);
//! - `workspaces`: what `/api/v2/workspaces` returns (Coder's shape);
//! - `calls`: every Coder API request seen (`url`, `method`, lower-cased
//!   `headers`); `iconCalls`: every template icon request, apart;
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

#[wasm_bindgen(inline_js = r#"
const realFetch = globalThis.__fakeHostRealFetch || globalThis.fetch;

function defaultWorkspaces() {
  return [
    {
      id: 'ws-1', name: 'alpha-ws', owner_name: 'demo',
      template_icon: '/icon/go.svg', template_display_name: 'Go',
      latest_build: { status: 'running', resources: [{ agents: [{ status: 'connected' }] }] },
    },
    {
      id: 'ws-2', name: 'beta-ws', owner_name: 'demo',
      template_icon: '', template_display_name: 'Python',
      latest_build: { status: 'stopped', resources: [{ agents: [{ status: 'disconnected' }] }] },
    },
  ];
}

function freshState(goodToken) {
  return {
    goodToken,
    mode: 'ok',
    meMode: null,
    wsMode: null,
    workspaces: defaultWorkspaces(),
    calls: [],
    iconCalls: [],
    icons: {
      '/icon/go.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="teal"/></svg>'],
    },
    base: location.origin + '/api/proxy',
    bearer: 'backstage-bearer',
    refusedBearers: [],
    discoveryCalls: [],
    session: false,
    popup: 'ok',
    tokenCalls: [],
    popups: 0,
    signOuts: 0,
    subscribers: new Set(),
    sessionEvents: [],
  };
}

function json(status, body) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function html(status, text) {
  return new Response(text, { status, headers: { 'content-type': 'text/html' } });
}

// A template icon through the proxy: the real Backstage proxy requires
// Backstage credentials on every request, icons included.
function fakeIcon(m, req) {
  const path = new URL(req.url).pathname.replace(/^.*\/api\/proxy\/coder/, '');
  const authorization = req.headers.get('authorization');
  m.iconCalls.push({ path, authorization });
  if (authorization !== 'Bearer backstage-bearer') {
    return json(401, {
      error: { name: 'AuthenticationError', message: 'Missing credentials' },
      request: { method: 'GET', url: '/coder' + path },
      response: { statusCode: 401 },
    });
  }
  const icon = m.icons[path];
  if (!icon) return json(404, { message: 'Not found.' });
  return new Response(icon[1], { status: 200, headers: { 'content-type': icon[0] } });
}

function mockFetch(input, init) {
  const m = globalThis.__mock;
  let req;
  try {
    req = input instanceof Request ? (init ? new Request(input, init) : input) : new Request(input, init);
  } catch (e) {
    return realFetch.call(globalThis, input, init);
  }
  if (m && /\/api\/proxy\/coder\/(icon|emojis?)\//.test(req.url)) {
    return Promise.resolve(fakeIcon(m, req));
  }
  if (!m || !/\/coder\/api\/v2\//.test(req.url)) {
    return realFetch.call(globalThis, input, init);
  }
  const headers = {};
  req.headers.forEach((value, key) => { headers[key.toLowerCase()] = value; });
  m.calls.push({ url: req.url, method: req.method, headers });
  const bearer = (headers.authorization || '').replace(/^Bearer /, '');
  if (m.refusedBearers.includes(bearer)) {
    return Promise.resolve(json(401, {
      error: { name: 'AuthenticationError', message: 'Failed to verify token: "exp" claim timestamp check failed' },
      request: { method: req.method, url: new URL(req.url).pathname.replace(/^.*\/api\/proxy/, '') },
      response: { statusCode: 401 },
    }));
  }
  const path = new URL(req.url).pathname;
  const kind = path.endsWith('/api/v2/users/me') ? 'me'
    : path.endsWith('/api/v2/workspaces') ? 'ws' : 'other';
  const mode = (kind === 'me' ? m.meMode : kind === 'ws' ? m.wsMode : null) || m.mode;
  switch (mode) {
    case 'network':
      return Promise.reject(new TypeError('Failed to fetch'));
    case 'hang':
      return new Promise((_resolve, reject) => {
        const signal = req.signal;
        const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
        if (signal) {
          if (signal.aborted) abort();
          else signal.addEventListener('abort', abort, { once: true });
        }
      });
    case '401':
      return Promise.resolve(json(401, { message: 'You are signed out or your session has expired.' }));
    case '500':
      return Promise.resolve(json(500, { message: 'Internal error fetching user.' }));
    case '504':
      return Promise.resolve(html(504, '<html><body><h1>504 Gateway Time-out</h1></body></html>'));
    case 'html':
      return Promise.resolve(html(200,
        '<!doctype html><html><head><title>Backstage</title></head><body><div id="root"></div></body></html>'));
    default:
      break;
  }
  if (headers['coder-session-token'] !== m.goodToken) {
    return Promise.resolve(json(401, {
      message: 'You are signed out or your session has expired. Please log in again to continue.',
    }));
  }
  if (kind === 'me') {
    return Promise.resolve(json(200, { id: 'user-1', username: 'demo', email: 'demo@example.com' }));
  }
  if (kind === 'ws') {
    return Promise.resolve(json(200, { workspaces: m.workspaces, count: m.workspaces.length }));
  }
  return Promise.resolve(json(404, { message: 'Route not found.' }));
}

export function installFakeHost(goodToken) {
  if (!globalThis.__fakeHostInstalled) {
    globalThis.__fakeHostInstalled = true;
    globalThis.__fakeHostRealFetch = realFetch;
    globalThis.fetch = mockFetch;
  }
  globalThis.__mock = freshState(goodToken);
  delete navigator.onLine;
  try { sessionStorage.clear(); } catch (_) {}
}

export function makeApis() {
  const m = globalThis.__mock;
  const emit = (state) => {
    m.sessionEvents.push(state);
    for (const fn of [...m.subscribers]) fn(state);
  };
  return {
    discoveryApi: {
      getBaseUrl(id) {
        m.discoveryCalls.push(id);
        return Promise.resolve(m.base);
      },
    },
    identityApi: {
      getCredentials() {
        return Promise.resolve({ token: m.bearer });
      },
    },
    coderAuthApi: {
      getAccessToken(scope, options) {
        const o = options || {};
        m.tokenCalls.push({ scope, optional: !!o.optional, instantPopup: !!o.instantPopup });
        if (o.instantPopup || (!o.optional && !m.session)) {
          m.popups += 1;
          if (m.popup === 'cancel') {
            const error = new Error('Login failed, popup was closed');
            error.name = 'RejectedError';
            return Promise.reject(error);
          }
          // The window stays open: the user has not finished signing in.
          if (m.popup === 'hold') return new Promise(() => {});
          return new Promise((resolve) => setTimeout(() => {
            m.session = true;
            emit('SignedIn');
            resolve(m.goodToken);
          }, 10));
        }
        return Promise.resolve(m.session ? m.goodToken : '');
      },
      signOut() {
        m.signOuts += 1;
        const was = m.session;
        m.session = false;
        if (was) emit('SignedOut');
        return Promise.resolve();
      },
      // Like Backstage's BehaviorSubject: the current state on subscribe.
      sessionState$() {
        return {
          subscribe(fn) {
            m.subscribers.add(fn);
            fn(m.session ? 'SignedIn' : 'SignedOut');
            return { unsubscribe() { m.subscribers.delete(fn); } };
          },
        };
      },
    },
  };
}

export function emitSession(state) {
  const m = globalThis.__mock;
  m.session = state === 'SignedIn';
  m.sessionEvents.push(state);
  for (const fn of [...m.subscribers]) fn(state);
}

export function mockSet(key, value) { globalThis.__mock[key] = value; }
export function mockGet(key) { return globalThis.__mock[key]; }
export function mockJson(key) { return JSON.stringify(globalThis.__mock[key]); }

export function setOnline(online) {
  if (online) {
    delete navigator.onLine;
  } else {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  }
}

export function postAuthMessage(token) {
  window.postMessage(
    { type: 'authorization_response', response: { providerInfo: { accessToken: token } } },
    '*',
  );
}

// Pastes `text` into `input` as a user would: a cancellable paste event
// carrying the text, then (unless a handler cancelled it) the browser's own
// insertion of the text at the caret.
export function pasteInto(input, text) {
  input.focus();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', {
    clipboardData: data, bubbles: true, cancelable: true, composed: true,
  });
  if (input.dispatchEvent(event)) {
    if (!document.execCommand('insertText', false, text)) {
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    }
  }
  return input.value;
}

export function storageValues(kind) {
  const store = kind === 'local' ? localStorage : sessionStorage;
  const out = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    out.push([key, store.getItem(key)]);
  }
  return JSON.stringify(out);
}
"#)]
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
    /// Pastes text into an input (paste event, then the default insertion);
    /// returns the input's value afterwards.
    #[wasm_bindgen(js_name = pasteInto)]
    pub fn paste_into(input: &web_sys::Element, text: &str) -> String;
    #[wasm_bindgen(js_name = storageValues)]
    fn storage_values(kind: &str) -> String;
}

/// Installs the fetch mock (once per page) and resets everything: the mock
/// state, `navigator.onLine`, sessionStorage.
pub fn reset() {
    install_fake_host(GOOD_TOKEN);
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
}

impl Call {
    /// A header by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// Whether this is `GET …/users/me`.
    pub fn is_user(&self) -> bool {
        self.url.contains("/api/v2/users/me")
    }

    /// Whether this is `GET …/workspaces`.
    pub fn is_workspaces(&self) -> bool {
        self.url.contains("/api/v2/workspaces")
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
