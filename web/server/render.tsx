// Turns a PageView into the HTML document: layout, absolute canonical and alternate
// URLs, and the page's assets. preact-render-to-string escapes every text and
// attribute value, so no page can inject markup by accident.
import { renderToString } from 'preact-render-to-string';
import { Layout } from '../components/Layout';
import type { Assets } from './assets';
import type { PageRequest, PageView } from './page';
import { siteHref } from './urls';

/** Every page loads these; a page adds its own through PageView.scripts/styles. */
const SITE_STYLES = ['site.css'];
const SITE_SCRIPTS = ['site.js'];

export function renderDocument(page: PageRequest, view: PageView, assets: Assets): string {
  const canonicalPath = view.canonical?.path ?? page.path;
  const params = view.canonical?.params ?? {};
  const absolute = (lang: 'sv' | 'en') => `${page.baseUrl}${siteHref(canonicalPath, lang, params)}`;
  const head = {
    title: view.title,
    description: view.description,
    canonical: absolute(page.lang),
    alternates: { sv: absolute('sv'), en: absolute('en') },
    noindex: view.noindex,
    article: view.article,
    styles: [...SITE_STYLES, ...(view.styles ?? [])].map((name) => assets.url(name)),
    scripts: [...SITE_SCRIPTS, ...(view.scripts ?? [])].map((name) => assets.url(name)),
  };
  return `<!doctype html>\n${renderToString(
    <Layout page={page} head={head}>
      {view.body}
    </Layout>,
  )}`;
}
