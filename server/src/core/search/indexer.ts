// Drains the search outbox into Meilisearch. Each batch runs in one PostgreSQL
// transaction: claim rows (FOR UPDATE SKIP LOCKED, so several indexers share the
// work without taking the same row), turn them into document ids, lock those ids,
// reload the current rows, upsert/delete, wait for Meilisearch to finish the tasks,
// and only then delete the claimed rows. A failure leaves the rows in place with a
// later `available_at`, one more attempt and the error text: nothing is dropped.
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { SearchTaskFailed, errorMessage, isUnreachable, runTask, type SearchClient } from './client';
import { SearchOutbox } from './outbox.entity';

/** Where documents come from; the search module implements it for practice cases. */
export interface DocumentSource<D extends { id: string }> {
  /** Document ids affected by the claimed outbox rows (entity type → entity ids). */
  affected(em: EntityManager, rows: ReadonlyMap<string, readonly string[]>): Promise<string[]>;
  /** Current documents for these ids; an id without a document is removed from the index. */
  load(em: EntityManager, ids: readonly string[]): Promise<D[]>;
  /** Every indexable document, a page at a time in id order (full rebuilds). */
  page(em: EntityManager, afterId: string | null, limit: number): Promise<D[]>;
  /** How many documents a complete index holds. */
  count(em: EntityManager): Promise<number>;
}

export interface IndexerOptions<D extends { id: string }> {
  orm: MikroORM;
  client: SearchClient;
  indexUid: string;
  source: DocumentSource<D>;
  log: Logger;
  metrics?: Metrics;
  batchSize?: number;
  /** The running loop doubles its batch up to this while every batch comes back full (a backlog). */
  maxBatchSize?: number;
  /**
   * Batches the running loop keeps in flight at once, each in its own transaction:
   * rows committed while one batch waits for its Meilisearch task are claimed and
   * enqueued behind it instead of after it. Each one holds a database connection.
   */
  maxInFlight?: number;
  /** Idle wait between polls of an empty outbox. */
  pollMs?: number;
  /** Backoff of the first retry; doubled per attempt up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface BatchResult {
  /** Outbox rows claimed in this batch. */
  claimed: number;
  /** Outbox row ids claimed (tests check that two indexers never share one). */
  rowIds: string[];
  upserted: number;
  deleted: number;
  /** Some rows failed; they stay in the outbox with a later available_at. */
  failed: boolean;
  failedRowIds: string[];
  /** The failure was Meilisearch being unreachable, not a refused document. */
  unreachable: boolean;
}

export interface DrainOptions {
  /** Also take rows that are waiting out a retry backoff (tests, after an outage). */
  includeDelayed?: boolean;
}

/**
 * The indexer's own SQL stays out of the query log: it is background work, and
 * statement counts taken around a request (tests, benchmarks) must not include it.
 */
const QUIET = { enabled: false, label: 'search-indexer' };

interface OutboxRow {
  id: string;
  entity_type: string;
  entity_id: string;
}

type BatchOptions = DrainOptions & { wait?: boolean; exclude?: readonly string[]; limit?: number };

/** Which claimed rows failed to index, and why (the last error seen). */
interface RowOutcome {
  failedRows: OutboxRow[];
  failure?: unknown;
}

export class SearchIndexer<D extends { id: string } = { id: string }> {
  private running = false;
  private loops: Promise<void>[] = [];
  /** Wake-ups of the workers that are idle, one per sleeping worker. */
  private readonly sleepers = new Set<() => void>();
  /** Counts commits that queued outbox rows; a worker that saw it change while it polled does not sleep. */
  private kicks = 0;
  private subscribed = false;
  /** Times a notification woke (or would have woken) the running loop. */
  notifyWakeups = 0;
  /** A batch found Meilisearch unreachable; the idle loop probes its health until it answers. */
  private outage = false;
  private readonly batchSize: number;
  private readonly maxBatchSize: number;
  private readonly maxInFlight: number;
  private readonly pollMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly opts: IndexerOptions<D>) {
    this.batchSize = opts.batchSize ?? 100;
    this.maxBatchSize = Math.max(this.batchSize, opts.maxBatchSize ?? 1000);
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 4);
    this.pollMs = opts.pollMs ?? 500;
    this.backoffMs = opts.backoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
  }

  /** Processes one batch; `claimed: 0` means nothing was available. */
  async runBatch(options: BatchOptions = {}): Promise<BatchResult> {
    const em = this.opts.orm.em.fork({ loggerContext: QUIET });
    return em.transactional(async (tx) => {
      const rows = await this.claimRows(tx, options);
      const result: BatchResult = { claimed: rows.length, rowIds: rows.map((r) => String(r.id)), upserted: 0, deleted: 0, failed: false, failedRowIds: [], unreachable: false };
      if (!rows.length) return result;
      this.opts.metrics?.inc('utbyte_indexer_batches_total');
      const outcome = await this.indexRows(tx, rows, result);
      await this.settleRows(tx, result, outcome);
      return result;
    }, { loggerContext: QUIET });
  }

  /** Locks the batch's outbox rows for this transaction, oldest first. */
  private async claimRows(tx: EntityManager, options: BatchOptions): Promise<OutboxRow[]> {
    const conditions = [options.includeDelayed ? 'true' : 'available_at <= now()'];
    const params: unknown[] = [];
    if (options.exclude?.length) {
      conditions.push(`id not in (select (x)::bigint from jsonb_array_elements_text(?::jsonb) as x)`);
      params.push(JSON.stringify(options.exclude));
    }
    // SKIP LOCKED hands rows another indexer holds to nobody else; `wait` (drain's
    // last pass) blocks on them instead, so drain returns only after they are done.
    const lockMode = options.wait ? '' : ' skip locked';
    return await tx.execute<OutboxRow[]>(
      `select id, entity_type, entity_id from search_outbox where ${conditions.join(' and ')} order by id limit ? for update${lockMode}`,
      [...params, options.limit ?? this.batchSize],
      'all',
      QUIET,
    );
  }

  /**
   * Brings the documents the rows affect up to date in Meilisearch and says which rows
   * failed. Counts go into `result`. A failure never escapes: it is what settleRows records.
   */
  private async indexRows(tx: EntityManager, rows: OutboxRow[], result: BatchResult): Promise<RowOutcome> {
    // A savepoint keeps the transaction usable when the work fails on a database
    // error, so the failure can still be recorded on the rows.
    await tx.execute('savepoint search_batch', [], 'run', QUIET);
    try {
      const byType = new Map<string, string[]>();
      for (const r of rows) byType.set(r.entity_type, [...(byType.get(r.entity_type) ?? []), r.entity_id]);
      const ids = [...new Set(await this.opts.source.affected(tx, byType))];
      if (!ids.length) return { failedRows: [] };
      await this.lockDocuments(tx, ids);
      const { rejected, failure } = await this.syncDocuments(tx, ids, result);
      // A fan-out row (municipality, theme …) is only done when all its documents are.
      const failedRows = rejected.size ? rows.filter((r) => (r.entity_type === 'PracticeCase' ? rejected.has(r.entity_id) : true)) : [];
      return { failedRows, failure };
    } catch (err) {
      await tx.execute('rollback to savepoint search_batch', [], 'run', QUIET);
      return { failedRows: rows, failure: err };
    }
  }

  /**
   * Two indexers may hold rows for the same document (it changed twice). These advisory
   * locks make the second one reload and write only after the first one's Meilisearch
   * task has finished, so an older version never lands last.
   */
  private async lockDocuments(tx: EntityManager, ids: readonly string[]): Promise<void> {
    await tx.execute(
      `select count(pg_advisory_xact_lock(h)) from (select hashtextextended(x, 7341) as h from jsonb_array_elements_text(?::jsonb) as x order by 1) as ordered`,
      [JSON.stringify(ids)],
      'all',
      QUIET,
    );
  }

  /** Upserts the documents that exist and deletes the ones that no longer do. */
  private async syncDocuments(tx: EntityManager, ids: readonly string[], result: BatchResult): Promise<{ rejected: ReadonlySet<string>; failure?: unknown }> {
    const { client, indexUid, source, metrics } = this.opts;
    const docs = await source.load(tx, ids);
    const present = new Set(docs.map((d) => d.id));
    const gone = ids.filter((id) => !present.has(id));
    const index = client.index(indexUid);
    const { rejected, failure } = docs.length ? await this.upsert(index, docs) : { rejected: new Set<string>() };
    if (gone.length) await runTask(index.deleteDocuments(gone));
    result.upserted = docs.length - rejected.size;
    result.deleted = gone.length;
    metrics?.inc('utbyte_indexer_documents_upserted_total', result.upserted);
    metrics?.inc('utbyte_indexer_documents_deleted_total', gone.length);
    return { rejected, failure };
  }

  /**
   * Adds the documents in one task. When Meilisearch refuses the batch (not an outage),
   * it finds the documents it refuses one by one, so that one bad document does not
   * hold back the others in its batch.
   */
  private async upsert(index: ReturnType<SearchClient['index']>, docs: D[]): Promise<{ rejected: Set<string>; failure?: unknown }> {
    const rejected = new Set<string>();
    let failure: unknown;
    try {
      await runTask(index.addDocuments(docs, { primaryKey: 'id' }));
    } catch (err) {
      if (!(err instanceof SearchTaskFailed) || docs.length === 1) throw err;
      for (const doc of docs) {
        try {
          await runTask(index.addDocuments([doc], { primaryKey: 'id' }));
        } catch (single) {
          if (!(single instanceof SearchTaskFailed)) throw single;
          rejected.add(doc.id);
          failure = single;
        }
      }
    }
    return { rejected, failure };
  }

  /** Deletes the rows that are done; the failed ones get one more attempt, a later available_at and the error. */
  private async settleRows(tx: EntityManager, result: BatchResult, { failedRows, failure }: RowOutcome): Promise<void> {
    const failedIds = new Set(failedRows.map((r) => String(r.id)));
    const doneIds = result.rowIds.filter((id) => !failedIds.has(id));
    if (doneIds.length) {
      await tx.execute(`delete from search_outbox where id in (select (x)::bigint from jsonb_array_elements_text(?::jsonb) as x)`, [JSON.stringify(doneIds)], 'all', QUIET);
    }
    if (!failedIds.size) return;
    result.failed = true;
    result.failedRowIds = [...failedIds];
    result.unreachable = isUnreachable(failure);
    this.opts.metrics?.inc('utbyte_indexer_failures_total');
    this.opts.log.warn({ err: errorMessage(failure), rows: failedIds.size }, 'search indexing failed; rows will be retried');
    await tx.execute(
      `update search_outbox set attempts = attempts + 1, last_error = ?,
         available_at = now() + least(? * power(2, least(attempts, 20)), ?) * interval '1 millisecond'
       where id in (select (x)::bigint from jsonb_array_elements_text(?::jsonb) as x)`,
      [errorMessage(failure), this.backoffMs, this.maxBackoffMs, JSON.stringify(result.failedRowIds)],
      'all',
      QUIET,
    );
  }

  /**
   * Processes batches until no row is available, then waits for rows other indexers
   * hold. Returns totals. A row that fails is not taken again by the same drain (it
   * backs off), so drain ends even while Meilisearch is down.
   */
  async drain(options: DrainOptions = {}): Promise<{ batches: number; claimed: number; upserted: number; deleted: number; failures: number }> {
    const total = { batches: 0, claimed: 0, upserted: 0, deleted: 0, failures: 0 };
    const failed: string[] = [];
    for (;;) {
      let r = await this.runBatch({ ...options, exclude: failed });
      if (!r.claimed) r = await this.runBatch({ ...options, exclude: failed, wait: true });
      if (!r.claimed) return total;
      total.batches += 1;
      total.claimed += r.claimed;
      total.upserted += r.upserted;
      total.deleted += r.deleted;
      if (r.failed) {
        total.failures += 1;
        failed.push(...r.failedRowIds);
      }
    }
  }

  /**
   * Runs in the background until stop(); polls while the outbox is empty. A single
   * worker waited for Meilisearch to finish each batch before it claimed the next, so
   * under write load a publish queued behind the batch in flight (bench/ freshness p95
   * 2 s). Now up to maxInFlight workers claim and enqueue while others wait; Meilisearch
   * processes an index's tasks in enqueue order and batches the queued ones together.
   * They are as safe together as separate indexer processes: SKIP LOCKED gives each
   * its own rows, and the per-document advisory locks make a worker that holds a newer
   * row for a document in flight wait until that task has finished and been settled.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.listenForLocalCommits();
    this.loops = Array.from({ length: this.maxInFlight }, (_, i) => this.work(i === 0));
  }

  /**
   * One worker: a batch at a time, sleeping while the outbox has nothing for it. Only
   * the first one polls; the others wait for a commit's kick, so an idle indexer still
   * asks the database once per poll interval.
   */
  private async work(polls: boolean): Promise<void> {
    // Meilisearch's cost per indexing task is mostly fixed (400 documents: 1.7-4 s in
    // batches of 100, 0.6 s in one), so a backlog — after an outage, a bulk import —
    // is worked off in growing batches; single edits still go out one small batch each.
    let limit = this.batchSize;
    while (this.running) {
      let claimed = 0;
      const kicks = this.kicks;
      try {
        const batch = await this.runBatch({ limit });
        claimed = batch.claimed;
        limit = claimed >= limit && !batch.failed ? Math.min(this.maxBatchSize, limit * 2) : this.batchSize;
        if (batch.unreachable) this.outage = true;
        if (!claimed && this.outage && (await this.opts.client.isHealthy())) await this.resumeAfterOutage();
      } catch (err) {
        this.opts.log.error({ err: errorMessage(err) }, 'search indexer batch crashed');
      }
      if (claimed === 0 && this.running && kicks === this.kicks) await this.sleep(polls);
    }
  }

  /** Until kick() picks this worker or, for the polling one, the poll interval passes. */
  private async sleep(polls: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = polls ? setTimeout(wake, this.pollMs) : undefined;
      this.sleepers.add(wake);
    });
  }

  /**
   * Rows were committed: wakes one idle worker (the others stay asleep, so a commit
   * costs one claim, not one per worker); a worker busy polling sees the count change.
   */
  private kick(all = false): void {
    this.kicks += 1;
    for (const wake of [...this.sleepers]) {
      wake();
      if (!all) return;
    }
  }

  /**
   * Meilisearch answers again (the health probe above, or the supervisor restarted the
   * embedded one): rows that backed off during the outage are retried now instead of
   * when their backoff ends, which after a long outage is minutes away. A document
   * Meilisearch refused gets one extra attempt per outage, which is harmless.
   */
  async resumeAfterOutage(): Promise<number> {
    this.outage = false;
    const em = this.opts.orm.em.fork({ loggerContext: QUIET });
    const rows = await em.execute<unknown[]>(
      `update search_outbox set available_at = now() where attempts > 0 and available_at > now() returning id`,
      [],
      'all',
      QUIET,
    );
    if (rows.length) this.opts.log.info({ rows: rows.length }, 'Meilisearch is reachable again; retrying backed-off outbox rows now');
    this.kick(true);
    return rows.length;
  }

  /**
   * Polling alone made a publish wait up to a whole poll interval before the indexer
   * even looked (bench/ freshness p95 1.2 s). A commit in this process that inserted
   * outbox rows wakes the loop at once; rows written by other processes wake it through
   * a NOTIFY (notified() below), and the poll finds whatever a lost notification missed.
   */
  private listenForLocalCommits(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    const { orm } = this.opts;
    const outbox = orm.getMetadata().get(SearchOutbox.name);
    orm.em.getEventManager().registerSubscriber({
      afterTransactionCommit: ({ em }) => {
        // The indexer's own transactions use raw SQL, so they never wake it.
        if (!this.running || em.getUnitOfWork().getIdentityMap().getStore(outbox).size === 0) return;
        this.kick();
      },
    });
  }

  /**
   * Another process (or this one) committed outbox rows: a NOTIFY on utbyte_outbox
   * (core/db/notifications.ts). Wakes the loop like a local commit does; counted, so
   * that tests and /metrics can tell a notified wake-up from a poll.
   */
  notified(): void {
    if (!this.running) return;
    this.notifyWakeups += 1;
    this.opts.metrics?.inc('utbyte_indexer_notify_wakeups_total');
    this.kick();
  }

  /** Finishes the batches in progress, then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick(true);
    await Promise.all(this.loops);
    this.loops = [];
  }
}

/** Outbox length and the age of its oldest row, for /readyz and /metrics. */
export async function outboxLag(em: EntityManager): Promise<{ length: number; oldestAgeSeconds: number; failing: number }> {
  const [row] = await em.execute<{ length: number; age: number; failing: number }[]>(
    `select count(*)::int as length, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as age,
       count(*) filter (where attempts > 0)::int as failing from search_outbox`,
  );
  return { length: Number(row.length), oldestAgeSeconds: Math.max(0, Number(row.age)), failing: Number(row.failing) };
}
