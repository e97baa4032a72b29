// The API factories every Backstage app has and both test apps share:
// OAuth request, alert and error, from the real @backstage/core-app-api.
import { AlertApiForwarder, ErrorApiForwarder, OAuthRequestManager } from '@backstage/core-app-api';
import { alertApiRef, createApiFactory, errorApiRef, oauthRequestApiRef } from '@backstage/core-plugin-api';

export const coreApis = [
  createApiFactory({ api: oauthRequestApiRef, deps: {}, factory: () => new OAuthRequestManager() }),
  createApiFactory({ api: alertApiRef, deps: {}, factory: () => new AlertApiForwarder() }),
  createApiFactory({
    api: errorApiRef,
    deps: { alertApi: alertApiRef },
    factory: ({ alertApi }) => new ErrorApiForwarder(alertApi),
  }),
];
