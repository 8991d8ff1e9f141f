// "Sign in with your municipality's account" against a real OpenID Connect provider
// (`oidc-provider` on loopback, its development login and consent pages) in Chromium:
// a known user lands signed in with a session made like a password sign-in's; a forged
// state or nonce, a replayed callback, an unknown, unverified or disabled address sign
// no one in; a provider that does not answer yet gets a page that says so. Without the
// OIDC_* settings there is no button and no route (sign-in.test.ts).
import pino from 'pino';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../server/src/modules/accounts/demo-tokens';
import { DICTIONARIES } from '../../web/server/i18n';
import { SINGLE_SIGN_ON_START } from '../../web/pages/single-sign-on';
import { SINGLE_SIGN_ON_CALLBACK } from '../../web/server/single-sign-on';
import { reserveIssuer, startOidcProvider, type OidcProviderHandle } from '../helpers/oidc-provider';
import { NARROW, expectNoAxeViolations, hasHorizontalOverflow, useSite } from './browser';

const CLIENT = { clientId: 'utbyte-test', clientSecret: 'test-secret-of-the-utbyte-client' };
const sv = DICTIONARIES.sv;
const en = DICTIONARIES.en;

let reserved: { port: number; issuer: string };
beforeAll(async () => {
  reserved = await reserveIssuer();
});
/** Every line the server logs, to check what a refusal leaves there. */
const lines: string[] = [];
const site = useSite({
  config: () => ({ oidc: { issuer: reserved.issuer, ...CLIENT } }),
  log: () => pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }),
});
let provider: Promise<OidcProviderHandle> | undefined;
/** The provider, started on first need: the first test runs before it answers. */
function providerUp(): Promise<OidcProviderHandle> {
  return (provider ??= startOidcProvider({ port: reserved.port, ...CLIENT, redirectUri: site.url(SINGLE_SIGN_ON_CALLBACK) }));
}
afterAll(async () => {
  await (await provider)?.stop();
});

/**
 * Logs in at the provider's development pages as `login` (the e-mail) and consents; ends
 * back on our site. A browser the provider already knows goes straight back.
 */
async function throughProvider(page: Page, login: string): Promise<void> {
  await providerUp();
  const onProvider = (url: URL) => url.href.startsWith(reserved.issuer) && url.pathname.startsWith('/interaction/');
  await page.waitForURL((url) => onProvider(url) || (url.href.startsWith(site.t.baseUrl) && url.pathname !== '/logga-in'));
  if (!onProvider(new URL(page.url()))) return;
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'anything');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  if (page.url().startsWith(reserved.issuer)) {
    // The consent page.
    await Promise.all([page.waitForURL((url) => url.href.startsWith(site.t.baseUrl)), page.click('button[type=submit]')]);
  }
}

/** Starts a sign-in without following it: the provider's authorization URL, as the button's link answers it. */
async function authorizationUrl(page: Page): Promise<URL> {
  await providerUp();
  const res = await page.request.get(site.url(SINGLE_SIGN_ON_START), { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  return new URL(res.headers().location);
}

async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name.endsWith('utb_session'));
}

test('while the provider does not answer, the button leads to a page that says so; once it answers, the button leads there', async () => {
  const page = await site.page();
  await page.goto(site.url('/logga-in'));
  const res = await Promise.all([page.waitForNavigation(), page.click('.single-sign-on a')]).then(([response]) => response);
  expect(res!.status()).toBe(502);
  expect(await page.locator('h1').textContent()).toBe(sv.singleSignOn.unavailableTitle);
  await expectNoAxeViolations(page);
  // The failed discovery was not kept: the next attempt asks again.
  await providerUp();
  const again = await page.request.get(site.url(SINGLE_SIGN_ON_START), { maxRedirects: 0 });
  expect(again.status()).toBe(303);
  expect(again.headers().location.startsWith(reserved.issuer)).toBe(true);
});

test('a known user signs in through the provider and lands signed in where they were going, with a fresh session', async () => {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0884', name: 'Signe Sso' });
  const page = await site.page();
  // Someone else's session in this browser first: signing in must replace it, not reuse it.
  await site.signIn(page, DEMO_USERS[0].email);
  const before = (await sessionCookie(page))!.value;
  await page.goto(site.url('/logga-in?next=/mitt-arbete'));
  await expectNoAxeViolations(page);
  const callbacks: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(site.url(SINGLE_SIGN_ON_CALLBACK))) callbacks.push(request.url());
  });
  await page.click('.single-sign-on a');
  await throughProvider(page, user.email.toUpperCase());
  await page.waitForURL((url) => url.pathname === '/mitt-arbete');
  expect(await page.locator('.account-menu__name').textContent()).toBe('Signe Sso');
  expect(await page.locator('.flash').textContent()).toBe(sv.signIn.signedIn('Signe Sso'));

  const session = (await sessionCookie(page))!;
  expect(session).toMatchObject({ name: '__Host-utb_session', httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  expect(session.value).not.toBe(before);
  // The session it replaced is over, and the one-time sign-in cookie is gone.
  const [old] = await site.t.sql<{ revoked: boolean }>(`select revoked_at is not null as revoked from web_session where token_hash = encode(sha256($1::bytea), 'hex')`, [before]);
  expect(old.revoked).toBe(true);
  expect((await page.context().cookies()).some((c) => c.name.endsWith('utb_sso'))).toBe(false);

  // The provider's answer works once: replayed, it signs no one in and says to start again.
  expect(callbacks).toHaveLength(1);
  const other = await site.page();
  const replay = await other.goto(callbacks[0]);
  expect(replay!.status()).toBe(400);
  expect(await other.locator('main p').first().textContent()).toBe(sv.singleSignOn.expired);
  expect(await sessionCookie(other)).toBeUndefined();
});

/** A sign-in whose authorization request had `param` changed on the way to the provider; returns the page it ends on. */
async function tamperedSignIn(param: 'state' | 'nonce', value: string): Promise<Page> {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0884' });
  const page = await site.page();
  const url = await authorizationUrl(page);
  url.searchParams.set(param, value);
  await page.goto(url.href);
  const logged = lines.length;
  await throughProvider(page, user.email);
  expect(page.url()).toContain(SINGLE_SIGN_ON_CALLBACK);
  // The refusal is logged with openid-client's reason, but not the identity's claims or the code.
  const log = lines.slice(logged).join('');
  expect(log).toContain('single sign-on did not complete');
  expect(log).not.toContain(user.email);
  expect(log).not.toContain(new URL(page.url()).searchParams.get('code'));
  expect(await page.locator('h1').textContent()).toBe(sv.singleSignOn.failedTitle);
  expect(await page.locator('main p').first().textContent()).toBe(sv.singleSignOn.failed);
  expect(await page.locator('.account-menu').count()).toBe(0);
  expect(await sessionCookie(page)).toBeUndefined();
  return page;
}

test('a forged state is refused before the code is used, and no session starts', async () => {
  const page = await tamperedSignIn('state', 'forged-state-of-another-sign-in');
  await expectNoAxeViolations(page);
});

test('an ID token with another nonce is refused, though state and code are right', async () => {
  const page = await tamperedSignIn('nonce', 'a-nonce-this-browser-never-made');
  // The untouched flow in the same browser works (the provider remembers the login): only the nonce was wrong.
  await page.goto((await authorizationUrl(page)).href);
  await throughProvider(page, 'not used: the provider knows this browser');
  await page.waitForURL((url) => url.pathname === '/konto');
  expect(await page.locator('.account-menu').count()).toBe(1);
});

test('an unknown address gets a page that says so, in the language the sign-in began in, and no account or session is made', async () => {
  const page = await site.page(NARROW);
  await page.goto(site.url('/logga-in?lang=en'));
  await page.click('.single-sign-on a');
  await throughProvider(page, 'nobody.here@example.se');
  expect(await page.locator('h1').textContent()).toBe(en.singleSignOn.refusedTitle);
  expect(await page.locator('main p').first().textContent()).toBe(en.singleSignOn.unknown('nobody.here@example.se'));
  // Its language switch leads to the sign-in page, not back to the answer, which works once.
  expect(await page.locator('.lang-switch').getAttribute('href')).toBe('/logga-in');
  expect(await sessionCookie(page)).toBeUndefined();
  expect(await site.t.sql(`select 1 from app_user where email = 'nobody.here@example.se'`)).toHaveLength(0);
  expect(await hasHorizontalOverflow(page)).toBe(false);
  await expectNoAxeViolations(page);
});

test('an address the provider has not verified, and a disabled account, are refused', async () => {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0884' });
  const page = await site.page();
  await page.goto(site.url('/logga-in'));
  await page.click('.single-sign-on a');
  await throughProvider(page, `unverified.${user.email}`);
  expect(await page.locator('main p').first().textContent()).toBe(sv.singleSignOn.unverified);
  expect(await sessionCookie(page)).toBeUndefined();

  await site.t.sql(`update app_user set disabled_at = now() where email = $1`, [user.email]);
  const again = await site.page();
  await again.goto(site.url('/logga-in'));
  await again.click('.single-sign-on a');
  await throughProvider(again, user.email);
  expect(await again.locator('main p').first().textContent()).toBe(sv.singleSignOn.disabled(user.email));
  expect(await sessionCookie(again)).toBeUndefined();
  await expectNoAxeViolations(again);
});
