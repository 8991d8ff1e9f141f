// The outbox under stress: Meilisearch down during a burst of writes, two indexers
// draining at once, and a full rebuild swapped in while searches keep running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedMeilisearch } from '../server/src/core/embedded/meilisearch';
import { SearchIndexer, type BatchResult, type DrainOptions } from '../server/src/core/search/indexer';
import { createLogger } from '../server/src/core/logger';
import type { SearchDocument } from '../server/src/modules/search/search-document';
import { UPDATE, publishedCase, transition } from './helpers/cases';
import { tokenFor, tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import type { TestSystem } from './helpers/system';
import { fromGlobalId } from '../server/src/core/relay/global-id';

const fromGlobal = (id: string) => fromGlobalId(id)!.key;

const SEARCH = `query($query: String, $first: Int) { search(query: $query, first: $first) { totalCount edges { node { id } } } }`;

/** The index's (id, updatedAt) pairs against the database's published cases: equal means converged. */
async function compareWithDatabase(t: TestSystem) {
  const rows = await t.sql<{ id: string; ms: string }>(`select id, (extract(epoch from updated_at) * 1000)::bigint::text as ms from practice_case where status = 'PUBLISHED'`);
  const docs = await t.system.search.client.index(t.system.search.indexUid).getDocuments<{ id: string; updatedAt: number }>({ fields: ['id', 'updatedAt'], limit: 10_000 });
  return {
    database: rows.map((r) => `${r.id}@${r.ms}`).sort(),
    index: docs.results.map((d) => `${d.id}@${d.updatedAt}`).sort(),
  };
}

describe('Meilisearch stopped during 200 writes, then restarted', () => {
  let dir: string;
  let meili: EmbeddedMeilisearch;

  // This block's own Meilisearch starts before the system and stops after it (hooks run in the order declared).
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'utbyte-search-outage-'));
    meili = new EmbeddedMeilisearch({ dataDir: dir, bin: process.env.MEILI_BIN });
    await meili.start();
  });
  const { t } = useTestSystem(() => ({ meiliUrl: meili.url, meiliMasterKey: meili.masterKey, inProcessIndexer: false }));
  afterAll(async () => {
    await meili?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes succeed, search says SEARCH_UNAVAILABLE, nothing is lost, and the index converges to exactly the database', async () => {
    const editor = await tokenFor(t, 'EDITOR', '0884');
    const reviewer = await tokenFor(t, 'REVIEWER');
    const live: { id: string; version: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await publishedCase(t, editor, reviewer, { title: `Före avbrottet ${i}` });
      live.push({ id: c.id, version: c.version });
    }
    await t.system.search.indexer.drain();
    expect((await compareWithDatabase(t)).index).toHaveLength(10);

    await meili.stop();

    let writes = 0;
    let failedDrains = 0;
    for (let round = 0; writes < 200; round++) {
      if (round % 12 === 11 && live.length > 3) {
        // Archive one: its document must disappear once Meilisearch is back.
        const victim = live.shift()!;
        const archived = await t.data(transition('archive'), { input: { id: victim.id, expectedVersion: victim.version } }, { token: editor });
        expect(archived.archivePracticeCase.userErrors).toEqual([]);
        writes += 1;
      } else if (round % 12 === 5) {
        const c = await publishedCase(t, editor, reviewer, { title: `Under avbrottet ${round}` });
        writes += 3;
        live.push({ id: c.id, version: c.version });
      } else {
        const target = live[round % live.length];
        const saved = await t.data(UPDATE, { input: { id: target.id, expectedVersion: target.version, title: `Uppdaterad ${round}` } }, { token: editor });
        writes += 1;
        const u = saved.updatePracticeCase.practiceCase;
        expect(u).not.toBeNull();
        target.version = u.version;
      }
      if (round % 40 === 0) {
        const attempt = await t.system.search.indexer.drain();
        failedDrains += attempt.failures;
        expect(attempt.upserted + attempt.deleted).toBe(0);
      }
    }
    expect(writes).toBeGreaterThanOrEqual(200);
    expect(failedDrains).toBeGreaterThan(0);

    // Search reports the outage; everything else keeps working.
    const down = await t.gql(SEARCH, { query: 'uppdaterad' });
    expect(down.errors?.[0].extensions?.code).toBe('SEARCH_UNAVAILABLE');
    const list = await t.data(`{ practiceCases(first: 5) { totalCount } }`);
    const [published] = await t.sql(`select count(*)::int as n from practice_case where status = 'PUBLISHED'`);
    expect(list.practiceCases.totalCount).toBe(published.n);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    // Failed attempts are recorded on the rows, which stay in the outbox.
    const [pending] = await t.sql(`select count(*)::int as n, count(*) filter (where attempts > 0 and last_error is not null)::int as failed from search_outbox`);
    expect(pending.n).toBeGreaterThan(0);
    expect(pending.failed).toBeGreaterThan(0);

    meili = new EmbeddedMeilisearch({ dataDir: dir, port: meili.port, bin: process.env.MEILI_BIN });
    await meili.start();
    const caughtUp = await t.system.search.indexer.drain({ includeDelayed: true });
    expect(caughtUp.failures).toBe(0);

    const { database, index } = await compareWithDatabase(t);
    expect(index).toEqual(database);
    const [left] = await t.sql(`select count(*)::int as n from search_outbox`);
    expect(left.n).toBe(0);
    const up = await t.data(SEARCH, { query: null, first: 1 });
    expect(up.search.totalCount).toBe(database.length);
  });
});

describe('with the shared test Meilisearch', () => {
  const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) => tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] }));

  class RecordingIndexer extends SearchIndexer<SearchDocument> {
    readonly done: string[] = [];
    override async runBatch(options?: DrainOptions & { wait?: boolean }): Promise<BatchResult> {
      const r = await super.runBatch(options);
      this.done.push(...r.rowIds.filter((id) => !r.failedRowIds.includes(id)));
      return r;
    }
  }
  const indexer = () =>
    new RecordingIndexer({
      orm: t.system.orm,
      client: t.system.search.client,
      indexUid: t.system.search.indexUid,
      source: t.system.search.source,
      log: createLogger('silent'),
      batchSize: 3,
    });

  test('two indexers in parallel take every outbox row exactly once', async () => {
    for (let i = 0; i < 24; i++) await publishedCase(t, actors.editor, actors.reviewer, { title: `Parallellfall ${i}` });
    // And one case changed twice, so both indexers may hold rows for the same document.
    const twice = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Ändras två gånger' });
    const once = await t.data(UPDATE, { input: { id: twice.id, expectedVersion: twice.version, title: 'Ändrad en gång' } }, { token: actors.editor });
    await t.data(UPDATE, { input: { id: twice.id, expectedVersion: once.updatePracticeCase.practiceCase.version, title: 'Ändrad två gånger' } }, { token: actors.editor });
    const queued = (await t.sql<{ id: string }>(`select id::text from search_outbox order by id`)).map((r) => r.id);
    expect(queued.length).toBe(27);

    const a = indexer();
    const b = indexer();
    await Promise.all([a.drain(), b.drain()]);
    expect(a.done.length).toBeGreaterThan(0);
    expect(b.done.length).toBeGreaterThan(0);
    expect(a.done.filter((id) => b.done.includes(id))).toEqual([]);
    expect([...a.done, ...b.done].sort()).toEqual([...queued].sort());
    const { database, index } = await compareWithDatabase(t);
    expect(index).toEqual(database);
    const titles = (await t.data(`query { search(query: "ändrad två gånger", first: 5) { edges { node { title } } } }`)).search.edges.map((e: { node: { title: string } }) => e.node.title);
    expect(titles).toContain('Ändrad två gånger');
  });

  test('a document Meilisearch refuses is retried with backoff and recorded, without holding back its batch', async () => {
    await t.system.search.indexer.drain();
    const bad = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Trasiga koordinater' });
    const good = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Hela koordinater' });
    // A latitude Meilisearch rejects (not a number), as if the place data were corrupt.
    await t.sql(`update practice_case set places = '[{"name":"Fel","latitude":"norr","longitude":15,"municipalityCode":"0884","resolved":false}]' where id = $1`, [fromGlobal(bad.id)]);
    const first = await t.system.search.indexer.drain();
    expect(first.failures).toBe(1);
    expect(first.upserted).toBe(1);
    const rows = await t.sql(`select entity_id, attempts, last_error, available_at >= created_at + interval '1 second' as delayed from search_outbox`);
    expect(rows).toEqual([{ entity_id: fromGlobal(bad.id), attempts: 1, last_error: expect.stringMatching(/latitude/i), delayed: true }]);
    const hits = async (q: string) => (await t.data(SEARCH, { query: q, first: 5 })).search.totalCount;
    expect(await hits('hela koordinater')).toBe(1);
    expect(await hits('trasiga koordinater')).toBe(0);

    // Once the data is repaired the row goes through on its next attempt.
    await t.sql(`update practice_case set places = '[]' where id = $1`, [fromGlobal(bad.id)]);
    const second = await t.system.search.indexer.drain({ includeDelayed: true });
    expect(second.failures).toBe(0);
    expect(await hits('trasiga koordinater')).toBe(1);
    expect(await t.sql(`select * from search_outbox`)).toEqual([]);
    void good;
  });

  test('reindex rebuilds from PostgreSQL and swaps while searches keep answering', async () => {
    for (let i = 0; i < 8; i++) await publishedCase(t, actors.editor, actors.reviewer, { title: `Ombyggnadsfall ${i}` });
    await t.system.search.indexer.drain();
    // What a crashed earlier rebuild would leave behind.
    await t.system.search.client.createIndex(`${t.system.search.indexUid}_rebuild_crashed`).waitTask();
    const { database } = await compareWithDatabase(t);
    // Damage the live index behind the outbox's back; a rebuild must repair it.
    const live = t.system.search.client.index(t.system.search.indexUid);
    const removed = database.slice(0, 5).map((s) => s.split('@')[0]);
    await live.deleteDocuments(removed).waitTask();
    expect((await compareWithDatabase(t)).index).toHaveLength(database.length - 5);

    let searching = true;
    const answers: number[] = [];
    const errors: unknown[] = [];
    const searches = (async () => {
      while (searching) {
        const res = await t.gql(SEARCH, { query: null, first: 1 });
        if (res.errors) errors.push(res.errors);
        else answers.push(res.data.search.totalCount);
      }
    })();
    const result = await t.system.search.reindex();
    searching = false;
    await searches;

    expect(errors).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    // Every answer came from a whole index: the damaged one or the rebuilt one, never a half-built one.
    expect(answers.every((n) => n === database.length - 5 || n === database.length)).toBe(true);
    expect(result.documents).toBe(database.length);
    expect((await compareWithDatabase(t)).index).toEqual(database);
    const after = await t.data(SEARCH, { query: null, first: 1 });
    expect(after.search.totalCount).toBe(database.length);
    const indexes = await t.system.search.client.getRawIndexes({ limit: 1000 });
    expect(indexes.results.map((i) => i.uid).filter((uid) => uid.startsWith(t.system.search.indexUid))).toEqual([t.system.search.indexUid]);
    // The settings went with the rebuilt index.
    expect((await live.getSettings()).synonyms?.['iop']).toEqual(['idéburet offentligt partnerskap']);
  });
});
