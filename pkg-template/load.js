// The Backstage build of the wasm (JS object input, no YAML). Nothing
// happens on import: the React wrappers call ready() when they first mount,
// so an app fetches the wasm only on pages that show Coder. Bundlers
// (Vite, webpack 5) copy the .wasm asset through the
// `new URL(..., import.meta.url)` in the wasm-bindgen glue.
import init, { defineElements } from './coder_backstage_wasm.js';
import { loader } from './loader.js';

/**
 * Resolves once <coder-provider>, <coder-workspaces-card> and
 * <coder-provider-settings> are defined; elements already on the page
 * upgrade then. Safe to call any number of times.
 */
export const ready = loader(init, defineElements);
