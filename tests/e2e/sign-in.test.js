// End to end on the demo page against the demo server: sign in by token
// and by the OAuth popup, see the seeded workspaces, search, watch a build
// come online through polling, refresh, unlink, and sign out from the
// settings row. Each test gets its own browser profile (no shared storage
// or OAuth cookie).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { DEMO_TOKEN as TOKEN, launchBrowser, openDemo, resetDemo, screenshot } from './helpers.js';

const REPO_WORKSPACES = ['backstage-plugins', 'bp-review', 'wasm-elements', 'bp-old-branch', 'bp-flaky-tests'];

/** Names of the workspaces a card lists, in order. */
async function listed(page, card) {
  return page
    .locator(`${card} li a[href*="/@"]`)
    .evaluateAll((links) => links.map((a) => new URL(a.href).pathname.split('/').pop()));
}

async function signInWithToken(page) {
  const card = page.locator('#entity-card');
  await card.getByLabel('Auth token').fill(` ${TOKEN} `);
  await card.getByRole('button', { name: 'Use token' }).click();
  await page.locator('#all-card li').first().waitFor();
}

describe('signing in on the demo page', () => {
  let browser;
  before(async () => {
    await resetDemo();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  after(async () => {
    await browser?.close();
  });

  test('a pasted token signs in every element; the entity card lists only its repo', async () => {
    browser = await launchBrowser();
    const { page, errors } = await openDemo(browser.context);
    await signInWithToken(page);
    await page.locator('#entity-card li').first().waitFor();

    const entity = await listed(page, '#entity-card');
    assert.deepEqual([...entity].sort(), [...REPO_WORKSPACES].sort());
    const all = await listed(page, '#all-card');
    assert.ok(all.includes('coder-docs'), `the plain card lists every owner:me workspace: ${all}`);
    assert.ok(!entity.includes('coder-docs'), 'the entity card lists only the repo');
    assert.ok(!all.some((n) => ['api-server', 'ml-notebook'].includes(n)), 'only owner:me');

    await page.locator('coder-provider-settings').getByText('Signed in as').waitFor();
    const link = page.locator('#all-card a[href$="/@demo/coder-docs"]');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /noopener/);
    // The token goes only in a header: never in the page's URLs.
    const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(urls.every((u) => !u.includes(TOKEN)), 'no URL carries the token');
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!stored.includes(TOKEN), 'the token is never written to localStorage');
    await screenshot(page, 'signed-in');
    assert.deepEqual(errors, []);
  });

  test('searching narrows the list and fires coder-query-change', async () => {
    browser = await launchBrowser();
    const { page } = await openDemo(browser.context);
    await page.evaluate(() => {
      window.__queries = [];
      document.getElementById('all-card').addEventListener('coder-query-change', (e) => window.__queries.push(e.detail));
    });
    await signInWithToken(page);
    const box = page.locator('#all-card').getByRole('searchbox', { name: 'Search your Coder workspaces' });
    await box.fill('owner:me docs');
    await page.waitForFunction(
      () => document.getElementById('all-card').shadowRoot.querySelectorAll('li').length === 1,
    );
    assert.deepEqual(await listed(page, '#all-card'), ['coder-docs']);
    assert.deepEqual(await page.evaluate(() => window.__queries), ['owner:me docs']);

    await box.fill('owner:me no-such-workspace');
    await page.locator('#all-card').getByText('No workspaces returned for your query').waitFor();
  });

  test('a starting workspace turns online through polling', async () => {
    await resetDemo();
    browser = await launchBrowser();
    const { page } = await openDemo(browser.context);
    await signInWithToken(page);
    const row = page.locator('#entity-card li').filter({ hasText: 'bp-review' });
    await row.waitFor();
    assert.doesNotMatch(await row.innerText(), /Online/, 'not online right after the reset');
    // The seeded build connects its agent ~18 s after the reset; fast
    // polling (5 s while something changes) picks it up.
    await row.getByText('Online').waitFor({ timeout: 35_000 });
  });

  test('refresh keeps the list; unlink signs every element out', async () => {
    browser = await launchBrowser();
    const { page, errors } = await openDemo(browser.context);
    await signInWithToken(page);
    const card = page.locator('#all-card');
    await card.getByRole('button', { name: 'See additional workspace actions' }).click();
    await card.getByRole('menuitem', { name: 'Refresh' }).click();
    await card.locator('li').first().waitFor();

    await card.getByRole('button', { name: 'See additional workspace actions' }).click();
    await card.getByRole('menuitem', { name: 'Unlink Coder account' }).click();
    await page.locator('#entity-card').getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
    await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
    await page.locator('coder-provider-settings').getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the stored token is gone');
    assert.deepEqual(errors, []);
  });

  test("a tooltip follows the keyboard's focus, not a mouse click's", async () => {
    browser = await launchBrowser();
    const { page, errors } = await openDemo(browser.context);
    await signInWithToken(page);
    const card = page.locator('#all-card');
    const menuButton = card.getByRole('button', { name: 'See additional workspace actions' });
    // The tooltip text of the ⋮ button, and whether it shows.
    const tipShows = () =>
      card.evaluate((el) => {
        const tip = el.shadowRoot.querySelector('.menu-anchor > .tooltip');
        return getComputedStyle(tip).visibility === 'visible';
      });
    await menuButton.click();
    await card.getByRole('menuitem', { name: 'Refresh' }).click();
    // Focus is back on ⋮ after a mouse click: the pointer moves away, and
    // the tooltip must not stay over the card (MUI shows focus tooltips
    // only for keyboard focus).
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200);
    assert.equal(await tipShows(), false, 'no tooltip left up after a mouse click');
    // Keyboard focus shows it.
    await menuButton.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await page.waitForTimeout(200);
    assert.equal(await tipShows(), true, 'the tooltip shows for keyboard focus');
    assert.deepEqual(errors, []);
  });

  test('a pasted token survives a reload', async () => {
    browser = await launchBrowser();
    const { page } = await openDemo(browser.context);
    await signInWithToken(page);
    await page.reload();
    await page.locator('#all-card li').first().waitFor();
  });

  test('the OAuth popup signs in; the settings row signs out', async () => {
    browser = await launchBrowser();
    const { page, errors } = await openDemo(browser.context);
    const popupOpened = browser.context.waitForEvent('page');
    await page.locator('#entity-card').getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Authorize' }).click();
    await page.locator('#entity-card li').first().waitFor();
    await page.locator('coder-provider-settings').getByText('Signed in as').waitFor();
    // The page remembers that a session exists: a reload asks the backend
    // for it and stays signed in.
    const refreshes = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/api/auth/coder/refresh') refreshes.push(res.status());
    });
    await page.reload();
    await page.locator('#entity-card li').first().waitFor();
    assert.deepEqual(refreshes, [200]);

    await page.locator('coder-provider-settings').getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#entity-card').getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
    // Signed out of the OAuth session too: a reload stays signed out, without
    // asking the backend for the session it just ended.
    await page.reload();
    await page.locator('#all-card').getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(refreshes, [200]);
    assert.deepEqual(errors, []);
  });

  test('closing or denying the OAuth window says so in the card that opened it', async () => {
    browser = await launchBrowser();
    const { page, errors } = await openDemo(browser.context);
    const card = page.locator('#entity-card');
    const other = page.locator('#all-card');
    const signIn = card.getByRole('button', { name: 'Sign in with Coder OAuth' });

    // While the window is open the form waits for it.
    let popupOpened = browser.context.waitForEvent('page');
    await signIn.click();
    let popup = await popupOpened;
    const waiting = card.getByRole('button', { name: 'Waiting for the Coder sign-in window…' });
    await waiting.waitFor();
    assert.equal(await waiting.getAttribute('aria-disabled'), 'true');
    await popup.close();
    await card.getByText('Coder sign-in was cancelled', { exact: false }).waitFor();
    assert.equal(await other.getByText('cancelled', { exact: false }).count(), 0);
    await signIn.waitFor();

    // Refused on Coder's consent page: the card names the refusal.
    popupOpened = browser.context.waitForEvent('page');
    await signIn.click();
    popup = await popupOpened;
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await card.getByText('access to Coder was denied', { exact: false }).waitFor();
    assert.equal(await card.getByText('cancelled', { exact: false }).count(), 0);
    assert.equal(await other.getByRole('alert').count(), 0);
    assert.deepEqual(errors, []);
  });
});
