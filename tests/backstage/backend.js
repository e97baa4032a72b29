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
backend.start();
