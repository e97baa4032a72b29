// Benchmark figures for ./tests/bench.sh (not part of the test suite):
// prints "name value unit" lines and writes target/bench.json. Timings are
// medians of RUNS page loads in headless Chromium against the demo server
// (DEMO_URL, 20 workspaces); the 5,000-row figures use a second server
// (BIG_URL), the status latency two more with the built-in seed
// (STATUS_URL, STATUS_POLL_URL). Page-side code is demo/web/bench.html and
// bench.js.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DEMO_URL, launchBrowser } from './helpers.js';

const ROOT = process.env.REPO_ROOT;
const RUNS = Number(process.env.BENCH_RUNS || 10);
// The 5,000-row figures (load and polls): at least 10 runs, as the others.
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS || 10);
const BIG_URL = (process.env.BIG_URL || '').replace(/\/+$/, '');
const TOKEN = process.env.BENCH_TOKEN;
// BENCH_ONLY=memory,keystrokes runs only those parts (for working on the
// bench itself): sizes, startup, big_list, requests, memory, keystrokes,
// status_latency; their figures go to target/bench-partial.json instead.
const ONLY = process.env.BENCH_ONLY?.split(',');
const want = (part) => !ONLY || ONLY.includes(part);
const figures = [];
const out = (name, value, unit) => {
  figures.push({ name, value, unit });
  console.log(`${name} ${typeof value === 'number' ? Math.round(value * 10) / 10 : value} ${unit}`);
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// 1. What a Backstage app bundles for us: the wasm, its JS glue, the
// element shim, the loader and the React wrappers (the package root). The
// JS is counted minified (esbuild), as the app's production build ships it
// and as SPEC section 9 measured the TypeScript plugin.
const pkg = path.join(ROOT, 'pkg');
const snippets = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (!p.includes('standalone')) snippets.push(p);
  }
};
walk(path.join(pkg, 'snippets'));
const files = ['coder_backstage_wasm_bg.wasm', 'coder_backstage_wasm.js', 'index.js', 'load.js', 'loader.js']
  .map((f) => path.join(pkg, f))
  .concat(snippets);
let raw = 0;
let gz = 0;
let br = 0;
const ESBUILD = path.join(ROOT, 'demo/tools/node_modules/.bin/esbuild');
const bundled = (f) => (f.endsWith('.js') ? execFileSync(ESBUILD, ['--minify', '--log-level=warning', f]) : readFileSync(f));
for (const f of want('sizes') ? files : []) {
  const data = bundled(f);
  raw += data.length;
  gz += zlib.gzipSync(data, { level: 9 }).length;
  br += zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}
if (want('sizes')) {
  out('bundle_raw', raw, 'bytes');
  out('bundle_gzip', gz, 'bytes');
  out('bundle_brotli', br, 'bytes');
  const wasm = readFileSync(path.join(pkg, 'coder_backstage_wasm_bg.wasm'));
  out('wasm_gzip', zlib.gzipSync(wasm, { level: 9 }).length, 'bytes');
}

// 2 and 3. Start-up and time to a painted list, in fresh pages.
const browser = want('startup') ? await launchBrowser() : null;
try {
  const instantiate = [];
  const paint = [];
  const dom = [];
  const trips = [];
  const remount = [];
  for (let i = 0; browser && i < RUNS; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${DEMO_URL}/bench.html?token=${process.env.BENCH_TOKEN}&rows=20`);
    await page.waitForFunction(() => window.__bench?.paintMs !== undefined, null, { timeout: 20_000 });
    const b = await page.evaluate(() => window.__bench);
    instantiate.push(b.instantiateMs);
    paint.push(b.paintMs);
    dom.push(b.domMs);
    trips.push(b.roundTripsMs);
    // A second provider and card on the same page: the first mount also
    // pays for V8 compiling the wasm functions it runs for the first time
    // (lazily, on first call); later mounts show the steady state.
    remount.push(await page.evaluate(async () => {
      const lab = window.benchLab;
      performance.clearResourceTimings();
      const provider = lab.provider();
      const card = lab.card();
      provider.append(card);
      const start = performance.now();
      document.body.append(provider);
      await lab.untilRows(card, 20);
      await new Promise((r) => requestAnimationFrame(() => r()));
      const ms = performance.now() - start;
      const rt = lab.inFlightMs('/api/v2/', '/api/auth/');
      provider.remove();
      return ms - rt;
    }));
    await page.close();
  }
  if (browser) {
    out('wasm_fetch_compile_instantiate_median', median(instantiate), 'ms');
    out('connected_to_20_rows_in_dom_median', median(dom), 'ms');
    out('connected_to_20_rows_painted_median', median(paint), 'ms');
    out('network_round_trips_median', median(trips), 'ms');
    out('paint_beyond_round_trips_median', median(paint.map((p, i) => p - trips[i])), 'ms');
    out('remount_paint_beyond_round_trips_median', median(remount), 'ms');
  }
} finally {
  await browser?.close();
}

// 4–8 share one browser that reports exact heap sizes (Chromium otherwise
// rounds performance.memory to make it useless as a side channel).
const lab = await launchBrowser({ extraArgs: ['--enable-precise-memory-info'] });
try {
  if (want('big_list')) await bigList(lab.context);
  if (want('requests')) await requestCounts(lab.context);
  if (want('memory')) await memory(lab.context);
  if (want('keystrokes')) await keystrokes(lab.context);
  if (want('status_latency')) await statusLatency(lab.context);
} finally {
  await lab.close();
}

// A partial run (BENCH_ONLY) leaves the last full run's file alone.
const json = path.join(ROOT, 'target', ONLY ? 'bench-partial.json' : 'bench.json');
mkdirSync(path.dirname(json), { recursive: true });
writeFileSync(json, JSON.stringify(figures, null, 2));

// ---- helpers for 4–8 ---------------------------------------------------

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** bench.html on `base` without its own card, signed in; waits for benchLab. */
async function labPage(context, base, query = '') {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${base}/bench.html?token=${TOKEN}${query}`);
  await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 60_000 });
  return page;
}

/** Main-thread time (ms) the renderer spent in tasks and in script so far. */
async function mainThread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name).value * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

/** The demo server's fault knobs at `base` (a partial update). */
async function setServerFaults(base, patch) {
  const res = await fetch(`${base}/__demo/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!res.ok) throw new Error(`POST /__demo/faults -> ${res.status}`);
}

// ---- 4. 5,000 workspaces in one response ---------------------------------

async function bigList(context) {
  if (!BIG_URL) throw new Error('BIG_URL is not set: run through ./tests/bench.sh');
  const dom = [];
  const painted = [];
  const trips = [];
  let page;
  for (let i = 0; i < BIG_RUNS; i++) {
    await page?.close();
    page = await labPage(context, BIG_URL, '&rows=5000');
    const b = await page.evaluate(() => window.__bench);
    if (b.rows !== 5000) throw new Error(`expected 5000 rows, the card shows ${b.rows}`);
    dom.push(b.domMs);
    painted.push(b.paintedMs);
    trips.push(b.roundTripsMs);
  }
  out('connected_to_5000_rows_runs', BIG_RUNS, 'runs');
  out('connected_to_5000_rows_in_dom_median', median(dom), 'ms');
  // Unlike the 20-row figure (requestAnimationFrame), this waits for the
  // task after the frame, so the frame's style, layout and paint count.
  out('connected_to_5000_rows_painted_median', median(painted), 'ms');
  // The share of that spent waiting for the network: the 1.1 MB answer
  // takes the demo server tens of milliseconds to build and send.
  out('connected_to_5000_rows_round_trips_median', median(trips), 'ms');
  out('connected_to_5000_rows_beyond_round_trips_median', median(painted.map((p, i) => p - trips[i])), 'ms');

  // Polls on the last run's page. The server holds each answer for 2 s so
  // that opening and closing the menu (which mutates the card, and with
  // 5,000 rows takes a few hundred ms of layout) is over before we start
  // counting; the wait itself is idle main-thread time, measured on its
  // own as a baseline (frames, timers and the CDP calls cost a little even
  // when nothing happens).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  // Collect the load's garbage now rather than during a measurement.
  await cdp.send('HeapProfiler.collectGarbage');
  await sleep(500);
  await setServerFaults(BIG_URL, { latency_ms: 2000 });
  try {
    // One measured window: { mutations, rowsMutated, task, script, wallMs }.
    // With `idleMs` nothing is refreshed and the window lasts that long.
    const measure = async ({ idleMs, check } = {}) => {
      const poll = idleMs === undefined;
      const before = await page.evaluate(async (poll) => {
        const lab = window.benchLab;
        const n = lab.requests;
        if (poll) await lab.refresh(document.querySelector('coder-workspaces-card'));
        await lab.afterFrame();
        await lab.afterFrame();
        return n;
      }, poll);
      const t0 = await mainThread(cdp);
      const result = await page.evaluate(async ([n, poll, idleMs, check]) => {
        const lab = window.benchLab;
        const card = document.querySelector('coder-workspaces-card');
        if (lab.requests !== n) throw new Error('the poll was answered before measuring began');
        const start = performance.now();
        const recorder = lab.recordMutations(card);
        if (poll) await lab.untilHandled(n + 1);
        else await new Promise((r) => setTimeout(r, idleMs));
        // For the changed status: until its row shows it.
        if (check) await lab.until(card.shadowRoot, () => card.shadowRoot.querySelector(check), { allMutations: true });
        return { ...recorder.stop(), wallMs: performance.now() - start };
      }, [before, poll, idleMs, check]);
      const t1 = await mainThread(cdp);
      return { ...result, task: t1.task - t0.task, script: t1.script - t0.script };
    };

    // Refresh is throttled to once a second per card, hence the pauses.
    const POLLS = 10;
    const same = [];
    const idle = [];
    for (let i = 0; i < POLLS; i++) {
      const m = await measure();
      same.push(m);
      idle.push(await measure({ idleMs: m.wallMs }));
      await sleep(1000);
    }
    out('identical_poll_5000_polls', POLLS, 'polls');
    out('identical_poll_5000_dom_mutations_max', Math.max(...same.map((m) => m.mutations)), 'mutations');
    out('identical_poll_5000_main_thread_median', median(same.map((m) => m.task)), 'ms');
    out('identical_poll_5000_script_median', median(same.map((m) => m.script)), 'ms');
    out('idle_window_5000_main_thread_median', median(idle.map((m) => m.task)), 'ms');

    await page.evaluate(() => {
      window.benchLab.rewriteNextWorkspacesResponse((body) => {
        // A row in view: a long list renders only those, in Coder's
        // order (by name: workspace-0, workspace-1, workspace-10, …).
        const ws = body.workspaces.find((w) => w.name === 'workspace-1');
        ws.latest_build.status = 'stopped';
      });
    });
    const changed = await measure({
      // Its row's pill says Offline (every other row is Online).
      check: 'ol.ws-list > li .status[data-status="offline"]',
    });
    out('changed_status_poll_5000_rows_mutated', changed.rowsMutated, 'rows');
    out('changed_status_poll_5000_dom_mutations', changed.mutations, 'mutations');
  } finally {
    await setServerFaults(BIG_URL, { latency_ms: 0 });
    await page.close();
  }
}

// ---- 5. Requests: ten cards under one provider --------------------------

async function requestCounts(context) {
  for (const [prefix, entity] of [['same_query_10_cards', false], ['entity_10_cards', true]]) {
    const page = await labPage(context, DEMO_URL);
    const counts = await page.evaluate(async (entity) => {
      const lab = window.benchLab;
      const provider = lab.provider({ entity });
      const cards = Array.from({ length: 10 }, () => lab.card({ entity }));
      provider.append(...cards);
      document.body.append(provider);
      await Promise.all(cards.map((c) => lab.untilSettled(c)));
      // Resource entries reach observers a task or two after the DOM
      // update, and a stray extra request is what we look for: wait a bit.
      await new Promise((r) => setTimeout(r, 500));
      const load = lab.requests;
      await lab.refresh(cards[0]);
      await new Promise((r) => setTimeout(r, 500));
      return { load, poll: lab.requests - load };
    }, entity);
    out(`${prefix}_load_workspaces_requests`, counts.load, 'requests');
    out(`${prefix}_poll_workspaces_requests`, counts.poll, 'requests');
    await page.close();
  }
}

// ---- 6. Memory over 1,000 mounts and 1,000 polls --------------------------

async function memory(context) {
  const CYCLES = 1000;
  // Warm-up cycles before the start figure, so that one-time set-up and
  // V8's compiling the hot code (~100 KB of code space) are not counted
  // as growth.
  const WARMUP = 100;
  const measure = async (page, cdp) => {
    // Elements free their Rust side from a FinalizationRegistry callback,
    // which runs in a task after a collection: collect, let it run, repeat.
    for (let i = 0; i < 3; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      await sleep(100);
    }
    return page.evaluate(() => ({
      heap: performance.memory.usedJSHeapSize,
      wasm: window.benchLab.wasmBytes(),
    }));
  };
  const report = (prefix, start, end) => {
    for (const [key, name] of [['heap', 'js_heap'], ['wasm', 'wasm_memory']]) {
      out(`${prefix}_${name}_start`, start[key] / 1024, 'KB');
      out(`${prefix}_${name}_end`, end[key] / 1024, 'KB');
      out(`${prefix}_${name}_delta`, (end[key] - start[key]) / 1024, 'KB');
    }
  };

  // Mount a card into a signed-in provider, wait for its 20 rows, remove it.
  {
    const page = await labPage(context, DEMO_URL);
    const cdp = await context.newCDPSession(page);
    await page.evaluate(() => {
      window.benchProvider = window.benchLab.provider();
      document.body.append(window.benchProvider);
    });
    await page.evaluate((n) => window.benchLab.mountCycles(window.benchProvider, n, 20), WARMUP);
    const start = await measure(page, cdp);
    await page.evaluate((n) => window.benchLab.mountCycles(window.benchProvider, n, 20), CYCLES);
    const end = await measure(page, cdp);
    out('mount_cycles', CYCLES, 'cycles');
    report('mount_cycles', start, end);
    await page.close();
  }

  // 1,000 Refreshes of one card showing 20 workspaces (identical answers).
  {
    const page = await labPage(context, DEMO_URL);
    const cdp = await context.newCDPSession(page);
    await page.evaluate(async () => {
      const lab = window.benchLab;
      const provider = lab.provider();
      window.benchCard = lab.card();
      provider.append(window.benchCard);
      document.body.append(provider);
      await lab.untilRows(window.benchCard, 20);
    });
    await page.evaluate((n) => window.benchLab.polls(window.benchCard, n), WARMUP);
    const start = await measure(page, cdp);
    await page.evaluate((n) => window.benchLab.polls(window.benchCard, n), CYCLES);
    const end = await measure(page, cdp);
    const polled = await page.evaluate(() => window.benchLab.requests);
    if (polled < CYCLES) throw new Error(`only ${polled} workspaces requests for ${CYCLES} polls`);
    out('polls', CYCLES, 'polls');
    report('polls', start, end);
    await page.close();
  }
}

// ---- 7. Keystrokes in the search box ------------------------------------

async function keystrokes(context) {
  const TEXT = ' workspace'; // 10 characters, appended to "owner:me"
  const page = await labPage(context, DEMO_URL);
  await page.evaluate(async () => {
    const lab = window.benchLab;
    const provider = lab.provider();
    const card = lab.card();
    provider.append(card);
    document.body.append(provider);
    await lab.untilRows(card, 20);
  });
  const search = page.locator('coder-workspaces-card input[type=search]');
  await search.click();
  await page.keyboard.press('End');
  await sleep(600);
  const before = await page.evaluate(() => {
    window.benchInputs = window.benchLab.timeInputs();
    return window.benchLab.requests;
  });
  await page.keyboard.type(TEXT, { delay: 50 });
  // The 400 ms debounce, the request, and room for a stray second one.
  await sleep(1500);
  const r = await page.evaluate(() => ({
    ...window.benchInputs.stop(),
    requests: window.benchLab.requests,
    value: document.querySelector('coder-workspaces-card').shadowRoot
      .querySelector('input[type=search]').value,
  }));
  if (r.handling.length !== TEXT.length) {
    throw new Error(`timed ${r.handling.length} input events for ${TEXT.length} keystrokes (value: ${r.value})`);
  }
  out('keystrokes', TEXT.length, 'keystrokes');
  out('keystrokes_workspaces_requests', r.requests - before, 'requests');
  out('keystroke_input_handling_max', Math.max(...r.handling), 'ms');
  out('keystroke_input_handling_median', median(r.handling), 'ms');
  out('keystroke_event_timing_slow_events', r.slowEvents.length, 'events');
  out('keystroke_event_timing_max', Math.max(0, ...r.slowEvents.map((e) => e.duration)), 'ms');
  await page.close();
}

// ---- 8. Status changed on the server → pill changed ----------------------

// The demo user's canceled seed workspace, started and stopped from its
// row's menu, on servers of their own whose every build phase lasts
// STATUS_STEP_MS (stream) or STATUS_POLL_STEP_MS (polling fallback).
async function statusLatency(context) {
  const CYCLES = Number(process.env.BENCH_STATUS_CYCLES || 5);
  const stream = await statusCycles(context, {
    base: (process.env.STATUS_URL || '').replace(/\/+$/, ''),
    stepMs: Number(process.env.STATUS_STEP_MS),
    cycles: CYCLES,
    polling: false,
  });
  const polling = await statusCycles(context, {
    base: (process.env.STATUS_POLL_URL || '').replace(/\/+$/, ''),
    stepMs: Number(process.env.STATUS_POLL_STEP_MS),
    cycles: CYCLES,
    polling: true,
  });
  out('status_latency_cycles', CYCLES, 'cycles');
  for (const [mode, r] of [['stream', stream], ['polling', polling]]) {
    for (const key of ['pending_to_online', 'pending_to_offline', 'received_to_pill', 'to_pending']) {
      out(`status_latency_${mode}_${key}_median`, median(r[key]), 'ms');
      out(`status_latency_${mode}_${key}_max`, Math.max(...r[key]), 'ms');
    }
  }
}

/**
 * `cycles` Start/Stop cycles of the seed's `scratchpad` on `base`; with
 * `polling` its watch streams stay silent (the server's `watch: "silent"`
 * fault), so the card gives each up 5 s after it opened and fetches the
 * workspace every second instead. Returns, in ms, for each kind of pill
 * change, the page's clock when the pill changed minus the server's when
 * its state did: { pending_to_online, pending_to_offline } (the server's
 * change), received_to_pill (the share after the browser received the
 * bytes carrying it), to_pending (the pill's Pending at the click, before
 * the server made the build: negative).
 */
async function statusCycles(context, { base, stepMs, cycles, polling }) {
  if (!base || !stepMs) throw new Error('STATUS_URL, STATUS_POLL_URL or their step is not set: run through ./tests/bench.sh');
  const NAME = 'scratchpad';
  const CARD = 'coder-workspaces-card';
  // The seed's own builds (two of the demo user's workspaces progress for
  // 20 s after the server started) would be followed by watch streams too,
  // and a provider keeps at most three: wait until they are done (the card
  // cannot tell: a queued build's pill says Offline).
  const busy = (w) => ['pending', 'starting'].includes(w.latest_build.status)
    || w.latest_build.resources.some((res) => (res.agents ?? []).some((a) => a.status === 'connecting'));
  for (const t0 = Date.now(); ; await sleep(500)) {
    const res = await fetch(`${base}/api/v2/workspaces?q=owner:me`, { headers: { 'Coder-Session-Token': TOKEN } });
    if (!res.ok) throw new Error(`GET /api/v2/workspaces -> ${res.status}`);
    if (!(await res.json()).workspaces.some(busy)) break;
    if (Date.now() - t0 > 60_000) throw new Error('the seed builds are still going after 60 s');
  }

  const page = await labPage(context, base);
  // The page's network as the browser saw it, on the machine's clock:
  // requests sent, body bytes received, responses complete (DevTools
  // timestamps are monotonic; each request's wallTime maps them).
  const net = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const sent = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = { method: e.request.method, path: new URL(e.request.url).pathname, ts: e.timestamp, wall: e.wallTime };
    sent.set(e.requestId, r);
    net.push({ kind: 'sent', method: r.method, path: r.path, at: r.wall * 1000 });
  });
  const received = (kind) => (e) => {
    const r = sent.get(e.requestId);
    if (r) net.push({ kind, method: r.method, path: r.path, at: (r.wall + e.timestamp - r.ts) * 1000, bytes: e.dataLength });
  };
  cdp.on('Network.dataReceived', received('data'));
  cdp.on('Network.loadingFinished', received('done'));

  await page.evaluate(async (name) => {
    const lab = window.benchLab;
    const provider = lab.provider();
    const card = lab.card();
    provider.append(card);
    document.body.append(provider);
    const root = card.shadowRoot;
    const pill = () => root.querySelector(`a.ws-open[href$="/${name}"]`)?.closest('li')?.querySelector('.status');
    await lab.until(root, () => !!pill(), { timeoutMs: 30_000 });
    // Every status the row shows from now on, with the page's clock when
    // the pill changed (the observer's callback runs right after the
    // render that changed it, before the frame is painted).
    const seen = [];
    const read = () => {
      const kind = pill()?.dataset.status;
      if (kind && seen.at(-1)?.kind !== kind) seen.push({ kind, at: Date.now() });
    };
    read();
    new MutationObserver(read).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    window.benchPill = seen;
    // Test double: holds each watch request back benchWatchDelayMs (see
    // the cycles below for why).
    const realFetch = window.fetch;
    window.benchWatchDelayMs = 0;
    window.fetch = async function (input, init) {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname.endsWith('/watch')) await new Promise((r) => setTimeout(r, window.benchWatchDelayMs));
      return realFetch.call(this, input, init);
    };
  }, NAME);
  await sleep(500);
  const initial = await page.evaluate(() => window.benchPill.map((s) => s.kind));
  if (initial.join() !== 'offline') throw new Error(`${NAME} is not Offline at the start: ${initial}`);
  if (polling) await setServerFaults(base, { watch: 'silent' });

  const row = page.locator(`${CARD} li.ws-item`).filter({ has: page.locator(`a.ws-open[href$="/${NAME}"]`) });
  const isBuildPost = (r) => r.request().method() === 'POST' && /\/api\/v2\/workspaces\/[^/]+\/builds$/.test(new URL(r.url()).pathname);

  // One action from the row's menu until the pill settles on `final`
  // (offline → pending → online for a start, online → pending → offline
  // for a stop: while the card's action runs the pill says Pending).
  // The server's moment: the build answer's created_at is when the server
  // made the build, and each phase then lasts stepMs (demo/server/src/
  // builds.rs: phase = (now - posted) / step; a start is pending,
  // starting, running with its agents connecting, then running with them
  // connected; a stop pending, stopping, then stopped), so the workspace
  // is Online from created_at + 3 steps, stopped from created_at + 2.
  const act = async ({ item, confirm, final, phases, watchDelayMs }) => {
    await page.evaluate((ms) => { window.benchWatchDelayMs = ms; }, watchDelayMs);
    const n = await page.evaluate(() => window.benchPill.length);
    const answer = page.waitForResponse(isBuildPost, { timeout: 20_000 });
    await row.getByRole('button', { name: `Workspace actions for ${NAME}`, exact: true }).click();
    // Build actions come with the permission answer: the click waits.
    const menuItem = page.locator(`${CARD} [role=menu]`).getByRole('menuitem', { name: item, exact: true });
    const go = confirm ? page.locator(`${CARD} dialog[open]`).getByRole('button', { name: confirm, exact: true }) : menuItem;
    if (confirm) await menuItem.click();
    await go.waitFor();
    const before = Date.now();
    await go.click();
    const response = await answer;
    const after = Date.now();
    const build = await response.json();
    const id = new URL(response.url()).pathname.split('/').at(-2);
    const created = Date.parse(build.created_at);
    // One clock for all: the build was made while its request was out
    // (created_at is cut to the millisecond).
    if (!(created >= before - 1 && created <= after)) {
      console.error(`warning: the build's created_at ${build.created_at} is outside its request (${new Date(before).toISOString()} to ${new Date(after).toISOString()}): is the server's clock this machine's?`);
    }
    await page.waitForFunction(
      ([n, final]) => window.benchPill.length > n && window.benchPill.at(-1).kind === final,
      [n, final],
      { timeout: 60_000, polling: 100 },
    );
    const changes = await page.evaluate((n) => window.benchPill.slice(n), n);
    const kinds = changes.map((c) => c.kind).join(' → ');
    if (kinds !== `pending → ${final}`) throw new Error(`${item}: ${NAME} showed ${kinds}, expected pending → ${final}`);
    const changed = created + phases * stepMs;
    const shown = changes[1].at;
    // How the card followed it (the stream, or fetching it alone), and
    // when the answer that changed the pill reached the browser: the last
    // stream data (not a ping) or single fetch completed before the pill
    // changed.
    const mine = net.filter((e) => e.at >= before - 1000 && e.at <= shown && e.path.includes(`/api/v2/workspaces/${id}`));
    const watched = mine.some((e) => e.kind === 'sent' && e.path.endsWith('/watch'));
    const fetches = mine.filter((e) => e.kind === 'sent' && e.method === 'GET' && e.path.endsWith(id)).length;
    if (!watched || (fetches > 0) !== polling) {
      throw new Error(`${item}: expected the card to follow ${NAME} ${polling ? 'by fetching it' : 'by its watch stream'}; watch request: ${watched}, fetches: ${fetches}`);
    }
    const arrival = mine.findLast((e) => (polling
      ? e.kind === 'done' && e.method === 'GET' && e.path.endsWith(id)
      : e.kind === 'data' && e.path.endsWith('/watch') && e.bytes > 100));
    if (!arrival || arrival.at < changed) throw new Error(`${item}: no answer reached the page between the server's change and the pill's`);
    // Settle before the next action (the row's run ends with this state).
    await sleep(300);
    return { toPending: changes[0].at - created, toFinal: shown - changed, receivedToPill: shown - arrival.at };
  };

  // Where the change falls in the interval at which it can be noticed is
  // chance, and the cycles should sample it rather than repeat one point:
  // with polling the card's 1 s fetches (they start when the silent
  // stream's 5 s are over, 6 s after it opened), with a stream the demo
  // server's 50 ms check for changes that come with time alone
  // (demo/server/src/watch.rs; it starts when the stream opens; Coder
  // sends a change as it happens). Both run from the watch request on,
  // and the build's phases from its POST, so holding each watch request
  // back by offsets spread evenly over that interval (starts at ¼, stops
  // at ¾ of each cycle's share) samples it evenly.
  const interval = polling ? 1000 : 50;
  const r = { pending_to_online: [], pending_to_offline: [], received_to_pill: [], to_pending: [] };
  try {
    for (let i = 0; i < cycles; i++) {
      const delay = (q) => Math.round(((i + q) * interval) / cycles);
      for (const [key, action] of [
        ['pending_to_online', { item: 'Start', final: 'online', phases: 3, watchDelayMs: delay(0.25) }],
        ['pending_to_offline', { item: 'Stop', confirm: 'Stop workspace', final: 'offline', phases: 2, watchDelayMs: delay(0.75) }],
      ]) {
        const m = await act(action);
        r[key].push(m.toFinal);
        r.received_to_pill.push(m.receivedToPill);
        r.to_pending.push(m.toPending);
      }
    }
  } finally {
    if (polling) await setServerFaults(base, { watch: 'normal' });
    await cdp.detach().catch(() => {});
    await page.close();
  }
  return r;
}
