// "Sign in with your municipality's account" (OIDC_ISSUER, OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET): OpenID Connect's authorization code flow with PKCE through
// openid-client. The button is a link to START (a GET: see docs/security.md for why it
// is no form); we discover the provider, make a state, a nonce and a PKCE verifier, keep
// them in a signed, short-lived cookie and send the browser to the provider. Its answer comes back to
// CALLBACK, where openid-client checks the state, swaps the code (with the verifier)
// for tokens, validates the ID token and its nonce; the verified e-mail then picks the
// account (accounts/single-sign-on.ts) and the session starts exactly as after a
// password (SessionControl.startFor: rotation, the same cookie). docs/security.md,
// "Single sign-on", explains the choices. Without the settings none of this is mounted.
import express, { type Request, type Response, type Router } from 'express';
import * as oidc from 'openid-client';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { OidcSettings } from '../../server/src/config';
import type { Logger } from '../../server/src/core/logger';
import { accountForIdentity } from '../../server/src/modules/accounts/single-sign-on';
import { AFTER_SIGN_IN } from '../pages/sign-in';
import { SINGLE_SIGN_ON_START, singleSignOnFailedView, singleSignOnRefusedView, type SingleSignOnFailure } from '../pages/single-sign-on';
import { LANGS, langOf, type Lang } from './i18n';
import { one, type PageRequest, type PageView } from './page';
import type { SessionLayer } from './session';
import { sameSitePath, siteHref } from './urls';

/** The redirect URI: PUBLIC_URL (or the request's origin) followed by this, registered at the provider. */
export const SINGLE_SIGN_ON_CALLBACK = `${SINGLE_SIGN_ON_START}/klar`;

/** How long a started sign-in may take at the provider (a password, a second factor). */
const PENDING_MS = 10 * 60_000;

/** How long the provider's discovery document is trusted before it is read again (keys rotate through jwks_uri on their own). */
const DISCOVERY_TTL_MS = 3_600_000;

/** What the browser carries from the start to the callback, signed so it cannot be changed. */
interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  next?: string;
  lang: Lang;
  expiresAt: number;
}

/**
 * What the log keeps of a failure: openid-client's errors may carry a `cause` with the
 * decoded claims or the provider's response, personal data the log has no need of.
 */
function describe(err: unknown): { name?: string; code?: string; message?: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  return { name: err.name, code: (err as { code?: string }).code, message: err.message.slice(0, 300) };
}

/** The cookie's signing purpose, so no other signed cookie of the site can pass for it. */
const PURPOSE = 'single-sign-on';

function parsePending(raw: string | undefined): PendingSignIn | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as PendingSignIn;
    const fields = [value.state, value.nonce, value.verifier, value.redirectUri];
    if (!fields.every((f) => typeof f === 'string' && f.length > 0) || !LANGS.includes(value.lang)) return null;
    return typeof value.expiresAt === 'number' && value.expiresAt > Date.now() ? value : null;
  } catch {
    return null;
  }
}

/** The OpenID Connect client of one identity provider: discovery (cached), the authorization URL, the code exchange. */
export class SingleSignOn {
  private discovered?: { at: number; config: Promise<oidc.Configuration> };

  constructor(private readonly settings: OidcSettings) {}

  private configuration(): Promise<oidc.Configuration> {
    const now = Date.now();
    if (!this.discovered || now - this.discovered.at > DISCOVERY_TTL_MS) {
      const issuer = new URL(this.settings.issuer);
      // Plain http only passes config.ts for a provider on this machine (development, tests).
      const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
      const config = oidc.discovery(issuer, this.settings.clientId, undefined, oidc.ClientSecretBasic(this.settings.clientSecret), { timeout: 10, execute });
      const entry = { at: now, config };
      this.discovered = entry;
      // A failed discovery is not kept: the next sign-in asks the provider again.
      config.catch(() => {
        if (this.discovered === entry) this.discovered = undefined;
      });
    }
    return this.discovered.config;
  }

  /** Where to send the browser for a new sign-in, and what it must bring back. */
  async begin(redirectUri: string, next: string | undefined, lang: Lang): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), redirectUri, next, lang, expiresAt: Date.now() + PENDING_MS };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * The claims of the identity the provider answered with. openid-client refuses a
   * state that is not this browser's, a code the verifier does not fit, an ID token
   * that is not the provider's, not for us, expired, or without this browser's nonce.
   */
  async finish(pending: PendingSignIn, query: string): Promise<Record<string, unknown>> {
    const config = await this.configuration();
    // The registered redirect URI with the provider's parameters: openid-client derives redirect_uri from it.
    const current = new URL(pending.redirectUri);
    current.search = query;
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    const claims = tokens.claims()!;
    if (typeof claims.email === 'string' && claims.email_verified !== undefined) return claims;
    // Many providers keep e-mail out of the ID token; userinfo has it (for the same subject, checked).
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { ...info, sub: claims.sub };
  }
}

/** What the routes need of the site: its page requests, layout, CSRF check and sessions (site.ts). */
export interface SingleSignOnSite {
  sessions: SessionLayer;
  orm: MikroORM;
  log: Logger;
  /** The request as a page; with `as`, shown as that path in that language (no query). */
  page(req: Request, res: Response, as?: { lang: Lang; path: string }): PageRequest;
  show(res: Response, page: PageRequest, view: PageView): void;
  fail(page: PageRequest, res: Response, err: unknown): void;
}

/** The start and the callback; mounted by site.ts only when OIDC_* is set, so without it both are the 404 page. */
export function singleSignOnRoutes(sso: SingleSignOn, site: SingleSignOnSite): Router {
  const router = express.Router();
  router.get(SINGLE_SIGN_ON_START, async (req, res) => {
    const asked = site.page(req, res);
    const page = site.page(req, res, { lang: asked.lang, path: '/logga-in' });
    try {
      const next = sameSitePath(one(asked, 'next', 500));
      let started;
      try {
        started = await sso.begin(`${page.baseUrl}${SINGLE_SIGN_ON_CALLBACK}`, next, page.lang);
      } catch (err) {
        site.log.warn({ error: describe(err), requestId: page.requestId }, 'single sign-on: the identity provider could not be discovered');
        site.show(res, page, singleSignOnFailedView(page, 'unavailable'));
        return;
      }
      site.sessions.putSigned(res, site.sessions.names.singleSignOn, PURPOSE, JSON.stringify(started.pending), PENDING_MS);
      res.setHeader('cache-control', 'no-store');
      res.redirect(303, started.url.href);
    } catch (err) {
      site.fail(page, res, err);
    }
  });
  router.get(SINGLE_SIGN_ON_CALLBACK, (req, res) => void callback(sso, site, req, res));
  return router;
}

/** The provider's answer: checked, matched to an account, and a session started; or a page saying why not. */
async function callback(sso: SingleSignOn, site: SingleSignOnSite, req: Request, res: Response): Promise<void> {
  // One use only: the cookie is cleared whatever happens next.
  const pending = parsePending(site.sessions.takeSigned(req, res, site.sessions.names.singleSignOn, PURPOSE));
  const page = site.page(req, res, { lang: pending?.lang ?? langOf(req.query.lang), path: '/logga-in' });
  try {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const refuse = (failure: SingleSignOnFailure, err?: unknown) => {
      site.log.warn({ error: describe(err), requestId: page.requestId, failure }, 'single sign-on did not complete');
      site.show(res, page, singleSignOnFailedView(page, failure));
    };
    if (!pending) return refuse('expired');
    if (new URLSearchParams(query).has('error')) return refuse('cancelled');
    let claims: Record<string, unknown>;
    try {
      claims = await sso.finish(pending, query);
    } catch (err) {
      return refuse('failed', err);
    }
    const match = await accountForIdentity(site.orm.em.fork(), claims);
    if (!match.ok) {
      // The address is not logged: an unknown one is a stranger's personal data.
      site.log.info({ requestId: page.requestId, reason: match.reason }, 'single sign-on refused: no live account for the verified e-mail');
      site.show(res, page, singleSignOnRefusedView(page, match.reason, match.email));
      return;
    }
    await page.session.startFor(match.user);
    site.sessions.setFlash(res, page.t.signIn.signedIn(match.user.name));
    res.setHeader('cache-control', 'no-store');
    res.redirect(303, siteHref(pending.next ?? AFTER_SIGN_IN, pending.lang));
  } catch (err) {
    site.fail(page, res, err);
  }
}
