// Which account an identity provider's answer signs in to (web/server/single-sign-on.ts
// does the OpenID Connect part). Accounts are matched by e-mail, and only by an address
// the provider says it has verified: an unverified one could be anybody's. Nothing is
// ever created here — an account still comes from an invitation — and a disabled
// account is refused exactly as password sign-in refuses it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from './account.entities';

/** Why an identity could not be signed in: no account has the address, the account is disabled, or the provider has not verified it. */
export type SingleSignOnRefusal = 'unknown' | 'disabled' | 'unverified';

export type SingleSignOnMatch = { ok: true; user: User } | { ok: false; reason: SingleSignOnRefusal; email: string | null };

/** Longest address an account can have (RFC 5321's path limit), as everywhere else. */
const MAX_EMAIL = 254;

/**
 * The verified address in an identity's claims (ID token or userinfo), lower-cased, or
 * why there is none. `email_verified` must be the JSON value true: a missing claim is not
 * taken as a yes, and neither is the string "true" some providers send by mistake.
 */
export function verifiedEmailOf(claims: Record<string, unknown>): { email: string } | { email: string | null; reason: 'unverified' } {
  const raw = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const email = raw && raw.length <= MAX_EMAIL && raw.includes('@') ? raw : null;
  if (!email || claims.email_verified !== true) return { email, reason: 'unverified' };
  return { email };
}

/** The live account of a verified address, or why not. */
export async function accountForIdentity(em: EntityManager, claims: Record<string, unknown>): Promise<SingleSignOnMatch> {
  const verified = verifiedEmailOf(claims);
  if ('reason' in verified) return { ok: false, reason: 'unverified', email: verified.email };
  const user = await em.findOne(User, { email: verified.email });
  if (!user) return { ok: false, reason: 'unknown', email: verified.email };
  if (user.disabledAt) return { ok: false, reason: 'disabled', email: verified.email };
  return { ok: true, user };
}
