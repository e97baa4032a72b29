// The card built from its parts in the React host app (tests/host, route
// /parts), React 18 and 19: upstream's CoderWorkspacesCardRoot with the
// parts in another order, a custom renderListItem, a custom emptyState and
// a component reading useWorkspacesCardContext, against the demo server.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { collectErrors, launchBrowser, screenshot } from './helpers.js';

function hostUrl(react) {
  const url = process.env[`HOST_REACT${react}_URL`];
  if (!url) throw new Error(`HOST_REACT${react}_URL is not set: run the tests through tests/e2e/run.sh`);
  return url.replace(/\/+$/, '');
}

/**
 * Opens /parts as a user does: the app's entity page, then its link (the
 * server serves the app at / only; the app routes).
 */
async function openParts(context, react) {
  const page = await context.newPage();
  const errors = collectErrors(page, { allowed401: ['/api/auth/coder/refresh'] });
  await page.goto(hostUrl(react) + '/');
  await page.getByRole('link', { name: 'Card parts' }).click();
  await page.locator('#parts-card').waitFor();
  return { page, errors };
}

/** Opens /parts and signs in through the root's OAuth button. */
async function openSignedIn(context, react) {
  const { page, errors } = await openParts(context, react);
  await page.locator('#react-version').waitFor();
  const card = page.locator('#parts-card');
  await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
  const popupOpened = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: 'Authorize' }).click();
  await card.locator('li.my-row').first().waitFor();
  return { page, card, errors };
}

for (const react of ['18', '19']) {
  describe(`the card's parts on React ${react}`, () => {
    let browser;
    afterEach(async () => {
      await browser?.close();
      browser = undefined;
    });

    test('signed out, the root shows the sign-in form and none of the parts', async () => {
      browser = await launchBrowser();
      const { page, errors } = await openParts(browser.context, react);
      const card = page.locator('#parts-card');
      await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
      assert.equal(await card.getByRole('searchbox').count(), 0);
      assert.equal(await card.locator('li.my-row').count(), 0);
      assert.deepEqual(errors, []);
    });

    test('the adopter rows, the header, the search box and the context, composed', async () => {
      browser = await launchBrowser();
      const { page, card, errors } = await openSignedIn(browser.context, react);
      // A search landmark named by the header row's heading.
      await page.getByRole('search', { name: 'Composed workspaces' }).waitFor();
      await card.getByRole('heading', { name: 'Composed workspaces' }).waitFor();
      // renderListItem's own rows, from the root's workspaces, with our icon part.
      const names = await card.locator('li.my-row .my-row-name').allTextContents();
      assert.ok(names.length > 0);
      assert.equal(await card.locator('li.my-row').first().getAttribute('data-index'), '0');
      assert.equal(await card.locator('li.my-row coder-workspaces-card-workspaces-list-icon').count(), names.length);
      // No default rows of ours beside them.
      assert.equal(await card.locator('li.ws-item').count(), 0);
      assert.match(await page.locator('#card-summary').textContent(), new RegExp(`^${names.length} workspaces for “owner:me”`));
      await card.getByRole('button', { name: 'See additional workspace actions' }).waitFor();
      await card.getByRole('link', { name: /Add a new workspace/ }).waitFor();
      assert.deepEqual(errors, []);
    });

    test('the search box filters the custom rows and shows the custom empty state', async () => {
      browser = await launchBrowser();
      const { page, card, errors } = await openSignedIn(browser.context, react);
      const search = card.getByRole('searchbox', { name: 'Search your Coder workspaces' });
      await search.fill('name:no-such-workspace-anywhere');
      await search.press('Enter');
      await page.locator('#my-empty').waitFor();
      assert.equal(await card.locator('li.my-row').count(), 0);
      assert.equal(await page.locator('#parts-filter').textContent(), 'name:no-such-workspace-anywhere');
      assert.match(await page.locator('#card-summary').textContent(), /^0 workspaces for “name:no-such-workspace-anywhere”/);
      // Our empty message is replaced, not added to: it stays in the list's
      // shadow root as the slot's fallback, which is not rendered.
      assert.equal(await card.getByText('No workspaces returned for your query').isVisible(), false);
      await card.getByRole('button', { name: 'Clear out search' }).click();
      await card.locator('li.my-row').first().waitFor();
      assert.deepEqual(errors, []);
    });

    test('refresh and unlink from the actions part reach the root', async () => {
      browser = await launchBrowser();
      const { page, card, errors } = await openSignedIn(browser.context, react);
      const asked = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/v2/workspaces')) asked.push(r.url());
      });
      await card.getByRole('button', { name: 'See additional workspace actions' }).click();
      await card.getByRole('menuitem', { name: 'Refresh' }).click();
      await page.waitForTimeout(500);
      assert.ok(asked.length >= 1, 'Refresh asked again');
      await card.getByRole('button', { name: 'See additional workspace actions' }).click();
      await card.getByRole('menuitem', { name: 'Unlink Coder account' }).click();
      await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
      assert.equal(await card.locator('li.my-row').count(), 0);
      assert.deepEqual(errors, []);
    });

    test('screenshots of the composed card, both themes, wide and narrow', async () => {
      browser = await launchBrowser();
      const { page } = await openSignedIn(browser.context, react);
      for (const theme of ['light', 'dark']) {
        for (const width of [1400, 400]) {
          await page.setViewportSize({ width, height: 900 });
          await page.waitForTimeout(200);
          await screenshot(page, `react${react}-parts-${theme}-${width}`);
        }
        if (theme === 'light') {
          await page.locator('#theme-toggle').click();
          await page.waitForTimeout(300);
        }
      }
    });
  });
}
