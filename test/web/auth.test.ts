// Security tests of website sign-in, over HTTP and in Chromium: CSRF on every form the
// site has (the list is PAGES, so a page added later is covered without touching this
// file), sessions that end for good (sign-out, idle and absolute expiry), and logs
// that never hold a password, a session or CSRF token, or a bearer token.
import 'reflect-metadata';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { PAGES } from '../../web/pages';
import { DEMO_PASSWORD, useSite } from './browser';

const lines: string[] = [];
const site = useSite({ log: () => pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }) });
const editor = 'editor.0884@demo.utbyte.se';

/** The Cookie header a browser context sends to the site. */
async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies(site.url('/'))).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A concrete path for a route pattern: every parameter a plausible but unknown value. */
function concrete(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'token' ? 'A'.repeat(43) : name === 'code' ? '0884' : 'finns-inte'));
}

function post(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(site.url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

test('every POST route refuses a form without its CSRF token, or with another session\'s, before its action runs', async () => {
  const routes = PAGES.filter((p) => p.action).map((p) => concrete(p.path));
  expect(routes).toEqual(expect.arrayContaining(['/logga-in', '/logga-ut', '/konto', '/konto/sessioner', '/konto/nycklar', '/glomt-losenord']));
  const mine = await site.page();
  const theirs = await site.page();
  await site.signIn(mine, editor);
  await site.signIn(theirs, 'official.0884@demo.utbyte.se');
  await theirs.goto(site.url('/konto'));
  const theirToken = (await theirs.locator('input[name=_csrf]').first().getAttribute('value'))!;
  const cookie = await cookieHeader(mine);
  const refused: string[] = [];
  for (const path of routes) {
    // Fields an action would act on, so that only the token stands in the way.
    const fields = { email: editor, password: DEMO_PASSWORD, name: 'csrf', scopes: 'read', id: 'x', revoke: 'x', current: DEMO_PASSWORD };
    for (const [who, headers, token] of [['anonymous', undefined, undefined], ['signed in, no token', cookie, undefined], ['signed in, another session\'s token', cookie, theirToken]] as const) {
      const res = await post(path, token ? { ...fields, _csrf: token } : fields, headers);
      if (res.status !== 403 || res.headers.get('set-cookie')?.includes('utb_session=')) refused.push(`${path} ${who}: ${res.status}`);
    }
  }
  expect(refused).toEqual([]);
  // Nothing ran: still signed in (no sign-out, no password change, no token made).
  await mine.goto(site.url('/konto/nycklar'));
  expect(await mine.locator('.account-menu').count()).toBe(1);
  expect(await mine.locator('.record').count()).toBe(0);
  // And the right token does pass: the check is not refusing everything.
  const own = (await mine.locator('input[name=_csrf]').first().getAttribute('value'))!;
  const out = await post('/logga-ut', { _csrf: own }, cookie);
  expect(out.status).toBe(303);
});

test('a session cookie kept from before sign-out is refused; so are sessions past their idle or absolute end', async () => {
  const page = await site.page();
  await site.signIn(page, editor);
  const before = (await page.context().cookies()).find((c) => c.name === '__Host-utb_session')!;
  await Promise.all([page.waitForNavigation(), page.click('.account-menu button')]);
  await page.context().addCookies([before]);
  await page.goto(site.url('/'));
  expect(await page.locator('.account-menu').count()).toBe(0);
  // The dead cookie is cleared in the answer.
  expect((await page.context().cookies()).find((c) => c.name === '__Host-utb_session')).toBeUndefined();

  for (const [what, change] of [
    ['idle', `last_seen_at = now() - interval '3 hours'`],
    ['absolute', `expires_at = now() - interval '1 second'`],
  ] as const) {
    const other = await site.page();
    await site.signIn(other, editor);
    const value = (await other.context().cookies()).find((c) => c.name === '__Host-utb_session')!.value;
    await site.t.sql(`update web_session set ${change} where token_hash = encode(sha256($1::bytea), 'hex')`, [value]);
    await other.goto(site.url('/konto'));
    expect([what, new URL(other.url()).pathname]).toEqual([what, '/logga-in']);
  }
});

test('the logs never hold a password, a session or CSRF token, or a bearer token', async () => {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0884' });
  const page = await site.page();
  // A wrong password, then the right one, then a token made in the browser.
  await expect(site.signIn(page, user.email, 'ett felaktigt lösenord')).rejects.toThrow();
  await site.signIn(page, user.email, user.password);
  await page.goto(site.url('/konto/nycklar'));
  const csrf = (await page.locator('input[name=_csrf]').first().getAttribute('value'))!;
  await page.fill('#name', 'loggtest');
  await Promise.all([page.waitForNavigation(), page.click('form[aria-labelledby="ny-nyckel"] button[type=submit]')]);
  const token = (await page.locator('.created-token__value').textContent())!;
  await site.t.gql('{ viewer { name } }', {}, { token });
  // A refused form logs its refusal.
  await post('/konto', { current: user.password, password: 'x', confirm: 'x' }, await cookieHeader(page));
  const session = (await page.context().cookies()).find((c) => c.name === '__Host-utb_session')!.value;
  const log = lines.join('');
  expect(log).toContain('CSRF token missing or wrong');
  for (const [what, secret] of [['password', user.password], ['wrong password', 'ett felaktigt lösenord'], ['session token', session], ['CSRF token', csrf], ['bearer token', token]]) {
    expect([what, log.includes(secret)]).toEqual([what, false]);
  }
});

test('signed-in pages and form answers are stored in no cache; public pages are revalidated', async () => {
  expect((await fetch(site.url('/tema'))).headers.get('cache-control')).toBe('no-cache');
  const page = await site.page();
  await site.signIn(page, editor);
  const res = await fetch(site.url('/konto/nycklar'), { headers: { cookie: await cookieHeader(page) } });
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect((await post('/glomt-losenord', {})).headers.get('cache-control')).toBe('no-store');
});
