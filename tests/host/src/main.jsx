// A Backstage app in miniature: createSpecializedApp from the real
// @backstage/core-app-api (its API registry, identity, theme and
// translation APIs), a guest sign-in page, and an entity page that uses
// our package's components exactly where @coder/backstage-plugin-coder's
// would go (same names, same props).
import { version as reactVersion, useEffect, useState } from 'react';
import { appThemeApiRef, errorApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Link } from 'react-router-dom';
import {
  CoderErrorBoundary,
  CoderPage,
  CoderProvider,
  CoderProviderSettings,
  CoderWorkspacesCard,
  CoderWorkspacesCardCreateWorkspacesLink,
  CoderWorkspacesCardExtraActionsButton,
  CoderWorkspacesCardHeaderRow,
  CoderWorkspacesCardRoot,
  CoderWorkspacesCardSearchBox,
  CoderWorkspacesCardWorkspacesList,
  CoderWorkspacesCardWorkspacesListIcon,
  CoderWorkspacesReminderAccordion,
  isCoderEntity,
  useCoderApi,
  useCoderAuth,
  useCoderQuery,
  useCoderWorkspacesConfig,
  useWorkspacesCardContext,
} from 'backstage-plugin-coder-wasm';
import { renderApp } from './app-shell.jsx';
import { apis, appConfigData, guestIdentity } from './apis.js';


/** An entity set up for Coder (it has `spec.coder`). */
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

/** An entity that is not: no card is rendered for it. */
const plainEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'docs-site' },
  spec: { type: 'website', owner: 'group:default/docs', lifecycle: 'production' },
};

/** A card only for entities set up for Coder, as `EntitySwitch.Case if={isCoderEntity}` does. */
function CoderCardIfSetUp({ of, id }) {
  return (
    <EntityProvider entity={of}>
      {isCoderEntity(of) ? (
        <CoderWorkspacesCard id={id} readEntityData />
      ) : (
        <p id={`${id}-none`}>No Coder card: {of.metadata.name} has no spec.coder</p>
      )}
    </EntityProvider>
  );
}

/** What was posted to Backstage's error API: what an app shows as toasts. */
function Alerts() {
  const errorApi = useApi(errorApiRef);
  const [messages, setMessages] = useState([]);
  useEffect(() => {
    const subscription = errorApi.error$().subscribe(({ error }) =>
      setMessages((list) => [...list, error.message]),
    );
    return () => subscription.unsubscribe();
  }, [errorApi]);
  return (
    <ul id="alerts" aria-label="Errors posted to the error API">
      {messages.map((message, i) => (
        <li key={i}>{message}</li>
      ))}
    </ul>
  );
}

function Thrower() {
  throw new Error('the custom Coder widget exploded');
}

/** An adopter's own component under CoderErrorBoundary, broken on demand. */
function BreakableWidget() {
  const [broken, setBroken] = useState(false);
  return (
    <section aria-label="Custom widget">
      <button type="button" onClick={() => setBroken(true)}>
        Break the custom widget
      </button>
      <CoderErrorBoundary fallbackUi={<p id="widget-fallback">The custom widget failed</p>}>
        {broken ? <Thrower /> : <p id="widget-ok">Custom widget</p>}
      </CoderErrorBoundary>
    </section>
  );
}

/**
 * An adopter's own component on the Coder API (upstream's "make our own
 * Coder API calls"): the deployment's templates once signed in, with the
 * signed-in user's name and an unlink button of its own.
 */
function TemplateList() {
  const coderApi = useCoderApi();
  const auth = useCoderAuth();
  const [state, setState] = useState({});
  useEffect(() => {
    if (!auth.isAuthenticated) {
      setState({});
      return undefined;
    }
    let live = true;
    coderApi.getTemplates().then(
      (templates) => live && setState({ templates }),
      (error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [coderApi, auth.isAuthenticated]);
  return (
    <section id="templates" aria-label="Coder templates">
      <h2>Templates</h2>
      <p id="templates-auth">
        {auth.status}
        {auth.user ? ` as ${auth.user.username}` : ''}
      </p>
      {state.error ? <p role="alert">{state.error.message}</p> : null}
      <ul>
        {(state.templates ?? []).map((t) => (
          <li key={t.id}>{t.display_name || t.name}</li>
        ))}
      </ul>
      {auth.isAuthenticated ? (
        <button type="button" onClick={() => auth.unlinkToken()}>
          Unlink from the template list
        </button>
      ) : null}
    </section>
  );
}

/**
 * An adopter's component on useCoderQuery; the page shows two, which share
 * one run of the query (`window.hostQueryRuns` counts them).
 */
function WorkspaceCount({ id }) {
  const query = useCoderQuery({
    queryKey: ['host', 'workspace-count'],
    queryFn: async ({ coderApi }) => {
      window.hostQueryRuns = (window.hostQueryRuns ?? 0) + 1;
      return (await coderApi.getWorkspaces({ q: 'owner:me' })).count;
    },
  });
  return (
    <p id={id} data-status={query.status}>
      {query.isSuccess ? `${query.data} workspaces` : query.status}
    </p>
  );
}

/** An adopter's component reading the card's config for the entity (no card around it). */
function EntityCoderConfig() {
  const config = useCoderWorkspacesConfig({ readEntityData: true });
  if (!config) return null;
  return (
    <dl id="entity-config" aria-label="Coder config of this entity">
      <dt>Repository</dt>
      <dd id="entity-config-repo">{config.repoUrl}</dd>
      <dt>Template</dt>
      <dd id="entity-config-template">{config.templateName}</dd>
      <dt>New workspace</dt>
      <dd>
        <a id="entity-config-create" href={config.creationUrl ?? undefined}>
          Create a workspace for this entity
        </a>
      </dd>
    </dl>
  );
}

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
        <nav>
          <Link to="/coder">Coder page</Link> <Link to="/parts">Card parts</Link>
        </nav>
        <Alerts />
      </header>
      <CoderProvider>
        <main>
          <CoderCardIfSetUp of={entity} id="entity-card" />
          <CoderCardIfSetUp of={plainEntity} id="plain-card" />
          <TemplateList />
          <EntityCoderConfig />
          <section aria-label="Workspace counts">
            <WorkspaceCount id="count-a" />
            <WorkspaceCount id="count-b" />
          </section>
          <section id="inner-settings" aria-label="Coder account in the provider">
            <CoderProviderSettings />
          </section>
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
      <BreakableWidget />
      <section className="settings" aria-label="Settings">
        <h2>Authentication providers</h2>
        <CoderProviderSettings />
      </section>
    </EntityProvider>
  );
}

/** What an adopter's own component reads from the card root. */
function CardSummary() {
  const { queryFilter, workspacesQuery } = useWorkspacesCardContext();
  const count = workspacesQuery.data ? workspacesQuery.data.length : 'no';
  return (
    <p id="card-summary">
      {count} workspaces for “{queryFilter}”
    </p>
  );
}

/**
 * A card built from the parts, as upstream's adopters do: the list before
 * the search box, the actions in reverse order, the adopter's own rows and
 * empty state, and a component reading the card's context.
 */
function PartsPage() {
  const [filter, setFilter] = useState('owner:me');
  return (
    <EntityProvider entity={entity}>
      <p id="react-version">React {reactVersion}</p>
      <ThemeToggle />
      <CoderProvider>
        {/* A plain column: the host's grid has 420 px columns, wider than a phone. */}
        <main style={{ display: 'block', maxWidth: 720 }}>
          <CoderWorkspacesCardRoot
            id="parts-card"
            onFilterChange={setFilter}
            headerContent={
              <CoderWorkspacesCardHeaderRow
                headerText="Composed workspaces"
                actions={
                  <>
                    <CoderWorkspacesCardExtraActionsButton />
                    <CoderWorkspacesCardCreateWorkspacesLink />
                  </>
                }
              />
            }
          >
            <CoderWorkspacesCardWorkspacesList
              renderListItem={({ workspace, index }) => (
                <li className="my-row" data-index={index} style={{ display: 'flex', gap: 8, alignItems: 'center', padding: 4 }}>
                  <CoderWorkspacesCardWorkspacesListIcon src={workspace.template_icon} workspaceName={workspace.name} />
                  <span className="my-row-name">{workspace.name}</span>
                  <em>{workspace.latest_build.status}</em>
                </li>
              )}
              emptyState={<p id="my-empty">Nothing here yet: try another search</p>}
            />
            <CoderWorkspacesCardSearchBox />
            <CardSummary />
            <CoderWorkspacesReminderAccordion />
          </CoderWorkspacesCardRoot>
          <p>
            Filter heard by the page: <output id="parts-filter">{filter}</output>
          </p>
        </main>
      </CoderProvider>
    </EntityProvider>
  );
}

renderApp({
  apis,
  SignInPage: GuestSignInPage,
  routes: { '/': <EntityPage />, '/coder': <CoderPage />, '/parts': <PartsPage /> },
  configLoader: async () => [{ context: 'react-host', data: appConfigData }],
});
