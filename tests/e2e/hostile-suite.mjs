// Shared by the hostile-input files (tests/e2e/hostile-*.test.js): the
// release elements in Chromium against a demo server that serves hostile
// workspaces (tests/e2e/hostile-cases.mjs) and injects faults on request.
// Every case asserts what must hold (nothing runs, no unsafe URL, specific
// messages, recovery without reload, no token leak, bounded memory) and
// adds a row to the report (tests/e2e/hostile-report.mjs: input, expected,
// observed).
//
// Each file gets a demo server of its own from run.sh (HOSTILE_<NAME>_URL,
// e.g. HOSTILE_FAULTS_URL for hostile-faults.test.js): some cases set the
// server's global faults, and node runs test files in parallel on machines
// with the cores for it. Within a file, the cases that mostly wait on the
// card's timers run concurrently, each in a page of its own, with faults
// scoped to one card's search query (`/__demo/faults?query=`). A case that
// finds a product bug stays, asserting the right behaviour, marked `todo`
// with the reason.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { DEMO_TOKEN, clearFaults, launchBrowser, setFaults, waitForStatus } from './helpers.js';
import { reportRows } from './hostile-report.mjs';

export const ACCESS_URL = 'https://coder.example.com';
export const HOSTILE_QUERY = { 'default-query': 'template:hostile' };
/** A healthy workspace's query, for the cards that must keep working. */
export const CONTROL = 'name:fault-control';

const newLog = () => ({ console: [], errors: [], requests: [], types: [] });

/** Everything a page says and asks for, to check for leaks at the end. */
function watch(page, log) {
  page.on('console', (msg) => log.console.push(msg.text()));
  page.on('pageerror', (err) => log.errors.push(err.message));
  page.on('request', (req) => {
    log.requests.push(req.url());
    log.types.push(req.resourceType());
  });
}

/**
 * The fixture of one hostile test file (`fileUrl`: its import.meta.url);
 * call it inside the file's describe(). Before the tests: no faults, a
 * browser, and the hostile page open in it (`page`, recording into `log`).
 * After them: the browser closed and the file's report rows saved.
 * `cases`: the case lists whose `bug` entries the report lists.
 */
export function hostileSuite(fileUrl, { cases = [] } = {}) {
  const name = path.basename(fileURLToPath(fileUrl), '.test.js');
  const envVar = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
  const url = process.env[envVar];
  if (!url) throw new Error(`${envVar} is not set: run the tests through tests/e2e/run.sh`);
  const base = url.replace(/\/+$/, '');
  const report = reportRows(name, cases);
  /** Logs of every page whose traffic the token check covers. */
  const pageLogs = [];

  const suite = {
    name,
    base,
    row: report.row,
    /** The browser and page opened before the tests. */
    browser: undefined,
    page: undefined,
    log: newLog(),
    /**
     * A log for a page of the file; the token check at the end covers it
     * unless `tokenCheck` is false.
     */
    newLog({ tokenCheck = true } = {}) {
      const log = newLog();
      if (tokenCheck) pageLogs.push(log);
      return log;
    },
    /** Sets this file's server's faults (with `query`: one card's query). */
    setFaults: (patch, query) => setFaults(patch, { base, query }),
    /** Opens a hostile page (`urlPath` of this file's server) and waits until it is ready. */
    async openPage(context, log, urlPath = '/hostile.html') {
      const page = await context.newPage();
      watch(page, log);
      await page.goto(`${base}${urlPath}`);
      await waitForStatus(page, 'ready', log.errors);
      return page;
    },
    /**
     * Runs `fn({ page, log, context })` on a hostile page of its own, closed
     * afterwards; with `ownBrowser`, in a browser of its own (its own
     * profile, renderer process and offline switch). `tokenCheck`: as for
     * newLog.
     */
    async withPage(fn, { ownBrowser = false, tokenCheck = true } = {}) {
      const own = ownBrowser ? await launchBrowser() : null;
      const context = own ? own.context : suite.browser.context;
      try {
        const log = suite.newLog({ tokenCheck });
        const page = await suite.openPage(context, log);
        try {
          return await fn({ page, log, context });
        } finally {
          await page.close();
        }
      } finally {
        await own?.close();
      }
    },
    /**
     * The last test of a file: the session token is in no URL, console
     * message or localStorage of the file's pages, and API calls go only
     * to the page origin (the proxy).
     */
    tokenNeverLeaks() {
      test('the session token never leaks', async () => {
        const logs = [suite.log, ...pageLogs];
        const requests = logs.flatMap((l) => l.requests);
        const types = logs.flatMap((l) => l.types);
        const consoleLines = logs.flatMap((l) => l.console);
        const inUrls = requests.filter((u) => u.includes(DEMO_TOKEN));
        const inConsole = consoleLines.filter((m) => m.includes(DEMO_TOKEN));
        const stored = await suite.page.evaluate(() => JSON.stringify(localStorage));
        const origins = [...new Set(requests.map((u) => new URL(u).origin))];
        // Other than the page origin, only <img> loads of deployment icons.
        const elsewhere = requests
          .map((u, i) => ({ u, type: types[i] }))
          .filter(({ u }) => new URL(u).origin !== base);
        assert.ok(elsewhere.every(({ u, type }) => type === 'image' && u.startsWith(`${ACCESS_URL}/`)), JSON.stringify(elsewhere));
        assert.deepEqual(inUrls, []);
        assert.deepEqual(inConsole, []);
        assert.ok(!stored.includes(DEMO_TOKEN));
        suite.row(
          'Token hygiene (each test file)',
          `${name}: ${requests.length} requests, ${consoleLines.length} console messages (${logs.length} pages), localStorage`,
          'the token in none of them; API calls only to the page origin (the proxy); other origins only for deployment icon images',
          `${inUrls.length} URLs, ${inConsole.length} console lines, localStorage clean; origins: ${origins.join(', ')} (${elsewhere.length} icon image loads)`,
        );
      });
    },
  };

  before(async () => {
    await clearFaults({ base });
    suite.browser = await launchBrowser();
    suite.page = await suite.openPage(suite.browser.context, suite.log);
  });
  after(async () => {
    await clearFaults({ base }).catch(() => {});
    await suite.browser?.close();
    await report.save();
  });
  return suite;
}

/** What a card's list area shows. */
export const listState = (page, id) =>
  page.locator(`#${id}`).evaluate((el) => {
    const root = el.shadowRoot;
    const text = (n) => (n ? n.innerText.replace(/\s+/g, ' ').trim() : null);
    return {
      rows: root.querySelectorAll('ol.ws-list > li').length,
      error: text(root.querySelector('.list-error [role=alert]')),
      // Rows kept over a failed refresh: the "Not current" line.
      stale: text(root.querySelector('.stale-notice')),
      partial: text(root.querySelector('.partial')),
      placeholder: text(root.querySelector('.placeholder-text')),
      loading: !!root.querySelector('.placeholder[aria-live]'),
      form: !!root.querySelector('form'),
    };
  });

/** A one-line description of a list state for the report. */
export const describeList = (s) =>
  s.error ? `"${s.error}"` : s.rows ? `${s.rows} row${s.rows > 1 ? 's' : ''}${s.partial ? ` and "${s.partial}"` : ''}${s.stale ? ` marked "${s.stale}"` : ''}` : s.placeholder ? `"${s.placeholder}"` : s.form ? 'the sign-in form' : 'nothing';

/** Chooses Refresh in a card's actions menu. */
export async function refreshCard(page, id) {
  const card = page.locator(`#${id}`);
  await card.getByRole('button', { name: 'See additional workspace actions' }).click();
  await card.getByRole('menuitem', { name: 'Refresh' }).click();
}

/** Workspaces requests of `page`, with their query and timing. */
export function trackWorkspaces(page) {
  const seen = [];
  const q = (url) => new URL(url).searchParams.get('q') ?? '';
  const isList = (url) => new URL(url).pathname.endsWith('/api/v2/workspaces');
  page.on('request', (r) => {
    if (isList(r.url())) seen.push({ q: q(r.url()), start: Date.now(), end: null, status: null, failed: null, req: r });
  });
  const entry = (r) => seen.find((e) => e.req === r);
  // The browser's own start time: the 'request' event can reach us late
  // when the machine is busy.
  const started = (e) => {
    const t = e.req.timing().startTime;
    if (t > 0) e.start = t;
  };
  page.on('requestfinished', async (r) => {
    const e = entry(r);
    if (!e) return;
    e.end = Date.now();
    started(e);
    e.status = (await r.response().catch(() => null))?.status() ?? null;
  });
  page.on('requestfailed', (r) => {
    const e = entry(r);
    if (!e) return;
    e.end = Date.now();
    started(e);
    e.failed = r.failure()?.errorText ?? 'failed';
  });
  return {
    all: () => seen,
    of: (query) => seen.filter((e) => e.q === query),
  };
}

/** The page still works: a host button takes clicks and script runs promptly. */
export async function pageResponsive(page) {
  const t0 = Date.now();
  await page.locator('#outside').click({ timeout: 5000 });
  await page.evaluate(() => 1 + 1);
  return Date.now() - t0;
}

/**
 * The rendered text of a card (not its stylesheet, unlike helpers.js'
 * shadowText), whitespace collapsed.
 */
export const cardText = (page, id) =>
  page
    .locator(`#${id}`)
    .evaluate((el) => (el.shadowRoot?.querySelector('[data-coder-mount]')?.innerText ?? '').replace(/\s+/g, ' ').trim());

/** The text of a card's alerts, or its whole text without the header. */
export const alertText = (page, id) =>
  page.locator(`#${id}`).evaluate((el) => {
    const alerts = [...el.shadowRoot.querySelectorAll('[role=alert]')].map((a) => a.innerText);
    const text = alerts.length ? alerts.join(' / ') : el.shadowRoot.querySelector('[data-coder-mount]')?.innerText ?? '';
    return text.replace(/\s+/g, ' ').trim();
  });

/** Signs a card in with the demo token and waits for its first row. */
export async function signIn(page, id) {
  const card = page.locator(`#${id}`);
  await card.getByLabel('Auth token').fill(DEMO_TOKEN);
  await card.getByRole('button', { name: 'Use token' }).click();
  await card.locator('li').first().waitFor();
}
