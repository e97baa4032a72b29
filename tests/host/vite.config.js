// Builds the host once per React version: HOST_REACT=18 points every
// `react` / `react-dom` import (ours, Backstage's, the app's) at the
// React 18 copies installed under the npm aliases react-18 and
// react-dom-18; otherwise the app bundles React 19.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const react = process.env.HOST_REACT ?? '19';
if (!['18', '19'].includes(react)) throw new Error(`HOST_REACT must be 18 or 19, not ${react}`);

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
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: process.env.HOST_OUT_DIR ?? path.resolve(here, `../../target/host/react${react}`),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // MUI's "use client" markers mean nothing in a client bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
