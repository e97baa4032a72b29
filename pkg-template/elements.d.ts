// Types for the custom elements: what `backstage-plugin-coder-wasm/elements`
// and `/standalone` define. The package root re-exports these.

/** Resolves once the custom elements are defined. Safe to call repeatedly. */
export function ready(): Promise<void>;

/** The Coder part of Backstage's app config, as `<coder-provider>` takes it. */
export type CoderAppConfig = Readonly<{
  deployment: Readonly<{
    /** The deployment's URL, e.g. `https://coder.example.com`. */
    accessUrl: string;
  }>;
  workspaces?: Readonly<{
    /** 'manual' (default) or 'auto': how the creation link fills the form. */
    defaultMode?: 'manual' | 'auto';
    /** The template new workspaces use unless the entity names one. */
    defaultTemplateName?: string;
    /** Build parameters for new workspaces. */
    params?: Record<string, string | undefined>;
    /** Parameter names that carry the entity's repo URL. */
    repoUrlParamKeys?: readonly string[];
  }>;
}>;

/** When `<coder-provider>` shows its floating sign-in button. */
export type FallbackAuthUiMode = 'restrained' | 'assertive' | 'hidden';

/** `<coder-provider>`: Coder config, sign-in, and the shared workspace cache. */
export interface CoderProviderElement extends HTMLElement {
  /** The Coder app config. Wins over the `app-config` YAML attribute. */
  appConfig: CoderAppConfig | undefined;
  /** Backstage's Coder OAuth2 API (`coderAuthApiRef`). */
  coderAuthApi: unknown;
  /** Backstage's discovery API: `getBaseUrl('proxy')` locates the Coder proxy. */
  discoveryApi: unknown;
  /** Backstage's identity API: its token authorizes the proxy requests. */
  identityApi: unknown;
  /**
   * Backstage's config API. Without `coderAuthApi`, its
   * `coder.oauth.clientId` and `backend.baseUrl` enable upstream 0.4's
   * popup sign-in through `@coder/backstage-plugin-coder-backend`.
   */
  configApi: unknown;
  /** Coder calls and the sign-in state, for the page's own code (read-only). */
  readonly coderApi: CoderProviderApi;
}

/** Coder's user (`GET /api/v2/users/me`): the fields most code reads, and Coder's others. */
export interface CoderUser {
  id: string;
  username: string;
  name?: string;
  email: string;
  avatar_url?: string;
  [field: string]: unknown;
}

/** A Coder workspace build (`latest_build`, `GET /api/v2/workspaces/{id}/builds`). */
export interface CoderWorkspaceBuild {
  id: string;
  transition: 'start' | 'stop' | 'delete';
  status: string;
  template_version_id?: string;
  created_at?: string;
  [field: string]: unknown;
}

/** A Coder workspace, as Coder's API answers it. */
export interface CoderWorkspace {
  id: string;
  name: string;
  owner_name: string;
  template_id?: string;
  template_name?: string;
  template_icon?: string;
  outdated?: boolean;
  latest_build: CoderWorkspaceBuild;
  [field: string]: unknown;
}

/** A Coder template (`GET /api/v2/templates`, `/api/v2/templates/{id}`). */
export interface CoderTemplate {
  id: string;
  name: string;
  display_name?: string;
  description?: string;
  icon?: string;
  active_version_id?: string;
  [field: string]: unknown;
}

/** The workspaces config a card uses, compiled from the app config and the entity. */
export interface CoderWorkspacesConfig {
  accessUrl: string;
  mode: 'manual' | 'auto';
  templateName: string | null;
  creationUrl: string | null;
  repoUrl: string | null;
  repoUrlParamKeys: readonly string[];
  params: Readonly<Record<string, string>>;
  isReadingEntityData: boolean;
}

/** `init` of `coderApi.request`. */
export type CoderApiRequestInit = Readonly<{
  /** Default GET. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; undefined ones are left out. */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON (not with GET). */
  body?: unknown;
}>;

/** A provider's sign-in state (never the token). */
export type CoderAuthState = Readonly<{
  status:
    | 'initializing'
    | 'tokenMissing'
    | 'authenticating'
    | 'authenticated'
    | 'distrustedWithGracePeriod'
    | 'distrusted'
    | 'invalid'
    | 'noInternetConnection'
    | 'deploymentUnavailable';
  isAuthenticated: boolean;
  /** Once signed in; null otherwise. */
  user: Readonly<{ username: string | null; name: string | null; email: string | null }> | null;
}>;

/**
 * Coder calls as the provider's signed-in user, through its client (the
 * Backstage proxy, both tokens as headers, the timeout, 401 handling,
 * retries of GETs on outages). A failure rejects with an `Error` named
 * `CoderApiError` (`status`: the HTTP status, when there was one).
 */
export interface CoderApi {
  /** Any Coder API path (`/api/v2/...`; no query in it: use `init.query`). */
  request<T = unknown>(path: `/api/v2/${string}`, init?: CoderApiRequestInit): Promise<T>;
  getAuthenticatedUser(): Promise<CoderUser>;
  /**
   * For the query a card of the same provider shows (no `limit`/`offset`
   * but 0), the card's request answers: the one in flight, its current
   * answer, or its next one, started now.
   */
  getWorkspaces(request?: Readonly<{ q?: string; limit?: number; offset?: number }>): Promise<{
    workspaces: CoderWorkspace[];
    count: number;
  }>;
  getWorkspace(id: string): Promise<CoderWorkspace>;
  getWorkspaceBuilds(id: string): Promise<CoderWorkspaceBuild[]>;
  /**
   * Starts, stops or deletes a workspace (a POST: never repeated). The
   * provider's cards ask for their lists at once, to show the change.
   */
  createWorkspaceBuild(
    id: string,
    build: Readonly<{
      transition: 'start' | 'stop' | 'delete';
      template_version_id?: string;
      rich_parameter_values?: ReadonlyArray<Readonly<{ name: string; value: string }>>;
    }>,
  ): Promise<CoderWorkspaceBuild>;
  getTemplates(): Promise<CoderTemplate[]>;
  getTemplate(id: string): Promise<CoderTemplate>;
}

/** The `coderApi` of a `<coder-provider>` element: calls, and the sign-in state. */
export interface CoderProviderApi extends CoderApi {
  authState(): CoderAuthState;
  /**
   * The workspaces config the card uses, with `entity`'s `spec.coder` and
   * repository when given; throws a
   * `CoderApiError` for an unusable app config or entity.
   */
  workspacesConfig(entity?: unknown): CoderWorkspacesConfig;
  /** Calls `listener` after every change of the provider's state; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Watches the query `key`: the first watcher's `run(coderApi)` runs while
   * signed in (retried on outages, polled); `listener` hears of every change
   * of `queryState(key)`. Returns the function that stops watching.
   */
  watchQuery(key: string, run: (coderApi: CoderProviderApi) => Promise<unknown>, listener: () => void): () => void;
  /** The same frozen object until the query `key` changes. */
  queryState(key: string): Readonly<{
    status: 'loading' | 'success' | 'error';
    data: unknown;
    error: unknown;
    isFetching: boolean;
    dataUpdatedAt: number;
  }>;
  /** Runs the watched query `key` again now. */
  refetchQuery(key: string): void;
  /** Opens the Coder OAuth sign-in window. */
  signIn(): void;
  /** Signs in with a session token (checked with Coder first). */
  registerNewToken(token: string): void;
  /** Signs out of Coder. */
  unlinkToken(): void;
}

/**
 * `<coder-workspaces-card>`: search, list and create Coder workspaces, and
 * act on them: each row's "Workspace actions" menu starts, stops, restarts
 * and updates a workspace (where Coder's permission check allows; the
 * proxy must allow POST) and opens its apps, terminal, VS Code Desktop and
 * Coder page.
 */
export interface CoderWorkspacesCardElement extends HTMLElement {
  /** The Backstage entity (`metadata.annotations`, `spec.coder`), for `read-entity-data`. */
  entity: unknown;
}

/** `<coder-provider-settings>`: the "Coder" row of Backstage's settings page. */
export type CoderProviderSettingsElement = HTMLElement;

/** The `coder-query-change` event a card fires when its filter changes. */
export type CoderQueryChangeEvent = CustomEvent<string>;

/** Attributes of `<coder-provider>` in JSX. */
export interface CoderProviderAttributes {
  'app-config'?: string;
  'fallback-auth-ui-mode'?: FallbackAuthUiMode;
  theme?: 'light' | 'dark';
}

/** Attributes of `<coder-workspaces-card>` in JSX. */
export interface CoderWorkspacesCardAttributes {
  'read-entity-data'?: boolean | '';
  'header-text'?: string;
  'default-query'?: string;
  'query-filter'?: string;
  'catalog-info'?: string;
  theme?: 'light' | 'dark';
}

declare global {
  interface HTMLElementTagNameMap {
    'coder-provider': CoderProviderElement;
    'coder-workspaces-card': CoderWorkspacesCardElement;
    'coder-provider-settings': CoderProviderSettingsElement;
  }
  interface HTMLElementEventMap {
    'coder-query-change': CoderQueryChangeEvent;
  }
}
