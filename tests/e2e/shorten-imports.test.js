// demo/scripts/shorten-imports.mjs on a hand-made module: the glue's
// imports get short names in the wasm and the glue alike, a snippet's
// imports keep theirs, and a glue that does not match stops the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demo/scripts/shorten-imports.mjs');

/** An unsigned LEB128 number. */
function leb(n) {
  const out = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n);
  return out;
}

const name = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];

/** A module importing three functions of type () -> (): two from the glue, one from a snippet. */
function module() {
  const imports = [
    ['./lib_bg.js', '__wbg_log_0123456789abcdef'],
    ['./snippets/x/define.js', 'defineElements'],
    ['./lib_bg.js', '__wbindgen_throw_fedcba9876543210'],
  ];
  const importBody = [imports.length, ...imports.flatMap(([m, f]) => [...name(m), ...name(f), 0x00, 0x00])];
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
    0x02, ...leb(importBody.length), ...importBody,
  ]);
}

const GLUE = `const import0 = { __proto__: null,
  __wbg_log_0123456789abcdef: function() { console.log('x'); },
  __wbindgen_throw_fedcba9876543210: function() { throw new Error('x'); },
};`;

function files(glue) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shorten-'));
  const wasm = path.join(dir, 'lib_bg.wasm');
  const js = path.join(dir, 'lib.js');
  writeFileSync(wasm, module());
  writeFileSync(js, glue);
  return { wasm, js };
}

test('glue imports get short names in the wasm and the glue alike', () => {
  const { wasm, js } = files(GLUE);
  execFileSync('node', [SCRIPT, wasm, js], { stdio: 'pipe' });
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm)));
  assert.deepEqual(
    imports.map((i) => `${i.module} ${i.name}`),
    ['./lib_bg.js a', './snippets/x/define.js defineElements', './lib_bg.js b'],
  );
  const glue = readFileSync(js, 'utf8');
  assert.match(glue, /\ba: function\(\) \{ console\.log/);
  assert.match(glue, /\bb: function\(\) \{ throw/);
  assert.doesNotMatch(glue, /__wbg_|__wbindgen_/);
});

test('a glue that does not name an import exactly once stops the build', () => {
  for (const glue of [
    GLUE.replace('__wbg_log_0123456789abcdef:', 'other:'),
    `${GLUE}\nimport0.__wbg_log_0123456789abcdef();`,
  ]) {
    const { wasm, js } = files(glue);
    const before = readFileSync(wasm);
    const run = spawnSync('node', [SCRIPT, wasm, js], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /expected __wbg_log_0123456789abcdef exactly once/);
    assert.deepEqual(readFileSync(wasm), before, 'the wasm is left as it was');
  }
});
