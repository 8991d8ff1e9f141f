import { CaseStatus } from './practice-case.enums';
import { CaseFreshness, isConfirmationDue, monthsBefore, swedishDate } from './practice-case.freshness';

const at = (iso: string) => new CaseFreshness({ now: () => new Date(iso) }, 12).at();

test('monthsBefore keeps the time of day and clamps a day the earlier month lacks', () => {
  expect(monthsBefore(new Date('2026-12-01T10:15:00Z'), 12).toISOString()).toBe('2025-12-01T10:15:00.000Z');
  expect(monthsBefore(new Date('2026-05-31T00:00:00Z'), 3).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  expect(monthsBefore(new Date('2028-03-31T08:00:00Z'), 1).toISOString()).toBe('2028-02-29T08:00:00.000Z');
  expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 13).toISOString()).toBe('2024-12-15T00:00:00.000Z');
});

test('"today" is the date in Sweden, not in UTC', () => {
  expect(swedishDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  expect(swedishDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  expect(swedishDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
});

describe('isConfirmationDue', () => {
  const now = at('2026-12-01T12:00:00Z');
  const published = { status: CaseStatus.PUBLISHED, publishedAt: new Date('2024-01-01T00:00:00Z'), lastConfirmedAt: null, endedOn: null };

  test('due once the last confirmation (else the publication) is older than the interval', () => {
    expect(isConfirmationDue(published, now)).toBe(true);
    expect(isConfirmationDue({ ...published, lastConfirmedAt: new Date('2026-01-01T00:00:00Z') }, now)).toBe(false);
    expect(isConfirmationDue({ ...published, lastConfirmedAt: new Date('2025-12-01T11:59:59Z') }, now)).toBe(true);
    expect(isConfirmationDue({ ...published, lastConfirmedAt: new Date('2025-12-01T12:00:00Z') }, now)).toBe(false);
  });

  test('never for unpublished cases, nor for a practice that ended on or before today', () => {
    for (const status of [CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.ARCHIVED]) expect(isConfirmationDue({ ...published, status }, now)).toBe(false);
    expect(isConfirmationDue({ ...published, endedOn: '2026-12-01' }, now)).toBe(false);
    expect(isConfirmationDue({ ...published, endedOn: '2026-12-02' }, now)).toBe(true);
  });
});
