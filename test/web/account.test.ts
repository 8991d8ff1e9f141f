// The /konto pages in Chromium: changing the password (needs the current one, ends the
// other sessions), the list of sessions where revoking one signs that browser out on
// its very next request, and personal API tokens made and revoked without an admin.
import { DICTIONARIES } from '../../web/server/i18n';
import { asSystem } from '../helpers/actors';
import { NARROW, expectNoAxeViolations, hasHorizontalOverflow, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;

async function submit(page: import('playwright-core').Page, selector: string) {
  const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return res?.status();
}

test('a revoked session is refused at once: the other browser is signed out on its next request', async () => {
  const user = await site.createUser({ role: 'OFFICIAL', municipalityCode: '0884' });
  const laptop = await site.page();
  const phone = await site.page({ ...NARROW, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' });
  await site.signIn(laptop, user.email, user.password);
  await site.signIn(phone, user.email, user.password);
  await laptop.goto(site.url('/konto/sessioner'));
  expect(await laptop.locator('.record').count()).toBe(2);
  expect(await laptop.locator('.record .tag').count()).toBe(1);
  await expectNoAxeViolations(laptop);
  expect(await laptop.locator('.record', { hasText: 'iOS' }).locator('button').count()).toBe(1);
  expect(await submit(laptop, '.record:has-text("iOS") button')).toBe(200);
  expect(await laptop.locator('.flash').textContent()).toBe(sv.accountSessions.revoked);
  expect(await laptop.locator('.record').count()).toBe(1);
  // The phone's very next request: signed out, and a signed-in page sends it to sign in.
  const res = await phone.goto(site.url('/konto'));
  expect(res?.status()).toBe(200);
  expect(new URL(phone.url()).pathname).toBe('/logga-in');
  expect(await phone.locator('.account-menu').count()).toBe(0);
  expect(await hasHorizontalOverflow(phone)).toBe(false);
});

test('changing the password needs the current one, and signs out every other session', async () => {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0686' });
  const page = await site.page();
  const other = await site.page();
  await site.signIn(page, user.email, user.password);
  await site.signIn(other, user.email, user.password);
  await page.goto(site.url('/konto'));
  await expectNoAxeViolations(page);
  await page.fill('#current', 'not my password');
  await page.fill('#password', 'en helt ny fras att minnas');
  await page.fill('#confirm', 'en helt ny fras att minnas');
  expect(await submit(page, 'main form button[type=submit]')).toBe(422);
  expect(await page.locator('#current-error').textContent()).toBe(sv.accountPage.currentWrong);
  await expectNoAxeViolations(page);
  await page.fill('#current', user.password);
  await page.fill('#password', 'en helt ny fras att minnas');
  await page.fill('#confirm', 'en helt ny fras att minnas');
  expect(await submit(page, 'main form button[type=submit]')).toBe(200);
  expect(await page.locator('.flash').textContent()).toBe(sv.accountPage.changed);
  expect(await page.locator('.account-menu').count()).toBe(1);
  await other.goto(site.url('/'));
  expect(await other.locator('.account-menu').count()).toBe(0);
  await site.signIn(await site.page(), user.email, 'en helt ny fras att minnas');
});

test('a personal API token is made with chosen scopes, shown once, works as a bearer token, and is revoked', async () => {
  const user = await site.createUser({ role: 'EDITOR', municipalityCode: '0884' });
  const page = await site.page();
  await site.signIn(page, user.email, user.password);
  await page.goto(site.url('/konto/nycklar'));
  await expectNoAxeViolations(page);
  // Nothing chosen: an error beside the scopes, the name kept.
  await page.fill('#name', 'bokningssystemet');
  await page.uncheck('#scope-read');
  expect(await submit(page, 'form[aria-labelledby="ny-nyckel"] button[type=submit]')).toBe(422);
  expect(await page.inputValue('#name')).toBe('bokningssystemet');
  expect(await page.locator('#scope-error').textContent()).toBe(sv.accountTokens.scopesRequired);
  await page.check('#scope-read');
  await page.check('#scope-study-visits\\:write');
  expect(await submit(page, 'form[aria-labelledby="ny-nyckel"] button[type=submit]')).toBe(200);
  const token = (await page.locator('.created-token__value').textContent())!;
  expect(token).toMatch(/^utb_[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page);
  const { viewer } = await site.t.data<{ viewer: { email: string; scopes: string[] } }>(`{ viewer { email scopes } }`, {}, { token });
  expect(viewer).toEqual({ email: user.email, scopes: ['read', 'study-visits:write'] });
  // Shown once: the list has its name and prefix only.
  await page.goto(site.url('/konto/nycklar'));
  expect(await page.content()).not.toContain(token);
  expect(await page.locator('.record').textContent()).toContain(`utb_${token.slice(4, 12)}…`);
  expect(await submit(page, '.record button')).toBe(200);
  expect(await page.locator('.flash').textContent()).toBe(sv.accountTokens.revoked);
  const after = await site.t.gql(`{ viewer { email } }`, {}, { token });
  expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

test('the API keeps your own account yours: no scopes beyond your own, no one else\'s session or token', async () => {
  const a = await site.createUser({ role: 'OFFICIAL', municipalityCode: '0884' });
  const b = await site.createUser({ role: 'OFFICIAL', municipalityCode: '0884' });
  const pageA = await site.page();
  await site.signIn(pageA, a.email, a.password);
  const tokenB = (await site.t.system.services.ownAccount.createPersonalToken(
    { ...asSystem(site.t), viewer: { kind: 'user', actorId: `user:${b.id}`, displayName: 'B', role: 'OFFICIAL', municipalityCode: '0884', organizationId: null, scopes: ['read'] } },
    { name: 'b', scopes: ['read'] },
  )).token!;
  const escalate = await site.t.gql(`mutation { createPersonalToken(input: { name: "x", scopes: ["read", "cases:write"] }) { token userErrors { code } } }`, {}, { token: tokenB });
  expect(escalate.data.createPersonalToken).toEqual({ token: null, userErrors: [{ code: 'FORBIDDEN' }] });
  const [sessionA] = await site.t.sql<{ id: string }>(`select s.id from web_session s join app_user u on u.id = s.user_id where u.email = $1`, [a.email]);
  const globalId = Buffer.from(`SignInSession:${sessionA.id}`).toString('base64url');
  const steal = await site.t.gql(`mutation($id: ID!) { revokeSession(input: { id: $id }) { session { id } userErrors { code } } }`, { id: globalId }, { token: tokenB });
  expect(steal.data.revokeSession).toEqual({ session: null, userErrors: [{ code: 'NOT_FOUND' }] });
  await pageA.goto(site.url('/konto'));
  expect(await pageA.locator('.account-menu').count()).toBe(1);
});

test('wrong current passwords count toward the account lock, though the mutation writes nothing else', async () => {
  const user = await site.createUser({ role: 'OFFICIAL', municipalityCode: '0884' });
  const token = (await site.t.system.services.ownAccount.createPersonalToken(
    { ...asSystem(site.t), viewer: { kind: 'user', actorId: `user:${user.id}`, displayName: 'U', role: 'OFFICIAL', municipalityCode: '0884', organizationId: null, scopes: ['read'] } },
    { name: 'u', scopes: ['read'] },
  )).token!;
  const change = (current: string) =>
    site.t.gql(`mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: "ett nytt långt lösenord" }) { user { email } userErrors { field message } } }`, { c: current }, { token });
  for (let i = 0; i < 10; i++) expect((await change(`guess ${i}`)).data.changePassword.userErrors[0].message).toBe('The current password is not right');
  // Locked now: even the right one is refused, and the old password still signs in after the lock… not before.
  expect((await change(user.password)).data.changePassword.userErrors[0].message).toMatch(/Too many/);
  const [row] = await site.t.sql<{ failures: number }>(`select failures from sign_in_throttle where key = $1`, [`account:${user.email}`]);
  expect(row.failures).toBe(10);
});
