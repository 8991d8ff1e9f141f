// The start page in real Chromium with the demo content: the search box, what Utbyte
// is, themes with the counts the API gives, the newest published cases, the
// municipalities that host study visits, the links onward — with and without
// JavaScript, in English, at 360 px and under axe. What it should list is asked from
// the API, never written down here.
import type { Page } from 'playwright-core';
import { DEMO_HOSTING_OFFER } from '../../server/src/seed/demo-content';
import { HOSTS_SHOWN, RECENT_CASES } from '../../web/pages/home';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();

async function apiFacts() {
  return site.t.data(
    `query($recent: Int!, $hosts: Int!) {
      themes { slug labelSv labelEn }
      search(first: 1) { facets { themes { value count } } }
      practiceCases(first: $recent, filter: { statuses: [PUBLISHED] }, orderBy: { field: PUBLISHED_AT, direction: DESC }) { edges { node { slug title } } }
      municipalities(first: $hosts, filter: { hostsStudyVisits: true }) { totalCount edges { node { code name } } }
    }`,
    { recent: RECENT_CASES, hosts: HOSTS_SHOWN },
  );
}

const section = (page: Page, heading: string) => page.locator(`section[aria-labelledby="${heading}"]`);

test('with the demo content: search box, what Utbyte is, themes with counts, newest cases, hosts and the links onward', async () => {
  const api = await apiFacts();
  const page = await site.page();
  const res = await page.goto(site.url('/'));
  expect(res?.status()).toBe(200);
  expect(await page.locator('h1').count()).toBe(1);
  const form = page.locator('form[role="search"]');
  expect([await form.getAttribute('action'), await form.getAttribute('method')]).toEqual(['/sok', 'get']);
  expect(await page.locator('label[for="q"]').count()).toBe(1);
  expect(await section(page, 'om-rubrik').locator('p').count()).toBeGreaterThan(0);

  const counts = new Map<string, number>(api.search.facets.themes.map((f: { value: string; count: number }) => [f.value, f.count]));
  const themes = section(page, 'teman-rubrik').locator('.home-themes__item');
  expect(await themes.count()).toBe(api.themes.length);
  for (const [i, theme] of (api.themes as { slug: string; labelSv: string }[]).entries()) {
    const item = themes.nth(i);
    expect(await item.locator('a').getAttribute('href')).toBe(`/tema/${theme.slug}`);
    expect(await item.locator('a').textContent()).toBe(theme.labelSv);
    const n = counts.get(theme.slug) ?? 0;
    expect(await item.locator('.count').textContent()).toBe(n === 1 ? '1 praktik' : `${n} praktiker`);
  }

  const recent = api.practiceCases.edges.map((e: { node: { slug: string; title: string } }) => e.node);
  expect(recent.length).toBeGreaterThan(0);
  const cards = section(page, 'nya-rubrik').locator('.case-card__title a');
  expect(await cards.allTextContents()).toEqual(recent.map((c: { title: string }) => c.title));
  expect(await cards.first().getAttribute('href')).toBe(`/praktik/${recent[0].slug}`);

  const hosts = api.municipalities.edges.map((e: { node: { code: string; name: string } }) => e.node);
  expect(hosts.map((h: { code: string }) => h.code)).toContain(DEMO_HOSTING_OFFER.municipality);
  const hostLinks = section(page, 'besok-rubrik').locator('.home-hosts__item a');
  expect(await hostLinks.allTextContents()).toEqual(hosts.map((h: { name: string }) => h.name));
  expect(await hostLinks.first().getAttribute('href')).toBe(`/kommun/${hosts[0].code}`);

  const onward = await section(page, 'utforska-rubrik').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(onward).toEqual(['/natverk', '/kommun']);
  await expectNoAxeViolations(page);
});

test('every link of the page leads to a page that answers 200, and a case card opens its case', async () => {
  const page = await site.page();
  await page.goto(site.url('/'));
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))]);
  expect(hrefs.length).toBeGreaterThan(10);
  for (const href of hrefs) {
    const res = await page.request.get(site.url(href));
    expect([href, res.status()]).toEqual([href, 200]);
  }
  const card = page.locator('.case-card__title a').first();
  const title = await card.textContent();
  await Promise.all([page.waitForURL(/\/praktik\//), card.click()]);
  expect(await page.locator('h1').textContent()).toBe(title);
});

test('without JavaScript the search box leads to /sok, and the English page keeps English on every link and in the search', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/'));
  await page.locator('#q').fill('språkvän');
  await Promise.all([page.waitForURL((url) => url.pathname === '/sok'), page.locator('form[role="search"] button[type="submit"]').click()]);
  expect(new URL(page.url()).searchParams.get('q')).toBe('språkvän');
  expect(await page.locator('.case-card').count()).toBeGreaterThan(0);

  const api = await apiFacts();
  await page.goto(site.url('/?lang=en'));
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  expect(await page.locator('#teman-rubrik').textContent()).toBe('Browse by theme');
  expect(await page.locator('.home-themes__item a').first().textContent()).toBe(api.themes[0].labelEn);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.filter((h) => new URL(h, 'http://x').searchParams.get('lang') !== 'en')).toEqual([]);
  await page.locator('#q').fill('meeting place');
  await Promise.all([page.waitForURL((url) => url.pathname === '/sok'), page.locator('form[role="search"] button[type="submit"]').click()]);
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
});

test('at 360 px nothing scrolls sideways, in Swedish and English; axe finds nothing in English', async () => {
  const page = await site.page(NARROW);
  for (const path of ['/', '/?lang=en']) {
    await page.goto(site.url(path));
    expect([path, await hasHorizontalOverflow(page)]).toEqual([path, false]);
  }
  await expectNoAxeViolations(page);
});

// Last in this file: it deletes this system's search index.
test('while search is unavailable the page still opens, listing the themes without counts; a disjunctive search says SEARCH_UNAVAILABLE', async () => {
  const { client, indexUid } = site.t.system.search;
  await client.deleteIndex(indexUid).waitTask();
  const res = await site.t.gql(`{ search(filter: { kinds: [STUDY] }, facetMode: DISJUNCTIVE) { totalCount } }`);
  expect(res.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['SEARCH_UNAVAILABLE']);
  const { themes } = await site.t.data(`{ themes { slug } }`);
  const page = await site.pageWithoutJs();
  const answer = await page.goto(site.url('/'));
  expect(answer?.status()).toBe(200);
  expect(await page.locator('.home-themes__item a').count()).toBe(themes.length);
  expect(await page.locator('.home-themes__item .count').count()).toBe(0);
  expect(await section(page, 'teman-rubrik').locator('.hint').textContent()).toBe('Antalet praktiker per tema går inte att visa just nu.');
  expect(await section(page, 'nya-rubrik').locator('.case-card').count()).toBeGreaterThan(0);
});
