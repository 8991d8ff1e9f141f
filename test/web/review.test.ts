// Review in Chromium: a reviewer finds a submitted case in the queue, reads it (a new
// case shown whole; a changed one compared with its published revision, word by word,
// with the marks spelled out), publishes it — and public search finds it within a
// second — or sends it back with the comment the editors then read. Nobody else gets in.
import { DICTIONARIES } from '../../web/server/i18n';
import { tokenFor } from '../helpers/actors';
import { CREATE, UPDATE, caseInput, transition } from '../helpers/cases';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;
const REVIEWER = 'reviewer@demo.utbyte.se';

let editor = '';
let reviewerToken = '';

beforeAll(async () => {
  editor = await tokenFor(site.t, 'EDITOR', '0884');
  reviewerToken = await tokenFor(site.t, 'REVIEWER');
});

/** A case of Vimmerby's, submitted for review; returns its slug and id. */
async function submitted(title: string, overrides: Record<string, unknown> = {}) {
  const created = await site.t.data(CREATE, { input: caseInput({ title, ...overrides }) }, { token: editor });
  const c = created.createPracticeCase.practiceCase;
  await site.t.data(transition('submit'), { input: { id: c.id, expectedVersion: c.version } }, { token: editor });
  return c as { id: string; slug: string; version: number };
}

test('a new case: the queue lists it, the page shows it whole, publishing makes it searchable within a second', async () => {
  const word = `granskningsprov${Date.now()}`;
  const c = await submitted(`Läxhjälp med ${word}`);
  const page = await site.page();
  await site.signIn(page, REVIEWER);
  await page.goto(site.url('/granskning'));
  const link = page.locator(`.review-queue a[href="/granskning/${c.slug}"]`);
  expect(await link.count()).toBe(1);
  await Promise.all([page.waitForNavigation(), link.click()]);
  expect(await page.locator('.diff').textContent()).toContain(sv.review.newIntro);
  expect(await page.locator('#falt-title + .diff__text').textContent()).toBe(`Läxhjälp med ${word}`);
  await expectNoAxeViolations(page);

  await Promise.all([page.waitForNavigation(), page.click('#form-publish button[type=submit]')]);
  expect(new URL(page.url()).pathname).toBe('/granskning');
  expect(await page.locator('.flash').textContent()).toBe(sv.review.publishedFlash(`Läxhjälp med ${word}`));
  // The outbox wakes the indexer at commit; the public search page shows the case well within a second.
  const reader = await site.page();
  const deadline = Date.now() + 1000;
  let found = 0;
  while (Date.now() < deadline && !found) {
    await reader.goto(site.url(`/sok?q=${word}`));
    found = await reader.locator(`a[href="/praktik/${c.slug}"]`).count();
  }
  expect(found).toBeGreaterThan(0);
});

test('a published case changed since its revision is compared field by field, with marked words', async () => {
  const c = await submitted('Mötesplats vid ån', { body: 'Vi träffas varje tisdag i biblioteket.' });
  const published = await site.t.data(transition('publish'), { input: { id: c.id, expectedVersion: c.version + 1 } }, { token: reviewerToken });
  const version = published.publishPracticeCase.practiceCase.version;
  await site.t.data(UPDATE, { input: { id: c.id, expectedVersion: version, body: 'Vi träffas varje torsdag i biblioteket.', places: ['Storebro'] } }, { token: editor });

  const page = await site.page(NARROW);
  await site.signIn(page, REVIEWER);
  await page.goto(site.url(`/granskning/${c.slug}`));
  const body = page.locator('section[aria-labelledby="falt-body"]');
  expect(await body.locator('del').textContent()).toBe(`[${sv.review.removed}tisdag]`);
  expect(await body.locator('ins').textContent()).toBe(`[${sv.review.added}torsdag]`);
  expect(await page.locator('section[aria-labelledby="falt-places"] ins').textContent()).toBe(`[${sv.review.added}Storebro]`);
  // Unchanged fields are only named; a published case has nothing to publish or send back here.
  expect(await page.locator('.diff__unchanged').textContent()).toContain(sv.review.fields.title);
  expect(await page.locator('#form-publish').count()).toBe(0);
  expect(await hasHorizontalOverflow(page)).toBe(false);
  await expectNoAxeViolations(page);
});

test('sending back needs a comment, which the case keeps for its editors (without JavaScript)', async () => {
  const c = await submitted('Språkvänner på landet');
  const page = await site.pageWithoutJs();
  await site.signIn(page, REVIEWER);
  await page.goto(site.url(`/granskning/${c.slug}`));
  const [empty] = await Promise.all([page.waitForNavigation(), page.click('#form-return button[type=submit]')]);
  expect(empty?.status()).toBe(422);
  expect(await page.locator('.error-summary a[href="#kommentar"]').textContent()).toBe(sv.review.commentRequired);
  await page.fill('#kommentar', 'Lägg till resultat och vilka partner som var med.');
  await Promise.all([page.waitForNavigation(), page.click('#form-return button[type=submit]')]);
  expect(await page.locator('.flash').textContent()).toBe(sv.review.returnedFlash('Språkvänner på landet'));
  const { practiceCase } = await site.t.data(`query($id: ID!) { practiceCase(id: $id) { status reviewHistory { action note } } }`, { id: c.id }, { token: editor });
  expect(practiceCase.status).toBe('DRAFT');
  expect(practiceCase.reviewHistory.at(-1)).toEqual({ action: 'RETURNED', note: 'Lägg till resultat och vilka partner som var med.' });
});

test('only reviewers and admins get in', async () => {
  const c = await submitted('Bara för granskare');
  const editorPage = await site.page();
  await site.signIn(editorPage, 'editor.0884@demo.utbyte.se');
  expect((await editorPage.goto(site.url('/granskning')))?.status()).toBe(403);
  expect((await editorPage.goto(site.url(`/granskning/${c.slug}`)))?.status()).toBe(403);
  const anonymous = await site.page();
  await anonymous.goto(site.url('/granskning'));
  expect(new URL(anonymous.url()).pathname).toBe('/logga-in');
  const admin = await site.page();
  await site.signIn(admin, 'admin@demo.utbyte.se');
  expect((await admin.goto(site.url(`/granskning/${c.slug}`)))?.status()).toBe(200);
});
