// Browser helpers of tests/elements.rs, one module (see tests/common/harness.js
// for why not an inline snippet each).
export function setHugeAttribute(el, name, prefix, n) { el.setAttribute(name, prefix + 'x'.repeat(n)); }
export function installTracker() {
  if (globalThis.__coderTracker) return;
  const t = { listeners: [], timeouts: new Set(), intervals: new Set() };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const capture = (o) => typeof o === 'boolean' ? o : !!(o && o.capture);
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    t.listeners.push({ target: this, type, fn, capture: capture(opts) });
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const c = capture(opts);
    const i = t.listeners.findIndex((l) => l.target === this && l.type === type && l.fn === fn && l.capture === c);
    if (i >= 0) t.listeners.splice(i, 1);
    return remove.call(this, type, fn, opts);
  };
  const st = globalThis.setTimeout, ct = globalThis.clearTimeout;
  const si = globalThis.setInterval, ci = globalThis.clearInterval;
  globalThis.setTimeout = function (fn, ms, ...args) {
    const id = st(function () { t.timeouts.delete(id); return typeof fn === 'function' ? fn.apply(this, args) : undefined; }, ms);
    t.timeouts.add(id);
    return id;
  };
  globalThis.clearTimeout = function (id) { t.timeouts.delete(id); return ct(id); };
  globalThis.setInterval = function (...a) { const id = si(...a); t.intervals.add(id); return id; };
  globalThis.clearInterval = function (id) { t.intervals.delete(id); return ci(id); };
  globalThis.__coderTracker = t;
}
export function resetTracker() { const t = globalThis.__coderTracker; t.listeners.length = 0; }
// Listeners still registered, except Yew's delegated listeners on its mount
// element, which Yew never removes by design and which are collected with
// that detached element.
export function liveListeners() {
  return globalThis.__coderTracker.listeners
    .filter((l) => !(l.target instanceof Element && l.target.hasAttribute('data-coder-mount')))
    .map((l) => l.type + ' on ' + (l.target.nodeName || String(l.target)));
}
export function pendingTimers() {
  const t = globalThis.__coderTracker;
  return t.timeouts.size + t.intervals.size;
}
// The events the browser fires for an uncaught error and an unhandled
// rejection, dispatched by hand: a real one would also reach the test
// runner's own page harness, which then hung a CI run.
export function throwLater() {
  setTimeout(() => window.dispatchEvent(new ErrorEvent('error', { message: 'thrown in a timer' })), 0);
}
export function rejectUnhandled() {
  const reason = new Error('rejected, never awaited');
  const promise = Promise.reject(reason);
  promise.catch(() => {});
  window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise, reason }));
}
