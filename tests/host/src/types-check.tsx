// Compiled by `tsc` (never bundled): an adopter's typical uses of the
// package type-check against its hand-written .d.ts files, and misuses fail.
import { createApiFactory, discoveryApiRef, oauthRequestApiRef } from '@backstage/core-plugin-api';
import { OAuth2 } from '@backstage/core-app-api';
import {
  type CoderAppConfig,
  type CoderAuthApi,
  CoderPage,
  coderRouteRef,
  CoderProvider,
  CoderProviderSettings,
  CoderWorkspacesCard,
  coderAuthApiRef,
  coderPlugin,
  isCoderEntity,
  ready,
  useCoderApi,
  useCoderAuth,
  useCoderQuery,
  useCoderWorkspacesConfig,
  type CoderTemplate,
  type CoderWorkspace,
  type CoderWorkspaceBuild,
  CoderWorkspacesCardRoot,
  CoderWorkspacesCardHeaderRow,
  CoderWorkspacesCardSearchBox,
  CoderWorkspacesCardWorkspacesList,
  CoderWorkspacesCardWorkspacesListItem,
  CoderWorkspacesCardWorkspacesListIcon,
  CoderWorkspacesCardCreateWorkspacesLink,
  CoderWorkspacesCardExtraActionsButton,
  CoderWorkspacesReminderAccordion,
  useWorkspacesCardContext,
  type WorkspacesCardState,
} from 'backstage-plugin-coder-wasm';

const appConfig: CoderAppConfig = {
  deployment: { accessUrl: 'https://coder.example.com' },
  workspaces: { defaultTemplateName: 'devcontainers', defaultMode: 'auto', params: { region: 'eu' } },
};

export const factory = createApiFactory({
  api: coderAuthApiRef,
  deps: { discoveryApi: discoveryApiRef, oauthRequestApi: oauthRequestApiRef },
  factory: ({ discoveryApi, oauthRequestApi }): CoderAuthApi =>
    OAuth2.create({ discoveryApi, oauthRequestApi, provider: { id: 'coder', title: 'Coder', icon: () => null } }),
});

export const page = (
  <CoderProvider appConfig={appConfig} fallbackAuthUiMode="assertive">
    <CoderWorkspacesCard readEntityData />
    <CoderWorkspacesCard queryFilter="owner:me" onFilterChange={(filter: string) => filter.trim()} className="x" />
    <CoderProviderSettings />
    <coder-workspaces-card read-entity-data header-text="Mine" theme="dark" />
  </CoderProvider>
);

// Without appConfig, the provider reads `coder:` from app-config.
export const fromAppConfig = (
  <CoderProvider>
    {isCoderEntity({ spec: { coder: {} } }) ? <CoderWorkspacesCard readEntityData /> : null}
  </CoderProvider>
);
export const setUp: boolean = isCoderEntity(undefined);
export const coderPage = <CoderPage headerText="Mine" defaultQueryFilter="owner:me" />;
export const routeId: string = coderRouteRef.toString();
// @ts-expect-error the page's theme is light or dark
export const badPage = <CoderPage theme="blue" />;

export const pluginId: string = coderPlugin.getId();
export const loaded: Promise<void> = ready();

export function elementTypes() {
  const card = document.createElement('coder-workspaces-card');
  card.entity = { metadata: {} };
  card.addEventListener('coder-query-change', (event) => event.detail.toUpperCase());
  const provider = document.querySelector('coder-provider');
  if (provider) provider.appConfig = appConfig;
}

// @ts-expect-error fallbackAuthUiMode takes three values only
export const badMode = <CoderProvider appConfig={appConfig} fallbackAuthUiMode="loud" />;
// @ts-expect-error appConfig needs a deployment
export const badConfig = <CoderProvider appConfig={{ workspaces: {} }} />;
// @ts-expect-error onFilterChange receives a string
export const badCallback = <CoderWorkspacesCard onFilterChange={(n: number) => n} />;

// Custom components on the Coder API.
export function CustomComponent() {
  const api = useCoderApi();
  const auth = useCoderAuth();
  const names: Promise<string[]> = api.getTemplates().then((ts: CoderTemplate[]) => ts.map((t) => t.name));
  const first: Promise<CoderWorkspace | undefined> = api
    .getWorkspaces({ q: 'owner:me', limit: 1 })
    .then((r) => r.workspaces[0]);
  const raw: Promise<{ id: string }> = api.request<{ id: string }>('/api/v2/users/me', { query: { x: 1 } });
  void [names, first, raw];
  // @ts-expect-error paths are Coder API paths
  void api.request('https://coder.example.com/api/v2/users/me');
  // @ts-expect-error no such method
  void api.request('/api/v2/x', { method: 'TRACE' });
  const build: Promise<CoderWorkspaceBuild> = api.createWorkspaceBuild('id', { transition: 'stop' });
  void build;
  // @ts-expect-error Coder has no such transition
  void api.createWorkspaceBuild('id', { transition: 'reboot' });
  const signedIn: boolean = auth.isAuthenticated;
  const who: string | null | undefined = auth.user?.username;
  // @ts-expect-error the token is never handed out
  void auth.token;
  auth.registerNewToken('t');
  return signedIn ? who : null;
}

// Shared queries, typed by their function.
export function CustomQuery() {
  const templates = useCoderQuery({
    queryKey: ['templates'],
    queryFn: ({ coderApi }) => coderApi.getTemplates(),
  });
  const first: CoderTemplate | undefined = templates.data?.[0];
  const status: 'loading' | 'success' | 'error' = templates.status;
  templates.refetch();
  // @ts-expect-error the key is an array, as upstream's
  useCoderQuery({ queryKey: 'templates', queryFn: async () => 1 });
  return templates.isSuccess ? first?.name : status;
}

export function elementApi(provider: HTMLElementTagNameMap['coder-provider']) {
  const stop: () => void = provider.coderApi.subscribe(() => provider.coderApi.authState().status);
  stop();
  const unwatch: () => void = provider.coderApi.watchQuery(
    'k',
    (api) => api.getTemplates(),
    () => provider.coderApi.queryState('k').isFetching,
  );
  provider.coderApi.refetchQuery('k');
  unwatch();
}
// The card's parts, composed.
function Summary() {
  const { queryFilter, onFilterChange, workspacesQuery, workspacesConfig } = useWorkspacesCardContext();
  const names: string[] = (workspacesQuery.data ?? []).map((w) => w.name);
  workspacesQuery.refetch();
  onFilterChange(queryFilter.trim());
  // @ts-expect-error onFilterChange takes a string
  onFilterChange(3);
  return <p>{names.join()} {workspacesConfig?.creationUrl ?? ''}</p>;
}

export const composed = (
  <CoderProvider appConfig={appConfig}>
    <CoderWorkspacesCardRoot
      readEntityData
      defaultQueryFilter="owner:me"
      onFilterChange={(f: string) => f.length}
      headerContent={<CoderWorkspacesCardHeaderRow headerLevel="h3" actions={<CoderWorkspacesCardExtraActionsButton />} />}
    >
      <CoderWorkspacesCardWorkspacesList
        renderListItem={({ workspace, index }) => (
          <CoderWorkspacesCardWorkspacesListItem key={index} workspace={workspace} />
        )}
        emptyState={<p>None</p>}
      />
      <CoderWorkspacesCardWorkspacesListIcon src="/icon/go.svg" workspaceName="go" />
      <CoderWorkspacesCardSearchBox />
      <CoderWorkspacesCardCreateWorkspacesLink tooltipText="New" />
      <CoderWorkspacesReminderAccordion canShowEntityReminder={false} />
      <Summary />
    </CoderWorkspacesCardRoot>
  </CoderProvider>
);

export function rootElement() {
  const root = document.createElement('coder-workspaces-card-root');
  const state: WorkspacesCardState | null = root.cardState;
  root.setFilter(state?.queryFilter ?? 'owner:me');
  root.refresh();
  root.addEventListener('coder-card-change', () => root.cardState?.workspaces.length);
  // @ts-expect-error cardState is read-only
  root.cardState = null;
}

// @ts-expect-error headerLevel is h1 to h6
export const badLevel = <CoderWorkspacesCardHeaderRow headerLevel="h7" />;
// @ts-expect-error renderListItem receives { workspace, index, workspaces }
export const badRender = <CoderWorkspacesCardWorkspacesList renderListItem={(w: string) => w} />;
// @ts-expect-error a list icon needs its workspace's name
export const badIcon = <CoderWorkspacesCardWorkspacesListIcon src="/x.svg" />;

export function ConfigReader() {
  const config = useCoderWorkspacesConfig({ readEntityData: true });
  const repo: string | null | undefined = config?.repoUrl;
  const keys: readonly string[] | undefined = config?.repoUrlParamKeys;
  // @ts-expect-error the option is a boolean
  useCoderWorkspacesConfig({ readEntityData: 'yes' });
  return repo ?? keys?.join(',') ?? null;
}
