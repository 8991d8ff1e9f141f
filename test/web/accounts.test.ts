// Invitations and "forgot password" end to end: the admin command makes a one-time link
// and mails it (to a local SMTP catcher); the invited person sets a password in
// Chromium and is signed in; links work once; the reset form answers the same for
// addresses with and without an account.
import pino from 'pino';
import { runAdminCommand } from '../../server/src/admin/cli';
import { Mailer } from '../../server/src/core/mail';
import { DICTIONARIES } from '../../web/server/i18n';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const sv = DICTIONARIES.sv;
let catcher: SmtpCatcher;
beforeAll(async () => {
  catcher = await startSmtpCatcher();
});
afterAll(() => catcher?.stop());
const site = useSite({ config: () => ({ smtpUrl: catcher.url }) });

function linkIn(text: string): string {
  const match = /https?:\/\/\S+\/inbjudan\/[A-Za-z0-9_-]+/.exec(text);
  if (!match) throw new Error(`no link in:\n${text}`);
  return match[0];
}

async function invite(email: string): Promise<{ link: string; printed: string }> {
  const mailer = new Mailer({ smtpUrl: catcher.url, from: 'Utbyte <test@utbyte.invalid>', log: pino({ level: 'silent' }), logBodies: false });
  const result = await runAdminCommand(site.t.system.orm, 'invite-user', ['--email', email, '--role', 'EDITOR', '--municipality', '0884', '--name', 'Ida Inbjuden'], { siteUrl: site.t.baseUrl, mailer });
  const mail = await catcher.waitFor(email);
  expect(mail.subject).toBe('Inbjudan till Utbyte / Invitation to Utbyte');
  expect(mail.text).toContain('Hej Ida Inbjuden!');
  return { link: linkIn(mail.text), printed: result.human };
}

test('invite-user mails a one-time link; the invited editor sets a password there and is signed in', async () => {
  const email = `ida-${Date.now()}@example.se`;
  const { link, printed } = await invite(email);
  // The operator sees the same link the mail carries.
  expect(printed).toContain(link);
  const page = await site.page();
  await page.goto(link);
  expect(await page.locator('h1').textContent()).toBe(sv.setPassword.inviteTitle);
  await expectNoAxeViolations(page);
  // A common password and a mismatch are refused next to their fields, nothing stored.
  await page.fill('#password', 'password123');
  await page.fill('#confirm', 'password123');
  const [refused] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(refused?.status()).toBe(422);
  expect(await page.locator('#password-error').textContent()).toBe(sv.setPassword.common);
  await expectNoAxeViolations(page);
  await page.fill('#password', 'tre gröna cyklar i regnet');
  await page.fill('#confirm', 'tre gröna cyklar i regnet');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(new URL(page.url()).pathname).toBe('/konto');
  expect(await page.locator('.account-menu__name').textContent()).toBe('Ida Inbjuden');
  expect(await page.locator('.flash').textContent()).toBe(sv.setPassword.saved);
  // The link worked once.
  const again = await site.page();
  const res = await again.goto(link);
  expect(res?.status()).toBe(404);
  expect(await again.locator('h1').textContent()).toBe(sv.setPassword.deadTitle);
  // And the password signs in.
  const later = await site.page();
  await site.signIn(later, email, 'tre gröna cyklar i regnet');
});

test('a second invitation makes the first link stop working', async () => {
  const email = `twice-${Date.now()}@example.se`;
  const first = await invite(email);
  catcher.messages.length = 0;
  const second = await invite(email);
  expect(second.link).not.toBe(first.link);
  const page = await site.pageWithoutJs(NARROW);
  expect((await page.goto(first.link))?.status()).toBe(404);
  expect((await page.goto(second.link))?.status()).toBe(200);
  expect(await hasHorizontalOverflow(page)).toBe(false);
});

test('forgot password: the same answer for any address; a mail with a reset link only for a real account', async () => {
  const user = await site.createUser({ role: 'OFFICIAL', municipalityCode: '0686' });
  const page = await site.page();
  const answers: string[] = [];
  for (const email of [user.email, `nobody-${Date.now()}@example.se`]) {
    await page.goto(site.url('/glomt-losenord'));
    await page.fill('#email', email);
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    expect(res?.status()).toBe(200);
    answers.push((await page.locator('main').textContent())!.replace(email, 'EMAIL'));
  }
  expect(answers[0]).toBe(answers[1]);
  await expectNoAxeViolations(page);
  const mail = await catcher.waitFor(user.email);
  expect(mail.subject).toBe('Nytt lösenord för Utbyte / New password for Utbyte');
  await page.goto(linkIn(mail.text));
  expect(await page.locator('h1').textContent()).toBe(sv.setPassword.resetTitle);
  await page.fill('#password', 'ett helt nytt lösenord');
  await page.fill('#confirm', 'ett helt nytt lösenord');
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  expect(await page.locator('.account-menu').count()).toBe(1);
  // The old password no longer works.
  const other = await site.page();
  await expect(site.signIn(other, user.email, user.password)).rejects.toThrow(/failed/);
  expect(catcher.messages.filter((m) => m.to.some((to) => to.startsWith('nobody-')))).toEqual([]);
});
