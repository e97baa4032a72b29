// Helpers for the YAML cases of tests/e2e/hostile-*.test.js, exposed on
// window.hostileYaml: the standalone build (YAML attributes), as on
// standalone.html, with the demo's stand-in Backstage APIs.
import init, { defineElements } from '/pkg/coder_backstage_wasm_standalone.js';
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';

const exports = await init();
defineElements();

const stage = document.getElementById('stage');
let lastId = 0;

window.hostileYaml = {
  /** wasm memory size in bytes. */
  wasmMemory: () => exports.memory.buffer.byteLength,
  /**
   * A provider whose `app-config` attribute is `appConfig` (YAML text) with
   * one card whose `catalog-info` attribute is `catalogInfo` (when given).
   * A `{ repeat: [text, n], prefix }` value is built here as prefix +
   * text.repeat(n), so huge inputs never cross the test connection.
   * Returns the card's id.
   */
  mount({ appConfig, catalogInfo, attrs = {} }) {
    const text = (v) => (typeof v === 'string' ? v : (v.prefix ?? '') + v.repeat[0].repeat(v.repeat[1]) + (v.suffix ?? ''));
    const provider = document.createElement('coder-provider');
    provider.discoveryApi = discoveryApi;
    provider.identityApi = identityApi;
    provider.coderAuthApi = coderAuthApi;
    provider.setAttribute('app-config', text(appConfig));
    const card = document.createElement('coder-workspaces-card');
    card.id = `yaml-card-${++lastId}`;
    for (const [k, v] of Object.entries(attrs)) card.setAttribute(k, v);
    if (catalogInfo !== undefined) card.setAttribute('catalog-info', text(catalogInfo));
    provider.append(card);
    stage.append(provider);
    return card.id;
  },
  clear() {
    stage.replaceChildren();
  },
};
document.getElementById('status').textContent = 'ready';
