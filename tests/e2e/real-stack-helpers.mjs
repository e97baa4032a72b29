// Pieces of real-stack.test.js: where the stack is, what the real catalog
// says, and a recorder of every answer ≥ 400 a test's browser saw.
// tests/e2e/run.sh starts the stack (REAL_REACT18_URL, REAL_REACT19_URL and
// their fake Coders REAL_REACTnn_CODER_URL).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import assert from 'node:assert/strict';
import { ARTIFACT_DIR, launchBrowser } from './helpers.js';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through tests/e2e/run.sh`);
  return value.replace(/\/+$/, '');
}

/**
 * The real backend serving the React `react` build of the real-stack app
 * (or, for `SIGNIN`, the stack whose Backstage sign-in is Coder; with
 * `app` 'NEW', the app on the new frontend system), and its fake Coder.
 */
export function stack(react, app = 'REAL') {
  const name = react === 'SIGNIN' ? 'SIGNIN' : `REACT${react}`;
  return { backstage: env(`${app}_${name}_URL`), coder: env(`${app}_${name}_CODER_URL`) };
}

/**
 * The clock of the React `react` stack's backend (tests/backstage/clock.js):
 * `shift()` moves it two hours ahead, `reset()` back; each waits until the
 * backend's log says it happened.
 */
export function backendClock(react) {
  const pid = Number(env(`REAL_REACT${react}_PID`));
  const log = env(`REAL_REACT${react}_LOG`);
  let shifted = false;
  const toggle = async (want) => {
    const marker = want ? 'two hours ahead' : 'back to real time';
    const before = (await readFile(log, 'utf8')).split(marker).length;
    process.kill(pid, 'SIGUSR2');
    for (let i = 0; i < 100; i++) {
      if ((await readFile(log, 'utf8')).split(marker).length > before) {
        shifted = want;
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the backend (pid ${pid}) did not report its clock ${marker}`);
  };
  return {
    shift: () => toggle(true),
    reset: async () => {
      if (shifted) await toggle(false);
    },
  };
}

/** The session token the fake Coders accept (run.sh passes it). */
export const CODER_TOKEN = process.env.REAL_STACK_TOKEN || 'demo-session-token';

/**
 * The entity as the real catalog serves it, fetched as the app does: a
 * guest token from the auth backend, then the catalog API.
 */
export async function catalogEntity(backstage, ref) {
  const refresh = await fetch(`${backstage}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!refresh.ok) throw new Error(`guest refresh: HTTP ${refresh.status}`);
  const token = (await refresh.json()).backstageIdentity.token;
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await fetch(`${backstage}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`catalog ${ref}: HTTP ${res.status}`);
  return res.json();
}

/**
 * Kinds of ≥ 400 answers the tests know. Anything else fails the test that
 * saw it. `refresh-401`: the auth backend's answer to "is there a Coder
 * session?" when there is none (Backstage's normal answer, not an error).
 * A refused template icon is unexpected (icons are fetched with the
 * Backstage token), and so is a Coder call refused with an access token a
 * later /refresh rotated away (the provider once asked for a token per
 * property its host set, and the refreshes raced; `issued`, the access
 * tokens /refresh answers gave in order, names that case in the report).
 * `known`: kinds a test expects for a while ({ kind, match(entry) }), such
 * as the proxy refusing a Backstage token the test made expire.
 */
export function classify(entry, issued = [], known = []) {
  const { status, method, url, coderToken } = entry;
  const { pathname } = new URL(url);
  const expected = known.find((k) => k.match(entry));
  if (expected) return expected.kind;
  if (status === 401 && method === 'GET' && pathname === '/api/auth/coder/refresh') return 'refresh-401';
  const i = coderToken ? issued.indexOf(coderToken) : -1;
  if (status === 401 && pathname.startsWith('/api/proxy/coder/api/v2/') && i >= 0 && i < issued.length - 1) {
    return 'unexpected: rotated-token-401';
  }
  return 'unexpected';
}

/** Every answer ≥ 400 and every failed request, per test, for the report. */
const seen = [];

/**
 * Records every response ≥ 400 and failed request of `context` (all its
 * pages, popups included) under `testName`. Returns the live list.
 */
export function recordHttpErrors(context, testName) {
  const list = [];
  // Kinds a test expects for a while: { kind, match(entry) }.
  list.known = [];
  const issued = [];
  context.on('response', async (res) => {
    if (new URL(res.url()).pathname === '/api/auth/coder/refresh' && res.status() === 200) {
      // Recorded in the order the answers arrive, which is rotation order.
      const at = issued.length;
      issued.push(null);
      issued[at] = await res.json().then((b) => b.providerInfo?.accessToken, () => null);
      return;
    }
    if (res.status() < 400) return;
    const entry = {
      status: res.status(),
      method: res.request().method(),
      url: res.url(),
      coderToken: res.request().headers()['coder-session-token'],
      at: Date.now(),
    };
    // Classified when read: a later refresh may be what makes it known.
    Object.defineProperty(entry, 'kind', { enumerable: true, get: () => classify(entry, issued, list.known) });
    list.push(entry);
  });
  context.on('requestfailed', (req) => {
    // Requests a page drops on navigation or close are not failures of the stack.
    const error = req.failure()?.errorText ?? 'failed';
    if (error === 'net::ERR_ABORTED') return;
    list.push({ status: 0, method: req.method(), url: req.url(), error, kind: 'unexpected' });
  });
  seen.push({ test: testName, list });
  return list;
}

/** One line per distinct answer: "401 GET /path (kind) ×n". */
export function summarize(list) {
  const counts = new Map();
  for (const e of list) {
    const u = new URL(e.url);
    const key = `${e.status || e.error} ${e.method} ${u.pathname}${u.search} (${e.kind})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k));
}

/** Writes every test's list to target/e2e/real-stack-http-errors.json. */
export async function writeReport() {
  await mkdir(ARTIFACT_DIR, { recursive: true });
  const file = path.join(ARTIFACT_DIR, 'real-stack-http-errors.json');
  await writeFile(file, JSON.stringify(seen.map(({ test, list }) => ({ test, answers: summarize(list) })), null, 2));
  return file;
}

/**
 * Runs `body({ page, context, httpErrors })` in a fresh browser launched
 * with `options`, recording its ≥ 400 answers under `label`. Then lists
 * them in the test's output and fails on page errors (console errors but
 * failed loads, which httpErrors has with URL and status) and on answers
 * no test expects.
 */
export async function withCheckedBrowser(t, label, options, body) {
  const browser = await launchBrowser(options);
  const httpErrors = recordHttpErrors(browser.context, label);
  const pageErrors = [];
  try {
    const page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        pageErrors.push(`console: ${msg.text()}`);
      }
    });
    await body({ page, context: browser.context, httpErrors });
  } finally {
    await browser.close();
    const lines = summarize(httpErrors);
    t.diagnostic(`answers >= 400: ${lines.length ? lines.join('; ') : 'none'}`);
  }
  assert.deepEqual(pageErrors, []);
  const unexpected = httpErrors.filter((e) => e.kind.startsWith('unexpected'));
  assert.deepEqual(summarize(unexpected), [], 'answers >= 400 no test expects');
}
