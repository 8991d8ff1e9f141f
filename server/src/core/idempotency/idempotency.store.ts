// The SQL of Idempotency-Key handling. The request's own EntityManager carries one
// transaction for the whole operation: the advisory lock that marks the key as in
// progress, the mutation's writes (services' transactions nest in it as savepoints),
// and the stored response all commit together or not at all.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { KEY_TTL_HOURS } from './idempotency.rules';

export interface StoredResponse {
  requestHash: string;
  httpStatus: number;
  response: string;
}

export interface NewStoredResponse extends StoredResponse {
  actor: string;
  keyHash: string;
  operation: string;
}

async function run<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return await em.getConnection('write').execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

export async function beginOn(em: EntityManager): Promise<void> {
  em.setTransactionContext(await em.getConnection('write').begin());
}

export async function endOn(em: EntityManager, outcome: 'commit' | 'rollback'): Promise<void> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) return;
  em.resetTransactionContext();
  if (outcome === 'commit') await em.getConnection('write').commit(trx);
  else await em.getConnection('write').rollback(trx);
}

/**
 * Takes the key's lock for this transaction, or says another request holds it. A try
 * and not a wait: a waiting request would hold a pooled connection doing nothing.
 */
export async function tryLockKey(em: EntityManager, actor: string, keyHash: string): Promise<boolean> {
  const [row] = await run<{ locked: boolean }>(em, `select pg_try_advisory_xact_lock(hashtextextended(?, 5113)) as locked`, [`${actor} ${keyHash}`]);
  return row.locked;
}

export async function findStored(em: EntityManager, actor: string, keyHash: string): Promise<StoredResponse | null> {
  const [row] = await run<{ request_hash: string; http_status: number; response: string }>(
    em,
    `select request_hash, http_status, response from idempotent_request where actor = ? and key_hash = ? and expires_at > now()`,
    [actor, keyHash],
  );
  return row ? { requestHash: row.request_hash, httpStatus: row.http_status, response: row.response } : null;
}

/** Stores a response; an expired one under the same key is replaced. */
export async function storeResponse(em: EntityManager, r: NewStoredResponse): Promise<void> {
  await run(
    em,
    `insert into idempotent_request (actor, key_hash, request_hash, operation, http_status, response, created_at, expires_at)
     values (?, ?, ?, ?, ?, ?, now(), now() + make_interval(hours => ?))
     on conflict (actor, key_hash) do update set request_hash = excluded.request_hash, operation = excluded.operation,
       http_status = excluded.http_status, response = excluded.response, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    [r.actor, r.keyHash, r.requestHash, r.operation, r.httpStatus, r.response, KEY_TTL_HOURS],
  );
}

/** Deletes up to `limit` expired responses; each stored response clears a few, so the table never grows past a day's worth. */
export async function purgeExpired(em: EntityManager, limit = 100): Promise<number> {
  const rows = await run(em, `delete from idempotent_request where ctid = any(array(select ctid from idempotent_request where expires_at <= now() limit ?)) returning 1`, [limit]);
  return rows.length;
}
