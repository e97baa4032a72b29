// Renames the wasm's imports from its JS glue to short names, in the wasm
// and in the glue alike: usage shorten-imports.mjs <module_bg.wasm> <glue.js>
//
// wasm-bindgen names each import `__wbg_<function>_<16 hex digits>`. There
// are about two hundred, each written once in the wasm and once in the
// glue, and the hex does not compress: together about 6 KB of the gzipped
// bundle for names nobody reads. Only imports of the glue module itself
// are renamed (not those of snippet modules, whose names are their
// exports). The glue must name each one exactly once, as the key of its
// import object; anything else stops the build rather than risk a glue
// that no longer matches its wasm.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error('usage: shorten-imports.mjs <module_bg.wasm> <glue.js>');
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');
const glueModule = `./${path.basename(wasmPath, '.wasm')}.js`;

function fail(message) {
  console.error(`shorten-imports: ${message}`);
  process.exit(1);
}

// ---- LEB128 and names --------------------------------------------------

function readU32(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    if (byte < 0x80) return [value >>> 0, at];
    shift += 7;
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function readName(buf, at) {
  const [len, start] = readU32(buf, at);
  return [buf.toString('utf8', start, start + len), start + len];
}

const encodeName = (name) => Buffer.concat([u32(Buffer.byteLength(name)), Buffer.from(name)]);

/** Skips an import's description (function, table, memory, global, tag). */
function skipDescription(buf, at) {
  const kind = buf[at++];
  const limits = () => {
    const flags = buf[at++];
    [, at] = readU32(buf, at);
    if (flags & 1) [, at] = readU32(buf, at);
  };
  switch (kind) {
    case 0x00: [, at] = readU32(buf, at); break; // function: type index
    case 0x01: at += 1; limits(); break; // table: reftype, limits
    case 0x02: limits(); break; // memory
    case 0x03: at += 2; break; // global: valtype, mutability
    case 0x04: at += 1; [, at] = readU32(buf, at); break; // tag
    default: fail(`unknown import kind ${kind}`);
  }
  return at;
}

/** a, b, … z, A … Z, then two letters: valid JS identifiers, never keywords. */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[i % letters.length] + name;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return name;
}

// ---- the import section --------------------------------------------------

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const sections = [];
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = readU32(wasm, at + 1);
  sections.push({ id, start, end: start + size, raw: wasm.subarray(at, start + size) });
  at = start + size;
}
const importSection = sections.find((s) => s.id === 2);
if (!importSection) fail('the wasm has no import section');

let p = importSection.start;
let count;
[count, p] = readU32(wasm, p);
const parts = [u32(count)];
const renames = new Map();
for (let i = 0; i < count; i++) {
  let module;
  let field;
  [module, p] = readName(wasm, p);
  [field, p] = readName(wasm, p);
  const descStart = p;
  p = skipDescription(wasm, p);
  if (module === glueModule && /^__wb(g|indgen)_/.test(field)) {
    if (!renames.has(field)) renames.set(field, shortName(renames.size));
    field = renames.get(field);
  }
  parts.push(encodeName(module), encodeName(field), wasm.subarray(descStart, p));
}
if (p !== importSection.end) fail('the import section did not parse to its end');

// ---- the glue ------------------------------------------------------------

for (const [long, short] of renames) {
  // Exactly one use, as an object key: `name: function` (or a method).
  const uses = glue.split(long).length - 1;
  const key = new RegExp(`(?<![\\w$])${long}(?=\\s*[:(])`);
  if (uses !== 1 || !key.test(glue)) {
    fail(`expected ${long} exactly once in ${gluePath} as an import key, found ${uses} uses`);
  }
  glue = glue.replace(key, short);
}

const body = Buffer.concat(parts);
const rebuilt = Buffer.concat([
  wasm.subarray(0, 8),
  ...sections.map((s) => (s === importSection ? Buffer.concat([Buffer.from([2]), u32(body.length), body]) : s.raw)),
]);
writeFileSync(wasmPath, rebuilt);
writeFileSync(gluePath, glue);
console.error(`shorten-imports: ${renames.size} imports renamed in ${path.basename(wasmPath)}`);
