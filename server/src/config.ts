// Typed configuration read once from the environment. Every value is validated
// here so that a typo fails at start with one clear line, not deep in a request.
import { resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** External PostgreSQL; undefined means "start the embedded one". */
  databaseUrl?: string;
  /** External Meilisearch; undefined means "start the embedded one". */
  meiliUrl?: string;
  meiliMasterKey?: string;
  /** A Meilisearch binary of the user's choice for the embedded launcher. */
  meiliBin?: string;
  /** Fixed ports for the embedded services; undefined picks free ports. */
  embeddedPgPort?: number;
  embeddedMeiliPort?: number;
  dataDir: string;
  logLevel: LogLevel;
  /** Load demo content into an empty database at start. */
  demo: boolean;
  /** Prefix of every Meilisearch index this instance owns (tests give each file its own). */
  indexPrefix: string;
  /** Run the outbox indexer inside the server process. */
  inProcessIndexer: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function port(name: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return n;
}

function url(name: string, raw: string | undefined, protocols: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const nodeEnv = oneOf('NODE_ENV', env.NODE_ENV, NODE_ENVS, 'development');
  const meiliUrl = url('MEILI_URL', env.MEILI_URL, ['http:', 'https:']);
  const indexPrefix = env.INDEX_PREFIX ?? 'utbyte_';
  if (!/^[A-Za-z0-9_-]{0,40}$/.test(indexPrefix)) {
    throw new ConfigError('INDEX_PREFIX may only contain letters, digits, "_" and "-" (at most 40)');
  }
  return {
    nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: port('PORT', env.PORT, 4000)!,
    databaseUrl: url('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    meiliUrl,
    meiliMasterKey: env.MEILI_MASTER_KEY || undefined,
    meiliBin: env.MEILI_BIN || undefined,
    embeddedPgPort: port('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT),
    embeddedMeiliPort: port('EMBEDDED_MEILI_PORT', env.EMBEDDED_MEILI_PORT),
    dataDir: resolve(cwd, env.DATA_DIR || '.data'),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    demo: bool('UTBYTE_DEMO', env.UTBYTE_DEMO, nodeEnv !== 'production'),
    indexPrefix,
    inProcessIndexer: bool('IN_PROCESS_INDEXER', env.IN_PROCESS_INDEXER, true),
  };
}
