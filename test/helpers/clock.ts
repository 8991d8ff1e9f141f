// A clock a test can move: it runs with the real time plus an offset, so timestamps
// written during a test still order as they happen, and "a year later" is one call.
import type { Clock } from '../../server/src/core/clock';

export class MovableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward (or back, with a negative count) by whole days. */
  advanceDays(days: number): void {
    this.offsetMs += days * 86_400_000;
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
