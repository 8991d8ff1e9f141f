// What signing in to the website stores: sessions, the one-time links of invitations
// and password resets, and the counters that throttle password guessing. Tokens are
// kept as SHA-256 hashes only, like bearer tokens: a database leak signs no one in.
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from './account.entities';

/** A signed-in browser. Ends at `expiresAt` (absolute), after the idle time since `lastSeenAt`, or when revoked. */
@Entity({ tableName: 'web_session' })
export class WebSession {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  /** Written at most once a minute; the idle expiry counts from here. */
  @Property({ type: 'datetime' })
  lastSeenAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  /** For the person's own list of sessions ("Firefox on Windows"), cut to 200 characters. */
  @Property({ type: 'string', length: 200, nullable: true })
  userAgent?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  ip?: string | null;
}

export enum AccountLinkPurpose {
  INVITE = 'invite',
  RESET = 'reset',
}

/** A one-time link that lets its holder set the account's password (an invitation or "forgot password"). */
@Entity({ tableName: 'account_link' })
export class AccountLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Enum({ items: () => AccountLinkPurpose, type: 'string', length: 10 })
  purpose!: AccountLinkPurpose;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;
}

/**
 * Failed sign-ins of one key ("account:<e-mail>" or "address:<ip>") within the current
 * window. In PostgreSQL rather than memory, so every replica counts the same guesses.
 */
@Entity({ tableName: 'sign_in_throttle' })
export class SignInThrottle {
  @PrimaryKey({ type: 'string', length: 300 })
  key!: string;

  @Property({ type: 'integer' })
  failures!: number;

  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null;
}
