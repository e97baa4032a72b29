// Hostile workspace data, access URLs and entity data: markup, script, RTL
// and 10,000-character fields show as text and run nothing, odd shapes
// never blank the card, only safe icon URLs load, unsafe access URLs are
// refused by name, and entity params cannot add parameters to the creation
// link. Shared setup and the report: tests/e2e/hostile-suite.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ICON_CASES, SHAPE_CASES, TEXT_CASES } from './hostile-cases.mjs';
import { short } from './hostile-report.mjs';
import { ACCESS_URL, HOSTILE_QUERY, cardText, hostileSuite, signIn } from './hostile-suite.mjs';

/** What could run or navigate anywhere in a card's shadow tree. */
function audit(page, id) {
  return page.locator(`#${id}`).evaluate((host) => {
    const root = host.shadowRoot;
    const all = [...root.querySelectorAll('*')];
    return {
      pwned: window.__pwned,
      polluted: {}.polluted,
      scripts: all.filter((el) => el.localName === 'script').length,
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
      urls: all.flatMap((el) => ['href', 'src']
        .map((a) => ({ attr: a, tag: el.localName, value: el.getAttribute(a) }))
        .filter((u) => u.value !== null)),
      rows: [...root.querySelectorAll('li')].map((li) => ({
        text: li.textContent,
        href: li.querySelector('a')?.getAttribute('href') ?? null,
        img: li.querySelector('img')?.getAttribute('src') ?? null,
      })),
    };
  });
}

describe('hostile workspace fields, icons, access URLs and entity data', () => {
  const s = hostileSuite(import.meta.url);

  test('workspace fields: markup shows as text, nothing runs, odd shapes never blank the card', async () => {
    const id = await s.page.evaluate((attrs) => window.hostile.mount({ attrs }), HOSTILE_QUERY);
    await signIn(s.page, id);
    await s.page.waitForTimeout(500);
    const a = await audit(s.page, id);

    assert.equal(a.pwned, undefined, 'no payload ran');
    assert.equal(a.polluted, undefined, 'no prototype pollution');
    assert.equal(a.scripts, 0);
    assert.deepEqual(a.handlers, []);
    // Links and direct icons are http(s); an icon fetched through the proxy
    // is an <img> data: URL we built, of an allowed image type only.
    const FETCHED_ICON = /^data:image\/(svg\+xml|png|jpeg|gif|webp|avif|x-icon|vnd\.microsoft\.icon);base64,[A-Za-z0-9+/]+=*$/;
    for (const { attr, tag, value } of a.urls) {
      if (attr === 'src' && tag === 'img' && value.startsWith('data:')) assert.match(value, FETCHED_ICON, `a fetched icon: ${short(value)}`);
      else assert.match(value, /^https?:\/\//, `only http(s) URLs: ${short(value)}`);
    }

    for (const c of TEXT_CASES) {
      const shown = a.rows.find((r) => r.text.includes(c.value));
      const linked = a.rows.find((r) => r.href?.includes(encodeURIComponent(c.value)));
      const observed = shown ? 'shown as text' : linked ? 'only in the (encoded) link' : 'not shown';
      if (c.field === 'name') assert.ok(shown, `${c.id}: the name shows as text`);
      s.row('Workspace fields', `${c.field} = ${short(c.value)}`, 'text, never markup; nothing runs', `${observed}; __pwned unset; 0 script elements`);
    }
    const named = (name) => a.rows.find((r) => r.href?.endsWith(`/${name}`));
    for (const c of SHAPE_CASES) {
      const hit = a.rows.find((r) => r.href?.includes(`/${c.id}`)) ?? (typeof c.fields.name === 'string' && c.fields.name ? named(c.fields.name) : undefined);
      s.row('Workspace fields', `${c.note} (${c.id})`, 'the card keeps working: row shown or skipped', hit ? `row shown: "${short(hit.text.trim(), 50)}"` : 'row skipped');
    }
    const good = ['owner-null', 'build-missing', 'status-number', 'extra-fields'];
    for (const name of good) assert.ok(a.rows.some((r) => r.text.includes(name)), `${name} still listed`);
    s.row('Workspace fields', '"__proto__": {"polluted": 1} in a workspace', 'no prototype pollution', `({}).polluted = ${a.polluted}`);

    // An allowed icon is requested: a deployment path through the proxy
    // (fetched with the Backstage token), a deployment URL by the <img>
    // (coder.example.com does not exist here, so it falls back to the
    // initial); checked by what the browser requested.
    const requested = (url) => s.log.requests.includes(url);
    const iconUrl = (icon) => (icon.startsWith('/') ? `${s.base}/api/proxy/coder${icon}` : icon);
    for (const c of ICON_CASES) {
      const r = a.rows.find((x) => x.text.includes(c.id));
      assert.ok(r, `${c.id} is listed`);
      const loaded = requested(iconUrl(c.icon)) || (r.img !== null && r.img === iconUrl(c.icon));
      if (c.allowed) assert.ok(loaded, `${c.id}: icon requested`);
      else assert.ok(r.img === null && !s.log.requests.some((u) => u.includes(c.icon.slice(0, 40)) && c.icon.length > 8), `${c.id}: icon refused (${short(c.icon)})`);
      s.row('Template icons (deployment https://coder.example.com)', c.label ?? short(c.icon), c.allowed ? (c.icon.startsWith('/') ? 'fetched through the proxy with the Backstage token, shown as a data: URL' : '<img> requests it') : 'no <img>, no request; initial shown', loaded ? `requested ${short(iconUrl(c.icon), 60)}` : r.img ? `<img src="${short(r.img, 60)}">` : 'no <img>, no request; initial letter');
    }
    assert.deepEqual(s.log.errors, []);
    await s.page.evaluate(() => window.hostile.clear());
  });

  test('access URLs: unsafe ones are refused by name; good ones are normalized', async () => {
    const cases = [
      { url: 'javascript:alert(1)', ok: false },
      { url: '/coder', ok: false },
      { url: 'coder.example.com', ok: false },
      { url: 'https://user:pw@coder.example.com', ok: false },
      { url: 'https://coder.example.com///', ok: true, base: 'https://coder.example.com' },
      { url: 'https://coder.example.com/coder/', ok: true, base: 'https://coder.example.com/coder' },
    ];
    for (const c of cases) {
      const id = await s.page.evaluate(
        ({ url, attrs }) => window.hostile.mount({ appConfig: { deployment: { accessUrl: url } }, attrs }),
        { url: c.url, attrs: HOSTILE_QUERY },
      );
      await s.page.waitForTimeout(100);
      const text = await cardText(s.page, id);
      let observed;
      if (c.ok) {
        // The token page link (signed out) or the workspace links (signed
        // in: the same deployment) start with the normalized URL.
        await s.page.waitForTimeout(400);
        const hrefs = await s.page
          .locator(`#${id}`)
          .evaluate((el) => [...el.shadowRoot.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')));
        const link = hrefs.find((h) => h.startsWith(`${c.base}/`));
        assert.ok(link, `${c.url}: links start with ${c.base}/: ${hrefs}`);
        assert.ok(hrefs.every((h) => !h.includes('///') && !h.slice(8).includes('//')), `no doubled slashes: ${hrefs}`);
        observed = `links like ${short(link, 60)}`;
      } else {
        assert.match(text, /deployment\.accessUrl/, `${c.url}: names the field`);
        observed = short(text.slice(text.indexOf('deployment.accessUrl')), 110);
      }
      s.row('App config (appConfig.deployment.accessUrl)', c.url, c.ok ? `accepted as ${c.base}` : 'refused, naming deployment.accessUrl', observed);
      await s.page.evaluate(() => window.hostile.clear());
    }
  });

  test('entity params cannot inject parameters into the creation link', async () => {
    const entity = {
      metadata: { name: 'x', annotations: {} },
      spec: { coder: { templateName: 'tpl/../x', params: { 'a&b=c': 'x&y=z#frag', q: '" onmouseover="alert(1)' } } },
    };
    const id = await s.page.evaluate(
      ({ entity, ACCESS }) =>
        window.hostile.mount({
          appConfig: { deployment: { accessUrl: ACCESS } },
          attrs: { 'read-entity-data': '', 'default-query': 'template:hostile' },
          entity,
        }),
      { entity, ACCESS: ACCESS_URL },
    );
    await s.page.locator(`#${id}`).locator('header, .card').first().waitFor();
    const href = await s.page
      .locator(`#${id}`)
      .evaluate((el) => [...el.shadowRoot.querySelectorAll('a')].map((a) => a.href).find((h) => h.includes('/templates/')));
    assert.ok(href, 'a creation link');
    const url = new URL(href);
    assert.equal(url.origin, ACCESS_URL);
    assert.equal(url.hash, '');
    assert.equal(url.searchParams.get('param.a&b=c'), 'x&y=z#frag');
    assert.equal(url.searchParams.get('param.q'), '" onmouseover="alert(1)');
    assert.equal(url.searchParams.get('y'), null, 'no injected parameter');
    assert.ok(!url.pathname.includes('/../'), `template name stays one segment: ${url.pathname}`);
    s.row('Entity data (spec.coder)', 'params {"a&b=c": "x&y=z#frag", q: "\\" onmouseover=…"}, templateName "tpl/../x"', 'every key and value encoded; no extra parameter; template one path segment', short(href, 200));
    await s.page.evaluate(() => window.hostile.clear());
  });

  s.tokenNeverLeaks();
});
