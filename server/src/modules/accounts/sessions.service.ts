// Website sign-in: password checks and sessions. A session token is 32 random bytes
// (base64url) that only the browser's cookie holds; the database keeps its SHA-256,
// like bearer tokens. Like `AccountsService.authenticate`, the methods that run before
// there is a viewer take the EntityManager rather than a context.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../core/context';
import { SCOPES, User } from './account.entities';
import { hashToken } from './accounts.service';
import { verifyPassword } from './passwords';
import { WebSession } from './session.entities';

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
