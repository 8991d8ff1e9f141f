// "Still running?": a published case whose owners have not confirmed it for longer than
// the confirmation interval (CONFIRMATION_INTERVAL_MONTHS) is *due*. Being due changes
// with the calendar alone, so nothing stores it: every reader (the confirmationDue field,
// the list filter, the search filter, the digest) computes it from the same moment here.
import type { Clock } from '../../core/clock';
import { CaseStatus } from './practice-case.enums';

/** What the rule reads of a case: a CaseView and a PracticeCase entity both have it. */
export interface FreshnessFacts {
  status: CaseStatus;
  lastConfirmedAt?: Date | null;
  publishedAt?: Date | null;
  /** YYYY-MM-DD. */
  endedOn?: string | null;
}

/** One moment and what it means for the rule: confirmed before `cutoff` is due, unless ended on or before `today`. */
export interface FreshnessMoment {
  now: Date;
  cutoff: Date;
  /** The date in Sweden (YYYY-MM-DD): the practice's own calendar, whatever the server's time zone. */
  today: string;
}

const SWEDISH_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date in Sweden at `now`, as YYYY-MM-DD. */
export function swedishDate(now: Date): string {
  return SWEDISH_DAY.format(now);
}

/** `now` moved back by whole months; a day the earlier month lacks becomes its last day (31 May − 3 months = 28/29 Feb). */
export function monthsBefore(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(now.getTime());
  out.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay));
  return out;
}

/** When the case was last vouched for: a confirmation, else its first publication. */
export function confirmedAt(c: FreshnessFacts): Date | null {
  return c.lastConfirmedAt ?? c.publishedAt ?? null;
}

/** An end date on or before today: the practice has ended, and there is nothing left to confirm. */
export function hasEnded(c: Pick<FreshnessFacts, 'endedOn'>, today: string): boolean {
  return !!c.endedOn && c.endedOn <= today;
}

export function isConfirmationDue(c: FreshnessFacts, at: FreshnessMoment): boolean {
  const confirmed = confirmedAt(c);
  return c.status === CaseStatus.PUBLISHED && !hasEnded(c, at.today) && confirmed !== null && confirmed < at.cutoff;
}

/** The clock and the interval of one running system; services read "now" only through it. */
export class CaseFreshness {
  constructor(
    readonly clock: Clock,
    readonly intervalMonths: number,
  ) {}

  at(now: Date = this.clock.now()): FreshnessMoment {
    return { now, cutoff: monthsBefore(now, this.intervalMonths), today: swedishDate(now) };
  }

  isDue(c: FreshnessFacts): boolean {
    return isConfirmationDue(c, this.at());
  }

  /**
   * The SQL form of isConfirmationDue on `practice_case c`, with its parameters. Its
   * negation is the same condition under `not`: every column it reads is set for a
   * published case, and a draft's null publication makes `coalesce(...) < ?` null, so
   * `not (...)` must be `is not true` to keep drafts among the cases that are not due.
   */
  dueSql(at: FreshnessMoment = this.at()): { sql: string; params: unknown[] } {
    return {
      sql: `c.status = 'PUBLISHED' and coalesce(c.last_confirmed_at, c.published_at) < ? and (c.ended_on is null or c.ended_on > ?::date)`,
      params: [at.cutoff, at.today],
    };
  }
}
