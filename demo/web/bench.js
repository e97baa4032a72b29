// Page-side helpers for ./tests/bench.sh (tests/e2e/bench.mjs drives them
// through page.evaluate as window.benchLab). bench.html loads this module
// after the wasm is instantiated; nothing here changes how the elements
// behave, except two clearly marked test doubles (the Refresh throttle's
// clock and a one-shot response rewrite).
import { coderAuthApi, discoveryApi, identityApi } from './backstage-apis.js';

/** Build parameters entity cards match the repo URL in: one workspaces
 * query per key. */
export const REPO_KEYS = ['custom_repo', 'repo_url'];
const ENTITY = {
  metadata: {
    name: 'x',
    annotations: {
      'backstage.io/source-location': 'url:https://github.com/coder/backstage-plugins/tree/main/',
    },
  },
  spec: {},
};

const WORKSPACES_PATH = '/api/v2/workspaces';
const isWorkspacesUrl = (url) => new URL(url, location.href).pathname.endsWith(WORKSPACES_PATH);

export class BenchLab {
  /** `wasm`: the exports init() resolved to (for `memory`). */
  constructor(wasm) {
    this.wasm = wasm;
    // Count workspaces requests with an observer rather than the resource
    // timing buffer: the buffer holds 250 entries and the memory loops make
    // thousands of requests (they clear it, so it does not count as heap).
    this.requests = 0;
    this.requestWaiters = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (isWorkspacesUrl(e.name)) this.requests++;
      this.requestWaiters = this.requestWaiters.filter(([n, resolve]) => {
        if (this.requests < n) return true;
        resolve();
        return false;
      });
    }).observe({ type: 'resource' });
    this.clockSkew = 0;
  }

  // ---- building pages -------------------------------------------------

  /** A <coder-provider> with the demo's Backstage APIs, not yet connected
   * (signed in when bench.html put the token in sessionStorage). */
  provider({ entity = false } = {}) {
    const provider = document.createElement('coder-provider');
    provider.appConfig = entity
      ? { deployment: { accessUrl: location.origin }, workspaces: { repoUrlParamKeys: REPO_KEYS } }
      : { deployment: { accessUrl: location.origin } };
    provider.discoveryApi = discoveryApi;
    provider.identityApi = identityApi;
    provider.coderAuthApi = coderAuthApi;
    return provider;
  }

  /** A card (not yet connected); an entity card filters by repo URL. */
  card({ entity = false } = {}) {
    const card = document.createElement('coder-workspaces-card');
    if (entity) {
      card.setAttribute('read-entity-data', '');
      card.entity = ENTITY;
    }
    return card;
  }

  // ---- observing cards ------------------------------------------------

  /** The card's workspace rows. */
  rows(card) {
    return card.shadowRoot.querySelectorAll('ol.ws-list > li');
  }

  /** How many rows the card lists: a long list renders only the rows in
   * view, each carrying the whole list's size (aria-setsize). */
  rowCount(card) {
    const rows = this.rows(card);
    return Number(rows[0]?.getAttribute('aria-setsize') ?? rows.length);
  }

  /** Whether the card shows its outcome: rows, a placeholder other than
   * "Loading…", an error, or the sign-in form. */
  settled(card) {
    const root = card.shadowRoot;
    if (!root) return false;
    if (this.rowCount(card) > 0 || root.querySelector('.list-error, form')) return true;
    const placeholder = root.querySelector('.placeholder');
    return !!placeholder && !placeholder.hasAttribute('aria-live');
  }

  /** Resolves once `done()` holds, re-checked on every mutation of `root`'s
   * subtree (no per-frame polling, so times are not rounded to frames):
   * added and removed nodes, and with `allMutations` also attribute and
   * text changes. */
  until(root, done, { allMutations = false, timeoutMs = 30_000 } = {}) {
    return new Promise((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const observer = new MutationObserver(() => {
        if (!done()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      observer.observe(root, { childList: true, subtree: true, attributes: allMutations, characterData: allMutations });
    });
  }

  /** Resolves once `card` has settled (see settled()). */
  untilSettled(card) {
    return this.until(card.shadowRoot, () => this.settled(card), { allMutations: true });
  }

  /** Resolves once `card` lists `n` rows. */
  untilRows(card, n) {
    return this.until(card.shadowRoot, () => this.rowCount(card) >= n);
  }

  /** Milliseconds during which at least one resource request whose URL
   * contains one of `paths` was in flight. Requests overlap (the card
   * fetches its workspaces while the token is checked), so their durations
   * must not simply be added. */
  inFlightMs(...paths) {
    const spans = performance.getEntriesByType('resource')
      .filter((e) => paths.some((p) => e.name.includes(p)))
      .map((e) => [e.startTime, e.responseEnd])
      .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [s, e] of spans) {
      if (e <= end) continue;
      total += e - Math.max(s, end);
      end = e;
    }
    return total;
  }

  /** Resolves after the next frame has been rendered: requestAnimationFrame
   * runs before style, layout and paint, so hop to the task after them. */
  afterFrame() {
    return new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      });
    });
  }

  /** Resolves once `n` workspaces requests have completed in this page. */
  untilRequests(n, timeoutMs = 30_000) {
    if (this.requests >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.requests} of ${n} workspaces requests after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.requestWaiters.push([n, () => {
        clearTimeout(timer);
        resolve();
      }]);
    });
  }

  /** After the `n`th workspaces request finished, two more rendered frames:
   * its body is read and handled in tasks right after it completes. */
  async untilHandled(n) {
    await this.untilRequests(n);
    await this.afterFrame();
    await this.afterFrame();
  }

  /** Records every mutation in the card's shadow tree until stop(). */
  recordMutations(card) {
    const records = [];
    const observer = new MutationObserver((list) => records.push(...list));
    observer.observe(card.shadowRoot, {
      childList: true, subtree: true, attributes: true, characterData: true,
    });
    return {
      stop: () => {
        records.push(...observer.takeRecords());
        observer.disconnect();
        const ol = card.shadowRoot.querySelector('ol.ws-list');
        // Distinct rows touched: the row a changed node sits in, or rows
        // the list itself gained or lost.
        const rows = new Set();
        const rowOf = (node) => {
          const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
          const li = el?.closest('li');
          if (li && li.parentElement?.matches('ol.ws-list')) rows.add(li);
        };
        for (const r of records) {
          if (r.target === ol) [...r.addedNodes, ...r.removedNodes].forEach((n) => rows.add(n));
          else rowOf(r.target);
        }
        return { mutations: records.length, rowsMutated: rows.size };
      },
    };
  }

  // ---- acting on cards ------------------------------------------------

  /** Chooses "Refresh" in the card's "See additional workspace actions"
   * menu (the click handlers are Yew's, so click() is what a user does). */
  async refresh(card) {
    const root = card.shadowRoot;
    root.querySelector('button[aria-haspopup="menu"]').click();
    const item = () => [...root.querySelectorAll('[role="menuitem"]')]
      .find((el) => el.textContent.trim() === 'Refresh');
    await this.until(root, () => !!item());
    item().click();
  }

  /** Test double: Refresh is throttled to once a second per card by
   * Date.now() (the wasm reads nothing else from that clock), so 1,000
   * polls would take 17 minutes; move that clock on by a second instead. */
  skipRefreshThrottle() {
    if (!this.realNow) {
      this.realNow = Date.now;
      Date.now = () => this.realNow.call(Date) + this.clockSkew;
    }
    this.clockSkew += 1000;
  }

  /** Test double: the next workspaces response reaches the page with its
   * JSON rewritten by `edit(body)`; later requests are left alone. */
  rewriteNextWorkspacesResponse(edit) {
    const realFetch = window.fetch;
    window.fetch = async function (input, init) {
      const url = input instanceof Request ? input.url : String(input);
      const response = await realFetch.call(this, input, init);
      if (!isWorkspacesUrl(url)) return response;
      window.fetch = realFetch;
      const body = await response.json();
      edit(body);
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      return new Response(JSON.stringify(body), {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    };
  }

  // ---- memory ---------------------------------------------------------

  /** Bytes of the wasm linear memory (it only ever grows). */
  wasmBytes() {
    return this.wasm.memory.buffer.byteLength;
  }

  /** Mounts a card into `provider` `n` times, each time waiting until it
   * shows its rows, then removing it. */
  async mountCycles(provider, n, rowsWanted) {
    for (let i = 0; i < n; i++) {
      const card = this.card();
      provider.append(card);
      await this.untilRows(card, rowsWanted);
      card.remove();
      performance.clearResourceTimings();
    }
  }

  /** `n` Refreshes of `card`, each waiting until its answer was handled. */
  async polls(card, n) {
    for (let i = 0; i < n; i++) {
      this.skipRefreshThrottle();
      const before = this.requests;
      await this.refresh(card);
      await this.untilRequests(before + 1);
      await this.afterFrame();
      performance.clearResourceTimings();
    }
  }

  // ---- keystrokes -----------------------------------------------------

  /** Starts timing input events: a capture listener on document runs
   * before the card's (Yew's delegated) handlers, a bubble listener on
   * window after them (input events are composed, so they leave the shadow
   * root). Also collects Event Timing entries of 16 ms or more. */
  timeInputs() {
    const handling = [];
    const slowEvents = [];
    let start = 0;
    const onStart = () => { start = performance.now(); };
    const onEnd = () => handling.push(performance.now() - start);
    document.addEventListener('input', onStart, true);
    window.addEventListener('input', onEnd, false);
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) slowEvents.push({ name: e.name, duration: e.duration });
    });
    observer.observe({ type: 'event', durationThreshold: 16, buffered: false });
    return {
      stop: () => {
        slowEvents.push(...observer.takeRecords().map((e) => ({ name: e.name, duration: e.duration })));
        observer.disconnect();
        document.removeEventListener('input', onStart, true);
        window.removeEventListener('input', onEnd, false);
        return { handling, slowEvents };
      },
    };
  }
}
