// "Still running?" in Chromium, as issue 15 walks it: a case becomes due (the system's
// clock is moved a year on, nothing written), its owner sees it under My work and
// confirms it with one click, and it is no longer due; "ended on …" without JavaScript,
// with a refused date kept in the field; the case page says when it was last confirmed
// and when it ended; only the case's editors reach its answer page.
import type { Page } from 'playwright-core';
import { DICTIONARIES } from '../../web/server/i18n';
import { publishedCase } from '../helpers/cases';
import { tokensFor } from '../helpers/actors';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv.stillRunning;
const VIMMERBY_EDITOR = 'editor.0884@demo.utbyte.se';
const EKSJO_EDITOR = 'editor.0686@demo.utbyte.se';

const READ = `query($slug: String!) { practiceCase(slug: $slug) { confirmationDue lastConfirmedAt endedOn } }`;
const read = async (slug: string) => (await site.t.data(READ, { slug })).practiceCase;
const swedishDay = (days: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(Date.now() + days * 86_400_000));

/** My work's row of a case. */
const rowOf = (page: Page, title: string) => page.locator('li.work-list__item', { has: page.locator('a.work-list__title', { hasText: title }) });

let running: { slug: string; title: string };
let stopped: { slug: string; title: string };

beforeAll(async () => {
  const tokens = await tokensFor(site.t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  running = await publishedCase(site.t, tokens.editor, tokens.reviewer, { title: 'Cykelskola för vuxna i Vimmerby', startedOn: '2021-04-01' });
  stopped = await publishedCase(site.t, tokens.editor, tokens.reviewer, { title: 'Sommarläsning på Vimmerby bibliotek', startedOn: '2021-06-01' });
  // A year and more passes; nothing is written.
  site.t.clock.advanceDays(400);
});

test('a case that became due is confirmed from My work with one click and is no longer due', async () => {
  expect((await read(running.slug)).confirmationDue).toBe(true);
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/mitt-arbete'));
  const due = page.locator('section[aria-labelledby=bekrafta]');
  expect(await due.locator('a.work-list__title', { hasText: running.title }).count()).toBe(1);
  expect(await rowOf(page, running.title).locator('.due-case__confirmed').textContent()).toContain(sv.lastConfirmed);
  await expectNoAxeViolations(page);

  await Promise.all([page.waitForURL(/\/mitt-arbete$/), rowOf(page, running.title).locator('button', { hasText: sv.running }).click()]);
  expect(await page.locator('.flash').textContent()).toBe(sv.confirmed(running.title));
  expect(await due.locator('a.work-list__title', { hasText: running.title }).count()).toBe(0);
  const after = await read(running.slug);
  expect(after.confirmationDue).toBe(false);
  // Confirmed "now" on the system's clock, a year from the real today.
  expect(after.lastConfirmedAt.slice(0, 4)).toBe(site.t.clock.now().toISOString().slice(0, 4));

  await page.goto(site.url(`/praktik/${running.slug}`));
  expect(await page.locator('.case__confirmed').count()).toBe(1);
  expect(await page.locator('.case__due').count()).toBe(0);
});

test('"ended on …" works without JavaScript: a date after today comes back at the field, kept; a real one ends the practice', async () => {
  const page = await site.pageWithoutJs();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/mitt-arbete'));
  const row = rowOf(page, stopped.title);
  const future = swedishDay(500);
  await row.locator('input[name=endedOn]').fill(future);
  const refused = await Promise.all([page.waitForNavigation(), row.locator('button', { hasText: sv.endedSave }).click()]).then(([res]) => res);
  expect(refused?.status()).toBe(422);
  expect(new URL(page.url()).pathname).toBe(`/praktik/${stopped.slug}/bekrafta`);
  expect(await page.locator('.error-summary').textContent()).toContain(sv.dateInFuture);
  expect(await page.locator('#svar-slut').inputValue()).toBe(future);
  expect(await page.locator('#svar-slut').getAttribute('aria-describedby')).toContain('svar-slut-error');

  await page.locator('#svar-slut').fill('2025-09-30');
  await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: sv.endedSave }).click()]);
  expect(new URL(page.url()).pathname).toBe(`/praktik/${stopped.slug}`);
  expect(await page.locator('.flash').textContent()).toContain(stopped.title);
  expect(await page.locator('.case__ended time').getAttribute('datetime')).toBe('2025-09-30');
  expect(await read(stopped.slug)).toMatchObject({ confirmationDue: false, endedOn: '2025-09-30' });
});

test('the answer page passes axe, fits 360 px, and is only for the case\'s editors', async () => {
  const demo = await site.t.data(`{ practiceCases(first: 1, filter: { confirmationDue: true, municipalities: ["0884"] }) { edges { node { slug municipality { code } } } } }`);
  const dueSlug: string = demo.practiceCases.edges[0].node.slug;

  const editor = await site.page(NARROW);
  await site.signIn(editor, VIMMERBY_EDITOR);
  await editor.goto(site.url(`/praktik/${dueSlug}`));
  expect(await editor.locator('.case__due a').getAttribute('href')).toBe(`/praktik/${dueSlug}/bekrafta`);
  await editor.goto(site.url(`/praktik/${dueSlug}/bekrafta`));
  expect(await editor.locator('h1').textContent()).toBe(sv.title);
  expect(await hasHorizontalOverflow(editor)).toBe(false);
  await expectNoAxeViolations(editor);

  const anonymous = await site.page();
  await anonymous.goto(site.url(`/praktik/${dueSlug}`));
  expect(await anonymous.locator('.case__due').textContent()).toContain(sv.due);
  expect(await anonymous.locator('.case__due a').count()).toBe(0);
  await anonymous.goto(site.url(`/praktik/${dueSlug}/bekrafta`));
  expect(new URL(anonymous.url()).pathname).toBe('/logga-in');

  const other = await site.page();
  await site.signIn(other, EKSJO_EDITOR);
  const res = await other.goto(site.url(`/praktik/${dueSlug}/bekrafta`));
  expect(res?.status()).toBe(403);
});
