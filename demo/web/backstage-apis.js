// Stand-ins for the Backstage APIs a real app hands <coder-provider>, for
// the standalone demo page only. In a Backstage app these come from
// @backstage/core-app-api (OAuth2.create with provider id 'coder', the
// discovery and identity APIs) through our React wrappers. They speak the
// same protocol to the demo server as the real ones do to a Backstage
// backend: /api/auth/coder/refresh, the popup + postMessage flow, logout.

const origin = window.location.origin;
const authBase = `${origin}/api/auth`;
const xhr = { 'X-Requested-With': 'XMLHttpRequest' };

/** DiscoveryApi: where each backend plugin lives. */
export const discoveryApi = {
  getBaseUrl: async (pluginId) => `${origin}/api/${pluginId}`,
};

/** IdentityApi: the guest identity's Backstage token, for the proxy.
 * Fetched once and reused, as Backstage's identity API caches it. */
let credentials;
export const identityApi = {
  getCredentials() {
    credentials ??= fetch(`${authBase}/guest/refresh`, { headers: xhr, credentials: 'include' })
      .then((res) => (res.ok ? res.json() : {}))
      .then((body) => ({ token: body?.backstageIdentity?.token }))
      .catch((error) => {
        credentials = undefined;
        throw error;
      });
    return credentials;
  },
};

function rejected(message) {
  const error = new Error(message);
  error.name = 'RejectedError';
  return error;
}

/** What Backstage's login popup rejects with when the user closes it. */
function popupRejected(message) {
  const error = new Error(message);
  error.name = 'PopupRejectedError';
  return error;
}

/** Opens the Coder OAuth popup and resolves with Backstage's session. */
function popupLogin(scope) {
  const url = `${authBase}/coder/start?scope=${encodeURIComponent(scope)}` +
    `&origin=${encodeURIComponent(origin)}&flow=popup&env=development`;
  const popup = window.open(url, 'coder-oauth', 'width=480,height=640');
  if (!popup) return Promise.reject(rejected('The sign-in popup was blocked'));
  return new Promise((resolve, reject) => {
    const done = (fn, value) => {
      clearInterval(closedCheck);
      window.removeEventListener('message', onMessage);
      fn(value);
    };
    const onMessage = (event) => {
      // Only the auth backend's own origin may answer.
      if (event.source !== popup || event.origin !== origin) return;
      const data = event.data;
      if (!data || data.type !== 'authorization_response') return;
      // Backstage's popup rejects with the backend's error as it is (a denied
      // consent is a failure with its reason, not a cancellation).
      if (data.error) {
        const error = new Error(data.error.message || 'Sign-in failed');
        error.name = data.error.name || 'Error';
        done(reject, error);
      } else done(resolve, data.response);
    };
    window.addEventListener('message', onMessage);
    const closedCheck = setInterval(() => {
      if (popup.closed) done(reject, popupRejected('Login failed, popup was closed'));
    }, 300);
  });
}

const sessionListeners = new Set();
let sessionState = 'SignedOut';
function setSession(state) {
  if (state === sessionState) return;
  sessionState = state;
  for (const listener of sessionListeners) listener(state);
}

// Whether this browser holds a Coder OAuth session on the backend (its
// refresh cookie is HttpOnly, so the page cannot look). Without a mark the
// refresh could only answer 401, which the browser logs on every signed-out
// load; Backstage's AuthSessionStore keeps sessions in localStorage for
// the same reason. A mark whose session is gone (server restarted, cookie
// cleared) costs one 401 and is then dropped.
const SESSION_MARK = 'coder-demo:oauth-session';
const storage = {
  has() {
    try {
      return localStorage.getItem(SESSION_MARK) !== null;
    } catch {
      // No storage (blocked by the browser): ask the backend every time.
      return true;
    }
  },
  set(present) {
    try {
      if (present) localStorage.setItem(SESSION_MARK, '1');
      else localStorage.removeItem(SESSION_MARK);
    } catch {
      // Without storage the backend is asked every time; nothing to record.
    }
  },
};

function signedIn(session) {
  storage.set(true);
  setSession('SignedIn');
  return session.providerInfo.accessToken;
}

/** The Coder OAuth API (OAuthApi & SessionApi), as OAuth2.create gives it. */
export const coderAuthApi = {
  async getAccessToken(scope = '', options = {}) {
    if (storage.has()) {
      const refresh = await fetch(`${authBase}/coder/refresh?optional&scope=${encodeURIComponent(scope)}&env=development`, {
        headers: xhr,
        credentials: 'include',
      });
      if (refresh.ok) return signedIn(await refresh.json());
      storage.set(false);
    }
    if (options.optional) return '';
    return signedIn(await popupLogin(scope));
  },
  async signOut() {
    await fetch(`${authBase}/coder/logout`, { method: 'POST', headers: xhr, credentials: 'include' });
    storage.set(false);
    setSession('SignedOut');
  },
  sessionState$() {
    return {
      subscribe(listener) {
        const fn = typeof listener === 'function' ? listener : (s) => listener.next?.(s);
        sessionListeners.add(fn);
        fn(sessionState);
        return { unsubscribe: () => sessionListeners.delete(fn) };
      },
    };
  },
};
