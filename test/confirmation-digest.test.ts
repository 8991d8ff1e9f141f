// The daily "still running?" digest against real PostgreSQL: two processes ("replicas",
// each with its own ORM and connection pool) running at once on the same day send each
// owner one digest of their own due cases; the next run that day sends nothing; the same
// cases are repeated only a week later; a failed send is retried. The clock is moved.
import pino from 'pino';
import { createOrm } from '../server/src/core/db/orm';
import { Mailer } from '../server/src/core/mail';
import { ConfirmationDigestJob, digestMessage, type DigestMailer } from '../server/src/modules/practice-cases/confirmation-digest';
import { CREATE, caseInput, publishedCase } from './helpers/cases';
import { tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import { startSmtpCatcher } from './helpers/smtp-catcher';
import type { MikroORM } from '@mikro-orm/postgresql';

const { t, actors } = useTestSystem({ inProcessIndexer: false }, async (t) => {
  // This file runs the digest itself; the system's own timer must not send one in between.
  await t.system.digest.stop();
  const tokens = await tokensFor(t, {
    editor: ['EDITOR', '0884'], // Vimmerby
    editor2: ['EDITOR', '0884'],
    retired: ['EDITOR', '0884'],
    editorB: ['EDITOR', '0686'], // Eksjö
    editorC: ['EDITOR', '0484'], // Eskilstuna: no cases
    official: ['OFFICIAL', '0884'],
    reviewer: ['REVIEWER'],
  });
  const users = await t.sql<{ email: string; municipality_code: string | null }>(`select email, municipality_code from app_user where role = 'EDITOR' order by email`);
  // One Vimmerby editor has left: disabled accounts get nothing.
  const retired = users.filter((u) => u.municipality_code === '0884')[2].email;
  await t.sql(`update app_user set disabled_at = now() where email = $1`, [retired]);
  return { ...tokens, vimmerby: users.filter((u) => u.municipality_code === '0884' && u.email !== retired).map((u) => u.email), eksjo: users.filter((u) => u.municipality_code === '0686').map((u) => u.email), eskilstuna: users.filter((u) => u.municipality_code === '0484').map((u) => u.email) };
});

type Mail = { to: string; subject: string; text: string };

/** A mailer that keeps what it is given; `failFor` refuses those addresses as an SMTP server could. */
function catcher(failFor: string[] = []): DigestMailer & { mails: Mail[] } {
  const mails: Mail[] = [];
  return {
    mails,
    send: async (message) => {
      if (failFor.includes(message.to)) throw new Error('451 try again later');
      mails.push(message);
    },
  };
}

const quiet = pino({ level: 'silent' });
let otherOrm: MikroORM;
const job = (mailer: DigestMailer, orm = t.system.orm) => new ConfirmationDigestJob({ orm, freshness: t.system.services.practiceCases.freshness, mailer, log: quiet, siteUrl: 'https://utbyte.example.se' });
const recipients = (mails: Mail[]) => mails.map((m) => m.to).sort();

beforeAll(async () => {
  otherOrm = await createOrm({ url: t.databaseUrl, log: quiet });
});
afterAll(async () => {
  await otherOrm?.close();
});

test('the message lists each due case with when it was last confirmed and links to it and to My work', () => {
  const { subject, text } = digestMessage('Kim', [{ title: 'Läxhjälp', slug: 'laxhjalp', confirmedAt: '2025-01-10T09:00:00+00:00' }], 'https://utbyte.example.se');
  expect(subject).toBe('Utbyte: 1 praktik väntar på bekräftelse / 1 to confirm');
  expect(text).toContain('- Läxhjälp (2025-01-10) https://utbyte.example.se/praktik/laxhjalp');
  expect(text).toContain('https://utbyte.example.se/mitt-arbete');
});

test('replicas running at once on one day send each owner one digest of their own due cases', async () => {
  const lax = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Läxhjälp i Vimmerby' });
  const sim = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Simskola i Vimmerby' });
  const eksjo = await publishedCase(t, actors.editorB, actors.reviewer, { title: 'Språkcafé i Eksjö', municipality: '0686' });
  await t.data(CREATE, { input: caseInput({ title: 'Ett utkast i Vimmerby' }) }, { token: actors.editor });

  const early = catcher();
  expect(await job(early).runOnce()).toMatchObject({ sent: 0 });

  t.clock.advanceDays(400);
  const [a, b] = [catcher(), catcher()];
  const runs = await Promise.all([job(a).runOnce(), job(b, otherOrm).runOnce(), job(a).runOnce(), job(b, otherOrm).runOnce()]);
  const mails = [...a.mails, ...b.mails];
  expect(recipients(mails)).toEqual([...actors.vimmerby, ...actors.eksjo].sort());
  expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(mails.length);
  for (const mail of mails) {
    const own = actors.eksjo.includes(mail.to) ? [eksjo] : [lax, sim];
    const others = actors.eksjo.includes(mail.to) ? [lax, sim] : [eksjo];
    for (const c of own) expect(mail.text).toContain(`/praktik/${c.slug}`);
    for (const c of others) expect(mail.text).not.toContain(`/praktik/${c.slug}`);
    expect(mail.text).not.toContain('utkast');
  }
  const [{ n }] = await t.sql(`select count(*)::int as n from confirmation_digest where sent_at is not null`);
  expect(n).toBe(mails.length);

  const later = catcher();
  expect(await job(later).runOnce()).toMatchObject({ sent: 0 });
  expect(later.mails).toEqual([]);
});

test('the same due cases are not repeated the next day, but a week later; a confirmed case drops out', async () => {
  t.clock.advanceDays(1);
  const nextDay = catcher();
  await job(nextDay).runOnce();
  expect(nextDay.mails).toEqual([]);

  const { practiceCases } = await t.data(`{ practiceCases(first: 10, filter: { confirmationDue: true, municipalities: ["0884"] }) { edges { node { id slug version } } } }`, {}, { token: actors.editor });
  const [confirmed, stillDue] = practiceCases.edges.map((e: { node: { id: string; slug: string; version: number } }) => e.node);
  const res = await t.data(`mutation($input: ConfirmPracticeCaseInput!) { confirmPracticeCase(input: $input) { userErrors { code } } }`, { input: { id: confirmed.id, expectedVersion: confirmed.version } }, { token: actors.editor });
  expect(res.confirmPracticeCase.userErrors).toEqual([]);

  t.clock.advanceDays(7);
  const weekLater = catcher();
  await job(weekLater).runOnce();
  expect(recipients(weekLater.mails)).toEqual([...actors.vimmerby, ...actors.eksjo].sort());
  const vimmerbyMail = weekLater.mails.find((m) => m.to === actors.vimmerby[0])!;
  expect(vimmerbyMail.text).toContain(`/praktik/${stillDue.slug}`);
  expect(vimmerbyMail.text).not.toContain(`/praktik/${confirmed.slug}`);
});

test('a send that fails gives its claim back, and the next run retries only that one', async () => {
  t.clock.advanceDays(8);
  const [unlucky] = actors.vimmerby;
  const failing = catcher([unlucky]);
  expect(await job(failing).runOnce()).toMatchObject({ sent: actors.vimmerby.length + actors.eksjo.length - 1, failed: 1 });
  const retry = catcher();
  expect(await job(retry).runOnce()).toMatchObject({ sent: 1, failed: 0 });
  expect(recipients(retry.mails)).toEqual([unlucky]);
});

test('with SMTP_URL set, the digest arrives as e-mail through the system\'s Mailer', async () => {
  const c = await publishedCase(t, actors.editorC, actors.reviewer, { title: 'Föräldrastöd i Eskilstuna', municipality: '0484' });
  t.clock.advanceDays(400);
  const smtp = await startSmtpCatcher();
  try {
    const mailer = new Mailer({ smtpUrl: smtp.url, from: 'Utbyte <no-reply@utbyte.example.se>', log: quiet, logBodies: false });
    await job(mailer).runOnce();
    const [to] = actors.eskilstuna;
    const mail = await smtp.waitFor(to);
    expect(mail.subject).toBe('Utbyte: 1 praktik väntar på bekräftelse / 1 to confirm');
    expect(mail.text).toContain(`- Föräldrastöd i Eskilstuna (`);
    expect(mail.text).toContain(`https://utbyte.example.se/praktik/${c.slug}`);
  } finally {
    await smtp.stop();
  }
});
