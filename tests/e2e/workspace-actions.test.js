// Acting on workspaces from the card, end to end on the demo page against
// a demo server of its own (ACTIONS_URL: builds change its state; its
// wildcard app host is *.localhost on its port): start a workspace and
// watch it go Pending → Online without a reload, stop and restart with
// confirmation, update an outdated one (and one whose new version needs a
// parameter), no actions on someone else's workspace, and every app link
// going where Coder serves it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_TOKEN, LOADED_TEXT, collectErrors, launchBrowser, screenshot, until, waitForStatus } from './helpers.js';

const BASE = (process.env.ACTIONS_URL ?? '').replace(/\/+$/, '');
const CARD = '#all-card';
const BUILD_ACTIONS = ['Start', 'Stop', 'Restart', 'Update'];

/** The row of workspace `name` in the all-workspaces card. */
const row = (page, name) =>
  page.locator(`${CARD} li.ws-item`).filter({ has: page.locator(`a.ws-open[href$="/${name}"]`) });

/** The row's status: data-status and its visible words. */
const status = (page, name) =>
  row(page, name)
    .locator('.status')
    .evaluate((el) => ({ kind: el.dataset.status, text: el.innerText.replace(/\s+/g, ' ').trim() }));

/** Opens a row's actions menu; returns its items' names and hrefs. */
async function openMenu(page, name) {
  await row(page, name).getByRole('button', { name: `Workspace actions for ${name}`, exact: true }).click();
  const menu = page.locator(`${CARD} [role=menu]`);
  await menu.waitFor();
  // Build actions come with the permission answer: give it a moment.
  await page.waitForTimeout(300);
  return menu.locator('[role=menuitem]').evaluateAll((items) =>
    items.map((i) => ({ name: i.textContent.replace(/ \(opens in new tab\)$/, ''), href: i.getAttribute('href'), target: i.getAttribute('target') })),
  );
}

/** Chooses `item` in the open menu. */
const choose = (page, item) =>
  page
    .locator(`${CARD} [role=menu]`)
    .getByRole('menuitem', { name: new RegExp(`^${item}( \\(opens in new tab\\))?$`) })
    .click();

/**
 * Records every status `name`'s row shows, from now on, with the time it
 * was first seen (a MutationObserver in the page: nothing is missed
 * between polls).
 */
async function recordStatuses(page, name) {
  await page.evaluate((name) => {
    const host = document.querySelector('#all-card');
    const seen = [];
    window.__statuses = window.__statuses ?? {};
    window.__statuses[name] = seen;
    const read = () => {
      const link = host.shadowRoot.querySelector(`a.ws-open[href$="/${name}"]`);
      const s = link?.closest('li')?.querySelector('.status');
      const kind = s?.dataset.status;
      if (kind && seen.at(-1)?.kind !== kind) seen.push({ kind, text: s.innerText.trim(), at: Date.now() });
    };
    read();
    new MutationObserver(read).observe(host.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
  }, name);
  return () => page.evaluate((name) => window.__statuses[name], name);
}

describe('acting on workspaces from the card', () => {
  let browser;
  let page;
  let errors;
  const posts = [];

  before(async () => {
    assert.ok(BASE, 'ACTIONS_URL is set (run through tests/e2e/run.sh)');
    browser = await launchBrowser();
    page = await browser.context.newPage();
    errors = collectErrors(page);
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/builds')) posts.push({ url: r.url(), body: r.postDataJSON() });
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${BASE}/`);
    await waitForStatus(page, LOADED_TEXT, errors);
    const card = page.locator('#entity-card');
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByRole('button', { name: 'Use token' }).click();
    await row(page, 'coder-docs').waitFor();
    // Set once: a reload would lose it.
    await page.evaluate(() => {
      window.__notReloaded = true;
    });
  });
  after(async () => {
    await browser?.close();
  });

  test('Stop asks for confirmation; Cancel does nothing, "Stop workspace" stops it', async () => {
    const name = 'coder-docs';
    const before = posts.length;
    await openMenu(page, name);
    await choose(page, 'Stop');
    const dialog = page.locator(`${CARD} dialog[open]`);
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Stop workspace coder-docs\?/);
    await screenshot(page, 'actions-confirm-stop');
    // Focus starts inside the dialog; Cancel closes it and sends nothing.
    assert.ok(await dialog.evaluate((d) => d.contains(d.getRootNode().activeElement)));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await until(async () => (await page.locator(`${CARD} dialog[open]`).count()) === 0, { what: 'dialog closed' });
    assert.equal(posts.length, before, 'Cancel sends no build');
    assert.equal((await status(page, name)).kind, 'online');

    const seen = await recordStatuses(page, name);
    await openMenu(page, name);
    await choose(page, 'Stop');
    await page.locator(`${CARD} dialog[open]`).getByRole('button', { name: 'Stop workspace' }).click();
    await until(async () => (await seen()).at(-1).kind === 'offline' && (await seen()).length > 1, { what: 'Offline', timeout: 20_000 });
    assert.deepEqual((await seen()).map((s) => s.kind), ['online', 'pending', 'offline']);
    assert.deepEqual(posts.at(-1).body, { transition: 'stop' });
    // Now stopped: Start is offered, Stop is not.
    const items = await openMenu(page, name);
    assert.deepEqual(items.filter((i) => BUILD_ACTIONS.includes(i.name)).map((i) => i.name), ['Start']);
    await page.keyboard.press('Escape');
  });

  test('Start a stopped workspace: the row shows the transition at once and follows the build live until Online, without a reload', async () => {
    // Stopped by the test before.
    const name = 'coder-docs';
    assert.equal((await status(page, name)).kind, 'offline');
    const items = await openMenu(page, name);
    assert.deepEqual(items.filter((i) => BUILD_ACTIONS.includes(i.name)).map((i) => i.name), ['Start']);
    const seen = await recordStatuses(page, name);
    const t0 = Date.now();
    await choose(page, 'Start');
    // Start interrupts nothing: no dialog.
    assert.equal(await page.locator(`${CARD} dialog[open]`).count(), 0);
    await until(async () => (await seen()).some((s) => s.kind === 'pending'), { what: 'Pending', timeout: 2000 });
    const pendingAfter = (await seen()).find((s) => s.kind === 'pending').at - t0;
    assert.ok(pendingAfter < 1000, `pending within a second of the click (${pendingAfter} ms)`);
    await until(async () => (await seen()).at(-1).kind === 'online', { what: 'Online', timeout: 20_000 });
    const kinds = (await seen()).map((s) => s.kind);
    assert.deepEqual(kinds, ['offline', 'pending', 'online'], `statuses seen: ${kinds}`);
    assert.ok((await seen()).some((s) => s.text.includes('Starting\u2026')), 'the row says Starting…');
    assert.equal(await page.evaluate(() => window.__notReloaded), true, 'no reload');
    assert.deepEqual(posts.at(-1).body, { transition: 'start' });
    // The watch stream carried it: a request to .../watch was made.
    const watched = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/watch')));
    assert.ok(watched, 'followed by the watch stream');
  });

  test("a build answer slower than the build itself: the row still settles (the stream showed it first)", async () => {
    const name = 'scratchpad';
    // Coder's 201 held until the whole build is over: every event of the
    // new build reaches the card before it knows the build is its own.
    const builds = /\/api\/v2\/workspaces\/[0-9a-f-]+\/builds$/;
    await page.route(builds, async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.fulfill({ response });
    });
    try {
      await openMenu(page, name);
      await choose(page, 'Start');
      await until(async () => {
        const s = await status(page, name);
        return s.kind === 'online' && !s.text.includes('Starting');
      }, { what: 'Online, and no longer "Starting…"', timeout: 10_000 });
    } finally {
      await page.unroute(builds);
    }
  });

  test('Restart, confirmed, stops and starts the same version', async () => {
    const name = 'backstage-plugins';
    const before = posts.length;
    const seen = await recordStatuses(page, name);
    await openMenu(page, name);
    await choose(page, 'Restart');
    await page.locator(`${CARD} dialog[open]`).getByRole('button', { name: 'Restart workspace' }).click();
    await until(async () => (await seen()).length >= 3 && (await seen()).at(-1).kind === 'online', { what: 'back Online', timeout: 30_000 });
    const bodies = posts.slice(before).map((p) => p.body);
    assert.equal(bodies.length, 2, `two builds: ${JSON.stringify(bodies)}`);
    assert.deepEqual(bodies[0], { transition: 'stop' });
    assert.equal(bodies[1].transition, 'start');
    assert.ok(bodies[1].template_version_id, 'the start names the version it ran');
    assert.ok((await seen()).some((s) => s.text.includes('Restarting\u2026')), 'the row says Restarting…');
  });

  test('Update starts an outdated workspace on the active version; two updates at once each get their own answer', async () => {
    const name = 'bp-old-branch';
    const other = 'wasm-elements';
    await until(async () => (await status(page, other)).kind === 'online', { what: `${other} running`, timeout: 30_000 });
    assert.match(await row(page, name).locator('.ws-badge').innerText(), /Outdated$/);
    const items = await openMenu(page, name);
    assert.deepEqual(items.filter((i) => BUILD_ACTIONS.includes(i.name)).map((i) => i.name), ['Start', 'Update']);
    // Hold this update's template lookup (devcontainers), so the other
    // update's answer (rust: a parameter is missing) comes back first.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    const devcontainers = /\/api\/v2\/templates\/7e3f0000-0000-4000-8000-000000000001$/;
    await page.route(devcontainers, async (route) => {
      await held;
      await route.continue();
    });
    await choose(page, 'Update');
    await page.locator(`${CARD} dialog[open]`).getByRole('button', { name: 'Update workspace' }).click();
    await openMenu(page, other);
    await choose(page, 'Update');
    await page.locator(`${CARD} dialog[open]`).getByRole('button', { name: 'Update workspace' }).click();
    const otherError = row(page, other).locator('.row-error');
    await otherError.waitFor();
    assert.match(await otherError.innerText(), /needs values for .*toolchain/i, 'the missing parameter is said on its own row');
    release();
    await until(async () => (await status(page, name)).kind === 'online', { what: 'Online', timeout: 20_000 });
    await until(async () => (await row(page, name).locator('.ws-badge').count()) === 0, { what: 'no longer outdated' });
    await page.unroute(devcontainers);
    assert.equal(await row(page, name).locator('.row-error').count(), 0, 'no error on the updated row');
    const body = posts.at(-1).body;
    assert.equal(body.transition, 'start');
    assert.equal(body.template_version_id, '7e3f1000-0000-4000-8000-000000000001', 'its own template\'s active version');
    assert.match(posts.at(-1).url, /3c5a0000-0000-4000-8000-000000000004\/builds$/, 'on its own workspace');
    await otherError.getByRole('button', { name: 'Dismiss' }).click();
  });

  test('an update whose new version needs a parameter says so on the row and links to Coder', async () => {
    const name = 'wasm-elements';
    await until(async () => (await status(page, name)).kind === 'online', { what: 'wasm-elements running', timeout: 30_000 });
    const before = posts.length;
    await openMenu(page, name);
    await choose(page, 'Update');
    await page.locator(`${CARD} dialog[open]`).getByRole('button', { name: 'Update workspace' }).click();
    const error = row(page, name).locator('.row-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Could not update the workspace: the template's active version needs values for .*toolchain/i);
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.match(await error.getByRole('link', { name: /Open in Coder/ }).getAttribute('href'), /\/@demo\/wasm-elements$/);
    assert.equal(posts.length, before, 'no build was started');
    await screenshot(page, 'actions-missing-parameter');
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await until(async () => (await row(page, name).locator('.row-error').count()) === 0, { what: 'error dismissed' });
  });

  test("someone else's workspace offers no actions, only what its owner shared", async () => {
    const box = page.locator(CARD).getByRole('searchbox');
    await box.fill('owner:alice');
    await row(page, 'api-server').waitFor();
    const stopped = await openMenu(page, 'api-server');
    assert.deepEqual(stopped.map((i) => i.name), ['Open in Coder']);
    await page.keyboard.press('Escape');
    const running = await openMenu(page, 'backstage-plugins');
    const names = running.map((i) => i.name);
    assert.ok(!names.some((n) => [...BUILD_ACTIONS, 'Terminal', 'VS Code Desktop'].includes(n)), `no actions: ${names}`);
    assert.ok(names.includes('Jupyter'), `the shared app: ${names}`);
    assert.ok(!names.includes('code-server'), `not the owner's own app: ${names}`);
    await page.keyboard.press('Escape');
    await box.fill('owner:me');
    await row(page, 'coder-docs').waitFor();
  });

  test('every app link goes where Coder serves it, and opens the app', async () => {
    const name = 'backstage-plugins';
    await until(async () => (await status(page, name)).kind === 'online', { what: 'running', timeout: 20_000 });
    const items = await openMenu(page, name);
    const href = (n) => items.find((i) => i.name === n)?.href;
    const port = new URL(BASE).port;
    assert.equal(href('code-server'), `http://code-server--main--${name}--demo.localhost:${port}/`);
    assert.equal(href('Jupyter'), `${BASE}/@demo/${name}.main/apps/jupyter/`);
    assert.equal(href('Coder Docs'), 'https://coder.com/docs');
    assert.equal(href('Terminal'), `${BASE}/@demo/${name}.main/terminal`);
    const vscode = new URL(href('VS Code Desktop'));
    assert.equal(vscode.protocol, 'vscode:');
    assert.equal(vscode.searchParams.get('owner'), 'demo');
    assert.equal(vscode.searchParams.get('workspace'), name);
    assert.equal(vscode.searchParams.get('url'), BASE);
    assert.equal(vscode.searchParams.get('agent'), 'main');
    assert.ok(!href('VS Code Desktop').includes(DEMO_TOKEN) && !href('VS Code Desktop').includes('token'), 'no token');
    assert.equal(href('Open in Coder'), `${BASE}/@demo/${name}`);
    assert.ok(!items.some((i) => ['Metrics exporter', 'Storybook'].includes(i.name)), 'hidden and unhealthy apps are left out');
    for (const i of items.filter((i) => i.href?.startsWith('http'))) assert.equal(i.target, '_blank', `${i.name} opens a new tab`);
    assert.equal(items.find((i) => i.name === 'VS Code Desktop').target, null);
    await screenshot(page, 'actions-menu');

    // Following them: each opens Coder's page for it in a new tab.
    for (const [item, text] of [['Jupyter', /jupyter/i], ['Terminal', /terminal/i], ['code-server', /code-server/i]]) {
      const opened = page.context().waitForEvent('page');
      await choose(page, item);
      const tab = await opened;
      await tab.waitForLoadState();
      assert.equal(tab.url(), href(item));
      assert.match(await tab.locator('body').innerText(), text);
      await tab.close();
      await openMenu(page, name);
    }
    await page.keyboard.press('Escape');
  });

  test('the menu works by keyboard: arrows, Enter, Escape back to its button', async () => {
    const name = 'coder-docs';
    const button = row(page, name).getByRole('button', { name: `Workspace actions for ${name}`, exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator(`${CARD} [role=menu]`).waitFor();
    const focused = () => page.evaluate(() => document.querySelector('#all-card').shadowRoot.activeElement?.textContent);
    const first = await page.locator(`${CARD} [role=menu] [role=menuitem]`).first().textContent();
    await until(async () => (await focused()) === first, { what: 'first item focused' });
    await page.keyboard.press('End');
    assert.equal(await focused(), 'Open in Coder (opens in new tab)');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator(`${CARD} [role=menu]`).count(), 0);
    assert.equal(await page.evaluate(() => document.querySelector('#all-card').shadowRoot.activeElement?.getAttribute('aria-haspopup')), 'menu');
    assert.deepEqual(errors, []);
  });
});
