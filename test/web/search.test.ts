// The search page in real Chromium with the demo content: the journeys of issue 14
// (search, facets, back, sort, near, show more, the map) with JavaScript and without,
// the empty page, bad URLs, 360 px and axe. What the page should show is asked from
// the API (site.t.data), never written down here.
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();

interface ApiHit {
  slug: string;
  title: string;
  municipality: { code: string; name: string };
}

async function apiSearch(args: string): Promise<{ totalCount: number; hits: ApiHit[] }> {
  const data = await site.t.data(`{ search(${args}) { totalCount edges { node { slug title municipality { code name } } } } }`);
  return { totalCount: data.search.totalCount, hits: data.search.edges.map((e: { node: ApiHit }) => e.node) };
}

const titles = (page: Page) => page.locator('.case-card__title a').allTextContents();
const count = (page: Page) => page.locator('#antal-traffar').textContent();
const countText = (n: number) => (n === 0 ? 'Inga träffar' : n === 1 ? '1 träff' : `${n} träffar`);

describe.each([
  ['with JavaScript', () => site.page()],
  ['without JavaScript', () => site.pageWithoutJs()],
])('%s', (_, open) => {
  test('searching "språkvän" from the start page puts the Eskilstuna case first, its words marked', async () => {
    const api = await apiSearch('query: "språkvän", first: 5');
    expect(api.hits[0].municipality.name).toBe('Eskilstuna kommun');
    const page = await open();
    await page.goto(site.url('/'));
    await page.locator('#q').fill('språkvän');
    await Promise.all([page.waitForURL((url) => url.pathname === '/sok'), page.locator('form[role="search"] button[type="submit"]').first().click()]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('språkvän');
    expect(await page.locator('#q').inputValue()).toBe('språkvän');
    expect(await titles(page)).toEqual(api.hits.map((h) => h.title));
    const first = page.locator('.case-card').first();
    expect(await first.locator('.case-card__meta span').first().textContent()).toBe('Eskilstuna kommun');
    expect(await first.locator('a').getAttribute('href')).toBe(`/praktik/${api.hits[0].slug}`);
    expect((await first.locator('mark').allTextContents()).map((m) => m.toLowerCase())).toContain('språkvän');
    expect(await count(page)).toBe(countText(api.totalCount));
  });

  test('a facet link filters: the URL and the counts change, and back restores both', async () => {
    const all = await apiSearch('first: 100');
    const page = await open();
    await page.goto(site.url('/sok'));
    expect(await count(page)).toBe(countText(all.totalCount));
    const kindLink = page.locator('#filter section[aria-label="Typ av praktik"] a').first();
    const label = (await kindLink.textContent())!;
    await Promise.all([page.waitForURL(/typ=/), kindLink.click()]);
    const kind = new URL(page.url()).searchParams.get('typ')!;
    const filtered = await apiSearch(`first: 100, filter: { kinds: [${kind}] }`);
    expect(filtered.totalCount).toBeLessThan(all.totalCount);
    expect(await count(page)).toBe(countText(filtered.totalCount));
    expect(await titles(page)).toEqual(filtered.hits.map((h) => h.title));
    expect(label).toContain(`(${filtered.totalCount})`);
    // The selected value is marked, and removing it is a link too.
    expect(await page.locator('#filter a[aria-current="true"]').count()).toBe(1);
    expect(await page.locator('.active-filters__chip').count()).toBe(1);
    await page.goBack();
    expect(new URL(page.url()).searchParams.has('typ')).toBe(false);
    expect(await count(page)).toBe(countText(all.totalCount));
    await page.goForward();
    expect(await count(page)).toBe(countText(filtered.totalCount));
    await page.locator('.active-filters__chip').click();
    expect(await count(page)).toBe(countText(all.totalCount));
  });

  test('sorting by newest and by distance from a municipality gives the order the API gives', async () => {
    const page = await open();
    await page.goto(site.url('/sok?sortera=nyast'));
    const newest = await apiSearch('first: 20, sort: PUBLISHED_AT_DESC');
    expect(await titles(page)).toEqual(newest.hits.map((h) => h.title));
    expect(await page.locator('#sortera').inputValue()).toBe('nyast');
    // Near Eskilstuna (0484) within 500 km, nearest first.
    await page.goto(site.url('/sok?nara=0484&km=500&sortera=narmast'));
    const near = await apiSearch('first: 20, sort: DISTANCE, filter: { near: { municipality: "0484", radiusKm: 500 } }');
    expect(near.hits.length).toBeGreaterThan(1);
    expect(await titles(page)).toEqual(near.hits.map((h) => h.title));
    expect(await page.locator('#nara').inputValue()).toBe('0484');
    expect(await page.locator('.case-card__meta').first().textContent()).toMatch(/\d+ km bort/);
    // Nearest first, as the page itself shows the distances.
    const km = (await page.locator('.case-card__meta').allTextContents()).map((m) => Number(/(\d+) km bort/.exec(m)![1]));
    expect(km).toEqual([...km].sort((a, b) => a - b));
  });

  test('show more shows the next hits, in a URL of its own', async () => {
    const all = await apiSearch('first: 100');
    const page = await open();
    await page.goto(site.url('/sok?antal=2'));
    expect(await count(page)).toBe(`Visar 2 av ${all.totalCount} träffar`);
    await Promise.all([page.waitForURL(/antal=22/), page.locator('a.show-more').click()]);
    expect(await titles(page)).toEqual(all.hits.slice(0, 22).map((h) => h.title));
    await page.reload();
    expect(await titles(page)).toEqual(all.hits.slice(0, 22).map((h) => h.title));
  });
});

test('search as you type updates the results and the address, announces the count, and back restores', async () => {
  const page = await site.page();
  await page.goto(site.url('/sok'));
  const all = await apiSearch('first: 1');
  await page.locator('#q').pressSequentially('språkvän', { delay: 20 });
  await page.waitForURL((url) => url.searchParams.get('q') === 'språkvän');
  const api = await apiSearch('query: "språkvän", first: 20');
  await page.waitForFunction((n) => document.querySelector('#antal-traffar')?.textContent === n, countText(api.totalCount));
  expect(await titles(page)).toEqual(api.hits.map((h) => h.title));
  await page.waitForFunction((n) => document.querySelector('#sok-meddelande')?.textContent === n, countText(api.totalCount));
  // Typing made one history entry, not one per letter.
  await page.goBack();
  await page.waitForFunction((n) => document.querySelector('#antal-traffar')?.textContent === n, countText(all.totalCount));
  expect(new URL(page.url()).pathname).toBe('/sok');
  expect(new URL(page.url()).searchParams.has('q')).toBe(false);
  expect(await page.locator('#q').inputValue()).toBe('');
});

test('with JavaScript, show more keeps the reader in place: focus on the first new hit', async () => {
  const page = await site.page();
  await page.goto(site.url('/sok?antal=2'));
  const all = await apiSearch('first: 3');
  await page.locator('a.show-more').click();
  await page.waitForURL(/antal=22/);
  await page.waitForFunction((title) => document.activeElement?.textContent === title, all.hits[2].title);
});

test('nothing found: the page says so and suggests removing filters, spelling, and themes', async () => {
  const page = await site.page();
  const res = await page.goto(site.url('/sok?q=zqxwvy&typ=STUDY'));
  expect(res?.status()).toBe(200);
  expect(await count(page)).toBe('Inga träffar');
  expect(await page.locator('.empty-result h3').textContent()).toBe('Inga praktiker matchade sökningen');
  expect(await page.locator('.empty-result').textContent()).toContain('Kontrollera stavningen');
  const { themes } = await site.t.data('{ themes { slug } }');
  expect(await page.locator('.empty-result__themes a').count()).toBe(themes.length);
  expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
  await expectNoAxeViolations(page);
  await page.locator('.empty-result a', { hasText: 'Ta bort filtren' }).click();
  expect(new URL(page.url()).searchParams.has('typ')).toBe(false);
  expect(new URL(page.url()).searchParams.get('q')).toBe('zqxwvy');
});

test('map markers sit at the hits municipalities and link to the case, or to that municipality’s results', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/sok'));
  const { hits } = await apiSearch('first: 20');
  const byMunicipality = new Map<string, ApiHit[]>();
  for (const h of hits) byMunicipality.set(h.municipality.code, [...(byMunicipality.get(h.municipality.code) ?? []), h]);
  const markers = page.locator('svg.results-map__svg a');
  expect(await markers.count()).toBe(byMunicipality.size);
  expect([...byMunicipality.values()].some((list) => list.length > 1)).toBe(true);
  for (const [code, list] of byMunicipality) {
    const marker = page.locator(`svg a[data-municipality="${code}"]`);
    const href = (await marker.getAttribute('href'))!;
    expect(await marker.getAttribute('aria-label')).toContain(list[0].municipality.name.replace(/ kommun$/, ''));
    if (list.length === 1) expect(href).toBe(`/praktik/${list[0].slug}`);
    else {
      expect(new URL(href, site.url('/')).searchParams.getAll('kommun')).toEqual([code]);
      expect(await marker.locator('text').textContent()).toBe(String(list.length));
    }
  }
  const single = [...byMunicipality.values()].find((list) => list.length === 1)!;
  await page.locator(`svg a[data-municipality="${single[0].municipality.code}"]`).click();
  expect(new URL(page.url()).pathname).toBe(`/praktik/${single[0].slug}`);
});

test('bad URLs are a 400 page, not an error or a stall', async () => {
  const page = await site.pageWithoutJs();
  for (const path of ['/sok?typ=NOPE', '/sok?km=99999', '/sok?antal=0', '/sok?nara=abc', '/sok?sortera=random', `/sok?q=${'a'.repeat(501)}`, '/sok?efter=garbage']) {
    const res = await page.goto(site.url(path));
    expect([path, res?.status()]).toEqual([path, 400]);
  }
});

test('axe finds nothing on results, with filters and near, and in English', async () => {
  const page = await site.page();
  for (const path of ['/sok?q=spr%C3%A5kv%C3%A4n', '/sok?typ=MEETING_PLACE&tema=language&nara=0884&km=500&sortera=narmast', '/sok?sortera=narmast', '/sok?lang=en&q=meeting']) {
    const res = await page.goto(site.url(path));
    expect(res?.status()).toBe(200);
    await expectNoAxeViolations(page);
  }
});

test('at 360 px the results, the filters and the empty page fit without sideways scrolling', async () => {
  const page = await site.pageWithoutJs(NARROW);
  for (const path of ['/sok', '/sok?q=spr%C3%A5kv%C3%A4n&nara=0484&km=500', '/sok?q=zqxwvy&typ=STUDY']) {
    await page.goto(site.url(path));
    expect([path, await hasHorizontalOverflow(page)]).toEqual([path, false]);
  }
});

test('with one kind chosen the other kinds still show, counted with the other filters, and a second kind widens the search', async () => {
  const kindLinks = (page: Page) => page.locator('#filter section[aria-label="Typ av praktik"] a');
  const countIn = (text: string) => Number(/\((\d+)\)\s*$/.exec(text.trim())![1]);
  for (const open of [() => site.page(), () => site.pageWithoutJs()]) {
    const page = await open();
    await page.goto(site.url('/sok'));
    const everyKind = await kindLinks(page).count();
    expect(everyKind).toBeGreaterThan(2);
    await Promise.all([page.waitForURL(/typ=/), kindLinks(page).first().click()]);
    const first = new URL(page.url()).searchParams.get('typ')!;
    // Every kind is still offered, and the unchosen ones count what kind=B alone finds.
    expect(await kindLinks(page).count()).toBe(everyKind);
    const second = kindLinks(page).nth(1);
    expect(await second.getAttribute('aria-current')).toBeNull();
    const secondHref = new URL((await second.getAttribute('href'))!, site.url('/'));
    const kinds = secondHref.searchParams.getAll('typ');
    expect(kinds[0]).toBe(first);
    expect(kinds).toHaveLength(2);
    const alone = await apiSearch(`first: 1, filter: { kinds: [${kinds[1]}] }`);
    expect(countIn((await second.textContent())!)).toBe(alone.totalCount);
    await Promise.all([page.waitForURL((url) => url.searchParams.getAll('typ').length === 2), second.click()]);
    const both = await apiSearch(`first: 100, filter: { kinds: [${kinds.join(', ')}] }`);
    expect(await count(page)).toBe(countText(both.totalCount));
    expect(await titles(page)).toEqual(both.hits.slice(0, 20).map((h) => h.title));
    expect(await page.locator('#filter a[aria-current="true"]').count()).toBe(2);
    await page.close();
  }
});
