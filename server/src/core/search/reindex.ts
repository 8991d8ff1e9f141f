// Full rebuild: every indexable document goes into a fresh index with the current
// settings, which is then swapped with the live one in a single Meilisearch task.
// Searches keep answering from the old index until the swap. Changes made while the
// rebuild ran may have gone to the old index only, so they are queued again for the
// indexer afterwards.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger';
import type { EnqueuedTask } from 'meilisearch';
import { SearchTaskFailed, runTask, type SearchClient } from './client';
import { markIndex } from './index-identity';
import { applyIndexSettings } from './index-settings';
import type { DocumentSource } from './indexer';

export interface ReindexOptions<D extends { id: string }> {
  orm: MikroORM;
  client: SearchClient;
  indexUid: string;
  source: DocumentSource<D>;
  log: Logger;
  pageSize?: number;
  /** Which outbox entity type to re-queue recent changes under, and the table to read them from. */
  catchUp?: { entityType: string; table: string; updatedColumn: string };
  /** Where to record that the swapped-in index was built from this database (index-identity.ts). */
  metaIndexUid?: string;
  /** Stops the rebuild between pages (the server shutting down); the live index stays as it was. */
  signal?: AbortSignal;
}

export async function reindex<D extends { id: string }>(opts: ReindexOptions<D>): Promise<{ documents: number; catchUp: number }> {
  const { orm, client, indexUid, source, log } = opts;
  // Meilisearch pays a large fixed cost per indexing batch (bench/: ~3 s for 500 or
  // for 900 documents), so pages are big; 5 000 documents are ~20 MB of JSON.
  const pageSize = opts.pageSize ?? 5_000;
  const [{ started }] = await orm.em.fork().execute<{ started: Date }[]>(`select now() as started`);
  const fresh = `${indexUid}_rebuild_${Date.now().toString(36)}`;
  // A rebuild that crashed leaves its half-built index behind; one rebuild runs at a time.
  const { results } = await client.getRawIndexes({ limit: 1000 });
  for (const leftover of results.filter((i) => i.uid.startsWith(`${indexUid}_rebuild_`))) {
    log.warn({ index: leftover.uid }, 'deleting an index left by an earlier rebuild');
    await runTask(client.deleteIndex(leftover.uid));
  }
  // The swap needs both indexes to exist; a first start may not have created the live one yet.
  await applyIndexSettings(client, indexUid);
  await applyIndexSettings(client, fresh);
  let documents = 0;
  try {
    let after: string | null = null;
    // Pages are queued without waiting for each to be indexed: PostgreSQL reads the next
    // page while Meilisearch works, and Meilisearch merges the queued additions into a
    // few large batches instead of one per page (bench/: 2x faster at 2 000 cases).
    // Every task must still have succeeded before the swap.
    const queued: EnqueuedTask[] = [];
    for (;;) {
      opts.signal?.throwIfAborted();
      const docs = await source.page(orm.em.fork(), after, pageSize);
      if (!docs.length) break;
      queued.push(await client.index(fresh).addDocuments(docs, { primaryKey: 'id' }));
      documents += docs.length;
      after = docs[docs.length - 1].id;
      log.info({ documents }, 'reindex progress');
    }
    // A slow poll on purpose: the client adds an abort listener per poll until the wait
    // ends, and a 100 000-case rebuild waits for minutes (Node warns past 1 500).
    for (const task of await client.tasks.waitForTasks(queued, { timeout: 300_000, interval: 250 })) {
      if (task.status !== 'succeeded') throw new SearchTaskFailed(task);
    }
    opts.signal?.throwIfAborted();
    await runTask(client.swapIndexes([{ indexes: [indexUid, fresh], rename: false }]));
    // After the swap, so that a crash in between leaves an index that is rebuilt again.
    if (opts.metaIndexUid) await markIndex({ orm, client, indexUid, metaIndexUid: opts.metaIndexUid, source });
  } finally {
    // After the swap `fresh` names the old index; before it, a half-built one. Either way it goes.
    await runTask(client.deleteIndex(fresh)).catch((err: unknown) => log.warn({ err }, 'could not delete the temporary index'));
  }
  const c = opts.catchUp ?? { entityType: 'PracticeCase', table: 'practice_case', updatedColumn: 'updated_at' };
  // A minute of overlap covers writes whose timestamp was taken before `started` but committed after.
  const queued = await orm.em.fork().execute<unknown[]>(
    `insert into search_outbox (entity_type, entity_id, created_at, available_at, attempts)
     select ?, id::text, now(), now(), 0 from ${c.table} where ${c.updatedColumn} >= ?::timestamptz - interval '1 minute' returning id`,
    [c.entityType, started],
  );
  return { documents, catchUp: queued.length };
}
