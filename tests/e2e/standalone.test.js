// The standalone build on a plain page: YAML attributes for the app config
// and the entity, and a YAML error shown in its card with line and column.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_TOKEN, DEMO_URL, launchBrowser, openDemo } from './helpers.js';

describe('standalone page (YAML input)', () => {
  let browser;
  let page;
  let errors;
  before(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await openDemo(browser.context, '/standalone.html'));
  });
  after(async () => {
    await browser?.close();
  });

  test('the YAML app config and catalog-info drive the card', async () => {
    const card = page.locator('#yaml-card');
    await card.getByText('Results filtered by repo: backstage-plugins', { exact: true }).waitFor();
    const href = await card.locator('a[href$="/cli-auth"]').getAttribute('href');
    assert.equal(href, `${DEMO_URL}/cli-auth`);
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByRole('button', { name: 'Use token' }).click();
    await card.locator('li').first().waitFor();
  });

  test('a YAML error is shown in its card with the field, line and column', async () => {
    const alert = page.locator('#bad-yaml-card [role=alert]');
    const text = await alert.innerText();
    assert.match(text, /spec\.coder\.mode/);
    assert.match(text, /fast/);
    assert.match(text, /line \d+, column \d+/);
  });

  test('no page errors', () => {
    assert.deepEqual(errors, []);
  });
});
