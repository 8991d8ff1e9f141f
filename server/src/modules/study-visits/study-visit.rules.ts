// Pure rules of study visits: the state machine, date ranges and quarters, and the
// fingerprint that tells an idempotent retry from a reused key.
// Unit-tested in study-visit.rules.test.ts; the service combines them with the database.
import { createHash } from 'node:crypto';
import { isIsoDate } from '../../core/scalars';
import { StudyVisitStatus } from './study-visit.enums';
import type { DateRangeValue } from './study-visit.entity';

export type VisitAction = 'accept' | 'decline' | 'cancel' | 'complete';

const TRANSITIONS: Record<VisitAction, { from: StudyVisitStatus[]; to: StudyVisitStatus }> = {
  accept: { from: [StudyVisitStatus.REQUESTED], to: StudyVisitStatus.ACCEPTED },
  decline: { from: [StudyVisitStatus.REQUESTED], to: StudyVisitStatus.DECLINED },
  cancel: { from: [StudyVisitStatus.REQUESTED, StudyVisitStatus.ACCEPTED], to: StudyVisitStatus.CANCELLED },
  complete: { from: [StudyVisitStatus.ACCEPTED], to: StudyVisitStatus.COMPLETED },
};

export function nextVisitStatus(current: StudyVisitStatus, action: VisitAction): StudyVisitStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(current) ? rule.to : null;
}

export const VISIT_LIMITS = {
  purpose: 2000,
  reason: 2000,
  report: 5000,
  minParticipants: 1,
  maxParticipants: 50,
  minRanges: 1,
  maxRanges: 5,
  maxDays: 5,
  idempotencyKey: 255,
} as const;

const DAY = 86_400_000;

function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
}

export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * DAY).toISOString().slice(0, 10);
}

/** Days covered by a range, both ends included. */
export function daysInRange(range: DateRangeValue): number {
  return dayNumber(range.end) - dayNumber(range.start) + 1;
}

/** Today's date in Sweden, where every visit takes place. */
export function todayInSweden(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export type RangeProblem = 'INVALID_DATE' | 'END_BEFORE_START' | 'TOO_LONG' | 'IN_THE_PAST';

/** What is wrong with one proposed range; null when it is fine. Seed data passes `today: null` to skip the past check. */
export function rangeProblem(range: DateRangeValue, today: string | null): RangeProblem | null {
  if (!isIsoDate(range.start) || !isIsoDate(range.end)) return 'INVALID_DATE';
  if (range.end < range.start) return 'END_BEFORE_START';
  if (daysInRange(range) > VISIT_LIMITS.maxDays) return 'TOO_LONG';
  if (today !== null && range.start < today) return 'IN_THE_PAST';
  return null;
}

export const RANGE_MESSAGES: Record<RangeProblem, string> = {
  INVALID_DATE: 'dates must be ISO calendar dates',
  END_BEFORE_START: 'end is before start',
  TOO_LONG: `a visit lasts 1–${VISIT_LIMITS.maxDays} days`,
  IN_THE_PAST: 'the range starts in the past',
};

/** The span covering every range. */
export function spanOf(ranges: DateRangeValue[]): DateRangeValue {
  return {
    start: ranges.reduce((min, r) => (r.start < min ? r.start : min), ranges[0].start),
    end: ranges.reduce((max, r) => (r.end > max ? r.end : max), ranges[0].end),
  };
}

/** The calendar quarter a date falls in, as an inclusive range. */
export function quarterOf(iso: string): DateRangeValue {
  const year = Number(iso.slice(0, 4));
  const q = Math.floor((Number(iso.slice(5, 7)) - 1) / 3);
  const start = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  const nextStart = q === 3 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 4).padStart(2, '0')}-01`;
  return { start, end: addDays(nextStart, -1) };
}

export const sameRange = (a: DateRangeValue, b: DateRangeValue) => a.start === b.start && a.end === b.end;

/** Stable JSON (sorted keys), so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestFingerprint(normalisedRequest: Record<string, unknown>): string {
  return createHash('sha256').update(canonical(normalisedRequest)).digest('hex');
}
