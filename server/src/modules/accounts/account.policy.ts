// Who may do what with accounts: pure functions over the viewer, unit-tested cell by
// cell in account.policy.test.ts. The schema states the coarse rule too
// (`@Authorized('ADMIN')` on every administration field); the service asks again so
// that callers outside GraphQL are held to the same rule.
import type { Viewer } from '../../core/context';
import { isAdmin } from '../../core/auth/policy';

/** Users, API clients and their tokens are administered by admins (and the system: the CLI, the development start). */
export const canAdministerAccounts = (v: Viewer): boolean => isAdmin(v);
