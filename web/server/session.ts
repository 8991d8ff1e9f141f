// The website's half of signing in: the session cookie, CSRF tokens, the one-shot
// flash message, and what a page may ask of the session (sign in, sign out). Sessions
// themselves live in PostgreSQL (SessionService); this file only carries their token in
// a cookie and resolves it once per request, so a revoked session is refused on its
// very next request, on every replica. docs/security.md, "Website sessions", explains
// the choices.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { SessionSettings } from '../../server/src/config';
import { ANONYMOUS, type Viewer } from '../../server/src/core/context';
import type { Logger } from '../../server/src/core/logger';
import { UserErrors } from '../../server/src/core/errors';
import type { Mailer } from '../../server/src/core/mail';
import type { User } from '../../server/src/modules/accounts/account.entities';
import { accountLinkMessage, accountLinkPath } from '../../server/src/modules/accounts/account-mail';
import { AccountLinkPurpose } from '../../server/src/modules/accounts/session.entities';
import type { ActiveSession, SessionLifetimes } from '../../server/src/modules/accounts/sessions.service';
import type { AppServices } from '../../server/src/services';
import { baseUrlOf } from './urls';

/** Production defaults, for an app built without settings (some tests). */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMinutes: 120, absoluteHours: 12, secureCookies: true };

/** The name of the hidden form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

/** What a sign-in attempt came to; `throttled` when too many recent attempts failed. */
export type SignInOutcome = { ok: true; user: User } | { ok: false; reason: 'refused' | 'throttled' };

/** What pages may ask of the session; the only way a page changes who is signed in. */
export interface SessionControl {
  /** Checks e-mail and password and, when they match, starts a new session (a new token: the old cookie is dropped). */
  signIn(email: string, password: string): Promise<SignInOutcome>;
  /** Starts a session for a user whose identity the page has established otherwise (a password just set by link). */
  startFor(user: User): Promise<void>;
  /** Ends this browser's session. */
  signOut(): Promise<void>;
  /** Whose live invitation or reset link this token is; null when unknown, used or expired. */
  accountLink(token: string): Promise<{ name: string; email: string; purpose: AccountLinkPurpose } | null>;
  /**
   * Sets the password through a link and signs this browser in (every other session of
   * the account ends). `dead`: the link no longer works; `invalid`: the policy's message.
   */
  setPasswordByLink(token: string, password: string): Promise<{ ok: true; user: User } | { ok: false; reason: 'dead' } | { ok: false; reason: 'invalid'; message: string }>;
  /** "Forgot password": mails a reset link when the address has an account — after the answer, so its timing tells nothing. */
  requestPasswordReset(email: string): void;
}

/** Everything this layer knows about one request, resolved once by `middleware`. */
interface WebState {
  session: ActiveSession | null;
}

const states = new WeakMap<Request, WebState>();

/** The viewer of a request's session, ANONYMOUS without one (or before the middleware ran). */
export function sessionViewer(req: Request): Viewer {
  return states.get(req)?.session?.viewer ?? ANONYMOUS;
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cookie-signing key, shared by every process through PostgreSQL; the first one to start makes it. */
export async function loadSiteSecret(orm: MikroORM): Promise<Buffer> {
  const connection = orm.em.getConnection();
  await connection.execute(`insert into "site_secret" ("name", "value") values ('cookies', ?) on conflict ("name") do nothing`, [randomBytes(48).toString('base64url')]);
  const rows = await connection.execute<{ value: string }[]>(`select "value" from "site_secret" where "name" = 'cookies'`);
  return Buffer.from(rows[0].value, 'base64url');
}

export interface SessionLayerDeps {
  orm: MikroORM;
  services: AppServices;
  log: Logger;
  settings: SessionSettings;
  secret: Buffer;
  mailer: Mailer;
  /** PUBLIC_URL, for the links in mails; without it the request's Host, which a caller can choose. */
  publicUrl?: string;
}

/** The session cookie, CSRF tokens and flash messages of the site; one per app. */
export class SessionLayer {
  readonly lifetimes: SessionLifetimes;
  /** Cookie names; __Host-: the browser only accepts it Secure, for path /, from this very host — no subdomain can plant one. */
  readonly names: { session: string; form: string; flash: string; singleSignOn: string };

  constructor(private readonly deps: SessionLayerDeps) {
    const { settings } = deps;
    this.lifetimes = { idleMs: settings.idleMinutes * 60_000, absoluteMs: settings.absoluteHours * 3_600_000 };
    const prefix = settings.secureCookies ? '__Host-' : '';
    this.names = { session: `${prefix}utb_session`, form: `${prefix}utb_form`, flash: `${prefix}utb_flash`, singleSignOn: `${prefix}utb_sso` };
  }

  private sign(value: string): string {
    return createHmac('sha256', this.deps.secret).update(value).digest('base64url');
  }

  private setCookie(res: Response, name: string, value: string, maxAgeMs: number): void {
    res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: this.deps.settings.secureCookies, path: '/', maxAge: maxAgeMs });
  }

  private clearCookie(res: Response, name: string): void {
    res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: this.deps.settings.secureCookies, path: '/' });
  }

  /** The anonymous form token's nonce: random, in its own cookie (set on first use); the form carries its signature. */
  private formNonce(req: Request, res: Response): string {
    const existing = readCookie(req, this.names.form);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const nonce = randomBytes(32).toString('base64url');
    this.setCookie(res, this.names.form, nonce, 2 * 3_600_000);
    // A later read in the same request must find the same nonce.
    req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${this.names.form}=${nonce}`;
    return nonce;
  }

  /** Resolves the session cookie (if any) of every page request; a dead one is cleared. */
  async middleware(req: Request, res: Response, next: () => void): Promise<void> {
    const token = readCookie(req, this.names.session);
    let session: ActiveSession | null = null;
    if (token) {
      try {
        session = await this.deps.services.sessions.resolve(this.deps.orm.em.fork(), token, this.lifetimes);
      } catch (err) {
        this.deps.log.error({ err, requestId: res.locals.requestId as string }, 'session lookup failed');
      }
      if (!session) this.clearCookie(res, this.names.session);
    }
    states.set(req, { session });
    next();
  }

  /**
   * The CSRF token of this request's forms: bound to the session when signed in, else to
   * a signed pre-session cookie, so the sign-in form is protected too.
   */
  csrfToken(req: Request, res: Response): string {
    const session = states.get(req)?.session;
    return session ? this.sign(`session:${session.tokenHash}`) : this.sign(`form:${this.formNonce(req, res)}`);
  }

  /** Whether a POST carries the token its session (or pre-session cookie) expects. */
  csrfValid(req: Request, submitted: string | undefined): boolean {
    if (!submitted || submitted.length > 100) return false;
    const session = states.get(req)?.session;
    if (session) return safeEqual(submitted, this.sign(`session:${session.tokenHash}`));
    const nonce = readCookie(req, this.names.form);
    return !!nonce && safeEqual(submitted, this.sign(`form:${nonce}`));
  }

  /** The flash message of the last redirect, once: read, checked and cleared. */
  takeFlash(req: Request, res: Response): string | undefined {
    return this.takeSigned(req, res, this.names.flash, 'flash')?.slice(0, 300);
  }

  setFlash(res: Response, message: string): void {
    this.putSigned(res, this.names.flash, 'flash', message.slice(0, 300), 60_000);
  }

  /**
   * A short-lived value in a cookie of its own, signed so the browser can carry it but
   * not change it; `purpose` is signed too, so one kind of cookie cannot pass for another.
   */
  putSigned(res: Response, name: string, purpose: string, value: string, maxAgeMs: number): void {
    const body = Buffer.from(value, 'utf8').toString('base64url');
    this.setCookie(res, name, `${body}.${this.sign(`${purpose}:${body}`)}`, maxAgeMs);
  }

  /** The value `putSigned` stored, once (the cookie is cleared); undefined when absent or tampered with. */
  takeSigned(req: Request, res: Response, name: string, purpose: string): string | undefined {
    const raw = readCookie(req, name);
    if (!raw) return undefined;
    this.clearCookie(res, name);
    const [body, signature] = raw.split('.');
    if (!body || !signature || !safeEqual(signature, this.sign(`${purpose}:${body}`))) return undefined;
    return Buffer.from(body, 'base64url').toString('utf8');
  }

  /** Rotation: whatever session the browser had before (perhaps one an attacker planted) ends; a new token is issued. */
  private async begin(req: Request, res: Response, user: User): Promise<void> {
    const em = this.deps.orm.em.fork();
    const previous = readCookie(req, this.names.session);
    if (previous) await this.deps.services.sessions.revokeToken(em, previous);
    const { token } = await this.deps.services.sessions.start(em, user, { userAgent: req.get('user-agent'), ip: req.ip }, this.lifetimes);
    this.setCookie(res, this.names.session, token, this.lifetimes.absoluteMs);
    this.clearCookie(res, this.names.form);
  }

  /** Mails a reset link in the background; failures are logged (without the link), never shown. */
  private resetInBackground(req: Request, email: string): void {
    const { services, orm, mailer, log } = this.deps;
    const base = baseUrlOf(this.deps.publicUrl, req.protocol, req.get('host'));
    const requestId = req.res?.locals.requestId as string | undefined;
    void services.sessions
      .requestReset(orm.em.fork(), email, req.ip, (user, token, expiresAt) =>
        mailer.send(accountLinkMessage(AccountLinkPurpose.RESET, user, `${base}${accountLinkPath(token)}`, expiresAt)),
      )
      .catch((err: unknown) => log.error({ err, requestId }, 'password reset mail failed'));
  }

  control(req: Request, res: Response): SessionControl {
    const { services, orm } = this.deps;
    return {
      signIn: async (email, password) => {
        const outcome = await services.sessions.signIn(orm.em.fork(), email, password, req.ip);
        if (outcome.ok) await this.begin(req, res, outcome.user);
        return outcome;
      },
      accountLink: async (token) => {
        const link = await services.sessions.findLink(orm.em.fork(), token);
        return link ? { name: link.user.getEntity().name, email: link.user.getEntity().email, purpose: link.purpose } : null;
      },
      setPasswordByLink: async (token, password) => {
        try {
          const user = await services.sessions.redeemLink(orm.em.fork(), token, password);
          if (!user) return { ok: false, reason: 'dead' };
          await this.begin(req, res, user);
          return { ok: true, user };
        } catch (err) {
          if (err instanceof UserErrors) return { ok: false, reason: 'invalid', message: err.errors[0].message };
          throw err;
        }
      },
      requestPasswordReset: (email) => this.resetInBackground(req, email),
      startFor: (user) => this.begin(req, res, user),
      signOut: async () => {
        const token = readCookie(req, this.names.session);
        if (token) await services.sessions.revokeToken(orm.em.fork(), token);
        this.clearCookie(res, this.names.session);
      },
    };
  }
}
