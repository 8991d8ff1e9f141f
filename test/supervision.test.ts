// Supervision of the embedded services: the restart policy as a pure function, then
// the real thing — a system with its own embedded Meilisearch (or PostgreSQL) killed
// with SIGKILL, restarted by the supervisor, and the search outbox catching up as soon
// as Meilisearch answers again instead of when its backoff ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedMeilisearch } from '../server/src/core/embedded/meilisearch';
import { sleep } from '../server/src/core/embedded/process';
import { DEFAULT_RESTART_POLICY, restartDecision, type RestartPolicy, type Supervisor } from '../server/src/core/embedded/supervisor';
import { createLogger } from '../server/src/core/logger';
import { tokenFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { useTestSystem } from './helpers/harness';
import type { TestSystem } from './helpers/system';

const POLICY: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 1000, maxFailures: 3, windowMs: 60_000 };

describe('restartDecision', () => {
  test('backs off exponentially up to the cap', () => {
    const now = 1_000_000;
    expect(restartDecision([now], now, POLICY)).toEqual({ action: 'restart', delayMs: 100 });
    expect(restartDecision([now - 10, now], now, POLICY)).toEqual({ action: 'restart', delayMs: 200 });
    const wide = { ...POLICY, maxFailures: 10 };
    expect(restartDecision(Array.from({ length: 9 }, (_, i) => now - i), now, wide)).toEqual({ action: 'restart', delayMs: 1000 });
  });

  test('gives up after maxFailures within the window', () => {
    const now = 1_000_000;
    expect(restartDecision([now - 2, now - 1, now], now, POLICY)).toEqual({ action: 'give-up', failures: 3 });
  });

  test('failures older than the window are forgiven', () => {
    const now = 1_000_000;
    const old = [now - 120_000, now - 90_000, now - 61_000];
    expect(restartDecision([...old, now], now, POLICY)).toEqual({ action: 'restart', delayMs: 100 });
    // A service that crashes once a day is restarted every time.
    const daily = Array.from({ length: 30 }, (_, i) => now - i * 86_400_000);
    expect(restartDecision(daily, now, DEFAULT_RESTART_POLICY).action).toBe('restart');
  });
});

/** A logger that keeps every entry (the supervisor's lines are what an operator sees). */
function recordingLogger() {
  const lines: Record<string, any>[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

const readyz = async (t: TestSystem) => {
  const res = await fetch(`${t.baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, any> } };
};

function supervisorOf(t: TestSystem, name: string): Supervisor {
  const s = t.system.endpoints.supervisors.find((x) => x.name === name);
  if (!s) throw new Error(`no supervisor for ${name}`);
  return s;
}

describe('embedded Meilisearch killed with SIGKILL', () => {
  let dir: string;
  const { log, lines } = recordingLogger();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'utbyte-supervision-'));
  });
  // No meiliUrl: the system starts (and supervises) a Meilisearch of its own in `dir`.
  const { t } = useTestSystem(() => ({ meiliUrl: undefined, meiliMasterKey: undefined, dataDir: dir, meiliBin: process.env.MEILI_BIN }), undefined, { log, restartPolicy: POLICY });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('is restarted, and 500 pending outbox rows are indexed within seconds of it being healthy', async () => {
    const editor = await tokenFor(t, 'EDITOR', '0884');
    const reviewer = await tokenFor(t, 'REVIEWER');
    const { indexer } = t.system.search;
    await indexer.stop();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < 500) await publishedCase(t, editor, reviewer, { title: `Fall under avbrottet ${next++}` });
    }));
    const [{ n: pending }] = await t.sql(`select count(*)::int as n from search_outbox`);
    expect(pending).toBe(500);
    // What a long outage leaves on the rows: several failed attempts and a retry minutes
    // away (the backoff doubles per attempt). Waiting minutes for real proves nothing more.
    await t.sql(`update search_outbox set attempts = 8, last_error = 'fetch failed', available_at = now() + interval '10 minutes'`);

    const meili = supervisorOf(t, 'meilisearch');
    const oldPid = meili.pid!;
    process.kill(oldPid, 'SIGKILL');
    indexer.start();

    const restarted = await until('the restart log line', 20_000, async () => lines.find((l) => l.msg === 'embedded meilisearch restarted'));
    const healthyAt = Date.now();
    expect(lines.find((l) => l.msg === 'embedded meilisearch exited unexpectedly')).toMatchObject({ level: 50, pid: oldPid, signal: 'SIGKILL' });
    expect(restarted.pid).toBe(meili.pid);
    expect(meili.pid).not.toBe(oldPid);
    expect(meili.restarts).toBe(1);
    expect(await t.system.search.client.isHealthy()).toBe(true);

    const done = await until('all 500 rows indexed', 20_000, async () => {
      const [{ n }] = await t.sql(`select count(*)::int as n from search_outbox`);
      if (n > 0) return false;
      const stats = await t.system.search.client.index(t.system.search.indexUid).getStats();
      return stats.numberOfDocuments === 500 && Date.now();
    });
    // Printed for docs/operations.md; the deadline above is the only assertion on time.
    console.log(`500 outbox rows indexed ${done - healthyAt} ms after the restarted Meilisearch was healthy`);
    const search = await t.data(`{ search(query: "avbrottet", first: 1) { totalCount } }`);
    expect(search.search.totalCount).toBe(500);
    const ready = await readyz(t);
    expect(ready.status).toBe(200);
    expect(ready.body.checks.embedded.meilisearch).toEqual({ state: 'running', restarts: 1 });
  });

  test('gives up loudly after repeated failures: a fatal log line and /readyz 503', async () => {
    const meili = supervisorOf(t, 'meilisearch');
    // The policy allows three failures a minute; the first test's kill was one.
    for (let kill = 0; kill < 2; kill++) {
      const pid = meili.pid!;
      process.kill(pid, 'SIGKILL');
      await until('the supervisor to notice', 20_000, async () => meili.pid !== pid || meili.state === 'failed');
      if (meili.state !== 'failed') await until('the restart', 20_000, async () => meili.state === 'running');
    }
    expect(meili.state).toBe('failed');
    expect(lines.find((l) => l.msg === 'embedded meilisearch keeps failing; giving up')).toMatchObject({ level: 60, service: 'meilisearch', failures: 3 });
    const ready = await readyz(t);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.embedded.meilisearch.state).toBe('failed');
  });
});

describe('external Meilisearch back after an outage (no supervisor)', () => {
  let dir: string;
  let meili: EmbeddedMeilisearch;

  // This block's Meilisearch starts before the system and stops after it (hooks run in the order declared).
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'utbyte-probe-'));
    meili = new EmbeddedMeilisearch({ dataDir: dir, bin: process.env.MEILI_BIN });
    await meili.start();
  });
  const { t } = useTestSystem(() => ({ meiliUrl: meili.url, meiliMasterKey: meili.masterKey }));
  afterAll(async () => {
    await meili?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the indexer probes its health while rows back off, and retries them as soon as it answers', async () => {
    const editor = await tokenFor(t, 'EDITOR', '0884');
    const reviewer = await tokenFor(t, 'REVIEWER');
    await meili.stop();
    for (let i = 0; i < 5; i++) await publishedCase(t, editor, reviewer, { title: `Sondfall ${i}` });
    // The running indexer tries, fails and backs off; the rows record why.
    await until('failed attempts', 20_000, async () => (await t.sql(`select count(*)::int as n from search_outbox where attempts > 0`))[0].n === 5);
    await t.sql(`update search_outbox set available_at = now() + interval '10 minutes'`);
    meili = new EmbeddedMeilisearch({ dataDir: dir, port: meili.port, bin: process.env.MEILI_BIN });
    await meili.start();
    await until('the rows to be indexed', 20_000, async () => (await t.sql(`select count(*)::int as n from search_outbox`))[0].n === 0);
    expect((await t.data(`{ search(query: "sondfall", first: 1) { totalCount } }`)).search.totalCount).toBe(5);
  });
});

describe('embedded PostgreSQL killed with SIGKILL', () => {
  let dir: string;
  const { log, lines } = recordingLogger();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'utbyte-supervision-pg-'));
  });
  const { t } = useTestSystem(() => ({ databaseUrl: undefined, dataDir: dir }), undefined, { log, restartPolicy: POLICY, timeout: 180_000 });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('is restarted on its port and the server works again', async () => {
    const pg = supervisorOf(t, 'postgres');
    const oldPid = pg.pid!;
    process.kill(oldPid, 'SIGKILL');
    await until('the restart log line', 30_000, async () => lines.find((l) => l.msg === 'embedded postgres restarted'));
    expect(lines.find((l) => l.msg === 'embedded postgres exited unexpectedly')).toMatchObject({ pid: oldPid, signal: 'SIGKILL' });
    expect(pg.pid).not.toBe(oldPid);
    const ready = await until('/readyz 200', 20_000, async () => {
      const r = await readyz(t);
      return r.status === 200 && r;
    });
    expect(ready.body.checks.embedded.postgres).toEqual({ state: 'running', restarts: 1 });
    const page = await until('a query through the pool', 20_000, async () => {
      const r = await t.gql(`{ municipality(code: "0884") { name } }`);
      return !r.errors && r.data;
    });
    expect(page.municipality.name).toBe('Vimmerby kommun');
  });
});
