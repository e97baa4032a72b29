// End to end on Backstage's new frontend system: the app of tests/new-app
// (createApp from @backstage/frontend-defaults with the catalog's, the user
// settings' and our /alpha plugin, React 18 and 19 builds) served by a real
// Backstage backend (tests/backstage) with the extension config of
// app-config.new-app.yaml, in front of the demo server as the fake Coder
// and its OAuth2 provider. tests/e2e/run.sh starts one stack per React
// build (NEW_REACT18_URL, NEW_REACT19_URL and their _CODER_URL).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from './helpers.js';
import { stack, withCheckedBrowser } from './real-stack-helpers.mjs';

const CODER_ENTITY = '/catalog/default/component/python-project';
const PLAIN_ENTITY = '/catalog/default/component/docs-site';
// The header app-config.new-app.yaml gives the card under app.extensions.
const CONFIGURED_HEADER = 'Workspaces of this component';
// The demo server's seeded workspaces whose repo is python-project's
// (demo/server/src/seed.rs): the entity card must list exactly these.
const REPO_WORKSPACES = ['backstage-plugins', 'bp-review', 'wasm-elements', 'bp-old-branch', 'bp-flaky-tests'];
const CARD = 'coder-workspaces-card';
const ROW_LINKS = `${CARD} li a[href*="/@"]`;

/** Names of the workspaces the page's card lists, in order. */
async function listed(page) {
  return page.locator(ROW_LINKS).evaluateAll((links) => links.map((a) => new URL(a.href).pathname.split('/').pop()));
}

/**
 * Runs `body` with a fresh browser at `path` of the React `react` stack,
 * once the app is up with the right React and the guest is signed in to
 * Backstage. Fails on page errors and on ≥ 400 answers no test expects.
 */
async function withNewApp(t, react, path, body, { width = 1400, colorScheme = 'light' } = {}) {
  const { backstage, coder } = stack(react, 'NEW');
  const label = `new frontend system, React ${react}: ${t.name}`;
  await withCheckedBrowser(t, label, { viewport: { width, height: 900 }, colorScheme }, async ({ page, context }) => {
    await page.goto(`${backstage}${path}`);
    await page.waitForFunction((want) => window.hostReactVersion?.startsWith(`${want}.`), react);
    await body({ page, context, backstage, coder });
  });
}

/** Signs in through the card's OAuth button: the real popup, Allow, the popup closes. */
async function signInWithOAuth(page, coder) {
  const popupOpened = page.waitForEvent('popup');
  await page.locator(CARD).getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: 'Allow' }).waitFor();
  assert.equal(new URL(popup.url()).origin, new URL(coder).origin, 'the popup is at the fake Coder');
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Allow' }).click();
  await closed;
  await page.locator(ROW_LINKS).first().waitFor();
}

for (const react of ['18', '19']) {
  describe(`the new frontend system, React ${react}`, () => {
    // React 19's stack also sets requireCoderSpec: false (run.sh).
    const everyEntity = react === '19';
    const onPlain = everyEntity ? 'also on one without (requireCoderSpec: false)' : 'none without';
    test(`the entity card: on an entity with spec.coder, headed as app.extensions says; ${onPlain}`, async (t) => {
      await withNewApp(t, react, CODER_ENTITY, async ({ page, backstage }) => {
        const card = page.locator(CARD);
        await card.getByRole('heading', { name: CONFIGURED_HEADER }).waitFor();
        await card.getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
        assert.equal(await card.count(), 1);

        await page.goto(`${backstage}${PLAIN_ENTITY}`);
        await page.getByRole('heading', { name: 'docs-site' }).waitFor();
        // The catalog's own About card has drawn: the overview's cards are in.
        await page.getByRole('heading', { name: 'About' }).waitFor();
        if (everyEntity) {
          await card.getByRole('heading', { name: CONFIGURED_HEADER }).waitFor();
        } else {
          assert.equal(await page.locator('coder-provider').count(), 0, 'no Coder card for an entity without spec.coder');
        }
      });
    });

    test("the API extension signs in through the real OAuth2 popup; the card lists the entity's workspaces", async (t) => {
      await withNewApp(t, react, CODER_ENTITY, async ({ page, coder }) => {
        await signInWithOAuth(page, coder);
        assert.deepEqual((await listed(page)).sort(), [...REPO_WORKSPACES].sort());
        t.diagnostic(`screenshot: ${await screenshot(page, `new-app-react${react}-entity-signed-in`)}`);
      });
    });

    test("the Coder page, from the nav: every workspace of the user and the account row", async (t) => {
      await withNewApp(t, react, CODER_ENTITY, async ({ page, coder }) => {
        await signInWithOAuth(page, coder);
        await page.getByRole('link', { name: 'Coder', exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/coder');
        await page.locator(CARD).getByRole('heading', { name: 'Coder Workspaces' }).waitFor();
        await page.locator(`${CARD} li a[href$="/coder-docs"]`).waitFor();
        const all = await listed(page);
        for (const name of REPO_WORKSPACES) assert.ok(all.includes(name), `the page lists ${name}: ${all}`);
        assert.ok(all.length > REPO_WORKSPACES.length, 'every owner:me workspace, not only the entity’s');
        await page.locator('coder-provider-settings').getByText('Signed in as Demo User').waitFor();
        t.diagnostic(`screenshot: ${await screenshot(page, `new-app-react${react}-coder-page`)}`);
      });
    });

    test("the user settings' Authentication Providers page has the Coder row", async (t) => {
      await withNewApp(t, react, '/settings/auth-providers', async ({ page }) => {
        const row = page.locator('coder-provider-settings');
        await row.getByRole('button', { name: 'Sign in' }).waitFor();
        t.diagnostic(`screenshot: ${await screenshot(page, `new-app-react${react}-settings`)}`);
      });
    });
  });
}

// What the pages look like in the new system's own chrome: both themes,
// wide and narrow (React 18 only: the pixels are the same on 19).
for (const colorScheme of ['light', 'dark']) {
  for (const width of [1400, 400]) {
    test(`screenshots of the entity and Coder pages, ${colorScheme}, ${width} px`, async (t) => {
      await withNewApp(t, '18', CODER_ENTITY, async ({ page, coder }) => {
        await signInWithOAuth(page, coder);
        await page.locator(`${CARD} li .ws-icon img`).first().waitFor();
        t.diagnostic(`screenshot: ${await screenshot(page, `new-app-entity-${colorScheme}-${width}`)}`);
        await page.goto(new URL('/coder', page.url()).href);
        await page.locator(`${CARD} li a[href$="/coder-docs"]`).waitFor();
        t.diagnostic(`screenshot: ${await screenshot(page, `new-app-coder-page-${colorScheme}-${width}`)}`);
      }, { width, colorScheme });
    });
  }
}
