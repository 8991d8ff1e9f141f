// Starts the real application for one test file: its own database on the shared test
// PostgreSQL, its own Meilisearch index prefix, and an HTTP server on a free port.
// Tests talk to it over HTTP like any client.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../../server/src/config';
import { createLogger, type Logger } from '../../server/src/core/logger';
import { bootSystem, type BootOptions, type System } from '../../server/src/system';
import { MovableClock } from './clock';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

export interface TestSystem {
  url: string;
  baseUrl: string;
  system: System;
  databaseUrl: string;
  /** Every entry logged at error level or above, parsed (the server's logs stay quiet otherwise). */
  errorLogs: Record<string, unknown>[];
  /** Statements seen since the last reset (every SQL statement the ORM sent). */
  statements: string[];
  /** The system's clock for calendar rules (confirmation due, the digest's day); move it instead of waiting a year. */
  clock: MovableClock;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any top-level error and returns data. */
  data<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string }): Promise<T>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** keepDatabase: leave the database for a later startTestSystem({}, { database }). */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface TestSystemOptions extends Pick<BootOptions, 'restartPolicy'> {
  /** An existing database (from an earlier system stopped with keepDatabase) instead of a new one. */
  database?: string;
  /** Instead of the test logger (then errorLogs stays empty). */
  log?: Logger;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run tests through jest (test/global-setup.ts)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A logger that keeps error-level entries for tests to inspect and prints what
 * TEST_LOG_LEVEL asks for (nothing by default).
 */
function testLogger(): { log: ReturnType<typeof createLogger>; errorLogs: Record<string, unknown>[] } {
  const wanted = process.env.TEST_LOG_LEVEL || 'silent';
  const wantedValue = wanted === 'silent' ? Infinity : (pino.levels.values[wanted] ?? Infinity);
  const errorLogs: Record<string, unknown>[] = [];
  const destination = {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if ((entry.level as number) >= pino.levels.values.error) errorLogs.push(entry);
      if ((entry.level as number) >= wantedValue) process.stdout.write(line);
    },
  };
  const level = wantedValue < pino.levels.values.error ? wanted : 'error';
  return { log: createLogger(level as never, destination), errorLogs };
}

export async function startTestSystem(overrides: Partial<Config> = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
  const id = randomBytes(5).toString('hex');
  const database = options.database ?? `utbyte_test_${id}`;
  if (!options.database) {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
  }
  const databaseUrl = withDatabase(adminUrl(), database);

  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    databaseUrl,
    meiliUrl: process.env.TEST_MEILI_URL,
    meiliMasterKey: process.env.TEST_MEILI_MASTER_KEY,
    indexPrefix: `t${id}_`,
    demo: false,
    ...overrides,
  };
  const statements: string[] = [];
  const tested = testLogger();
  const log = options.log ?? tested.log;
  const errorLogs = tested.errorLogs;
  const clock = new MovableClock();
  const system = await bootSystem(config, log, { onQuery: (sql) => statements.push(sql), restartPolicy: options.restartPolicy, clock });
  const { port } = await system.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const url = `${baseUrl}/graphql`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  const gql: TestSystem['gql'] = async (query, variables, options = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  };

  return {
    url,
    baseUrl,
    system,
    databaseUrl,
    errorLogs,
    statements,
    clock,
    gql,
    data: async (query, variables, options) => {
      const res = await gql(query, variables, options);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
      return res.data as never;
    },
    sql: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    stop: async ({ keepDatabase = false } = {}) => {
      await pool.end();
      await system.stop();
      if (keepDatabase) return;
      const admin2 = new pg.Client({ connectionString: adminUrl() });
      await admin2.connect();
      await admin2.query(`drop database if exists ${database} with (force)`);
      await admin2.end();
    },
  };
}
