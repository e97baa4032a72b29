// A Backstage app in miniature: createSpecializedApp from the real
// @backstage/core-app-api (its API registry, identity, theme and
// translation APIs), a guest sign-in page, and an entity page that uses
// our package's components exactly where @coder/backstage-plugin-coder's
// would go (same names, same props).
import { version as reactVersion, useEffect, useState } from 'react';
import { appThemeApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  CoderProvider,
  CoderProviderSettings,
  CoderWorkspacesCard,
} from 'backstage-plugin-coder-wasm';
import { renderApp } from './app-shell.jsx';
import { apis, appConfigData, guestIdentity } from './apis.js';

const origin = window.location.origin;

const coderConfig = {
  deployment: { accessUrl: origin },
  workspaces: {
    defaultTemplateName: 'devcontainers',
    defaultMode: 'manual',
    repoUrlParamKeys: ['custom_repo', 'repo_url'],
    params: { region: 'eu-helsinki' },
  },
};

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'backstage-plugins',
    annotations: {
      'backstage.io/source-location': 'url:https://github.com/coder/backstage-plugins/tree/main/',
    },
  },
  spec: {
    type: 'website',
    owner: 'group:default/coder',
    lifecycle: 'production',
    coder: { templateName: 'devcontainers', mode: 'auto', params: { region: 'us-pittsburgh' } },
  },
};

function GuestSignInPage({ onSignInSuccess }) {
  const [error, setError] = useState();
  useEffect(() => {
    guestIdentity().then(onSignInSuccess, setError);
  }, [onSignInSuccess]);
  return <p role="status">{error ? String(error) : 'Signing in as guest…'}</p>;
}

function ThemeToggle() {
  const themeApi = useApi(appThemeApiRef);
  const [active, setActive] = useState(themeApi.getActiveThemeId() ?? 'light');
  const next = active === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      id="theme-toggle"
      onClick={() => {
        themeApi.setActiveThemeId(next);
        setActive(next);
      }}
    >
      Use {next} theme
    </button>
  );
}

function EntityPage() {
  const [filter, setFilter] = useState('owner:me');
  return (
    <EntityProvider entity={entity}>
      <header>
        <h1>backstage-plugins</h1>
        <p id="react-version">React {reactVersion}</p>
        <ThemeToggle />
      </header>
      <CoderProvider appConfig={coderConfig}>
        <main>
          <CoderWorkspacesCard id="entity-card" readEntityData />
          <div>
            <CoderWorkspacesCard
              id="all-card"
              headerText="All my workspaces"
              queryFilter={filter}
              onFilterChange={setFilter}
            />
            <p>
              Filter held by the page: <output id="page-filter">{filter}</output>{' '}
              <button type="button" onClick={() => setFilter('owner:me docs')}>
                Show docs workspaces
              </button>
            </p>
          </div>
        </main>
      </CoderProvider>
      <section className="settings" aria-label="Settings">
        <h2>Authentication providers</h2>
        <CoderProviderSettings />
      </section>
    </EntityProvider>
  );
}

renderApp({
  apis,
  SignInPage: GuestSignInPage,
  routes: { '/': <EntityPage /> },
  configLoader: async () => [{ context: 'react-host', data: appConfigData }],
});
