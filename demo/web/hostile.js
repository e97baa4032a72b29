// Helpers for tests/e2e/hostile-*.test.js, exposed on window.hostile. The
// deployment is an https URL that is not this server, so icon and link
// vetting is exercised against a real "https deployment"; requests still go
// through this server's proxy, as in Backstage.
import init, { defineElements } from '/pkg/coder_backstage_wasm.js';
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';

// Test double, off unless holdPolls(true): the cards' poll timers (5 s
// while something changes, 60 s otherwise) are held instead of armed, and
// pollCycles(n) fires them at once until n polls have been answered, so the
// suite runs 1,000 real poll cycles in seconds. The wasm looks setTimeout
// and clearTimeout up on every call, and no other timer of the elements
// uses those two delays (the request timeout is 20 s, retries 1-4 s,
// recovery polls and token re-checks 10 s).
const realSetTimeout = window.setTimeout;
const realClearTimeout = window.clearTimeout;
let holding = false;
const held = new Map();
let heldId = 2 ** 30;
window.setTimeout = function (handler, ms, ...rest) {
  if (holding && (ms === 5_000 || ms === 60_000) && typeof handler === 'function') {
    held.set(++heldId, () => handler(...rest));
    return heldId;
  }
  return realSetTimeout.call(window, handler, ms, ...rest);
};
window.clearTimeout = function (id) {
  if (!held.delete(id)) realClearTimeout.call(window, id);
};

const exports = await init();
defineElements();

const stage = document.getElementById('stage');
const ACCESS_URL = 'https://coder.example.com';
let lastId = 0;
const sleep = (ms) => new Promise((resolve) => realSetTimeout.call(window, resolve, ms));
const nextId = (prefix) => `${prefix}-${++lastId}`;

// Workspaces requests of this page, counted as they complete (an observer,
// not the resource timing buffer: that holds 250 entries and is cleared
// here so thousands of polls do not fill memory).
let workspacesRequests = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (new URL(e.name).pathname.endsWith('/api/v2/workspaces')) workspacesRequests++;
  }
  performance.clearResourceTimings();
}).observe({ type: 'resource' });

function provider(appConfig, apis = {}) {
  const el = document.createElement('coder-provider');
  el.id = nextId('provider');
  el.appConfig = appConfig;
  el.discoveryApi = 'discoveryApi' in apis ? apis.discoveryApi : discoveryApi;
  el.identityApi = 'identityApi' in apis ? apis.identityApi : identityApi;
  el.coderAuthApi = 'coderAuthApi' in apis ? apis.coderAuthApi : coderAuthApi;
  return el;
}

function card(attrs = {}, entity) {
  const el = document.createElement('coder-workspaces-card');
  el.id = nextId('card');
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
    return this.mountGroup({ appConfig, apis, cards: [{ attrs, entity }] }).cards[0];
  },
  /** A provider with several cards; returns { provider, cards } (ids). */
  mountGroup({ appConfig = { deployment: { accessUrl: ACCESS_URL } }, apis, cards = [{}] } = {}) {
    const p = provider(appConfig, apis);
    const made = cards.map(({ attrs, entity } = {}) => card(attrs, entity));
    p.append(...made);
    stage.append(p);
    return { provider: p.id, cards: made.map((c) => c.id) };
  },
  /** Moves a connected card into another provider (a DOM move). */
  moveCard(cardId, providerId) {
    document.getElementById(providerId).append(document.getElementById(cardId));
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
  /** Workspaces requests completed so far in this page. */
  workspacesRequests: () => workspacesRequests,
  /** Holds (true) or arms as usual (false) the poll timers set from now on. */
  holdPolls(on) {
    holding = on;
  },
  /** Poll timers being held. */
  heldPolls: () => held.size,
  /**
   * Fires held poll timers, and those they set again, until `n` more
   * workspaces requests have completed; returns how long that took (ms).
   */
  async pollCycles(n, timeoutMs = 120_000) {
    const target = workspacesRequests + n;
    const t0 = performance.now();
    while (workspacesRequests < target) {
      if (performance.now() - t0 > timeoutMs) {
        throw new Error(`only ${n - (target - workspacesRequests)} of ${n} polls in ${timeoutMs} ms`);
      }
      const due = [...held.values()];
      held.clear();
      for (const fire of due) fire();
      await sleep(due.length ? 0 : 2);
    }
    // Let the last answer be handled (its next poll timer is held again).
    await sleep(50);
    return performance.now() - t0;
  },
};
document.getElementById('status').textContent = 'ready';
