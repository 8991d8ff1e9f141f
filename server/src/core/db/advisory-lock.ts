// Start-up work that must happen once per database — migrations, the reference import,
// the demo content — runs under a PostgreSQL advisory lock, so that any number of
// processes can start together on one database. The first takes the lock and does the
// work; the others wait on it, then find the work done and do nothing.
//
// The lock is session-level on a connection of its own (not one of the ORM's pooled
// connections, which the work itself uses): it is held exactly as long as the work
// runs, and a process that dies mid-way loses its connection and so releases it.
import pg from 'pg';
import type { Logger } from '../logger';

/**
 * The fixed keys, one per job (pg_advisory_lock's bigint key space is shared with any
 * other application on the same database; 0x7574 is "ut").
 */
export const STARTUP_LOCKS = {
  migrations: 0x7574_0001,
  reference: 0x7574_0002,
  demo: 0x7574_0003,
  /** Creating the search index and applying its settings (Meilisearch refuses a second createIndex). */
  searchIndex: 0x7574_0004,
  /**
   * A full rebuild of the search index, whoever starts it: a server's index check, `reindex`,
   * `restore`. Not only at start; a rebuild deletes the half-built index an earlier one left,
   * which would be another process's index in the making if two ran at once.
   */
  searchRebuild: 0x7574_0005,
} as const;

export type StartupJob = keyof typeof STARTUP_LOCKS;

/**
 * Runs `work` while holding the job's advisory lock on the database at `url`. An abort
 * of `signal` while waiting for the lock (a shutdown) closes the connection, which ends
 * the wait with an error and leaves `work` undone.
 */
export async function withStartupLock<T>(url: string, job: StartupJob, work: () => Promise<T>, log?: Logger, signal?: AbortSignal): Promise<T> {
  const key = STARTUP_LOCKS[job];
  signal?.throwIfAborted();
  const client = new pg.Client({ connectionString: url });
  // An error on an idle client (the server went away) must not crash the process; the
  // query in flight, if any, fails and is reported through it.
  client.on('error', () => undefined);
  await client.connect();
  // Only while waiting: once the lock is held, closing the connection would release it under the work.
  const giveUp = () => void client.end().catch(() => undefined);
  signal?.addEventListener('abort', giveUp, { once: true });
  try {
    const [row] = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key])).rows;
    if (!row.locked) {
      log?.info({ job }, 'another process is doing this job; waiting for it');
      await client.query('select pg_advisory_lock($1)', [key]);
    }
    signal?.removeEventListener('abort', giveUp);
    return await work();
  } finally {
    signal?.removeEventListener('abort', giveUp);
    // Ending the session releases the lock too; the explicit unlock just makes it prompt.
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
