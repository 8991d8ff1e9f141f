// Questions every module asks about the acting viewer. Module services combine these
// with ownership (which municipality a case or visit belongs to).
import type { Viewer } from '../context';

export const isReviewer = (v: Viewer) => v.role === 'REVIEWER' || v.role === 'ADMIN';

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
