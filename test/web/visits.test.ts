// The study-visit pages in Chromium, as issue 15 walks them: Eksjö's editor asks
// Vimmerby for a visit from a case page and double-clicks "send" (one visit), Vimmerby's
// official accepts on a proposed date (both municipalities' calendars show it), the
// report completes it; declining, proposing other dates and the hosting offer editor,
// with and without JavaScript.
import type { Page } from 'playwright-core';
import { DICTIONARIES } from '../../web/server/i18n';
import { inDays, letTimePass } from '../helpers/study-visits';
import { hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;
const EKSJO_EDITOR = 'editor.0686@demo.utbyte.se';
const VIMMERBY_OFFICIAL = 'official.0884@demo.utbyte.se';
const VIMMERBY_CASE = 'vimmerbys-motesplatser';

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
const visitIdFromUrl = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').pop()!);
const visitsBy = async (purpose: string) => (await site.t.sql<{ id: string }>('select id from study_visit where purpose = $1', [purpose])).map((r) => r.id);

async function fillRequest(page: Page, purpose: string, start: string, end = '') {
  await page.fill('#syfte', purpose);
  await page.fill('#deltagare', '4');
  await page.fill('#datum-1-start', start);
  if (end) await page.fill('#datum-1-slut', end);
}

/** Opens a visit's page as the signed-in `page` and sends one of its forms. */
async function sendVisitForm(page: Page, visitId: string, form: string, fill: (page: Page) => Promise<void>) {
  await page.goto(site.url(`/studiebesok/${encodeURIComponent(visitId)}`));
  await fill(page);
  const [res] = await Promise.all([page.waitForNavigation(), page.click(`#form-${form} button[type=submit]`)]);
  return res;
}

let visitId = '';
const purpose = `Se hur mötesplatserna drivs (${Date.now()})`;
const firstDay = inDays(30);

test('Eksjö asks Vimmerby from the case page; a double click on "send" makes one visit', async () => {
  const page = await site.page();
  await site.signIn(page, EKSJO_EDITOR);
  await page.goto(site.url(`/praktik/${VIMMERBY_CASE}`));
  await Promise.all([page.waitForNavigation(), page.click('a.case__ask')]);
  expect(new URL(page.url()).pathname).toBe(`/praktik/${VIMMERBY_CASE}/studiebesok`);
  await fillRequest(page, purpose, firstDay, inDays(31));
  // The form exactly as the browser would send it, hidden key and CSRF token included.
  const action = await page.locator('#besoksforfragan').getAttribute('action');
  const body = await page.locator('#besoksforfragan').evaluate((form) => new URLSearchParams(new FormData(form as HTMLFormElement) as never).toString());
  await Promise.all([page.waitForURL(/\/studiebesok\/[^/]+$/), page.dblclick('#besoksforfragan button[type=submit]')]);
  const made = await visitsBy(purpose);
  expect(made.length).toBe(1);
  visitId = visitIdFromUrl(page.url());
  expect(uuidOf(visitId)).toBe(made[0]);
  expect(await page.locator('.flash').textContent()).toBe(sv.visits.sent);
  expect(await page.locator('.visit-status').first().textContent()).toContain(sv.visits.statuses.REQUESTED);

  // Chromium drops a second submit while the first is under way; a slower or older
  // browser may not. The same form sent twice more at the same moment (with the
  // session's cookies) still answers with that one visit.
  const answers = await page.evaluate(
    async ({ action, body }) => {
      const send = () => fetch(action!, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
      const responses = await Promise.all([send(), send()]);
      return responses.map((r) => r.type);
    },
    { action, body },
  );
  expect(answers).toEqual(['opaqueredirect', 'opaqueredirect']);
  expect(await visitsBy(purpose)).toEqual(made);
});

test('Vimmerby accepts on a proposed date and the visit is in both calendars, on the pages and in the feeds', async () => {
  const official = await site.page();
  await site.signIn(official, VIMMERBY_OFFICIAL);
  await official.goto(site.url('/studiebesok'));
  const inbox = official.locator('section[aria-labelledby="inkorg"]');
  expect(await inbox.locator(`a[href="/studiebesok/${encodeURIComponent(visitId)}"]`).count()).toBe(1);
  const res = await sendVisitForm(official, visitId, 'accept', (p) => p.check('#svar-datum'));
  expect(res?.status()).toBe(200);
  expect(await official.locator('.flash').textContent()).toBe(sv.visits.accepted);
  expect(await official.locator('.visit-facts__scheduled time').first().getAttribute('datetime')).toBe(firstDay);

  const visitor = await site.page();
  await site.signIn(visitor, EKSJO_EDITOR);
  for (const [page, code] of [[official, '0884'], [visitor, '0686']] as const) {
    await page.goto(site.url('/studiebesok'));
    const calendar = page.locator('.visit-calendar');
    expect(await calendar.locator(`a[href="/studiebesok/${encodeURIComponent(visitId)}"]`).count()).toBe(1);
    const feedHref = await calendar.locator('a[type="text/calendar"]').getAttribute('href');
    expect(feedHref).toBe(`/calendar/municipalities/${code}.ics`);
    const feed = await (await fetch(site.url(feedHref!))).text();
    expect(feed).toContain(`UID:study-visit-${uuidOf(visitId)}@utbyte`);
    expect(feed).toContain(`DTSTART;VALUE=DATE:${firstDay.replace(/-/g, '')}`);
  }
});

test('once the visit has begun, the visitors complete it with a report', async () => {
  const page = await site.page();
  await site.signIn(page, EKSJO_EDITOR);
  await page.goto(site.url(`/studiebesok/${encodeURIComponent(visitId)}`));
  // Before the first day there is nothing to report yet.
  expect(await page.locator('#form-complete').count()).toBe(0);
  await letTimePass(site.t, visitId);
  const empty = await sendVisitForm(page, visitId, 'complete', async (p) => p.fill('#rapport-lart', 'Språket är nyckeln.'));
  expect(empty?.status()).toBe(422);
  expect(await page.locator('#rapport-plan-error').textContent()).toContain(sv.visits.required);
  // What was typed is still there.
  expect(await page.inputValue('#rapport-lart')).toBe('Språket är nyckeln.');
  await page.fill('#rapport-plan', 'Mötesplatser i Mariannelund.');
  await Promise.all([page.waitForNavigation(), page.click('#form-complete button[type=submit]')]);
  expect(await page.locator('.flash').textContent()).toBe(sv.visits.completed);
  expect(await page.locator('.visit-report').textContent()).toContain('Mötesplatser i Mariannelund.');
  const [row] = await site.t.sql('select status from study_visit where id = $1', [uuidOf(visitId)]);
  expect(row.status).toBe('COMPLETED');
});

test('without JavaScript: a request, a decline that needs its reason, and other dates proposed', async () => {
  const eksjo = await site.pageWithoutJs(NARROW);
  await site.signIn(eksjo, EKSJO_EDITOR);
  const ids: string[] = [];
  for (const label of ['avböjs', 'nya datum']) {
    await eksjo.goto(site.url(`/praktik/${VIMMERBY_CASE}/studiebesok`));
    expect(await hasHorizontalOverflow(eksjo)).toBe(false);
    // A date that is not a date comes back as an error beside its field, with the text kept.
    await fillRequest(eksjo, `${purpose} ${label}`, '1 maj');
    const bad = await Promise.all([eksjo.waitForNavigation(), eksjo.click('#besoksforfragan button[type=submit]')]).then(([r]) => r);
    expect(bad?.status()).toBe(422);
    expect(await eksjo.locator('.error-summary a[href="#datum-1-start"]').count()).toBe(1);
    expect(await eksjo.inputValue('#syfte')).toBe(`${purpose} ${label}`);
    await eksjo.fill('#datum-1-start', inDays(50));
    await Promise.all([eksjo.waitForNavigation(), eksjo.click('#besoksforfragan button[type=submit]')]);
    ids.push(visitIdFromUrl(eksjo.url()));
  }
  const vimmerby = await site.pageWithoutJs(NARROW);
  await site.signIn(vimmerby, VIMMERBY_OFFICIAL);
  const noReason = await sendVisitForm(vimmerby, ids[0], 'decline', async () => undefined);
  expect(noReason?.status()).toBe(422);
  expect(await vimmerby.locator('.error-summary a[href="#nej-skal"]').count()).toBe(1);
  await vimmerby.fill('#nej-skal', 'Vi har fullt under våren.');
  await Promise.all([vimmerby.waitForNavigation(), vimmerby.click('#form-decline button[type=submit]')]);
  expect(await vimmerby.locator('.visit-status').first().textContent()).toContain(sv.visits.statuses.DECLINED);
  expect(await vimmerby.locator('.visit-facts').textContent()).toContain('Vi har fullt under våren.');

  const proposed = inDays(70);
  await sendVisitForm(vimmerby, ids[1], 'propose', async (p) => p.fill('#nytt-start', proposed));
  expect(await vimmerby.locator('.visit-facts__scheduled time').first().getAttribute('datetime')).toBe(proposed);
  expect(await vimmerby.locator('.visit-history').textContent()).toContain(proposed);
  expect(await hasHorizontalOverflow(vimmerby)).toBe(false);
});

test('a day that does not exist is an error beside its field, never a failed page', async () => {
  const page = await site.page();
  await site.signIn(page, EKSJO_EDITOR);
  await page.goto(site.url(`/praktik/${VIMMERBY_CASE}/studiebesok`));
  await fillRequest(page, `${purpose} datum`, inDays(40));
  // A date input never sends such a day, but a browser without one, or a hand-made request, may.
  const form = page.locator('#besoksforfragan');
  const fields = Object.fromEntries(new URLSearchParams(await form.evaluate((f) => new URLSearchParams(new FormData(f as HTMLFormElement) as never).toString())));
  const res = await page.request.post(site.url((await form.getAttribute('action'))!), { form: { ...fields, start1: '2027-02-30' }, maxRedirects: 0 });
  expect(res.status()).toBe(422);
  expect(await res.text()).toContain('href="#datum-1-start"');
  expect(await visitsBy(`${purpose} datum`)).toEqual([]);
});

test('a stale answer is a conflict page that keeps what was typed', async () => {
  const eksjo = await site.page();
  await site.signIn(eksjo, EKSJO_EDITOR);
  await eksjo.goto(site.url(`/praktik/${VIMMERBY_CASE}/studiebesok`));
  await fillRequest(eksjo, `${purpose} konflikt`, inDays(80));
  await Promise.all([eksjo.waitForNavigation(), eksjo.click('#besoksforfragan button[type=submit]')]);
  const id = visitIdFromUrl(eksjo.url());
  const vimmerby = await site.page();
  await site.signIn(vimmerby, VIMMERBY_OFFICIAL);
  await vimmerby.goto(site.url(`/studiebesok/${encodeURIComponent(id)}`));
  // The visitors cancel while the host's page is open.
  await eksjo.goto(site.url(`/studiebesok/${encodeURIComponent(id)}`));
  await Promise.all([eksjo.waitForNavigation(), eksjo.click('#form-cancel button[type=submit]')]);
  await vimmerby.fill('#nej-skal', 'Det passar inte.');
  const [res] = await Promise.all([vimmerby.waitForNavigation(), vimmerby.click('#form-decline button[type=submit]')]);
  expect(res?.status()).toBe(409);
  expect(await vimmerby.locator('.error-summary').textContent()).toContain(sv.visits.conflict);
  expect(await vimmerby.locator('.visit-status').first().textContent()).toContain(sv.visits.statuses.CANCELLED);
});

test("the hosting offer editor saves Vimmerby's offer, and is Vimmerby's own", async () => {
  const page = await site.pageWithoutJs();
  await site.signIn(page, VIMMERBY_OFFICIAL);
  // The municipality's own page leads its officials to the editor.
  await page.goto(site.url('/kommun/0884'));
  await Promise.all([page.waitForNavigation(), page.click('a.municipality__edit-offer')]);
  expect(new URL(page.url()).pathname).toBe('/kommun/0884/vardskap');
  await page.fill('#per-kvartal', 'många');
  const bad = await Promise.all([page.waitForNavigation(), page.click('#vardskap button[type=submit]')]).then(([r]) => r);
  expect(bad?.status()).toBe(422);
  await page.fill('#per-kvartal', '7');
  await page.fill('#att-tanka-pa', 'Ring gärna först.');
  await Promise.all([page.waitForNavigation(), page.click('#vardskap button[type=submit]')]);
  expect(new URL(page.url()).pathname).toBe('/kommun/0884');
  expect(await page.locator('.flash').textContent()).toBe(sv.hostingEditor.saved);
  const { municipality } = await site.t.data(`{ municipality(code: "0884") { hostingOffer { maxVisitsPerQuarter note hosts } } }`);
  expect(municipality.hostingOffer).toEqual({ maxVisitsPerQuarter: 7, note: 'Ring gärna först.', hosts: true });

  const eksjo = await site.page();
  await site.signIn(eksjo, EKSJO_EDITOR);
  expect((await eksjo.goto(site.url('/kommun/0884/vardskap')))?.status()).toBe(403);
  await eksjo.goto(site.url('/kommun/0884'));
  expect(await eksjo.locator('a.municipality__edit-offer').count()).toBe(0);
  const anonymous = await site.page();
  await anonymous.goto(site.url('/studiebesok'));
  expect(new URL(anonymous.url()).pathname).toBe('/logga-in');
});
