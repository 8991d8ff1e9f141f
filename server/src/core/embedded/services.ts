// Brings up what the server needs: external PostgreSQL/Meilisearch when their URLs
// are configured, otherwise the embedded ones under DATA_DIR. One lock file per data
// directory stops two Utbyte processes from sharing (and killing) the same services.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../config';
import type { Logger } from '../logger';
import { EmbeddedMeilisearch } from './meilisearch';
import { EmbeddedPostgres } from './postgres';
import { StartupError, isAlive } from './process';

export interface Services {
  databaseUrl: string;
  meiliUrl: string;
  meiliKey?: string;
  stop(): Promise<void>;
}

function acquireLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'utbyte.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new StartupError(`Another Utbyte process (pid ${pid}) is using ${dataDir}; stop it first or set DATA_DIR to another folder`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
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
    throw new StartupError(`Cannot reach Meilisearch at ${safeHost(url)} (MEILI_URL): ${(err as Error).message}`);
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

export async function startServices(config: Config, log: Logger): Promise<Services> {
  const needsEmbedded = !config.databaseUrl || !config.meiliUrl;
  const release = needsEmbedded ? acquireLock(config.dataDir) : () => undefined;
  let pgServer: EmbeddedPostgres | undefined;
  let meili: EmbeddedMeilisearch | undefined;
  const stop = async () => {
    await Promise.allSettled([meili?.stop(), pgServer?.stop()]);
    release();
  };
  try {
    const [databaseUrl, meiliEndpoint] = await Promise.all([
      (async () => {
        if (config.databaseUrl) {
          await checkPostgres(config.databaseUrl);
          return config.databaseUrl;
        }
        pgServer = new EmbeddedPostgres({
          dataDir: config.dataDir,
          port: config.embeddedPgPort,
          database: 'utbyte',
          log: (line) => log.debug({ component: 'postgres' }, line),
        });
        await pgServer.start();
        log.info({ port: pgServer.port }, 'embedded PostgreSQL ready');
        return pgServer.url;
      })(),
      (async () => {
        if (config.meiliUrl) {
          await checkMeilisearch(config.meiliUrl);
          return { url: config.meiliUrl, key: config.meiliMasterKey };
        }
        meili = new EmbeddedMeilisearch({
          dataDir: config.dataDir,
          port: config.embeddedMeiliPort,
          bin: config.meiliBin,
          log: (line) => log.debug({ component: 'meilisearch' }, line),
        });
        await meili.start();
        log.info({ port: meili.port }, 'embedded Meilisearch ready');
        return { url: meili.url, key: meili.masterKey };
      })(),
    ]);
    return { databaseUrl, meiliUrl: meiliEndpoint.url, meiliKey: meiliEndpoint.key, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
