// Many cards, moved cards and memory: 50 cards sharing one provider's
// cache, a card moved between providers, and 1,000 mount/unmount and
// 1,000 poll cycles within 1 MB. Shared setup and the report:
// tests/e2e/hostile-suite.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sleep, until } from './helpers.js';
import { kb, secs, short } from './hostile-report.mjs';
import { ACCESS_URL, CONTROL, hostileSuite, listState, signIn, trackWorkspaces } from './hostile-suite.mjs';

describe('many cards, moved cards and memory', () => {
  const s = hostileSuite(import.meta.url);

  test('memory: 1,000 mount/unmount cycles stay within 1 MB', async () => {
    // The cycles' cards share the deployment, hence the sign-in, of this one.
    const id = await s.page.evaluate((attrs) => window.hostile.mount({ attrs }), { 'default-query': CONTROL });
    await signIn(s.page, id);
    await s.page.evaluate(() => window.hostile.clear());
    const stored = await s.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('token')).length);
    assert.equal(stored, 1, 'signed in for the cycles');
    const cdp = await s.browser.context.newCDPSession(s.page);
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      return { js: heap.usedSize, wasm: await s.page.evaluate(() => window.hostile.wasmMemory()) };
    };
    await s.page.evaluate(() => window.hostile.cycles(50)); // warm-up: caches, first allocations
    const start = await measure();
    await s.page.evaluate(() => window.hostile.cycles(1000));
    const end = await measure();
    const jsDelta = end.js - start.js;
    const wasmDelta = end.wasm - start.wasm;
    s.row('Memory', '1,000 card mount/unmount cycles under one provider (signed in)', 'JS heap and wasm memory within 1 MB of the start', `JS heap ${kb(start.js)} → ${kb(end.js)} (${jsDelta >= 0 ? '+' : ''}${kb(jsDelta)}); wasm memory ${kb(start.wasm)} → ${kb(end.wasm)}`);
    assert.ok(jsDelta < 1024 * 1024, `JS heap grew ${kb(jsDelta)}`);
    assert.ok(wasmDelta < 1024 * 1024, `wasm memory grew ${kb(wasmDelta)}`);
  });

  describe('concurrent cases (each in its own page)', { concurrency: true }, () => {
    test('50 cards under one provider: all render, one request per query', async () => {
      await s.withPage(async ({ page: p, log: log2 }) => {
        const requests = trackWorkspaces(p);
        const queries = [1, 2, 3, 4, 5].map((n) => `name:fan-${n}`);
        const { cards: ids } = await p.evaluate(
          (cards) => window.hostile.mountGroup({ cards }),
          Array.from({ length: 50 }, (_, i) => ({ attrs: { 'default-query': queries[i % 5] } })),
        );
        const t0 = Date.now();
        await signIn(p, ids[0]);
        const names = await until(
          () =>
            p.evaluate((ids) => {
              const rows = ids.map((id) => [...document.getElementById(id).shadowRoot.querySelectorAll('ol.ws-list > li')]);
              return rows.every((r) => r.length === 1) ? rows.map((r) => r[0].querySelector('a').getAttribute('href')) : null;
            }, ids),
          { timeout: 20_000, what: 'all 50 cards to show their workspace' },
        );
        const rendered = Date.now() - t0;
        await sleep(1000);
        const counts = queries.map((q) => requests.of(q).length);
        const right = names.every((href, i) => href.endsWith(`/@demo/fan-${(i % 5) + 1}`));
        s.row(
          'Many cards, moved cards',
          '50 cards under one provider, 10 each on 5 queries; signed in through the first',
          'all 50 show their workspace; one request per distinct query (the cache is shared)',
          `all 50 showed their own workspace ${secs(rendered)} after the sign-in click; workspaces requests per query: ${counts.join(', ')}`,
          0,
        );
        assert.ok(right, 'each card shows the workspace of its own query');
        assert.deepEqual(counts, [1, 1, 1, 1, 1]);
        assert.deepEqual(log2.errors, []);
      });
    });

    test('a card moved to another provider follows that provider', async () => {
      await s.withPage(async ({ page: p, log: log2 }) => {
        const OTHER = 'https://other.example.com';
        const attrs = { 'default-query': 'name:moved-card' };
        const a = await p.evaluate((attrs) => window.hostile.mountGroup({ cards: [{ attrs }] }), attrs);
        const b = await p.evaluate(
          (url) => window.hostile.mountGroup({ appConfig: { deployment: { accessUrl: url } }, apis: { coderAuthApi: null }, cards: [] }),
          OTHER,
        );
        const id = a.cards[0];
        const card = p.locator(`#${id}`);
        const rowHref = () => card.locator('ol.ws-list > li a').first().getAttribute('href');
        await signIn(p, id);
        const inA = await rowHref();

        await p.evaluate(([c, to]) => window.hostile.moveCard(c, to), [id, b.provider]);
        await card.getByLabel('Auth token').waitFor();
        const tokenLink = await card.locator('a[href$="/cli-auth"]').getAttribute('href');
        const oauthInB = await card.getByRole('button', { name: 'Sign in with Coder OAuth' }).count();
        const rowsInB = await card.locator('ol.ws-list > li').count();
        await signIn(p, id);
        const inB = await rowHref();

        await p.evaluate(([c, to]) => window.hostile.moveCard(c, to), [id, a.provider]);
        const back = await until(async () => {
          const href = await card.locator('ol.ws-list > li a').first().getAttribute('href', { timeout: 1000 }).catch(() => null);
          return href?.startsWith(ACCESS_URL) ? href : null;
        }, { what: 'the card back under the first provider' });
        s.row(
          'Many cards, moved cards',
          `a signed-in card moved (DOM append) from provider A (${ACCESS_URL}) to provider B (${OTHER}, not signed in, no OAuth API), then back`,
          'it follows its nearest <coder-provider> (as a React context consumer does): B\'s deployment and sign-in state, then A\'s again',
          `in A: ${short(inA, 60)}; moved to B: B's sign-in form (token link ${tokenLink}, ${oauthInB ? 'with' : 'no'} OAuth button, ${rowsInB} rows); signed in there: ${short(inB, 60)}; moved back: ${short(back, 60)} without signing in again`,
          1,
        );
        assert.ok(inA.startsWith(`${ACCESS_URL}/@demo/`));
        assert.equal(tokenLink, `${OTHER}/cli-auth`);
        assert.equal(oauthInB, 0, "B's (missing) OAuth API");
        assert.equal(rowsInB, 0, "A's list is not shown under B");
        assert.ok(inB.startsWith(`${OTHER}/@demo/`));
        assert.ok(back.startsWith(`${ACCESS_URL}/@demo/`));
        assert.deepEqual(log2.errors, []);
      });
    });

    test('memory: 1,000 poll cycles stay within 1 MB', async () => {
      // Its own browser: the JS heap of a renderer process is shared by the
      // pages in it, and the other cases are busy meanwhile.
      await s.withPage(async ({ page: p, log: log2, context }) => {
        const cdp = await context.newCDPSession(p);
        const measure = async () => {
          // Elements free their Rust side from a FinalizationRegistry
          // callback, which runs in a task after a collection.
          for (let i = 0; i < 3; i++) {
            await cdp.send('HeapProfiler.collectGarbage');
            await sleep(100);
          }
          const heap = await cdp.send('Runtime.getHeapUsage');
          return { js: heap.usedSize, wasm: await p.evaluate(() => window.hostile.wasmMemory()) };
        };
        await p.evaluate(() => window.hostile.holdPolls(true));
        const id = await p.evaluate((attrs) => window.hostile.mount({ attrs }), { 'default-query': CONTROL });
        await signIn(p, id);
        await until(() => p.evaluate(() => window.hostile.heldPolls() > 0), { what: 'the first poll timer' });
        await p.evaluate(() => window.hostile.pollCycles(100)); // warm-up
        const start = await measure();
        const ms = await p.evaluate(() => window.hostile.pollCycles(1000));
        const end = await measure();
        const rows = (await listState(p, id)).rows;
        const jsDelta = end.js - start.js;
        const wasmDelta = end.wasm - start.wasm;
        s.row(
          'Memory',
          '1,000 poll cycles of a signed-in card (its real poll timer, fired at once by a test double; identical answers)',
          'JS heap and wasm memory within 1 MB of the start',
          `${secs(ms)} for 1,000 polls; JS heap ${kb(start.js)} → ${kb(end.js)} (${jsDelta >= 0 ? '+' : ''}${kb(jsDelta)}); wasm memory ${kb(start.wasm)} → ${kb(end.wasm)}; the card still shows its row`,
          Number.MAX_SAFE_INTEGER, // after the mount cycles' row
        );
        assert.equal(rows, 1);
        assert.ok(jsDelta < 1024 * 1024, `JS heap grew ${kb(jsDelta)}`);
        assert.ok(wasmDelta < 1024 * 1024, `wasm memory grew ${kb(wasmDelta)}`);
        assert.deepEqual(log2.errors, []);
      }, { ownBrowser: true });
    });
  });

  s.tokenNeverLeaks();
});
