// One loader for both wasm builds: init once, define the elements, and try
// again on the next call after a failed load (a network error, a blocked
// .wasm) instead of caching the failure.

/**
 * @param {() => Promise<unknown>} init the wasm-bindgen glue's default export
 * @param {() => void} defineElements the glue's `defineElements`
 * @returns {() => Promise<void>} `ready()`
 */
export function loader(init, defineElements) {
  let loading;
  return function ready() {
    loading ??= init()
      .then(() => defineElements())
      .catch((error) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
}

/** Reports a failed load on the console (no token or config is in it). */
export function reportLoadError(error) {
  console.error('backstage-plugin-coder-wasm: the elements could not load:', error);
}
