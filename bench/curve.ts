// The cost curve (issue 17): latency and SQL statements per request for a search, the
// nested list (benchmark 3's query) and a case page (/praktik/<slug>) as the database
// grows, 1 000 → 10 000 → 100 000 cases by default. `npm run bench:curve [-- --sizes
// 1000,10000 --samples 200]`.
//
// One corpus grows in steps (case i is the same at every size, bench/corpus.ts), so
// every size measures the same search questions and the same case pages against more
// rows. After each step the index is rebuilt and the database vacuumed and analysed,
// as a settled production database would be. Statements are counted exactly through
// the ORM's query logger (benchmark 2's hook); latency is timed from the client, one
// request at a time. The JSON and docs/images/cost-curve.svg are written, and the
// Markdown table printed, after every size, so a run stopped during the next load keeps
// what it measured.
import './production';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../server/src/config';
import { createLogger } from '../server/src/core/logger';
import { bootSystem, type System } from '../server/src/system';
import { corpusContext } from './corpus';
import { loadCases, loadOrganizations, type LoadedCase } from './load';
import { costCurveSvg, curveTable, type CurveSeries } from './curve-plot';
import { NESTED_QUERY, SEARCH_QUERY, searchQueries } from './run';
import { percentile, round } from './stats';

interface Options {
  sizes: number[];
  /** Timed requests of each kind per size. */
  samples: number;
  out: string;
  svg: string;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const whole = (flag: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > 1_000_000) throw new Error(`${flag} takes whole numbers from ${min} to 1 000 000`);
    return n;
  };
  const sizes = (get('--sizes') ?? '1000,10000,100000').split(',').map((v) => whole('--sizes', v, 100));
  if (sizes.some((s, i) => i > 0 && s <= sizes[i - 1])) throw new Error('--sizes must grow');
  const root = join(__dirname, ...(__dirname.endsWith(join('dist', 'bench')) ? ['..', '..'] : ['..']));
  return {
    sizes,
    samples: whole('--samples', get('--samples') ?? '200', 10),
    out: resolve(get('--out') ?? join(root, 'bench', 'results', 'curve.json')),
    svg: resolve(get('--svg') ?? join(root, 'docs', 'images', 'cost-curve.svg')),
  };
}

const log = (...parts: unknown[]) => process.stdout.write(`[curve ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);

/** One kind of request: a fresh HTTP request for sample i. */
interface Kind {
  name: string;
  request: (i: number) => { url: string; init?: RequestInit };
}

function kinds(origin: string, slugs: string[]): Kind[] {
  const post = (query: string, variables: Record<string, unknown>) => ({
    url: `${origin}/graphql`,
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) },
  });
  const questions = searchQueries();
  return [
    { name: 'search (GraphQL, 20 hits)', request: (i) => post(SEARCH_QUERY, { query: questions[i % questions.length].query, filter: questions[i % questions.length].filter ?? null }) },
    { name: 'nested list (first: 20)', request: () => post(NESTED_QUERY, { first: 20 }) },
    { name: 'case page /praktik/<slug>', request: (i) => ({ url: `${origin}/praktik/${encodeURIComponent(slugs[i % slugs.length])}` }) },
  ];
}

async function send(k: Kind, i: number): Promise<number> {
  const { url, init } = k.request(i);
  const t = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200 || (init && text.includes('"errors"'))) throw new Error(`${k.name}: ${res.status} ${text.slice(0, 300)}`);
  return ms;
}

interface Counter {
  on: boolean;
  statements: string[];
}

/** Statements per request, counted with the ORM's query log on; the SQL of the last one is kept to explain a change. */
async function countStatements(system: System, counter: Counter, k: Kind, n: number): Promise<{ counts: number[]; sql: string[] }> {
  system.orm.config.getLogger().setDebugMode(['query']);
  const counts: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      counter.statements.length = 0;
      counter.on = true;
      await send(k, i);
      counter.on = false;
      counts.push(counter.statements.filter((s) => s.startsWith('[query]')).length);
    }
  } finally {
    counter.on = false;
    system.orm.config.getLogger().setDebugMode(false);
  }
  return { counts, sql: [...counter.statements] };
}

/** Round-robin over the kinds, one request at a time, so a noisy moment hurts all three alike. */
async function timeRequests(ks: Kind[], samples: number): Promise<number[][]> {
  for (let i = 0; i < 20; i++) for (const k of ks) await send(k, i);
  const ms: number[][] = ks.map(() => []);
  for (let i = 0; i < samples; i++) for (const [j, k] of ks.entries()) ms[j].push(await send(k, i));
  return ms;
}

/** Published cases of the first size (by id, so the same ones at every later size). */
async function caseSlugs(system: System, n: number): Promise<string[]> {
  const rows: { slug: string }[] = await system.orm.em.fork().getConnection().execute(`select slug from practice_case where status = 'PUBLISHED' order by id limit ${n}`);
  if (!rows.length) throw new Error('no published case to open');
  return rows.map((r) => r.slug);
}

/** A plan as one line: each node's type, index and table, outermost first. */
function planOutline(node: PlanNode): string {
  const own = `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`;
  const inner = (node.Plans ?? []).map(planOutline);
  return inner.length ? `${own} > (${inner.join('; ')})` : own;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN ANALYZE of a request's statements, to show where time would grow with the
 * table: the statements the read path logs with their values written in are run again
 * under EXPLAIN; those logged with placeholders ($1) are ORM statements on tables the
 * corpus leaves empty (study visits, hosting offers) and are skipped.
 */
async function explain(system: System, logged: string[]): Promise<{ plan: string; ms: number }[]> {
  const out: { plan: string; ms: number }[] = [];
  const connection = system.orm.em.fork().getConnection();
  for (const line of logged) {
    const sql = line.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\[query\] /, '').replace(/ \[took [^\]]*\]$/, '');
    if (!/^select /i.test(sql) || /\$\d/.test(sql)) continue;
    const [row]: { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[] = await connection.execute(`explain (analyze, format json) ${sql}`);
    const [result] = row['QUERY PLAN'];
    out.push({ plan: planOutline(result.Plan), ms: round(result['Execution Time'], 3) });
  }
  return out;
}

interface SizeResult {
  cases: number;
  loadSeconds: number;
  reindexSeconds: number;
  loadAverage: number[];
  kinds: { name: string; p50Ms: number; p99Ms: number; statements: number; statementCounts: number[]; sql: string[]; plans: { plan: string; ms: number }[] }[];
}

async function measureSize(system: System, counter: Counter, ks: Kind[], o: Options): Promise<SizeResult['kinds']> {
  const out: SizeResult['kinds'] = [];
  const counted = [];
  for (const k of ks) counted.push(await countStatements(system, counter, k, 5));
  const ms = await timeRequests(ks, o.samples);
  for (const [j, k] of ks.entries()) {
    const { counts, sql } = counted[j];
    out.push({ name: k.name, p50Ms: round(percentile(ms[j], 50), 2), p99Ms: round(percentile(ms[j], 99), 2), statements: percentile(counts, 50), statementCounts: counts, sql: sql.map((q) => q.slice(0, 1500)), plans: await explain(system, sql) });
  }
  return out;
}

function writeOutputs(o: Options, results: SizeResult[]): void {
  const names = results[0].kinds.map((k) => k.name);
  const series: CurveSeries[] = names.map((name, j) => ({ name, points: results.map((r) => ({ cases: r.cases, ...r.kinds[j] })) }));
  const caption = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with npm run bench:curve, ${o.samples} requests of each kind per size, one at a time, on ${os.cpus().length} cores at load average ${round(os.loadavg()[0], 1)}.`;
  mkdirSync(dirname(o.out), { recursive: true });
  mkdirSync(dirname(o.svg), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify({ date: new Date().toISOString(), options: o, loadAverage: os.loadavg().map((l) => round(l, 2)), results }, null, 2)}\n`);
  writeFileSync(o.svg, costCurveSvg(series, caption));
  process.stdout.write(`\n${curveTable(series)}\n\n`);
}

async function grow(system: System, counter: Counter, o: Options, origin: string): Promise<void> {
  const cx = corpusContext(20261124);
  await loadOrganizations(system, cx, 8);
  let loaded: LoadedCase[] = [];
  let ks: Kind[] | undefined;
  const results: SizeResult[] = [];
  for (const size of o.sizes) {
    log(`growing the corpus to ${size} cases`);
    const load = await loadCases(system, cx, size, { concurrency: 12, earlier: loaded, onProgress: (done, s) => log(`  ${loaded.length + done}/${size}, ${round(done / s, 1)}/s`) });
    loaded = load.cases;
    log(`  loaded ${size - (results.at(-1)?.cases ?? 0)} cases in ${round(load.seconds, 1)} s; rebuilding the index`);
    const em = system.orm.em.fork();
    await em.execute('delete from search_outbox');
    const t = performance.now();
    await system.search.reindex();
    const reindexSeconds = round((performance.now() - t) / 1000, 1);
    await em.execute('delete from search_outbox');
    await em.execute('vacuum analyze');
    (global as { gc?: () => void }).gc?.();
    ks ??= kinds(origin, await caseSlugs(system, 50));
    const loadAverage = os.loadavg().map((l) => round(l, 2));
    results.push({ cases: size, loadSeconds: round(load.seconds, 1), reindexSeconds, loadAverage, kinds: await measureSize(system, counter, ks, o) });
    for (const k of results.at(-1)!.kinds) {
      log(`  ${k.name}: p50 ${k.p50Ms} ms, p99 ${k.p99Ms} ms, ${k.statements} statements (${k.statementCounts.join(' ')})`);
      for (const p of k.plans) log(`    ${p.ms} ms: ${p.plan}`);
    }
    writeOutputs(o, results);
  }
}

async function main(o: Options): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-curve-'));
  const counter: Counter = { on: false, statements: [] };
  const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', INDEX_PREFIX: 'curve_', IN_PROCESS_INDEXER: 'false', RATE_LIMIT: 'false' });
  const system = await bootSystem(config, createLogger('warn'), { onQuery: (sql) => counter.on && counter.statements.push(sql) });
  system.orm.config.getLogger().setDebugMode(false);
  const stop = async () => {
    await system.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Stopped during a long load (the sizes measured so far are already written), the
  // embedded PostgreSQL and Meilisearch must not outlive the run.
  const interrupted = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const { port } = await system.app.listen(0, '127.0.0.1');
    await grow(system, counter, o, `http://127.0.0.1:${port}`);
    log(`results written to ${o.out}, plot to ${o.svg}`);
  } finally {
    await stop();
  }
}

if (require.main === module) {
  main(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench:curve failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
