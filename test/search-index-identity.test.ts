// An index that does not belong to the database must not look ready: deleted,
// emptied, or built from another database, it is found at start (or from /readyz)
// and rebuilt with the swap while /readyz says "rebuilding".
// Not on useTestSystem: each test stops and restarts systems on a kept database to see what a fresh start finds.
import { randomBytes } from 'node:crypto';
import { judgeIndex, type IndexFacts } from '../server/src/core/search/index-identity';
import { sleep } from '../server/src/core/embedded/process';
import { createLogger } from '../server/src/core/logger';
import { tokenFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { startTestSystem, type TestSystem } from './helpers/system';

describe('judgeIndex', () => {
  const marker = { id: 'x', databaseId: 'db-1', indexCreatedAt: '2026-01-01T00:00:00Z', builtAt: '2026-01-01T00:00:01Z' };
  const facts = (over: Partial<IndexFacts>): IndexFacts => ({
    index: { createdAt: marker.indexCreatedAt, documents: 3 },
    marker,
    databaseId: 'db-1',
    expectedDocuments: 3,
    pending: 0,
    ...over,
  });

  test('an index built from this database, as it was built, matches', () => {
    expect(judgeIndex(facts({}))).toEqual({ matches: true, claim: false });
    // Lag of the outbox is not a mismatch: counts may differ for a moment.
    expect(judgeIndex(facts({ expectedDocuments: 4 }))).toEqual({ matches: true, claim: false });
  });

  test('missing, foreign, replaced, empty and unmarked indexes do not', () => {
    expect(judgeIndex(facts({ index: null }))).toEqual({ matches: false, reason: 'missing' });
    expect(judgeIndex(facts({ databaseId: 'db-2' }))).toEqual({ matches: false, reason: 'foreign' });
    expect(judgeIndex(facts({ index: { createdAt: '2026-02-01T00:00:00Z', documents: 3 } }))).toEqual({ matches: false, reason: 'replaced' });
    expect(judgeIndex(facts({ index: { createdAt: marker.indexCreatedAt, documents: 0 } }))).toEqual({ matches: false, reason: 'empty' });
    expect(judgeIndex(facts({ marker: null }))).toEqual({ matches: false, reason: 'unmarked' });
  });

  test('an empty index with a backlog in the outbox that covers it is left to the indexer', () => {
    const empty = { createdAt: marker.indexCreatedAt, documents: 0 };
    expect(judgeIndex(facts({ index: empty, pending: 3 }))).toEqual({ matches: true, claim: false });
    expect(judgeIndex(facts({ index: empty, pending: 2 }))).toEqual({ matches: false, reason: 'empty' });
  });

  test('an empty unmarked index for a database without published cases is claimed, not rebuilt', () => {
    expect(judgeIndex(facts({ marker: null, index: { createdAt: 'now', documents: 0 }, expectedDocuments: 0 }))).toEqual({ matches: true, claim: true });
  });
});

const SEARCH = `query($query: String) { search(query: $query, first: 1) { totalCount } }`;

async function readyz(t: TestSystem) {
  const res = await fetch(`${t.baseUrl}/readyz`);
  return { status: res.status, search: ((await res.json()) as { checks: Record<string, any> }).checks.search };
}

/** Polls /readyz until it answers 200 (bounded), returning its search check. */
async function untilReady(t: TestSystem) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await readyz(t);
    if (r.status === 200) return r.search;
    if (Date.now() > deadline) throw new Error(`not ready: ${JSON.stringify(r)}`);
    await sleep(100);
  }
}

/** The ids in the live index against the database's published cases. */
async function indexAgainstDatabase(t: TestSystem) {
  const rows = await t.sql<{ id: string }>(`select id::text from practice_case where status = 'PUBLISHED'`);
  const docs = await t.system.search.client.index(t.system.search.indexUid).getDocuments<{ id: string }>({ fields: ['id'], limit: 1000 });
  return { database: rows.map((r) => r.id).sort(), index: docs.results.map((d) => d.id).sort() };
}

async function withCases(t: TestSystem, word: string, n: number): Promise<void> {
  const editor = await tokenFor(t, 'EDITOR', '0884');
  const reviewer = await tokenFor(t, 'REVIEWER');
  for (let i = 0; i < n; i++) await publishedCase(t, editor, reviewer, { title: `${word} ${i}` });
  await t.system.search.indexer.drain();
}

describe('an index that does not belong to the database is rebuilt', () => {
  const prefix = `tid${randomBytes(4).toString('hex')}_`;
  const stopped: { database: string }[] = [];
  const running: TestSystem[] = [];
  const start = async (database?: string, indexPrefix = prefix) => {
    const t = await startTestSystem({ indexPrefix }, { database });
    running.push(t);
    return t;
  };
  const stop = async (t: TestSystem) => {
    running.splice(running.indexOf(t), 1);
    await t.stop({ keepDatabase: true });
    const database = new URL(t.databaseUrl).pathname.slice(1);
    stopped.push({ database });
    return database;
  };

  afterAll(async () => {
    for (const t of running) await t.stop({ keepDatabase: true });
    // The databases were kept between starts; drop them through a last system.
    const last = await startTestSystem();
    for (const { database } of stopped) await last.sql(`drop database if exists ${database} with (force)`).catch(() => undefined);
    const { results } = await last.system.search.client.getRawIndexes({ limit: 1000 });
    for (const i of results.filter((x) => x.uid.startsWith(prefix))) await last.system.search.client.deleteIndex(i.uid).waitTask();
    await last.stop();
  });

  test('(a) a deleted index: /readyz says rebuilding, then ready, and search finds the cases', async () => {
    const first = await start();
    await withCases(first, 'Raderat index', 3);
    const database = await stop(first);
    await first.system.search.client.deleteIndex(`${prefix}practice_cases`).waitTask();

    const t = await start(database);
    const early = await readyz(t);
    // The rebuild may already be done by the first request; it must never be "ready" with a wrong index.
    expect([early.status, early.search.state]).toEqual(early.status === 503 ? [503, 'rebuilding'] : [200, 'ready']);
    const search = await untilReady(t);
    expect(search).toMatchObject({ ok: true, state: 'ready', lastRebuild: { reason: 'empty', documents: 3 } });
    expect((await t.data(SEARCH, { query: 'raderat index' })).search.totalCount).toBe(3);
    const { database: inDb, index } = await indexAgainstDatabase(t);
    expect(index).toEqual(inDb);
    await stop(t);
  });

  test('(b) an index emptied while the database has published cases: 503 "rebuilding", then rebuilt', async () => {
    const t = await start(undefined, `${prefix}b_`);
    await withCases(t, 'Tömt index', 4);
    expect((await readyz(t)).status).toBe(200);
    await t.system.search.client.index(t.system.search.indexUid).deleteAllDocuments().waitTask();
    // What /readyz does every 10 s; called here so the test need not wait.
    await t.system.search.guard.start();
    const during = await readyz(t);
    expect(during.status).toBe(503);
    expect(during.search).toMatchObject({ ok: false, state: 'rebuilding', reason: 'empty' });
    await t.system.search.guard.settled();
    expect(await untilReady(t)).toMatchObject({ state: 'ready', lastRebuild: { reason: 'empty', documents: 4 } });
    expect((await t.data(SEARCH, { query: 'tömt index' })).search.totalCount).toBe(4);
    await stop(t);
  });

  test('(c) an index built from another database sharing the prefix is found foreign and rebuilt', async () => {
    const alfa = await start();
    await withCases(alfa, 'Alfafall', 2);
    const alfaDb = await stop(alfa);
    const beta = await start();
    await withCases(beta, 'Betafall', 3);
    await stop(beta);

    const t = await start(alfaDb);
    const search = await untilReady(t);
    expect(search).toMatchObject({ state: 'ready', lastRebuild: { reason: 'foreign', documents: 2 } });
    const { database, index } = await indexAgainstDatabase(t);
    expect(index).toEqual(database);
    expect((await t.data(SEARCH, { query: 'betafall' })).search.totalCount).toBe(0);
    expect((await t.data(SEARCH, { query: 'alfafall' })).search.totalCount).toBe(2);
    await stop(t);
  });

  test('rebuilds started by two processes on one database take turns instead of deleting each other’s half-built index', async () => {
    const own = `${prefix}d_`;
    const a = await start(undefined, own);
    // b's warnings are kept: it says so when it deletes a rebuild's index it takes for a leftover.
    const warnings: { msg: string; index?: string }[] = [];
    const log = createLogger('warn', { write: (line: string) => void warnings.push(JSON.parse(line) as { msg: string }) });
    const b = await startTestSystem({ indexPrefix: own }, { database: new URL(a.databaseUrl).pathname.slice(1), log });
    running.push(b);
    await withCases(a, 'Turordning', 30);
    const client = a.system.search.client;
    const building = async () => (await client.getRawIndexes({ limit: 1000 })).results.some((i) => i.uid.startsWith(`${a.system.search.indexUid}_rebuild_`));
    const first = a.system.search.reindex();
    // b starts while a's new index is being filled; before the lock, b deleted it as "left by an earlier rebuild".
    const deadline = Date.now() + 30_000;
    while (!(await building())) {
      if (Date.now() > deadline) throw new Error('the first rebuild never created its index');
      await sleep(5);
    }
    const second = b.system.search.reindex();
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.documents : String(r.reason)))).toEqual([30, 30]);
    expect(warnings.filter((w) => /left by an earlier rebuild/.test(w.msg))).toEqual([]);
    expect(await building()).toBe(false);
    const { database, index } = await indexAgainstDatabase(a);
    expect(index).toEqual(database);
    await a.system.search.guard.start();
    expect(a.system.search.guard.state).toBe('ready');
    await stop(b);
    await stop(a);
  });

  test('two databases running against one prefix are reported as a conflict instead of rebuilding forever', async () => {
    const own = `${prefix}c_`;
    const a = await start(undefined, own);
    const b = await start(undefined, own);
    expect(await untilReady(b)).toMatchObject({ lastRebuild: { reason: 'foreign' } });
    await a.system.search.guard.start();
    await a.system.search.guard.settled();
    await b.system.search.guard.start();
    await b.system.search.guard.settled();
    const r = await readyz(b);
    expect(r.status).toBe(503);
    expect(r.search.state).toBe('conflict');
    await stop(a);
    await stop(b);
  });
});
