// Questions every module asks about the acting viewer. Module services combine these
// with ownership (which municipality a case or visit belongs to).
import type { Viewer } from '../context';
import { apiError } from '../errors';

export const isAdmin = (v: Viewer) => v.role === 'ADMIN';
export const isReviewer = (v: Viewer) => v.role === 'REVIEWER' || v.role === 'ADMIN';
export const isAnonymous = (v: Viewer) => v.kind === 'anonymous';

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

export function requireSignedIn(v: Viewer): void {
  if (v.kind === 'anonymous') throw apiError('UNAUTHENTICATED', 'Sign in with a bearer token to do this');
}

export function requireScope(v: Viewer, scope: string): void {
  requireSignedIn(v);
  if (!hasScope(v, scope)) throw apiError('FORBIDDEN', `This needs the "${scope}" scope`);
}
