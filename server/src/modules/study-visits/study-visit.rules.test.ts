import 'reflect-metadata';
import { StudyVisitStatus as S } from './study-visit.enums';
import { addDays, daysInRange, nextVisitStatus, quarterOf, rangeProblem, requestFingerprint, spanOf, todayInSweden } from './study-visit.rules';
import { groupLinks } from './exchange-network.service';
import { ExchangeEdgeKind } from './study-visit.enums';

describe('visit state machine', () => {
  test.each([
    [S.REQUESTED, 'accept', S.ACCEPTED],
    [S.REQUESTED, 'decline', S.DECLINED],
    [S.REQUESTED, 'cancel', S.CANCELLED],
    [S.ACCEPTED, 'cancel', S.CANCELLED],
    [S.ACCEPTED, 'complete', S.COMPLETED],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextVisitStatus(from, action)).toBe(to);
  });

  test.each([
    [S.REQUESTED, 'complete'],
    [S.ACCEPTED, 'accept'],
    [S.ACCEPTED, 'decline'],
    [S.DECLINED, 'accept'],
    [S.DECLINED, 'cancel'],
    [S.CANCELLED, 'accept'],
    [S.CANCELLED, 'complete'],
    [S.COMPLETED, 'cancel'],
    [S.COMPLETED, 'complete'],
  ] as const)('%s cannot %s', (from, action) => {
    expect(nextVisitStatus(from, action)).toBeNull();
  });
});

describe('date ranges', () => {
  test('length counts both ends', () => {
    expect(daysInRange({ start: '2019-10-24', end: '2019-10-24' })).toBe(1);
    expect(daysInRange({ start: '2024-02-28', end: '2024-03-01' })).toBe(3);
  });

  test('problems', () => {
    expect(rangeProblem({ start: '2030-01-01', end: '2030-01-05' }, '2029-12-31')).toBeNull();
    expect(rangeProblem({ start: '2030-01-01', end: '2030-01-06' }, '2029-12-31')).toBe('TOO_LONG');
    expect(rangeProblem({ start: '2030-01-02', end: '2030-01-01' }, '2029-12-31')).toBe('END_BEFORE_START');
    expect(rangeProblem({ start: '2029-12-30', end: '2030-01-01' }, '2029-12-31')).toBe('IN_THE_PAST');
    expect(rangeProblem({ start: '2029-12-30', end: '2030-01-01' }, null)).toBeNull();
    expect(rangeProblem({ start: '2030-02-30', end: '2030-03-01' }, null)).toBe('INVALID_DATE');
  });

  test('quarters and spans', () => {
    expect(quarterOf('2019-10-24')).toEqual({ start: '2019-10-01', end: '2019-12-31' });
    expect(quarterOf('2024-02-29')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterOf('2024-06-30')).toEqual({ start: '2024-04-01', end: '2024-06-30' });
    expect(spanOf([{ start: '2030-03-02', end: '2030-03-03' }, { start: '2030-01-10', end: '2030-01-11' }])).toEqual({ start: '2030-01-10', end: '2030-03-03' });
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
  });

  test('today is a Swedish calendar date', () => {
    // 23:30 UTC on New Year's Eve is already New Year's Day in Stockholm.
    expect(todayInSweden(new Date('2029-12-31T23:30:00Z'))).toBe('2030-01-01');
  });
});

test('fingerprints ignore key order but not values', () => {
  expect(requestFingerprint({ a: 1, b: [1, 2] })).toBe(requestFingerprint({ b: [1, 2], a: 1 }));
  expect(requestFingerprint({ a: 1, b: [1, 2] })).not.toBe(requestFingerprint({ a: 1, b: [2, 1] }));
});

test('links group per direction and kind, self-links dropped', () => {
  const edges = groupLinks([
    { kind: ExchangeEdgeKind.STUDY_VISIT, from: '0686', to: '0884', on: '2019-10-24', caseId: 'c1', visitId: 'v1' },
    { kind: ExchangeEdgeKind.STUDY_VISIT, from: '0686', to: '0884', on: '2021-03-01', caseId: 'c1', visitId: 'v2' },
    { kind: ExchangeEdgeKind.STUDY_VISIT, from: '0884', to: '0686', on: '2020-01-01', caseId: null, visitId: 'v3' },
    { kind: ExchangeEdgeKind.ADAPTATION, from: '0686', to: '0884', on: null, caseId: 'c2', visitId: null },
    { kind: ExchangeEdgeKind.ADAPTATION, from: '0884', to: '0884', on: null, caseId: 'c3', visitId: null },
  ]);
  expect(edges.map((e) => [e.kind, e.from, e.to, e.count])).toEqual([
    ['ADAPTATION', '0686', '0884', 1],
    ['STUDY_VISIT', '0686', '0884', 2],
    ['STUDY_VISIT', '0884', '0686', 1],
  ]);
  expect(edges[1]).toMatchObject({ caseIds: ['c1'], visitIds: ['v1', 'v2'], firstOn: '2019-10-24', lastOn: '2021-03-01' });
});
