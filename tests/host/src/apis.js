// The app's API factories, as a Backstage app's packages/app/src/apis.ts
// has them: the real OAuth2, discovery, OAuth request, alert and error
// implementations from @backstage/core-app-api, with the demo server
// standing in for the Backstage backend.
import {
  OAuth2,
  UrlPatternDiscovery,
} from '@backstage/core-app-api';
import {
  configApiRef,
  createApiFactory,
  discoveryApiRef,
  oauthRequestApiRef,
} from '@backstage/core-plugin-api';
import { coderAuthApiRef } from 'backstage-plugin-coder-wasm';
import { coreApis } from './core-apis.js';

const origin = window.location.origin;

/**
 * What app-config.yaml would give the frontend. The entity page's
 * CoderProvider has no appConfig prop: it reads `coder:` from here.
 */
export const appConfigData = {
  app: { baseUrl: origin, title: 'React host' },
  backend: { baseUrl: origin },
  auth: { environment: 'development', providers: { coder: { development: {} } } },
  coder: {
    deployment: { accessUrl: origin },
    workspaces: {
      defaultTemplateName: 'devcontainers',
      defaultMode: 'manual',
      repoUrlParamKeys: ['custom_repo', 'repo_url'],
      params: { region: 'eu-helsinki' },
    },
  },
};

export const apis = [
  createApiFactory({
    api: discoveryApiRef,
    deps: {},
    factory: () => UrlPatternDiscovery.compile(`${origin}/api/{{pluginId}}`),
  }),
  ...coreApis,
  // The package README's factory.
  createApiFactory({
    api: coderAuthApiRef,
    deps: { discoveryApi: discoveryApiRef, oauthRequestApi: oauthRequestApiRef, configApi: configApiRef },
    factory: ({ discoveryApi, oauthRequestApi, configApi }) =>
      OAuth2.create({
        configApi,
        discoveryApi,
        oauthRequestApi,
        provider: { id: 'coder', title: 'Coder', icon: () => null },
        environment: configApi.getOptionalString('auth.environment'),
        defaultScopes: [],
      }),
  }),
];

/**
 * Signs in as the demo backend's guest, as Backstage's guest provider does:
 * /api/auth/guest/refresh issues the Backstage token the proxy requires.
 */
export async function guestIdentity() {
  const res = await fetch(`${origin}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    credentials: 'include',
  });
  if (!res.ok) throw new Error(`guest sign-in failed: HTTP ${res.status}`);
  const body = await res.json();
  const token = body?.backstageIdentity?.token;
  return {
    async getBackstageIdentity() {
      return { type: 'user', userEntityRef: 'user:default/guest', ownershipEntityRefs: [] };
    },
    async getProfileInfo() {
      return { displayName: 'Guest' };
    },
    async getCredentials() {
      return { token };
    },
    async signOut() {},
  };
}
