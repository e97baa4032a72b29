// Screenshots of the demo page for humans: the card and the settings row,
// light and dark, signed out and in, at 1400 and 400 px wide. Run through
// tests/screenshots/run.sh (it starts a demo server and sets DEMO_URL).
// Writes target/screenshots/<label>/*.png; with README_DIR set, also the
// README's four pictures there.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_TOKEN, clearFaults, launchBrowser, openDemo, resetDemo, setFaults, sleep } from '../e2e/helpers.js';

const label = process.env.SHOT_LABEL || 'latest';
const outDir = path.resolve(process.env.REPO_ROOT || '.', 'target/screenshots', label);
const readmeDir = process.env.README_DIR || '';

/** Signs the demo page in with the token, through the entity card. */
async function signIn(page) {
  const card = page.locator('#entity-card');
  await card.getByLabel('Auth token').fill(DEMO_TOKEN);
  await card.getByLabel('Auth token').press('Enter');
  await card.locator('li').first().waitFor();
}

/**
 * States a user meets besides signed in and out, each a card picture at
 * both widths and themes: the list kept but not current during an outage,
 * and a cancelled OAuth window.
 */
const STATES = {
  async 'not-current'(page) {
    await signIn(page);
    await setFaults({ fail_rate: 1, fail_status: 503 });
    const card = page.locator('#entity-card');
    await card.getByRole('button', { name: 'See additional workspace actions' }).click();
    await card.getByRole('menuitem', { name: 'Refresh' }).click();
    await card.getByText('Not current').waitFor();
  },
  // The row actions (on the entity card's rows; the server's builds take
  // 3 s a phase here, so a transition can be pictured).
  async 'actions-menu'(page) {
    await signIn(page);
    await openRowMenu(page, 'backstage-plugins');
  },
  async 'actions-confirm'(page) {
    await signIn(page);
    await openRowMenu(page, 'backstage-plugins');
    await page.locator('#entity-card [role=menu]').getByRole('menuitem', { name: 'Stop', exact: true }).click();
    await page.locator('#entity-card dialog[open]').waitFor();
  },
  async 'actions-starting'(page) {
    await signIn(page);
    await openRowMenu(page, 'bp-old-branch');
    await page.locator('#entity-card [role=menu]').getByRole('menuitem', { name: 'Start', exact: true }).click();
    await page.locator('#entity-card .status', { hasText: 'Starting' }).waitFor();
  },
  async 'actions-error'(page) {
    await signIn(page);
    await setFaults({ build_status: 409 });
    await openRowMenu(page, 'bp-old-branch');
    await page.locator('#entity-card [role=menu]').getByRole('menuitem', { name: 'Start', exact: true }).click();
    await page.locator('#entity-card .row-error').waitFor();
    await page.locator('#entity-card .row-error').scrollIntoViewIfNeeded();
  },
  async 'oauth-cancelled'(page) {
    const opened = page.context().waitForEvent('page');
    await page.locator('#entity-card').getByRole('button', { name: 'Sign in with Coder OAuth' }).click();
    await (await opened).close();
    await page.locator('#entity-card').getByText('Coder sign-in was cancelled', { exact: false }).waitFor();
  },
};

/** Opens the actions menu of `name`'s row in the entity card. */
async function openRowMenu(page, name) {
  const card = page.locator('#entity-card');
  const row = card.locator('li.ws-item').filter({ has: page.locator(`a.ws-open[href$="/${name}"]`) });
  await row.getByRole('button', { name: `Workspace actions for ${name}`, exact: true }).click();
  await card.locator('[role=menu] [role=menuitem]').first().waitFor();
  await sleep(300);
}

async function shootState(context, state, { width, theme }) {
  const { page } = await openDemo(context);
  await page.setViewportSize({ width, height: 900 });
  if (theme === 'dark') await page.locator('#theme-toggle').click();
  try {
    await STATES[state](page);
    await page.mouse.move(0, 0);
    await sleep(500);
    const file = path.join(outDir, `${state}-${theme}-${width}-card.png`);
    if (state.startsWith('actions-')) {
      // The menu and the dialog float over the page: the viewport shows them.
      await page.screenshot({ path: file });
    } else {
      await page.locator('#entity-card').screenshot({ path: file });
    }
    return file;
  } finally {
    await clearFaults();
    await resetDemo();
    await page.close();
  }
}

async function shoot(context, { width, theme, signedIn }) {
  const { page } = await openDemo(context);
  await page.setViewportSize({ width, height: 900 });
  if (theme === 'dark') await page.locator('#theme-toggle').click();
  if (signedIn) {
    await signIn(page);
  }
  // Let fonts, icons and the first poll settle; move the mouse away so
  // no hover state is pictured.
  await page.mouse.move(0, 0);
  await sleep(800);
  const name = `${signedIn ? 'signed-in' : 'signed-out'}-${theme}-${width}`;
  const files = {};
  files.page = path.join(outDir, `${name}-page.png`);
  await page.screenshot({ path: files.page, fullPage: true });
  files.card = path.join(outDir, `${name}-card.png`);
  await page.locator('#entity-card').screenshot({ path: files.card });
  await page.close();
  return { name, files };
}

await mkdir(outDir, { recursive: true });
const browser = await launchBrowser();
const shots = [];
try {
  for (const signedIn of [false, true]) {
    for (const theme of ['light', 'dark']) {
      for (const width of [1400, 400]) {
        shots.push(await shoot(browser.context, { width, theme, signedIn }));
      }
    }
  }
  for (const state of Object.keys(STATES)) {
    for (const theme of ['light', 'dark']) {
      for (const width of [1400, 400]) {
        console.log(await shootState(browser.context, state, { width, theme }));
      }
    }
  }
} finally {
  await browser.close();
}
for (const s of shots) console.log(`${s.files.page}\n${s.files.card}`);
if (readmeDir) {
  await mkdir(readmeDir, { recursive: true });
  for (const s of shots.filter((s) => s.name.endsWith('-1400'))) {
    const to = path.join(readmeDir, `card-${s.name.replace(/-1400$/, '')}.png`);
    await copyFile(s.files.card, to);
    console.log(to);
  }
}
