// The municipality index and a municipality's page in real Chromium, with the demo
// content: Eksjö's study visit to Vimmerby (October 2019) shows on both pages, the
// hosting offer, the calendar link, the exchange links and their map, 404s, no JavaScript,
// 360 px, axe.
import { DEMO_CASES, DEMO_HOSTING_OFFER, DEMO_VISIT } from '../../server/src/seed/demo-content';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const HOST = DEMO_VISIT.hostMunicipality; // Vimmerby, 0884
const VISITOR = DEMO_VISIT.visitingMunicipality; // Eksjö, 0686

/** Names and the visit's case, as the API gives them. */
async function apiFacts() {
  const data = await site.t.data(
    `query($host: String!, $visitor: String!) {
      host: municipality(code: $host) { name county { name } practiceCases(first: 100) { totalCount edges { node { title } } } }
      visitor: municipality(code: $visitor) { name }
      practiceCase(slug: "${DEMO_VISIT.caseSlug}") { title }
    }`,
    { host: HOST, visitor: VISITOR },
  );
  return data;
}

test("Vimmerby's page: name, county, its cases, its hosting offer and Eksjö's visit, accessible", async () => {
  const facts = await apiFacts();
  const page = await site.page();
  const res = await page.goto(site.url(`/kommun/${HOST}`));
  expect(res?.status()).toBe(200);
  expect(await page.locator('h1').textContent()).toBe(facts.host.name);
  expect(await page.locator('main').textContent()).toContain(facts.host.county.name);
  const titles = await page.locator('.case-card__title a').allTextContents();
  expect(facts.host.practiceCases.totalCount).toBeGreaterThan(0);
  expect(titles.sort()).toEqual(facts.host.practiceCases.edges.map((e: { node: { title: string } }) => e.node.title).sort());
  // The hosting offer of the demo: languages, visits per quarter, digital.
  const facts2 = await page.locator('main dl.facts').nth(1).textContent();
  expect(facts2).toContain(`${DEMO_HOSTING_OFFER.maxVisitsPerQuarter}`);
  expect(facts2).toContain('svenska, engelska');
  expect(facts2).toContain(DEMO_HOSTING_OFFER.digitalPossible ? 'Ja' : 'Nej');
  // Hosted: Eksjö's visit, completed, on 24 October 2019, about Vimmerby's meeting places.
  const hosted = page.locator('h3:text-is("Studiebesök som kommunen har tagit emot") + ul .visit-card');
  expect(await hosted.count()).toBe(1);
  const visit = await hosted.first().textContent();
  expect(visit).toContain(facts.visitor.name);
  expect(visit).toContain('24 oktober 2019');
  expect(visit).toContain('Genomfört');
  expect(visit).toContain(facts.practiceCase.title);
  expect(await hosted.first().locator(`a[href="/kommun/${VISITOR}"]`).count()).toBe(1);
  expect(await page.locator('h3:text-is("Studiebesök som kommunen har gjort") + p').textContent()).toBe('Inga bokade eller genomförda studiebesök.');
  // In the network, Eksjö learned from Vimmerby.
  const learnedBy = page.locator('h3:text-is("Andra som har lärt av kommunen") + ul');
  expect(await learnedBy.locator(`a[href="/kommun/${VISITOR}"]`).count()).toBe(1);
  // The small map draws the same link, Eksjö → Vimmerby, described by its caption.
  const arrow = page.locator(`.municipality-map a[data-from="${VISITOR}"][data-to="${HOST}"]`);
  expect(await arrow.count()).toBeGreaterThan(0);
  expect(await arrow.first().getAttribute('href')).toBe(`/kommun/${VISITOR}`);
  const svg = page.locator('.municipality-map svg[role="img"]');
  expect(await page.locator(`#${await svg.getAttribute('aria-labelledby')}`).textContent()).toMatch(/^Karta/);
  await expectNoAxeViolations(page);
});

test("Eksjö's page shows the visit as one it made, and Vimmerby as a municipality it learned from", async () => {
  const facts = await apiFacts();
  const page = await site.pageWithoutJs();
  const res = await page.goto(site.url(`/kommun/${VISITOR}`));
  expect(res?.status()).toBe(200);
  const made = page.locator('h3:text-is("Studiebesök som kommunen har gjort") + ul .visit-card');
  expect(await made.count()).toBe(1);
  expect(await made.first().textContent()).toContain(facts.host.name);
  expect(await made.first().locator(`a[href="/kommun/${HOST}"]`).count()).toBe(1);
  const learnedFrom = page.locator('h3:text-is("Har lärt av") + ul');
  expect(await learnedFrom.locator(`a[href="/kommun/${HOST}"]`).count()).toBe(1);
  expect(await learnedFrom.textContent()).toContain('Studiebesök × 1');
});

test('no contact data reaches the page: cases and visits are shown as the anonymous API shows them', async () => {
  const names = DEMO_CASES.flatMap((c) => c.contacts ?? []).flatMap((c) => [c.name, c.email, c.phone].filter((v): v is string => !!v));
  const visitContacts = await site.t.sql<{ contact: Record<string, string> | null }>(`select contact from study_visit where contact is not null`);
  for (const { contact } of visitContacts) names.push(...Object.values(contact!).filter((v) => typeof v === 'string' && v.length > 3));
  expect(names.length).toBeGreaterThan(0);
  for (const code of [HOST, VISITOR]) {
    const html = await (await fetch(site.url(`/kommun/${code}`))).text();
    for (const name of names) expect({ code, leaked: html.includes(name) }).toEqual({ code, leaked: false });
  }
});

test('the calendar link answers with an iCalendar feed', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url(`/kommun/${HOST}`));
  const href = await page.locator('a.calendar-link').getAttribute('href');
  expect(href).toBe(`/calendar/municipalities/${HOST}.ics`);
  const res = await fetch(site.url(href!));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
  expect(await res.text()).toContain('BEGIN:VCALENDAR');
});

test('unknown and malformed codes are the site 404 page', async () => {
  const page = await site.page();
  for (const code of ['9999', 'abcd', '08840', '%3Cb%3E']) {
    const res = await page.goto(site.url(`/kommun/${code}`));
    expect({ code, status: res?.status() }).toEqual({ code, status: 404 });
    expect(await page.locator('h1').textContent()).toBe('Sidan kunde inte hittas');
  }
  expect(site.t.errorLogs).toEqual([]);
});

test('the main menu leads to the index from any page', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/tema?lang=en'));
  await page.locator('.site-nav a', { hasText: 'Municipalities' }).click();
  expect(page.url()).toBe(site.url('/kommun?lang=en'));
  expect(await page.locator('h1').textContent()).toBe('Municipalities');
});

test('the index lists every municipality by county with links and the case counts the API gives', async () => {
  const { counties, search } = await site.t.data(`{ counties { name municipalities { code name } } search(first: 1) { facets { municipalities { value count } } } }`);
  const page = await site.pageWithoutJs();
  const res = await page.goto(site.url('/kommun'));
  expect(res?.status()).toBe(200);
  expect(await page.locator('h2.county-list__title').allTextContents()).toEqual(counties.map((c: { name: string }) => c.name));
  expect(await page.locator('.county-list a[href^="/kommun/"]').count()).toBe(290);
  for (const f of search.facets.municipalities as { value: string; count: number }[]) {
    const count = page.locator(`a[href="/kommun/${f.value}"] + .count`);
    expect(await count.textContent()).toBe(f.count === 1 ? ' 1 praktik' : ` ${f.count} praktiker`);
  }
  expect(await page.locator('.site-nav a[aria-current="page"]').getAttribute('href')).toBe('/kommun');
  await page.locator(`a[href="/kommun/${HOST}"]`).click();
  expect(new URL(page.url()).pathname).toBe(`/kommun/${HOST}`);
});

test('at 360 px nothing scrolls sideways, in Swedish and English, and axe stays clean', async () => {
  const page = await site.page(NARROW);
  for (const path of ['/kommun', `/kommun/${HOST}`, `/kommun/${VISITOR}?lang=en`]) {
    await page.goto(site.url(path));
    expect({ path, overflow: await hasHorizontalOverflow(page) }).toEqual({ path, overflow: false });
    await expectNoAxeViolations(page);
  }
});

test('the sitemap lists the index and the pages of municipalities with published cases, and only those', async () => {
  const xml = await (await fetch(site.url('/sitemap.xml'))).text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  const { search } = await site.t.data(`{ search(first: 1) { facets { municipalities { value count } } } }`);
  const withCases = (search.facets.municipalities as { value: string; count: number }[]).filter((f) => f.count > 0).map((f) => site.url(`/kommun/${f.value}`));
  expect(withCases).toContain(site.url(`/kommun/${HOST}`));
  expect(locs).toContain(site.url('/kommun'));
  expect(locs.filter((l) => /\/kommun\/\d{4}$/.test(l)).sort()).toEqual(withCases.sort());
});
