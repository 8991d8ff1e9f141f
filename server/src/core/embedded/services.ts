// Brings up what the server needs: external PostgreSQL/Meilisearch when their URLs
// are configured, otherwise the embedded ones under DATA_DIR. One lock file per data
// directory stops two Utbyte processes from sharing (and killing) the same services.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../config';
import type { Logger } from '../logger';
import { EmbeddedMeilisearch } from './meilisearch';
import { EmbeddedPostgres } from './postgres';
import { StartupError } from './process';
import { findRunningServices, lockHolder, publishServices } from './running';
import { Supervisor, type RestartPolicy } from './supervisor';

export interface Services {
  databaseUrl: string;
  meiliUrl: string;
  meiliKey?: string;
  /** One per embedded service ('postgres', 'meilisearch'); none for external ones. */
  supervisors: Supervisor[];
  /** Set when these are the services of the server (this pid) already running on DATA_DIR; stop() leaves them running. */
  attachedTo?: number;
  stop(): Promise<void>;
}

export interface ServicesOptions {
  /** Restart policy of the embedded services (tests shorten it). */
  restartPolicy?: RestartPolicy;
  /** When a server already runs on DATA_DIR, use its embedded services instead of refusing (backup, reindex). */
  attach?: boolean;
}

function acquireLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'utbyte.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      // 'wx' creates the file only if it does not exist, so two starts cannot both win.
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const pid = lockHolder(dataDir);
    if (pid !== undefined) {
      throw new StartupError(`Another Utbyte process (pid ${pid}) is using ${dataDir}; stop it first or set DATA_DIR to another folder`);
    }
    // Left behind by a run that was killed: its pid is gone or now belongs to something else.
    rmSync(file, { force: true });
  }
}

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    const host = safeHost(url);
    throw new StartupError(`Cannot reach PostgreSQL at ${host} (DATABASE_URL): ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkMeilisearch(url: string): Promise<void> {
  try {
    const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    // fetch reports "fetch failed"; the reason (refused, unknown host) is in its cause.
    const reason = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
    throw new StartupError(`Cannot reach Meilisearch at ${safeHost(url)} (MEILI_URL): ${reason}`);
  }
}

/** host:port only, never credentials. */
function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return 'the configured address';
  }
}

/** The embedded services this start created, recorded before they start so that stop() reaches a half-started one. */
interface Embedded {
  pg?: EmbeddedPostgres;
  meili?: EmbeddedMeilisearch;
}

/** The external PostgreSQL, checked, or an embedded one started; returns its URL. */
async function startPostgres(config: Config, log: Logger, embedded: Embedded): Promise<string> {
  if (config.databaseUrl) {
    await checkPostgres(config.databaseUrl);
    return config.databaseUrl;
  }
  const server = (embedded.pg = new EmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'utbyte',
    log: (line) => log.debug({ component: 'postgres' }, line),
  }));
  await server.start();
  log.info({ port: server.port }, 'embedded PostgreSQL ready');
  return server.url;
}

/** The external Meilisearch, checked, or an embedded one started; returns its URL and key. */
async function startMeilisearch(config: Config, log: Logger, embedded: Embedded): Promise<{ url: string; key?: string }> {
  if (config.meiliUrl) {
    await checkMeilisearch(config.meiliUrl);
    return { url: config.meiliUrl, key: config.meiliMasterKey };
  }
  const server = (embedded.meili = new EmbeddedMeilisearch({
    dataDir: config.dataDir,
    port: config.embeddedMeiliPort,
    bin: config.meiliBin,
    log: (line) => log.debug({ component: 'meilisearch' }, line),
  }));
  await server.start();
  log.info({ port: server.port }, 'embedded Meilisearch ready');
  return { url: server.url, key: server.masterKey };
}

export async function startServices(config: Config, log: Logger, options: ServicesOptions = {}): Promise<Services> {
  const needsEmbedded = !config.databaseUrl || !config.meiliUrl;
  if (needsEmbedded && options.attach) {
    const running = await attachToRunning(config);
    if (running) return running;
  }
  const lock = needsEmbedded ? acquireLock(config.dataDir) : () => undefined;
  let unpublish: () => void = () => undefined;
  const embedded: Embedded = {};
  const supervisors: Supervisor[] = [];
  const stop = async () => {
    // First stop watching, so that the exits below are not taken for crashes.
    await Promise.allSettled(supervisors.map((s) => s.stop()));
    await Promise.allSettled([embedded.meili?.stop(), embedded.pg?.stop()]);
    unpublish();
    lock();
  };
  try {
    // allSettled, not all: when one side fails, wait for the other to finish starting
    // so that stop() below can stop it too instead of leaving it running.
    const [pgResult, meiliResult] = await Promise.allSettled([startPostgres(config, log, embedded), startMeilisearch(config, log, embedded)]);
    if (pgResult.status === 'rejected') throw pgResult.reason;
    if (meiliResult.status === 'rejected') throw meiliResult.reason;
    const { pg: pgServer, meili } = embedded;
    if (pgServer) supervisors.push(new Supervisor('postgres', pgServer, log.child({ component: 'supervisor' }), options.restartPolicy));
    if (meili) supervisors.push(new Supervisor('meilisearch', meili, log.child({ component: 'supervisor' }), options.restartPolicy));
    // The supervisors restart a service on the same port, so what is published stays true.
    if (needsEmbedded) unpublish = publishServices(config.dataDir, { databaseUrl: pgServer?.url, meiliUrl: meili?.url, meiliKey: meili?.masterKey });
    return { databaseUrl: pgResult.value, meiliUrl: meiliResult.value.url, meiliKey: meiliResult.value.key, supervisors, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The embedded services of the server running on DATA_DIR, completed by this process's external URLs. */
async function attachToRunning(config: Config): Promise<Services | undefined> {
  const running = await findRunningServices(config.dataDir);
  if (!running) return undefined;
  const databaseUrl = config.databaseUrl ?? running.databaseUrl;
  const meiliUrl = config.meiliUrl ?? running.meiliUrl;
  const meiliKey = config.meiliUrl ? config.meiliMasterKey : running.meiliKey;
  if (!databaseUrl || !meiliUrl) {
    const missing = databaseUrl ? 'MEILI_URL (and MEILI_MASTER_KEY)' : 'DATABASE_URL';
    throw new StartupError(`The Utbyte process (pid ${running.pid}) using ${config.dataDir} runs with an external service; set ${missing} as it does`);
  }
  return { databaseUrl, meiliUrl, meiliKey, supervisors: [], attachedTo: running.pid, stop: async () => undefined };
}
