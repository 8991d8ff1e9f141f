// The running indexer keeps several batches in flight: rows committed while one batch
// waits for its Meilisearch task are claimed and enqueued behind it (issue 17's
// freshness under write load), yet a newer version of a document still lands last.
// Meilisearch is the shared test instance; only the wait for a task's end is held back,
// by a gate the test opens, so "in flight" lasts as long as the test needs.
import { SearchIndexer } from '../server/src/core/search/indexer';
import type { SearchClient } from '../server/src/core/search/client';
import { createLogger } from '../server/src/core/logger';
import type { SearchDocument } from '../server/src/modules/search/search-document';
import { fromGlobalId } from '../server/src/core/relay/global-id';
import { UPDATE, publishedCase } from './helpers/cases';
import { tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';

const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) => tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] }));

/** The real client, except that every task's waitTask holds until open() is called; enqueued lists each task's document ids. */
function gatedClient(real: SearchClient) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const enqueued: string[][] = [];
  type Index = ReturnType<SearchClient['index']>;
  const gateIndex = (index: Index): Index =>
    new Proxy(index, {
      get(target, prop, receiver) {
        if (prop !== 'addDocuments') return Reflect.get(target, prop, receiver) as unknown;
        return (docs: { id: string }[], options?: Parameters<Index['addDocuments']>[1]) => {
          const task = target.addDocuments(docs, options);
          enqueued.push(docs.map((d) => d.id));
          // waitTask is a read-only property of the returned promise: wrap a copy.
          return Object.assign(task.then((e) => e), {
            waitTask: async (o?: Parameters<typeof task.waitTask>[0]) => {
              await opened;
              return task.waitTask(o);
            },
          });
        };
      },
    });
  const client = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'index') return (uid: string) => gateIndex(target.index(uid));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { client, enqueued, open: () => open() };
}

/** Polls a condition that the indexer's background work should make true; a bounded wait, not a timing assert. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let stopIndexer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopIndexer?.();
  stopIndexer = undefined;
});

async function startGated() {
  await t.system.search.indexer.drain();
  const gate = gatedClient(t.system.search.client);
  const indexer = new SearchIndexer<SearchDocument>({
    orm: t.system.orm,
    client: gate.client,
    indexUid: t.system.search.indexUid,
    source: t.system.search.source,
    log: createLogger('silent'),
    pollMs: 50,
  });
  indexer.start();
  stopIndexer = async () => {
    gate.open();
    await indexer.stop();
  };
  return gate;
}

async function update(c: { id: string; version: number }, title: string) {
  const saved = await t.data(UPDATE, { input: { id: c.id, expectedVersion: c.version, title } }, { token: actors.editor });
  const u = saved.updatePracticeCase.practiceCase as { id: string; version: number };
  c.version = u.version;
}

const outboxEmpty = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from search_outbox`))[0].n === 0;

async function indexedTitle(id: string): Promise<string> {
  const doc = await t.system.search.client.index(t.system.search.indexUid).getDocument<{ title: string }>(fromGlobalId(id)!.key, { fields: ['title'] });
  return doc.title;
}

test('a publish committed while a batch waits for Meilisearch is enqueued before that task finishes', async () => {
  const a = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Först i kön' });
  const b = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Sedan i kön' });
  const gate = await startGated();

  await update(a, 'Först i kön, ändrad');
  await until('the first task enqueued', () => gate.enqueued.length === 1);
  await update(b, 'Sedan i kön, ändrad');
  // The first task has not been allowed to finish: one batch at a time never gets here.
  await until('a second task enqueued while the first is in flight', () => gate.enqueued.length === 2);
  expect(gate.enqueued).toEqual([[fromGlobalId(a.id)!.key], [fromGlobalId(b.id)!.key]]);

  gate.open();
  await until('the outbox drained', outboxEmpty);
  expect(await indexedTitle(a.id)).toBe('Först i kön, ändrad');
  expect(await indexedTitle(b.id)).toBe('Sedan i kön, ändrad');
});

test('a document changed again while its task is in flight waits for that task, so the newer version lands last', async () => {
  const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Version ett' });
  const gate = await startGated();
  const waitingOnAdvisoryLock = async () =>
    (await t.sql<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`))[0].n > 0;

  await update(c, 'Version två');
  await until('the first task enqueued', () => gate.enqueued.length === 1);
  await update(c, 'Version tre');
  // A second worker has claimed the newer row and waits on the document's lock, not sending anything.
  await until('a second batch waiting for the document', waitingOnAdvisoryLock);
  expect(gate.enqueued).toHaveLength(1);

  gate.open();
  await until('the outbox drained', outboxEmpty);
  expect(gate.enqueued).toHaveLength(2);
  expect(await indexedTitle(c.id)).toBe('Version tre');
  const [row] = await t.sql<{ ms: string }>(`select (extract(epoch from updated_at) * 1000)::bigint::text as ms from practice_case where id = $1`, [fromGlobalId(c.id)!.key]);
  const doc = await t.system.search.client.index(t.system.search.indexUid).getDocument<{ updatedAt: number }>(fromGlobalId(c.id)!.key, { fields: ['updatedAt'] });
  expect(String(doc.updatedAt)).toBe(row.ms);
});
