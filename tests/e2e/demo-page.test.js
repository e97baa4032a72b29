// Smoke tests of the demo page against the release build of pkg/: what a
// user sees before signing in. One browser and one page load are shared by
// the whole file, so the tests read the state of that load (seconds, not
// minutes); the theme test runs last because it changes the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DEMO_URL,
  LOADED_TEXT,
  launchBrowser,
  openDemo,
  screenshot,
} from './helpers.js';

const HOSTS = ['coder-provider', '#entity-card', '#all-card', 'coder-provider-settings'];
const THEMED = 'coder-workspaces-card, coder-provider-settings';

describe('demo page', () => {
  let browser;
  let page;
  let errors;
  // Errors seen by the end of the initial load, before any interaction.
  let loadErrors;

  before(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await openDemo(browser.context));
    loadErrors = [...errors];
  });

  after(async () => {
    await browser?.close();
  });

  test('the wasm module loads and the page reports it', async () => {
    assert.equal((await page.locator('#status').textContent()).trim(), LOADED_TEXT);
  });

  test('no console errors or page errors during load', () => {
    assert.deepEqual(loadErrors, []);
  });

  test('each element renders into an open shadow root', async () => {
    for (const host of HOSTS) {
      const root = await page.locator(host).evaluate((el) => ({
        mode: el.shadowRoot?.mode ?? null,
        // Elements other than style sheets: what the component rendered.
        rendered: el.shadowRoot
          ? [...el.shadowRoot.children].filter((c) => c.localName !== 'style').length
          : 0,
      }));
      assert.equal(root.mode, 'open', `${host} has an open shadow root`);
      assert.ok(root.rendered > 0, `${host} rendered something into its shadow root`);
    }
    // The provider renders only a slot for its light-DOM children; the
    // others must show visible text.
    for (const host of ['#entity-card', '#all-card', 'coder-provider-settings']) {
      const text = await page.locator(host).evaluate((el) => el.shadowRoot.textContent.trim());
      assert.notEqual(text, '', `${host} shows text`);
    }
  });

  test('signed out, the entity card names its repo and offers both ways to sign in', async () => {
    const card = page.locator('#entity-card');
    // waitFor() is the assertion: it throws (naming the locator) on timeout.
    await card.getByText('Results filtered by repo: backstage-plugins', { exact: true }).waitFor();
    await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
    await card.getByRole('button', { name: 'Sign in with Coder OAuth' }).waitFor();
    await card.getByLabel('Auth token').waitFor();
    const href = await card.locator('a[href$="/cli-auth"]').getAttribute('href');
    assert.equal(href, `${DEMO_URL}/cli-auth`);
  });

  test('the all-workspaces card shows its custom header', async () => {
    await page.locator('#all-card').getByRole('heading', { name: 'All my Coder workspaces' }).waitFor();
  });

  test('the settings row names Coder and asks to sign in', async () => {
    const row = page.locator('coder-provider-settings');
    await row.getByRole('heading', { name: 'Coder', exact: true }).waitFor();
    await row.getByText('Sign in to Coder to access your development workspaces').waitFor();
  });

  test('the wasm is served as application/wasm', async () => {
    // Ask the page which wasm it loaded rather than guessing file names;
    // instantiateStreaming needs this content type or falls back slowly.
    const urls = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => new URL(n).pathname.endsWith('.wasm')),
    );
    assert.ok(urls.length > 0, 'the page fetched a .wasm file');
    for (const url of urls) {
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get('content-type'), 'application/wasm', url);
      await res.arrayBuffer();
    }
  });

  test('the theme toggle sets theme="dark" on the cards and settings row', async () => {
    const themes = () =>
      page.locator(THEMED).evaluateAll((els) => els.map((el) => el.getAttribute('theme')));
    const cardBackground = () =>
      page.locator('#entity-card article').evaluate((el) => getComputedStyle(el).backgroundColor);

    assert.deepEqual(await themes(), [null, null, null]);
    const lightBackground = await cardBackground();
    await screenshot(page, 'demo-light');

    await page.locator('#theme-toggle').click();
    assert.deepEqual(await themes(), ['dark', 'dark', 'dark']);
    // The attribute must reach the styles inside the shadow root.
    assert.notEqual(await cardBackground(), lightBackground);
    await screenshot(page, 'demo-dark');

    await page.locator('#theme-toggle').click();
    assert.deepEqual(await themes(), [null, null, null]);
    assert.deepEqual(errors, [], 'no errors while toggling');
  });
});
