// The package root for Backstage apps: React components with the names and
// props of @coder/backstage-plugin-coder, so moving over is one import line.
// Each component renders one of our custom elements and hands it what it
// needs from Backstage (APIs from useApi, the entity from useEntity, the
// theme) as properties. Rendering, auth and data all happen in Rust; this
// file only wires React to the elements.
import {
  Component,
  Fragment,
  createElement,
  useContext,
  useRef,
} from 'react';
import {
  configApiRef,
  createApiRef,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  errorApiRef,
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { DefaultProviderSettings } from '@backstage/plugin-user-settings';
import { ProviderElementContext } from './hooks.js';
import { ready } from './load.js';
import {
  loadErrorNotice,
  readingEntityData,
  useElementEvent,
  useLoadError,
  useProperties,
  useThemeVariant,
} from './react-helpers.js';

export { ready };
export { useCoderApi, useCoderAuth, useCoderQuery, useCoderWorkspacesConfig } from './hooks.js';
export * from './parts.js';

/** The Coder OAuth2 API. Same id as upstream's, so existing factories keep working. */
export const coderAuthApiRef = createApiRef({ id: 'auth.coder' });

/** Where `CoderPage` is mounted (the app's route for it). */
export const coderRouteRef = createRouteRef({ id: 'coder' });


/** The plugin, for apps that list their plugins. It registers no APIs. */
export const coderPlugin = createPlugin({ id: 'coder', routes: { root: coderRouteRef } });

// ----------------------------------------------------------------- plumbing

/** An Error named for Backstage's error API (the toast shows the message). */
function coderError(message) {
  const error = new Error(message);
  error.name = 'CoderError';
  return error;
}

/**
 * Posts the element's own `coder-error` events (a failed OAuth sign-in,
 * the plugin stopping) to Backstage's error API, as upstream does; the
 * element says it in place too. Events from nested providers are theirs.
 */
function useErrorReports(ref) {
  const errorApi = useApiHolder().get(errorApiRef);
  useElementEvent(ref, 'coder-error', (message, event) => {
    if (event.target === ref.current) errorApi?.post(coderError(String(message)));
  });
}

/**
 * For `EntitySwitch.Case if={isCoderEntity}`: whether the entity has a
 * `spec.coder` block (a mapping), i.e. is set up for Coder workspaces.
 * A `spec.coder` of another kind counts as set up too, so the card shows
 * and says what is wrong with it.
 */
export function isCoderEntity(entity) {
  const coder = entity?.spec?.coder;
  return coder !== undefined && coder !== null;
}

// --------------------------------------------------------------- components

/**
 * Holds the Coder config and sign-in state for every Coder component inside
 * it, and shares one cache so cards with the same query make one request.
 *
 * Props: `appConfig` (`deployment.accessUrl`, `workspaces.*`; without it,
 * the element reads the `coder:` block of the app-config through the
 * config API),
 * `fallbackAuthUiMode` ('restrained' by default, 'assertive' or 'hidden'),
 * children. Upstream's `queryClient` prop is accepted and ignored: the cache
 * lives in the element.
 */
export function CoderProvider({ appConfig, fallbackAuthUiMode = 'restrained', theme, children }) {
  // Optional: apps on upstream's 0.4 line register no Coder auth API (they
  // link accounts through its backend plugin, `coder.oauth.clientId`).
  const coderAuthApi = useApiHolder().get(coderAuthApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const identityApi = useApi(identityApiRef);
  const configApi = useApi(configApiRef);
  const variant = useThemeVariant();
  const ref = useRef(null);
  useLoadError();
  useErrorReports(ref);
  useProperties(ref, { appConfig, coderAuthApi, discoveryApi, identityApi, configApi });
  return createElement(
    'coder-provider',
    { ref, 'fallback-auth-ui-mode': fallbackAuthUiMode, theme: theme ?? variant },
    createElement(ProviderElementContext.Provider, { value: ref }, children),
  );
}

/**
 * The workspaces card. With `readEntityData`, it reads the current catalog
 * entity (`useEntity`) and lists the workspaces built from its repo.
 */
export const CoderWorkspacesCard = readingEntityData(WorkspacesCardElement, 'CoderWorkspacesCard');

function WorkspacesCardElement({
  entity,
  readEntityData = false,
  defaultQueryFilter,
  queryFilter,
  onFilterChange,
  headerText,
  theme,
  ...rest
}) {
  const variant = useThemeVariant();
  const ref = useRef(null);
  const loadError = useLoadError();
  useProperties(ref, { entity });
  useElementEvent(ref, 'coder-query-change', onFilterChange);
  if (loadError) return loadErrorNotice(loadError);
  return createElement('coder-workspaces-card', {
    ...rest,
    ref,
    'read-entity-data': readEntityData ? '' : undefined,
    'default-query': defaultQueryFilter,
    'query-filter': queryFilter,
    'header-text': headerText,
    theme: theme ?? variant,
  });
}

/** `appConfig` for the settings row from app-config (`coder.deployment.accessUrl`). */
function configuredAppConfig(configApi) {
  const accessUrl = configApi.getOptionalString('coder.deployment.accessUrl');
  return accessUrl ? { deployment: { accessUrl } } : undefined;
}

/**
 * For `UserSettingsPage`'s `providerSettings`: a "Coder" row (when
 * `auth.providers.coder` is configured) followed by Backstage's default
 * provider rows, as upstream. The row reads the deployment from
 * `coder.deployment.accessUrl` in app-config unless `appConfig` is given;
 * inside a `CoderProvider` it is that provider's row (its config and
 * session).
 */
export function CoderProviderSettings({ appConfig, theme } = {}) {
  const configApi = useApi(configApiRef);
  const configuredProviders = configApi.getOptionalConfig('auth.providers')?.keys() ?? [];
  const config = appConfig ?? configuredAppConfig(configApi);
  return createElement(
    Fragment,
    null,
    configuredProviders.includes('coder')
      ? createElement(CoderSettingsRow, { appConfig: config, theme })
      : null,
    createElement(DefaultProviderSettings, { configuredProviders }),
  );
}

/**
 * Inside a `CoderProvider` the row is that provider's (its config and its
 * session: no second sign-in check on the page); elsewhere it has its own.
 */
function CoderSettingsRow({ appConfig, theme }) {
  const variant = useThemeVariant();
  const loadError = useLoadError();
  const inside = useContext(ProviderElementContext) !== null;
  if (loadError) return loadErrorNotice(loadError);
  const row = createElement('coder-provider-settings', { theme: theme ?? variant });
  if (inside) return row;
  return createElement(CoderProvider, { appConfig, fallbackAuthUiMode: 'hidden', theme }, row);
}

const PAGE_GRID = { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: '24px' };

/**
 * The Coder page's content: every workspace of the signed-in user in a
 * full-width card with its search box, and the row that links the Coder
 * account, under one provider (one session for both). `title` is the
 * page's heading ('Coder'); null leaves it to an app that draws page
 * headers itself.
 */
export function CoderPageContent({
  appConfig,
  title = 'Coder',
  headerText = 'Coder Workspaces',
  defaultQueryFilter = 'owner:me',
  fallbackAuthUiMode = 'hidden',
  theme,
}) {
  // A div, not a main: the app's page around it has the main landmark.
  return createElement(
    'div',
    { className: 'coder-page', style: { ...PAGE_GRID, padding: '24px' } },
    title === null ? null : createElement('h1', { style: { margin: 0 } }, title),
    createElement(
      CoderProvider,
      { appConfig, fallbackAuthUiMode, theme },
      // A grid of its own: the provider element lays out nothing, so the
      // outer grid's gap would not reach its children.
      createElement(
        'div',
        { style: PAGE_GRID },
        createElement(CoderWorkspacesCard, { headerText, defaultQueryFilter, theme }),
        createElement('section', { 'aria-label': 'Coder account' }, createElement(CoderSettingsRow, { theme })),
      ),
    ),
  );
}

/**
 * A page of its own (mount it with `<Route path="/coder" element={<CoderPage />} />`):
 * the user's workspaces and their Coder account. Props: `appConfig` (default:
 * the `coder:` block of app-config), `headerText`, `defaultQueryFilter`
 * (`owner:me`), `theme`.
 */
export const CoderPage = coderPlugin.provide(
  createRoutableExtension({
    name: 'CoderPage',
    component: () => Promise.resolve(CoderPageContent),
    mountPoint: coderRouteRef,
  }),
);

class ErrorBoundary extends Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }

  static getDerivedStateFromError(error) {
    return { error };
  }

  componentDidCatch(error) {
    this.props.errorApi?.post(error);
  }

  render() {
    if (!this.state.error) return this.props.children ?? null;
    if (this.props.fallbackUi !== undefined) return this.props.fallbackUi;
    return createElement(
      'div',
      { role: 'alert', style: { padding: '16px', border: '1px solid #d32f2f', borderRadius: '4px' } },
      'This Coder component stopped because of an error. Reload the page to try again.',
    );
  }
}

/**
 * For adopters who wrap their own Coder components, as upstream's: an
 * error thrown while rendering `children` shows `fallbackUi` (or a short
 * message) in their place and is posted to Backstage's error API.
 */
export function CoderErrorBoundary({ children, fallbackUi }) {
  const errorApi = useApiHolder().get(errorApiRef);
  return createElement(ErrorBoundary, { errorApi, fallbackUi }, children);
}
