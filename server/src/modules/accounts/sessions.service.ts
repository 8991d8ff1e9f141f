// Website sign-in: password checks and sessions. A session token is 32 random bytes
// (base64url) that only the browser's cookie holds; the database keeps its SHA-256,
// like bearer tokens. Like `AccountsService.authenticate`, the methods that run before
// there is a viewer take the EntityManager rather than a context.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../core/context';
import { SCOPES, User } from './account.entities';
import { applyPassword, hashToken } from './accounts.service';
import { verifyPassword } from './passwords';
import { AccountLink, AccountLinkPurpose, WebSession } from './session.entities';
import { ACCOUNT_RULE, ADDRESS_RULE, RESET_RULE, accountKey, addressKey, clearFailures, isLocked, pruneThrottle, recordFailure } from './sign-in-throttle';

/** How long a session lives: since its last request (idle) and since sign-in (absolute). */
export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

/** A session as a request sees it: whose it is and as which viewer. */
export interface ActiveSession {
  id: string;
  tokenHash: string;
  userId: string;
  viewer: Viewer;
}

/** Last-seen is written at most this often, so a busy reader costs no write per page. */
const TOUCH_EVERY_MS = 60_000;

/** What a signed-in person may do in the browser: everything their role allows (tokens may hold fewer scopes). */
export function userViewer(user: User, scopes: readonly string[] = SCOPES): Viewer {
  return {
    kind: 'user',
    actorId: `user:${user.id}`,
    displayName: user.name,
    role: user.role,
    municipalityCode: user.municipality?.code ?? null,
    organizationId: null,
    scopes: [...scopes],
  };
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** How long the links work: an invitation a week (the rule), a password reset two hours. */
export const LINK_LIFETIME_MS: Record<AccountLinkPurpose, number> = {
  [AccountLinkPurpose.INVITE]: 7 * 24 * 3_600_000,
  [AccountLinkPurpose.RESET]: 2 * 3_600_000,
};

export type PasswordSignIn = { ok: true; user: User } | { ok: false; reason: 'refused' | 'throttled' };

export class SessionService {
  /**
   * The user whose e-mail and password these are, or null — after the same work either
   * way (an unknown address still costs an Argon2 verification), so the answer and its
   * timing do not tell whether an account exists. Disabled accounts are refused too.
   */
  async checkPassword(em: EntityManager, email: string, password: string): Promise<User | null> {
    const address = email.trim().toLowerCase();
    const user = address.length <= 254 ? await em.findOne(User, { email: address }, { populate: ['passwordHash'] }) : null;
    const matches = await verifyPassword(user?.passwordHash, password);
    return matches && user && !user.disabledAt ? user : null;
  }

  /**
   * A sign-in attempt from an address: refused while the account or the address is
   * locked (sign-in-throttle.ts), else the password is checked and a failure counted
   * against both. Unknown accounts go through exactly the same steps.
   */
  async signIn(em: EntityManager, email: string, password: string, ip: string | undefined): Promise<PasswordSignIn> {
    const keys = [accountKey(email), addressKey(ip)];
    if (await isLocked(em, keys)) return { ok: false, reason: 'throttled' };
    const user = await this.checkPassword(em, email, password);
    if (user) {
      await clearFailures(em, keys[0]);
      return { ok: true, user };
    }
    const [account, address] = [await recordFailure(em, keys[0], ACCOUNT_RULE), await recordFailure(em, keys[1], ADDRESS_RULE)];
    if (Math.random() < 0.01) await pruneThrottle(em);
    return { ok: false, reason: account || address ? 'throttled' : 'refused' };
  }

  /** A one-time link for `user` (its token, to put in a URL); earlier unused links of the same purpose stop working. */
  async createLink(em: EntityManager, user: User, purpose: AccountLinkPurpose): Promise<string> {
    const token = newSessionToken();
    await em.nativeUpdate(AccountLink, { user: user.id, purpose, usedAt: null }, { usedAt: new Date() });
    em.create(AccountLink, { tokenHash: hashToken(token), user, purpose, expiresAt: new Date(Date.now() + LINK_LIFETIME_MS[purpose]) });
    await em.flush();
    return token;
  }

  /** The live link of a token with its user, or null when unknown, used, expired, or the account is disabled. */
  async findLink(em: EntityManager, token: string): Promise<AccountLink | null> {
    if (!SESSION_TOKEN.test(token)) return null;
    const link = await em.findOne(AccountLink, { tokenHash: hashToken(token) }, { populate: ['user'] });
    if (!link || link.usedAt || link.expiresAt.getTime() <= Date.now() || link.user.getEntity().disabledAt) return null;
    return link;
  }

  /**
   * Sets the password through a link, once: the link is used up, and every session of
   * the account ends (whoever had the old password is out). Null for a dead link;
   * UserErrors (field "password") when the policy refuses the password.
   */
  async redeemLink(em: EntityManager, token: string, password: string): Promise<User | null> {
    return em.transactional(async (tx) => {
      const link = await this.findLink(tx, token);
      if (!link) return null;
      // Claimed under the row lock of this update, so two tabs cannot both use one link.
      const claimed = await tx.nativeUpdate(AccountLink, { id: link.id, usedAt: null }, { usedAt: new Date() });
      if (claimed !== 1) return null;
      const user = link.user.getEntity();
      await applyPassword(user, password);
      await this.revokeAllOf(tx, user.id);
      await clearFailures(tx, accountKey(user.email));
      return user;
    });
  }

  /**
   * "Forgot password": when the address belongs to a live account, a reset link is made
   * and handed to `send`. Counted per address and per recipient (RESET_RULE) whether or
   * not the account exists; over the limit nothing is sent, and the caller answers the
   * same either way.
   */
  async requestReset(em: EntityManager, email: string, ip: string | undefined, send: (user: User, token: string, expiresAt: Date) => Promise<void>): Promise<void> {
    const address = email.trim().toLowerCase();
    const keys = [`reset:${address.slice(0, 254)}`, addressKey(ip)];
    if (await isLocked(em, keys)) return;
    await recordFailure(em, keys[0], RESET_RULE);
    await recordFailure(em, keys[1], ADDRESS_RULE);
    const user = address.length <= 254 ? await em.findOne(User, { email: address }) : null;
    if (!user || user.disabledAt) return;
    const token = await this.createLink(em, user, AccountLinkPurpose.RESET);
    await send(user, token, new Date(Date.now() + LINK_LIFETIME_MS[AccountLinkPurpose.RESET]));
  }

  /** A new session for `user`; the token goes into the cookie and nowhere else. */
  async start(em: EntityManager, user: User, meta: { userAgent?: string; ip?: string }, lifetimes: SessionLifetimes): Promise<{ token: string; session: WebSession }> {
    const token = newSessionToken();
    const now = new Date();
    const session = em.create(WebSession, {
      tokenHash: hashToken(token),
      user,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetimes.absoluteMs),
      userAgent: meta.userAgent?.slice(0, 200) || null,
      ip: meta.ip?.slice(0, 64) || null,
    });
    await em.flush();
    return { token, session };
  }

  /** The live session of a cookie value, or null when it is unknown, revoked, expired, idle too long or its user disabled. */
  async resolve(em: EntityManager, token: string, lifetimes: SessionLifetimes): Promise<ActiveSession | null> {
    if (!SESSION_TOKEN.test(token)) return null;
    const tokenHash = hashToken(token);
    const session = await em.findOne(WebSession, { tokenHash }, { populate: ['user'] });
    const now = Date.now();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= now) return null;
    if (session.lastSeenAt.getTime() + lifetimes.idleMs <= now) return null;
    const user = session.user.getEntity();
    if (user.disabledAt) return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await em.nativeUpdate(WebSession, { id: session.id }, { lastSeenAt: new Date(now) });
    }
    return { id: session.id, tokenHash, userId: user.id, viewer: { ...userViewer(user), sessionId: session.id } };
  }

  /** Ends the session of a cookie value (signing out); unknown tokens are ignored. */
  async revokeToken(em: EntityManager, token: string): Promise<void> {
    if (!SESSION_TOKEN.test(token)) return;
    await em.nativeUpdate(WebSession, { tokenHash: hashToken(token), revokedAt: null }, { revokedAt: new Date() });
  }

  /** Ends every live session of a user (a password change or reset signs the other browsers out), except `keep`. */
  async revokeAllOf(em: EntityManager, userId: string, keep?: string): Promise<number> {
    return em.nativeUpdate(WebSession, { user: userId, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) }, { revokedAt: new Date() });
  }
}
