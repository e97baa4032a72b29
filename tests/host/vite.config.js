// Builds the host once per React version (HOST_REACT=18 or 19; see
// vite-shared.js). HOST_APP=real builds
// the real-stack app (real.html) instead, laid out as @backstage/cli lays
// out packages/app/dist for @backstage/plugin-app-backend: the bundles in
// dist/static/ (the only folder whose .js files the backend scans to inject
// the frontend config), index.html beside it (renamed by build.sh).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { backstageAppDefines, reactAliases } from './vite-shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const react = process.env.HOST_REACT ?? '19';
const real = process.env.HOST_APP === 'real';

export default defineConfig({
  root: here,
  logLevel: 'warn',
  resolve: { alias: reactAliases(react) },
  esbuild: { jsx: 'automatic' },
  define: real ? backstageAppDefines : { 'process.env.NODE_ENV': JSON.stringify('production') },
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
