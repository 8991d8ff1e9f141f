// The questions every module asks about the acting viewer, each spelled once. The
// modules' own policy files (practice-case.policy.ts, study-visit.policy.ts,
// account.policy.ts) combine them with ownership: which municipality a case or a
// visit belongs to. Pure functions, unit-tested in policy.test.ts.
import type { Viewer } from '../context';

export const isSignedIn = (v: Viewer) => v.kind !== 'anonymous';

/** Admins and the system itself (demo content, the admin CLI): they may do anything. */
export const isAdmin = (v: Viewer) => v.kind === 'system' || v.role === 'ADMIN';

/** Reviewers and admins: the staff who see every case and publish them. */
export const isStaff = (v: Viewer) => isAdmin(v) || v.role === 'REVIEWER';

/** Whether the viewer may use a scope: users by role, clients by token scopes. */
export function hasScope(v: Viewer, scope: string): boolean {
  if (v.kind === 'system') return true;
  if (v.kind === 'anonymous') return false;
  return v.scopes.includes(scope);
}

/** Officials, editors and the staff read contacts; anonymous readers and clients without read do not. */
export function canReadPersonalData(v: Viewer): boolean {
  if (v.kind === 'system') return true;
  if (v.kind === 'user') return true;
  return v.kind === 'client' && hasScope(v, 'read');
}

/**
 * Whether the viewer belongs to a municipality: a user of it, or a client bound to it.
 * `organizationHome` lets a client bound to no municipality belong to its organization's
 * home municipality; modules pass it only where an organization may speak for its home.
 * What the viewer may then do there (role, scope) is the module policy's question.
 */
export function actsFor(v: Viewer, municipality: string, organizationHome?: string | null): boolean {
  if (v.kind === 'user') return v.municipalityCode === municipality;
  if (v.kind !== 'client') return false;
  return v.municipalityCode ? v.municipalityCode === municipality : !!organizationHome && organizationHome === municipality;
}
