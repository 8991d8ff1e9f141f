// Replicas (issue 17): read throughput of one API process against three, all on one
// PostgreSQL and one Meilisearch, and what the rate limiter shared through PostgreSQL
// costs per request. `npm run bench:replicas [-- --cases 500 --seconds 5 --reps 5]`.
//
// The API processes are real `main.js start` processes from the build (IN_PROCESS_INDEXER
// off, as behind a load balancer), each loaded by its own autocannon process with an
// equal share of the connections; a replica's answers count only when 2xx. On one
// machine every replica, the databases and the load generators share the same cores,
// so this shows where the bottleneck moves, not what more machines would give.
import './production';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../server/src/config';
import { EmbeddedMeilisearch } from '../server/src/core/embedded/meilisearch';
import { EmbeddedPostgres } from '../server/src/core/embedded/postgres';
import { rateLimitTake } from '../server/src/core/hardening/shared-rate-limit';
import { createLogger } from '../server/src/core/logger';
import { bootSystem } from '../server/src/system';
import { corpusContext } from './corpus';
import { loadCases, loadOrganizations } from './load';
import { NESTED_QUERY } from './run';
import { autocannon, spawnUntil, stopProcess, type LoadResult, type Started } from './start';
import { percentile, round } from './stats';

interface Options {
  cases: number;
  seconds: number;
  reps: number;
  /** Connections in all, shared equally by the replicas. */
  connections: number;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1`);
    return n;
  };
  const out = argv.indexOf('--out');
  const fromDist = __dirname.endsWith(join('dist', 'bench'));
  return {
    cases: get('--cases', 500),
    seconds: get('--seconds', 5),
    reps: get('--reps', 5),
    connections: get('--connections', 24),
    out: resolve(out >= 0 ? argv[out + 1] : join(__dirname, ...(fromDist ? ['..', '..', 'bench'] : []), 'results', 'replicas.json')),
  };
}

const log = (...parts: unknown[]) => process.stdout.write(`[replicas ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);

interface Databases {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** One PostgreSQL and one Meilisearch for every process of the run, with the corpus loaded and indexed. */
async function databases(dataDir: string, o: Options): Promise<Databases> {
  const postgres = new EmbeddedPostgres({ dataDir, database: 'utbyte' });
  const meili = new EmbeddedMeilisearch({ dataDir, bin: process.env.MEILI_BIN });
  await Promise.all([postgres.start(), meili.start()]);
  const env = { DATABASE_URL: postgres.url, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, INDEX_PREFIX: 'replicas_' };
  const system = await bootSystem(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, ...env, IN_PROCESS_INDEXER: 'false', RATE_LIMIT: 'false' }), createLogger('warn'));
  try {
    const cx = corpusContext(20261124);
    log(`loading ${o.cases} cases`);
    await loadOrganizations(system, cx, 8);
    await loadCases(system, cx, o.cases, { concurrency: 8 });
    await system.orm.em.fork().execute('delete from search_outbox');
    await system.search.reindex();
    await system.orm.em.fork().execute('vacuum analyze');
  } finally {
    await system.stop();
  }
  return { env, stop: async () => void (await Promise.allSettled([meili.stop(), postgres.stop()])) };
}

interface Scenario {
  name: string;
  replicas: number;
  rateLimit: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: '1 replica, rate limit off', replicas: 1, rateLimit: false },
  { name: '1 replica, shared rate limit', replicas: 1, rateLimit: true },
  { name: '3 replicas, shared rate limit', replicas: 3, rateLimit: true },
];

async function startReplicas(db: Databases, s: Scenario): Promise<Started[]> {
  const main = join(__dirname, '..', 'server', 'src', 'main.js');
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: '0',
    LOG_LEVEL: 'warn',
    IN_PROCESS_INDEXER: 'false',
    DATA_DIR: join(os.tmpdir(), 'replicas-unused'),
    ...db.env,
    // One load generator is one address: its bucket must never run dry, only be charged.
    ...(s.rateLimit ? { RATE_LIMIT: 'true', RATE_LIMIT_IP_BURST: '1000000000', RATE_LIMIT_IP_PER_SECOND: '1000000000' } : { RATE_LIMIT: 'false' }),
  };
  return Promise.all(Array.from({ length: s.replicas }, () => spawnUntil(main, ['start'], env, /Utbyte ready at/)));
}

/** All replicas loaded at once, each by its own autocannon; requests per second summed, latencies of the slowest. */
interface Measured {
  rps: number;
  p50: number;
  p99: number;
}

async function measure(urls: string[], o: Options, seconds: number): Promise<Measured> {
  const body = JSON.stringify({ query: NESTED_QUERY, variables: { first: 20 } });
  const runs: LoadResult[] = await Promise.all(urls.map((url) => autocannon(url, body, { connections: Math.max(1, Math.round(o.connections / urls.length)), seconds }).done));
  for (const r of runs) if (r.non2xx || r.errors) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors under load`);
  return { rps: runs.reduce((n, r) => n + r.requestsPerSecond, 0), p50: Math.max(...runs.map((r) => r.latencyP50)), p99: Math.max(...runs.map((r) => r.latencyP99)) };
}

/**
 * Every scenario's processes run side by side (idle ones cost little), and the scenarios
 * are measured in turn, rep by rep: a noisy neighbour on the machine then hurts all of
 * them alike instead of whichever happened to run during it.
 */
async function runScenarios(db: Databases, o: Options) {
  log(`starting ${SCENARIOS.reduce((n, s) => n + s.replicas, 0)} API processes`);
  const started: Started[][] = [];
  for (const s of SCENARIOS) started.push(await startReplicas(db, s));
  try {
    const urls = started.map((group) => group.map((p) => /Utbyte ready at (\S+)/.exec(p.line)![1].replace('//localhost:', '//127.0.0.1:')));
    for (const u of urls) await measure(u, o, 3);
    const reps: Measured[][] = SCENARIOS.map(() => []);
    for (let i = 0; i < o.reps; i++) {
      for (const [k, u] of urls.entries()) reps[k].push(await measure(u, o, o.seconds));
      log(`rep ${i + 1}: ${reps.map((r) => round(r[i].rps, 1)).join(' / ')} req/s`);
    }
    return SCENARIOS.map((s, k) => {
      const median = (pick: (r: Measured) => number) => round(percentile(reps[k].map(pick), 50), 1);
      const result = { ...s, requestsPerSecond: median((r) => r.rps), latencyP50ms: median((r) => r.p50), latencyP99ms: median((r) => r.p99), runs: reps[k].map((r) => round(r.rps, 1)) };
      log(`${s.name}: ${result.requestsPerSecond} req/s (runs ${result.runs.join(', ')}), p50 ${result.latencyP50ms} ms, p99 ${result.latencyP99ms} ms`);
      return result;
    });
  } finally {
    await Promise.all(started.flat().map((p) => stopProcess(p.child)));
  }
}

/**
 * The limiter's own statement, alone: one connection in turn (the time of one charge),
 * then four connections at once, as one process's limiter pool sends them, on one
 * caller's row (every charge waits for the row) and on many callers' rows.
 */
async function limiterStatement(url: string): Promise<Record<string, number>> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // pool.end() resolves before its connections have closed; one still open when the
  // databases stop gets PostgreSQL's "terminating connection" and must not crash the
  // harness after it has written its results (it did).
  pool.on('error', () => undefined);
  const rate = async (connections: number, key: () => string) => {
    const t = performance.now();
    let n = 0;
    await Promise.all(Array.from({ length: connections }, async () => {
      for (; performance.now() - t < 3000; n++) await rateLimitTake(pool, key(), 0.001, 1000);
    }));
    return round(n / ((performance.now() - t) / 1000), 0);
  };
  try {
    await rate(4, () => 'warm');
    const sequential = await rate(1, () => 'one caller');
    return {
      oneConnectionMicroseconds: round(1e6 / sequential, 0),
      fourConnectionsOneCallerPerSecond: await rate(4, () => 'one caller'),
      fourConnectionsManyCallersPerSecond: await rate(4, () => `caller ${Math.floor(Math.random() * 10_000)}`),
    };
  } finally {
    await pool.query('delete from rate_limit_bucket');
    await pool.end();
  }
}

async function main(o: Options): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-replicas-'));
  const db = await databases(dataDir, o);
  try {
    const scenarios = await runScenarios(db, o);
    const statement = await limiterStatement(db.env.DATABASE_URL);
    log(`the limiter's upsert alone: ${statement.oneConnectionMicroseconds} µs each in turn; four at once ${statement.fourConnectionsOneCallerPerSecond}/s on one caller's row, ${statement.fourConnectionsManyCallersPerSecond}/s on many`);
    const results = { date: new Date().toISOString(), command: `npm run bench:replicas -- --cases ${o.cases} --seconds ${o.seconds} --reps ${o.reps}`, cores: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)), options: o, scenarios, limiterStatement: statement };
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${o.out}`);
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench:replicas failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
