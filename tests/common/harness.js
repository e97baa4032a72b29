// The browser side of the test harness, one module for all of it: the fake
// Backstage host (fake_host.rs), synthetic input (input.rs) and the page
// fixture's error recording (page.rs). One file rather than an inline
// snippet per Rust module: each snippet is one more request when a test
// page loads, and the test runner's HTTP server can leave one of a burst
// of parallel requests unserved (see tests/wasm.sh).

// ---- fake_host.rs ----
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
    // Fields merged into the users/me answer (name, avatar_url, ...).
    me: {},
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

// Requests in mode 'hold', oldest first: each waits for releaseHeld. Kept
// across resets, so a test can answer a request a page before it sent.
const heldRequests = [];

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
  const call = { url: req.url, method: req.method, headers };
  m.calls.push(call);
  // A request's body, for the tests of what the page's own code sends.
  if (req.method !== 'GET') req.clone().text().then((text) => { call.body = text; });
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
    case 'hold':
      return new Promise((resolve, reject) => {
        heldRequests.push(resolve);
        // The client's timeout aborts it, as it would a real request.
        req.signal?.addEventListener('abort', () => {
          const at = heldRequests.indexOf(resolve);
          if (at >= 0) heldRequests.splice(at, 1);
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        }, { once: true });
      }).then((ok) => (ok ? answer(globalThis.__mock, kind, headers, req)
        : json(500, { message: 'Internal error fetching user.' })));
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
  return Promise.resolve(answer(m, kind, headers, req));
}

// What the fake Coder answers a request that reached it.
function answer(m, kind, headers, req) {
  if (headers['coder-session-token'] !== m.goodToken) {
    return json(401, {
      message: 'You are signed out or your session has expired. Please log in again to continue.',
    });
  }
  if (kind === 'me') {
    return json(200, { id: 'user-1', username: 'demo', email: 'demo@example.com', ...m.me });
  }
  if (kind === 'ws') {
    return json(200, { workspaces: m.workspaces, count: m.workspaces.length });
  }
  const build = new URL(req.url).pathname.match(/\/api\/v2\/workspaces\/([^/]+)\/builds$/);
  if (build && req.method === 'POST') {
    return json(201, { id: 'build-new', workspace_id: build[1], status: 'pending' });
  }
  return json(404, { message: 'Route not found.' });
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

// Answers the oldest held request: as the fake Coder would (ok), or 500.
export function releaseHeld(ok) {
  const release = heldRequests.shift();
  if (release) release(ok);
  return !!release;
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

// ---- input.rs ----
export function keydown(el, key, shiftKey) {
  const e = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true, cancelable: true });
  el.dispatchEvent(e);
  return e.defaultPrevented;
}
export function typeText(el, value) {
  el.value = value;
  el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
}

// ---- page.rs ----
export function recordErrors() {
  if (globalThis.__testPageErrors) return;
  const errors = [];
  globalThis.__testPageErrors = errors;
  window.addEventListener('error', (e) => errors.push('error: ' + String(e.message)));
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    errors.push('unhandled rejection: ' + String((r && r.message) || r));
  });
}
export function recordedErrors() { return globalThis.__testPageErrors.slice(); }
