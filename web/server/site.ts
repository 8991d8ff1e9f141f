// The website as an express router, mounted by app.ts after /graphql: security headers
// for HTML, hashed assets, robots.txt and sitemap.xml, every page of web/pages, and the
// site's own 404/400/500 pages. docs/web.md describes how it is built.
import etag from 'etag';
import express, { type Request, type Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../server/src/core/logger';
import type { AppServices } from '../../server/src/services';
import { errorView } from '../pages/errors';
import { sessionEndedView } from '../pages/session-ended';
import { PAGES } from '../pages';
import { loadAssets, type Assets } from './assets';
import { requestExecutor, type ExecutorDeps } from './graphql';
import { DICTIONARIES, langOf, type Lang } from './i18n';
import type { OidcSettings, SessionSettings } from '../../server/src/config';
import { Mailer } from '../../server/src/core/mail';
import { UNSTORABLE } from '../../server/src/core/unstorable-text';
import { FormFields, type FormBody } from './forms';
import { BadRequest, Forbidden, NotFound, SignInRequired, type PageRequest, type PageRoute, type PageView } from './page';
import { CSRF_FIELD, DEFAULT_SESSION_SETTINGS, SessionLayer, loadSiteSecret } from './session';
import { viewerOf } from './viewer';
import { renderDocument } from './render';
import { SingleSignOn, singleSignOnRoutes } from './single-sign-on';
import { robotsTxt, sitemapXml } from './seo';
import { baseUrlOf, sameSitePath, siteHref } from './urls';

/** The site's icon: a white U on the header's blue, drawn without a font so it needs nothing else. */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4f91"/><path d="M9 7v11a7 7 0 0 0 14 0V7h-4v11a3 3 0 0 1-6 0V7z" fill="#fff"/></svg>';

export interface SiteDeps {
  schema: GraphQLSchema;
  orm: MikroORM;
  services: AppServices;
  log: Logger;
  /** PUBLIC_URL: the site's address for canonical URLs; unset, the request's host. */
  publicUrl?: string;
  /** Session lifetimes and cookie security (config.session); production's defaults when unset. */
  session?: SessionSettings;
  /** Sends the password-reset mails; unset, they are only logged as not sent. */
  mailer?: Mailer;
  /** OIDC_*: "sign in with your municipality's account" (single-sign-on.ts); unset, no button and no routes. */
  oidc?: OidcSettings;
}

/** Largest form body a page accepts; a case write-up with its Markdown fits many times over. */
const FORM_BODY_LIMIT = '512kb';

/**
 * No inline script or style, no plugins, no framing, forms only to ourselves. The
 * other helmet headers (HSTS, nosniff, referrer policy …) come from securityHeaders().
 */
export const SITE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type SessionDeps = ExecutorDeps & { publicUrl?: string; sessions: SessionLayer; oidc?: OidcSettings };

/**
 * `as` shows a page as if it were another (single sign-on's answers, as /logga-in in the
 * language the sign-in began in): the language switch and header links then lead there,
 * not back to a URL that works only once.
 */
function pageRequest(deps: SessionDeps, req: Request, res: Response, as?: { lang: Lang; path: string }): PageRequest {
  const lang = as?.lang ?? langOf(req.query.lang);
  const search = as ? new URLSearchParams() : new URL(req.originalUrl, 'http://site.invalid').searchParams;
  const { sessions } = deps;
  let csrfToken: string | undefined;
  return {
    viewer: viewerOf(req),
    // Made on first use: a page without forms sets no pre-session cookie.
    get csrfToken() {
      return (csrfToken ??= sessions.csrfToken(req, res));
    },
    flash: req.method === 'GET' ? sessions.takeFlash(req, res) : undefined,
    session: sessions.control(req, res),
    singleSignOn: !!deps.oidc,
    lang,
    t: DICTIONARIES[lang],
    path: as?.path ?? req.path,
    params: req.params as Record<string, string>,
    search,
    href: (path, params) => siteHref(path, lang, params),
    baseUrl: baseUrlOf(deps.publicUrl, req.protocol, req.get('host')),
    requestId: res.locals.requestId as string,
    executor: requestExecutor(deps, req, res),
  };
}

/** Where an anonymous reader of `page` signs in, coming back to the same page (a GET: a form's input is not replayed). */
function signInHref(page: PageRequest): string {
  const query = new URLSearchParams(page.search);
  query.delete('lang');
  const here = query.size ? `${page.path}?${query.toString()}` : page.path;
  return page.href('/logga-in', { next: here });
}

/** A route parameter (`/praktik/a%00b`) the database cannot even compare with is a bad URL, not a query. */
function storableParams(page: PageRequest): void {
  for (const [name, value] of Object.entries(page.params)) if (UNSTORABLE.test(value)) throw new BadRequest(`${name} holds a NUL character or broken Unicode`);
}

/**
 * Whether the browser says the POST came from a page of this site: Fetch Metadata
 * (Sec-Fetch-Site, which no page can set), else an Origin header naming this site. A
 * cross-site form never passes, so it cannot make us show text of its choosing.
 */
function fromOwnPage(req: Request, page: PageRequest): boolean {
  const site = req.get('sec-fetch-site');
  return site ? site === 'same-origin' : req.get('origin') === page.baseUrl;
}

type Fail = (page: PageRequest, res: Response, err: unknown) => void;

/**
 * POST of a page with an action: CSRF first (nothing runs without the token of this
 * session or pre-session), then the action; a redirect is a 303 (to this site only),
 * anything else a page rendered with its status.
 */
function act(deps: SessionDeps, route: PageRoute, fail: Fail, assets: Assets) {
  return async (req: Request, res: Response) => {
    const page = pageRequest(deps, req, res);
    try {
      storableParams(page);
      const body = (req.body ?? {}) as FormBody;
      const submitted = body[CSRF_FIELD];
      if (!deps.sessions.csrfValid(req, typeof submitted === 'string' ? submitted : undefined)) {
        deps.log.warn({ requestId: page.requestId, path: page.path }, 'form refused: CSRF token missing or wrong');
        // Our own form whose sign-in ended meanwhile: nothing runs, but the text comes back.
        if (typeof submitted === 'string' && !route.signedOutForm && fromOwnPage(req, page)) return send(res, page, sessionEndedView(page, body), assets);
        throw new Forbidden('CSRF token missing or wrong');
      }
      const result = await route.action!(page, new FormFields(body));
      if ('redirect' in result) {
        if (result.flash) deps.sessions.setFlash(res, result.flash);
        res.setHeader('cache-control', 'no-store');
        res.redirect(303, sameSitePath(result.redirect) ?? '/');
        return;
      }
      send(res, page, result, assets);
    } catch (err) {
      fail(page, res, err);
    }
  };
}

function send(res: Response, page: PageRequest, view: PageView, assets: Assets): void {
  const html = renderDocument(page, view, assets);
  // Pages show what the viewer may see, which differs per reader. A signed-in reader's
  // pages (and any form's answer: a new API token) are kept in no cache at all.
  const personal = page.viewer.kind !== 'anonymous' || res.req.method === 'POST';
  res.status(view.status ?? 200).setHeader('cache-control', personal ? 'no-store' : 'no-cache');
  res.setHeader('vary', 'cookie');
  // A public page may come back unchanged: its ETag lets a browser's revalidation end in a 304.
  if (!personal) res.setHeader('etag', etag(html, { weak: true }));
  res.type('html').send(html);
}

export async function createSite(siteDeps: SiteDeps): Promise<express.Router> {
  const assets = await loadAssets();
  const router = express.Router();
  const { log } = siteDeps;
  const mailer = siteDeps.mailer ?? new Mailer({ from: 'Utbyte <no-reply@utbyte.invalid>', log, logBodies: false });
  const sessions = new SessionLayer({ ...siteDeps, mailer, settings: siteDeps.session ?? DEFAULT_SESSION_SETTINGS, secret: await loadSiteSecret(siteDeps.orm) });
  const deps = { ...siteDeps, sessions };

  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', SITE_CSP);
    next();
  });
  router.get('/assets/:file', assets.serve);
  // Browsers ask for /favicon.ico on every page; one small SVG answers both names.
  router.get(['/favicon.svg', '/favicon.ico'], (_req, res) => {
    res.type('image/svg+xml').setHeader('cache-control', 'public, max-age=86400');
    res.send(FAVICON);
  });
  router.get('/robots.txt', (req, res) => {
    res.type('text/plain').send(robotsTxt(baseUrlOf(deps.publicUrl, req.protocol, req.get('host'))));
  });

  const fail = (page: PageRequest, res: Response, err: unknown) => {
    if (err instanceof SignInRequired) {
      res.redirect(303, signInHref(page));
      return;
    }
    const status = err instanceof NotFound ? 404 : err instanceof BadRequest ? 400 : err instanceof Forbidden ? 403 : 500;
    if (status === 500) log.error({ err, requestId: page.requestId }, 'page failed');
    try {
      send(res, page, errorView(page, status), assets);
    } catch (renderErr) {
      log.error({ err: renderErr, requestId: page.requestId }, 'error page failed');
      res.status(status).type('text/plain').send('Error\n');
    }
  };

  router.get('/sitemap.xml', async (req, res) => {
    const page = pageRequest(deps, req, res);
    try {
      res.type('application/xml').send(await sitemapXml(page));
    } catch (err) {
      log.error({ err, requestId: page.requestId }, 'sitemap failed');
      res.status(500).type('text/plain').send('Internal server error\n');
    }
  });

  const handle = (route: PageRoute) => async (req: Request, res: Response) => {
    const page = pageRequest(deps, req, res);
    try {
      storableParams(page);
      send(res, page, await route.load(page), assets);
    } catch (err) {
      fail(page, res, err);
    }
  };
  // Sessions are resolved for pages only: assets, robots and the sitemap above need none.
  router.use((req, res, next) => void sessions.middleware(req, res, next));
  if (deps.oidc) {
    router.use(singleSignOnRoutes(new SingleSignOn(deps.oidc), {
      sessions,
      orm: deps.orm,
      log,
      page: (req, res, as) => pageRequest(deps, req, res, as),
      show: (res, page, view) => send(res, page, view, assets),
      fail,
    }));
  }
  for (const route of PAGES) router.get(route.path, handle(route));
  const formBody = express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT, parameterLimit: 2000 });
  for (const route of PAGES) if (route.action) router.post(route.path, formBody, act(deps, route, fail, assets));
  // A body that is too large or unreadable: the site's 400 page, not the API's JSON.
  router.use((err: Error & { status?: number }, req: Request, res: Response, next: (err?: unknown) => void) => {
    if (res.headersSent || !err.status || err.status >= 500) return next(err);
    fail(pageRequest(deps, req, res), res, new BadRequest(err.message));
  });
  // Anything else a browser asks for is the site's 404 page.
  router.get('/{*rest}', (req, res) => fail(pageRequest(deps, req, res), res, new NotFound(req.path)));
  return router;
}
