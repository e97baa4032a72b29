// End to end against the real stack: the real-stack app (tests/host,
// real.jsx; React 18 and 19 builds) served by a real Backstage backend
// (tests/backstage: @backstage/plugin-app-backend, proxy, auth with the
// guest provider and @coder/plugin-auth-backend-module-coder-provider,
// catalog) on one origin, with the demo server as the fake Coder and its
// OAuth2 provider. tests/e2e/run.sh starts one backend and one fake Coder
// per React build and reuses them for every test; each test has a fresh
// browser profile, so no session carries over but the backend's.
//
// Every answer ≥ 400 a test's browser sees is listed in its output (and in
// target/e2e/real-stack-http-errors.json); one the tests don't know fails
// the test (real-stack-helpers.mjs's classify says which are known).
// Template icons are fetched through the proxy with the Backstage token
// and shown as data: URLs, so no icon request is ever refused.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { launchBrowser, screenshot, until } from './helpers.js';
import {
  CODER_TOKEN,
  backendClock,
  catalogEntity,
  recordHttpErrors,
  stack,
  summarize,
  withCheckedBrowser,
  writeReport,
} from './real-stack-helpers.mjs';

const ENTITY_REF = 'component:default/python-project';
// The demo server's seeded workspaces whose repo is the entity's
// (demo/server/src/seed.rs); the entity card must list exactly these.
const REPO_WORKSPACES = ['backstage-plugins', 'bp-review', 'wasm-elements', 'bp-old-branch', 'bp-flaky-tests'];
const SIGN_IN_FORM = { name: 'Authenticate with Coder' };
const WORKSPACES_PATH = '/api/proxy/coder/api/v2/workspaces';

/** Names of the workspaces a card lists, in order. */
async function listed(page, card) {
  return page
    .locator(`${card} li a[href*="/@"]`)
    .evaluateAll((links) => links.map((a) => new URL(a.href).pathname.split('/').pop()));
}

/**
 * Runs `body` with a fresh browser on the React `react` stack's entity
 * page (guest signed in, entity loaded, cards signed out of Coder). After
 * it, lists the test's ≥ 400 answers and fails on page errors and on
 * answers no test expects.
 */
async function withApp(t, react, body, { beforeLoad, path = '/' } = {}) {
  const { backstage, coder } = stack(react);
  const options = { viewport: { width: 1400, height: 900 }, colorScheme: 'light' };
  await withCheckedBrowser(t, `React ${react}: ${t.name}`, options, async ({ page, context, httpErrors }) => {
    if (beforeLoad) await beforeLoad(page, httpErrors);
    await page.goto(`${backstage}${path}`);
    await page.locator('#react-version').filter({ hasText: `React ${react}.` }).waitFor();
    await page.locator('#entity-name').waitFor({ timeout: 20_000 });
    await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
    await body({ page, context, backstage, coder, httpErrors });
  });
}

/** Clicks the entity card's OAuth button; returns the popup at the fake Coder's consent page. */
async function openConsent(page, coder) {
  const popupOpened = page.waitForEvent('popup');
  await page.locator('#entity-card').getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: 'Allow' }).waitFor();
  const at = new URL(popup.url());
  assert.equal(at.origin, new URL(coder).origin, 'the popup ends at the fake Coder');
  assert.equal(at.pathname, '/oauth2/authorize');
  return popup;
}

/** The whole OAuth sign-in: popup, Allow, the popup closes, the entity card lists. */
async function signInWithOAuth(page, coder) {
  const popup = await openConsent(page, coder);
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Allow' }).click();
  await closed;
  await page.locator('#entity-card li a[href*="/@"]').first().waitFor();
}

for (const react of ['18', '19']) {
  describe(`the real stack, React ${react}`, () => {
    test('OAuth sign-in through the real popup: Allow, and both cards list workspaces', async (t) => {
      await withApp(t, react, async ({ page, coder }) => {
        await signInWithOAuth(page, coder);
        await page.locator('#all-card li a[href*="/@"]').first().waitFor();
        assert.deepEqual((await listed(page, '#entity-card')).sort(), [...REPO_WORKSPACES].sort());
        const all = await listed(page, '#all-card');
        assert.ok(all.includes('coder-docs'), `the plain card lists every owner:me workspace: ${all}`);
        // Every row's template icon loaded behind the real proxy (which
        // refuses requests without Backstage credentials, as an <img> is).
        // Every row, not only those drawn so far: a row whose icon is
        // still on its way shows its letter until it comes. A timeout
        // falls through to the assertion, which names what is missing.
        await page.waitForFunction(() => {
          const rows = [...document.querySelectorAll('coder-workspaces-card')]
            .flatMap((card) => [...card.shadowRoot.querySelectorAll('li')]);
          return rows.length > 0 && rows.every((li) => {
            const img = li.querySelector('.ws-icon img');
            return img && img.complete && img.naturalWidth > 0;
          });
        }, null, { timeout: 10_000 }).catch(() => {});
        const icons = await page.evaluate(() => [...document.querySelectorAll('coder-workspaces-card')]
          .map((card) => [...card.shadowRoot.querySelectorAll('li')].map((li) => {
            const img = li.querySelector('.ws-icon img');
            return img ? img.getAttribute('src').slice(0, 22) : null;
          })));
        for (const rows of icons) {
          for (const src of rows) assert.equal(src, 'data:image/svg+xml;bas', 'each row shows its fetched icon');
        }
        const file = await screenshot(page, `real-stack-react${react}-entity-signed-in`);
        t.diagnostic(`screenshot: ${file}`);
      });
    });

    test("the entity card's query names the catalog entity's repository", async (t) => {
      await withApp(t, react, async ({ page, context, backstage, coder }) => {
        const entity = await catalogEntity(backstage, ENTITY_REF);
        const location = entity.metadata.annotations['backstage.io/source-location'];
        // url:https://github.com/coder/backstage-plugins/tree/main/ → the repo.
        const repo = location.replace(/^url:/, '').replace(/\/tree\/.*$/, '').replace(/\/+$/, '');
        const requests = [];
        context.on('request', (req) => {
          const url = new URL(req.url());
          if (url.pathname === WORKSPACES_PATH) requests.push({ q: url.searchParams.get('q'), headers: req.headers() });
        });
        await signInWithOAuth(page, coder);
        await page.locator('#all-card li a[href*="/@"]').first().waitFor();

        const queries = [...new Set(requests.map((r) => r.q))].sort();
        t.diagnostic(`workspaces queries: ${queries.join(' | ')}`);
        const filtered = queries.filter((q) => q.includes('param:'));
        assert.deepEqual(
          filtered,
          [`owner:me param:"custom_repo=${repo}"`, `owner:me param:"repo_url=${repo}"`],
          'one query per repoUrlParamKeys entry, each with the catalog entity repo',
        );
        assert.ok(queries.includes('owner:me'), 'the plain card asks for owner:me unfiltered');
        // Through the real proxy, with both credentials on every request.
        for (const { headers } of requests) {
          assert.match(headers.authorization ?? '', /^Bearer ey/, 'the Backstage token');
          assert.ok(headers['coder-session-token'], 'the Coder token');
        }
        assert.deepEqual((await listed(page, '#entity-card')).sort(), [...REPO_WORKSPACES].sort());
      });
    });

    test('a reload keeps the Coder session through /api/auth/coder/refresh, without a popup', async (t) => {
      await withApp(t, react, async ({ page, context, coder }) => {
        await signInWithOAuth(page, coder);
        let popups = 0;
        context.on('page', () => popups++);
        let refreshes = 0;
        context.on('request', (req) => {
          if (new URL(req.url()).pathname === '/api/auth/coder/refresh') refreshes++;
        });
        const refreshed = page.waitForResponse(
          (res) => new URL(res.url()).pathname === '/api/auth/coder/refresh',
        );
        await page.reload();
        const refresh = await refreshed;
        assert.equal(refresh.status(), 200, 'the refresh cookie gave a new Coder token');
        assert.equal(refresh.request().headers()['x-requested-with'], 'XMLHttpRequest');
        await page.locator('#entity-card li a[href*="/@"]').first().waitFor();
        await page.locator('#all-card li a[href*="/@"]').first().waitFor();
        assert.equal(popups, 0, 'no popup (or any other page) after the reload');
        // One refresh: each one rotates the token the one before handed out.
        assert.equal(refreshes, 1, 'one /refresh for the page load');
      });
    });

    test('Deny at the consent page: the card says so and stays signed out', async (t) => {
      await withApp(t, react, async ({ page, coder }) => {
        const popup = await openConsent(page, coder);
        const closed = popup.waitForEvent('close');
        await popup.getByRole('button', { name: 'Deny' }).click();
        await closed;
        const card = page.locator('#entity-card');
        await card.getByText(/Coder OAuth sign-in failed/).waitFor();
        const text = await card.evaluate((el) => el.shadowRoot.textContent);
        t.diagnostic(`the card after Deny: ${text.match(/Coder OAuth sign-in failed.{0,120}/)?.[0]}`);
        await card.getByRole('form', SIGN_IN_FORM).waitFor();
        assert.equal(await card.locator('li a[href*="/@"]').count(), 0);
        // No session on the backend either: after a reload the refresh is refused.
        const refreshed = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/auth/coder/refresh');
        await page.reload();
        assert.equal((await refreshed).status(), 401);
        await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
      });
    });

    test('the settings row signs out; the cards and a reload stay signed out', async (t) => {
      await withApp(t, react, async ({ page, coder }) => {
        await signInWithOAuth(page, coder);
        await page.getByRole('link', { name: 'Settings' }).click();
        const settings = page.locator('coder-provider-settings');
        await settings.getByText('Signed in as Demo User').waitFor();
        await settings.getByRole('button', { name: 'Sign out' }).click();
        await settings.getByRole('button', { name: 'Sign in' }).waitFor();

        await page.getByRole('link', { name: 'Entity page' }).click();
        await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
        await page.locator('#all-card').getByRole('form', SIGN_IN_FORM).waitFor();
        const refreshed = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/auth/coder/refresh');
        await page.reload();
        assert.equal((await refreshed).status(), 401, 'the backend forgot the Coder session');
        await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
      });
    });

    test('an expired Backstage token: the card says so, keeps the Coder session, and recovers when the token refreshes', async (t) => {
      const backend = backendClock(react);
      // The page's clock is Playwright's, so the test can let an hour pass
      // for the browser (the identity API then refreshes its token).
      await withApp(t, react, async ({ page, coder, httpErrors }) => {
        await signInWithOAuth(page, coder);
        const card = page.locator('#entity-card');
        // The backend's clock two hours ahead: the browser's Backstage token
        // (an hour's lifetime) is expired for the backend, while the
        // browser, whose clock did not move, still hands it out.
        const from = Date.now();
        await backend.shift();
        try {
          httpErrors.known.push({
            kind: 'backstage-token-expired',
            match: (e) => e.at >= from && e.status === 401 && new URL(e.url).pathname.startsWith('/api/proxy/coder/'),
          });
          await card.getByRole('button', { name: 'See additional workspace actions' }).click();
          await card.getByRole('menuitem', { name: 'Refresh' }).click();
          await card.getByText('Backstage sign-in expired').waitFor({ timeout: 10_000 });
          const text = await card.evaluate((el) => el.shadowRoot.textContent);
          t.diagnostic(`the card: ${text.match(/Backstage sign-in expired.{0,260}/)?.[0]}`);
          t.diagnostic(`screenshot: ${await screenshot(page, `real-stack-react${react}-backstage-token-expired`)}`);
          assert.match(text, /refused the request \(401: [^)]+\)/, "Backstage's own reason");
          assert.equal(await card.getByRole('form', SIGN_IN_FORM).count(), 0, 'still signed in to Coder');
          const refused = httpErrors.filter((e) => e.kind === 'backstage-token-expired');
          assert.ok(refused.length > 0, 'the real proxy refused the expired token');

          // An hour later for the browser: the identity API sees its token
          // expire and fetches a new one, which the backend accepts; the
          // card's recovery poll lists again.
          await page.clock.fastForward('01:00:00');
          await card.locator('li a[href*="/@"]').first().waitFor({ timeout: 20_000 });
          await card.getByText('Backstage sign-in expired').waitFor({ state: 'detached' });
          assert.deepEqual((await listed(page, '#entity-card')).sort(), [...REPO_WORKSPACES].sort());
        } finally {
          await backend.reset();
        }
      }, { beforeLoad: (page) => page.clock.install() });
    });

    test("upstream 0.4's sign-in, no Coder auth API: the backend plugin's popup, Allow, and the cards list", async (t) => {
      await withApp(t, react, async ({ page, context, backstage, coder }) => {
        let refreshes = 0;
        context.on('request', (req) => {
          if (new URL(req.url()).pathname === '/api/auth/coder/refresh') refreshes++;
        });
        const popup = await openConsent(page, coder);
        const at = new URL(popup.url());
        assert.equal(at.searchParams.get('client_id'), 'backstage', "app-config's coder.oauth.clientId");
        assert.equal(at.searchParams.get('redirect_uri'), `${backstage}/api/auth/coder/oauth/callback`);
        const closed = popup.waitForEvent('close');
        await popup.getByRole('button', { name: 'Allow' }).click();
        // The 0.4 router's page posts the token, then closes itself.
        await closed;
        await page.locator('#entity-card li a[href*="/@"]').first().waitFor();
        await page.locator('#all-card li a[href*="/@"]').first().waitFor();
        assert.deepEqual((await listed(page, '#entity-card')).sort(), [...REPO_WORKSPACES].sort());
        assert.equal(refreshes, 0, "no Backstage OAuth session: that API isn't there");
        // Kept for the tab, like a pasted token.
        await page.reload();
        await page.locator('#entity-card li a[href*="/@"]').first().waitFor({ timeout: 20_000 });
      }, { path: '/upstream-0.4' });
    });

    test("upstream 0.4's sign-in: Deny leaves the backend plugin's error page; closing it is said in the card", async (t) => {
      await withApp(t, react, async ({ page, coder, httpErrors }) => {
        httpErrors.known.push({
          kind: 'denied-0.4-callback',
          match: (e) => e.status === 400 && new URL(e.url).pathname === '/api/auth/coder/oauth/callback',
        });
        const popup = await openConsent(page, coder);
        await popup.getByRole('button', { name: 'Deny' }).click();
        // Upstream's router answers 400 "Missing authorization code" and posts nothing.
        await popup.getByText('Missing authorization code').waitFor();
        await popup.close();
        const card = page.locator('#entity-card');
        await card.getByText('Coder sign-in was cancelled: the sign-in window was closed before Coder answered').waitFor();
        await card.getByRole('form', SIGN_IN_FORM).waitFor();
        assert.equal(await card.locator('li a[href*="/@"]').count(), 0);
      }, { path: '/upstream-0.4' });
    });

    test('a row action goes through the real proxy: Start posts a build, and the watch stream streams through it', async (t) => {
      await withApp(t, react, async ({ page }) => {
        const card = page.locator('#entity-card');
        await card.getByLabel('Auth token').fill(CODER_TOKEN);
        await card.getByRole('button', { name: 'Use token' }).click();
        const all = page.locator('#all-card');
        const row = all.locator('li.ws-item').filter({ has: page.locator('a.ws-open[href$="/scratchpad"]') });
        await row.waitFor();
        const requests = [];
        page.on('request', (r) => requests.push({ method: r.method(), path: new URL(r.url()).pathname }));
        await row.getByRole('button', { name: 'Workspace actions for scratchpad', exact: true }).click();
        await all.locator('[role=menu]').getByRole('menuitem', { name: 'Start', exact: true }).click();
        const t0 = Date.now();
        await until(async () => (await row.locator('.status').getAttribute('data-status')) === 'online', { what: 'scratchpad online', timeout: 30_000 });
        t.diagnostic(`Online ${Date.now() - t0} ms after Start`);
        const builds = requests.filter((r) => r.method === 'POST' && /^\/api\/proxy\/coder\/api\/v2\/workspaces\/[0-9a-f-]+\/builds$/.test(r.path));
        assert.equal(builds.length, 1, 'the build was posted through the proxy');
        assert.ok(requests.some((r) => /^\/api\/proxy\/coder\/api\/v2\/workspaces\/[0-9a-f-]+\/watch$/.test(r.path)), 'the watch stream went through the proxy');
        // The stream carried the build: the card never fell back to
        // fetching the workspace on its own.
        const polls = requests.filter((r) => /^\/api\/proxy\/coder\/api\/v2\/workspaces\/[0-9a-f-]+$/.test(r.path));
        assert.deepEqual(polls, [], 'no single-workspace polls: the events streamed through the proxy');
      });
    });

    test('a session token entered by hand signs in too', async (t) => {
      await withApp(t, react, async ({ page }) => {
        const card = page.locator('#entity-card');
        await card.getByLabel('Auth token').fill(CODER_TOKEN);
        await card.getByRole('button', { name: 'Use token' }).click();
        await card.locator('li a[href*="/@"]').first().waitFor();
        assert.deepEqual((await listed(page, '#entity-card')).sort(), [...REPO_WORKSPACES].sort());
        await page.locator('#all-card li a[href*="/@"]').first().waitFor();
      });
    });
  });
}

describe('the real stack, Backstage sign-in with Coder (sign-in provider)', () => {
  test('signing in to Backstage with Coder signs the cards in too, with no second prompt; a reload keeps both', async (t) => {
    const { backstage, coder } = stack('SIGNIN');
    const browser = await launchBrowser({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
    const httpErrors = recordHttpErrors(browser.context, `sign-in provider: ${t.name}`);
    const pageErrors = [];
    try {
      const page = await browser.context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
      const popups = [];
      browser.context.on('page', (p) => popups.push(p.url()));
      await page.goto(`${backstage}/`);
      // Backstage's own SignInPage, with the provider upstream's README gives.
      await page.getByText('Sign in using Coder').waitFor({ timeout: 20_000 }).catch(async (e) => {
        throw new Error(`${e.message}\npage errors: ${pageErrors.join('; ')}\npage: ${(await page.locator('body').innerText()).slice(0, 500)}`);
      });
      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Sign In' }).click();
      const popup = await popupOpened;
      assert.equal(new URL(popup.url()).origin, new URL(coder).origin, 'the consent page is the fake Coder');
      const closed = popup.waitForEvent('close');
      await popup.getByRole('button', { name: 'Allow' }).click();
      await closed;

      // Backstage's identity is the catalog User the resolver matched.
      await page.locator('#backstage-user').filter({ hasText: 'user:default/demo' }).waitFor({ timeout: 20_000 });
      await page.locator('#entity-card li a[href*="/@"]').first().waitFor();
      await page.locator('#all-card li a[href*="/@"]').first().waitFor();
      assert.deepEqual((await listed(page, '#entity-card')).sort(), [...REPO_WORKSPACES].sort());
      assert.equal(popups.length, 1, `one popup, the sign-in's: ${popups.join(', ')}`);
      const file = await screenshot(page, 'real-stack-sign-in-provider');
      t.diagnostic(`screenshot: ${file}`);

      // A reload: Backstage restores its session from the Coder provider's
      // refresh cookie, and the cards are signed in from that same session.
      await page.reload();
      await page.locator('#backstage-user').filter({ hasText: 'user:default/demo' }).waitFor({ timeout: 20_000 });
      await page.locator('#entity-card li a[href*="/@"]').first().waitFor();
      assert.equal(popups.length, 1, 'no popup after the reload');
      assert.equal(await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).count(), 0);
    } finally {
      await browser.close();
      t.diagnostic(`answers >= 400: ${summarize(httpErrors).join('; ') || 'none'}`);
    }
    assert.deepEqual(pageErrors, []);
    const unexpected = httpErrors.filter((e) => e.kind.startsWith('unexpected'));
    assert.deepEqual(summarize(unexpected), [], 'answers >= 400 no test expects');
  });
});

after(async () => {
  await writeReport();
});
