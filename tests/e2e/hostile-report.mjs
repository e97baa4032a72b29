// The hostile-input report: each tests/e2e/hostile-*.test.js file saves its
// rows to target/e2e/hostile-report/NAME.json when it ends, and
// tests/e2e/run.sh runs this module as a script after node --test to put
// them together as target/e2e/hostile-report.md. The report is a build
// artifact, not a committed file: its "observed" column holds ports and
// timings that change on every run. Sections come in SECTION_ORDER and
// files by name, so the report reads the same whichever file ends first.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACT_DIR } from './helpers.js';

const FRAGMENT_DIR = path.join(ARTIFACT_DIR, 'hostile-report');
export const REPORT = path.join(ARTIFACT_DIR, 'hostile-report.md');

/** Sections in report order; sections not listed follow, by name. */
const SECTION_ORDER = [
  'Workspace fields',
  'Template icons (deployment https://coder.example.com)',
  'App config (appConfig.deployment.accessUrl)',
  'Entity data (spec.coder)',
  'Host objects (provider properties)',
  'Tokens (pasted into the form)',
  'Host page',
  'Faults (demo server fault injection)',
  "Workspaces endpoint answers (faults scoped to one card's query)",
  'Many cards, moved cards',
  'YAML input (standalone build: app-config and catalog-info attributes)',
  'Memory',
  'Token hygiene (each test file)',
];

export const short = (text, n = 70) => {
  const s = String(text);
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
};
export const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
export const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
export const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A markdown table cell; bidi controls are named so they cannot reorder the report. */
const cell = (text) =>
  String(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\n/g, ' ')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `U+${c.codePointAt(0).toString(16).toUpperCase()}`);

/**
 * The rows of one test file (`name`, e.g. "hostile-faults").
 * `cases`: its case lists' entries marked `bug`, for the bug list.
 */
export function reportRows(name, cases = []) {
  const rows = [];
  return {
    /** Adds a row; `order` sorts rows that concurrent tests add. */
    row(section, input, expected, observed, order = rows.length) {
      rows.push({ section, input, expected, observed, order });
    },
    /** Writes this file's rows for the assembly after the run. */
    async save() {
      const bugs = cases.filter((c) => c.bug).map((c) => ({ input: c.input, bug: c.bug, passed: !!c.passed }));
      await mkdir(FRAGMENT_DIR, { recursive: true });
      await writeFile(path.join(FRAGMENT_DIR, `${name}.json`), JSON.stringify({ name, rows, bugs }));
    },
  };
}

/** Removes the rows of an earlier run, so a report holds this run's files only. */
export async function clearReport() {
  await rm(FRAGMENT_DIR, { recursive: true, force: true });
  await rm(REPORT, { force: true });
}

/** Writes REPORT from the saved rows; returns the number of rows (0: no report). */
export async function assembleReport() {
  const names = (await readdir(FRAGMENT_DIR).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
  const files = await Promise.all(names.map(async (f) => JSON.parse(await readFile(path.join(FRAGMENT_DIR, f), 'utf8'))));
  const sections = new Map(SECTION_ORDER.map((s) => [s, []]));
  const extra = new Set();
  for (const [fileIndex, file] of files.entries()) {
    for (const r of file.rows) {
      if (!sections.has(r.section)) extra.add(r.section);
      const list = sections.get(r.section) ?? [];
      sections.set(r.section, list);
      list.push({ ...r, fileIndex });
    }
  }
  const ordered = [...SECTION_ORDER, ...[...extra].sort()];
  const rowCount = files.reduce((n, f) => n + f.rows.length, 0);
  if (!rowCount) return 0;

  const lines = [
    '# Hostile input report',
    '',
    'Put together by `tests/e2e/run.sh` from the rows of the',
    `\`tests/e2e/hostile-*.test.js\` files that ran (${files.map((f) => f.name).join(', ')}):`,
    'release build, headless Chromium, demo server. "Expected" is what the',
    'tests assert; "observed" is what the page showed in this run.',
    '',
  ];
  const bugs = files.flatMap((f) => f.bugs);
  if (bugs.length) {
    lines.push(
      '## Product bugs found by this suite',
      '',
      'Their cases assert the right behaviour and are marked todo until fixed.',
      '',
      ...bugs.map((c) => `- ${cell(c.input)}: ${cell(c.bug)}${c.passed ? ' (**passed in this run: drop the todo mark**)' : ''}`),
      '',
    );
  }
  for (const section of ordered) {
    const rows = sections.get(section);
    if (!rows.length) continue;
    rows.sort((a, b) => a.fileIndex - b.fileIndex || a.order - b.order);
    lines.push(`## ${section}`, '', '| input | expected | observed |', '| --- | --- | --- |');
    for (const r of rows) lines.push(`| ${cell(r.input)} | ${cell(r.expected)} | ${cell(r.observed)} |`);
    lines.push('');
  }
  const tmp = `${REPORT}.tmp`;
  await writeFile(tmp, lines.join('\n'));
  await rename(tmp, REPORT);
  return rowCount;
}

// run.sh: `node hostile-report.mjs --clear` before the tests, without
// arguments after them.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--clear') {
    await clearReport();
  } else if (await assembleReport()) {
    console.log(`hostile report: ${path.relative(process.cwd(), REPORT)}`);
  }
}
