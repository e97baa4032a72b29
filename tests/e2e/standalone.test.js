// The standalone build on a plain page: YAML attributes for the app config
// and the entity, and a YAML error shown in its card with line and column.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_TOKEN, DEMO_URL, launchBrowser, openDemo, waitForStatus } from './helpers.js';

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
    const href = await card.locator('a[href$="/cli-auth"]').getAttribute('href');
    assert.equal(href, `${DEMO_URL}/cli-auth`);
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByRole('button', { name: 'Use token' }).click();
    await card.locator('li').first().waitFor();
    await card.getByText('Results filtered by repo: backstage-plugins', { exact: true }).waitFor();
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

  test('a visible link leads back to the demo page', async () => {
    const back = page.getByRole('link', { name: 'Back to the demo page' });
    assert.equal(await back.isVisible(), true);
    const other = await browser.context.newPage();
    await other.goto(`${DEMO_URL}/standalone.html`);
    await other.getByRole('link', { name: 'Back to the demo page' }).click();
    await other.waitForURL(`${DEMO_URL}/`);
    await other.getByRole('heading', { name: 'backstage-plugins', level: 1 }).waitFor();
    await other.close();
  });

  test('a missing standalone wasm is reported in #status with what to do', async () => {
    const other = await browser.context.newPage();
    await other.route('**/pkg/*.wasm', (route) =>
      route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found\n' }),
    );
    await other.goto(`${DEMO_URL}/standalone.html`);
    await waitForStatus(other, 'Could not load');
    const status = await other.locator('#status').textContent();
    assert.ok(status.includes('/pkg/coder_backstage_wasm_standalone_bg.wasm'), `names the file: ${status}`);
    assert.match(status, /404/, `gives the status: ${status}`);
    assert.ok(status.includes('./demo/run.sh'), `says how to fix it: ${status}`);
    await other.close();
  });
});
