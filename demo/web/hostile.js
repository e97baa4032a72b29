// Helpers for tests/e2e/hostile.test.js, exposed on window.hostile. The
// deployment is an https URL that is not this server, so icon and link
// vetting is exercised against a real "https deployment"; requests still go
// through this server's proxy, as in Backstage.
import init, { defineElements } from '/pkg/coder_backstage_wasm.js';
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';

const exports = await init();
defineElements();

const stage = document.getElementById('stage');
const ACCESS_URL = 'https://coder.example.com';

function provider(appConfig, apis = {}) {
  const el = document.createElement('coder-provider');
  el.appConfig = appConfig;
  el.discoveryApi = 'discoveryApi' in apis ? apis.discoveryApi : discoveryApi;
  el.identityApi = 'identityApi' in apis ? apis.identityApi : identityApi;
  el.coderAuthApi = 'coderAuthApi' in apis ? apis.coderAuthApi : coderAuthApi;
  return el;
}

function card(attrs = {}, entity) {
  const el = document.createElement('coder-workspaces-card');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (entity) el.entity = entity;
  return el;
}

window.hostile = {
  ACCESS_URL,
  /** wasm memory size in bytes. */
  wasmMemory: () => exports.memory.buffer.byteLength,
  /** A provider with one card; returns the card's id. */
  mount({ appConfig = { deployment: { accessUrl: ACCESS_URL } }, apis, attrs, entity } = {}) {
    const p = provider(appConfig, apis);
    const c = card(attrs, entity);
    c.id = `card-${stage.children.length}`;
    p.append(c);
    stage.append(p);
    return c.id;
  },
  clear() {
    stage.replaceChildren();
  },
  /** Mounts and removes a card under one provider `n` times. */
  async cycles(n) {
    const p = provider({ deployment: { accessUrl: ACCESS_URL } });
    stage.append(p);
    for (let i = 0; i < n; i++) {
      // One small workspace: the cycle measures the elements, not 5 MB
      // of hostile JSON being fetched again.
      const c = card({ 'default-query': 'name:name-markup' });
      p.append(c);
      await new Promise((r) => setTimeout(r, 0));
      c.remove();
    }
    p.remove();
  },
};
document.getElementById('status').textContent = 'ready';
