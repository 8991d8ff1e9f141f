// Who may register organizations: a pure function over the viewer, unit-tested in
// organization.policy.test.ts. The schema refuses anonymous callers (`@Authorized()`).
import type { Viewer } from '../../core/context';
import { isStaff } from '../../core/auth/policy';

/** Editors and the staff register partners; officials and API clients do not. */
export const canRegisterOrganizations = (v: Viewer): boolean => isStaff(v) || v.role === 'EDITOR';
