// A form sent after its sign-in ended (revoked from another browser, idle too long):
// nothing is written, and the reader's text comes back in read-only boxes with a link to
// sign in again in a new tab — never the bare 403 page that loses it, and never for a
// form posted from another site. docs/security.md, "A form sent after the sign-in ended".
import type { Page } from 'playwright-core';
import { DICTIONARIES } from '../../web/server/i18n';
import { SESSION_ENDED_WORDS } from '../../web/server/i18n-session-ended';
import { DEMO_PASSWORD, expectNoAxeViolations, useSite } from './browser';

const site = useSite();
const words = SESSION_ENDED_WORDS.sv;
const EDITOR = 'editor.0884@demo.utbyte.se';

async function endSession(page: Page, change: string): Promise<void> {
  const value = (await page.context().cookies()).find((c) => c.name === '__Host-utb_session')!.value;
  await site.t.sql(`update web_session set ${change} where token_hash = encode(sha256($1::bytea), 'hex')`, [value]);
}

const shown = (page: Page) => page.locator('main textarea').evaluateAll((boxes) => boxes.map((b) => ({ value: (b as HTMLTextAreaElement).value, readOnly: (b as HTMLTextAreaElement).readOnly, name: b.getAttribute('name') })));

test('an edit sent after the session was revoked saves nothing and shows the text back, with a way to sign in again', async () => {
  const page = await site.pageWithoutJs();
  await site.signIn(page, EDITOR);
  await page.goto(site.url('/praktik/ny'));
  const title = `Skrivet före utloggningen ${Date.now()}`;
  const body = 'Första stycket.\n\nAndra stycket med <b>tecken</b> & ”citat”.';
  await page.fill('#f-title', title);
  await page.fill('#f-body', body);
  await endSession(page, 'revoked_at = now()');
  const [res] = await Promise.all([page.waitForNavigation(), page.click('#redigerare button[name="_intent"][value="save"] >> nth=0')]);
  expect(res?.status()).toBe(403);
  expect(await page.locator('h1').textContent()).toBe(words.title);
  const boxes = await shown(page);
  expect(boxes).toEqual(expect.arrayContaining([{ value: title, readOnly: true, name: null }, { value: body, readOnly: true, name: null }]));
  // Only the reader's text: no token, version or row counts.
  expect(boxes.every((b) => !/^\d+$/.test(b.value) && b.value.length < 200)).toBe(true);
  expect(await site.t.sql('select 1 from practice_case where title = $1', [title])).toEqual([]);

  // The link signs in (in a new tab for a reader; followed here) and leads back to the form.
  const link = page.locator('main a[target=_blank]');
  expect(await link.getAttribute('rel')).toBe('noopener');
  const again = await site.pageWithoutJs();
  await again.goto(site.url((await link.getAttribute('href'))!));
  await again.fill('#email', EDITOR);
  await again.fill('#password', DEMO_PASSWORD);
  await Promise.all([again.waitForNavigation(), again.click('main form button[type=submit]')]);
  expect(new URL(again.url()).pathname).toBe('/praktik/ny');
});

test('a password form sent after the session went idle shows no password back; the page passes axe', async () => {
  const page = await site.page();
  await site.signIn(page, EDITOR);
  await page.goto(site.url('/konto'));
  await page.fill('#current', DEMO_PASSWORD);
  await page.fill('#password', 'ett nytt hemligt lösenord 123');
  await page.fill('#confirm', 'ett nytt hemligt lösenord 123');
  await endSession(page, `last_seen_at = now() - interval '3 hours'`);
  const [res] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit] >> nth=0')]);
  expect(res?.status()).toBe(403);
  expect(await page.locator('h1').textContent()).toBe(words.title);
  const html = await page.content();
  expect([html.includes(DEMO_PASSWORD), html.includes('ett nytt hemligt')]).toEqual([false, false]);
  expect(await page.locator('main .hint').textContent()).toBe(words.omitted);
  await expectNoAxeViolations(page);
  // The password did not change: the old one still signs in.
  await site.signIn(await site.page(), EDITOR, DEMO_PASSWORD);
});

test('a form posted from another site gets the plain 403 page, never its text shown back', async () => {
  const page = await site.page();
  await site.signIn(page, EDITOR);
  const cookie = (await page.context().cookies(site.url('/'))).map((c) => `${c.name}=${c.value}`).join('; ');
  const post = (headers: Record<string, string>) =>
    fetch(site.url('/praktik/ny'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers }, body: 'title=Ring+oss+p%C3%A5+070&_csrf=fel' });
  const crossSite: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site', origin: 'https://elak.example' }, { origin: 'https://elak.example' }, {}];
  for (const headers of crossSite) {
    const res = await post(headers);
    const html = await res.text();
    expect([headers, res.status, html.includes(`<h1>${DICTIONARIES.sv.errors.forbiddenTitle}</h1>`), html.includes('Ring oss')]).toEqual([headers, 403, true, false]);
  }
  // The same post from this site's own page (Fetch Metadata) is the page that keeps the text.
  const own = await post({ 'sec-fetch-site': 'same-origin' });
  expect([own.status, (await own.text()).includes('Ring oss på 070')]).toEqual([403, true]);
});
