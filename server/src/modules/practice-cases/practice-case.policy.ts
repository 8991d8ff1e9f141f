// Who may read and change practice cases: pure functions over the viewer and the case's
// status and municipalities, unit-tested cell by cell in practice-case.policy.test.ts.
// The schema refuses anonymous writers (`@Authorized()` on every case mutation); the
// service asks these for everything that depends on the case or the token.
import type { Viewer } from '../../core/context';
import { actsFor, canReadPersonalData, hasScope, isAdmin, isStaff } from '../../core/auth/policy';
import { CaseStatus } from './practice-case.enums';
import type { CaseAction } from './practice-case.rules';

/** What the rules read of a case: a CaseView and a PracticeCase entity both have it. */
export interface CaseAccess {
  status: CaseStatus;
  municipalityCode: string;
  participantCodes: readonly string[];
}

const WRITE = 'cases:write';

/** Editors, and API clients with cases:write: those who write the cases of their own municipality. */
export const writesCases = (v: Viewer): boolean => (v.kind === 'user' ? v.role === 'EDITOR' : v.kind === 'client' && hasScope(v, WRITE));

/** Whether the viewer writes the cases of this municipality. */
export const writesFor = (v: Viewer, municipality: string): boolean => writesCases(v) && actsFor(v, municipality);

const writesForCase = (v: Viewer, c: CaseAccess) => [c.municipalityCode, ...c.participantCodes].some((code) => writesFor(v, code));

/** Published cases are public; drafts and cases in review are for the staff and the case's own writers. */
export const canRead = (v: Viewer, c: CaseAccess): boolean => c.status === CaseStatus.PUBLISHED || isStaff(v) || writesForCase(v, c);

/**
 * The SQL form of canRead for lists: every case ('all'), published ones plus those of one
 * municipality (its code), or published ones only (null).
 */
export function unpublishedVisibleFor(v: Viewer): string | null {
  if (isStaff(v)) return 'all';
  return v.municipalityCode && writesCases(v) ? v.municipalityCode : null;
}

export const canEdit = (v: Viewer, c: CaseAccess): boolean => isAdmin(v) || writesForCase(v, c);

export const canReadContacts = (v: Viewer, c: CaseAccess): boolean => canReadPersonalData(v) && canRead(v, c);

/** Who may see which account acted on a case (a revision's publisher): the staff, and those who may edit it. */
export const canSeeActors = (v: Viewer, c: CaseAccess): boolean => isStaff(v) || canEdit(v, c);

/** Why the viewer may not write cases at all; null when they may. A user's token narrowed to fewer scopes is held to them. */
export function writeRefusal(v: Viewer): string | null {
  if (!hasScope(v, WRITE)) return 'This needs the "cases:write" scope';
  if (v.kind === 'user' && v.role === 'OFFICIAL') return 'Officials read cases; editors write them';
  return null;
}

/** New cases belong to the writer's own municipality; admins create them for any. */
export const canCreateFor = (v: Viewer, municipality: string): boolean => isAdmin(v) || writesFor(v, municipality);

/**
 * Who answers "still running?" (confirm, or end) for a case: those who edit it, and the
 * staff, who vouch for cases whose own editors have gone quiet or left.
 */
export const canConfirm = (v: Viewer, c: CaseAccess): boolean => canEdit(v, c) || isStaff(v);

/** Reviewers publish and return cases. */
export const canPublish = (v: Viewer): boolean => isStaff(v);

/** Whether the viewer may take this action on a case they can read: publishing and returning are the staff's, archiving the staff's and the editors'. */
export function canTransition(v: Viewer, action: CaseAction, c: CaseAccess): boolean {
  if (action === 'publish' || action === 'return') return canPublish(v);
  return canEdit(v, c) || (action === 'archive' && isStaff(v));
}
