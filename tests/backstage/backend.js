// A real Backstage backend, as a Backstage app's packages/backend would
// assemble it, minus the TypeScript build: plain CommonJS so the tests run
// it straight from node_modules.
'use strict';

const path = require('node:path');
const { createBackend } = require('@backstage/backend-defaults');
const { rootHttpRouterServiceFactory } = require('@backstage/backend-defaults/rootHttpRouter');
const { createRouter: createCoderRouter } = require('@coder/backstage-plugin-coder-backend');

// Relative paths in the config (catalog locations) resolve against the
// working directory: make it this folder wherever the backend is started.
process.chdir(__dirname);

// Backstage looks for app-config.yaml at the root of a yarn monorepo, which
// this folder is not: without explicit --config flags it would find none.
if (!process.argv.includes('--config')) {
  process.argv.push('--config', path.join(__dirname, 'app-config.yaml'));
}

const backend = createBackend();

// Upstream's stable line (@coder/backstage-plugin-coder 0.4) links a Coder
// account through @coder/backstage-plugin-coder-backend 0.4.0, an
// old-backend-system package: it exports only createRouter({ logger,
// config }), an express router whose upstream README mounts it with
// `apiRouter.use('/auth/coder', ...)`. Its frontend and its code exchange
// both hard-code the callback `<backend>/api/auth/coder/oauth/callback`, so
// it must sit at exactly /api/auth/coder, inside the auth plugin's
// /api/auth. No new-backend-system plugin can get that path: a plugin's
// router lands at /api/<its id> (and `auth` is taken), and
// rootHttpRouter.use('/api/auth/coder', ...) from a plugin throws "Path
// /api/auth/coder conflicts with the existing path /api/auth" (the root
// router refuses nested prefixes). What is left to an adopter is the root
// router's own `configure` hook: the app's middleware chain written out,
// with the legacy router in front of the plugins' routes. It falls through
// (next()) for every path it does not define (it has only GET
// /oauth/callback and GET /health), so /api/auth/coder/start,
// /handler/frame, /refresh, /logout still reach the auth backend's Coder
// provider behind it (but it parses JSON bodies for all of them first, and
// answers a malformed one itself with a 400).
//
// Mounted here, on the app, it is outside every plugin's credentials
// barrier (that lives in each plugin's httpRouter), so the popup's
// unauthenticated GET is not answered 401, but inside helmet, CORS,
// compression and request logging like any route. Helmet's CSP forbids
// inline scripts; the router replaces the header on its success page
// (`script-src 'unsafe-inline'`). It sends Coder the redirect URI rebuilt
// from the request's protocol and Host: behind a TLS-terminating proxy that
// needs backend.trustProxy, which this chain honours as the default does.
backend.add(
  rootHttpRouterServiceFactory({
    configure({ app, routes, middleware, config, logger, healthRouter }) {
      // createRouter is async; the first requests wait for it.
      const legacyCoder = createCoderRouter({
        // The package is typed for a winston Logger; it calls only
        // info(msg) and error(msg, err?), which the new LoggerService has.
        logger: logger.child({ plugin: 'coder-backend-0.4' }),
        config,
      });
      // backend-defaults 0.19's applyDefaults(), step by step, with the
      // legacy router inserted before `routes`. Not copied: its
      // backend.server.* timeouts, which this app-config does not set.
      if (process.env.NODE_ENV === 'development') app.set('json spaces', 2);
      const trustProxy = config.getOptional('backend.trustProxy');
      if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
      app.use(middleware.helmet());
      app.use(middleware.cors());
      app.use(middleware.compression());
      app.use(middleware.logging());
      app.use(middleware.rateLimit());
      app.use(healthRouter);
      app.use('/api/auth/coder', (req, res, next) => {
        legacyCoder.then((router) => router(req, res, next), next);
      });
      app.use(routes);
      app.use(middleware.notFound());
      app.use(middleware.error());
    },
  }),
);

backend.add(require('@backstage/plugin-proxy-backend'));
backend.add(require('@backstage/plugin-auth-backend'));
backend.add(require('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(require('@coder/plugin-auth-backend-module-coder-provider'));
backend.add(require('@backstage/plugin-catalog-backend'));
// The frontend on the backend's own origin, as in production. The app
// backend finds the app as the package `app` (app.packageName's default),
// the way packages/backend finds packages/app in a Backstage monorepo;
// start.sh makes BACKSTAGE_APP_DIR resolvable under that name.
if (process.env.BACKSTAGE_APP_DIR) {
  backend.add(require('@backstage/plugin-app-backend'));
}
backend.start();
