// Does the live search index belong to this database? After a rebuild the index is
// "marked": a document in a small meta index records the id of the database it was
// built from (core/db/database-identity.entity.ts) and the creation time of the index
// itself. At start and from /readyz the server compares: an index that was deleted
// and created again, that is empty while the database has published cases, or that
// was built from another database is rebuilt automatically (reindex.ts, with the swap),
// and /readyz says "rebuilding" meanwhile instead of answering 200 with 0 hits.
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { databaseId } from '../db/database-identity.entity';
import type { Logger } from '../logger';
import { apiErrorCode, isUnreachable, runTask, type SearchClient } from './client';
import type { DocumentSource } from './indexer';

/** The marker document: which database built the index, and which index it was. */
export interface IndexMarker {
  id: string;
  databaseId: string;
  /** createdAt of the live index right after the build; another value means it was replaced since. */
  indexCreatedAt: string;
  builtAt: string;
}

export interface IndexFacts {
  /** null: no such index. */
  index: { createdAt: string; documents: number } | null;
  marker: IndexMarker | null;
  databaseId: string;
  /** Documents the database says the index should hold. */
  expectedDocuments: number;
  /** Distinct objects waiting in the search outbox: the indexer is about to write them. */
  pending: number;
}

export type MismatchReason = 'missing' | 'foreign' | 'replaced' | 'empty' | 'unmarked';
export type IndexVerdict = { matches: true; claim: boolean } | { matches: false; reason: MismatchReason };

/**
 * Pure: what the facts say. `claim` means an empty index for an empty database that
 * nobody has marked yet (a first start): mark it, nothing to rebuild.
 */
export function judgeIndex(f: IndexFacts): IndexVerdict {
  if (!f.index) return { matches: false, reason: 'missing' };
  if (f.marker && f.marker.databaseId !== f.databaseId) return { matches: false, reason: 'foreign' };
  // Empty with a backlog that covers it (a bulk import, an outage) is the indexer's job, not a rebuild's.
  if (f.index.documents === 0 && f.expectedDocuments > f.pending) return { matches: false, reason: 'empty' };
  if (!f.marker) return f.index.documents === 0 ? { matches: true, claim: true } : { matches: false, reason: 'unmarked' };
  if (f.marker.indexCreatedAt !== f.index.createdAt) return { matches: false, reason: 'replaced' };
  return { matches: true, claim: false };
}

export interface IndexIdentityOptions {
  orm: MikroORM;
  client: SearchClient;
  indexUid: string;
  /** The meta index holding one marker per index of this installation. */
  metaIndexUid: string;
  source: Pick<DocumentSource<{ id: string }>, 'count'>;
}

const notFound = (err: unknown) => apiErrorCode(err) === 'index_not_found';
const markerId = (indexUid: string) => indexUid.replace(/[^A-Za-z0-9_-]/g, '_');

async function readMarker(o: IndexIdentityOptions): Promise<IndexMarker | null> {
  try {
    return await o.client.index(o.metaIndexUid).getDocument<IndexMarker>(markerId(o.indexUid));
  } catch (err) {
    const code = apiErrorCode(err);
    if (code === 'document_not_found' || code === 'index_not_found') return null;
    throw err;
  }
}

function nullIfNotFound(err: unknown): null {
  if (notFound(err)) return null;
  throw err;
}

export async function gatherIndexFacts(o: IndexIdentityOptions, em: EntityManager = o.orm.em.fork()): Promise<IndexFacts> {
  const meili = Promise.all([
    o.client.getRawIndex(o.indexUid).catch(nullIfNotFound),
    o.client.index(o.indexUid).getStats().catch(nullIfNotFound),
    readMarker(o),
  ]);
  meili.catch(() => undefined);
  // One statement at a time: `em` may be a transaction's, on one connection.
  const id = await databaseId(em);
  const expectedDocuments = await o.source.count(em);
  const [{ pending }] = await em.execute<{ pending: number }[]>(`select count(distinct (entity_type, entity_id))::int as pending from search_outbox`);
  const [raw, stats, marker] = await meili;
  const index = raw && stats ? { createdAt: String(raw.createdAt), documents: stats.numberOfDocuments } : null;
  return { index, marker, databaseId: id, expectedDocuments, pending: Number(pending) };
}

/** Records that the live index is this database's, as it is now. Call right after a build. */
export async function markIndex(o: IndexIdentityOptions, em: EntityManager = o.orm.em.fork()): Promise<IndexMarker> {
  const raw = await o.client.getRawIndex(o.indexUid);
  const marker: IndexMarker = { id: markerId(o.indexUid), databaseId: await databaseId(em), indexCreatedAt: String(raw.createdAt), builtAt: new Date().toISOString() };
  await runTask(o.client.index(o.metaIndexUid).addDocuments([marker], { primaryKey: 'id' }));
  return marker;
}

/**
 * Runs `work` holding the database-wide lock that every full rebuild takes (the
 * searchRebuild advisory lock): servers checking at once, `reindex` and `restore` take turns.
 */
export type RebuildLock = <T>(work: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

export interface EnsureOptions extends IndexIdentityOptions {
  log: Logger;
  lock: RebuildLock;
  /** The full rebuild with the swap, run under `lock`; it must mark the index when done (reindex() does). */
  rebuild: () => Promise<{ documents: number }>;
  /** Stops waiting for the lock (shutdown). */
  signal?: AbortSignal;
  /** Told when a rebuild starts, so /readyz can say so. */
  onRebuild?: (reason: MismatchReason) => void;
}

export type EnsureResult = { verdict: IndexVerdict; rebuilt: false } | { verdict: IndexVerdict; rebuilt: true; documents: number };

/**
 * Checks the live index against the database and rebuilds it when it does not match.
 * Processes take turns through the rebuild lock, and each checks again once it holds
 * it, so one rebuild serves them all; what another process saw halfway through a
 * rebuild (the swap done, the marker not yet written) is judged again after it.
 * The lock is a session lock on a connection of its own: a rebuild takes minutes at
 * national scale, too long to keep a transaction (and a pooled connection) open.
 */
export async function ensureIndexMatchesDatabase(o: EnsureOptions): Promise<EnsureResult> {
  const first = judgeIndex(await gatherIndexFacts(o));
  if (first.matches && !first.claim) return { verdict: first, rebuilt: false };
  return o.lock(async () => {
    const verdict = judgeIndex(await gatherIndexFacts(o));
    if (verdict.matches) {
      if (verdict.claim) await markIndex(o);
      return { verdict, rebuilt: false };
    }
    o.log.warn({ index: o.indexUid, reason: verdict.reason }, 'the search index does not match the database; rebuilding it');
    o.onRebuild?.(verdict.reason);
    const { documents } = await o.rebuild();
    o.log.info({ index: o.indexUid, reason: verdict.reason, documents }, 'search index rebuilt');
    return { verdict, rebuilt: true, documents };
  }, o.signal);
}

export type IndexState = 'checking' | 'ready' | 'rebuilding' | 'failed' | 'conflict';

export interface IndexGuardOptions extends IndexIdentityOptions {
  log: Logger;
  lock: RebuildLock;
  /** The rebuild itself, without the lock (the guard holds it while this runs). */
  rebuild: (signal: AbortSignal) => Promise<{ documents: number }>;
  /** /readyz looks again at most this often (ms). */
  recheckMs?: number;
}

/**
 * The server's view of its index for /readyz: checked at start, again from /readyz at
 * most every recheckMs, and rebuilt in the background when it does not match. A
 * second "foreign" verdict after our own rebuild means two installations write to
 * one index (a shared INDEX_PREFIX); rebuilding again would only start a tug of war,
 * so that is reported as "conflict" and left to a person.
 */
export class SearchIndexGuard {
  state: IndexState = 'checking';
  /** Why the index is being rebuilt (or, in conflict, was found wrong). */
  reason?: MismatchReason;
  lastRebuild?: { reason: MismatchReason; startedAt: string; finishedAt?: string; documents?: number };
  private running?: Promise<void>;
  private checkedAt = 0;
  private foreignRebuilds = 0;
  private readonly abort = new AbortController();

  constructor(private readonly o: IndexGuardOptions) {}

  /** Checks the index; a mismatch starts a rebuild in the background (`settled()` waits for it). */
  async start(): Promise<IndexVerdict | undefined> {
    let verdict: IndexVerdict;
    try {
      verdict = judgeIndex(await gatherIndexFacts(this.o));
    } catch (err) {
      this.fail(err);
      return undefined;
    }
    this.checkedAt = Date.now();
    if (verdict.matches && !verdict.claim) this.state = 'ready';
    else if (!verdict.matches && this.state !== 'conflict') [this.state, this.reason] = ['rebuilding', verdict.reason];
    if (this.state !== 'conflict' && (!verdict.matches || verdict.claim)) {
      this.running ??= this.ensure().finally(() => (this.running = undefined));
      if (verdict.matches) await this.running;
    }
    return verdict;
  }

  /** Resolves when no check or rebuild is in progress. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async ensure(): Promise<void> {
    try {
      const result = await ensureIndexMatchesDatabase({
        ...this.o,
        rebuild: () => this.o.rebuild(this.abort.signal),
        signal: this.abort.signal,
        onRebuild: (reason) => this.rebuilding(reason),
      });
      this.checkedAt = Date.now();
      this.state = 'ready';
      this.reason = undefined;
      if (result.rebuilt && this.lastRebuild) Object.assign(this.lastRebuild, { finishedAt: new Date().toISOString(), documents: result.documents });
    } catch (err) {
      if (this.abort.signal.aborted || this.state === 'conflict') return;
      this.fail(err);
    }
  }

  private rebuilding(reason: MismatchReason): void {
    if (reason === 'foreign' && this.foreignRebuilds++ > 0) {
      this.state = 'conflict';
      this.o.log.error({ index: this.o.indexUid }, 'another database keeps writing to this search index; give each installation its own INDEX_PREFIX, then run reindex');
      throw new Error('search index conflict');
    }
    [this.state, this.reason] = ['rebuilding', reason];
    this.lastRebuild = { reason, startedAt: new Date().toISOString() };
  }

  private fail(err: unknown): void {
    this.checkedAt = Date.now();
    this.state = 'failed';
    // Meilisearch being down is reported by its own check; this says why search is not ready.
    const level = isUnreachable(err) ? 'warn' : 'error';
    this.o.log[level]({ index: this.o.indexUid, err: err instanceof Error ? err.message : String(err) }, 'could not check or rebuild the search index');
  }

  /** For /readyz: ready only when the index is known to match the database. */
  async readiness(): Promise<Record<string, unknown>> {
    const due = Date.now() - this.checkedAt >= (this.o.recheckMs ?? 10_000);
    if (due && !this.running && this.state !== 'conflict' && !this.abort.signal.aborted) await this.start();
    return { ok: this.state === 'ready', state: this.state, ...(this.reason ? { reason: this.reason } : {}), ...(this.lastRebuild ? { lastRebuild: this.lastRebuild } : {}) };
  }

  /** Stops a rebuild between pages (shutdown); the live index stays as it was. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }
}
