// What search engines and link previews read, for every page type: <title>, the meta
// description, Open Graph title/description/url, the canonical URL and <html lang>, in
// Swedish and English; robots.txt; and a sitemap that lists every published case, every
// theme, the municipalities with published cases and the fixed pages. What to expect
// comes from the API, not from constants.
import type { Page } from 'playwright-core';
import { useSite } from './browser';

const site = useSite();

interface PageType {
  name: string;
  path: string;
  /** The canonical path (with its query), in Swedish. */
  canonical: string;
  /** Result lists and error pages are for people, not for indexes. */
  noindex?: boolean;
}

let types: PageType[] = [];

beforeAll(async () => {
  const { search, themes } = await site.t.data(`{ search(query: "språkvän", first: 1) { edges { node { slug } } } themes { slug } }`);
  const slug = encodeURIComponent(search.edges[0].node.slug);
  const theme = encodeURIComponent(themes[0].slug);
  const q = encodeURIComponent('språkvän');
  types = [
    { name: 'start', path: '/', canonical: '/' },
    { name: 'search', path: `/sok?q=${q}`, canonical: `/sok?q=${q}`, noindex: true },
    { name: 'case', path: `/praktik/${slug}`, canonical: `/praktik/${slug}` },
    { name: 'municipality', path: '/kommun/0884', canonical: '/kommun/0884' },
    { name: 'municipality index', path: '/kommun', canonical: '/kommun' },
    { name: 'theme index', path: '/tema', canonical: '/tema' },
    { name: 'theme', path: `/tema/${theme}`, canonical: `/tema/${theme}` },
    { name: 'network', path: '/natverk', canonical: '/natverk' },
    { name: 'sign-in placeholder', path: '/logga-in', canonical: '/logga-in', noindex: true },
    { name: '404', path: '/finns-inte', canonical: '/finns-inte', noindex: true },
  ];
}, 60_000);

/** The head's values in one read: absent ones are null (a locator would wait for them). */
function head(page: Page) {
  return page.evaluate(() => {
    const attr = (selector: string, name: string) => document.head.querySelector(selector)?.getAttribute(name) ?? null;
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: document.title,
      description: attr('meta[name="description"]', 'content'),
      ogTitle: attr('meta[property="og:title"]', 'content'),
      ogDescription: attr('meta[property="og:description"]', 'content'),
      ogUrl: attr('meta[property="og:url"]', 'content'),
      canonical: attr('link[rel="canonical"]', 'href'),
      robots: attr('meta[name="robots"]', 'content'),
    };
  });
}

function withLang(path: string, lang: 'sv' | 'en'): string {
  return lang === 'sv' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=en`;
}

test.each(['sv', 'en'] as const)('every page type has title, description, Open Graph tags, canonical and lang (%s)', async (lang) => {
  const page = await site.page();
  for (const type of types) {
    await page.goto(site.url(withLang(type.path, lang)));
    const h = await head(page);
    const canonical = site.url(withLang(type.canonical, lang));
    // One object per page, so a failure names the page type.
    expect({ name: type.name, lang: h.lang, canonical: h.canonical, ogUrl: h.ogUrl, robots: h.robots }).toEqual({
      name: type.name,
      lang,
      canonical,
      ogUrl: canonical,
      robots: type.noindex ? 'noindex' : null,
    });
    // The <title> is the page's own title followed by the site's name (the start page is the site's name).
    expect([type.name, h.title, !!h.ogTitle?.trim() && (h.title === `${h.ogTitle} – Utbyte` || h.title === h.ogTitle)]).toEqual([type.name, h.title, true]);
    expect([type.name, !!h.description?.trim() && h.ogDescription === h.description]).toEqual([type.name, true]);
  }
}, 120_000);

test('robots.txt allows the site, keeps crawlers off /graphql and search results, and names the sitemap', async () => {
  const res = await fetch(site.url('/robots.txt'));
  expect(res.status).toBe(200);
  const lines = (await res.text()).split('\n');
  expect(lines).toEqual(expect.arrayContaining(['User-agent: *', 'Allow: /', 'Disallow: /graphql', 'Disallow: /sok', `Sitemap: ${site.url('/sitemap.xml')}`]));
});

test('the sitemap lists the fixed pages, /natverk, every theme, every municipality with published cases and every published case', async () => {
  const xml = await (await fetch(site.url('/sitemap.xml'))).text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(new Set(locs).size).toBe(locs.length);
  const data = await site.t.data(`{
    themes { slug children { slug } }
    search(first: 1) { facets { municipalities { value count } } }
    practiceCases(first: 100, filter: { statuses: [PUBLISHED] }) { totalCount edges { node { slug } } }
  }`);
  const themes = data.themes.flatMap((t: { slug: string; children: { slug: string }[] }) => [t.slug, ...t.children.map((c) => c.slug)]);
  const municipalities = data.search.facets.municipalities.filter((f: { count: number }) => f.count > 0).map((f: { value: string }) => f.value);
  const cases = data.practiceCases.edges.map((e: { node: { slug: string } }) => e.node.slug);
  expect(cases.length).toBe(data.practiceCases.totalCount);
  expect(municipalities).toContain('0884');
  const expected = [
    '/',
    '/tema',
    '/kommun',
    '/natverk',
    ...themes.map((s: string) => `/tema/${encodeURIComponent(s)}`),
    ...municipalities.map((c: string) => `/kommun/${c}`),
    ...cases.map((s: string) => `/praktik/${encodeURIComponent(s)}`),
  ].map((p) => site.url(p));
  expect([...locs].sort()).toEqual(expected.sort());
});
