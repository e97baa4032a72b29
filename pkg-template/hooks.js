// Hooks for adopters' own components under a CoderProvider, as upstream's:
// each is thin over the provider element's `coderApi` (see the README's
// "Without React"), where the calls, the session and the sign-in state
// live.
import { createContext, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import { ready } from './load.js';

/** The nearest CoderProvider's element ref (null outside one). */
export const ProviderElementContext = createContext(null);

/** The Coder calls `useCoderApi()` offers; each returns a Promise. */
const CALLS = [
  'request',
  'getAuthenticatedUser',
  'getWorkspaces',
  'getWorkspace',
  'getWorkspaceBuilds',
  'getTemplates',
  'getTemplate',
];

function useProviderElement(hook) {
  const ref = useContext(ProviderElementContext);
  if (!ref) throw new Error(`${hook}: call it in a component inside a CoderProvider`);
  return ref;
}

/** The provider's `coderApi` once the wasm has loaded and the element is on the page. */
async function elementApi(ref, hook) {
  await ready();
  const api = ref.current?.coderApi;
  if (!api) throw new Error(`${hook}: the CoderProvider is not mounted`);
  return api;
}

/**
 * Coder calls as the signed-in user, through the provider: `request(path,
 * init)` for any Coder API path, and `getAuthenticatedUser`,
 * `getWorkspaces({ q, limit, offset })`, `getWorkspace(id)`,
 * `getWorkspaceBuilds(id)`, `getTemplates()`, `getTemplate(id)`. The
 * object is stable; calls made before the wasm has loaded wait for it.
 */
export function useCoderApi() {
  const ref = useProviderElement('useCoderApi');
  return useMemo(() => {
    const api = {};
    for (const name of CALLS) {
      api[name] = async (...args) => (await elementApi(ref, 'useCoderApi'))[name](...args);
    }
    return Object.freeze(api);
  }, [ref]);
}

const LOADING = Object.freeze({ status: 'initializing', isAuthenticated: false, user: null });

function sameState(a, b) {
  return (
    a.status === b.status &&
    a.isAuthenticated === b.isAuthenticated &&
    a.user?.username === b.user?.username &&
    a.user?.name === b.user?.name &&
    a.user?.email === b.user?.email
  );
}

/**
 * The provider's sign-in state, re-rendering on change: `status`
 * (upstream's names), `isAuthenticated`, `user` (`username`, `name`,
 * `email`; null when signed out), and `signIn()` (the OAuth window),
 * `registerNewToken(token)`, `unlinkToken()`. The token itself is never
 * handed out: make calls with `useCoderApi`.
 */
export function useCoderAuth() {
  const ref = useProviderElement('useCoderAuth');
  const last = useRef(LOADING);
  const subscribe = useMemo(
    () => (onChange) => {
      let stop;
      let live = true;
      ready().then(() => {
        const api = ref.current?.coderApi;
        if (!live || !api) return;
        stop = api.subscribe(onChange);
        onChange();
      }, () => {});
      return () => {
        live = false;
        stop?.();
      };
    },
    [ref],
  );
  const state = useSyncExternalStore(subscribe, () => {
    const next = ref.current?.coderApi?.authState() ?? LOADING;
    if (!sameState(last.current, next)) last.current = next;
    return last.current;
  });
  return useMemo(() => {
    const act = (name) => (arg) => ref.current?.coderApi?.[name](arg);
    return {
      ...state,
      signIn: act('signIn'),
      registerNewToken: act('registerNewToken'),
      unlinkToken: act('unlinkToken'),
    };
  }, [state, ref]);
}
