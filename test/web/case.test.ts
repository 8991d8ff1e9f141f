// A case's page in real Chromium with the demo content: every section against what the
// API answers, no contacts for anonymous readers (checked against what a reviewer can
// read), hostile Markdown made harmless, 404s, the head tags, no JavaScript, 360 px, axe.
import type { Page } from 'playwright-core';
import { formatMeasuredOn, formatNumber } from '../../web/components/CaseSections';
import { DICTIONARIES } from '../../web/server/i18n';
import { tokensFor } from '../helpers/actors';
import { publishedCase } from '../helpers/cases';
import { expectNoAxeViolations, hasHorizontalOverflow, headValue, NARROW, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;

/** The demo case with a hosting offer, a completed visit, outcomes and an adaptation. */
const VIMMERBY = 'vimmerbys-motesplatser';

const CASE_QUERY = `query($slug: String!) { practiceCase(slug: $slug) {
  slug title summary kind publishedAt updatedAt startedOn endedOn adaptationNote
  municipality { code name } participatingMunicipalities { code name }
  themes { slug labelSv } targetGroups places { name }
  partners { role organization { name kind } }
  outcomes { label value unit measuredOn } funding { source amountSek } links { kind title url }
  adaptedFrom { slug title } adaptations { slug title }
  contacts { name role email phone }
  hostingOffer { hosts digitalPossible languages maxVisitsPerQuarter }
  studyVisits(statuses: [COMPLETED], first: 50) { totalCount edges { node { status scheduledDates { start } visitingMunicipality { code name } } } }
} }`;

/** What the API gives a reader with `token` (anonymous without), to compare the page with. */
async function apiCase(slug: string, token?: string) {
  const data = await site.t.data(CASE_QUERY, { slug }, { token });
  return data.practiceCase;
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents().then((all) => all.map((s) => s.replace(/\s+/g, ' ').trim()));

/** Every data section of the page holds exactly the API's values. */
async function expectSectionsMatch(page: Page, c: Awaited<ReturnType<typeof apiCase>>) {
  expect(await page.locator('h1').textContent()).toBe(c.title);
  expect(await page.locator('main p.lead').textContent()).toBe(c.summary);
  expect(await page.locator('.case__kind').textContent()).toBe(sv.kinds[c.kind as keyof typeof sv.kinds]);
  expect(await page.locator(`.case__facts a[href="/kommun/${c.municipality.code}"]`).first().textContent()).toBe(c.municipality.name);
  for (const m of c.participatingMunicipalities) expect(await page.locator(`.case__facts a[href="/kommun/${m.code}"]`).count()).toBeGreaterThan(0);
  const themeLinks = await page.locator('.case__themes a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  expect(themeLinks).toEqual(c.themes.map((t: { slug: string; labelSv: string }) => [`/tema/${t.slug}`, t.labelSv]));
  expect(await texts(page, '.case__target-groups li')).toEqual(c.targetGroups.map((g: keyof typeof sv.targetGroups) => sv.targetGroups[g]));
  if (c.places.length) expect(await page.locator('.case__places').textContent()).toBe(c.places.map((p: { name: string }) => p.name).join(', '));
  expect(await texts(page, '.case__partners tbody tr')).toEqual(c.partners.map((p: any) => `${p.organization.name}${sv.organizationKinds[p.organization.kind]}${p.role}`));
  expect(await texts(page, '.case__outcomes tbody tr')).toEqual(
    c.outcomes.map((o: any) => `${o.label}${formatNumber(o.value, 'sv')} ${o.unit}${o.measuredOn ? formatMeasuredOn(o.measuredOn, 'sv') : ''}`.replace(/\s+/g, ' ')),
  );
  expect(await texts(page, '.case__outcomes .data-table__unit')).toEqual(c.outcomes.map((o: any) => o.unit));
  expect(await page.locator('.case__outcomes time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')))).toEqual(c.outcomes.map((o: any) => o.measuredOn).filter(Boolean));
  expect(await texts(page, '.case__funding tbody tr')).toEqual(
    c.funding.map((f: any) => `${f.source}${f.amountSek === null ? sv.casePage.amountUnknown : `${formatNumber(f.amountSek, 'sv')} kr`}`.replace(/\s+/g, ' ')),
  );
  expect(await page.locator('.case__links a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]))).toEqual(
    c.links.map((l: any) => [new URL(l.url).href, l.title ?? l.url]),
  );
  const adaptedFrom = await page.locator('.case__adapted-from a[href^="/praktik/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(adaptedFrom).toEqual(c.adaptedFrom ? [`/praktik/${c.adaptedFrom.slug}`] : []);
  const adaptations = await page.locator('.case__adaptations a[href^="/praktik/"]').evaluateAll((as) => as.map((a) => a.textContent));
  expect(adaptations).toEqual(c.adaptations.map((a: { title: string }) => a.title));
  const visits = await page.locator('.case__visits tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('a')!.getAttribute('href'), r.querySelector('a')!.textContent, r.querySelector('time')?.getAttribute('datetime')]),
  );
  expect(visits).toEqual(c.studyVisits.edges.map(({ node: v }: any) => [`/kommun/${v.visitingMunicipality.code}`, v.visitingMunicipality.name, v.scheduledDates?.start]));
  expect(await page.locator('.case__published time').getAttribute('datetime')).toBe(c.publishedAt);
  expect(await page.locator('.case__updated time').getAttribute('datetime')).toBe(c.updatedAt);
}

test('a demo case opened from its theme shows every section as the API gives it, with a completed visit and the hosting offer', async () => {
  const page = await site.page();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`${m.text()} ${m.location().url}`));
  await page.goto(site.url('/tema/meeting-places'));
  await page.locator(`a[href="/praktik/${VIMMERBY}"]`).first().click();
  expect(new URL(page.url()).pathname).toBe(`/praktik/${VIMMERBY}`);
  const c = await apiCase(VIMMERBY);
  // The demo makes this case rich; check it is, so the comparisons below compare something.
  expect(c.outcomes.length && c.links.length && c.adaptations.length && c.studyVisits.totalCount).toBeTruthy();
  expect(c.studyVisits.edges.every((e: any) => e.node.status === 'COMPLETED')).toBe(true);
  await expectSectionsMatch(page, c);
  expect(await texts(page, '.case__visits tbody th')).toContain('Eksjö kommun, Emilkraften');
  // The offer, in the reader's words.
  const offer = c.hostingOffer;
  expect(offer.hosts).toBe(true);
  const dds = await texts(page, '.case__offer dd');
  expect(dds).toContain(offer.languages.map((l: string) => sv.language[l]).join(', '));
  expect(dds).toContain(offer.digitalPossible ? sv.casePage.digitalYes : sv.casePage.digitalNo);
  expect(dds).toContain(offer.maxVisitsPerQuarter === null ? sv.casePage.noLimit : sv.casePage.perQuarter(offer.maxVisitsPerQuarter));
  // The body is rendered Markdown with headings below the section's h2.
  expect(await page.locator('.prose h3').first().textContent()).toBe('Bakgrund');
  expect(await page.locator('.prose li strong').first().textContent()).toBe('Mötesplats Bullerbyn');
  // No CSP report: the page's own stylesheet loaded, nothing inline.
  expect(problems).toEqual([]);
  await expectNoAxeViolations(page);
});

test('a search hit opens its case page, without JavaScript too', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/sok?q=språkvän'));
  const first = page.locator('.case-card__title a').first();
  const href = (await first.getAttribute('href'))!;
  expect(href).toMatch(/^\/praktik\/[a-z0-9-]+$/);
  await first.click();
  expect(new URL(page.url()).pathname).toBe(href);
  const c = await apiCase(decodeURIComponent(href.slice('/praktik/'.length)));
  expect(await page.locator('h1').textContent()).toBe(c.title);
});

test('every published demo case renders its sections from the API, in Swedish, without JavaScript', async () => {
  const { practiceCases } = await site.t.data(`{ practiceCases(first: 100) { edges { node { slug } } } }`);
  const slugs: string[] = practiceCases.edges.map((e: { node: { slug: string } }) => e.node.slug);
  expect(slugs.length).toBeGreaterThan(3);
  const page = await site.pageWithoutJs();
  let funded = 0;
  for (const slug of slugs) {
    const res = await page.goto(site.url(`/praktik/${slug}`));
    expect({ slug, status: res?.status() }).toEqual({ slug, status: 200 });
    const c = await apiCase(slug);
    await expectSectionsMatch(page, c);
    funded += c.funding.length;
  }
  expect(funded).toBeGreaterThan(0);
});

test('the head: title, the summary as description, Open Graph article with its dates, canonical without stray parameters', async () => {
  const c = await apiCase(VIMMERBY);
  const page = await site.page();
  await page.goto(site.url(`/praktik/${VIMMERBY}?utm_source=x`));
  expect(await page.title()).toBe(`${c.title} – Utbyte`);
  expect(await headValue(page, 'meta[name="description"]')).toBe(c.summary);
  expect(await headValue(page, 'meta[property="og:type"]')).toBe('article');
  expect(await headValue(page, 'meta[property="og:title"]')).toBe(c.title);
  expect(await headValue(page, 'meta[property="article:published_time"]')).toBe(c.publishedAt);
  expect(await headValue(page, 'meta[property="article:modified_time"]')).toBe(c.updatedAt);
  expect(await headValue(page, 'link[rel="canonical"]', 'href')).toBe(site.url(`/praktik/${VIMMERBY}`));
  expect(await page.locator('head meta[name="robots"]').count()).toBe(0);
  // Other page types stay "website".
  await page.goto(site.url('/tema'));
  expect(await headValue(page, 'meta[property="og:type"]')).toBe('website');
});

test('in English the labels are English and internal links keep the language', async () => {
  const page = await site.page();
  await page.goto(site.url(`/praktik/${VIMMERBY}?lang=en`));
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  expect(await page.locator('#resultat').textContent()).toBe('Outcomes');
  // The content is Swedish: marked so, for screen readers.
  expect(await page.locator('h1').getAttribute('lang')).toBe('sv');
  const internal = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of internal) expect(new URL(href, 'http://x').searchParams.get('lang')).toBe('en');
  await expectNoAxeViolations(page);
});

test('anonymous readers get no contacts: none in the page, and no contact e-mail or phone anywhere in the HTML', async () => {
  const actors = await tokensFor(site.t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  const made = await publishedCase(site.t, actors.editor, actors.reviewer, {
    title: 'Språkcafé med kontaktuppgifter',
    contacts: [{ name: 'Kerstin Kontaktsson', role: 'samordnare', email: 'kerstin.kontakt@vimmerby.example', phone: '0492-123 45' }],
  });
  const { practiceCases } = await site.t.data(`{ practiceCases(first: 100) { edges { node { slug } } } }`);
  let checked = 0;
  for (const { node } of practiceCases.edges as { node: { slug: string } }[]) {
    const asReviewer = await apiCase(node.slug, actors.reviewer);
    expect((await apiCase(node.slug)).contacts).toBeNull();
    const html = await (await fetch(site.url(`/praktik/${node.slug}`))).text();
    expect(html).not.toContain('case__contacts');
    for (const contact of asReviewer.contacts ?? []) {
      checked++;
      for (const value of [contact.email, contact.phone].filter(Boolean)) expect({ slug: node.slug, leaked: html.includes(value) }).toEqual({ slug: node.slug, leaked: false });
    }
  }
  // The reviewer does read the contacts (demo ones and ours), so the check above checked something.
  expect(checked).toBeGreaterThan(1);
  const html = await (await fetch(site.url(`/praktik/${made.slug}`))).text();
  for (const secret of ['Kerstin Kontaktsson', 'kerstin.kontakt@vimmerby.example', '0492-123 45', 'mailto:', 'tel:']) expect(html).not.toContain(secret);
});

test('hostile Markdown is made harmless: no script, no javascript: links, no raw HTML, no image with onerror; the text shows escaped', async () => {
  const actors = await tokensFor(site.t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  const body = [
    '## Rubrik',
    '',
    '<script>window.__pwned = 1; alert("xss")</script>',
    '',
    'Klicka [här](javascript:window.__pwned=2) eller [där](JAVASCRIPT:alert(1)) eller <javascript:alert(3)>.',
    '',
    '<div onmouseover="window.__pwned=3"><b>rå html</b></div>',
    '',
    '<img src="x" onerror="window.__pwned=4">',
    '',
    '![bild](x" onerror="window.__pwned=5)',
    '',
    '[ok](https://example.se/rapport)',
  ].join('\n');
  const made = await publishedCase(site.t, actors.editor, actors.reviewer, { title: 'Farlig markdown', body });
  const page = await site.page();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const res = await page.goto(site.url(`/praktik/${made.slug}`));
  expect(res?.status()).toBe(200);
  const prose = page.locator('.prose');
  expect(await prose.locator('script, img, div, b, iframe').count()).toBe(0);
  expect(await page.locator('[onerror], [onmouseover], [onclick]').count()).toBe(0);
  expect(await page.locator('a[href^="javascript" i]').count()).toBe(0);
  expect(await prose.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://example.se/rapport']);
  // The markup is shown as the text it is.
  const text = (await prose.textContent())!;
  expect(text).toContain('<script>window.__pwned = 1; alert("xss")</script>');
  expect(text).toContain('<b>rå html</b>');
  expect(text).toContain('<img src="x" onerror="window.__pwned=4">');
  await page.locator('.prose p').first().hover();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // And in the HTML source: escaped, never a tag.
  const html = await (await fetch(site.url(`/praktik/${made.slug}`))).text();
  expect(html).not.toMatch(/<script>window|<img|<div onmouseover|href="javascript/i);
  expect(html).toContain('&lt;script&gt;window.__pwned = 1;');
  await expectNoAxeViolations(page);
});

test('an unknown slug, an over-long slug and a draft are the 404 page', async () => {
  const drafts = await site.t.sql<{ slug: string }>(`select slug from practice_case where status <> 'PUBLISHED' limit 1`);
  const page = await site.page();
  for (const path of ['/praktik/finns-inte', `/praktik/${'x'.repeat(500)}`, ...drafts.map((d) => `/praktik/${d.slug}`)]) {
    const res = await page.goto(site.url(path));
    expect({ path, status: res?.status() }).toEqual({ path, status: 404 });
    expect(await page.locator('h1').textContent()).toBe(sv.errors.notFoundTitle);
  }
  expect(drafts.length).toBe(1);
  await expectNoAxeViolations(page);
});

test('at 360 px without JavaScript: no sideways scroll, and "Ask for a study visit" leads to the sign-in page and back', async () => {
  const page = await site.pageWithoutJs(NARROW);
  for (const slug of [VIMMERBY, 'emilkraften-eksjo-forstudie']) {
    await page.goto(site.url(`/praktik/${slug}`));
    expect({ slug, overflow: await hasHorizontalOverflow(page) }).toEqual({ slug, overflow: false });
  }
  await page.goto(site.url(`/praktik/${VIMMERBY}`));
  const ask = page.locator('a.case__ask');
  expect(await ask.textContent()).toBe(sv.casePage.askForVisit);
  expect(await ask.getAttribute('href')).toBe(`/praktik/${VIMMERBY}/studiebesok`);
  // The request form needs a signed-in reader: an anonymous one is sent to sign in first.
  const res = await Promise.all([page.waitForNavigation(), ask.click()]).then(([r]) => r);
  expect(res?.status()).toBe(200);
  expect(await page.locator('h1').textContent()).toBe(sv.signIn.title);
  // The sign-in form carries the request form along, to come back to it once signed in.
  const action = new URL((await page.locator('main form').getAttribute('action'))!, site.url('/'));
  expect(action.searchParams.get('next')).toBe(`/praktik/${VIMMERBY}/studiebesok`);
  expect(await hasHorizontalOverflow(page)).toBe(false);
});

test('the sign-in page returns only to paths on this site, and is clean for axe', async () => {
  const page = await site.page(NARROW);
  for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)']) {
    await page.goto(site.url(`/logga-in?next=${encodeURIComponent(next)}`));
    expect(await page.locator('main form').getAttribute('action')).toBe('/logga-in');
  }
  await page.goto(site.url(`/logga-in?next=${encodeURIComponent('/praktik/x')}&lang=en`));
  expect(await page.locator('main form').getAttribute('action')).toBe('/logga-in?next=%2Fpraktik%2Fx&lang=en');
  expect(await headValue(page, 'meta[name="robots"]')).toBe('noindex');
  await expectNoAxeViolations(page);
  await page.goto(site.url(`/praktik/${VIMMERBY}`));
  await expectNoAxeViolations(page);
});
