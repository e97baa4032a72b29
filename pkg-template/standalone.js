// Entry point for pages outside Backstage: the same elements, plus YAML
// input (`app-config` and `catalog-info` attributes). A larger wasm: use
// index.js in a Backstage app, which passes JS objects.
import init, { defineElements } from './coder_backstage_wasm_standalone.js';

let loading;

/** Resolves once the elements are defined. Safe to call any number of times. */
export function ready() {
  loading ??= init().then(() => defineElements());
  return loading;
}

ready();
