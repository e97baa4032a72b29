// The real-stack app: a small Backstage app served by a real Backstage
// backend (tests/backstage, with @backstage/plugin-app-backend) on the
// backend's own origin, as a production Backstage is. Its config is the one
// the backend injects (no configLoader: core-app-api's default loader reads
// it), identity comes from the backend's guest provider through the real
// ProxiedSignInPage, the entity from the real catalog, and Coder's OAuth from
// the auth backend's Coder provider.
import { useEffect, useState, version as reactVersion } from 'react';
import { Link } from 'react-router-dom';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { ProxiedSignInPage } from '@backstage/core-components';
import { EntityProvider, catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CoderProvider,
  CoderProviderSettings,
  CoderWorkspacesCard,
} from 'backstage-plugin-coder-wasm';
import { renderApp } from './app-shell.jsx';
import { apis } from './real-apis.js';

const ENTITY_REF = 'component:default/python-project';

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

function Header() {
  return (
    <header>
      <h1>{useApi(configApiRef).getOptionalString('app.title') ?? 'Backstage (real stack)'}</h1>
      <p id="react-version">React {reactVersion}</p>
      <nav>
        <Link to="/">Entity page</Link>
        <Link to="/settings">Settings</Link>
      </nav>
    </header>
  );
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

renderApp({
  apis,
  // The backend's guest provider, signed in without a click; its
  // ErrorPanel would need MUI's theme, so errors show as plain text.
  SignInPage: (props) => (
    <ProxiedSignInPage
      {...props}
      provider="guest"
      ErrorComponent={({ error }) => <pre role="alert">Guest sign-in failed: {String(error)}</pre>}
    />
  ),
  routes: { '/': <EntityPage />, '/settings': <SettingsPage /> },
});
