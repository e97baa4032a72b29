// Hooks for adopters' own components under a CoderProvider, as upstream's:
// each is thin over the provider element's `coderApi` (see the README's
// "Without React"), where the calls, the session and the sign-in state
// live.
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import { useEntity } from '@backstage/plugin-catalog-react';
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
  'createWorkspaceBuild',
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
 * `getWorkspaceBuilds(id)`, `createWorkspaceBuild(id, { transition })`,
 * `getTemplates()`, `getTemplate(id)`. The
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

/**
 * Re-renders on every change of the provider's state (once the wasm has
 * loaded), reading `read(coderApi)`; `same(a, b)` keeps the last value
 * while nothing it shows changed, as useSyncExternalStore needs.
 */
function useProviderValue(ref, read, same, initial) {
  const last = useRef(initial);
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
  return useSyncExternalStore(subscribe, () => {
    const api = ref.current?.coderApi;
    const next = api ? read(api) : initial;
    if (!same(last.current, next)) last.current = next;
    return last.current;
  });
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
  const state = useProviderValue(ref, (api) => api.authState(), sameState, LOADING);
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

/** The workspaces config as text (or the error, marked), for comparing snapshots. */
function configText(api, entity) {
  try {
    return JSON.stringify(api.workspacesConfig(entity));
  } catch (error) {
    return `error:${error.message}`;
  }
}

/**
 * The workspaces config, as the card uses it: `{ accessUrl, mode,
 * templateName, creationUrl, repoUrl, repoUrlParamKeys, params,
 * isReadingEntityData }` from the provider's app config and, with
 * `readEntityData`, the current entity's `spec.coder` and repository.
 * Null until the wasm has loaded; throws what is wrong with the app
 * config or the entity. As upstream's, `readEntityData` may not change
 * between renders.
 */
export function useCoderWorkspacesConfig({ readEntityData = false } = {}) {
  const ref = useProviderElement('useCoderWorkspacesConfig');
  const first = useRef(readEntityData);
  if (first.current !== readEntityData) {
    throw new Error('useCoderWorkspacesConfig: readEntityData may not change between renders');
  }
  // A hook called or not by a value that never changes between renders
  // (checked above), so the hook order stays the same.
  const entity = readEntityData ? useEntity().entity : undefined;
  const read = useMemo(() => (api) => configText(api, entity), [entity]);
  const text = useProviderValue(ref, read, Object.is, null);
  return useMemo(() => {
    if (text === null) return null;
    if (text.startsWith('error:')) {
      const error = new Error(text.slice('error:'.length));
      error.name = 'CoderApiError';
      throw error;
    }
    return Object.freeze(JSON.parse(text));
  }, [text]);
}

/** What a query shows before the wasm has loaded, and while disabled. */
const QUERY_IDLE = Object.freeze({
  status: 'loading',
  data: undefined,
  error: null,
  isFetching: false,
  dataUpdatedAt: 0,
});

/**
 * Upstream's `useCoderQuery`: runs `queryFn({ queryKey, coderApi })` as the
 * signed-in user and re-renders with its outcome. The provider keeps one
 * run and one answer per `queryKey` (compared as JSON) for every component
 * asking for it, runs it only while signed in (status 'loading' while
 * signed out, as upstream), forgets the answer at sign-out, retries
 * outages (no HTTP status, 5xx, 429) three times and polls as the card
 * does. Returns `{ data, error, status, isLoading, isSuccess, isError,
 * isFetching, refetch }`.
 */
export function useCoderQuery({ queryKey, queryFn, enabled = true } = {}) {
  const ref = useProviderElement('useCoderQuery');
  if (queryKey === undefined) throw new Error('No queryKey value provided to useCoderQuery');
  if (typeof queryFn !== 'function') throw new Error('useCoderQuery: queryFn must be a function');
  const coderApi = useCoderApi();
  const key = JSON.stringify(queryKey);
  // The latest render's function: only the key decides what is shared.
  const fn = useRef(queryFn);
  fn.current = queryFn;
  const subscribe = useCallback(
    (onChange) => {
      if (!enabled) return () => {};
      let stop;
      let live = true;
      ready().then(() => {
        const api = ref.current?.coderApi;
        if (!live || !api) return;
        stop = api.watchQuery(key, () => fn.current({ queryKey, coderApi }), onChange);
        onChange();
      }, () => {});
      return () => {
        live = false;
        stop?.();
      };
    },
    // queryKey is read at watch time; `key` (its JSON) stands for it, so
    // a new array with the same contents does not re-watch.
    [ref, key, enabled, coderApi],
  );
  const state = useSyncExternalStore(subscribe, () =>
    enabled ? ref.current?.coderApi?.queryState(key) ?? QUERY_IDLE : QUERY_IDLE,
  );
  const refetch = useCallback(() => ref.current?.coderApi?.refetchQuery(key), [ref, key]);
  return useMemo(
    () => ({
      data: state.data,
      error: state.error,
      status: state.status,
      isLoading: state.status === 'loading',
      isSuccess: state.status === 'success',
      isError: state.status === 'error',
      isFetching: state.isFetching,
      dataUpdatedAt: state.dataUpdatedAt,
      refetch,
    }),
    [state, refetch],
  );
}
