// What the Vite configs of the test apps (tests/host, tests/new-app) share.

/**
 * For HOST_REACT=18: every `react` / `react-dom` import (ours, Backstage's,
 * the app's) points at the React 18 copies installed under the npm aliases
 * react-18 and react-dom-18; otherwise the app bundles React 19.
 */
export function reactAliases(react) {
  if (!['18', '19'].includes(react)) throw new Error(`HOST_REACT must be 18 or 19, not ${react}`);
  return react === '18'
    ? [
        { find: /^react-dom(\/.*)?$/, replacement: 'react-dom-18$1' },
        { find: /^react(\/.*)?$/, replacement: 'react-18$1' },
      ]
    : [];
}

/**
 * For an app served by the real backend: core-app-api's default config
 * loader reads the build-time config from process.env.APP_CONFIG
 * (@backstage/cli fills it from app-config; these apps have none and take
 * everything from what the backend injects at run time), and
 * core-components' dependencies use Node's `global`, which webpack (the
 * CLI's bundler) provides and Vite does not.
 */
export const backstageAppDefines = {
  'process.env.NODE_ENV': JSON.stringify('production'),
  'process.env.APP_CONFIG': '[]',
  global: 'globalThis',
};
