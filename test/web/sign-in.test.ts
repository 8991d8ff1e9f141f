// Signing in and out of the website in Chromium: the form, the header, the session
// cookie, a refused password, and the CSRF check of the sign-in form itself; and that
// without OIDC_* there is no single sign-on (oidc.test.ts tests it with a provider).
import { DEMO_USERS } from '../../server/src/modules/accounts/demo-tokens';
import { DICTIONARIES } from '../../web/server/i18n';
import { SINGLE_SIGN_ON_START } from '../../web/pages/single-sign-on';
import { SINGLE_SIGN_ON_CALLBACK } from '../../web/server/single-sign-on';
import { DEMO_PASSWORD, NARROW, expectNoAxeViolations, hasHorizontalOverflow, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;
const editor = DEMO_USERS.find((u) => u.email.startsWith('editor.0884'))!;

test('a demo editor signs in through the form, sees their name in the header, and signs out', async () => {
  const page = await site.page();
  await page.goto(site.url('/logga-in'));
  await expectNoAxeViolations(page);
  await page.fill('#email', editor.email.toUpperCase());
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(await page.locator('.account-menu__name').textContent()).toBe(editor.name);
  expect(await page.locator('.flash').textContent()).toBe(sv.signIn.signedIn(editor.name));
  await expectNoAxeViolations(page);
  // The message is shown once.
  await page.goto(site.url('/'));
  expect(await page.locator('.flash').count()).toBe(0);
  await Promise.all([page.waitForNavigation(), page.click('.account-menu button')]);
  expect(await page.locator('.account-menu').count()).toBe(0);
  expect(await page.locator('.flash').textContent()).toBe(sv.signIn.signedOut);
});

test('the session cookie is HttpOnly, SameSite=Lax, Secure and __Host- outside development', async () => {
  const page = await site.page();
  await site.signIn(page, editor.email);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('utb_session'));
  expect(session).toMatchObject({ name: '__Host-utb_session', httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  expect(session!.domain).toBe('127.0.0.1');
});

test('a wrong password and an unknown address get the same answer, with the address kept', async () => {
  const page = await site.pageWithoutJs(NARROW);
  const answers: string[] = [];
  for (const email of [editor.email, 'nobody-here@example.se']) {
    await page.goto(site.url('/logga-in?next=%2Ftema'));
    await page.fill('#email', email);
    await page.fill('#password', 'not the password at all');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    expect(res?.status()).toBe(401);
    expect(await page.inputValue('#email')).toBe(email);
    expect(await page.inputValue('#password')).toBe('');
    answers.push((await page.locator('main').innerHTML()).replace(email, 'EMAIL'));
    expect(await page.locator('#password-error').textContent()).toBe(sv.signIn.refused);
    expect(await hasHorizontalOverflow(page)).toBe(false);
  }
  // Only the CSRF token (per request… here the same pre-session) may differ: compare without it.
  const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/, '');
  expect(strip(answers[0])).toBe(strip(answers[1]));
});

test('signing in returns to `next`, and a signed-in-only redirect comes back there', async () => {
  const page = await site.page();
  await page.goto(site.url('/logga-in?next=%2Ftema'));
  await page.fill('#email', editor.email);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(new URL(page.url()).pathname).toBe('/tema');
});

test('a sign-in form posted without its CSRF token, or with another browser\'s, is refused with 403', async () => {
  const bare = await fetch(site.url('/logga-in'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: editor.email, password: DEMO_PASSWORD }).toString(),
    redirect: 'manual',
  });
  expect(bare.status).toBe(403);
  expect(bare.headers.get('set-cookie') ?? '').not.toContain('utb_session');
  // A token from one browser's form does not pass with another browser's cookie.
  const first = await site.page();
  await first.goto(site.url('/logga-in'));
  const token = await first.locator('input[name=_csrf]').getAttribute('value');
  const second = await site.page();
  await second.goto(site.url('/logga-in'));
  await second.locator('input[name=_csrf]').evaluate((el, value) => ((el as HTMLInputElement).value = value!), token);
  await second.fill('#email', editor.email);
  await second.fill('#password', DEMO_PASSWORD);
  const [res] = await Promise.all([second.waitForNavigation(), second.click('main form button[type=submit]')]);
  expect(res?.status()).toBe(403);
  expect(await second.locator('h1').textContent()).toBe(sv.errors.forbiddenTitle);
});

test('a signed-in page sends an anonymous reader to sign in and back; the account page shows who is signed in', async () => {
  const page = await site.pageWithoutJs();
  const res = await fetch(site.url('/konto?lang=en'), { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/logga-in?next=%2Fkonto&lang=en');
  await page.goto(site.url('/konto'));
  expect(new URL(page.url()).pathname).toBe('/logga-in');
  await page.fill('#email', editor.email);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(new URL(page.url()).pathname).toBe('/konto');
  expect(await page.locator('.summary-list').textContent()).toContain(editor.email);
  expect(await page.locator('.summary-list').textContent()).toContain('Vimmerby');
});

test('session fixation: a session cookie planted before sign-in is not the session after it', async () => {
  const page = await site.page();
  // An attacker's own valid session, planted in the victim's browser.
  const attacker = await site.page();
  await site.signIn(attacker, 'reviewer@demo.utbyte.se');
  const planted = (await attacker.context().cookies()).find((c) => c.name === '__Host-utb_session')!;
  await page.context().addCookies([planted]);
  await site.signIn(page, editor.email);
  const after = (await page.context().cookies()).find((c) => c.name === '__Host-utb_session')!;
  expect(after.value).not.toBe(planted.value);
  // And the planted one is dead: signing in revoked the session the browser came with.
  await attacker.goto(site.url('/'));
  expect(await attacker.locator('.account-menu').count()).toBe(0);
  const rows = await site.t.sql<{ n: string }>(`select count(*) as n from web_session where token_hash = encode(sha256($1::bytea), 'hex')`, [after.value]);
  expect(rows[0].n).toBe('1');
  const plain = await site.t.sql<{ n: string }>(`select count(*) as n from web_session where token_hash = $1`, [after.value]);
  expect(plain[0].n).toBe('0');
});

test('throttling: ten wrong passwords lock the account — even the right password then gets "too many attempts" — and an unknown address locks the same way', async () => {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0884' });
  const unknown = `ghost-${Date.now()}@example.se`;
  const post = async (page: import('playwright-core').Page, email: string, password: string) => {
    await page.goto(site.url('/logga-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    return { status: res?.status(), message: await page.locator('#password-error').textContent().catch(() => null) };
  };
  const page = await site.pageWithoutJs();
  for (const email of [user.email, unknown]) {
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await post(page, email, `wrong guess ${i}`));
    expect(answers.slice(0, 9).every((a) => a.status === 401 && a.message === sv.signIn.refused)).toBe(true);
    expect(answers[9]).toEqual({ status: 429, message: sv.signIn.throttled });
  }
  expect(await post(page, user.email, user.password)).toEqual({ status: 429, message: sv.signIn.throttled });
  // Another account from the same address is not locked out by it.
  await site.signIn(await site.page(), editor.email);
});

test('throttling per address: 100 failures from one address lock it for every account, not other addresses; the count lives in PostgreSQL', async () => {
  const { sessions } = site.t.system.services;
  const em = () => site.t.system.orm.em.fork();
  const failures = Array.from({ length: 100 }, (_, i) => sessions.signIn(em(), `nobody-${i}-${Date.now()}@example.se`, 'guess', '203.0.113.7'));
  await Promise.all(failures);
  expect(await sessions.signIn(em(), editor.email, DEMO_PASSWORD, '203.0.113.7')).toEqual({ ok: false, reason: 'throttled' });
  expect(await sessions.signIn(em(), editor.email, DEMO_PASSWORD, '203.0.113.8')).toMatchObject({ ok: true });
  const rows = await site.t.sql<{ failures: number; locked: boolean }>(`select failures, locked_until > now() as locked from sign_in_throttle where key = 'address:203.0.113.7'`);
  expect(rows).toEqual([{ failures: 100, locked: true }]);
});

test('without the OIDC_* settings there is no single sign-on: no button, and its routes are the 404 page', async () => {
  const page = await site.pageWithoutJs();
  await page.goto(site.url('/logga-in'));
  expect(await page.locator('.single-sign-on').count()).toBe(0);
  expect(await page.locator(`a[href^="${SINGLE_SIGN_ON_START}"]`).count()).toBe(0);
  for (const path of [SINGLE_SIGN_ON_START, `${SINGLE_SIGN_ON_CALLBACK}?code=x&state=y`]) {
    const res = await page.goto(site.url(path));
    expect(res!.status()).toBe(404);
  }
  expect((await page.context().cookies()).some((c) => c.name.endsWith('utb_session'))).toBe(false);
});
