// The deployment docs/operations.md describes under "Scaling out", for real: three API
// processes (IN_PROCESS_INDEXER=false) and two `indexer` processes, each a separate
// `node main.js` from a build, start together on an empty database and share one
// PostgreSQL and one Meilisearch through DATABASE_URL / MEILI_URL. Writes go round-robin
// over the three; one API process and one indexer are killed with SIGKILL mid-load. Then
// every published case is in the index as its latest version, no document ever went
// back to an older version, the rate limit held across the three, and a theme renamed
// by a process that joins later is served renamed by the others within a second.
// PostgreSQL and Meilisearch are this file's own (started once, here), never the run's
// shared services: processes die here, and nothing else must see that.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedMeilisearch } from '../server/src/core/embedded/meilisearch';
import { EmbeddedPostgres } from '../server/src/core/embedded/postgres';
import { practiceCaseIndexUid } from '../server/src/core/search/index-settings';

const ROOT = join(__dirname, '..');
const id = randomBytes(4).toString('hex');
// Under node_modules, so that the build resolves its dependencies, and git and lint ignore it.
const BUILD = join(ROOT, 'node_modules', '.cache', `utbyte-scale-out-${id}`);
// The same build with one theme relabelled: the next release's reference data.
const NEXT_BUILD = `${BUILD}-next`;
const INDEX_PREFIX = `scale_${id}_`;
const INDEX = practiceCaseIndexUid(INDEX_PREFIX);
const RENAMED = 'Language and interpreting';
// Anonymous callers share their address's bucket: 100 units, 10 requests of cost 10, for all three processes together.
const IP_BURST = 100;

let dir: string;
let postgres: EmbeddedPostgres;
let meili: EmbeddedMeilisearch;
let db: pg.Pool;
const processes: Proc[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), BUILD], { cwd: ROOT, stdio: 'pipe' });
  cpSync(BUILD, NEXT_BUILD, { recursive: true });
  const themes = join(NEXT_BUILD, 'server', 'src', 'seed', 'data', 'themes.csv');
  const before = readFileSync(themes, 'utf8');
  writeFileSync(themes, before.replace('language,,Språk,Language,', `language,,Språk,${RENAMED},`));
  expect(readFileSync(themes, 'utf8')).not.toBe(before);
  dir = mkdtempSync(join(tmpdir(), 'utbyte-scale-out-'));
  // PostgreSQL runs as the "postgres" user when tests run as root; it must reach its folder.
  chmodSync(dir, 0o755);
  postgres = new EmbeddedPostgres({ dataDir: dir, database: 'utbyte', settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  meili = new EmbeddedMeilisearch({ dataDir: dir, bin: process.env.MEILI_BIN });
  await Promise.all([postgres.start(), meili.start()]);
  db = new pg.Pool({ connectionString: postgres.url, max: 2 });
  db.on('error', () => undefined);
}, 180_000);

afterAll(async () => {
  for (const p of processes) if (p.running()) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await db?.end();
  await Promise.allSettled([meili?.stop(), postgres?.stop()]);
  for (const d of [BUILD, NEXT_BUILD, dir]) if (d) rmSync(d, { recursive: true, force: true });
}, 60_000);

// ---- processes -------------------------------------------------------------

interface Proc {
  name: string;
  child: ChildProcess;
  /** stdout and stderr as they came. */
  output: () => string;
  stdout: () => string;
  exited: Promise<unknown>;
  running: () => boolean;
  /** The GraphQL URL, once an API process has said it is ready. */
  url?: string;
}

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Only what a deployment would set: nothing of this test run's own environment leaks in.
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    DATABASE_URL: postgres.url,
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    INDEX_PREFIX,
    DATA_DIR: join(dir, 'unused'),
    LOG_LEVEL: 'warn',
    PORT: '0',
    IN_PROCESS_INDEXER: 'false',
    RATE_LIMIT_IP_BURST: String(IP_BURST),
    RATE_LIMIT_IP_PER_SECOND: '1',
    // Writers sign in; their buckets must not be what stops the load.
    RATE_LIMIT_TOKEN_BURST: '10000000',
    RATE_LIMIT_TOKEN_PER_SECOND: '1000000',
    ...extra,
  };
}

function launch(name: string, args: string[], build = BUILD): Proc {
  const child = spawn(process.execPath, [join(build, 'server', 'src', 'main.js'), ...args], { cwd: ROOT, env: environment({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString('utf8');
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  let done = false;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const proc: Proc = { name, child, output: () => output, stdout: () => stdout, exited, running: () => !done };
  processes.push(proc);
  return proc;
}

/** Polls until `check` returns a value; fails after `ms` with what `what` says. */
async function until<T>(what: () => string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000, every = 25): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Waits for a line of the process's output; a process that exits first fails the test with its output. */
async function saying(p: Proc, pattern: RegExp): Promise<RegExpExecArray> {
  return until(
    () => `${p.name} never printed ${pattern}:\n${p.output().slice(-3000)}`,
    () => {
      if (!p.running()) throw new Error(`${p.name} exited:\n${p.output().slice(-3000)}`);
      return pattern.exec(p.output()) ?? undefined;
    },
    120_000,
  );
}

async function api(name: string, build = BUILD): Promise<Proc> {
  const p = launch(name, ['start'], build);
  // The line says localhost; the server listens on 127.0.0.1.
  p.url = (await saying(p, /Utbyte ready at (\S+)/))[1].replace('//localhost:', '//127.0.0.1:');
  return p;
}

async function indexer(name: string): Promise<Proc> {
  const p = launch(name, ['indexer']);
  await saying(p, /Indexing the search outbox/);
  return p;
}

/** `admin … --json` against the shared database; returns its output parsed. */
async function admin<T>(...args: string[]): Promise<T> {
  const p = launch('admin', ['admin', ...args, '--json']);
  await p.exited;
  if (p.child.exitCode !== 0) throw new Error(`admin ${args.join(' ')} failed:\n${p.output()}`);
  return JSON.parse(p.stdout()) as T;
}

async function tokenFor(email: string, role: string, municipality?: string): Promise<string> {
  await admin('create-user', '--email', email, '--role', role, ...(municipality ? ['--municipality', municipality] : []));
  return (await admin<{ token: string }>('create-token', '--user', email)).token;
}

// ---- GraphQL over the balancer -------------------------------------------------

/** Round-robin over the API processes that are up, as a load balancer would. */
class Balancer {
  private turn = 0;
  constructor(readonly apis: Proc[]) {}
  next(): Proc {
    const up = this.apis.filter((p) => p.running());
    return up[this.turn++ % up.length];
  }
}

type Answer = { lost: true } | { lost: false; status: number; body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };

/** One request to one process; `lost` when the process died before answering. */
async function post(p: Proc, query: string, variables: object, headers: Record<string, string>): Promise<Answer> {
  try {
    const res = await fetch(p.url!, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { lost: false, status: res.status, body: (await res.json()) as never };
  } catch {
    return { lost: true };
  }
}

/**
 * Sends until a process answers. A request lost with its process is sent again only when
 * that is safe (`retry`: a query, or a creation with an Idempotency-Key, which cannot
 * create twice); otherwise returns undefined and the caller finds out what happened.
 */
async function data(lb: Balancer, query: string, variables: object, token: string, options: { retry?: boolean; idempotencyKey?: string } = {}): Promise<any> {
  const headers = { authorization: `Bearer ${token}`, ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}) };
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await post(lb.next(), query, variables, headers);
    if (answer.lost && (options.retry || options.idempotencyKey)) continue;
    if (answer.lost) return undefined;
    if (answer.body.errors?.length) throw new Error(JSON.stringify(answer.body.errors));
    return answer.body.data;
  }
  throw new Error('no process answered');
}

// ---- the load: cases from draft to published, edited twice, some archived --------

interface CaseState {
  id: string;
  status: string;
  version: number;
  title: string;
}

const FIELDS = 'id status version title';
const CREATE = `mutation($input: CreatePracticeCaseInput!) { createPracticeCase(input: $input) { practiceCase { ${FIELDS} } userErrors { code message } } }`;
const UPDATE = `mutation($input: UpdatePracticeCaseInput!) { updatePracticeCase(input: $input) { practiceCase { ${FIELDS} } userErrors { code message } } }`;
const transition = (name: string) =>
  `mutation($input: PracticeCaseTransitionInput!) { ${name}PracticeCase(input: $input) { practiceCase { ${FIELDS} } userErrors { code message } } }`;
const READ = `query($id: ID!) { practiceCase(id: $id) { ${FIELDS} } }`;

interface Load {
  lb: Balancer;
  editor: string;
  reviewer: string;
  /** Called after every mutation that took effect. */
  done: () => void;
}

/**
 * One mutation on a case, until the case shows its effect. When the process died with
 * the request in flight it may or may not have committed: the case is read back from
 * another process, and the mutation is sent again only if it did not.
 */
async function advance(load: Load, c: CaseState, mutation: string, input: object, token: string, reached: (s: CaseState) => boolean): Promise<CaseState> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await data(load.lb, mutation, { input: { id: c.id, expectedVersion: c.version, ...input } }, token);
    if (result) {
      const payload = Object.values(result)[0] as { practiceCase: CaseState | null; userErrors: unknown[] };
      if (!payload.practiceCase) throw new Error(JSON.stringify(payload.userErrors));
      load.done();
      return payload.practiceCase;
    }
    const now = (await data(load.lb, READ, { id: c.id }, token, { retry: true })).practiceCase as CaseState;
    if (reached(now)) {
      load.done();
      return now;
    }
    c = now;
  }
  throw new Error(`case ${c.id} never reached its next state`);
}

/** Draft, in review, published, edited twice; every fifth archived at the end. */
async function lifecycle(load: Load, n: number): Promise<void> {
  const title = `Skalningsfall ${n}`;
  const input = { title, summary: 'Ett fall som skrivs genom flera processer.', body: 'Text.', kind: 'MEETING_PLACE', municipality: '0884', themes: ['language'] };
  const created = await data(load.lb, CREATE, { input }, load.editor, { idempotencyKey: `scale-${id}-${n}` });
  let c = created.createPracticeCase.practiceCase as CaseState;
  load.done();
  c = await advance(load, c, transition('submit'), {}, load.editor, (s) => s.status !== 'DRAFT');
  c = await advance(load, c, transition('publish'), {}, load.reviewer, (s) => s.status === 'PUBLISHED');
  for (const v of [2, 3]) c = await advance(load, c, UPDATE, { title: `${title} v${v}` }, load.editor, (s) => s.title === `${title} v${v}`);
  if (n % 5 === 0) await advance(load, c, transition('archive'), {}, load.editor, (s) => s.status === 'ARCHIVED');
}

/** Runs `cases` lifecycles, `workers` at a time. */
async function runLoad(load: Load, cases: number, workers: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < cases) await lifecycle(load, next++);
  }));
}

// ---- the index, watched from outside ------------------------------------------

interface IndexedCase {
  id: string;
  title: string;
  updatedAt: number;
  themes: string[];
}

async function indexed(): Promise<IndexedCase[]> {
  const res = await fetch(`${meili.url}/indexes/${INDEX}/documents?limit=1000&fields=id,title,updatedAt,themes`, { headers: { authorization: `Bearer ${meili.masterKey}` } });
  if (res.status === 404) return [];
  return ((await res.json()) as { results: IndexedCase[] }).results;
}

/**
 * Samples the index while the load runs and records every version (updatedAt) each
 * document was seen at: an older version indexed after a newer one shows as a step back.
 */
function watchIndex(): { stop: () => Promise<Map<string, number[]>> } {
  const seen = new Map<string, number[]>();
  let running = true;
  const sample = async () => {
    for (const doc of await indexed()) {
      const versions = seen.get(doc.id) ?? [];
      if (versions.at(-1) !== doc.updatedAt) seen.set(doc.id, [...versions, doc.updatedAt]);
    }
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sample();
      return seen;
    },
  };
}

// ---- the test ------------------------------------------------------------------

// practiceCases (10) with no nested connection: 10 units per request.
const TEN = '{ practiceCases(first: 9) { totalCount } }';
const CASES = 15;

/** Anonymous requests round-robin over the processes until one is refused; how many were accepted. */
async function spendAnonymously(lb: Balancer): Promise<number> {
  for (let accepted = 0; accepted <= IP_BURST; accepted++) {
    const answer = await post(lb.next(), TEN, {}, {});
    if (answer.lost) throw new Error('a process died');
    if (answer.status === 429) return accepted;
    expect(answer.status).toBe(200);
  }
  throw new Error('never refused');
}

/** Rate-limit charges the processes decided on their own because PostgreSQL was slow (their /metrics). */
async function fallbacks(apis: Proc[]): Promise<number> {
  let n = 0;
  for (const p of apis) n += Number(/^utbyte_rate_limit_fallbacks_total (\d+)$/m.exec(await (await fetch(p.url!.replace(/graphql$/, 'metrics'))).text())?.[1]);
  return n;
}

async function themeLabel(p: Proc, token: string): Promise<string | undefined> {
  const answer = await post(p, '{ theme(slug: "language") { labelEn } }', {}, { authorization: `Bearer ${token}` });
  return answer.lost ? undefined : (answer.body.data?.theme?.labelEn as string);
}

/** The published cases as the database has them and as the index has them: title, version time, themes. */
async function publishedInDatabaseAndIndex() {
  const { rows } = await db.query<{ id: string; title: string; updated: number }>(
    `select id::text, title, floor(extract(epoch from updated_at) * 1000)::float8 as updated from practice_case where status = 'PUBLISHED' order by id`,
  );
  const docs = (await indexed()).sort((a, b) => a.id.localeCompare(b.id));
  return {
    database: rows.map((r) => ({ id: r.id, title: r.title, updatedAt: Number(r.updated), renamed: true })),
    index: docs.map((d) => ({ id: d.id, title: d.title, updatedAt: d.updatedAt, renamed: d.themes.includes(RENAMED) })),
  };
}

test('three API processes and two indexers on one database survive losing one of each mid-load, and agree', async () => {
  // Five processes at once on an empty database, and an operator making accounts meanwhile:
  // the start-up locks sort out who migrates and who imports the reference data.
  const [[api1, api2, api3, , indexer2], [editor, reviewer]] = await Promise.all([
    Promise.all([api('api-1'), api('api-2'), api('api-3'), indexer('indexer-1'), indexer('indexer-2')]),
    Promise.all([tokenFor(`editor-${id}@example.se`, 'EDITOR', '0884'), tokenFor(`reviewer-${id}@example.se`, 'REVIEWER')]),
  ]);
  const lb = new Balancer([api1, api2, api3]);

  // One address, spread over three processes, gets the limit once (per process it was three times as many).
  // Had PostgreSQL not answered a charge within its 200 ms, that process would have limited on its own: said, if so.
  expect({ accepted: await spendAnonymously(lb), fallbacks: await fallbacks(lb.apis) }).toEqual({ accepted: IP_BURST / 10, fallbacks: 0 });
  for (const p of lb.apis) expect((await post(p, TEN, {}, {})) as { status: number }).toMatchObject({ status: 429 });

  const watcher = watchIndex();
  let mutations = 0;
  const killed = { api: api3, indexer: indexer2 };
  const load: Load = {
    lb,
    editor,
    reviewer,
    done: () => {
      // Mid-load: requests are in flight to the API process, and the indexer has batches to do.
      if (++mutations !== 30) return;
      killed.api.child.kill('SIGKILL');
      killed.indexer.child.kill('SIGKILL');
    },
  };
  await runLoad(load, CASES, 6);
  expect(await killed.api.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(await killed.indexer.exited).toEqual({ code: null, signal: 'SIGKILL' });

  // The next release joins with a relabelled theme; its reference import reaches the others through NOTIFY, well inside the cache's 60 s.
  for (const p of [api1, api2]) expect(await themeLabel(p, editor)).toBe('Language');
  const joined = await api('api-4', NEXT_BUILD);
  const joinedAt = Date.now();
  await Promise.all([api1, api2].map((p) => until(() => `${p.name} to serve the new label`, async () => (await themeLabel(p, editor)) === RENAMED, 10_000, 10)));
  expect(Date.now() - joinedAt).toBeLessThan(1000);
  lb.apis.push(joined);

  // Every published case is in the index as its latest version, with the new label, and nothing else is.
  await until(() => 'the outbox to drain', async () => (await db.query<{ n: number }>('select count(*)::int as n from search_outbox')).rows[0].n === 0, 60_000, 100);
  const { database, index } = await publishedInDatabaseAndIndex();
  expect(database).toHaveLength(CASES - CASES / 5);
  expect(index).toEqual(database);
  // No document ever went back to an older version while it was watched (up to the final state above).
  const history = await watcher.stop();
  for (const c of database) expect(history.get(c.id)?.at(-1)).toBe(c.updatedAt);
  expect([...history].filter(([, versions]) => versions.some((v, i) => i > 0 && v < versions[i - 1]))).toEqual([]);
  for (const p of [api1, api2, joined, processes.find((q) => q.name === 'indexer-1')!]) expect([p.name, p.running()]).toEqual([p.name, true]);
}, 300_000);
