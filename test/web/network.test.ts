// The exchange network page (/natverk) in real Chromium with the demo content: the
// Eksjö → Vimmerby arrow (Eksjö's 2019 study visit) on the map and the same link in the
// table, the GET filters (URL, back button, without JavaScript, bad values), 360 px,
// English, axe and the sitemap. What to expect comes from the API, not from constants.
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const EKSJO = '0686';
const VIMMERBY = '0884';

const arrow = (page: Page, from: string, to: string, kind = 'STUDY_VISIT') => page.locator(`svg.network-map__arrows a.network-map__link--${kind}[data-from="${from}"][data-to="${to}"]`);
const rows = (page: Page, from: string, to: string, kind = 'STUDY_VISIT') => page.locator(`tr.network-table__row[data-kind="${kind}"][data-from="${from}"][data-to="${to}"]`);

/** The network as the API gives it, with the filter the page should have sent. */
async function apiNetwork(filter: Record<string, unknown> = {}) {
  const data = await site.t.data(
    `query($f: ExchangeNetworkFilter) { exchangeNetwork(filter: $f) { edges { kind count from { code name } to { code name } cases { slug } visits { scheduledDates { start } } } } }`,
    { f: filter },
  );
  return data.exchangeNetwork.edges as { kind: string; count: number; from: { code: string; name: string }; to: { code: string; name: string }; cases: { slug: string }[]; visits: { scheduledDates: { start: string } | null }[] }[];
}

test('the map shows every link of the API as an arrow, Eksjö → Vimmerby among them, and the table the same links', async () => {
  const edges = await apiNetwork();
  const eksjo = edges.find((e) => e.kind === 'STUDY_VISIT' && e.from.code === EKSJO && e.to.code === VIMMERBY);
  expect(eksjo?.visits.some((v) => v.scheduledDates?.start.startsWith('2019'))).toBe(true);

  const page = await site.page();
  const res = await page.goto(site.url('/natverk'));
  expect(res?.status()).toBe(200);
  expect(await page.locator('h1').textContent()).toBe('Vem har lärt av vem');

  // The map: one arrow per edge, each with its title, in a link, pointing with a marker.
  expect(await page.locator('svg.network-map__arrows a.network-map__link').count()).toBe(edges.length);
  const a = arrow(page, EKSJO, VIMMERBY);
  expect(await a.count()).toBe(1);
  expect(await a.locator('title').textContent()).toBe(`${eksjo!.from.name} har lärt av ${eksjo!.to.name}: ${eksjo!.count === 1 ? '1 studiebesök' : `${eksjo!.count} studiebesök`}`);
  expect(await a.locator('path').getAttribute('marker-end')).toBe('url(#network-head-STUDY_VISIT)');
  expect(await a.getAttribute('href')).toMatch(/^\/(praktik|kommun)\//);
  // Markers at both seats; the drawing is an image named by its caption.
  for (const code of [EKSJO, VIMMERBY]) expect(await page.locator(`svg.network-map__svg .network-map__place[data-code="${code}"] circle`).count()).toBe(1);
  const svg = page.locator('svg.network-map__svg');
  expect(await svg.getAttribute('role')).toBe('img');
  const captionId = await svg.getAttribute('aria-labelledby');
  expect(await page.locator(`figcaption #${captionId}`).count()).toBe(1);

  // The table: a row per visit and per adapted case, the 2019 visit with its date and links.
  const expectedRows = edges.reduce((n, e) => n + (e.kind === 'STUDY_VISIT' ? e.visits.length : e.cases.length), 0);
  expect(await page.locator('tr.network-table__row').count()).toBe(expectedRows);
  const row = rows(page, EKSJO, VIMMERBY).filter({ has: page.locator('time[datetime^="2019"]') });
  expect(await row.count()).toBeGreaterThanOrEqual(1);
  const cells = await row.first().locator('td').allTextContents();
  expect(cells.slice(0, 3)).toEqual([eksjo!.from.name, eksjo!.to.name, 'Studiebesök']);
  expect(await row.first().locator(`a[href="/kommun/${EKSJO}"]`).count()).toBe(1);
  expect(await row.first().locator(`a[href="/kommun/${VIMMERBY}"]`).count()).toBe(1);
  await expectNoAxeViolations(page);
});

test('a county filter that leaves out Eksjö and Vimmerby removes their link; the URL says so and back restores it', async () => {
  const page = await site.page();
  await page.goto(site.url('/natverk'));
  expect(await arrow(page, EKSJO, VIMMERBY).count()).toBe(1);
  await page.selectOption('#lan', '01');
  await Promise.all([page.waitForURL(/lan=01/), page.click('.network-filters button[type="submit"]')]);
  expect(new URL(page.url()).searchParams.get('lan')).toBe('01');
  expect(await page.locator('#lan').inputValue()).toBe('01');
  const stockholm = await apiNetwork({ counties: ['01'] });
  expect(await page.locator('svg.network-map__arrows a.network-map__link').count()).toBe(stockholm.length);
  expect(await arrow(page, EKSJO, VIMMERBY).count()).toBe(0);
  expect(await rows(page, EKSJO, VIMMERBY).count()).toBe(0);
  await expectNoAxeViolations(page);

  await page.goBack();
  expect(new URL(page.url()).searchParams.get('lan')).toBeNull();
  expect(await arrow(page, EKSJO, VIMMERBY).count()).toBe(1);
  expect(await rows(page, EKSJO, VIMMERBY).count()).toBeGreaterThanOrEqual(1);
});

test('without JavaScript the filters work by GET: county, theme and years narrow the network as the API does', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/natverk'));
  await page.selectOption('#lan', '06');
  await page.fill('#fran', '2019');
  await page.fill('#till', '2019');
  await Promise.all([page.waitForURL(/till=2019/), page.click('.network-filters button[type="submit"]')]);
  const url = new URL(page.url());
  expect([url.searchParams.get('lan'), url.searchParams.get('fran'), url.searchParams.get('till')]).toEqual(['06', '2019', '2019']);
  const edges = await apiNetwork({ counties: ['06'], since: '2019-01-01', until: '2019-12-31' });
  expect(edges.some((e) => e.from.code === EKSJO && e.to.code === VIMMERBY)).toBe(true);
  expect(await page.locator('svg.network-map__arrows a.network-map__link').count()).toBe(edges.length);
  expect(await arrow(page, EKSJO, VIMMERBY).count()).toBe(1);
  expect(await rows(page, EKSJO, VIMMERBY).count()).toBe(edges.find((e) => e.from.code === EKSJO && e.kind === 'STUDY_VISIT')!.visits.length);

  // A period that ends before 2019 leaves the 2019 visit out.
  await page.goto(site.url('/natverk?till=2018'));
  expect(await rows(page, EKSJO, VIMMERBY).filter({ has: page.locator('time[datetime^="2019"]') }).count()).toBe(0);

  // A theme the visit's case does not carry, through the select's own options.
  const { themes } = await site.t.data(`{ themes { slug } }`);
  const theme = await page.goto(site.url(`/natverk?tema=${themes[0].slug}`));
  expect(theme?.status()).toBe(200);
  expect(await page.locator('#tema').inputValue()).toBe(themes[0].slug);
});

test('bad filter values answer 400 with an error summary that links to the field, never a 500', async () => {
  const page = await site.pageWithoutJs();
  for (const [query, field] of [
    ['fran=2020&till=2019', 'till'],
    ['fran=19x9', 'fran'],
    ['lan=99', 'lan'],
    ['tema=no-such-theme', 'tema'],
  ]) {
    const res = await page.goto(site.url(`/natverk?${query}`));
    expect(res?.status()).toBe(400);
    expect(await page.locator(`.error-summary a[href="#${field}"]`).count()).toBe(1);
    expect(await page.locator('svg.network-map__svg').count()).toBe(0);
  }
  const long = await page.goto(site.url(`/natverk?tema=${'x'.repeat(500)}`));
  expect(long?.status()).toBe(400);
});

test('at 360 px the map scales down and nothing scrolls sideways; English keeps the language in the form', async () => {
  const page = await site.page(NARROW);
  await page.goto(site.url('/natverk?lang=en'));
  expect(await page.locator('h1').textContent()).toBe('Who learned from whom');
  expect(await hasHorizontalOverflow(page)).toBe(false);
  const box = await page.locator('svg.network-map__svg').boundingBox();
  expect(box!.width).toBeGreaterThan(100);
  expect(box!.width).toBeLessThanOrEqual(360);
  expect(await page.locator('form.network-filters input[name="lang"]').getAttribute('value')).toBe('en');
  expect(await arrow(page, EKSJO, VIMMERBY).locator('title').textContent()).toMatch(/ learned from /);
  await expectNoAxeViolations(page);
  const noJs = await site.pageWithoutJs(NARROW);
  await noJs.goto(site.url('/natverk'));
  expect(await hasHorizontalOverflow(noJs)).toBe(false);
});

test('the sitemap lists the network page', async () => {
  const xml = await (await fetch(site.url('/sitemap.xml'))).text();
  expect(xml).toContain(`<loc>${site.url('/natverk')}</loc>`);
});
