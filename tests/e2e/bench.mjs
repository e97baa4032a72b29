// Benchmark figures for ./tests/bench.sh (not part of the test suite):
// prints "name value unit" lines and writes target/bench.json. Timings are
// medians of RUNS page loads in headless Chromium against the demo server.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DEMO_URL, launchBrowser } from './helpers.js';

const ROOT = process.env.REPO_ROOT;
const RUNS = Number(process.env.BENCH_RUNS || 10);
const figures = [];
const out = (name, value, unit) => {
  figures.push({ name, value, unit });
  console.log(`${name} ${typeof value === 'number' ? Math.round(value * 10) / 10 : value} ${unit}`);
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// 1. What a Backstage app bundles for us: the wasm, its JS glue, the
// element shim, the loader and the React wrappers (the package root).
const pkg = path.join(ROOT, 'pkg');
const snippets = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (!p.includes('standalone')) snippets.push(p);
  }
};
walk(path.join(pkg, 'snippets'));
const files = ['coder_backstage_wasm_bg.wasm', 'coder_backstage_wasm.js', 'index.js', 'load.js', 'loader.js']
  .map((f) => path.join(pkg, f))
  .concat(snippets);
let raw = 0;
let gz = 0;
let br = 0;
for (const f of files) {
  const data = readFileSync(f);
  raw += data.length;
  gz += zlib.gzipSync(data, { level: 9 }).length;
  br += zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}
out('bundle_raw', raw, 'bytes');
out('bundle_gzip', gz, 'bytes');
out('bundle_brotli', br, 'bytes');
const wasm = readFileSync(path.join(pkg, 'coder_backstage_wasm_bg.wasm'));
out('wasm_gzip', zlib.gzipSync(wasm, { level: 9 }).length, 'bytes');

// 2 and 3. Start-up and time to a painted list, in fresh pages.
const browser = await launchBrowser();
try {
  const instantiate = [];
  const paint = [];
  const dom = [];
  const trips = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${DEMO_URL}/bench.html?token=${process.env.BENCH_TOKEN}&rows=20`);
    await page.waitForFunction(() => window.__bench?.paintMs !== undefined, null, { timeout: 20_000 });
    const b = await page.evaluate(() => window.__bench);
    instantiate.push(b.instantiateMs);
    paint.push(b.paintMs);
    dom.push(b.domMs);
    trips.push(b.usersMeMs + b.workspacesMs + b.identityMs);
    await page.close();
  }
  out('wasm_fetch_compile_instantiate_median', median(instantiate), 'ms');
  out('connected_to_20_rows_in_dom_median', median(dom), 'ms');
  out('connected_to_20_rows_painted_median', median(paint), 'ms');
  out('network_round_trips_median', median(trips), 'ms');
  out('paint_beyond_round_trips_median', median(paint.map((p, i) => p - trips[i])), 'ms');
} finally {
  await browser.close();
}

mkdirSync(path.join(ROOT, 'target'), { recursive: true });
writeFileSync(path.join(ROOT, 'target', 'bench.json'), JSON.stringify(figures, null, 2));
