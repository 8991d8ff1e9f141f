// Throttling of password guessing, per account and per address, counted in PostgreSQL
// (sign_in_throttle) so that every replica sees the same failures. A key that fails
// `limit` times within `windowMs` is locked for `lockMs`; while locked, the sign-in form
// answers "too many attempts" without checking the password at all. Unknown addresses
// are counted exactly like real ones, so a lock tells nothing about which accounts exist.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
  lockMs: number;
}

/** Ten wrong passwords in 15 minutes lock an account for 15 minutes: slow for a guesser, a short wait for its owner. */
export const ACCOUNT_RULE: ThrottleRule = { limit: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** An address may be a whole town hall behind one NAT: more room, the same lock. */
export const ADDRESS_RULE: ThrottleRule = { limit: 100, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** "Forgot password" mails to one address: a few an hour, so the form cannot be used to flood a mailbox. */
export const RESET_RULE: ThrottleRule = { limit: 3, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase().slice(0, 254)}`;
}

export function addressKey(ip: string | undefined): string {
  return `address:${(ip ?? 'unknown').slice(0, 64)}`;
}

/** Whether any of the keys is locked now (the database's clock, the same for every replica). */
export async function isLocked(em: EntityManager, keys: string[]): Promise<boolean> {
  const rows = await em.getConnection().execute<{ n: string }[]>(`select count(*) as n from "sign_in_throttle" where "key" in (${keys.map(() => '?').join(', ')}) and "locked_until" > now()`, keys);
  return Number(rows[0].n) > 0;
}

/**
 * Counts one failure of `key` in one upsert: a window that has run out starts again at 1,
 * and reaching the limit sets the lock. Returns whether the key is locked now.
 */
export async function recordFailure(em: EntityManager, key: string, rule: ThrottleRule): Promise<boolean> {
  const rows = await em.getConnection().execute<{ locked: boolean }[]>(
    `insert into "sign_in_throttle" as t ("key", "failures", "window_start", "locked_until")
       values (?, 1, now(), case when 1 >= ? then now() + (? * interval '1 millisecond') end)
     on conflict ("key") do update set
       "failures" = case when t."window_start" <= now() - (? * interval '1 millisecond') then 1 else t."failures" + 1 end,
       "window_start" = case when t."window_start" <= now() - (? * interval '1 millisecond') then now() else t."window_start" end,
       "locked_until" = case
         when (case when t."window_start" <= now() - (? * interval '1 millisecond') then 1 else t."failures" + 1 end) >= ?
           then greatest(coalesce(t."locked_until", now()), now() + (? * interval '1 millisecond'))
         else t."locked_until" end
     returning coalesce("locked_until" > now(), false) as locked`,
    [key, rule.limit, rule.lockMs, rule.windowMs, rule.windowMs, rule.windowMs, rule.limit, rule.lockMs],
  );
  return rows[0].locked;
}

/** A successful sign-in clears its account's count (never the address's: a guesser's own account must not reset it). */
export async function clearFailures(em: EntityManager, key: string): Promise<void> {
  await em.getConnection().execute(`delete from "sign_in_throttle" where "key" = ?`, [key]);
}

/** Rows whose window and lock are long over mean nothing; dropped now and then so the table stays small. */
export async function pruneThrottle(em: EntityManager): Promise<void> {
  await em.getConnection().execute(`delete from "sign_in_throttle" where "window_start" < now() - interval '1 day' and ("locked_until" is null or "locked_until" < now())`);
}
