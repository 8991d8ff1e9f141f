import { ANONYMOUS, SYSTEM, type Viewer } from '../context';
import { actsFor, canReadPersonalData, hasScope, isAdmin, isSignedIn, isStaff } from './policy';

const user = (role: Viewer['role'], municipalityCode: string | null = null, scopes = ['read', 'study-visits:write', 'cases:write']): Viewer => ({
  kind: 'user',
  actorId: 'user:1',
  displayName: 'U',
  role,
  municipalityCode,
  organizationId: null,
  scopes,
});
const client = (municipalityCode: string | null, scopes: string[]): Viewer => ({ kind: 'client', actorId: 'client:1', displayName: 'C', role: null, municipalityCode, organizationId: 'o', scopes });

describe('the shared viewer questions', () => {
  it.each<[string, Viewer, boolean, boolean, boolean]>([
    // viewer, signed in, admin, staff
    ['anonymous', ANONYMOUS, false, false, false],
    ['system', SYSTEM, true, true, true],
    ['admin', user('ADMIN'), true, true, true],
    ['reviewer', user('REVIEWER'), true, false, true],
    ['editor', user('EDITOR', '0884'), true, false, false],
    ['official', user('OFFICIAL', '0884'), true, false, false],
    ['client', client('0884', ['read', 'cases:write']), true, false, false],
  ])('%s: signed in %s, admin %s, staff %s', (_, v, signedIn, admin, staff) => {
    expect(isSignedIn(v)).toBe(signedIn);
    expect(isAdmin(v)).toBe(admin);
    expect(isStaff(v)).toBe(staff);
  });

  it('hasScope: the system has every scope, anonymous none, others what their token carries', () => {
    expect(hasScope(SYSTEM, 'cases:write')).toBe(true);
    expect(hasScope(ANONYMOUS, 'read')).toBe(false);
    expect(hasScope(user('EDITOR', '0884', ['read']), 'cases:write')).toBe(false);
    expect(hasScope(client(null, ['read']), 'read')).toBe(true);
  });

  it('canReadPersonalData: users and the system always, clients only with read', () => {
    expect([ANONYMOUS, SYSTEM, user('OFFICIAL', '0884', []), client(null, ['read']), client(null, ['study-visits:write'])].map(canReadPersonalData)).toEqual([false, true, true, true, false]);
  });

  it('actsFor: a user or client of that municipality; an organization home only when passed and the client has no municipality', () => {
    expect(actsFor(user('OFFICIAL', '0884'), '0884')).toBe(true);
    expect(actsFor(user('EDITOR', '0884'), '0686')).toBe(false);
    expect(actsFor(user('ADMIN'), '0884')).toBe(false);
    expect(actsFor(SYSTEM, '0884')).toBe(false);
    expect(actsFor(ANONYMOUS, '0884')).toBe(false);
    expect(actsFor(client('0884', []), '0884')).toBe(true);
    expect(actsFor(client('0884', []), '0686', '0686')).toBe(false);
    expect(actsFor(client(null, []), '0686')).toBe(false);
    expect(actsFor(client(null, []), '0686', '0686')).toBe(true);
    expect(actsFor(client(null, []), '0686', null)).toBe(false);
  });
});
