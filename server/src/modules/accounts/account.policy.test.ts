import { ANONYMOUS, SYSTEM, type Viewer } from '../../core/context';
import { canAdministerAccounts } from './account.policy';

const viewer = (kind: Viewer['kind'], role: Viewer['role']): Viewer => ({ kind, actorId: `${kind}:1`, displayName: null, role, municipalityCode: null, organizationId: null, scopes: ['read', 'study-visits:write', 'cases:write'] });

it.each<[string, Viewer, boolean]>([
  ['anonymous', ANONYMOUS, false],
  ['official', viewer('user', 'OFFICIAL'), false],
  ['editor', viewer('user', 'EDITOR'), false],
  ['reviewer', viewer('user', 'REVIEWER'), false],
  ['admin', viewer('user', 'ADMIN'), true],
  ['client with every scope', viewer('client', null), false],
  ['the system (CLI, development start)', SYSTEM, true],
])('canAdministerAccounts: %s → %s', (_, v, expected) => {
  expect(canAdministerAccounts(v)).toBe(expected);
});
