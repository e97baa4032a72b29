// Hostile input to the workspace actions: app fields that must give no
// link and no markup, wildcard app hosts that are not hosts, build answers
// of the wrong shape and Coder's refusals (each a specific error on the
// row), and watch streams that drop, send garbage or never send (the row
// still follows the build, by polling, and the card never blanks). Shared
// setup and the report: tests/e2e/hostile-suite.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTION_WORKSPACES, APP_CASES, WILDCARD_CASES } from './hostile-cases.mjs';
import { short } from './hostile-report.mjs';
import { hostileSuite, signIn } from './hostile-suite.mjs';
import { until } from './helpers.js';

/** Mounts a card listing exactly workspace `name`; returns its id. */
const cardFor = (page, name) => page.evaluate((q) => window.hostile.mount({ attrs: { 'default-query': q } }), `name:${name}`);

/** Opens the (only) row's actions menu of card `id`; returns its items. */
async function menuOf(page, id, name) {
  const card = page.locator(`#${id}`);
  await card.getByRole('button', { name: `Workspace actions for ${name}`, exact: true }).click();
  await card.locator('[role=menu]').waitFor();
  await page.waitForTimeout(300);
  return card.locator('[role=menu] [role=menuitem]').evaluateAll((items) =>
    items.map((i) => ({ label: i.textContent.replace(/ \(opens in new tab\)$/, ''), href: i.getAttribute('href'), html: i.innerHTML })),
  );
}

/** The status word of the card's only row. */
const statusOf = (page, id) => page.locator(`#${id} .status`).evaluate((s) => s.dataset.status);

describe('hostile input to the workspace actions', () => {
  const s = hostileSuite(import.meta.url);

  test('app fields: nothing unsafe is linked, names are text and cut short', async () => {
    await signIn(s.page, await cardFor(s.page, 'fault-control'));
    for (const c of APP_CASES) {
      const id = await cardFor(s.page, c.id);
      await s.page.locator(`#${id} li.ws-item`).waitFor();
      const items = await menuOf(s.page, id, c.id);
      const hrefs = items.map((i) => i.href).filter(Boolean);
      for (const href of hrefs) assert.match(href, /^https:\/\/coder\.example\.com\/|^https:\/\/coder\.com\//, `${c.id}: only deployment links: ${short(href)}`);
      assert.ok(items.some((i) => i.label === 'OK'), `${c.id}: the plain app is still there`);
      const hostile = items.filter((i) => !['OK', 'Terminal', 'Open in Coder'].includes(i.label));
      if (c.link === null) assert.deepEqual(hostile, [], `${c.id}: no item for the hostile app`);
      else {
        assert.equal(hostile.length, 1, `${c.id}: one item`);
        assert.equal(hostile[0].href, c.link);
        assert.ok(hostile[0].label.length <= 80, `${c.id}: label cut to 80 characters`);
        assert.ok(!hostile[0].html.includes('<img'), `${c.id}: no markup`);
      }
      await s.page.keyboard.press('Escape');
      s.row(
        'Workspace apps (deployment https://coder.example.com)',
        `${c.note}: ${short(JSON.stringify(c.app.url ?? c.app.slug ?? c.app.subdomain_name ?? ''), 50)}`,
        c.link ? `one link, ${short(c.link, 60)}; the name as text (≤ 80 characters)` : 'no item, no link; the other apps still listed',
        hostile.length ? `"${short(hostile[0].label, 30)}" → ${short(hostile[0].href, 60)}` : `no item; ${items.length} other items`,
      );
    }
    assert.equal(await s.page.evaluate(() => window.__pwned), undefined, 'nothing ran');
    assert.deepEqual(s.log.errors, []);
    await s.page.evaluate(() => window.hostile.clear());
  });

  test('wildcard app hosts that are not hosts give subdomain apps no link', async () => {
    for (const c of WILDCARD_CASES) {
      await s.withPage(async ({ page, log }) => {
        await page.route(/\/api\/v2\/regions$/, (route) =>
          route.fulfill({ json: { regions: [{ id: 'r', name: 'primary', wildcard_hostname: c.wildcard }] } }),
        );
        const id = await cardFor(page, 'app-wildcard');
        await signIn(page, id);
        const items = await menuOf(page, id, 'app-wildcard');
        const sub = items.find((i) => i.label === 'Sub');
        if (c.link === null) assert.equal(sub, undefined, `${c.wildcard}: no link`);
        else assert.equal(sub?.href, c.link);
        assert.equal(await page.evaluate(() => window.__pwned), undefined);
        assert.deepEqual(log.errors, []);
        s.row(
          'Wildcard app host (GET /regions)',
          short(c.wildcard, 40),
          c.link ? `the subdomain app links to ${c.link}` : 'the subdomain app gets no item',
          sub ? `→ ${sub.href}` : 'no item',
        );
      });
    }
  });

  test("Coder's refusals and build answers of the wrong shape are specific errors on the row", async () => {
    const cases = [
      { faults: { build_status: 403, build_fault_count: 1 }, input: '403 on POST /builds', expect: /you do not have permission \(403\)/ },
      { faults: { build_status: 409, build_fault_count: 1 }, input: '409 "A workspace build is already active."', expect: /a build is already running for it \(409\)/ },
      { faults: { build_status: 406, build_fault_count: 1 }, input: '406 (template version importing)', expect: /still being imported \(406\)/ },
      { faults: { build_body: 'html', build_fault_count: 1 }, input: '200 with an HTML page', expect: /page instead of Coder data/ },
      { faults: { build_body: 'unexpected', build_fault_count: 1 }, input: '201 with {"unexpected":true}', expect: /not what it should be \(expected a workspace build with an id\)/ },
    ];
    await s.withPage(async ({ page, log }) => {
      const id = await cardFor(page, 'act-refused');
      await signIn(page, id);
      for (const c of cases) {
        await s.setFaults(c.faults);
        const items = await menuOf(page, id, 'act-refused');
        assert.ok(items.some((i) => i.label === 'Start'), `Start offered before: ${c.input}`);
        await page.locator(`#${id} [role=menu]`).getByRole('menuitem', { name: 'Start', exact: true }).click();
        const error = page.locator(`#${id} .row-error`);
        await error.waitFor();
        const text = (await error.innerText()).replace(/\s+/g, ' ');
        assert.match(text, c.expect, c.input);
        assert.match(text, /^Could not start the workspace: /);
        assert.equal(await page.locator(`#${id} li.ws-item`).count(), 1, 'the row stays');
        s.row('Workspace actions: build answers', c.input, 'a specific error on the row; the row stays', `"${short(text, 90)}"`);
        await s.setFaults({ build_status: 'none', build_body: 'normal', build_fault_count: 0 });
        await error.getByRole('button', { name: 'Dismiss' }).click();
        // The wrong-shaped 201 did start a build (as Coder would have):
        // that case comes last.
        await until(async () => (await page.locator(`#${id} .row-error`).count()) === 0, { what: 'dismissed' });
      }
      assert.deepEqual(log.errors, []);
    });
  });

  test('watch streams that drop, send garbage or never send fall back to polling; the row still follows the build', async () => {
    const cases = [
      { watch: 'drop', name: 'watch-drop', input: 'the stream closes after its first event' },
      { watch: 'garbage', name: 'watch-garbage', input: 'the stream sends half a JSON object, then HTML and binary bytes' },
      { watch: 'silent', name: 'watch-silent', input: 'the stream sends headers, then nothing ever' },
    ];
    for (const c of cases) {
      await s.withPage(async ({ page, log }) => {
        await s.setFaults({ watch: c.watch });
        const id = await cardFor(page, c.name);
        await signIn(page, id);
        await menuOf(page, id, c.name);
        const t0 = Date.now();
        await page.locator(`#${id} [role=menu]`).getByRole('menuitem', { name: 'Start', exact: true }).click();
        await until(async () => (await statusOf(page, id)) === 'online', { what: `${c.name} online`, timeout: 30_000 });
        const ms = Date.now() - t0;
        const rows = await page.locator(`#${id} li.ws-item`).count();
        assert.equal(rows, 1, 'the card never blanked');
        // The fallback: the workspace fetched on its own.
        const polled = log.requests.filter((u) => u.endsWith(`/api/v2/workspaces/${ACTION_WORKSPACES[c.name]}`)).length;
        assert.ok(polled > 0, `${c.name}: polled alone`);
        assert.equal(await page.evaluate(() => window.__pwned), undefined);
        assert.deepEqual(log.errors, []);
        await s.setFaults({ watch: 'normal' });
        s.row(
          'Workspace actions: watch stream',
          c.input,
          'the row follows the build anyway (its workspace polled every second) and reaches Online; no blank card, no error',
          `Online ${(ms / 1000).toFixed(1)} s after Start, after ${polled} single-workspace polls; 1 row throughout`,
        );
      });
    }
  });

  s.tokenNeverLeaks();
});
