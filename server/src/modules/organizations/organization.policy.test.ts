import { ANONYMOUS, SYSTEM, type Viewer } from '../../core/context';
import { canRegisterOrganizations } from './organization.policy';

const viewer = (kind: Viewer['kind'], role: Viewer['role']): Viewer => ({ kind, actorId: `${kind}:1`, displayName: null, role, municipalityCode: '0884', organizationId: null, scopes: ['read', 'study-visits:write', 'cases:write'] });

it.each<[string, Viewer, boolean]>([
  ['anonymous', ANONYMOUS, false],
  ['official', viewer('user', 'OFFICIAL'), false],
  ['editor', viewer('user', 'EDITOR'), true],
  ['reviewer', viewer('user', 'REVIEWER'), true],
  ['admin', viewer('user', 'ADMIN'), true],
  ['client with every scope', viewer('client', null), false],
  ['system', SYSTEM, true],
])('canRegisterOrganizations: %s → %s', (_, v, expected) => {
  expect(canRegisterOrganizations(v)).toBe(expected);
});
