// The website as an express router, mounted by app.ts after /graphql: security headers
// for HTML, hashed assets, robots.txt and sitemap.xml, every page of web/pages, and the
// site's own 404/400/500 pages. docs/web.md describes how it is built.
import express, { type Request, type Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../server/src/core/logger';
import type { AppServices } from '../../server/src/services';
import { errorView } from '../pages/errors';
import { PAGES } from '../pages';
import { loadAssets, type Assets } from './assets';
import { requestExecutor, type ExecutorDeps } from './graphql';
import { DICTIONARIES, langOf } from './i18n';
import { BadRequest, NotFound, type PageRequest, type PageRoute, type PageView } from './page';
import { renderDocument } from './render';
import { robotsTxt, sitemapXml } from './seo';
import { baseUrlOf, siteHref } from './urls';

/** The site's icon: a white U on the header's blue, drawn without a font so it needs nothing else. */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4f91"/><path d="M9 7v11a7 7 0 0 0 14 0V7h-4v11a3 3 0 0 1-6 0V7z" fill="#fff"/></svg>';

export interface SiteDeps {
  schema: GraphQLSchema;
  orm: MikroORM;
  services: AppServices;
  log: Logger;
  /** PUBLIC_URL: the site's address for canonical URLs; unset, the request's host. */
  publicUrl?: string;
}

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

function pageRequest(deps: ExecutorDeps & { publicUrl?: string }, req: Request, res: Response): PageRequest {
  const lang = langOf(req.query.lang);
  const search = new URL(req.originalUrl, 'http://site.invalid').searchParams;
  return {
    lang,
    t: DICTIONARIES[lang],
    path: req.path,
    params: req.params as Record<string, string>,
    search,
    href: (path, params) => siteHref(path, lang, params),
    baseUrl: baseUrlOf(deps.publicUrl, req.protocol, req.get('host')),
    requestId: res.locals.requestId as string,
    executor: requestExecutor(deps, req, res),
  };
}

function send(res: Response, page: PageRequest, view: PageView, assets: Assets): void {
  const html = renderDocument(page, view, assets);
  // Pages show what the viewer may see; once sessions exist that differs per reader.
  res.status(view.status ?? 200).setHeader('cache-control', 'no-cache');
  res.setHeader('vary', 'cookie');
  res.type('html').send(html);
}

export async function createSite(deps: SiteDeps): Promise<express.Router> {
  const assets = await loadAssets();
  const router = express.Router();
  const { log } = deps;

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
    const status = err instanceof NotFound ? 404 : err instanceof BadRequest ? 400 : 500;
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
      send(res, page, await route.load(page), assets);
    } catch (err) {
      fail(page, res, err);
    }
  };
  for (const route of PAGES) router.get(route.path, handle(route));
  // Anything else a browser asks for is the site's 404 page.
  router.get('/{*rest}', (req, res) => fail(pageRequest(deps, req, res), res, new NotFound(req.path)));
  return router;
}
