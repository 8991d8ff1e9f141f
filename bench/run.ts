// The benchmark harness: `npm run bench [-- --cases N] [--quick]`.
//
// Boots Utbyte with bootSystem on a fresh temporary DATA_DIR (embedded PostgreSQL and
// Meilisearch), loads a generated corpus through the services, and runs eight
// benchmarks. Each one measures Utbyte and a baseline for the same work in the same
// run — interleaved run by run, so a noisy neighbour hurts both sides alike — and
// reports median, min and max over the repetitions after a warm-up, and the ratio.
// Prints a table and writes bench/results/latest.json (or --out).
// First, before graphql and the rest load: the system under test runs as in production.
import { SERVER_NODE_FLAGS } from './production';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../server/src/config';
import { createLogger } from '../server/src/core/logger';
import { payloadOrThrow } from '../server/src/core/mutation';
import { MEILI_REQUEST_HEADERS } from '../server/src/core/search/client';
import { applyIndexSettings } from '../server/src/core/search/index-settings';
import { toGlobalId } from '../server/src/core/relay/global-id';
import { Role } from '../server/src/modules/accounts/account.entities';
import { analysedQuery, federatedSearch, hitParams, meiliFilter, type ValidatedFilter } from '../server/src/modules/search/search.service';
import { SearchSort } from '../server/src/modules/search/search.types';
import type { SearchDocument } from '../server/src/modules/search/search-document';
import { bootSystem, type System } from '../server/src/system';
import { startBaselineServer, type BaselineServer } from './baseline';
import { QUERY_WORDS, Rng, corpusContext, generateCase, type CorpusContext } from './corpus';
import { loadCase, loadCases, loadOrganizations, pool, serviceContext } from './load';
import { autocannon, spawnUntil, stopProcess } from './start';
import { percentile, processMemory, ratio, round, sleep, summarize, type Summary } from './stats';
import { measureUpdateCost, type UpdateCost } from './update-cost';
import { benchSearchPage, pageWeights } from './web';

// ---------------------------------------------------------------------------
// Options

export interface BenchOptions {
  cases: number;
  quick: boolean;
  seed: number;
  out: string;
  /** Comma-separated benchmark numbers to run (all by default). */
  only: Set<number>;
  concurrency: number;
  /** Directory to write a CPU profile of each benchmark into (--profile DIR). */
  profile?: string;
  /** Freshness samples "idle,underLoad" instead of the plan's (--freshness 100,20). */
  freshness?: [number, number];
  /** Repetitions and seconds per load run instead of the plan's (--reps 2 --seconds 5), for quick comparisons. */
  reps?: number;
  seconds?: number;
  /** Index sizes at which to measure one-document Meilisearch updates (--update-cost 2000,100000). */
  updateCost?: number[];
  /** Load-generator connections of benchmark 3 instead of READ_CONNECTIONS (--connections 16). */
  readConnections?: number[];
}

/** bench/results/latest.json in the source tree, whether running from dist/bench or bench/. */
function defaultOut(): string {
  const fromDist = __dirname.endsWith(join('dist', 'bench'));
  return join(__dirname, ...(fromDist ? ['..', '..', 'bench'] : []), 'results', 'latest.json');
}

export function parseArgs(argv: string[]): BenchOptions {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const cases = Number(get('--cases') ?? (quick ? 500 : 2000));
  if (!Number.isInteger(cases) || cases < 100) throw new Error('--cases must be a whole number of at least 100');
  const only = get('--only');
  return {
    cases,
    quick,
    seed: Number(get('--seed') ?? 20261124),
    out: resolve(get('--out') ?? defaultOut()),
    only: new Set((only ? only.split(',') : ['1', '2', '3', '4', '5', '6', '7', '8']).map(Number)),
    concurrency: Number(get('--concurrency') ?? 12),
    profile: get('--profile'),
    freshness: get('--freshness') ? (get('--freshness')!.split(',').map(Number) as [number, number]) : undefined,
    reps: get('--reps') ? positive('--reps', get('--reps')!) : undefined,
    seconds: get('--seconds') ? positive('--seconds', get('--seconds')!) : undefined,
    updateCost: get('--update-cost') ? get('--update-cost')!.split(',').map((n) => positive('--update-cost', n)) : undefined,
    readConnections: get('--connections') ? get('--connections')!.split(',').map((c) => positive('--connections', c)) : undefined,
  };
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1`);
  return n;
}

/** How much work each benchmark does; --quick keeps the smoke run short. */
function plan(o: BenchOptions) {
  const p = planFor(o);
  if (o.freshness) [p.freshness, p.freshnessUnderLoad] = o.freshness;
  if (o.reps) p.reps = p.searchReps = p.reindexReps = p.starts = o.reps;
  if (o.seconds) p.loadSeconds = p.rssLoadSeconds = o.seconds;
  return p;
}

function planFor(o: BenchOptions) {
  return o.quick
    ? { reps: 1, loadSeconds: 1, warmSeconds: 1, publishesPerRun: 20, freshness: 2, freshnessUnderLoad: 2, freshnessWarmup: 1, searchReps: 1, reindexReps: 1, starts: 1, rssLoadSeconds: 1 }
    : { reps: 5, loadSeconds: 10, warmSeconds: 3, publishesPerRun: 100, freshness: 200, freshnessUnderLoad: 100, freshnessWarmup: 3, searchReps: 5, reindexReps: o.cases > 20_000 ? 2 : 3, starts: 3, rssLoadSeconds: 10 };
}

// ---------------------------------------------------------------------------
// Results

export interface BenchmarkResult {
  title: string;
  /** What the figures are: "ms", "req/s", "statements"… */
  unit: string;
  ours: Summary;
  baseline: Summary;
  /** ours / baseline of the medians. */
  ratio: number;
  target: string;
  met: boolean | null;
  /** Corpus size the figure was measured on. */
  cases: number;
  details: Record<string, unknown>;
}

export interface BenchResults {
  date: string;
  command: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string; loadAverage: number[] };
  options: { cases: number; quick: boolean; seed: number };
  corpus: Record<string, unknown>;
  benchmarks: Record<string, BenchmarkResult>;
  memory: Record<string, unknown>;
  /** One-document update cost of Meilisearch per index size (--update-cost). */
  updateCost?: UpdateCost[];
}

function machine(): BenchResults['machine'] {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

const log = (...parts: unknown[]) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);

// ---------------------------------------------------------------------------
// HTTP helpers

export const NESTED_QUERY = `query Nested($first: Int) { practiceCases(first: $first) { edges { node {
  municipality { county { name } } themes { slug } partners { organization { name } } adaptedFrom { title } } } } }`;

export const SEARCH_QUERY = `query Search($query: String, $filter: SearchFilter) { search(query: $query, filter: $filter, first: 20) {
  totalCount edges { node { id title municipality { name } themes { slug labelSv } } highlights { title summary } } } }`;

const PUBLISH_MUTATION = `mutation Publish($input: PracticeCaseTransitionInput!) { publishPracticeCase(input: $input) {
  practiceCase { id status version } userErrors { field code message } } }`;

async function postJson<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

async function gql<T = any>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await postJson<{ data?: T; errors?: unknown[] }>(url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors).slice(0, 1000)}`);
  return res.data as T;
}

// ---------------------------------------------------------------------------
// The harness

interface Harness {
  o: BenchOptions;
  p: ReturnType<typeof plan>;
  system: System;
  cx: CorpusContext;
  graphqlUrl: string;
  baseline: BaselineServer;
  /** Statements the ORM sent while `counting` is on (benchmark 2). */
  statements: string[];
  counting: { on: boolean };
  meili: { url: string; key?: string };
  /** Next generated-case index for extra cases (beyond the corpus). */
  nextExtra: number;
  reviewerTokens: string[];
}

function setQueryLogging(system: System, on: boolean): void {
  // The statement counter hooks into MikroORM's query logger; formatting every log line
  // costs CPU, so it is switched on only while benchmark 2 counts.
  system.orm.config.getLogger().setDebugMode(on ? ['query'] : false);
}

async function meiliFetch(h: Harness, path: string, init: { method?: string; body?: string } = {}): Promise<any> {
  const res = await fetch(`${h.meili.url}${path}`, {
    method: init.method ?? 'GET',
    // The headers Utbyte's client sends (uncompressed answers), so both sides get the same request.
    headers: { 'content-type': 'application/json', ...MEILI_REQUEST_HEADERS, ...(h.meili.key ? { authorization: `Bearer ${h.meili.key}` } : {}) },
    body: init.body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Meilisearch ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

async function waitMeiliTasks(h: Harness, uids: number[]): Promise<void> {
  for (const uid of uids) {
    for (;;) {
      const task = await meiliFetch(h, `/tasks/${uid}`);
      if (task.status === 'succeeded') break;
      if (task.status === 'failed' || task.status === 'canceled') throw new Error(`Meilisearch task ${uid} ${task.status}: ${JSON.stringify(task.error)}`);
      await sleep(10);
    }
  }
}

/** Extra cases (not part of the corpus) walked to IN_REVIEW through the services, for publish benchmarks. */
async function prepareInReview(h: Harness, count: number, marker?: (i: number) => string): Promise<{ id: string; version: number; marker?: string }[]> {
  const start = h.nextExtra;
  h.nextExtra += count;
  const out: { id: string; version: number; marker?: string }[] = new Array(count);
  await pool(count, h.o.concurrency, async (k) => {
    const index = start + k;
    const tag = marker?.(k);
    if (tag) {
      // A word nothing else contains, so a search for it finds exactly this case.
      const c = generateCase(h.cx, index);
      c.input.title = `${c.input.title.slice(0, 150)} (mätpunkt ${tag})`;
      const res = await h.system.services.practiceCases.create(serviceContext(h.system), c.input);
      if (!res.practiceCase) throw new Error(JSON.stringify(res.userErrors));
      const sub = await h.system.services.practiceCases.transition(serviceContext(h.system), 'submit', { id: toGlobalId('PracticeCase', res.practiceCase.id), expectedVersion: res.practiceCase.version! });
      if (!sub.practiceCase) throw new Error(JSON.stringify(sub.userErrors));
      out[k] = { id: sub.practiceCase.id, version: sub.practiceCase.version!, marker: tag };
    } else {
      const loaded = await loadCase(h.system, h.cx, index, undefined, 'IN_REVIEW');
      out[k] = { id: loaded.id, version: loaded.version };
    }
  });
  return out;
}

async function reviewerTokens(system: System, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const ctx = serviceContext(system);
    const user = payloadOrThrow(await system.services.accounts.createUser(ctx, { name: `Granskare ${i + 1}`, email: `granskare-${i + 1}@bench.example.se`, role: Role.REVIEWER, municipalityCode: null }), 'user');
    tokens.push(payloadOrThrow(await system.services.accounts.createToken(ctx, { name: 'bench', userId: user.id }), 'token'));
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Benchmark 1: search overhead

export function searchQueries(): { query: string; filter?: Record<string, unknown>; validated?: ValidatedFilter }[] {
  const plain = [...QUERY_WORDS.slice(0, 20), 'språkkafe', 'läxhjälp bibliotek', 'praktik äldreomsorgen', 'IOP föreningsliv', 'mentorskap för akademiker'];
  const filters: [string, ValidatedFilter][] = [
    ['språkcafé', { themes: ['language'] }],
    ['praktik', { counties: ['08'] }],
    ['läxhjälp', { kinds: ['EDUCATION'] }],
    ['mötesplats', { municipalities: ['0180', '1480', '1280'] }],
    ['volontärer', { themes: ['civil-society'], counties: ['12'] }],
    ['cykelskola', { targetGroups: ['WOMEN'] }],
    ['', { themes: ['iop'] }],
    ['', { counties: ['25'], kinds: ['MEETING_PLACE'] }],
    ['bibliotek', { themes: ['culture'] }],
    ['samhällsorientering', { language: 'SV' }],
    ['arbetsmarknad', { kinds: ['EMPLOYMENT_PROGRAMME'], targetGroups: ['JOB_SEEKERS'] }],
    ['språkvän', { counties: ['01', '03', '04'] }],
    ['validering', { themes: ['work-and-employment'] }],
    ['simskola', { themes: ['sports-and-leisure'], kinds: ['SPORTS_AND_LEISURE'] }],
    ['flyktingguide', { municipalities: ['0884'] }],
    ['ensamkommande', { targetGroups: ['UNACCOMPANIED_MINORS'] }],
    ['bokstart', { themes: ['libraries-and-reading'] }],
    ['SFI', { counties: ['14'] }],
    ['hälsokommunikatörer', { themes: ['health'] }],
    ['', { municipalities: ['0180'] }],
    ['boendeskola', { themes: ['housing'] }],
    ['brobyggare', { kinds: ['OTHER'] }],
    ['fritidsbank', { counties: ['22', '23', '24', '25'] }],
    ['kvinnocafé', { targetGroups: ['WOMEN'], themes: ['meeting-places'] }],
    ['extratjänster', { language: 'SV', counties: ['05'] }],
  ];
  return [
    ...plain.map((query) => ({ query })),
    ...filters.map(([query, validated]) => ({ query, filter: validated as Record<string, unknown>, validated })),
  ];
}

/**
 * The request SearchService sends for the same question, and where: a query with words
 * is the federated multi-search of the Swedish analysis (built here, before the timing,
 * so the baseline pays Meilisearch's part and ours pays the analysis too).
 * SEARCH_QUERY does not read `facets`, so neither side asks Meilisearch to count them.
 */
function directSearch(indexUid: string, query: string, validated: ValidatedFilter = {}): { path: string; body: string } {
  const analysed = analysedQuery(query, SearchSort.RELEVANCE);
  if (analysed) {
    return { path: '/multi-search', body: JSON.stringify(federatedSearch(indexUid, query, analysed, hitParams(validated, SearchSort.RELEVANCE), { offset: 0, limit: 20, facets: [] })) };
  }
  return { path: `/indexes/${indexUid}/search`, body: directSearchBody(query, validated) };
}

function directSearchBody(query: string, validated: ValidatedFilter): string {
  // The parameters SearchService sends, for the same question.
  return JSON.stringify({
    q: query || null,
    filter: meiliFilter(validated),
    hitsPerPage: 20,
    page: 1,
    attributesToRetrieve: ['id', '_geo'],
    attributesToHighlight: ['title', 'summary'],
    attributesToCrop: ['summary'],
    cropLength: 40,
    highlightPreTag: '<mark>',
    highlightPostTag: '</mark>',
    locales: ['swe'],
  });
}

/** Issue 16: search through the API, analysis included, within 1.2× of the same request sent to Meilisearch (issue 8 allowed 1.5×). */
const SEARCH_TARGET = 1.2;

/**
 * The floor under the ratio. FLOOR_QUERY is the cheapest request the API answers:
 * express, the body parser, Apollo's pipeline, our plugins and context, no resolver.
 * FLOOR_MEILI_BODY is the cheapest POST Meilisearch answers (a multi-search of no
 * queries). Both go through the same client as the searches, so their difference is
 * what our HTTP and GraphQL layers cost beyond Meilisearch's own, and
 * `floorRatioP50` = (direct + difference) / direct is the ratio of a server that did
 * nothing but that — still without its own request to Meilisearch, so a lower bound.
 */
const FLOOR_QUERY = '{ __typename }';
const FLOOR_MEILI_BODY = JSON.stringify({ queries: [] });

async function benchSearch(h: Harness): Promise<BenchmarkResult> {
  const queries = searchQueries().map((q) => ({ ...q, direct: directSearch(h.system.search.indexUid, q.query, q.validated) }));
  const ours: number[] = [];
  const direct: number[] = [];
  const oursP50: number[] = [];
  const directP50: number[] = [];
  // The floor under the ratio: the cheapest GraphQL request through the same stack, and
  // the cheapest Meilisearch one, as many of each per repetition as there are queries.
  const stackFloor: number[] = [];
  const meiliFloor: number[] = [];
  let mismatches = 0;
  let emptyResults = 0;
  // The first pass warms up and checks that both sides return the same hits; the
  // smoke run (--quick) also measures on it instead of taking a second pass.
  const firstRep = h.o.quick ? 0 : -1;
  for (let rep = firstRep; rep < h.p.searchReps; rep++) {
    const o: number[] = [];
    const d: number[] = [];
    for (const q of queries) {
      let t = performance.now();
      const res = await gql<{ search: { totalCount: number; edges: { node: { id: string } }[] } }>(h.graphqlUrl, SEARCH_QUERY, { query: q.query || null, filter: q.filter ?? null });
      o.push(performance.now() - t);
      t = performance.now();
      const raw = await meiliFetch(h, q.direct.path, { method: 'POST', body: q.direct.body });
      d.push(performance.now() - t);
      if (rep === firstRep) {
        const a = res.search.edges.map((e) => e.node.id).join();
        const b = (raw.hits as { id: string }[]).map((x) => toGlobalId('PracticeCase', x.id)).join();
        if (a !== b) mismatches++;
        if (!res.search.edges.length) emptyResults++;
      }
    }
    if (rep < 0) continue; // warm-up
    // Back to back, not between the searches: there they also paid for the search before them (garbage collection), 1.2–1.8 ms instead of 0.6–0.9.
    for (const _ of queries) {
      const t = performance.now();
      await gql(h.graphqlUrl, FLOOR_QUERY, {});
      stackFloor.push(performance.now() - t);
    }
    for (const _ of queries) {
      const t = performance.now();
      await meiliFetch(h, '/multi-search', { method: 'POST', body: FLOOR_MEILI_BODY });
      meiliFloor.push(performance.now() - t);
    }
    ours.push(...o);
    direct.push(...d);
    oursP50.push(percentile(o, 50));
    directP50.push(percentile(d, 50));
  }
  const p = (v: number[], q: number) => round(percentile(v, q), 2);
  const r95 = ratio(percentile(ours, 95), percentile(direct, 95));
  const r50 = ratio(percentile(ours, 50), percentile(direct, 50));
  return {
    title: 'Search over HTTP vs the same Meilisearch query',
    unit: 'ms (p50 per repetition)',
    ours: summarize(oursP50),
    baseline: summarize(directP50),
    ratio: r50,
    target: `≤ ${SEARCH_TARGET}× (p50 and p95)`,
    met: r50 <= SEARCH_TARGET && r95 <= SEARCH_TARGET,
    cases: h.o.cases,
    details: {
      queries: queries.length,
      withFilters: queries.filter((q) => q.filter).length,
      samplesPerSide: ours.length,
      oursP50: p(ours, 50),
      oursP95: p(ours, 95),
      directP50: p(direct, 50),
      directP95: p(direct, 95),
      ratioP50: r50,
      ratioP95: r95,
      stackFloorP50: p(stackFloor, 50),
      meiliFloorP50: p(meiliFloor, 50),
      floorRatioP50: ratio(percentile(direct, 50) + percentile(stackFloor, 50) - percentile(meiliFloor, 50), percentile(direct, 50)),
      hitOrderMismatches: mismatches,
      queriesWithoutHits: emptyResults,
    },
  };
}

// ---------------------------------------------------------------------------
// Benchmark 8: the website (bench/web.ts)

async function benchWebPages(h: Harness): Promise<BenchmarkResult> {
  const origin = h.graphqlUrl.replace(/\/graphql$/, '');
  const questions = searchQueries().map(({ query, filter }) => ({ query, filter }));
  const r = await benchSearchPage({ origin, questions, reps: h.p.searchReps, quick: h.o.quick });
  return {
    title: 'Search page /sok (HTML) vs the GraphQL search request it makes',
    unit: 'ms (p50 per repetition)',
    ...r,
    target: 'reported',
    met: null,
    cases: h.o.cases,
    details: { ...r.details, pageWeights: await pageWeights(origin) },
  };
}

// ---------------------------------------------------------------------------
// Benchmark 2: SQL statements per request

const NESTED_AFTER_QUERY = NESTED_QUERY.replace('($first: Int)', '($first: Int, $after: String)').replace('(first: $first)', '(first: $first, after: $after)');

async function benchStatements(h: Harness): Promise<BenchmarkResult> {
  // The pages are measured from the top and starting at a case that has partners and
  // an origin case, so that every relation of the query has rows to fetch.
  const probe = await gql<{ practiceCases: { edges: { cursor: string; node: { partners: unknown[]; adaptedFrom: unknown } }[] } }>(
    h.graphqlUrl,
    // Reading municipalities and themes also fills the in-memory reference data, which
    // is then not part of any counted request.
    `query { practiceCases(first: 100) { edges { cursor node { partners { role } adaptedFrom { id } municipality { county { name } } themes { slug } } } } }`,
    {},
  );
  const edges = probe.practiceCases.edges;
  const k = edges.findIndex((e, i) => i > 0 && e.node.partners.length > 0 && e.node.adaptedFrom !== null);
  const after = k > 0 ? edges[k - 1].cursor : null;

  // The background indexer would add its own polling statements to the count.
  await h.system.search.indexer.stop();
  setQueryLogging(h.system, true);
  const sizes = [1, 10, 100];
  const top: Record<number, number[]> = { 1: [], 10: [], 100: [] };
  const full: Record<number, number[]> = { 1: [], 10: [], 100: [] };
  const returned: Record<number, number> = {};
  const count = async (first: number, cursor: string | null) => {
    h.statements.length = 0;
    h.counting.on = true;
    const data = await gql<{ practiceCases: { edges: unknown[] } }>(h.graphqlUrl, NESTED_AFTER_QUERY, { first, after: cursor });
    h.counting.on = false;
    if (cursor === null) returned[first] = data.practiceCases.edges.length;
    return h.statements.filter((s) => /^\[query\]/.test(s)).length;
  };
  try {
    for (let rep = 0; rep < Math.max(2, h.p.reps - 2); rep++) {
      for (const first of sizes) {
        top[first].push(await count(first, null));
        if (after) full[first].push(await count(first, after));
      }
    }
  } finally {
    h.counting.on = false;
    setQueryLogging(h.system, false);
    h.system.search.indexer.start();
  }
  const median = (m: Record<number, number[]>, n: number) => percentile(m[n], 50);
  const base = after ? full : top;
  const same = median(base, 1) === median(base, 10) && median(base, 10) === median(base, 100);
  return {
    title: 'SQL statements per nested practiceCases request (first 100 vs first 1)',
    unit: 'statements',
    ours: summarize(base[100]),
    baseline: summarize(base[1]),
    ratio: ratio(median(base, 100), median(base, 1)),
    target: 'same count for 1, 10, 100; ≤ 6',
    met: same && median(base, 100) <= 6,
    cases: h.o.cases,
    details: {
      fromTop: { first1: median(top, 1), first10: median(top, 10), first100: median(top, 100) },
      fromCaseWithEveryRelation: after ? { first1: median(full, 1), first10: median(full, 10), first100: median(full, 100) } : null,
      returned,
      handWrittenBaselineStatements: 3,
      note: 'ours/baseline are the counts for first: 100 and first: 1 on pages that start at a case with partners and an origin case',
    },
  };
}

// ---------------------------------------------------------------------------
// Benchmark 3: read throughput

/** Load-generator connections benchmark 3 measures at: one client alone, a busy server, and more clients than the pool's 20 connections. */
export const READ_CONNECTIONS = [1, 16, 64];
/** The ratio benchmark 3 must reach at every concurrency (issue 17). */
const READ_TARGET = 0.8;

interface LoadLevel {
  connections: number;
  ours: number[];
  baseline: number[];
  p50: { ours: number[]; baseline: number[] };
  p99: { ours: number[]; baseline: number[] };
}

/** The API's nested list and the baseline's, alternating run by run at each concurrency. */
async function measureLevels(h: Harness, body: string): Promise<LoadLevel[]> {
  const run = async (url: string, connections: number, seconds: number) => {
    const r = await autocannon(url, body, { connections, seconds }).done;
    if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx answers and ${r.errors} errors under load`);
    return r;
  };
  const levels: LoadLevel[] = [];
  for (const connections of h.o.readConnections ?? READ_CONNECTIONS) {
    const level: LoadLevel = { connections, ours: [], baseline: [], p50: { ours: [], baseline: [] }, p99: { ours: [], baseline: [] } };
    await run(h.graphqlUrl, connections, h.p.warmSeconds);
    await run(`${h.baseline.url}/cases`, connections, h.p.warmSeconds);
    for (let rep = 0; rep < h.p.reps; rep++) {
      // Each side goes first every other repetition, so a drift in the machine's load hurts both alike.
      const sides = rep % 2 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const);
      for (const side of sides) {
        const r = await run(side === 'ours' ? h.graphqlUrl : `${h.baseline.url}/cases`, connections, h.p.loadSeconds);
        level[side].push(r.requestsPerSecond);
        level.p50[side].push(r.latencyP50);
        level.p99[side].push(r.latencyP99);
      }
    }
    log(`  ${connections} connections: ours ${round(percentile(level.ours, 50), 0)} req/s, baseline ${round(percentile(level.baseline, 50), 0)}`);
    levels.push(level);
  }
  return levels;
}

async function benchThroughput(h: Harness): Promise<BenchmarkResult> {
  const body = JSON.stringify({ query: NESTED_QUERY, variables: { first: 20 } });
  // The baseline must answer with exactly the JSON the API returns.
  const a = await postJson(h.graphqlUrl, body);
  const b = await postJson(`${h.baseline.url}/cases`, body);
  // `extensions` (the operation's cost) is the API's own addition; the data must match.
  const identical = JSON.stringify(a.data) === JSON.stringify(b.data);
  if (!identical) {
    writeFileSync(join(os.tmpdir(), 'bench-json-mismatch.json'), JSON.stringify({ graphql: a, baseline: b }, null, 1));
    throw new Error(`the hand-written baseline does not return the same JSON as the GraphQL query (both written to ${join(os.tmpdir(), 'bench-json-mismatch.json')})`);
  }
  const levels = await measureLevels(h, body);
  const med = (v: number[]) => percentile(v, 50);
  const byConnections = Object.fromEntries(
    levels.map((l) => [
      l.connections,
      {
        ratio: ratio(med(l.ours), med(l.baseline)),
        requestsPerSecond: { ours: summarize(l.ours.map((v) => round(v, 1))), baseline: summarize(l.baseline.map((v) => round(v, 1))) },
        // autocannon's latencies are whole milliseconds; the mean (connections × 1000 / req/s) is the finer figure.
        latencyMs: {
          ours: { p50: med(l.p50.ours), p99: med(l.p99.ours), mean: round((l.connections * 1000) / med(l.ours), 2) },
          baseline: { p50: med(l.p50.baseline), p99: med(l.p99.baseline), mean: round((l.connections * 1000) / med(l.baseline), 2) },
        },
      },
    ]),
  );
  // The headline is the busy server's figure; the target holds at every concurrency.
  const headline = levels.find((l) => l.connections === 16) ?? levels[levels.length - 1];
  const worst = Math.min(...levels.map((l) => ratio(med(l.ours), med(l.baseline))));
  return {
    title: `Nested list (first: 20), autocannon at ${levels.map((l) => l.connections).join(' / ')} connections, vs hand-written pg endpoint`,
    unit: 'req/s',
    ours: summarize(headline.ours.map((v) => round(v, 1))),
    baseline: summarize(headline.baseline.map((v) => round(v, 1))),
    ratio: worst,
    target: `≥ ${READ_TARGET} of baseline at every concurrency (ratio shown: the lowest; ours/baseline: ${headline.connections} connections)`,
    met: worst >= READ_TARGET,
    cases: h.o.cases,
    details: {
      secondsPerRun: h.p.loadSeconds,
      sameJson: identical,
      byConnections,
      nodeFlags: process.execArgv,
      breakdownRequestsPerSecond: h.o.quick ? null : await throughputBreakdown(h),
    },
  };
}

/**
 * Where the time of the nested list goes: the same load against cheaper queries, one
 * run each — the GraphQL stack alone, then the list query, then each relation.
 */
async function throughputBreakdown(h: Harness): Promise<Record<string, number>> {
  const variants: Record<string, string> = {
    'stack only ({ __typename })': '{ __typename }',
    'list only (ids)': 'query($first: Int) { practiceCases(first: $first) { edges { node { id } } } }',
    'list + municipality.county': 'query($first: Int) { practiceCases(first: $first) { edges { node { municipality { county { name } } } } } }',
    'list + themes': 'query($first: Int) { practiceCases(first: $first) { edges { node { themes { slug } } } } }',
    'list + partners.organization': 'query($first: Int) { practiceCases(first: $first) { edges { node { partners { organization { name } } } } } }',
    'list + adaptedFrom': 'query($first: Int) { practiceCases(first: $first) { edges { node { adaptedFrom { title } } } } }',
    'full nested query': NESTED_QUERY,
  };
  const out: Record<string, number> = {};
  for (const [name, query] of Object.entries(variants)) {
    const r = await autocannon(h.graphqlUrl, JSON.stringify({ query, variables: { first: 20 } }), { connections: 20, seconds: Math.max(3, Math.round(h.p.loadSeconds / 2)) }).done;
    out[name] = round(r.requestsPerSecond, 1);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Benchmark 4: full reindex

async function benchReindex(h: Harness): Promise<BenchmarkResult> {
  const { system } = h;
  // The prepared documents: what the indexer would send, built once, outside the timing.
  const t0 = performance.now();
  const batches: string[] = [];
  let docs = 0;
  let after: string | null = null;
  const batchDocs = 5_000;
  let current: SearchDocument[] = [];
  for (;;) {
    const page: SearchDocument[] = await system.search.source.page(system.orm.em.fork(), after, 1000);
    if (!page.length) break;
    after = page[page.length - 1].id;
    docs += page.length;
    current.push(...page);
    if (current.length >= batchDocs) {
      batches.push(JSON.stringify(current));
      current = [];
    }
  }
  if (current.length) batches.push(JSON.stringify(current));
  const prepareSeconds = (performance.now() - t0) / 1000;
  const bytes = batches.reduce((s, b) => s + Buffer.byteLength(b), 0);

  const baselineUid = `${system.search.indexUid}_bench_direct`;
  const direct = async () => {
    await meiliFetch(h, `/indexes/${baselineUid}`, { method: 'DELETE' }).then((t) => waitMeiliTasks(h, [t.taskUid])).catch(() => undefined);
    const t = performance.now();
    // Same index settings as the real index, then every batch enqueued at once:
    // Meilisearch merges consecutive document additions into large internal batches.
    await applyIndexSettings(system.search.client, baselineUid);
    const uids: number[] = [];
    for (const b of batches) uids.push((await meiliFetch(h, `/indexes/${baselineUid}/documents?primaryKey=id`, { method: 'POST', body: b })).taskUid);
    await waitMeiliTasks(h, uids);
    const seconds = (performance.now() - t) / 1000;
    const stats = await meiliFetch(h, `/indexes/${baselineUid}/stats`);
    if (stats.numberOfDocuments !== docs) throw new Error(`baseline index holds ${stats.numberOfDocuments} documents, expected ${docs}`);
    return seconds;
  };
  let lastTasks: unknown[] = [];
  const ours = async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const t = performance.now();
    const result = await system.search.reindex();
    const seconds = (performance.now() - t) / 1000;
    if (result.documents !== docs) throw new Error(`reindex wrote ${result.documents} documents, expected ${docs}`);
    // What Meilisearch spent the rebuild on, task by task.
    const tasks = await meiliFetch(h, `/tasks?limit=100&afterEnqueuedAt=${encodeURIComponent(since)}`);
    const t0 = Date.parse(since) + 1000;
    const at = (iso: string | null) => (iso ? `${((Date.parse(iso) - t0) / 1000).toFixed(2)}s` : '-');
    lastTasks = (tasks.results as { type: string; indexUid: string | null; enqueuedAt: string; startedAt: string | null; finishedAt: string | null; details?: { receivedDocuments?: number } }[])
      .reverse()
      .map((x) => `${x.type} ${x.details?.receivedDocuments ?? ''} enqueued ${at(x.enqueuedAt)} started ${at(x.startedAt)} finished ${at(x.finishedAt)}`.replace(/\s+/g, ' ').trim());
    lastTasks.push(`reindex() returned at ${((performance.now() - t) / 1000).toFixed(2)}s`);
    // The catch-up rows re-queue recently changed cases; the next rebuild covers them,
    // and the last run's rows are drained below, outside the timing.
    return { seconds, catchUp: result.catchUp };
  };
  const oursRuns: number[] = [];
  const directRuns: number[] = [];
  let catchUp = 0;
  // A cold first rebuild is slower on both sides (page cache, Meilisearch's own
  // start-up work); below 20 000 cases a warm-up pair is cheap enough to discard.
  const warmup = !h.o.quick && h.o.cases <= 20_000;
  if (warmup) {
    log('  reindex warm-up');
    await ours();
    await direct();
  }
  for (let rep = 0; rep < h.p.reindexReps; rep++) {
    log(`  reindex run ${rep + 1}/${h.p.reindexReps}`);
    const o = await ours();
    oursRuns.push(o.seconds);
    catchUp = o.catchUp;
    log(`    ours ${round(o.seconds, 1)} s`);
    directRuns.push(await direct());
    log(`    direct ${round(directRuns[directRuns.length - 1], 1)} s`);
  }
  await meiliFetch(h, `/indexes/${baselineUid}`, { method: 'DELETE' }).then((t) => waitMeiliTasks(h, [t.taskUid]));
  const stats = await meiliFetch(h, `/indexes/${system.search.indexUid}/stats`);
  const global = await meiliFetch(h, '/stats');
  const r = ratio(percentile(oursRuns, 50), percentile(directRuns, 50));
  return {
    title: `Full reindex of ${docs} published cases vs prepared documents sent directly`,
    unit: 's',
    ours: summarize(oursRuns.map((s) => round(s, 2))),
    baseline: summarize(directRuns.map((s) => round(s, 2))),
    ratio: r,
    target: '≤ 1.3×',
    met: r <= 1.3,
    cases: h.o.cases,
    details: {
      documents: docs,
      liveIndexDocuments: stats.numberOfDocuments,
      // Index size: the documents as stored, and Meilisearch's whole database in use (the live index is nearly all of it).
      rawDocumentDbMiB: round(Number(stats.rawDocumentDbSize ?? 0) / 2 ** 20, 1),
      avgDocumentBytes: stats.avgDocumentSize,
      usedDatabaseMiB: round(Number(global.usedDatabaseSize ?? 0) / 2 ** 20, 1),
      docsPerSecond: { ours: round(docs / percentile(oursRuns, 50), 0), baseline: round(docs / percentile(directRuns, 50), 0) },
      payloadMiB: round(bytes / 2 ** 20, 1),
      directBatches: batches.length,
      directBatchDocuments: batchDocs,
      prepareSeconds: round(prepareSeconds, 1),
      catchUpRowsLastRun: catchUp,
      meilisearchTasksLastRun: lastTasks,
    },
  };
}

// ---------------------------------------------------------------------------
// Benchmark 5: freshness

/** Pause between two visibility checks: a tight loop of searches competed, on two cores, with the indexing it waited for. */
const VISIBILITY_POLL_MS = 10;
/** Background publishes per second in the freshness benchmark's loaded phase, over four reviewers. */
const WRITE_LOAD_PER_SECOND = 20;
/** Freshness targets (issue 17), p95 from commit to searchable with the indexer in another process. */
const FRESHNESS_TARGET_MS = { idle: 300, underLoad: 1000 };

type Prepared = { id: string; version: number; marker?: string };

/** The environment of another Utbyte process on the harness's databases and index. */
function servicesEnv(h: Harness): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'NODE_ENV', 'PORT', 'DATA_DIR', 'INDEX_PREFIX']) delete env[k];
  return {
    ...env,
    NODE_ENV: 'production',
    DATABASE_URL: h.system.endpoints.databaseUrl,
    MEILI_URL: h.system.endpoints.meiliUrl,
    ...(h.system.endpoints.meiliKey ? { MEILI_MASTER_KEY: h.system.endpoints.meiliKey } : {}),
    INDEX_PREFIX: h.system.config.indexPrefix,
    LOG_LEVEL: 'warn',
  };
}

/**
 * Polls `check` with a small pause until it holds; the time it took. A check that
 * runs back to back keeps a core busy with searches that the indexing it waits for needs.
 */
async function until(check: () => Promise<boolean>, what: string): Promise<number> {
  const t = performance.now();
  while (!(await check())) {
    if (performance.now() - t > 60_000) throw new Error(`${what} not visible after 60 s`);
    await sleep(VISIBILITY_POLL_MS);
  }
  return performance.now() - t;
}

/**
 * Republishes published cases at a steady rate (each writes a revision and an outbox row
 * the indexer must take too) until stopped; four reviewers, each with its own cases.
 */
function writeLoad(h: Harness, cases: { id: string; version: number }[], perSecond: number): { stop: () => Promise<{ publishes: number; perSecond: number }> } {
  const workers = 4;
  let stopped = false;
  let publishes = 0;
  const t0 = performance.now();
  const worker = async (w: number) => {
    for (let i = w; !stopped; i += workers) {
      const c = cases[i % cases.length];
      const started = performance.now();
      const res = await gql<any>(h.graphqlUrl, PUBLISH_MUTATION, { input: { id: toGlobalId('PracticeCase', c.id), expectedVersion: c.version } }, h.reviewerTokens[9 - w]);
      if (!res.publishPracticeCase.practiceCase) throw new Error(`background publish failed: ${JSON.stringify(res.publishPracticeCase.userErrors)}`);
      c.version = res.publishPracticeCase.practiceCase.version as number;
      publishes++;
      await sleep(Math.max(0, (workers * 1000) / perSecond - (performance.now() - started)));
    }
  };
  const running = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    stop: async () => {
      stopped = true;
      await running;
      return { publishes, perSecond: round(publishes / ((performance.now() - t0) / 1000), 1) };
    },
  };
}

async function benchFreshness(h: Harness, prepared: Prepared[]): Promise<BenchmarkResult> {
  const { system } = h;
  const baseUid = `${system.search.indexUid}_bench_fresh`;
  await applyIndexSettings(system.search.client, baseUid);
  // The indexer runs in a process of its own, woken by the NOTIFY of each outbox commit.
  await system.search.indexer.stop();
  const indexer = await spawnUntil(join(resolve(__dirname, '..'), 'server', 'src', 'main.js'), ['indexer'], servicesEnv(h), /Indexing the search outbox/);
  try {
    const w = h.p.freshnessWarmup;
    const n = h.p.freshness;
    await freshnessPhase(h, baseUid, prepared.slice(0, w)); // warm-up
    const idle = await freshnessPhase(h, baseUid, prepared.slice(w, w + n));
    const published = await system.orm.em.fork().execute<{ id: string; version: number }[]>(`select id, version from practice_case where status = 'PUBLISHED' order by id limit 400`);
    const load = writeLoad(h, published, WRITE_LOAD_PER_SECOND);
    let loaded: FreshnessSamples;
    try {
      await sleep(1000);
      loaded = await freshnessPhase(h, baseUid, prepared.slice(w + n, w + n + h.p.freshnessUnderLoad));
    } catch (err) {
      await load.stop().catch(() => undefined);
      throw err;
    }
    return freshnessResult(h, idle, loaded, await load.stop());
  } finally {
    await stopProcess(indexer.child);
    await meiliFetch(h, `/indexes/${baseUid}`, { method: 'DELETE' }).catch(() => undefined);
    system.search.indexer.start();
  }
}

interface FreshnessSamples {
  ours: number[];
  direct: number[];
  publishMs: number[];
  /** Where ours went, from Meilisearch's task of the sample: commit → task enqueued (the indexer's wake-up, claim, load, document), enqueued → finished (Meilisearch), finished → found by the API's search. */
  stages: { indexer: number[]; meilisearch: number[]; search: number[] };
}

/**
 * Publishes each case over GraphQL and times commit → found by `search` through the API;
 * then adds the same document to a separate index directly and times Meilisearch's own
 * add → searchable.
 */
async function freshnessPhase(h: Harness, baseUid: string, cases: Prepared[]): Promise<FreshnessSamples> {
  const out: FreshnessSamples = { ours: [], direct: [], publishMs: [], stages: { indexer: [], meilisearch: [], search: [] } };
  const visibleViaApi = async (marker: string, id: string) => {
    const data = await gql<{ search: { edges: { node: { id: string } }[] } }>(h.graphqlUrl, `query($q: String) { search(query: $q, first: 5) { edges { node { id } } } }`, { q: marker });
    return data.search.edges.some((e) => e.node.id === toGlobalId('PracticeCase', id));
  };
  const visibleDirect = async (marker: string, id: string) => {
    const res = await meiliFetch(h, `/indexes/${baseUid}/search`, { method: 'POST', body: JSON.stringify({ q: marker, limit: 5, attributesToRetrieve: ['id'] }) });
    return (res.hits as { id: string }[]).some((x) => x.id === id);
  };
  for (const c of cases) {
    const t = performance.now();
    const res = await gql<any>(h.graphqlUrl, PUBLISH_MUTATION, { input: { id: toGlobalId('PracticeCase', c.id), expectedVersion: c.version } }, h.reviewerTokens[0]);
    if (!res.publishPracticeCase.practiceCase) throw new Error(JSON.stringify(res.publishPracticeCase.userErrors));
    const committed = performance.now();
    const committedAt = Date.now();
    out.ours.push(await until(() => visibleViaApi(c.marker!, c.id), `case ${c.id}`));
    out.publishMs.push(committed - t);
    await recordStages(h, out.stages, committedAt, committedAt + out.ours[out.ours.length - 1]);
    const [doc] = await h.system.search.source.load(h.system.orm.em.fork(), [c.id]);
    const t2 = performance.now();
    await meiliFetch(h, `/indexes/${baseUid}/documents?primaryKey=id`, { method: 'POST', body: JSON.stringify([doc]) });
    await until(() => visibleDirect(c.marker!, c.id), `direct ${c.id}`);
    out.direct.push(performance.now() - t2);
  }
  return out;
}

/** Splits one sample's time at its Meilisearch task: the last addition to the live index finished before the case was found. */
async function recordStages(h: Harness, stages: FreshnessSamples['stages'], committedAt: number, visibleAt: number): Promise<void> {
  const { results } = await meiliFetch(h, `/tasks?indexUids=${h.system.search.indexUid}&types=documentAdditionOrUpdate&statuses=succeeded&limit=1`);
  const task = (results as { enqueuedAt: string; finishedAt: string }[])[0];
  if (!task || Date.parse(task.enqueuedAt) < committedAt) return;
  stages.indexer.push(Date.parse(task.enqueuedAt) - committedAt);
  stages.meilisearch.push(Date.parse(task.finishedAt) - Date.parse(task.enqueuedAt));
  stages.search.push(visibleAt - Date.parse(task.finishedAt));
}

function freshnessResult(h: Harness, idle: FreshnessSamples, loaded: FreshnessSamples, background: { publishes: number; perSecond: number }): BenchmarkResult {
  const q = (v: number[], p: number) => round(percentile(v, p), 1);
  const stage = (v: number[]) => (v.length ? { p50: q(v, 50), p95: q(v, 95) } : null);
  const phase = (s: FreshnessSamples) => ({
    oursP50: q(s.ours, 50),
    oursP95: q(s.ours, 95),
    directP50: q(s.direct, 50),
    directP95: q(s.direct, 95),
    publishRequestP50: q(s.publishMs, 50),
    stages: { commitToTaskEnqueued: stage(s.stages.indexer), taskEnqueuedToFinished: stage(s.stages.meilisearch), taskFinishedToFound: stage(s.stages.search) },
  });
  const idleMet = percentile(idle.ours, 95) <= FRESHNESS_TARGET_MS.idle;
  const loadedMet = percentile(loaded.ours, 95) <= FRESHNESS_TARGET_MS.underLoad;
  return {
    title: 'Publish → visible in search (idle; separate indexer), vs Meilisearch add → visible',
    unit: 'ms (p95)',
    ours: { ...summarize(idle.ours.map((v) => round(v, 1))), median: q(idle.ours, 95), runs: [] },
    baseline: { ...summarize(idle.direct.map((v) => round(v, 1))), median: q(idle.direct, 95), runs: [] },
    ratio: ratio(percentile(idle.ours, 95), percentile(idle.direct, 95)),
    target: `p95 ≤ ${FRESHNESS_TARGET_MS.idle} ms idle and ≤ ${FRESHNESS_TARGET_MS.underLoad} ms under write load`,
    met: idleMet && loadedMet,
    cases: h.o.cases,
    details: {
      indexer: 'separate process (main.js indexer), woken by LISTEN/NOTIFY',
      pollPauseMs: VISIBILITY_POLL_MS,
      publishes: { idle: idle.ours.length, underLoad: loaded.ours.length },
      idle: { ...phase(idle), met: idleMet },
      underLoad: { ...phase(loaded), met: loadedMet, backgroundPublishesPerSecond: background.perSecond, backgroundPublishes: background.publishes },
      note: 'median/min/max of ours and baseline here are p95, min and max of the idle samples',
    },
  };
}

// ---------------------------------------------------------------------------
// Benchmark 6: write throughput

/**
 * The statements one publish through the API sends (the indexer paused, so that only the
 * request's own are counted; the token's once-a-minute last-used update left out).
 */
async function publishStatements(h: Harness, c: { id: string; version: number }): Promise<number> {
  await h.system.search.indexer.stop();
  setQueryLogging(h.system, true);
  h.statements.length = 0;
  h.counting.on = true;
  try {
    await gql(h.graphqlUrl, PUBLISH_MUTATION, { input: { id: toGlobalId('PracticeCase', c.id), expectedVersion: c.version } }, h.reviewerTokens[0]);
    return h.statements.filter((sql) => /^\[query\]/.test(sql) && !/update "api_token"/.test(sql)).length;
  } finally {
    h.counting.on = false;
    setQueryLogging(h.system, false);
    h.system.search.indexer.start();
  }
}

async function benchWrites(h: Harness, oursCases: { id: string; version: number }[][], baseCases: { id: string; version: number }[][]): Promise<BenchmarkResult> {
  const editors = 10;
  const drive = async (cases: { id: string; version: number }[], send: (c: { id: string; version: number }, editor: number) => Promise<unknown>) => {
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: editors }, async (_, editor) => {
        while (next < cases.length) {
          const c = cases[next++];
          const res = (await send(c, editor)) as { publishPracticeCase: { practiceCase: unknown; userErrors: unknown[] } };
          if (!res.publishPracticeCase.practiceCase) throw new Error(`publish failed: ${JSON.stringify(res.publishPracticeCase.userErrors)}`);
        }
      }),
    );
    return cases.length / ((performance.now() - t) / 1000);
  };
  const viaApi = (cases: { id: string; version: number }[]) =>
    drive(cases, (c, editor) => gql(h.graphqlUrl, PUBLISH_MUTATION, { input: { id: toGlobalId('PracticeCase', c.id), expectedVersion: c.version } }, h.reviewerTokens[editor]));
  const viaBaseline = (cases: { id: string; version: number }[]) =>
    drive(cases, async (c) => (await postJson<{ data: unknown }>(`${h.baseline.url}/publish`, { variables: { input: { id: c.id, expectedVersion: c.version } } })).data);
  const statements = await publishStatements(h, oursCases[0][0]);
  await viaApi(oursCases[0].slice(1));
  await viaBaseline(baseCases[0]);
  const ours: number[] = [];
  const base: number[] = [];
  for (let rep = 1; rep < oursCases.length; rep++) {
    ours.push(await viaApi(oursCases[rep]));
    base.push(await viaBaseline(baseCases[rep]));
  }
  const r = ratio(percentile(ours, 50), percentile(base, 50));
  return {
    title: 'publishPracticeCase/s, 10 concurrent reviewers, vs one hand-written pg transaction',
    unit: 'publishes/s',
    ours: summarize(ours.map((v) => round(v, 1))),
    baseline: summarize(base.map((v) => round(v, 1))),
    ratio: r,
    target: 'reported (no target in the issue)',
    met: null,
    cases: h.o.cases,
    // The baseline's: begin, update, partners, revision, outbox row, review row, commit.
    details: { concurrentEditors: editors, publishesPerRun: oursCases[0].length, statementsPerPublish: { ours: statements, baseline: 7 } },
  };
}

// ---------------------------------------------------------------------------
// Benchmark 7: start time and memory

async function benchStartAndMemory(h: Harness): Promise<BenchmarkResult> {
  const dist = resolve(__dirname, '..');
  const main = join(dist, 'server', 'src', 'main.js');
  const servicesOnly = join(__dirname, 'services-only.js');
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'NODE_ENV', 'PORT', 'DATA_DIR', 'INDEX_PREFIX']) delete base[k];
  // As `npm start` runs it.
  base.NODE_OPTIONS = SERVER_NODE_FLAGS.join(' ');
  const starts = { first: [] as number[], second: [] as number[], servicesFirst: [] as number[], servicesSecond: [] as number[] };
  let restRss = NaN;
  for (let i = 0; i < h.p.starts; i++) {
    for (const [script, key1, key2, ready] of [
      [main, 'first', 'second', /Utbyte ready at/],
      [servicesOnly, 'servicesFirst', 'servicesSecond', /services ready/],
    ] as const) {
      const dir = mkdtempSync(join(os.tmpdir(), 'bench-start-'));
      try {
        const env = { ...base, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' };
        for (const key of [key1, key2]) {
          const s = await spawnUntil(script, script === main ? ['start'] : [], env, ready);
          starts[key].push(s.ms);
          if (script === main && key === 'second') {
            await sleep(2000);
            restRss = processMemory(s.child.pid).rssMiB;
          }
          await stopProcess(s.child);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  // Peak memory under load: a separate server process on the benchmark's databases.
  const env = { ...servicesEnv(h), IN_PROCESS_INDEXER: 'false', RATE_LIMIT: 'false', PORT: '0' };
  const server = await spawnUntil(main, ['start'], env, /Utbyte ready at/);
  let loadedRest: number;
  let peak: number;
  try {
    const url = /https?:\/\/\S+/.exec(server.line)![0].replace('localhost', '127.0.0.1');
    await sleep(2000);
    loadedRest = processMemory(server.child.pid).rssMiB;
    const seconds = h.p.rssLoadSeconds;
    await autocannon(url, JSON.stringify({ query: NESTED_QUERY, variables: { first: 100 } }), { connections: 20, seconds }).done;
    await autocannon(url, JSON.stringify({ query: SEARCH_QUERY, variables: { query: 'språkcafé bibliotek', filter: null } }), { connections: 20, seconds }).done;
    peak = processMemory(server.child.pid).peakMiB;
  } finally {
    await stopProcess(server.child);
  }
  const med = (v: number[]) => round(percentile(v, 50), 0);
  return {
    title: 'Start to ready (first start, empty DATA_DIR) vs embedded services alone',
    unit: 'ms',
    ours: summarize(starts.first.map((v) => round(v, 0))),
    baseline: summarize(starts.servicesFirst.map((v) => round(v, 0))),
    ratio: ratio(med(starts.first), med(starts.servicesFirst)),
    target: 'reported',
    met: null,
    cases: h.o.cases,
    details: {
      firstStartMs: med(starts.first),
      secondStartMs: med(starts.second),
      servicesOnlyFirstMs: med(starts.servicesFirst),
      servicesOnlySecondMs: med(starts.servicesSecond),
      secondStartRatio: ratio(med(starts.second), med(starts.servicesSecond)),
      serverRssAtRestEmptyMiB: restRss,
      serverRssAtRestWithCorpusMiB: loadedRest,
      serverRssPeakUnderLoadMiB: peak,
      loadForPeak: `${h.p.rssLoadSeconds} s nested list (first: 100) + ${h.p.rssLoadSeconds} s search, 20 connections each`,
      harnessProcess: processMemory('self'),
    },
  };
}

/** Runs fn under the V8 CPU profiler of this process (server and baseline both live here). */
async function profiled<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((res, rej) => session.post(method, params ?? {}, (err, result) => (err ? rej(err) : res(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post('Profiler.stop');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    log(`  CPU profile written to ${file}`);
  }
}

// ---------------------------------------------------------------------------
// Report

function printTable(results: BenchResults): void {
  const rows = Object.entries(results.benchmarks).map(([key, b]) => [
    key,
    b.title.length > 62 ? `${b.title.slice(0, 61)}…` : b.title,
    `${b.ours.median} [${b.ours.min}–${b.ours.max}]`,
    `${b.baseline.median} [${b.baseline.min}–${b.baseline.max}]`,
    String(b.ratio),
    b.unit,
    b.met === null ? '—' : b.met ? 'met' : 'MISSED',
  ]);
  const head = ['#', 'benchmark', 'ours median [min–max]', 'baseline median [min–max]', 'ratio', 'unit', 'target'];
  const widths = head.map((hd, i) => Math.max(hd.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n\n`);
}

// ---------------------------------------------------------------------------

export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const p = plan(o);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-data-'));
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: `npm run bench -- --cases ${o.cases}${o.quick ? ' --quick' : ''}`,
    machine: machine(),
    options: { cases: o.cases, quick: o.quick, seed: o.seed },
    corpus: {},
    benchmarks: {},
    memory: {},
  };
  const statements: string[] = [];
  const counting = { on: false };
  const config = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    INDEX_PREFIX: 'bench_',
    // The load is written first and indexed by a full rebuild (benchmark 4); the
    // indexer runs from then on.
    IN_PROCESS_INDEXER: 'false',
    // One load generator on one address is exactly what rate limiting is for.
    RATE_LIMIT: 'false',
  });
  log(`booting on ${dataDir}`);
  const system = await bootSystem(config, createLogger('warn'), { onQuery: (sql) => counting.on && statements.push(sql) });
  setQueryLogging(system, false);
  // Ctrl-C must not orphan the embedded PostgreSQL and Meilisearch.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void system.stop().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let baseline: BaselineServer | undefined;
  let peakSampler: NodeJS.Timeout | undefined;
  let peakRss = 0;
  try {
    const restRss = processMemory('self').rssMiB;
    peakSampler = setInterval(() => (peakRss = Math.max(peakRss, processMemory('self').rssMiB)), 500);
    const { port } = await system.app.listen(0, '127.0.0.1');
    baseline = await startBaselineServer(system.endpoints.databaseUrl);
    const cx = corpusContext(o.seed);
    const h: Harness = {
      o,
      p,
      system,
      cx,
      graphqlUrl: `http://127.0.0.1:${port}/graphql`,
      baseline,
      statements,
      counting,
      meili: { url: system.endpoints.meiliUrl, key: system.endpoints.meiliKey },
      nextExtra: 10_000_000,
      reviewerTokens: await reviewerTokens(system, 10),
    };

    if (o.quick) {
      // The smoke run loads only the partners its cases name (a few hundred of ~940).
      const named = new Set<string>();
      const extras = [...Array(o.cases).keys(), ...Array.from({ length: 2 * (p.reps + 1) * p.publishesPerRun + p.freshnessWarmup + p.freshness + p.freshnessUnderLoad }, (_, k) => h.nextExtra + k)];
      for (const i of extras) for (const partner of generateCase(cx, i).input.partners ?? []) named.add(partner.organization);
      cx.organizations = cx.organizations.filter((org) => named.has(org.slug));
    }
    log(`loading ${cx.organizations.length} organizations and ${o.cases} cases through the services`);
    await loadOrganizations(system, cx, o.concurrency);
    const loaded = await loadCases(system, cx, o.cases, {
      concurrency: o.concurrency,
      onProgress: (done, s) => log(`  ${done}/${o.cases} cases, ${round(done / s, 1)}/s`),
    });
    const byStatus: Record<string, number> = {};
    for (const c of loaded.cases) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    results.corpus = {
      cases: o.cases,
      organizations: cx.organizations.length,
      byStatus,
      municipalitiesWithCases: new Set(Array.from({ length: o.cases }, (_, i) => generateCase(cx, i).input.municipality)).size,
      loadSeconds: round(loaded.seconds, 1),
      casesPerSecond: round(loaded.casesPerSecond, 1),
      loaderConcurrency: o.concurrency,
    };
    log(`loaded in ${round(loaded.seconds, 1)} s (${round(loaded.casesPerSecond, 1)} cases/s)`);
    // A full rebuild supersedes every queued change of the load.
    await system.orm.em.fork().execute('delete from search_outbox');
    // Fresh planner statistics, as autovacuum would have gathered on a live database:
    // right after a bulk load they still describe near-empty tables, and the planner
    // then sorts whole joins instead of walking the indexes (it cost the hand-written
    // baseline 5× at 500 cases).
    await system.orm.em.fork().execute('analyze');

    // Cases the publish benchmarks publish, prepared up front (IN_REVIEW, not indexed).
    const writeRuns = p.reps + 1;
    const oursWrites: { id: string; version: number }[][] = [];
    const baseWrites: { id: string; version: number }[][] = [];
    let fresh: { id: string; version: number; marker?: string }[] = [];
    if (o.only.has(6)) {
      log(`preparing ${2 * writeRuns * p.publishesPerRun} cases for the write benchmark`);
      for (let r = 0; r < writeRuns; r++) {
        oursWrites.push(await prepareInReview(h, p.publishesPerRun));
        baseWrites.push(await prepareInReview(h, p.publishesPerRun));
      }
    }
    if (o.only.has(5)) {
      const rng = new Rng(o.seed, 0xf7e5);
      const letters = 'bcdfghjklmnpqrstvwxz';
      log(`preparing ${p.freshnessWarmup + p.freshness + p.freshnessUnderLoad} cases for the freshness benchmark`);
      fresh = await prepareInReview(h, p.freshnessWarmup + p.freshness + p.freshnessUnderLoad, () => Array.from({ length: 10 }, () => letters[rng.int(0, letters.length - 1)]).join(''));
    }

    const run = async (n: number, name: string, fn: () => Promise<BenchmarkResult>) => {
      if (!o.only.has(n)) return;
      log(`benchmark ${n}: ${name}`);
      const t = performance.now();
      const r = o.profile ? await profiled(join(o.profile, `b${n}.cpuprofile`), fn) : await fn();
      r.details.wallSeconds = round((performance.now() - t) / 1000, 1);
      results.benchmarks[`b${n}`] = r;
      log(`  ours ${r.ours.median} ${r.unit}, baseline ${r.baseline.median}, ratio ${r.ratio}${r.met === null ? '' : r.met ? ' (target met)' : ' (TARGET MISSED)'}`);
    };

    if (!o.only.has(4)) await system.search.reindex(); // the other benchmarks need the index
    await run(4, 'full reindex', () => benchReindex(h));
    // The catch-up rows of the last rebuild re-queue cases changed shortly before it;
    // nothing wrote during the rebuild, so they would re-send unchanged documents.
    await system.orm.em.fork().execute('delete from search_outbox');
    // Measure a settled database: the load and the rebuilds leave hundreds of thousands
    // of dead outbox rows at 100 000 cases, and autovacuum would otherwise clean them up
    // on the same two cores while the read benchmarks run.
    await system.orm.em.fork().execute('vacuum analyze');
    (global as { gc?: () => void }).gc?.();
    log('draining the outbox');
    await system.search.indexer.drain();
    system.search.indexer.start();
    await run(2, 'SQL statements per request', () => benchStatements(h));
    await run(1, 'search overhead', () => benchSearch(h));
    await run(8, 'search page vs its GraphQL request; page weights', () => benchWebPages(h));
    await run(3, 'read throughput', () => benchThroughput(h));
    await run(5, 'freshness', () => benchFreshness(h, fresh));
    if (o.updateCost) {
      log(`one-document update cost at ${o.updateCost.join(', ')} documents`);
      results.updateCost = await measureUpdateCost({ fetch: (path, init) => meiliFetch(h, path, init), client: system.search.client }, system.search.indexUid, o.updateCost, log);
    }
    await run(6, 'write throughput', () => benchWrites(h, oursWrites, baseWrites));
    await run(7, 'start time and memory', () => benchStartAndMemory(h));
    results.memory = { harnessRssAtRestMiB: restRss, harnessRssPeakSampledMiB: peakRss, harness: processMemory('self'), note: 'the harness process hosts the server under test, the baseline endpoint and the corpus loader' };
  } finally {
    if (peakSampler) clearInterval(peakSampler);
    await baseline?.close().catch(() => undefined);
    await system.stop().catch((err: unknown) => log(`stop failed: ${(err as Error).message}`));
    rmSync(dataDir, { recursive: true, force: true });
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  results.machine.loadAverage = os.loadavg().map((l) => round(l, 2));
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  log(`results written to ${o.out}`);
  return results;
}

/** Runs the harness again with the server's V8 flags when it was started without them (e.g. `node dist/bench/run.js`). */
function withServerFlags(): boolean {
  const missing = SERVER_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (!missing.length) return false;
  const child = spawnSync(process.execPath, [...process.execArgv, ...missing, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

if (require.main === module && !withServerFlags()) {
  runBench(parseArgs(process.argv.slice(2))).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
