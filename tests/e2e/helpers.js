// Shared pieces for the end-to-end tests: a headless Debian Chromium driven
// by playwright-core, the demo page, and the demo server's runtime controls.
// tests/e2e/run.sh starts the server and passes its address as DEMO_URL.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The demo server's origin, without a trailing slash. */
export const DEMO_URL = (() => {
  const url = process.env.DEMO_URL;
  if (!url) throw new Error('DEMO_URL is not set: run the tests through tests/e2e/run.sh');
  return url.replace(/\/+$/, '');
})();

/** Where screenshots and other artifacts for humans go (gitignored). */
export const ARTIFACT_DIR = path.resolve(HERE, '../../target/e2e');

/** The text demo.js puts in #status once the wasm module is ready. */
export const LOADED_TEXT = 'Rust/WebAssembly elements loaded.';

// Only a registry-installed browser is available here (no Playwright
// download). Without the background-networking flags Chromium stalls on
// refused connections; --disable-dev-shm-usage because containers often
// have a tiny /dev/shm.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches headless Chromium with a fresh temporary profile, so no test
 * sees another's storage (tokens, OAuth state). A persistent context is the
 * only way Playwright accepts an explicit user-data dir; popups (OAuth
 * sign-in) open as pages of the same context. `extraArgs` are added to the
 * Chromium flags; other options go to launchPersistentContext.
 * Returns { context, close }; close() also deletes the profile.
 */
export async function launchBrowser({ extraArgs = [], ...options } = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'coder-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  // Playwright's 30 s default makes a missing element a slow failure; the
  // demo server is local, so anything real happens well within 10 s.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts recording console errors and uncaught page errors of `page`.
 * Returns the live array of messages; assert it is empty. A 401 from a URL
 * containing one of `allowed401` is not recorded: for pages whose OAuth
 * client asks the auth backend for a session it cannot know is absent
 * (Backstage's OAuth2 does on every load; the browser logs the refusal).
 */
export function collectErrors(page, { allowed401 = [] } = {}) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url ?? '';
    if (allowed401.some((p) => url.includes(p)) && msg.text().includes('401')) return;
    errors.push(`console: ${msg.text()} (${url || 'no url'})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/**
 * Counts the requests `page` sends whose URL path ends with one of
 * `paths`, from now on. Returns the live `{ path: count }` object.
 */
export function countRequests(page, paths) {
  const counts = Object.fromEntries(paths.map((p) => [p, 0]));
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    for (const p of paths) if (pathname.endsWith(p)) counts[p] += 1;
  });
  return counts;
}

/** The session token the demo server accepts (its fake Coder's). */
export const DEMO_TOKEN = 'demo-session-token';

/**
 * Waits until `page`'s #status shows `text` (the demo pages report there
 * when their wasm module is ready, or why it failed to load). On timeout
 * the error says what #status showed instead and lists `errors` (the
 * page's errors recorded so far).
 */
export async function waitForStatus(page, text, errors = []) {
  try {
    await page.locator('#status').filter({ hasText: text }).waitFor();
  } catch (cause) {
    const status = await page.locator('#status').textContent().catch(() => '(no #status)');
    throw new Error(
      `the page never reported "${text}"; status: ${status.trim()}; ` +
        `errors: ${errors.join(' | ') || 'none'}`,
      { cause },
    );
  }
}

/**
 * Opens the demo page (or another path of the server) in a new page of
 * `context`, recording errors from the first request on, and waits until
 * the wasm module reports ready. Returns { page, errors }.
 */
export async function openDemo(context, urlPath = '/') {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(DEMO_URL + urlPath);
  await waitForStatus(page, LOADED_TEXT, errors);
  return { page, errors };
}

/**
 * Text content of an element's shadow root ('' if it has none).
 * `selector` is a light-DOM CSS selector for the host element.
 */
export async function shadowText(page, selector) {
  return page.locator(selector).evaluate((el) => el.shadowRoot?.textContent ?? '');
}

/**
 * A locator for `inner` inside the host matched by `host`. Playwright's CSS
 * engine pierces open shadow roots, so this is plain chaining; the helper
 * exists to make the intent obvious in tests.
 */
export function inShadow(page, host, inner) {
  return page.locator(host).locator(inner);
}

async function demoControl(urlPath, body, base = DEMO_URL) {
  const res = await fetch(base + urlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${urlPath} -> ${res.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** The fault knobs a card's query may carry, off (the server's defaults). */
export const NO_FAULTS = Object.freeze({
  latency_ms: 0,
  fail_rate: 0,
  fail_status: 500,
  html_responses: false,
  slow_ms: 0,
  body: 'normal',
  huge_body_bytes: 10 * 1024 * 1024,
  retry_after_s: 1,
});

/** The build and watch knobs, off: global only (a card's query has none). */
export const NO_ACTION_FAULTS = Object.freeze({
  build_status: 'none',
  build_body: 'normal',
  build_fault_count: 0,
  watch: 'normal',
});

/**
 * Changes the fault knobs of the server at `base` (default: the demo
 * page's) with a partial update, e.g. { latency_ms: 500 } or
 * { fail_rate: 1, fail_status: 503 }. With `query`, only those of the
 * workspaces requests whose search query is exactly `query` (they then
 * replace the global ones for those requests). Returns the resulting
 * settings.
 */
export function setFaults(patch, { base = DEMO_URL, query } = {}) {
  const scope = query === undefined ? '' : `?query=${encodeURIComponent(query)}`;
  return demoControl(`/__demo/faults${scope}`, patch, base);
}

/** Turns every fault off again (same options as setFaults). */
export function clearFaults(options) {
  const all = options?.query === undefined ? { ...NO_FAULTS, ...NO_ACTION_FAULTS } : NO_FAULTS;
  return setFaults(all, options);
}

/** Restarts the fake Coder's clock (workspace state transitions). */
export function resetDemo() {
  return demoControl('/__demo/reset');
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with fn()'s first truthy value, checked every `every` ms;
 * rejects naming `what` after `timeout` ms. For conditions that span
 * several elements or the network, where no single locator can wait.
 */
export async function until(fn, { timeout = 10_000, every = 200, what = 'condition' } = {}) {
  const t0 = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - t0 > timeout) throw new Error(`timed out after ${(timeout / 1000).toFixed(1)} s waiting for ${what}`);
    await sleep(every);
  }
}

/** Saves a full-page screenshot to target/e2e/NAME.png; returns its path. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACT_DIR, { recursive: true });
  const file = path.join(ARTIFACT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
