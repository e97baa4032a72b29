// Broken host objects and sign-in input: provider properties that are
// null, strings or objects without methods, odd pasted tokens, and an
// OAuth answer posted from another origin. Shared setup and the report:
// tests/e2e/hostile-suite.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_TOKEN, until } from './helpers.js';
import { short } from './hostile-report.mjs';
import { HOSTILE_QUERY, alertText, hostileSuite, pageResponsive, signIn } from './hostile-suite.mjs';

describe('hostile host objects and sign-in input', () => {
  const s = hostileSuite(import.meta.url);

  test('broken host objects get a specific message and the page keeps working', async () => {
    const cases = [
      { name: 'coderAuthApi = null', apis: { coderAuthApi: null } },
      { name: 'coderAuthApi = "a string"', apis: { coderAuthApi: 'a string' } },
      { name: 'coderAuthApi = {} (no methods)', apis: { coderAuthApi: {} } },
      { name: 'discoveryApi = {} (no getBaseUrl)', apis: { discoveryApi: {} } },
      { name: 'discoveryApi.getBaseUrl throws', apis: 'throwing-discovery' },
      { name: 'identityApi.getCredentials rejects', apis: 'rejecting-identity' },
    ];
    for (const c of cases) {
      const id = await s.page.evaluate(
        ({ apis, attrs }) => {
          const built =
            apis === 'throwing-discovery'
              ? { discoveryApi: { getBaseUrl() { throw new Error('discovery exploded'); } } }
              : apis === 'rejecting-identity'
                ? { identityApi: { getCredentials: () => Promise.reject(new Error('identity exploded')) } }
                : apis;
          // Signed out, so the card has to use these objects.
          sessionStorage.clear();
          return window.hostile.mount({ apis: built, attrs });
        },
        { apis: c.apis, attrs: HOSTILE_QUERY },
      );
      await s.page.waitForTimeout(300);
      const alerts = await alertText(s.page, id);
      const form = await s.page.locator(`#${id}`).getByLabel('Auth token').count();
      const oauth = await s.page.locator(`#${id}`).getByRole('button', { name: 'Sign in with Coder OAuth' }).count();
      const text = form && !/[.!]$/.test(alerts) ? `sign-in form, ${oauth ? 'with' : 'without'} the OAuth button` : alerts;
      assert.ok(text.length > 20, `${c.name}: the card says something (${text})`);
      await s.page.locator('#outside').click();
      s.row('Host objects (provider properties)', c.name, 'no crash: the card shows the sign-in form or a specific message; the page keeps working', short(text, 140));
      await s.page.evaluate(() => window.hostile.clear());
    }
    assert.deepEqual(s.log.errors, []);
  });

  test('tokens: odd pastes are refused with a reason and never sent', async () => {
    await s.withPage(async ({ page: p, log: log2 }) => {
      const cases = [
        { name: '1 MB token', value: 'x'.repeat(1_000_000) },
        { name: 'token with inner spaces', value: 'abc def' },
        { name: 'unicode token (found by this suite: it hung in "Authenticating…")', value: 'tökén-✓' },
        { name: 'token with leading/trailing whitespace', value: `  ${DEMO_TOKEN}\t`, signsIn: true },
      ];
      for (const c of cases) {
        const id = await p.evaluate((attrs) => window.hostile.mount({ attrs }), HOSTILE_QUERY);
        const card = p.locator(`#${id}`);
        await card.getByLabel('Auth token').fill(c.value);
        await card.getByRole('button', { name: 'Use token' }).click();
        let text = '';
        for (let i = 0; i < 25; i++) {
          await p.waitForTimeout(200);
          text = await alertText(p, id);
          if (!/Authenticating/.test(text)) break;
        }
        if (c.signsIn) assert.ok(await card.locator('li').count(), 'trimmed and accepted');
        const verdict = text.length > 200 ? `form again: …${text.slice(-90)}` : text;
        s.row('Tokens (pasted into the form)', c.name, c.signsIn ? 'trimmed, then accepted' : 'refused or rejected with a reason', c.signsIn ? 'signed in' : short(verdict, 130));
        await p.evaluate(() => {
          window.hostile.clear();
          sessionStorage.clear();
        });
      }
      const big = log2.requests.filter((u) => u.length > 10_000);
      assert.deepEqual(big, [], 'the 1 MB token never went into a URL');
    }, { ownBrowser: true, tokenCheck: false });
  });

  test('an OAuth answer posted from another origin is ignored', async () => {
    // Not in the token check: the frame's URL carries the token on purpose.
    await s.withPage(async ({ page: p }) => {
      const id = await p.evaluate((attrs) => window.hostile.mount({ attrs }), HOSTILE_QUERY);
      await p.locator(`#${id}`).getByLabel('Auth token').waitFor();
      const other = s.base.replace('127.0.0.1', 'localhost');
      await p.evaluate(
        (src) =>
          new Promise((resolve) => {
            const frame = document.createElement('iframe');
            frame.src = src;
            frame.onload = resolve;
            document.body.append(frame);
          }),
        `${other}/hostile-frame.html?token=${DEMO_TOKEN}`,
      );
      await p.waitForTimeout(800);
      assert.equal(await p.locator(`#${id}`).locator('li').count(), 0, 'still signed out');
      assert.ok(await p.locator(`#${id}`).getByLabel('Auth token').isVisible());
      s.row('Host page', `postMessage of a well-formed authorization_response (valid token) from ${new URL(other).origin}`, 'ignored: the card stays signed out', 'sign-in form still shown, no list');
    }, { ownBrowser: true, tokenCheck: false });
  });

  test('coderAuthApi = {} (an object without methods): what the card does', async () => {
    await s.withPage(async ({ page: p, log: log2 }) => {
      const id = await p.evaluate(() => {
        sessionStorage.clear();
        return window.hostile.mount({ apis: { coderAuthApi: {} }, attrs: { 'default-query': 'name:auth-empty' } });
      });
      const card = p.locator(`#${id}`);
      await card.getByLabel('Auth token').waitFor();
      const oauth = card.getByRole('button', { name: 'Sign in with Coder OAuth' });
      const offered = (await oauth.count()) > 0;
      let clicked = 'no OAuth button to click';
      if (offered) {
        await oauth.click();
        clicked = await until(async () => {
          const t = await alertText(p, id);
          return /getAccessToken/.test(t) ? t : null;
        }, { timeout: 5000, what: 'a message about getAccessToken' }).catch(() => alertText(p, id));
      }
      await signIn(p, id);
      await card.getByRole('button', { name: 'See additional workspace actions' }).click();
      await card.getByRole('menuitem', { name: 'Unlink Coder account' }).click();
      await card.getByLabel('Auth token').waitFor();
      await pageResponsive(p);
      s.row(
        'Host objects (provider properties)',
        'coderAuthApi = {}: "Sign in with Coder OAuth", then a pasted token, then Unlink',
        'no crash or uncaught error; no OAuth button, or one whose click names the missing method; the token form still works',
        `${offered ? `OAuth button offered; clicking it shows "${short(clicked, 160)}"` : 'no OAuth button (the object counts as no OAuth API)'}; the pasted token signed in; Unlink (signOut missing too) went back to the form without an error`,
      );
      assert.deepEqual(log2.errors, []);
      if (offered) assert.match(clicked, /coderAuthApi\.getAccessToken/);
    });
  });

  s.tokenNeverLeaks();
});
