// The plugin for Backstage's new frontend system (`packages/app`:
// `createApp({ features: [coderPlugin] })`). It only declares extensions:
// each one renders the React components of the package root, which do the
// rest through the elements. Adopters write no API factory and no provider.
import { createElement } from 'react';
import {
  ApiBlueprint,
  PageBlueprint,
  configApiRef,
  coreExtensionData,
  createExtension,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  oauthRequestApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { OAuth2 } from '@backstage/core-app-api';
import {
  CoderPageContent,
  CoderProvider,
  CoderProviderSettings,
  CoderWorkspacesCard,
  coderAuthApiRef,
  isCoderEntity,
} from './index.js';

/** The route of the Coder page (the plugin's `root` route). */
export const coderPageRouteRef = createRouteRef();

/**
 * A config field for `app.extensions` in the Standard Schema form the
 * frontend system reads (validation plus the JSON schema it publishes);
 * hand-written so the package needs no schema library.
 */
function optionalField(type) {
  const jsonSchema = () => ({ type });
  return {
    '~standard': {
      version: 1,
      vendor: 'backstage-plugin-coder-wasm',
      validate(value) {
        if (value === undefined || typeof value === type) return { value };
        const found = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
        return { issues: [{ message: `expected a ${type}, found ${found}` }] };
      },
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
}

/** The plugin's icon in the nav and page header: a workspace screen with a prompt. */
function CoderIcon() {
  return createElement(
    'svg',
    { viewBox: '0 0 24 24', width: 24, height: 24, fill: 'currentColor', 'aria-hidden': true },
    createElement('path', {
      fillRule: 'evenodd',
      d: 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-6v2h3v2H7v-2h3v-2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm0 2v11h16V5H4Zm2.3 2.7 1.4-1.4 3.7 3.7-3.7 3.7-1.4-1.4 2.3-2.3-2.3-2.3ZM12 13h5v2h-5v-2Z',
    }),
  );
}

/**
 * `coderAuthApiRef` as upstream's README has adopters write it, with the
 * auth environment of the app-config (`auth.environment`), as Backstage's
 * own sign-in APIs read it.
 */
const coderAuthApi = ApiBlueprint.make({
  name: 'auth',
  params: (defineParams) =>
    defineParams({
      api: coderAuthApiRef,
      deps: { configApi: configApiRef, discoveryApi: discoveryApiRef, oauthRequestApi: oauthRequestApiRef },
      factory: ({ configApi, discoveryApi, oauthRequestApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          environment: configApi.getOptionalString('auth.environment') ?? 'development',
          provider: { id: 'coder', title: 'Coder', icon: CoderIcon },
          defaultScopes: [],
        }),
    }),
});

/**
 * The workspaces card on entity pages, under a provider of its own, for
 * entities with a `spec.coder` block. `app.extensions` config:
 * `headerText`, and `requireCoderSpec: false` to show it on every entity
 * (the blueprint's own `filter` still wins over both).
 */
const coderWorkspacesCard = EntityCardBlueprint.makeWithOverrides({
  name: 'workspaces',
  configSchema: { headerText: optionalField('string'), requireCoderSpec: optionalField('boolean') },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: config.requireCoderSpec === false ? undefined : isCoderEntity,
      loader: async () =>
        createElement(
          CoderProvider,
          null,
          createElement(CoderWorkspacesCard, { readEntityData: true, headerText: config.headerText }),
        ),
    });
  },
});

/**
 * The Coder page at `/coder` (`app.extensions` can move it) with its nav
 * item: the user's workspaces and the row that links the Coder account.
 * The app draws the page header, so the content has no heading of its own.
 */
const coderPage = PageBlueprint.makeWithOverrides({
  configSchema: { headerText: optionalField('string'), defaultQueryFilter: optionalField('string') },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/coder',
      routeRef: coderPageRouteRef,
      loader: async () =>
        createElement(CoderPageContent, {
          title: null,
          headerText: config.headerText,
          defaultQueryFilter: config.defaultQueryFilter,
        }),
    });
  },
});

/**
 * The rows of the user settings' "Authentication Providers" page
 * (@backstage/plugin-user-settings/alpha): the Coder row, then Backstage's
 * own, as `CoderProviderSettings` renders them in legacy apps. The page
 * takes one such element, so an app that lists its rows itself disables
 * this extension.
 */
const coderProviderSettings = createExtension({
  name: 'provider-settings',
  attachTo: { id: 'sub-page:user-settings/auth-providers', input: 'providerSettings' },
  output: [coreExtensionData.reactElement],
  factory: () => [coreExtensionData.reactElement(createElement(CoderProviderSettings))],
});

/** The Coder plugin for the new frontend system (plugin id `coder`). */
const coderPlugin = createFrontendPlugin({
  pluginId: 'coder',
  title: 'Coder',
  icon: createElement(CoderIcon),
  routes: { root: coderPageRouteRef },
  extensions: [coderAuthApi, coderWorkspacesCard, coderPage, coderProviderSettings],
});

export { coderPlugin };
export default coderPlugin;
