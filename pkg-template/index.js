// Entry point for Backstage apps: loads the wasm once (bundlers copy the
// .wasm asset through the `new URL(..., import.meta.url)` in the glue) and
// defines <coder-provider>, <coder-workspaces-card> and
// <coder-provider-settings>. Elements already on the page upgrade then.
import init, { defineElements } from './coder_backstage_wasm.js';

let loading;

/** Resolves once the elements are defined. Safe to call any number of times. */
export function ready() {
  loading ??= init().then(() => defineElements());
  return loading;
}

ready();
