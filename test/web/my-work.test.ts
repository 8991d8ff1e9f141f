// My work (/mitt-arbete) and a case's versions (/praktik/<slug>/versioner) in Chromium:
// every list on My work is what the API gives the signed-in editor's municipality, each
// linking where it should; the versions page shows each published revision with what
// changed, marked in words as well as by <del>/<ins>.
import { tokensFor } from '../helpers/actors';
import { CREATE, UPDATE, caseInput, publishedCase, transition } from '../helpers/cases';
import { REQUEST, visitInput } from '../helpers/study-visits';
import { DICTIONARIES } from '../../web/server/i18n';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;
let tokens: { vimmerby: string; eksjo: string; reviewer: string };

beforeAll(async () => {
  tokens = await tokensFor(site.t, { vimmerby: ['EDITOR', '0884'], eksjo: ['EDITOR', '0686'], reviewer: ['REVIEWER'] });
}, 60_000);

async function create(token: string, overrides: Record<string, unknown>) {
  const res = await site.t.data(CREATE, { input: caseInput(overrides) }, { token });
  expect(res.createPracticeCase.userErrors).toEqual([]);
  return res.createPracticeCase.practiceCase;
}

test("My work lists the municipality's drafts, cases in review, due cases and both kinds of visits, as the API has them", async () => {
  const draft = await create(tokens.vimmerby, { title: 'Utkast på Mitt arbete' });
  const review = await create(tokens.vimmerby, { title: 'Granskas på Mitt arbete' });
  await site.t.data(transition('submit'), { input: { id: review.id, expectedVersion: review.version } }, { token: tokens.vimmerby });
  const due = await publishedCase(site.t, tokens.vimmerby, tokens.reviewer, { title: 'Bekräftas på Mitt arbete' });
  await site.t.sql(`update practice_case set published_at = now() - interval '2 years', last_confirmed_at = now() - interval '2 years' where slug = $1`, [due.slug]);
  const toAnswer = (await site.t.data(REQUEST, { input: visitInput({ hostMunicipality: '0884', visitingMunicipality: '0686' }) }, { token: tokens.eksjo })).requestStudyVisit.studyVisit;
  const asked = (await site.t.data(REQUEST, { input: visitInput({ hostMunicipality: '0686', visitingMunicipality: '0884' }) }, { token: tokens.vimmerby })).requestStudyVisit.studyVisit;

  const page = await site.page();
  await site.signIn(page, 'editor.0884@demo.utbyte.se');
  expect((await page.goto(site.url('/mitt-arbete')))?.status()).toBe(200);
  await expectNoAxeViolations(page);

  const expected = await site.t.data(
    `{ drafts: practiceCases(first: 50, filter: { statuses: [DRAFT], municipalities: ["0884"] }) { totalCount edges { node { slug title } } }
       inReview: practiceCases(first: 50, filter: { statuses: [IN_REVIEW], municipalities: ["0884"] }) { totalCount edges { node { slug title } } }
       due: practiceCases(first: 50, filter: { statuses: [PUBLISHED], municipalities: ["0884"], confirmationDue: true }) { totalCount edges { node { slug } } } }`,
    {},
    { token: tokens.vimmerby },
  );
  const hrefs = (section: string) => page.locator(`#${section} ~ .work-list .work-list__title`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(await hrefs('utkast')).toEqual(expected.drafts.edges.map((e: { node: { slug: string } }) => `/praktik/${e.node.slug}/redigera`));
  expect(await hrefs('granskas')).toEqual(expected.inReview.edges.map((e: { node: { slug: string } }) => `/praktik/${e.node.slug}/redigera`));
  expect(await hrefs('bekrafta')).toEqual(expected.due.edges.map((e: { node: { slug: string } }) => `/praktik/${e.node.slug}/redigera`));
  expect(await hrefs('utkast')).toContain(`/praktik/${draft.slug}/redigera`);
  expect(await hrefs('granskas')).toContain(`/praktik/${review.slug}/redigera`);
  expect(await hrefs('bekrafta')).toContain(`/praktik/${due.slug}/redigera`);
  expect(await hrefs('att-svara')).toContain(`/studiebesok/${encodeURIComponent(toAnswer.id)}`);
  expect(await hrefs('forfragningar')).toContain(`/studiebesok/${encodeURIComponent(asked.id)}`);
  expect(await page.locator('#att-svara ~ .work-list', { hasText: sv.myWork.visitFrom('Eksjö kommun') }).count()).toBe(1);

  // Eksjö's editor sees none of Vimmerby's drafts.
  const eksjo = await site.page();
  await site.signIn(eksjo, 'editor.0686@demo.utbyte.se');
  await eksjo.goto(site.url('/mitt-arbete'));
  expect(await eksjo.content()).not.toContain('Utkast på Mitt arbete');
  expect(await eksjo.locator('#forfragningar ~ .work-list a', { hasText: sv.myWork.visitTo('Vimmerby kommun') }).count()).toBeGreaterThan(0);
}, 90_000);

test('My work works without JavaScript and at 360 px; a reviewer without a municipality is told why it is empty', async () => {
  const page = await site.pageWithoutJs(NARROW);
  await site.signIn(page, 'editor.0884@demo.utbyte.se');
  expect((await page.goto(site.url('/mitt-arbete')))?.status()).toBe(200);
  expect(await hasHorizontalOverflow(page)).toBe(false);
  await page.click(`a:text("${sv.myWork.newCase}")`);
  expect(new URL(page.url()).pathname).toBe('/praktik/ny');
  const reviewer = await site.pageWithoutJs();
  await site.signIn(reviewer, 'reviewer@demo.utbyte.se');
  await reviewer.goto(site.url('/mitt-arbete'));
  expect(await reviewer.locator('main .lead').textContent()).toBe(sv.myWork.noMunicipality);
}, 60_000);

test('the versions page shows each publication with what changed, marked in words too', async () => {
  const c = await publishedCase(site.t, tokens.vimmerby, tokens.reviewer, { title: 'Cykelskola för vuxna', themes: ['language'] });
  const updated = await site.t.data(UPDATE, { input: { id: c.id, expectedVersion: c.version, title: 'Cykelskola för vuxna i Vimmerby', themes: ['language', 'sports-and-leisure'] } }, { token: tokens.vimmerby });
  expect(updated.updatePracticeCase.userErrors).toEqual([]);
  // A published case stays published while edited; publishing it again stores revision 2.
  const current = updated.updatePracticeCase.practiceCase;
  const published = await site.t.data(transition('publish'), { input: { id: c.id, expectedVersion: current.version } }, { token: tokens.reviewer });
  expect(published.publishPracticeCase.userErrors).toEqual([]);
  const { practiceCase } = await site.t.data(`query($s: String!) { practiceCase(slug: $s) { slug revisions { number changedFields } } }`, { s: c.slug });

  // Anyone who may read the case may read its history.
  const page = await site.page();
  expect((await page.goto(site.url(`/praktik/${practiceCase.slug}/versioner`)))?.status()).toBe(200);
  await expectNoAxeViolations(page);
  const numbers = await page.locator('.revision h2').allTextContents();
  expect(numbers).toEqual([...practiceCase.revisions].reverse().map((r: { number: number }) => sv.revisions.revision(r.number)));
  const latest = page.locator('.revision').first();
  const fields = await latest.locator('.compare__label').allTextContents();
  expect(fields.sort()).toEqual(practiceCase.revisions.at(-1).changedFields.map((f: string) => sv.revisions.fields[f] ?? f).sort());
  const title = latest.locator('.compare__field', { has: page.locator('h3', { hasText: new RegExp(`^${sv.revisions.fields.title}$`) }) });
  expect(await title.locator('.compare__side').nth(0).locator('ins').count()).toBe(0);
  expect(await title.locator('.compare__side').nth(1).locator('ins').textContent()).toContain(`[${sv.revisions.added}: `);
  expect(await title.locator('.compare__side').nth(1).textContent()).toContain('i Vimmerby');
  const themes = latest.locator('.compare__field', { has: page.locator('h3', { hasText: sv.revisions.fields.themes }) });
  expect(await themes.locator('ins').textContent()).toContain('Idrott och fritid');
  const narrow = await site.page(NARROW);
  await narrow.goto(site.url(`/praktik/${practiceCase.slug}/versioner`));
  expect(await hasHorizontalOverflow(narrow)).toBe(false);
}, 60_000);

test('a draft has no versions yet, and the page says so; an unknown case is 404', async () => {
  const draft = await create(tokens.vimmerby, { title: 'Opublicerat utkast' });
  const page = await site.pageWithoutJs();
  await site.signIn(page, 'editor.0884@demo.utbyte.se');
  await page.goto(site.url(`/praktik/${draft.slug}/versioner`));
  expect(await page.locator('main').textContent()).toContain(sv.revisions.none);
  expect((await page.goto(site.url('/praktik/finns-inte-alls/versioner')))?.status()).toBe(404);
}, 60_000);
