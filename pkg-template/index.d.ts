/** Resolves once the custom elements are defined. */
export function ready(): Promise<void>;

/** `<coder-provider>`: Coder config, auth and the shared workspace cache. */
export interface CoderProviderElement extends HTMLElement {
  /** The Coder app config (`deployment.accessUrl`, `workspaces.*`). */
  appConfig: unknown;
  /** Backstage's Coder OAuth API (`coderAuthApiRef`). */
  coderAuthApi: unknown;
  /** Backstage's discovery API (`getBaseUrl('proxy')`). */
  discoveryApi: unknown;
  /** Backstage's identity API (optional). */
  identityApi: unknown;
}

/** `<coder-workspaces-card>`: the workspace list. */
export interface CoderWorkspacesCardElement extends HTMLElement {
  /** The Backstage entity (`metadata.annotations`, `spec.coder`). */
  entity: unknown;
}

/** `<coder-provider-settings>`: the row for Backstage's settings page. */
export type CoderProviderSettingsElement = HTMLElement;

declare global {
  interface HTMLElementTagNameMap {
    'coder-provider': CoderProviderElement;
    'coder-workspaces-card': CoderWorkspacesCardElement;
    'coder-provider-settings': CoderProviderSettingsElement;
  }
}
