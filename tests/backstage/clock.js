// Preloaded into a test backend (start.sh, BACKSTAGE_CLOCK_CONTROL=1) so a
// test can move the backend's clock: SIGUSR2 toggles it two hours ahead.
// Every Backstage token the browser holds is then expired for the backend
// (its lifetime is an hour) while the browser, whose clock did not move,
// still trusts it: what clock skew or a sleeping laptop's stale tab does.
// Only time moves; Backstage's code and keys are untouched.
'use strict';

const RealDate = Date;
const SHIFT_MS = 2 * 60 * 60 * 1000;
let offset = 0;

function ShiftedDate(...args) {
  if (!new.target) return new RealDate(RealDate.now() + offset).toString();
  return Reflect.construct(RealDate, args.length ? args : [RealDate.now() + offset], new.target);
}
ShiftedDate.prototype = RealDate.prototype;
Object.setPrototypeOf(ShiftedDate, RealDate);
ShiftedDate.now = () => RealDate.now() + offset;
globalThis.Date = ShiftedDate;

process.on('SIGUSR2', () => {
  offset = offset ? 0 : SHIFT_MS;
  process.stdout.write(`clock.js: backend clock ${offset ? 'two hours ahead' : 'back to real time'}\n`);
});
