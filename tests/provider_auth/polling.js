// Browser helpers of polling.rs, one module (see tests/common/harness.js for
// why not an inline snippet each).
export function setVisibility(state) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}
let seen = [];
let observer = null;
export function observeMutations(root) {
  observer?.disconnect();
  seen = [];
  observer = new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const li = node?.closest('li');
      const name = li?.querySelector('a[href*="/@"]')?.href.split('/').pop() ?? '(list)';
      seen.push(name);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
}
export function takeMutations() { const out = seen; seen = []; return out; }
