// The API factories of the real-stack app, as a Backstage app's
// packages/app/src/apis.ts would have them when the app is served by its
// backend: every URL comes from the config the backend injected
// (backend.baseUrl), identity from the real guest provider, the catalog
// from the real catalog backend, and Coder's OAuth from the auth backend's
// Coder provider, with the factory upstream's README documents.
import {
  FetchMiddlewares,
  OAuth2,
  UrlPatternDiscovery,
  createFetchApi,
} from '@backstage/core-app-api';
import {
  configApiRef,
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  oauthRequestApiRef,
} from '@backstage/core-plugin-api';
import { CatalogClient } from '@backstage/catalog-client';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { coderAuthApiRef } from 'backstage-plugin-coder-wasm';
import { coreApis } from './core-apis.js';

export const apis = [
  createApiFactory({
    api: discoveryApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) =>
      UrlPatternDiscovery.compile(`${configApi.getString('backend.baseUrl')}/api/{{pluginId}}`),
  }),
  ...coreApis,
  // The backend requires a Backstage token on every plugin route; this
  // middleware adds the signed-in user's to requests for backend.baseUrl.
  createApiFactory({
    api: fetchApiRef,
    deps: { configApi: configApiRef, identityApi: identityApiRef, discoveryApi: discoveryApiRef },
    factory: ({ configApi, identityApi, discoveryApi }) =>
      createFetchApi({
        middleware: [
          FetchMiddlewares.resolvePluginProtocol({ discoveryApi }),
          FetchMiddlewares.injectIdentityAuth({ identityApi, config: configApi }),
        ],
      }),
  }),
  createApiFactory({
    api: catalogApiRef,
    deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
    factory: ({ discoveryApi, fetchApi }) => new CatalogClient({ discoveryApi, fetchApi }),
  }),
  // Upstream @coder/backstage-plugin-coder's README, verbatim.
  createApiFactory({
    api: coderAuthApiRef,
    deps: { discoveryApi: discoveryApiRef, oauthRequestApi: oauthRequestApiRef },
    factory: ({ discoveryApi, oauthRequestApi }) =>
      OAuth2.create({
        discoveryApi,
        oauthRequestApi,
        environment: 'development',
        provider: { id: 'coder', title: 'Coder', icon: () => null },
        defaultScopes: [],
      }),
  }),
];
