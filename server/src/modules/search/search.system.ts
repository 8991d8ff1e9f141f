// Wires search into a running system: the Meilisearch client, the index settings
// (applied before any document is added), the outbox indexer, the readiness checks
// and the metrics. system.ts calls this; main.ts's `indexer` and `reindex` commands too.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../core/logger';
import { Metrics } from '../../core/metrics';
import { createSearchClient, type SearchClient } from '../../core/search/client';
import { withStartupLock } from '../../core/db/advisory-lock';
import { SearchIndexGuard, type RebuildLock } from '../../core/search/index-identity';
import { applyIndexSettings, metaIndexUid, practiceCaseIndexUid } from '../../core/search/index-settings';
import { SearchIndexer, outboxLag } from '../../core/search/indexer';
import { reindex } from '../../core/search/reindex';
import type { SearchDocument } from './search-document';
import { PracticeCaseDocuments, hostingOfferTable, type HostingLookup } from './search.source';
import { prepareAnalysis } from './swedish/analyse';

export interface SearchRuntime {
  client: SearchClient;
  indexUid: string;
  indexer: SearchIndexer<SearchDocument>;
  source: PracticeCaseDocuments;
  metrics: Metrics;
  readiness: Record<string, () => Promise<Record<string, unknown>>>;
  /** Whether the index belongs to this database; rebuilds it when not (start() at boot). */
  guard: SearchIndexGuard;
  /** Rebuilds the index from PostgreSQL and swaps it in. */
  reindex(options?: { signal?: AbortSignal }): Promise<{ documents: number; catchUp: number }>;
}

export interface SearchRuntimeOptions {
  orm: MikroORM;
  log: Logger;
  meiliUrl: string;
  meiliKey?: string;
  indexPrefix: string;
  hostsStudyVisits?: HostingLookup;
  metrics?: Metrics;
}

export async function createSearchRuntime(opts: SearchRuntimeOptions): Promise<SearchRuntime> {
  const { orm, log } = opts;
  const client = createSearchClient({ url: opts.meiliUrl, apiKey: opts.meiliKey });
  const indexUid = practiceCaseIndexUid(opts.indexPrefix);
  await applyIndexSettings(client, indexUid);
  // The Swedish lexicon and the tables derived from it take ~0.3 s of synchronous work:
  // pay it while the process starts, not in the first search, where it would hold every other request.
  prepareAnalysis();
  const metrics = (opts.metrics ?? new Metrics())
    .counter('utbyte_indexer_batches_total', 'Outbox batches claimed by this process')
    .counter('utbyte_indexer_failures_total', 'Outbox batches that failed and were scheduled for retry')
    .counter('utbyte_indexer_documents_upserted_total', 'Documents written to the search index')
    .counter('utbyte_indexer_documents_deleted_total', 'Documents removed from the search index')
    .counter('utbyte_indexer_notify_wakeups_total', 'Times a commit notified through PostgreSQL woke this indexer')
    .collect(async () => {
      const lag = await outboxLag(orm.em.fork());
      return [
        { name: 'utbyte_search_outbox_length', help: 'Rows waiting in the search outbox', value: lag.length },
        { name: 'utbyte_search_outbox_oldest_age_seconds', help: 'Age of the oldest outbox row', value: lag.oldestAgeSeconds },
        { name: 'utbyte_search_outbox_failing_rows', help: 'Outbox rows that failed at least once', value: lag.failing },
      ];
    });
  const source = new PracticeCaseDocuments(opts.hostsStudyVisits ?? hostingOfferTable);
  const indexer = new SearchIndexer<SearchDocument>({ orm, client, indexUid, source, log: log.child({ component: 'indexer' }), metrics });
  const metaIndex = metaIndexUid(opts.indexPrefix);
  // One full rebuild at a time on the database, whichever process starts it.
  const lock: RebuildLock = (work, signal) => withStartupLock(orm.config.get('clientUrl'), 'searchRebuild', work, log, signal);
  const rebuild = (options: { signal?: AbortSignal } = {}) => reindex({ orm, client, indexUid, source, log, metaIndexUid: metaIndex, signal: options.signal });
  const guard = new SearchIndexGuard({ orm, client, indexUid, metaIndexUid: metaIndex, source, log: log.child({ component: 'search-index' }), lock, rebuild: (signal) => rebuild({ signal }) });
  return {
    client,
    indexUid,
    indexer,
    source,
    metrics,
    readiness: {
      meilisearch: async () => ({ ok: await client.isHealthy() }),
      search: () => guard.readiness(),
      // Lag is reported, not judged: a backlog is no reason to take a replica out of service.
      searchOutbox: async () => ({ ok: true, ...(await outboxLag(orm.em.fork())) }),
    },
    guard,
    reindex: (options = {}) => lock(() => rebuild(options), options.signal),
  };
}
