// End to end in a real (small) Backstage app: tests/host, built with Vite
// against React 18 and against React 19, with createSpecializedApp, the real
// OAuth2 / UrlPatternDiscovery / OAuthRequestManager from
// @backstage/core-app-api, the real EntityProvider, and our package
// installed from its npm tarball. tests/e2e/run.sh serves each build from its
// own demo server (HOST_REACT18_URL, HOST_REACT19_URL).
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import path from 'node:path';
import { ARTIFACT_DIR, collectErrors, countRequests, launchBrowser, screenshot } from './helpers.js';

const REPO_WORKSPACES = ['backstage-plugins', 'bp-review', 'wasm-elements', 'bp-old-branch', 'bp-flaky-tests'];
const SIGN_IN_FORM = { name: 'Authenticate with Coder' };
const SESSION_CALLS = ['/api/v2/users/me', '/api/auth/coder/refresh'];

function hostUrl(react) {
  const url = process.env[`HOST_REACT${react}_URL`];
  if (!url) throw new Error(`HOST_REACT${react}_URL is not set: run the tests through tests/e2e/run.sh`);
  return url.replace(/\/+$/, '');
}

/** Names of the workspaces a card lists, in order. */
async function listed(page, card) {
  return page
    .locator(`${card} li a[href*="/@"]`)
    .evaluateAll((links) => links.map((a) => new URL(a.href).pathname.split('/').pop()));
}

/** Opens the host app; waits for the guest sign-in and the cards' sign-in forms. */
async function openHost(context, react) {
  const page = await context.newPage();
  // core-app-api's OAuth2 asks /api/auth/coder/refresh on every load and
  // keeps no record of whether a session exists; signed out, that is a 401.
  const errors = collectErrors(page, { allowed401: ['/api/auth/coder/refresh'] });
  const calls = countRequests(page, SESSION_CALLS);
  await page.goto(hostUrl(react) + '/');
  await page.locator('#react-version').waitFor();
  await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
  return { page, errors, calls };
}

/** Signs in with the OAuth button of the entity card through core-app-api's popup flow. */
async function signInWithOAuth(context, page) {
  const popupOpened = context.waitForEvent('page');
  await page.locator('#entity-card').getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: 'Authorize' }).click();
  await page.locator('#entity-card li').first().waitFor();
}

for (const react of ['18', '19']) {
  describe(`a Backstage app on React ${react}`, () => {
    let browser;
    afterEach(async () => {
      await browser?.close();
      browser = undefined;
    });

    test('mounts the wrappers signed out, with the real OAuth2 API behind the button', async () => {
      browser = await launchBrowser();
      const { page, errors, calls } = await openHost(browser.context, react);
      assert.match(await page.locator('#react-version').textContent(), new RegExp(`^React ${react}\\.`));
      // Signed out, no card names a filter: there are no results yet.
      await page.locator('#entity-card').getByRole('form', { name: 'Authenticate with Coder' }).waitFor();
      assert.equal(await page.getByText('Results filtered by', { exact: false }).count(), 0);
      await page.locator('#all-card').getByRole('heading', { name: 'All my workspaces' }).waitFor();
      await page.locator('section.settings coder-provider-settings').getByRole('button', { name: 'Sign in' }).waitFor();
      // A settings row inside a CoderProvider is that provider's own.
      await page.locator('#inner-settings coder-provider-settings').getByRole('button', { name: 'Sign in' }).waitFor();
      assert.equal(await page.locator('coder-provider').count(), 2);
      // isCoderEntity: no card for the entity without spec.coder.
      await page.locator('#plain-card-none').waitFor();
      assert.equal(await page.locator('#plain-card').count(), 0);
      assert.equal(await page.locator('coder-workspaces-card').count(), 2, 'the entity card and the all card');
      // One wasm module, from the app's own assets (the bundler copied it).
      const wasm = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm')),
      );
      assert.equal(wasm.length, 1, `wasm requests: ${wasm}`);
      assert.match(new URL(wasm[0]).pathname, /^\/assets\/coder_backstage_wasm_bg-[\w-]+\.wasm$/);
      // Signed out, the page asks the auth backend once whether a session
      // exists (both providers share the answer), and checks no token.
      await page.waitForTimeout(500);
      assert.deepEqual(calls, { '/api/v2/users/me': 0, '/api/auth/coder/refresh': 1 });
      assert.deepEqual(errors, []);
    });

    test('signs in through the OAuth popup; lists workspaces; the entity card shows its repo only', async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      const signInCalls = countRequests(page, SESSION_CALLS);
      await signInWithOAuth(browser.context, page);
      await page.locator('#all-card li').first().waitFor();
      await page.locator('section.settings coder-provider-settings').getByText('Signed in as Demo User').waitFor();
      // The popup hands its token to every provider on the page (its window
      // message), and the one that opened it gets it again from
      // getAccessToken: one session check all the same.
      await page.waitForTimeout(500);
      assert.equal(signInCalls['/api/v2/users/me'], 1, JSON.stringify(signInCalls));

      // The entity card knows its repo from useEntity(), and matches it
      // through repoUrlParamKeys from app-config (its provider has no
      // appConfig prop).
      await page.locator('#entity-card').getByText('Results filtered by repo: backstage-plugins').waitFor();
      const entity = await listed(page, '#entity-card');
      assert.deepEqual([...entity].sort(), [...REPO_WORKSPACES].sort());
      const all = await listed(page, '#all-card');
      assert.ok(all.includes('coder-docs'), `the plain card lists every owner:me workspace: ${all}`);
      // The settings row has its own provider and the same OAuth session.
      await page.locator('section.settings coder-provider-settings').getByText('Signed in as Demo User').waitFor();

      // The Coder page (CoderPage): every workspace, and the account row,
      // on the same OAuth session.
      await page.getByRole('link', { name: 'Coder page' }).click();
      const coderPage = page.locator('.coder-page');
      await page.locator('.coder-page > h1', { hasText: 'Coder' }).waitFor();
      await coderPage.locator('coder-workspaces-card li').first().waitFor();
      const everything = await listed(page, '.coder-page coder-workspaces-card');
      assert.ok(everything.includes('coder-docs') && everything.includes('backstage-plugins'), `${everything}`);
      await coderPage.locator('coder-provider-settings').getByText('Signed in as Demo User').waitFor();
      for (const width of [1400, 400]) {
        await page.setViewportSize({ width, height: 900 });
        await screenshot(page, `react${react}-coder-page-${width}`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goBack();
      // Coming back mounts the entity page's providers again; let their
      // session check settle before counting the reload's.
      await page.locator('#inner-settings coder-provider-settings').getByText('Signed in as Demo User').waitFor();
      await page.locator('section.settings coder-provider-settings').getByText('Signed in as Demo User').waitFor();
      await page.waitForTimeout(300);

      // The session survives a reload: core-app-api refreshes it. The row
      // inside the page's provider shows that provider's session.
      // One session check for the whole page: two providers (the entity
      // page's, and the outer settings row's own) share one users/me.
      const reloadCalls = countRequests(page, SESSION_CALLS);
      await page.reload();
      await page.locator('#entity-card li').first().waitFor();
      await page.locator('#inner-settings coder-provider-settings').getByText('Signed in as Demo User').waitFor();
      await page.locator('section.settings coder-provider-settings').getByText('Signed in as Demo User').waitFor();
      assert.equal(await page.locator('coder-provider').count(), 2);
      await page.waitForTimeout(500);
      assert.deepEqual(reloadCalls, { '/api/v2/users/me': 1, '/api/auth/coder/refresh': 1 });
      await screenshot(page, `react${react}-host-signed-in`);
      assert.deepEqual(errors, []);
    });

    test("a denied OAuth sign-in is said in the card and posted to Backstage's error API", async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      const card = page.locator('#entity-card');
      const popupOpened = browser.context.waitForEvent('page');
      await card.getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
      const popup = await popupOpened;
      await popup.getByRole('button', { name: 'Cancel' }).click();
      await card.getByText('Coder OAuth sign-in failed', { exact: false }).waitFor();
      // One error for the app's toast, from the provider the card asked:
      // not one per card or settings row.
      const alert = page.locator('#alerts li');
      await alert.first().waitFor();
      assert.match(await alert.first().textContent(), /^Coder OAuth sign-in failed: /);
      await page.waitForTimeout(300);
      assert.equal(await alert.count(), 1, (await alert.allTextContents()).join(' | '));
      // The popup's refusal is core-app-api's to log; nothing else failed.
      assert.deepEqual(
        errors.filter((e) => !/access_denied|denied/i.test(e)),
        [],
      );
    });

    test('CoderErrorBoundary shows its fallback for a broken child and posts the error', async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      await page.locator('#widget-ok').waitFor();
      await page.getByRole('button', { name: 'Break the custom widget' }).click();
      await page.locator('#widget-fallback').waitFor();
      assert.equal(await page.locator('#widget-ok').count(), 0);
      await page.locator('#alerts li', { hasText: 'the custom Coder widget exploded' }).waitFor();
      // The Coder cards are untouched.
      await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
      // React reports the caught error on the console; nothing else.
      assert.deepEqual(
        errors.filter((e) => !e.includes('the custom Coder widget exploded') && !e.includes('CoderErrorBoundary')),
        [],
      );
    });

    test('the page controls the filter through queryFilter and onFilterChange', async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      await signInWithOAuth(browser.context, page);
      await page.locator('#all-card li').first().waitFor();

      // Typing reaches the page's state through onFilterChange...
      const box = page.locator('#all-card').getByRole('searchbox', { name: 'Search your Coder workspaces' });
      await box.fill('owner:me wasm');
      await page.locator('#page-filter').filter({ hasText: /^owner:me wasm$/ }).waitFor();
      await page.waitForFunction(
        () => document.getElementById('all-card').shadowRoot.querySelectorAll('li').length === 1,
      );
      assert.deepEqual(await listed(page, '#all-card'), ['wasm-elements']);

      // ...and the page's state drives the card, search box included.
      await page.getByRole('button', { name: 'Show docs workspaces' }).click();
      await page.waitForFunction(() => {
        const items = document.getElementById('all-card').shadowRoot.querySelectorAll('li a[href*="/@"]');
        return items.length === 1 && items[0].href.endsWith('/coder-docs');
      });
      assert.equal(await box.inputValue(), 'owner:me docs');
      assert.deepEqual(errors, []);
    });

    test("follows Backstage's active theme", async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      const themes = () =>
        page.evaluate(() =>
          ['coder-provider', 'coder-workspaces-card', 'coder-provider-settings'].flatMap((tag) =>
            [...document.querySelectorAll(tag)].map((el) => el.getAttribute('theme')),
          ),
        );
      assert.ok((await themes()).every((t) => t === 'light'), `${await themes()}`);
      await page.getByRole('button', { name: 'Use dark theme' }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('coder-workspaces-card')].every((el) => el.getAttribute('theme') === 'dark'),
      );
      assert.ok((await themes()).every((t) => t === 'dark'), `${await themes()}`);
      const surface = await page
        .locator('#entity-card')
        .evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.card')).backgroundColor);
      assert.notEqual(surface, 'rgb(255, 255, 255)', 'the dark card is not white');
      assert.deepEqual(errors, []);
    });

    test("the settings row shows the Coder profile as Backstage's own rows do", async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      const row = page.locator('section.settings coder-provider-settings');
      const pictures = [];
      const shoot = async (name) => {
        for (const width of [1400, 400]) {
          await page.setViewportSize({ width, height: 900 });
          const file = path.join(ARTIFACT_DIR, `react${react}-settings-${name}-${width}.png`);
          await row.screenshot({ path: file });
          pictures.push(file);
        }
        await page.setViewportSize({ width: 1280, height: 900 });
      };
      await row.getByRole('button', { name: 'Sign in' }).waitFor();
      await shoot('signed-out-light');
      await page.getByRole('button', { name: 'Use dark theme' }).click();
      await page.waitForFunction(() => document.querySelector('section.settings coder-provider-settings').getAttribute('theme') === 'dark');
      await shoot('signed-out-dark');
      await page.getByRole('button', { name: 'Use light theme' }).click();

      // The fake Coder's user has no picture (as real Coder answers for
      // most users): one of its icons stands in, as a deployment path.
      let avatar = '/icon/docker.svg';
      await page.route('**/api/v2/users/me', async (route) => {
        const response = await route.fetch();
        route.fulfill({ response, json: { ...(await response.json()), avatar_url: avatar } });
      });
      await signInWithOAuth(browser.context, page);
      await row.getByText('Signed in as Demo User').waitFor();
      await row.getByText('demo@coder.example').waitFor();
      const img = row.locator('.auth-avatar img');
      await page.waitForFunction(
        () => document.querySelector('section.settings coder-provider-settings').shadowRoot.querySelector('.auth-avatar img')?.naturalWidth > 0,
      );
      assert.equal(await img.getAttribute('src'), new URL(hostUrl(react)).origin + '/icon/docker.svg');
      await shoot('signed-in-light');
      await page.getByRole('button', { name: 'Use dark theme' }).click();
      await page.waitForFunction(() => document.querySelector('section.settings coder-provider-settings').getAttribute('theme') === 'dark');
      await shoot('signed-in-dark');

      // A picture that does not load leaves the initials.
      avatar = '/icon/no-such-picture.png';
      await page.reload();
      await row.getByText('Signed in as Demo User').waitFor();
      await page.waitForFunction(() =>
        document.querySelector('section.settings coder-provider-settings').shadowRoot.querySelector('.auth-avatar img')?.hidden,
      );
      assert.equal(await row.locator('.auth-avatar-initials').textContent(), 'DU');
      assert.ok(await row.locator('.auth-avatar-initials').isVisible());
      await shoot('signed-in-no-picture');

      // By keyboard: Tab reaches Sign out (the avatar is not a stop), and
      // Enter signs out.
      const signOut = row.getByRole('button', { name: 'Sign out' });
      await signOut.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      assert.ok(await signOut.evaluate((b) => b.getRootNode().activeElement === b));
      await page.keyboard.press('Enter');
      await row.getByRole('button', { name: 'Sign in' }).waitFor();
      assert.equal(await row.locator('.auth-avatar').count(), 0);
      console.log(`settings row pictures:\n${pictures.join('\n')}`);
      // The browser logs the missing picture's 404; nothing else failed.
      assert.deepEqual(
        errors.filter((e) => !e.includes('/icon/no-such-picture.png')),
        [],
      );
    });

    test('the settings row signs out of the OAuth session, and every card follows', async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      await signInWithOAuth(browser.context, page);
      const settings = page.locator('section.settings coder-provider-settings');
      await settings.getByText('Signed in as Demo User').waitFor();

      await settings.getByRole('button', { name: 'Sign out' }).click();
      await settings.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
      await page.locator('#all-card').getByRole('form', SIGN_IN_FORM).waitFor();
      // Signed out on the backend too: a reload stays signed out.
      await page.reload();
      await page.locator('#all-card').getByRole('form', SIGN_IN_FORM).waitFor();
      assert.deepEqual(errors, []);
    });

    test("adopters' components on useCoderApi, useCoderAuth, useCoderQuery and useCoderWorkspacesConfig: the entity's config; templates, and a query sharing one request with the card, once signed in; an unlink and a 401 reach every card", async () => {
      browser = await launchBrowser();
      const { page, errors } = await openHost(browser.context, react);
      const templates = page.locator('#templates');
      const status = templates.locator('#templates-auth');
      await status.filter({ hasText: /^tokenMissing$/ }).waitFor();
      // useCoderWorkspacesConfig: the entity's config with no card around it.
      await page.locator('#entity-config-repo').filter({ hasText: 'https://github.com/coder/backstage-plugins' }).waitFor();
      assert.equal(await page.locator('#entity-config-template').textContent(), 'devcontainers');
      const create = new URL(await page.locator('#entity-config-create').getAttribute('href'));
      assert.equal(create.pathname, '/templates/devcontainers/workspace');
      assert.equal(create.searchParams.get('mode'), 'auto');
      assert.equal(create.searchParams.get('param.region'), 'us-pittsburgh');
      assert.equal(await templates.getByRole('listitem').count(), 0);
      const sent = [];
      page.on('request', (req) => {
        if (new URL(req.url()).pathname.endsWith('/api/v2/templates')) sent.push(req.headers());
      });

      // The all-workspaces card and the counts ask Coder the same query.
      const ownerMe = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.pathname.endsWith('/api/v2/workspaces') && url.searchParams.get('q') === 'owner:me') {
          ownerMe.push(url.search);
        }
      });

      // useCoderQuery: loading while signed out, nothing run.
      for (const id of ['#count-a', '#count-b']) {
        assert.equal(await page.locator(id).getAttribute('data-status'), 'loading');
      }
      assert.equal(await page.evaluate(() => window.hostQueryRuns ?? 0), 0);

      await signInWithOAuth(browser.context, page);
      await status.filter({ hasText: /^authenticated as demo$/ }).waitFor();
      // Two components, one key: one run, one answer for both.
      await page.locator('#count-a[data-status=success]').waitFor();
      await page.locator('#count-b[data-status=success]').waitFor();
      const count = await page.locator('#count-a').textContent();
      assert.match(count, /^\d+ workspaces$/);
      assert.equal(await page.locator('#count-b').textContent(), count);
      assert.equal(await page.evaluate(() => window.hostQueryRuns), 1, 'one run for both');
      // ...and one request for the card and the counts together.
      await page.locator('#all-card li').first().waitFor();
      assert.equal(count, `${(await listed(page, '#all-card')).length} workspaces`);
      assert.deepEqual(ownerMe, ['?q=owner%3Ame&limit=0'], 'the card and the query share one request');
      await templates.getByRole('listitem').first().waitFor();
      const names = await templates.getByRole('listitem').allTextContents();
      const expected = await page.evaluate(async () => {
        const api = document.querySelector('coder-provider').coderApi;
        return (await api.getTemplates()).map((t) => t.display_name || t.name);
      });
      assert.deepEqual(names, expected, 'the list is what Coder answered');
      assert.ok(names.length > 1, names.join(', '));
      assert.equal(sent.length, 2, 'the component and the check above each asked once');
      for (const headers of sent) assert.ok(headers['coder-session-token'], 'as the signed-in user');

      await templates.getByRole('button', { name: 'Unlink from the template list' }).click();
      await status.filter({ hasText: /^tokenMissing$/ }).waitFor();
      await page.locator('#count-a[data-status=loading]').waitFor();
      await page.locator('#count-b[data-status=loading]').waitFor();
      await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
      await page.locator('#all-card').getByRole('form', SIGN_IN_FORM).waitFor();
      assert.equal(await templates.getByRole('listitem').count(), 0);

      // Coder stops taking the token (revoked there): the adopter's next
      // call meets a 401, and every Coder component on the page signs out.
      await signInWithOAuth(browser.context, page);
      await status.filter({ hasText: /^authenticated as demo$/ }).waitFor();
      await page.locator('#count-a[data-status=success]').waitFor();
      const before = errors.length;
      const revoked = '**/coder/api/v2/**';
      await page.route(revoked, (route) => route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ message: 'You are signed out or your session has expired. Please log in again to continue.' }),
      }));
      const refused = await page.evaluate(() => document.querySelector('coder-provider').coderApi
        .getTemplates().then(() => 'answered', (e) => `${e.name} ${e.status}`));
      assert.equal(refused, 'CoderApiError 401');
      await status.filter({ hasNotText: /^authenticated/ }).waitFor();
      await page.locator('#count-a[data-status=loading]').waitFor();
      await page.locator('#all-card').getByRole('form', SIGN_IN_FORM).waitFor();
      await page.locator('#entity-card').getByRole('form', SIGN_IN_FORM).waitFor();
      await page.unroute(revoked);
      for (const error of errors.splice(before)) assert.match(error, /status of 401/, error);
      assert.deepEqual(errors, []);
    });
  });
}
