// Screenshots of the demo page for humans: the card and the settings row,
// light and dark, signed out and in, at 1400 and 400 px wide. Run through
// tests/screenshots/run.sh (it starts a demo server and sets DEMO_URL).
// Writes target/screenshots/<label>/*.png; with README_DIR set, also the
// README's four pictures there.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_TOKEN, launchBrowser, openDemo, sleep } from '../e2e/helpers.js';

const label = process.env.SHOT_LABEL || 'latest';
const outDir = path.resolve(process.env.REPO_ROOT || '.', 'target/screenshots', label);
const readmeDir = process.env.README_DIR || '';

async function shoot(context, { width, theme, signedIn }) {
  const { page } = await openDemo(context);
  await page.setViewportSize({ width, height: 900 });
  if (theme === 'dark') await page.locator('#theme-toggle').click();
  if (signedIn) {
    const card = page.locator('#entity-card');
    await card.getByLabel('Auth token').fill(DEMO_TOKEN);
    await card.getByLabel('Auth token').press('Enter');
    await card.getByRole('list').first().waitFor();
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
