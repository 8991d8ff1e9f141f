// Where "now" comes from for rules that turn on the calendar rather than on a write:
// whether a case is due for confirmation, which day the confirmation digest is for.
// Those change as time passes with nothing written, so tests must be able to move time;
// they hand the system a clock of their own (test/helpers/clock.ts) instead of patching Date.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
