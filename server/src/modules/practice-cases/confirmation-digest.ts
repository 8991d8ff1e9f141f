// The daily "still running?" digest: each editor whose municipality owns cases due for
// confirmation gets one message listing them, at most one a day. It runs inside every
// server process; replicas coordinate through PostgreSQL alone: a digest is *claimed* by
// inserting its (day, user) row, which a unique index lets only one process do, and only
// the process whose insert went in sends. A failed send gives its claim back, so a later
// run retries. The due cases themselves are always listed under My work, mail or not.
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { pgArray } from '../../core/db/read-only';
import type { Logger } from '../../core/logger';
import { User } from '../accounts/account.entities';
import { swedishDate, type CaseFreshness } from './practice-case.freshness';

/** One digest for one person on one day; the row is the claim, `sentAt` says the message went. */
@Entity({ tableName: 'confirmation_digest' })
@Unique({ properties: ['day', 'user'] })
@Index({ properties: ['user', 'day'] })
export class ConfirmationDigest {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The date in Sweden the digest is for (YYYY-MM-DD). */
  @Property({ type: 'date' })
  day!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  /** The due cases it listed: a case that becomes due later is news worth a new digest. */
  @Property({ type: 'uuid[]' })
  caseIds!: string[];

  @Property({ type: 'datetime' })
  claimedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;
}

/** What the digest needs of a mailer (core/mail.ts's Mailer has it): it logs or sends by SMTP. */
export interface DigestMailer {
  send(message: { to: string; subject: string; text: string }): Promise<unknown>;
}

export interface DueCaseLine {
  title: string;
  slug: string;
  /** When it was last confirmed (or published), ISO. */
  confirmedAt: string;
}

interface Recipient {
  user_id: string;
  email: string;
  name: string;
  case_ids: string[];
  cases: DueCaseLine[];
}

/** While the same cases stay due, their owners are reminded again after this many days, not every day. */
export const REMIND_AGAIN_AFTER_DAYS = 7;

/** Titles listed in one message; the rest are counted and wait in My work. */
const MAX_LISTED = 50;

const HOUR_MS = 3_600_000;

/**
 * Editors of the owner municipality of at least one due case, with those cases, who have
 * not had a digest with these cases in the last week. `$due` is CaseFreshness.dueSql.
 */
const RECIPIENTS_SQL = (due: string) => `
  with due as (
    select c.id, c.title, c.slug, c.municipality_code, coalesce(c.last_confirmed_at, c.published_at) as confirmed_at
    from practice_case c where ${due}
  ), recipients as (
    select u.id as user_id, u.email, u.name, array_agg(d.id order by d.id) as case_ids,
           json_agg(json_build_object('title', d.title, 'slug', d.slug, 'confirmedAt', d.confirmed_at) order by d.confirmed_at, d.title) as cases
    from app_user u join due d on d.municipality_code = u.municipality_code
    where u.role = 'EDITOR' and u.disabled_at is null
    group by u.id
  )
  select r.* from recipients r
  left join lateral (select g.day, g.case_ids from confirmation_digest g where g.user_id = r.user_id order by g.day desc limit 1) last on true
  where last.day is null or last.day <= ?::date - ${REMIND_AGAIN_AFTER_DAYS} or not (r.case_ids <@ last.case_ids)`;

/** The message, in Swedish and then English, with links when the site's public address is known. */
export function digestMessage(name: string, cases: readonly DueCaseLine[], siteUrl: string | undefined): { subject: string; text: string } {
  const link = (path: string) => (siteUrl ? ` ${siteUrl}${path}` : '');
  const lines = cases.slice(0, MAX_LISTED).map((c) => `- ${c.title} (${swedishDate(new Date(c.confirmedAt))})${link(`/praktik/${encodeURIComponent(c.slug)}`)}`);
  if (cases.length > MAX_LISTED) lines.push(`- … ${cases.length - MAX_LISTED} till / more`);
  const subject = `Utbyte: ${cases.length} ${cases.length === 1 ? 'praktik väntar' : 'praktiker väntar'} på bekräftelse / ${cases.length} to confirm`;
  const text = [
    `Hej ${name},`,
    '',
    'Pågår de här fortfarande? Bekräfta med ett klick under Mitt arbete, eller ange när de avslutades. Inom parentes: senast bekräftad.',
    `Are these still running? Confirm them with one click under My work, or say when they ended. In brackets: last confirmed.${link('/mitt-arbete')}`,
    '',
    ...lines,
  ].join('\n');
  return { subject, text };
}

export interface ConfirmationDigestOptions {
  orm: MikroORM;
  freshness: CaseFreshness;
  mailer: DigestMailer;
  log: Logger;
  /** The site's public origin for links in the message (PUBLIC_URL); without it the message names the pages. */
  siteUrl?: string;
}

export class ConfirmationDigestJob {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | null = null;

  constructor(private readonly options: ConfirmationDigestOptions) {}

  /**
   * One pass for the clock's current day: find who should hear, claim each digest, send
   * the claimed ones. Safe to run from any number of processes at once.
   */
  async runOnce(): Promise<{ day: string; sent: number; failed: number }> {
    const { orm, freshness, log } = this.options;
    const at = freshness.at();
    const em = orm.em.fork();
    const due = freshness.dueSql(at);
    const recipients = await em.execute<Recipient[]>(RECIPIENTS_SQL(due.sql), [...due.params, at.today], 'all', em.getLoggerContext());
    let sent = 0;
    let failed = 0;
    for (const r of recipients) {
      const claim = await this.claim(em, at.today, r);
      if (!claim) continue;
      if (await this.deliver(em, claim, r)) sent++;
      else failed++;
    }
    if (sent || failed) log.info({ day: at.today, sent, failed }, 'confirmation digests');
    return { day: at.today, sent, failed };
  }

  /** The claim's id when this process got the (day, user) row; null when another did first. */
  private async claim(em: EntityManager, day: string, r: Recipient): Promise<string | null> {
    const rows = await em.execute<{ id: string }[]>(
      `insert into confirmation_digest (id, day, user_id, case_ids, claimed_at) values (?, ?, ?, ?::uuid[], ?) on conflict (day, user_id) do nothing returning id`,
      [randomUUID(), day, r.user_id, pgArray(r.case_ids), this.options.freshness.clock.now()],
      'all',
      em.getLoggerContext(),
    );
    return rows[0]?.id ?? null;
  }

  private async deliver(em: EntityManager, claimId: string, r: Recipient): Promise<boolean> {
    const { mailer, siteUrl, log } = this.options;
    try {
      await mailer.send({ to: r.email, ...digestMessage(r.name, r.cases, siteUrl) });
      await em.execute('update confirmation_digest set sent_at = ? where id = ?', [this.options.freshness.clock.now(), claimId], 'run', em.getLoggerContext());
      return true;
    } catch (err) {
      log.warn({ err: (err as Error).message, userId: r.user_id }, 'confirmation digest not sent; a later run retries');
      await em.execute('delete from confirmation_digest where id = ?', [claimId], 'run', em.getLoggerContext()).catch(() => undefined);
      return false;
    }
  }

  /** A pass a minute after start and then every hour: the first pass of a new day sends that day's digests. */
  start(firstAfterMs = 60_000, everyMs = HOUR_MS): void {
    const pass = () => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.options.log.warn({ err: (err as Error).message }, 'confirmation digest run failed; the next one retries'))
        .finally(() => (this.running = null));
    };
    this.timers.push(setTimeout(pass, firstAfterMs).unref(), setInterval(pass, everyMs).unref());
  }

  /** Stops the timers and waits for a pass in progress, while the database is still there. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    await this.running;
  }
}
