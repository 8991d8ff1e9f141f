// The leaky buckets of rate-limit.ts, kept in PostgreSQL so that every server process
// on one database charges the same bucket: behind a load balancer the configured
// limit holds for the whole deployment, not once per replica.
//
// One statement per request, an upsert on the unlogged table rate_limit_bucket
// (Migration20261201010000). A row holds the moment its bucket will be empty again
// ("virtual scheduling": the level is what remains until then, times the drain rate),
// computed with PostgreSQL's clock, so replicas whose clocks differ still agree.
//
// PostgreSQL slow or unreachable: the request waits at most `timeoutMs` for the answer,
// then is charged to a bucket in this process instead (the limit then holds per
// process, as it did before), and for `cooldownMs` the database is not asked at all,
// so an outage costs no request more than one wait. Never refused for want of an
// answer: nearly every request needs PostgreSQL anyway, and refusing everyone with 429
// would turn a slow database into an outage.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { LeakyBucket, type TakeResult } from './rate-limit';

/** What the plugin and the sign-in check charge. */
export interface RateLimiter {
  take(key: string, cost: number): Promise<TakeResult>;
  /** Callers whose bucket this process keeps itself (while the database did not answer). */
  readonly localSize: number;
}

export interface SharedBucketOptions {
  pool: pg.Pool;
  capacity: number;
  perSecond: number;
  log?: Logger;
  metrics?: Metrics;
  /** Longest wait for the database's answer before falling back to this process's bucket. */
  timeoutMs?: number;
  /** After a failure, how long to use this process's bucket without asking the database. */
  cooldownMs?: number;
}

// $2: the charge and $3: the bucket's capacity, both in seconds of draining. A refused
// request leaves the moment as it was; "accepted" records the decision for RETURNING,
// which sees only the new row.
const TAKE = `
insert into rate_limit_bucket as b (key, empty_at, accepted) values ($1, now() + $2 * interval '1 second', true)
on conflict (key) do update set
  accepted = greatest(b.empty_at, now()) + $2 * interval '1 second' <= now() + $3 * interval '1 second',
  empty_at = case when greatest(b.empty_at, now()) + $2 * interval '1 second' <= now() + $3 * interval '1 second'
                  then greatest(b.empty_at, now()) + $2 * interval '1 second' else b.empty_at end
returning accepted, extract(epoch from greatest(empty_at, now()) - now())::float8 as backlog`;

export const FALLBACK_METRIC = 'utbyte_rate_limit_fallbacks_total';

/**
 * Charges `chargeSeconds` to the bucket `key` holds if it fits in `capacitySeconds`: the
 * one statement per request (bench/replicas.ts times it alone). `backlog` is how many
 * seconds of draining the bucket now holds.
 */
export async function rateLimitTake(db: pg.Pool | pg.Client, key: string, chargeSeconds: number, capacitySeconds: number): Promise<{ accepted: boolean; backlog: number }> {
  const { rows } = await db.query<{ accepted: boolean; backlog: number }>(TAKE, [key, chargeSeconds, capacitySeconds]);
  return rows[0];
}

export class SharedLeakyBucket implements RateLimiter {
  private readonly local: LeakyBucket;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  /** Until then the database is not asked (it failed or was slow just before). */
  private skipUntil = 0;

  constructor(private readonly o: SharedBucketOptions) {
    this.local = new LeakyBucket(o.capacity, o.perSecond);
    this.timeoutMs = o.timeoutMs ?? 200;
    this.cooldownMs = o.cooldownMs ?? 1000;
  }

  get localSize(): number {
    return this.local.size;
  }

  async take(key: string, cost: number): Promise<TakeResult> {
    if (Date.now() < this.skipUntil) return this.fallback(key, cost);
    // Addresses are personal data: the table holds only a digest of the key.
    const digest = createHash('sha256').update(key).digest('base64url').slice(0, 27);
    const charge = Math.min(Math.max(0, cost), this.o.capacity);
    let timer: NodeJS.Timeout | undefined;
    // Timers run before I/O in each turn of the event loop: after a stall of the process
    // itself, an answer already on the socket is read first (setImmediate runs after I/O),
    // so only a slow database, not a busy process, counts as no answer.
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => setImmediate(() => resolve('timeout')), this.timeoutMs)));
    const query = rateLimitTake(this.o.pool, digest, charge / this.o.perSecond, this.o.capacity / this.o.perSecond);
    try {
      const answer = await Promise.race([query, timeout]);
      if (answer === 'timeout') throw new Error(`no answer within ${this.timeoutMs} ms`);
      return this.result(answer, charge);
    } catch (err) {
      // A query that lost the race still settles later; its outcome no longer matters.
      query.catch(() => undefined);
      this.unavailable(err);
      return this.fallback(key, cost);
    } finally {
      clearTimeout(timer);
    }
  }

  private result(row: { accepted: boolean; backlog: number }, charge: number): TakeResult {
    const { capacity, perSecond } = this.o;
    // Microsecond timestamps: round away the dust before counting whole units.
    const level = Math.round(row.backlog * perSecond * 1000) / 1000;
    const remaining = Math.max(0, Math.floor(capacity - level));
    if (row.accepted) return { ok: true, remaining, retryAfterSeconds: 0 };
    return { ok: false, remaining, retryAfterSeconds: Math.max(1, Math.ceil((level + charge - capacity) / perSecond)) };
  }

  private unavailable(err: unknown): void {
    this.skipUntil = Date.now() + this.cooldownMs;
    this.o.log?.warn({ err: err instanceof Error ? err.message : String(err), forMs: this.cooldownMs }, 'rate limits: PostgreSQL did not answer in time; limiting in this process for now');
  }

  private fallback(key: string, cost: number): TakeResult {
    this.o.metrics?.inc(FALLBACK_METRIC);
    return this.local.take(key, cost);
  }
}

/** A pool of its own, so that a busy ORM pool does not hold back the limiter's one statement. */
export function rateLimitPool(url: string, timeoutMs = 200): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 1000,
    // A statement still running after the caller gave up stops soon after.
    statement_timeout: Math.max(1000, timeoutMs * 5),
    // Kept open: connecting (with its password exchange) inside a request's bounded wait could spend all of it.
    idleTimeoutMillis: 0,
  });
  // An idle connection that breaks must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // One connection ready before the first request, for the same reason.
  pool.query('select 1').catch(() => undefined);
  return pool;
}

/** Deletes buckets that have drained (the same as no row); run now and then by each process. */
export async function pruneBuckets(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(`delete from rate_limit_bucket where empty_at < now()`);
  return rowCount ?? 0;
}
