// Browser helpers of the card component tests, one module (see
// tests/common/harness.js for why not an inline snippet each).
// ---- actions_menu.rs ----
export function installClickCounter() {
  if (globalThis.__cardClicks) return;
  // Counts click listeners added to a document since installation.
  const t = { n: 0, fns: new Set() };
  const add = Document.prototype.addEventListener;
  const remove = Document.prototype.removeEventListener;
  Document.prototype.addEventListener = function (type, fn, opts) {
    if (type === 'click' && !t.fns.has(fn)) { t.fns.add(fn); t.n += 1; }
    return add.call(this, type, fn, opts);
  };
  Document.prototype.removeEventListener = function (type, fn, opts) {
    if (type === 'click' && t.fns.delete(fn)) t.n -= 1;
    return remove.call(this, type, fn, opts);
  };
  globalThis.__cardClicks = t;
}
export function documentClickListeners() { return globalThis.__cardClicks.n; }
// ---- list_item.rs ----
export function countClicks(el) {
  const box = { n: 0 };
  el.addEventListener('click', (e) => { box.n += 1; e.preventDefault(); });
  return () => box.n;
}
// ---- windowed_list.rs ----
export function scrollAndWait(el, top) {
  el.scrollTop = top;
  return new Promise((resolve) => el.addEventListener('scroll', () => resolve(), { once: true }));
}
