// Builds the new-system app once per React version (HOST_REACT=18 or 19,
// as tests/host/vite.config.js does; the React 19 build adds
// src/react-dom-19-compat.js for Backstage's MUI 4 components) into target/host/newNN/dist, laid out
// as @backstage/cli lays out packages/app/dist for the backend's
// @backstage/plugin-app-backend: index.html and the bundles in static/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { backstageAppDefines, reactAliases } from '../host/vite-shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const react = process.env.HOST_REACT ?? '19';

export default defineConfig({
  root: here,
  // Backstage's dependencies warn at length (zod's comments, node-fetch's
  // Node modules it never uses in a browser); errors still show.
  logLevel: 'error',
  resolve: {
    alias:
      react === '19'
        ? [
            { find: /^react-dom$/, replacement: path.resolve(here, 'src/react-dom-19-compat.js') },
            { find: /^react-dom-original$/, replacement: path.resolve(here, 'node_modules/react-dom/index.js') },
          ]
        : reactAliases(react),
  },
  esbuild: { jsx: 'automatic' },
  define: backstageAppDefines,
  build: {
    outDir: path.resolve(here, `../../target/host/new${react}/dist`),
    emptyOutDir: true,
    assetsDir: 'static',
    chunkSizeWarningLimit: 8192,
    rollupOptions: {
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
