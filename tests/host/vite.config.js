// Builds the host once per React version: HOST_REACT=18 points every
// `react` / `react-dom` import (ours, Backstage's, the app's) at the
// React 18 copies installed under the npm aliases react-18 and
// react-dom-18; otherwise the app bundles React 19. HOST_APP=real builds
// the real-stack app (real.html) instead, laid out as @backstage/cli lays
// out packages/app/dist for @backstage/plugin-app-backend: the bundles in
// dist/static/ (the only folder whose .js files the backend scans to inject
// the frontend config), index.html beside it (renamed by build.sh).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const react = process.env.HOST_REACT ?? '19';
if (!['18', '19'].includes(react)) throw new Error(`HOST_REACT must be 18 or 19, not ${react}`);
const real = process.env.HOST_APP === 'real';

export default defineConfig({
  root: here,
  logLevel: 'warn',
  resolve: {
    alias:
      react === '18'
        ? [
            { find: /^react-dom(\/.*)?$/, replacement: 'react-dom-18$1' },
            { find: /^react(\/.*)?$/, replacement: 'react-18$1' },
          ]
        : [],
  },
  esbuild: { jsx: 'automatic' },
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
    // core-app-api's default config loader reads the build-time config from
    // here (@backstage/cli fills it from app-config); the real app has none
    // and takes everything from what the backend injects at run time.
    // core-components' dependencies use Node's `global`, which webpack
    // (the CLI's bundler) provides and Vite does not.
    ...(real ? { 'process.env.APP_CONFIG': '[]', global: 'globalThis' } : {}),
  },
  build: {
    outDir:
      process.env.HOST_OUT_DIR ??
      path.resolve(here, real ? `../../target/host/real${react}/dist` : `../../target/host/react${react}`),
    emptyOutDir: true,
    ...(real ? { assetsDir: 'static' } : {}),
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      ...(real ? { input: path.resolve(here, 'real.html') } : {}),
      // MUI's "use client" markers mean nothing in a client bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
