// The type-graphql authChecker behind `@Authorized(...)`. It answers the coarse
// question "may this kind of viewer call this at all"; ownership (which
// municipality a case or visit belongs to) stays in the services.
//
// Requirements are strings; a field is allowed when ANY of them holds:
//   'ADMIN' | 'REVIEWER' | 'EDITOR' | 'OFFICIAL'  a user of exactly that role; an admin
//                                                 passes every requirement
//   'SIGNED_IN'                                    any user or API client
//   'USER'                                         any user
//   'scope:<scope>'                                a user or client whose token has it
// Refusals are thrown here rather than returned as false, so they carry the API's
// codes: UNAUTHENTICATED for anonymous callers, FORBIDDEN for everyone else.
import type { AuthChecker } from 'type-graphql';
import type { Context, Viewer } from '../context';
import { apiError } from '../errors';
import { hasScope } from './policy';

export type Requirement = 'ADMIN' | 'REVIEWER' | 'EDITOR' | 'OFFICIAL' | 'SIGNED_IN' | 'USER' | `scope:${string}`;

/** `requirement` is a Requirement; typed as string because @Authorized accepts any. */
export function meets(viewer: Viewer, requirement: string): boolean {
  if (viewer.kind === 'system') return true;
  if (viewer.kind === 'anonymous') return false;
  if (viewer.role === 'ADMIN') return true;
  if (requirement === 'SIGNED_IN') return true;
  if (requirement === 'USER') return viewer.kind === 'user';
  if (requirement.startsWith('scope:')) return hasScope(viewer, requirement.slice('scope:'.length));
  return viewer.kind === 'user' && viewer.role === requirement;
}

export const authChecker: AuthChecker<Context> = ({ context }, requirements) => {
  const viewer = context.viewer;
  if (requirements.length === 0 ? viewer.kind !== 'anonymous' : requirements.some((r) => meets(viewer, r))) return true;
  if (viewer.kind === 'anonymous') throw apiError('UNAUTHENTICATED', 'Sign in with a bearer token to do this');
  throw apiError('FORBIDDEN', `This needs ${requirements.map((r) => (r.startsWith('scope:') ? `the "${r.slice(6)}" scope` : r)).join(' or ') || 'a signed-in viewer'}`);
};
