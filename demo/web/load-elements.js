// Loads the package's elements for a demo page and says in #status how that
// went. The package is imported dynamically: a static import of a missing
// pkg/ file fails the page's whole module graph, so nothing would ever
// replace "Loading…".

const LOADED = 'Rust/WebAssembly elements loaded.';
const FIX = 'Run ./demo/run.sh to build pkg/ and serve it ' +
  '(if it is running, reload once its build has finished).';

/**
 * Imports `entry` (e.g. '/pkg/elements.js'), whose glue fetches `wasm`, and
 * waits for the elements to be defined. Resolves either way: a failure is
 * reported in #status, not thrown.
 */
export async function loadElements(entry, wasm) {
  const status = document.getElementById('status');
  try {
    const { ready } = await import(entry);
    await ready();
    status.textContent = LOADED;
  } catch (error) {
    status.textContent = await describeFailure(error, [entry, wasm]);
    status.classList.add('failed');
  }
}

// The import and init errors are the browser's and the glue's wording, not
// always naming the file that was missing: ask the server for each file
// again, so the message names the first one it refuses.
async function describeFailure(error, files) {
  const reason = error?.message ?? String(error);
  for (const file of files) {
    let res;
    try {
      res = await fetch(file, { method: 'HEAD', cache: 'no-store' });
    } catch {
      return `Could not load the WebAssembly elements: the demo server does not answer (${reason}). ` +
        'Start it with ./demo/run.sh.';
    }
    if (!res.ok) {
      return `Could not load the WebAssembly elements: ${file} answered ` +
        `${res.status}${res.statusText ? ` ${res.statusText}` : ''}. ${FIX}`;
    }
  }
  return `Could not load the WebAssembly elements: ${reason}. ${FIX} ` +
    'The browser console has the details.';
}
