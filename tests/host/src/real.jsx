// The real-stack app: a small Backstage app served by a real Backstage
// backend (tests/backstage, with @backstage/plugin-app-backend) on the
// backend's own origin, as a production Backstage is. Its config is the one
// the backend injects (no configLoader: core-app-api's default loader reads
// it), identity comes from the backend's guest provider through the real
// ProxiedSignInPage, the entity from the real catalog, and Coder's OAuth from
// the auth backend's Coder provider. With `realStack.signIn: coder` in the
// backend's config (app-config.coder-sign-in.yaml), Backstage's own
// SignInPage signs in with Coder instead, as upstream's README sets it up.
import { useEffect, useMemo, useState, version as reactVersion } from 'react';
import { Link } from 'react-router-dom';
import { createVersionedContext, createVersionedValueMap } from '@backstage/version-bridge';
import { configApiRef, identityApiRef, useApi, useApiHolder } from '@backstage/core-plugin-api';
import { ProxiedSignInPage, SignInPage } from '@backstage/core-components';
import { UnifiedThemeProvider, themes } from '@backstage/theme';
import { EntityProvider, catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CoderProvider,
  CoderProviderSettings,
  CoderWorkspacesCard,
  coderAuthApiRef,
} from 'backstage-plugin-coder-wasm';
import { renderApp } from './app-shell.jsx';
import { apis } from './real-apis.js';

const ENTITY_REF = 'component:default/python-project';
const ApiContext = createVersionedContext('api-context');

function useCoderConfig() {
  const config = useApi(configApiRef);
  return {
    deployment: { accessUrl: config.getString('coder.deployment.accessUrl') },
    workspaces: {
      defaultTemplateName: 'devcontainers',
      defaultMode: 'manual',
      repoUrlParamKeys: ['custom_repo', 'repo_url'],
      params: {},
    },
  };
}

/** Who Backstage says is signed in. */
function useUserRef() {
  const identityApi = useApi(identityApiRef);
  const [ref, setRef] = useState('');
  useEffect(() => {
    let live = true;
    identityApi.getBackstageIdentity().then((identity) => live && setRef(identity.userEntityRef));
    return () => {
      live = false;
    };
  }, [identityApi]);
  return ref;
}

function Header() {
  const userRef = useUserRef();
  return (
    <header>
      <h1>{useApi(configApiRef).getOptionalString('app.title') ?? 'Backstage (real stack)'}</h1>
      <p id="react-version">React {reactVersion}</p>
      <p>
        Signed in to Backstage as <span id="backstage-user">{userRef}</span>
      </p>
      <nav>
        <Link to="/">Entity page</Link>
        <Link to="/settings">Settings</Link>
      </nav>
    </header>
  );
}

/**
 * Its children see the app's APIs but no Coder auth API: an app on
 * upstream's 0.4 line, which registers none and links accounts through
 * @coder/backstage-plugin-coder-backend (the backend mounts it;
 * app-config's coder.oauth.clientId names the Coder OAuth2 client).
 */
function WithoutCoderAuthApi({ children }) {
  const parent = useApiHolder();
  const value = useMemo(
    () =>
      createVersionedValueMap({
        1: { get: (ref) => (ref.id === coderAuthApiRef.id ? undefined : parent.get(ref)) },
      }),
    [parent],
  );
  // Backstage's ApiProvider would fall back to the app's holder for a
  // missing API; the context it fills is set directly instead.
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function EntityPage() {
  const catalogApi = useApi(catalogApiRef);
  const coderConfig = useCoderConfig();
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    catalogApi.getEntityByRef(ENTITY_REF).then(
      (entity) => live && setState({ entity }),
      (error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [catalogApi]);

  let body;
  if (state.loading) body = <p role="status">Loading {ENTITY_REF} from the catalog…</p>;
  else if (state.error || !state.entity)
    body = <p role="alert">Catalog: {state.error ? String(state.error) : `${ENTITY_REF} not found`}</p>;
  else
    body = (
      <EntityProvider entity={state.entity}>
        <h2 id="entity-name">{state.entity.metadata.name}</h2>
        <CoderProvider appConfig={coderConfig}>
          <main>
            <CoderWorkspacesCard id="entity-card" readEntityData />
            <CoderWorkspacesCard id="all-card" headerText="All my workspaces" />
          </main>
        </CoderProvider>
      </EntityProvider>
    );
  return (
    <>
      <Header />
      {body}
    </>
  );
}

function SettingsPage() {
  return (
    <>
      <Header />
      <section className="settings" aria-label="Settings">
        <h2>Authentication providers</h2>
        <CoderProviderSettings />
      </section>
    </>
  );
}

// Upstream README's sign-in provider entry, verbatim.
const coderSignInProvider = {
  id: 'coder-auth-provider',
  title: 'Coder',
  message: 'Sign in using Coder',
  apiRef: coderAuthApiRef,
};

function AppSignInPage(props) {
  if (useApi(configApiRef).getOptionalString('realStack.signIn') === 'coder') {
    // Backstage's SignInPage is drawn with MUI and needs a Backstage theme.
    return (
      <UnifiedThemeProvider theme={themes.light}>
        <SignInPage {...props} providers={[coderSignInProvider]} />
      </UnifiedThemeProvider>
    );
  }
  // The backend's guest provider, signed in without a click; its
  // ErrorPanel would need MUI's theme, so errors show as plain text.
  return (
    <ProxiedSignInPage
      {...props}
      provider="guest"
      ErrorComponent={({ error }) => <pre role="alert">Guest sign-in failed: {String(error)}</pre>}
    />
  );
}

renderApp({
  apis,
  SignInPage: AppSignInPage,
  routes: {
    '/': <EntityPage />,
    '/settings': <SettingsPage />,
    '/upstream-0.4': (
      <WithoutCoderAuthApi>
        <EntityPage />
      </WithoutCoderAuthApi>
    ),
  },
});
