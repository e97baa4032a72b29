// A real Backstage backend, as a Backstage app's packages/backend would
// assemble it, minus the TypeScript build: plain CommonJS so the tests run
// it straight from node_modules.
'use strict';

const path = require('node:path');
const { createBackend } = require('@backstage/backend-defaults');

// Relative paths in the config (catalog locations) resolve against the
// working directory: make it this folder wherever the backend is started.
process.chdir(__dirname);

// Backstage looks for app-config.yaml at the root of a yarn monorepo, which
// this folder is not: without explicit --config flags it would find none.
if (!process.argv.includes('--config')) {
  process.argv.push('--config', path.join(__dirname, 'app-config.yaml'));
}

const backend = createBackend();
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
