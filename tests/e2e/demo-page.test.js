// Smoke tests of the demo page against the release build of pkg/: what a
// user sees before signing in. One browser and one page load are shared by
// the whole file, so the tests read the state of that load (seconds, not
// minutes); the theme test runs last because it changes the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  collectErrors,
  DEMO_TOKEN,
  DEMO_URL,
  LOADED_TEXT,
  launchBrowser,
  openDemo,
  screenshot,
  waitForStatus,
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

  test('signed out, the entity card names no filter and offers both ways to sign in', async () => {
    const card = page.locator('#entity-card');
    // waitFor() is the assertion: it throws (naming the locator) on timeout.
    await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
    // No "Results filtered by repo" over a sign-in form (no results yet).
    assert.equal(await card.getByText('Results filtered by', { exact: false }).count(), 0);
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

/** How far `page` scrolls sideways: its content's width beyond the viewport's. */
function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * WCAG 2 contrast ratio of an element's text against what is behind it:
 * its own or its nearest ancestor's opaque-enough background (translucent
 * layers are blended over the page's).
 */
function textContrast(page, selector) {
  return page.locator(selector).evaluate((el) => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) throw new Error(`unparsed colour ${c}`);
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg.a > 0) layers.push(bg);
      if (bg.a === 1) break;
    }
    let background = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) background = over(layer, background);
    const text = over(parse(getComputedStyle(el).color), background);
    const luminance = ({ r, g, b }) => {
      const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const [hi, lo] = [luminance(text), luminance(background)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  });
}

describe('demo page look and feel', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('at 400 px wide nothing scrolls sideways, signed out or in, light or dark', async () => {
    const { page } = await openDemo(browser.context);
    await page.setViewportSize({ width: 400, height: 800 });
    assert.equal(await sidewaysOverflow(page), 0, 'signed out, light');
    const card = page.locator('#entity-card');
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByRole('button', { name: 'Use token' }).click();
    await page.locator('#all-card li').first().waitFor();
    await page.locator('#theme-toggle').click();
    assert.equal(await sidewaysOverflow(page), 0, 'signed in, dark');
    await screenshot(page, 'demo-400-dark');
    await page.close();
  });

  test('your own card from the parts and a templates list on coderApi follow the sign-in', async () => {
    const { page, errors } = await openDemo(browser.context);
    const status = page.locator('#templates-status');
    await status.filter({ hasText: 'Sign in to Coder' }).waitFor();
    const card = page.locator('#entity-card');
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByRole('button', { name: 'Use token' }).click();
    const rows = (card) =>
      page
        .locator(`${card} li a[href*="/@"]`)
        .evaluateAll((links) => links.map((a) => new URL(a.href).pathname.split('/').pop()));
    await page.locator('#parts-card li a[href*="/@"]').first().waitFor();
    await page.locator('#entity-card li a[href*="/@"]').first().waitFor();
    assert.deepEqual((await rows('#parts-card')).sort(), (await rows('#entity-card')).sort(), 'the entity’s workspaces');
    await page.locator('#templates-list li').first().waitFor();
    assert.match(await status.textContent(), /^\d+ templates demo may use:$/);
    for (const width of [1400, 400]) {
      await page.setViewportSize({ width, height: 900 });
      assert.equal(await sidewaysOverflow(page), 0, `${width} px`);
      await page.locator('#parts-card').scrollIntoViewIfNeeded();
      await screenshot(page, `demo-parts-light-${width}`);
      await page.locator('#theme-toggle').click();
      await screenshot(page, `demo-parts-dark-${width}`);
      await page.locator('#theme-toggle').click();
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the standalone page fits 400 px too', async () => {
    const { page } = await openDemo(browser.context, '/standalone.html');
    await page.setViewportSize({ width: 400, height: 800 });
    assert.equal(await sidewaysOverflow(page), 0);
    await page.close();
  });

  test('the tab list works from the keyboard as a WAI-ARIA tablist', async () => {
    const { page, errors } = await openDemo(browser.context);
    const tabs = page.getByRole('tab');
    const names = ['Overview', 'CI/CD', 'Docs'];
    const state = () =>
      tabs.evaluateAll((els) =>
        els.map((t) => ({
          selected: t.getAttribute('aria-selected'),
          tabindex: t.getAttribute('tabindex'),
          panelShown: !document.getElementById(t.getAttribute('aria-controls'))?.hidden,
        })),
      );
    const selected = async () => names[(await state()).findIndex((t) => t.selected === 'true')];
    const focused = () => page.evaluate(() => document.activeElement?.textContent.trim());

    // One tab stop: Tab from the theme toggle lands on the selected tab.
    await page.locator('#theme-toggle').focus();
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Overview');
    assert.deepEqual(
      (await state()).map((t) => [t.selected, t.tabindex, t.panelShown]),
      [['true', '0', true], ['false', '-1', false], ['false', '-1', false]],
    );

    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'CI/CD');
    assert.equal(await selected(), 'CI/CD');
    await page.getByRole('tabpanel', { name: 'CI/CD' }).getByText('Nothing here in the demo').waitFor();
    assert.equal(await page.locator('coder-provider').isVisible(), false, 'the Overview panel is hidden');

    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'Docs');
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'Overview', 'ArrowRight wraps around');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), 'Docs', 'ArrowLeft wraps around');
    await page.keyboard.press('Home');
    assert.equal(await selected(), 'Overview');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'Docs');
    assert.deepEqual(
      (await state()).map((t) => [t.selected, t.tabindex, t.panelShown]),
      [['false', '-1', false], ['false', '-1', false], ['true', '0', true]],
    );
    // Tab leaves the tab list for the panel, not for the next tab.
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('role')),
      'tabpanel',
    );

    // A click selects too, and the Overview panel comes back.
    await page.getByRole('tab', { name: 'Overview' }).click();
    assert.equal(await selected(), 'Overview');
    assert.equal(await page.locator('#entity-card').isVisible(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the footnote link reads at WCAG AA contrast (4.5:1) in both themes', async () => {
    const { page } = await openDemo(browser.context);
    const link = '.footnote a[href="standalone.html"]';
    const light = await textContrast(page, link);
    await page.locator('#theme-toggle').click();
    const dark = await textContrast(page, link);
    assert.ok(light >= 4.5, `light theme: ${light.toFixed(2)}:1`);
    assert.ok(dark >= 4.5, `dark theme: ${dark.toFixed(2)}:1`);
    await page.close();
  });

  test('a signed-out load asks the auth backend for no session it knows is absent', async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    const refused = [];
    page.on('response', (res) => {
      if (res.status() >= 400) refused.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    await page.goto(DEMO_URL + '/');
    await waitForStatus(page, LOADED_TEXT, errors);
    await page.locator('#entity-card').getByRole('button', { name: 'Sign in with Coder OAuth' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(refused, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('demo page whose package fails to load', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // pattern: the pkg/ file answered 404; expected: what #status must say.
  for (const [pattern, file] of [
    ['**/pkg/*.wasm', 'coder_backstage_wasm_bg.wasm'],
    ['**/pkg/elements.js', 'elements.js'],
  ]) {
    test(`a missing ${file} is reported in #status with what to do`, async () => {
      const page = await browser.context.newPage();
      await page.route(pattern, (route) =>
        route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found\n' }),
      );
      await page.goto(DEMO_URL + '/');
      await waitForStatus(page, 'Could not load');
      const status = await page.locator('#status').textContent();
      assert.ok(status.includes(`/pkg/${file}`), `names the file: ${status}`);
      assert.match(status, /404/, `gives the status: ${status}`);
      assert.ok(status.includes('./demo/run.sh'), `says how to fix it: ${status}`);
      await page.close();
    });
  }
});
