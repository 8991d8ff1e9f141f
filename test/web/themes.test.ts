// The theme index and a theme's page in real Chromium, with the demo content: counts
// from the API, paging, the language switch, no JavaScript, 360 px, axe, 404, CSP,
// robots.txt, sitemap.xml and the head tags every page carries.
import { THEME_PAGE_SIZE } from '../../web/pages/themes';
import { tokensFor } from '../helpers/actors';
import { publishedCase } from '../helpers/cases';
import { expectNoAxeViolations, hasHorizontalOverflow, headValue, NARROW, useSite } from './browser';

const site = useSite();

/** The theme counts the API itself reports, to compare the page with. */
async function apiThemeCounts(): Promise<Map<string, number>> {
  const data = await site.t.data(`{ search(first: 1) { facets { themes { value count } } } }`);
  return new Map(data.search.facets.themes.map((f: { value: string; count: number }) => [f.value, f.count]));
}

test('the theme index lists every root theme and its children with the counts of published cases', async () => {
  const page = await site.page();
  const res = await page.goto(site.url('/tema'));
  expect(res?.status()).toBe(200);
  expect(await page.locator('h1').count()).toBe(1);
  expect(await page.locator('h1').textContent()).toBe('Teman');
  const { themes } = await site.t.data(`{ themes { slug labelSv children { slug } } }`);
  const counts = await apiThemeCounts();
  expect([...counts.values()].some((n) => n > 0)).toBe(true);
  for (const theme of themes) {
    const link = page.locator(`a[href="/tema/${theme.slug}"]`);
    expect(await link.textContent()).toBe(theme.labelSv);
    const n = counts.get(theme.slug) ?? 0;
    const countText = await link.locator('xpath=following-sibling::span[1]').textContent();
    expect(countText).toBe(n === 1 ? '1 praktik' : `${n} praktiker`);
    for (const child of theme.children) expect(await page.locator(`a[href="/tema/${child.slug}"]`).count()).toBe(1);
  }
  await expectNoAxeViolations(page);
});

test('a theme page shows its description and exactly the published cases the API gives, paged with GET links', async () => {
  const counts = await apiThemeCounts();
  const [slug] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const { theme } = await site.t.data(`query($slug: String!) { theme(slug: $slug) { labelSv descriptionEn practiceCases(first: 100) { totalCount edges { node { title } } } } }`, { slug });
  const page = await site.pageWithoutJs();
  const res = await page.goto(site.url(`/tema/${slug}`));
  expect(res?.status()).toBe(200);
  expect(await page.locator('h1').textContent()).toBe(theme.labelSv);
  if (theme.descriptionEn) expect(await page.locator('p.lead[lang="en"]').textContent()).toBe(theme.descriptionEn);
  const titles = theme.practiceCases.edges.map((e: { node: { title: string } }) => e.node.title);
  expect(theme.practiceCases.totalCount).toBeGreaterThan(0);
  // Follow "next" links to the end: every case once, none made up.
  const seen: string[] = [];
  for (let guard = 0; guard < 20; guard++) {
    seen.push(...(await page.locator('.case-card__title a').allTextContents()));
    const next = page.locator('a[rel="next"]');
    if (!(await next.count())) break;
    await next.click();
    expect(page.url()).toContain('efter=');
  }
  expect(seen.sort()).toEqual([...titles].sort());
});

test('a case card links to the case page and the breadcrumbs lead back to the index', async () => {
  const page = await site.page();
  await page.goto(site.url('/tema/language'));
  expect(await page.locator('.breadcrumbs a[href="/tema"]').textContent()).toBe('Teman');
  const first = page.locator('.case-card__title a').first();
  expect(await first.getAttribute('href')).toMatch(/^\/praktik\/[a-z0-9-]+$/);
});

test('the language switch keeps the page, and English links stay English', async () => {
  const page = await site.page();
  await page.goto(site.url('/tema/language'));
  expect(await page.locator('html').getAttribute('lang')).toBe('sv');
  await page.locator('a.lang-switch').click();
  expect(new URL(page.url()).pathname).toBe('/tema/language');
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  expect(await page.locator('h1').textContent()).toBe('Language');
  const internal = await page.locator('main a[href^="/"], nav a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(internal.length).toBeGreaterThan(0);
  for (const href of internal) expect(new URL(href, 'http://x').searchParams.get('lang')).toBe('en');
  await page.locator('a.lang-switch').click();
  expect(page.url()).toBe(site.url('/tema/language'));
  await expectNoAxeViolations(page);
});

test('at 360 px the pages do not scroll sideways and stay clean for axe', async () => {
  const page = await site.page(NARROW);
  for (const path of ['/', '/tema', '/tema/language', '/tema/language?lang=en']) {
    await page.goto(site.url(path));
    expect({ path, overflow: await hasHorizontalOverflow(page) }).toEqual({ path, overflow: false });
    await expectNoAxeViolations(page);
  }
});

test('the start page has the search form: GET /sok with q, keeping the language', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/?lang=en'));
  const form = page.locator('form[role="search"]');
  expect(await form.getAttribute('action')).toBe('/sok');
  expect(await form.getAttribute('method')).toBe('get');
  expect(await page.getByLabel('Search practices').getAttribute('name')).toBe('q');
  expect(await form.locator('input[name="lang"]').inputValue()).toBe('en');
});

test('an unknown theme and an unknown path are the site 404 page; a forged cursor is a 400 page', async () => {
  const page = await site.page();
  for (const path of ['/tema/finns-inte', '/ingenting/har', `/tema/${'x'.repeat(300)}`]) {
    const res = await page.goto(site.url(path));
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Sidan kunde inte hittas');
    expect(await headValue(page, 'meta[name="robots"]')).toBe('noindex');
  }
  await expectNoAxeViolations(page);
  const bad = await page.goto(site.url('/tema/language?efter=inte-en-cursor'));
  expect(bad?.status()).toBe(400);
  expect(await page.locator('h1').textContent()).toBe('Adressen gick inte att läsa');
  expect(site.t.errorLogs).toEqual([]);
});

test('HTML is sent with a CSP without inline scripts, and hashed assets are cached for a year', async () => {
  const res = await fetch(site.url('/tema'));
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await res.text();
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThanOrEqual(2);
  for (const path of assets) {
    expect(path).toMatch(/^\/assets\/[a-z-]+\.[0-9a-f]{10}\.(js|css)$/);
    const asset = await fetch(site.url(path));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  }
  expect((await fetch(site.url('/assets/site.0000000000.css'))).status).toBe(404);
});

test('the browser reports no CSP violation while loading a page with its scripts', async () => {
  const page = await site.page();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(site.url('/tema'));
  // site.js ran: the enhancement scripts load under the policy.
  expect(await page.locator('html').getAttribute('class')).toContain('js-enabled');
  expect(problems).toEqual([]);
});

test('canonical, alternates and Open Graph tags per page; PUBLIC_URL is not set, so the request host is used', async () => {
  const page = await site.page();
  await page.goto(site.url('/tema/language?lang=en&utm_source=x'));
  expect(await headValue(page, 'link[rel="canonical"]', 'href')).toBe(site.url('/tema/language?lang=en'));
  expect(await headValue(page, 'link[rel="alternate"][hreflang="sv"]', 'href')).toBe(site.url('/tema/language'));
  expect(await headValue(page, 'meta[property="og:url"]')).toBe(site.url('/tema/language?lang=en'));
  expect(await headValue(page, 'meta[property="og:title"]')).toBe('Language');
  expect(await headValue(page, 'meta[name="description"]')).toBeTruthy();
  expect(await page.title()).toBe('Language – Utbyte');
});

test('the site icon answers at /favicon.svg, which every page links, and at the /favicon.ico browsers ask for', async () => {
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    const res = await fetch(site.url(path));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
  }
  const page = await site.page();
  await page.goto(site.url('/tema'));
  expect(await page.getAttribute('link[rel="icon"]', 'href')).toBe('/favicon.svg');
  await page.close();
});

test('robots.txt points to the sitemap, and the sitemap lists the themes and every published case', async () => {
  const robots = await (await fetch(site.url('/robots.txt'))).text();
  expect(robots).toContain(`Sitemap: ${site.url('/sitemap.xml')}`);
  expect(robots).toContain('Disallow: /graphql');
  const res = await fetch(site.url('/sitemap.xml'));
  expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
  const xml = await res.text();
  expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  const { practiceCases } = await site.t.data(`{ practiceCases(first: 100) { edges { node { slug status } } } }`);
  const published = practiceCases.edges.map((e: { node: { slug: string } }) => site.url(`/praktik/${e.node.slug}`));
  expect(published.length).toBeGreaterThan(0);
  expect(locs.filter((l) => l.includes('/praktik/')).sort()).toEqual(published.sort());
  expect(locs).toContain(site.url('/tema/language'));
  // Drafts of the demo content are not there.
  const drafts = await site.t.sql<{ slug: string }>(`select slug from practice_case where status <> 'PUBLISHED'`);
  for (const d of drafts) expect(locs).not.toContain(site.url(`/praktik/${d.slug}`));
});

// Last: it adds cases, which changes the counts the tests above compare.
test('paging a theme: next pages forward with ?efter=, previous returns to the same first page, every case once', async () => {
  const actors = await tokensFor(site.t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  const made: string[] = [];
  for (let i = 1; i <= THEME_PAGE_SIZE + 2; i++) {
    const c = await publishedCase(site.t, actors.editor, actors.reviewer, { title: `Hälsoskola för nyanlända, grupp ${i}`, themes: ['health'] });
    made.push(c.title);
  }
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/tema/health'));
  const titles = () => page.locator('.case-card__title a').allTextContents();
  const first = await titles();
  expect(first).toHaveLength(THEME_PAGE_SIZE);
  expect(await page.locator('a[rel="prev"]').count()).toBe(0);
  await page.locator('a[rel="next"]').click();
  expect(new URL(page.url()).searchParams.has('efter')).toBe(true);
  const second = await titles();
  expect([...first, ...second].sort()).toEqual([...made].sort());
  expect(await page.locator('a[rel="next"]').count()).toBe(0);
  await page.locator('a[rel="prev"]').click();
  expect(new URL(page.url()).searchParams.has('fore')).toBe(true);
  expect(await titles()).toEqual(first);
  // Reached backwards, the first page still offers the way forward.
  expect(await page.locator('a[rel="next"]').count()).toBe(1);
});
