// Entry point for pages outside Backstage: the same elements, plus YAML
// input (`app-config` and `catalog-info` attributes). A larger wasm: a
// Backstage app uses the package root, which passes JS objects.
import init, { defineElements } from './coder_backstage_wasm_standalone.js';
import { loader, reportLoadError } from './loader.js';

/** Resolves once the elements are defined. Safe to call any number of times. */
export const ready = loader(init, defineElements);

ready().catch(reportLoadError);
