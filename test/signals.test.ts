// Two systems on one database stand for two processes (each its own ORM, pool and
// listening connection): what one commits reaches the other through PostgreSQL's
// LISTEN/NOTIFY (server/src/core/db/notifications.ts) instead of a poll or a TTL.
// The writer runs no indexer; the reader runs one, sharing the writer's search index.
// Not on useTestSystem: two systems, the reader on the writer's database, which useTestSystem's fixed options cannot name.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceCache } from '../server/src/modules/geo/reference-cache';
import { REFERENCE_DATA_DIR, importReferenceData } from '../server/src/seed/reference-data';
import { tokensFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { startTestSystem, type TestSystem } from './helpers/system';

let writer: TestSystem;
let reader: TestSystem;
let actors: { editor: string; reviewer: string };
let editedDir: string;

beforeAll(async () => {
  const indexPrefix = `s${randomBytes(4).toString('hex')}_`;
  writer = await startTestSystem({ inProcessIndexer: false, indexPrefix });
  reader = await startTestSystem({ inProcessIndexer: true, indexPrefix }, { database: new URL(writer.databaseUrl).pathname.slice(1) });
  actors = await tokensFor(writer, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  editedDir = mkdtempSync(join(tmpdir(), 'utbyte-signals-'));
  cpSync(REFERENCE_DATA_DIR, editedDir, { recursive: true });
  const themes = join(editedDir, 'themes.csv');
  const before = readFileSync(themes, 'utf8');
  writeFileSync(themes, before.replace('Non-profit public partnership (IOP)', 'Public–civic partnership (IOP)'));
  expect(readFileSync(themes, 'utf8')).not.toBe(before);
});

afterAll(async () => {
  await reader?.stop({ keepDatabase: true });
  await writer?.stop();
  if (editedDir) rmSync(editedDir, { recursive: true, force: true });
});

/** Polls `check` until it returns true; fails after 15 s with `what`. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const searchable = async (t: TestSystem, title: string) => {
  const d = await t.data<{ search: { edges: { node: { title: string } }[] } }>(`query($q: String) { search(query: $q, first: 10) { edges { node { title } } } }`, { q: title });
  return d.search.edges.some((e) => e.node.title === title);
};

/** Publishes through the writer and waits until the reader's search finds it; returns the reader's notified wake-ups meanwhile. */
async function publishAndSearch(title: string): Promise<number> {
  const indexer = reader.system.search.indexer;
  const before = indexer.notifyWakeups;
  await publishedCase(writer, actors.editor, actors.reviewer, { title });
  await until(`"${title}" to be searchable through the reader`, () => searchable(reader, title));
  return indexer.notifyWakeups - before;
}

test('a case published through one process wakes the indexer of another, which indexes it', async () => {
  expect(await publishAndSearch('Läxhjälp på lördagar i Vimmerby')).toBeGreaterThan(0);
});

test('a theme renamed by an import in one process is served renamed by the other at once', async () => {
  const theme = `{ theme(slug: "iop") { labelEn } }`;
  expect(await reader.data(theme)).toEqual({ theme: { labelEn: 'Non-profit public partnership (IOP)' } });
  const cache = referenceCache(reader.system.orm.em);
  const dropped = cache.invalidations;
  const counts = await importReferenceData(writer.system.orm.em.fork(), editedDir);
  expect(counts.changedThemes).toEqual(['iop']);
  // Well inside the 60 s TTL: only the notification can have dropped the reader's cache.
  await until("the reader's reference cache to be dropped", () => cache.invalidations > dropped);
  expect(await reader.data(theme)).toEqual({ theme: { labelEn: 'Public–civic partnership (IOP)' } });
});

test('the listening connection, terminated by the server, reconnects and still wakes the indexer', async () => {
  const signals = reader.system.signals;
  const pid = signals.backendPid;
  expect(pid).toEqual(expect.any(Number));
  const connects = signals.connects;
  await writer.sql('select pg_terminate_backend($1)', [pid]);
  await until('the listener to reconnect', () => signals.connects > connects);
  expect(signals.backendPid).not.toBe(pid);
  expect(await publishAndSearch('Cykelverkstad vid stationen')).toBeGreaterThan(0);
});
