// The workspaces card's look, measured in the browser: what screenshots
// show but unit tests cannot see (boxes, computed colours, focus rings).
// One page is shared by the file: the logo is checked signed out, then the
// entity card is signed in with the demo token and its workspaces answer
// is padded to ROWS rows (so the list is longer than its box); the theme
// and width tests run last because they change the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_TOKEN, launchBrowser, openDemo, screenshot, sleep, until } from './helpers.js';

/** Rows every workspaces answer is padded to (the entity card merges two). */
const ROWS = 12;
const CARD = '#entity-card';

/** `rgb()`/`rgba()` text → [r, g, b, a]. */
function rgba(text) {
  const m = text.match(/rgba?\(([^)]+)\)/);
  assert.ok(m, `a colour: ${text}`);
  const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return [r, g, b, a];
}

/** WCAG relative luminance of an opaque colour. */
function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The card's primary colour, as the browser computes `var(--_accent)`. */
function accent(page) {
  return page.locator(CARD).evaluate((host) => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--_accent)';
    host.shadowRoot.querySelector('.card').append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  });
}

/** Whether the list's bottom scroll hint is showing. */
function hintShown(page) {
  return page.locator(`${CARD} .list-scroll`).evaluate((scroller) => {
    const after = getComputedStyle(scroller.parentElement, '::after');
    return after.content !== 'none' && after.backgroundImage !== 'none' && Number(after.opacity) > 0.5;
  });
}

describe('the workspaces card looks like a Backstage card', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launchBrowser();
    ({ page } = await openDemo(browser.context));
    await page.setViewportSize({ width: 1400, height: 900 });
    // More workspaces than the list's box holds: copies of the real ones
    // under new ids and names.
    await page.route(/\/api\/v2\/workspaces(\?|$)/, async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      const real = body.workspaces ?? [];
      const workspaces = [];
      for (let i = 0; real.length && workspaces.length < ROWS; i += 1) {
        const w = structuredClone(real[i % real.length]);
        if (i >= real.length) {
          w.id = `${w.id.slice(0, -4)}${String(1000 + i)}`;
          w.name = `${w.name}-${i}`;
        }
        workspaces.push(w);
      }
      await route.fulfill({ response: res, json: { ...body, workspaces, count: workspaces.length } });
    });
  });

  after(async () => {
    if (page) await screenshot(page, 'card-look').catch(() => {});
    await browser?.close();
  });

  test('the Coder logo is a "C" followed by a smaller square', async () => {
    for (const host of [CARD, 'coder-provider-settings']) {
      const logo = page.locator(`${host} svg.auth-logo`).first();
      await logo.waitFor();
      const parts = await logo.evaluate((svg) => {
        const box = (el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, height: r.height };
        };
        return { c: box(svg.querySelector('path')), square: box(svg.querySelector('rect')) };
      });
      assert.ok(parts.c.right <= parts.square.left, `${host}: the C is left of the square: ${JSON.stringify(parts)}`);
      assert.ok(parts.c.height > parts.square.height * 1.3, `${host}: the C is the larger: ${JSON.stringify(parts)}`);
    }
  });

  test('signed in, a list longer than its box shows part of the next row and a hint until the end', async () => {
    const card = page.locator(CARD);
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByLabel('Auth token').press('Enter');
    await until(async () => (await card.locator('li').count()) >= ROWS, { what: `${ROWS} rows` });
    await page.mouse.move(0, 0);
    const scroller = card.locator('.list-scroll');
    const seen = await scroller.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const rows = [...el.querySelectorAll('li')].map((li) => li.getBoundingClientRect());
      const cut = rows.find((r) => r.bottom > box.bottom + 0.5);
      return {
        overflows: el.scrollHeight > el.clientHeight,
        shown: cut ? box.bottom - Math.max(cut.top, box.top) : null,
        height: cut?.height ?? null,
      };
    });
    assert.ok(seen.overflows, 'the list scrolls');
    assert.ok(seen.shown !== null, 'a row is cut by the bottom edge');
    assert.ok(
      seen.shown >= seen.height * 0.25 && seen.shown <= seen.height * 0.75,
      `the first hidden row shows a quarter to three quarters of itself: ${seen.shown} of ${seen.height} px`,
    );
    await until(() => hintShown(page), { what: 'the scroll hint' });

    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await until(async () => !(await hintShown(page)), { what: 'the hint to go at the end of the list' });
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
    });
    await until(() => hintShown(page), { what: 'the hint to come back' });
  });

  test('Open is an outlined button in the primary colour, with hover and focus states', async () => {
    const card = page.locator(CARD);
    const row = card.locator('li').first();
    const open = row.getByRole('link', { name: /^Open workspace for / });
    const shown = await open.evaluate((el) => {
      const copy = el.cloneNode(true);
      for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
      return { text: copy.textContent.trim(), transform: getComputedStyle(el).textTransform };
    });
    assert.deepEqual(shown, { text: 'Open', transform: 'uppercase' }, 'the link shows OPEN (the rest is for screen readers)');
    const primary = await accent(page);
    const style = await open.evaluate((el) => {
      const s = getComputedStyle(el);
      return { border: s.borderTopColor, width: s.borderTopWidth, style: s.borderTopStyle, color: s.color, bg: s.backgroundColor };
    });
    assert.equal(style.style, 'solid');
    assert.ok(parseFloat(style.width) >= 1, `a border: ${style.width}`);
    assert.deepEqual(rgba(style.border).slice(0, 3), rgba(primary).slice(0, 3), 'primary border');
    assert.deepEqual(rgba(style.color), rgba(primary), 'primary text');

    await open.hover();
    await until(
      async () => (await open.evaluate((el) => getComputedStyle(el).backgroundColor)) !== style.bg,
      { what: 'a hover background' },
    );
    await page.mouse.move(0, 0);

    // Keyboard: search field, clear button, then the first row's Open.
    await card.locator('input[type="search"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const ring = await open.evaluate((el) => ({
      focused: el.getRootNode().activeElement === el && el.matches(':focus-visible'),
      outline: getComputedStyle(el).outlineStyle,
      color: getComputedStyle(el).outlineColor,
    }));
    assert.ok(ring.focused, 'Tab reaches the first Open');
    assert.notEqual(ring.outline, 'none', 'a focus ring');
    assert.deepEqual(rgba(ring.color).slice(0, 3), rgba(primary).slice(0, 3), 'ring in the primary colour');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
  });

  test('each row reads icon, name over status, Open; the dot is filled and 6 px from its word', async () => {
    const rows = page.locator(`${CARD} li`);
    for (let i = 0; i < 4; i += 1) {
      const row = rows.nth(i);
      const box = await row.evaluate((li) => {
        const r = (el) => el.getBoundingClientRect();
        const status = li.querySelector('.status');
        const dot = status.querySelector('.status-dot');
        const word = [...status.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
        const range = document.createRange();
        range.selectNodeContents(word);
        const s = getComputedStyle(dot);
        return {
          name: r(li.querySelector('.ws-name')),
          status: r(status),
          dot: r(dot),
          word: range.getBoundingClientRect(),
          open: r(li.querySelector('a')),
          fill: s.backgroundColor,
          borderWidth: parseFloat(s.borderTopWidth),
          borderColor: s.borderTopColor,
        };
      });
      assert.ok(box.status.top >= box.name.bottom - 1, `row ${i}: the status is under the name`);
      assert.ok(Math.abs(box.status.left - box.name.left) <= 4, `row ${i}: the status starts where the name does`);
      assert.ok(box.open.left >= box.name.right, `row ${i}: Open is right of the name`);
      assert.ok(box.word.left - box.dot.right >= 6, `row ${i}: ${box.word.left - box.dot.right} px between dot and word`);
      assert.equal(rgba(box.fill)[3], 1, `row ${i}: the dot is filled`);
      if (box.borderWidth > 0) {
        assert.deepEqual(rgba(box.borderColor), rgba(box.fill), `row ${i}: one colour, no ring`);
      }
    }
  });

  test("the clear button's focus ring stays inside the search box", async () => {
    const card = page.locator(CARD);
    await card.locator('input[type="search"]').focus();
    await page.keyboard.press('Tab');
    const m = await card.locator('.search').evaluate((box) => {
      const button = box.querySelector('button');
      const s = getComputedStyle(button);
      const grow = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth);
      const b = button.getBoundingClientRect();
      const f = box.getBoundingClientRect();
      return {
        focused: button.matches(':focus-visible') && s.outlineStyle !== 'none',
        ring: { top: b.top - grow, bottom: b.bottom + grow, left: b.left - grow, right: b.right + grow },
        box: { top: f.top, bottom: f.bottom, left: f.left, right: f.right },
      };
    });
    assert.ok(m.focused, 'the clear button shows a focus ring');
    const gap = 2;
    assert.ok(
      m.ring.top >= m.box.top + gap && m.ring.bottom <= m.box.bottom - gap && m.ring.right <= m.box.right - gap,
      `the ring ${JSON.stringify(m.ring)} keeps ${gap} px inside the box ${JSON.stringify(m.box)}`,
    );
    await page.locator('body').click({ position: { x: 5, y: 5 } });
  });

  test('in the dark theme Online is a clear filled green and Offline a muted grey', async () => {
    await page.locator('#theme-toggle').click();
    await until(() => page.locator(CARD).evaluate((el) => el.getAttribute('theme') === 'dark'), { what: 'dark theme' });
    await sleep(300); // colour transitions
    const seen = await page.locator(CARD).evaluate((host) => {
      const root = host.shadowRoot;
      const dot = (status) => {
        const el = root.querySelector(`.status[data-status="${status}"] .status-dot`);
        return el && getComputedStyle(el).backgroundColor;
      };
      return {
        bg: getComputedStyle(root.querySelector('.card')).backgroundColor,
        online: dot('online'),
        offline: dot('offline'),
      };
    });
    assert.ok(seen.online && seen.offline, `an Online and an Offline row: ${JSON.stringify(seen)}`);
    const [bg, online, offline] = [seen.bg, seen.online, seen.offline].map(rgba);
    assert.equal(online[3], 1, 'Online is filled');
    assert.ok(online[1] > online[0] + 40 && online[1] > online[2] + 40, `Online is green: ${seen.online}`);
    assert.ok(luminance(online) > luminance(offline), 'Online is brighter than Offline on the dark card');
    assert.ok(contrast(online, bg) >= 3, `Online stands out: ${contrast(online, bg).toFixed(2)}:1`);
    assert.ok(
      contrast(online, bg) > contrast(offline, bg) + 1,
      `Offline is the muted one: ${contrast(offline, bg).toFixed(2)}:1 vs ${contrast(online, bg).toFixed(2)}:1`,
    );
    const [r, g, b] = offline;
    assert.ok(Math.max(r, g, b) - Math.min(r, g, b) <= 16, `Offline is grey: ${seen.offline}`);
  });

  test('at 400 px nothing sticks out of the card and names keep the row', async () => {
    await page.setViewportSize({ width: 400, height: 900 });
    await sleep(300);
    const m = await page.locator(CARD).evaluate((host) => {
      const root = host.shadowRoot;
      const card = root.querySelector('.card').getBoundingClientRect();
      const out = [...root.querySelectorAll('*')]
        .filter((el) => !el.closest('.sr-only') && el.getClientRects().length)
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 1 && (r.left < card.left - 0.5 || r.right > card.right + 0.5);
        })
        .map((el) => el.className?.baseVal ?? el.className ?? el.localName);
      const rows = [...root.querySelectorAll('li')].slice(0, 4).map((li) => {
        const name = li.querySelector('.ws-name');
        return {
          text: name.textContent,
          cut: name.scrollWidth > name.clientWidth + 1,
          twoLines: li.querySelector('.status').getBoundingClientRect().top >= name.getBoundingClientRect().bottom - 1,
        };
      });
      return { out, rows };
    });
    assert.deepEqual(m.out, [], 'no element crosses the card edge');
    for (const row of m.rows) {
      assert.ok(row.twoLines, `${row.text}: the status is under the name`);
      assert.ok(!row.cut, `${row.text}: the name is not cut`);
    }
  });
});
