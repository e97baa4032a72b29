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
