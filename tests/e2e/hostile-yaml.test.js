// Hostile YAML for the standalone build (app-config and catalog-info
// attributes): alias bombs, 100 MB, deep nesting, repeated keys, several
// documents and wrong types each get a specific error in the card, without
// hanging the page. Shared setup and the report: tests/e2e/hostile-suite.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_TOKEN, until } from './helpers.js';
import { YAML_CASES } from './hostile-cases.mjs';
import { mb, short } from './hostile-report.mjs';
import { hostileSuite, pageResponsive } from './hostile-suite.mjs';

describe('hostile YAML', () => {
  const s = hostileSuite(import.meta.url, { cases: YAML_CASES });

  // Its cases share one page, so one at a time.
  describe('YAML input (standalone build)', { concurrency: 1 }, () => {
    const YAML = 'YAML input (standalone build: app-config and catalog-info attributes)';
    let p;
    let log2;
    before(async () => {
      log2 = s.newLog();
      p = await s.openPage(s.browser.context, log2, '/hostile-yaml.html');
    });
    after(async () => {
      await p?.close();
    });

    YAML_CASES.forEach((c, index) => {
      test(`YAML: ${c.input}`, c.bug ? { todo: c.bug } : {}, async () => {
        const wasm0 = await p.evaluate(() => window.hostileYaml.wasmMemory());
        const t0 = Date.now();
        // Setting the attributes parses them synchronously: this call
        // returns when the page's main thread is free again.
        const id = await p.evaluate((c) => window.hostileYaml.mount(c), {
          appConfig: c.appConfig,
          catalogInfo: c.catalogInfo,
          attrs: c.attrs,
        });
        const blocked = Date.now() - t0;
        // An error, or (input accepted) the sign-in form.
        const shown = await until(
          () =>
            p.locator(`#${id}`).evaluate((el) => {
              const root = el.shadowRoot;
              const alerts = [...root.querySelectorAll('[role=alert]')].map((a) => a.innerText.replace(/\s+/g, ' ').trim());
              if (alerts.length) return { alert: alerts.join(' / ') };
              if (root.querySelector('form')) {
                return {
                  form: root.querySelector('a[href$="/cli-auth"]')?.getAttribute('href') ?? 'no token link',
                  create: root.querySelector('a[href*="/templates/"]')?.getAttribute('href'),
                };
              }
              return null;
            }),
          { timeout: 20_000, what: `${c.input}: an error or the form` },
        );
        const took = Date.now() - t0;
        const responsive = await pageResponsive(p);
        const wasm1 = await p.evaluate(() => window.hostileYaml.wasmMemory());
        if (c.signIn && shown.form) {
          // Accepted: sign in to see which value the creation link got.
          const card = p.locator(`#${id}`);
          await card.getByLabel('Auth token').fill(DEMO_TOKEN);
          await card.getByRole('button', { name: 'Use token' }).click();
          shown.create = await card.locator('a[href*="/templates/"]').first().getAttribute('href');
        }
        await p.evaluate(() => {
          window.hostileYaml.clear();
          sessionStorage.clear();
        });
        const what = shown.alert
          ? `"${short(shown.alert, 200)}"`
          : `no error: accepted, the sign-in form for ${shown.form}${shown.create ? `, creation link ${shown.create}` : ''}`;
        const extra = c.size ? `; wasm memory ${mb(wasm0)} → ${mb(wasm1)}` : '';
        s.row(YAML, c.input, `a specific error in the card (${c.expect.source}); no hang, the page keeps working`, `${what} after ${took} ms (the page was blocked for ${blocked} ms); then the page answered in ${responsive} ms${extra}`, index);
        assert.ok(shown.alert, `${c.input}: an error, not ${what}`);
        assert.match(shown.alert, c.expect);
        assert.ok(took < 10_000, `shown after ${took} ms`);
        assert.deepEqual(log2.errors, []);
        c.passed = true;
      });
    });
  });

  s.tokenNeverLeaks();
});
