// Types for `backstage-plugin-coder-wasm/alpha`, the plugin for Backstage's
// new frontend system, against @backstage/frontend-plugin-api.
import type { ExtensionDefinition, OverridableFrontendPlugin, RouteRef } from '@backstage/frontend-plugin-api';

/** The route of the Coder page: the plugin's `root` route. */
export declare const coderPageRouteRef: RouteRef<undefined>;

/**
 * The Coder plugin for the new frontend system (plugin id `coder`):
 * `createApp({ features: [coderPlugin] })`. Its extensions, by id:
 * - `api:coder/auth`: `coderAuthApiRef` (OAuth2, provider id `coder`);
 * - `entity-card:coder/workspaces`: the workspaces card on entities with a
 *   `spec.coder` block; config `headerText`, `requireCoderSpec` (default true);
 * - `page:coder`: the Coder page at `/coder` with a nav item; config
 *   `path`, `title`, `headerText`, `defaultQueryFilter`;
 * - `coder/provider-settings`: the Coder row (and
 *   Backstage's own rows) on the user settings' Authentication Providers page.
 */
export declare const coderPlugin: OverridableFrontendPlugin<
  { root: RouteRef<undefined> },
  {},
  {
    'api:coder/auth': ExtensionDefinition;
    'entity-card:coder/workspaces': ExtensionDefinition;
    'page:coder': ExtensionDefinition;
    'coder/provider-settings': ExtensionDefinition;
  }
>;

export default coderPlugin;
