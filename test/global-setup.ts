// Starts one real PostgreSQL and one real Meilisearch for the whole jest run (unless
// TEST_DATABASE_URL / TEST_MEILI_URL point at running ones). Each test file then gets
// its own database and its own index prefix (test/helpers/system.ts), so files can
// run in parallel without seeing each other's data.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedMeilisearch } from '../server/src/core/embedded/meilisearch';
import { EmbeddedPostgres } from '../server/src/core/embedded/postgres';

declare global {
  var __utbyteTestServices: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'utbyte-test-'));
  const started: { stop(): Promise<void> }[] = [];
  process.env.UTBYTE_TEST_DATA_DIR = dataDir;
  const jobs: Promise<void>[] = [];
  if (!process.env.TEST_DATABASE_URL) {
    // Throwaway cluster: durability settings off for speed.
    const pg = new EmbeddedPostgres({ dataDir, database: 'postgres', settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    started.push(pg);
    jobs.push(pg.start().then(() => void (process.env.TEST_DATABASE_URL = pg.urlFor('postgres'))));
  }
  if (!process.env.TEST_MEILI_URL) {
    const meili = new EmbeddedMeilisearch({ dataDir, bin: process.env.MEILI_BIN });
    started.push(meili);
    jobs.push(meili.start().then(() => {
      process.env.TEST_MEILI_URL = meili.url;
      process.env.TEST_MEILI_MASTER_KEY = meili.masterKey;
    }));
  }
  globalThis.__utbyteTestServices = { stop: async () => void (await Promise.allSettled(started.map((s) => s.stop()))) };
  try {
    await Promise.all(jobs);
  } catch (err) {
    await globalThis.__utbyteTestServices.stop();
    throw err;
  }
}
