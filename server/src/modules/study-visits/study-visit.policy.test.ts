import 'reflect-metadata';
import { ANONYMOUS, SYSTEM, type Viewer } from '../../core/context';
import { StudyVisitStatus as S } from './study-visit.enums';
import {
  canAct,
  canRead,
  canReadPersonalDetails,
  canRecordPastVisits,
  canRequestFor,
  canRequestVisits,
  canSetHostingOffer,
  canVisitAsOrganization,
  speaksFor,
  visibleStatuses,
  type ClientOrganization,
  type VisitSides,
} from './study-visit.policy';

const ALL = ['read', 'study-visits:write', 'cases:write'];
const user = (role: Viewer['role'], municipalityCode: string | null, scopes = ALL): Viewer => ({ kind: 'user', actorId: 'user:1', displayName: 'x', role, municipalityCode, organizationId: null, scopes });
const client = (scopes: string[], municipalityCode: string | null): Viewer => ({ kind: 'client', actorId: 'client:1', displayName: 'c', role: null, municipalityCode, organizationId: 'org', scopes });

const A = '0884';
const B = '0686';
const partner: ClientOrganization = { id: 'org', slug: 'partner', homeMunicipality: B };
/** Host A, visitors B, visiting on behalf of the partner organization. */
const visit: VisitSides = { status: S.REQUESTED, hostMunicipality: A, visitingMunicipality: B, visitingOrganizationId: 'org' };

test('who speaks for a municipality', () => {
  expect(speaksFor(user('EDITOR', A), A)).toBe(true);
  expect(speaksFor(user('OFFICIAL', A), A)).toBe(true);
  expect(speaksFor(user('OFFICIAL', A), B)).toBe(false);
  expect(speaksFor(user('REVIEWER', null), A)).toBe(false);
  expect(speaksFor(user('ADMIN', A), A)).toBe(false);
  // a user token narrowed to read-only does not speak for the municipality
  expect(speaksFor(user('EDITOR', A, ['read']), A)).toBe(false);
  expect(speaksFor(client(['study-visits:write'], B), B)).toBe(true);
  expect(speaksFor(client(['read'], B), B)).toBe(false);
  // A client bound to no municipality speaks for its organization's home, when the caller allows it.
  expect(speaksFor(client(['study-visits:write'], null), B, B)).toBe(true);
  expect(speaksFor(client(['study-visits:write'], null), B, null)).toBe(false);
  expect(speaksFor(client(['study-visits:write'], null), B)).toBe(false);
  expect(speaksFor(ANONYMOUS, A)).toBe(false);
  expect(speaksFor(SYSTEM, A)).toBe(false);
});

test('anonymous readers and clients without read see scheduled and completed visits only', () => {
  expect(visibleStatuses(ANONYMOUS)).toEqual([S.ACCEPTED, S.COMPLETED]);
  expect(visibleStatuses(client([], null))).toEqual([S.ACCEPTED, S.COMPLETED]);
  expect(visibleStatuses(client(['study-visits:write'], null))).toBeNull();
  expect(visibleStatuses(user('OFFICIAL', A))).toBeNull();
  expect(visibleStatuses(SYSTEM)).toBeNull();
  expect(canRead(ANONYMOUS, { status: S.REQUESTED })).toBe(false);
  expect(canRead(ANONYMOUS, { status: S.COMPLETED })).toBe(true);
  expect(canRead(client(['read'], null), { status: S.DECLINED })).toBe(true);
});

test('personal details: signed-in readers who may read personal data', () => {
  expect([ANONYMOUS, SYSTEM, user('OFFICIAL', A, []), client(['read'], null), client(['study-visits:write'], null)].map(canReadPersonalDetails)).toEqual([false, true, true, true, false]);
});

test.each<[string, Viewer, boolean]>([
  ['anonymous', ANONYMOUS, false],
  ['official', user('OFFICIAL', A), true],
  ['editor', user('EDITOR', A), true],
  ['reviewer', user('REVIEWER', null), false],
  ['admin', user('ADMIN', null), true],
  ['client with study-visits:write', client(['study-visits:write'], A), true],
  ['client with read only', client(['read'], A), false],
  ['system', SYSTEM, true],
])('canRequestVisits: %s → %s', (_, v, expected) => {
  expect(canRequestVisits(v)).toBe(expected);
});

test('requesting for a municipality and an organization', () => {
  expect(canRequestFor(user('OFFICIAL', B), B, null)).toBe(true);
  expect(canRequestFor(user('OFFICIAL', B), A, null)).toBe(false);
  expect(canRequestFor(user('ADMIN', null), A, null)).toBe(true);
  expect(canRequestFor(client(['study-visits:write'], null), B, partner)).toBe(true);
  expect(canRequestFor(client(['study-visits:write'], null), A, partner)).toBe(false);
  expect(canVisitAsOrganization(partner, 'partner')).toBe(true);
  expect(canVisitAsOrganization(partner, 'someone-else')).toBe(false);
  expect(canVisitAsOrganization(partner, null)).toBe(true);
  expect(canVisitAsOrganization(null, 'anyone')).toBe(true);
});

// Each actor against each action on the visit host A ← visitors B (partner organization).
const ACTORS: [string, Viewer, ClientOrganization | null][] = [
  ['host official', user('OFFICIAL', A), null],
  ['visiting editor', user('EDITOR', B), null],
  ['visiting official with a read-only token', user('OFFICIAL', B, ['read']), null],
  ['reviewer', user('REVIEWER', null), null],
  ['admin', user('ADMIN', null), null],
  ['host client', client(['study-visits:write'], A), null],
  ['partner client (organization home B)', client(['study-visits:write'], null), partner],
  ['partner client without write', client(['read'], null), partner],
  ['other client', client(['study-visits:write'], '1480'), { id: 'other', slug: 'other', homeMunicipality: '1480' }],
];
const EXPECTED: Record<string, [accept: boolean, decline: boolean, cancel: boolean, complete: boolean]> = {
  'host official': [true, true, false, true],
  'visiting editor': [false, false, true, true],
  'visiting official with a read-only token': [false, false, false, false],
  reviewer: [false, false, false, false],
  admin: [true, true, true, true],
  'host client': [true, true, false, true],
  'partner client (organization home B)': [false, false, true, true],
  'partner client without write': [false, false, false, false],
  'other client': [false, false, false, false],
};
test.each(ACTORS)('canAct: %s', (name, v, org) => {
  expect((['accept', 'decline', 'cancel', 'complete'] as const).map((action) => canAct(v, action, visit, org))).toEqual(EXPECTED[name]);
});

test('hosting offers and past visits', () => {
  expect(canSetHostingOffer(user('OFFICIAL', A), A)).toBe(true);
  expect(canSetHostingOffer(user('OFFICIAL', A), B)).toBe(false);
  expect(canSetHostingOffer(user('ADMIN', null), B)).toBe(true);
  // An organization's home does not make a client the host.
  expect(canSetHostingOffer(client(['study-visits:write'], null), B)).toBe(false);
  expect(canRecordPastVisits(SYSTEM)).toBe(true);
  expect(canRecordPastVisits(user('ADMIN', null))).toBe(false);
});
