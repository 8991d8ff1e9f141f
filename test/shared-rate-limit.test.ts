// Rate limits kept in PostgreSQL (core/hardening/shared-rate-limit.ts): two systems on
// one database stand for two replicas behind a load balancer, and one caller spreading
// its requests over both gets the configured limit once, not once per replica. When
// PostgreSQL does not answer in time, requests are neither held nor refused for it:
// each process limits on its own until the database answers again.
// Not on useTestSystem: two systems, the second on the first's database.
import pg from 'pg';
import { tokenFor } from './helpers/actors';
import { startTestSystem, type TestSystem } from './helpers/system';

// Buckets of 60 units draining 1 a second: six requests of cost 10, then 429 for seconds.
const limits = { rateLimit: true, tokenBurst: 60, tokenPerSecond: 1, ipBurst: 60, ipPerSecond: 1 };
// practiceCases (10) with no nested connection: 10 per request.
const TEN = '{ practiceCases(first: 9) { totalCount } }';

let a: TestSystem;
let b: TestSystem;

beforeAll(async () => {
  a = await startTestSystem({ limits });
  b = await startTestSystem({ limits }, { database: new URL(a.databaseUrl).pathname.slice(1) });
});

afterAll(async () => {
  await b?.stop({ keepDatabase: true });
  await a?.stop();
});

async function ask(t: TestSystem, token: string): Promise<{ status: number; remaining?: number }> {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: TEN }) });
  const body = (await res.json()) as { extensions?: { cost?: { remaining?: number } } };
  return { status: res.status, remaining: body.extensions?.cost?.remaining };
}

/** Requests alternating between the systems until one is refused; the remaining units each accepted one reported. */
async function spendAlternately(token: string, systems: TestSystem[]): Promise<number[]> {
  const remaining: number[] = [];
  for (let i = 0; i < 20; i++) {
    const answer = await ask(systems[i % systems.length], token);
    if (answer.status === 429) return remaining;
    expect(answer.status).toBe(200);
    remaining.push(answer.remaining!);
  }
  throw new Error('never refused');
}

const fallbacks = async (t: TestSystem) => Number(/^utbyte_rate_limit_fallbacks_total (\d+)$/m.exec(await (await fetch(`${t.baseUrl}/metrics`)).text())?.[1]);

test('one caller spreading requests over two processes gets the configured limit once', async () => {
  const token = await tokenFor(a, 'EDITOR', '0884');
  // Per process this was six requests on each, twelve in all.
  expect(await spendAlternately(token, [a, b])).toEqual([50, 40, 30, 20, 10, 0]);
  // Refused by both now, whichever the balancer picks.
  expect((await ask(a, token)).status).toBe(429);
  expect((await ask(b, token)).status).toBe(429);
  // The table holds digests, never a caller's address or token.
  const keys = await a.sql<{ key: string }>('select key from rate_limit_bucket');
  expect(keys.length).toBeGreaterThan(0);
  for (const { key } of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{27}$/);
  expect(await fallbacks(a)).toBe(0);
});

test('while PostgreSQL holds the limiter back, requests pass on each process’s own limit, and shared limits resume after', async () => {
  const token = await tokenFor(a, 'EDITOR', '0884');
  const blocker = new pg.Client({ connectionString: a.databaseUrl });
  await blocker.connect();
  try {
    // Every statement on the table now waits for this transaction.
    await blocker.query('begin');
    await blocker.query('lock table rate_limit_bucket in access exclusive mode');
    const before = await fallbacks(a);
    // Each process counts on its own: six on a alone before a refuses.
    expect(await spendAlternately(token, [a])).toEqual([50, 40, 30, 20, 10, 0]);
    expect(await fallbacks(a)).toBeGreaterThan(before);
    // b's own bucket for the caller is still full.
    expect(await ask(b, token)).toEqual({ status: 200, remaining: 50 });
  } finally {
    await blocker.query('rollback');
    await blocker.end();
  }
  // Once its pause is over, each process asks PostgreSQL again: a fresh caller shares one bucket.
  const probe = await tokenFor(a, 'EDITOR', '0884');
  const asksDatabase = async (t: TestSystem) => {
    const seen = await fallbacks(t);
    await ask(t, probe);
    return (await fallbacks(t)) === seen;
  };
  await until(async () => (await asksDatabase(a)) && (await asksDatabase(b)));
  const fresh = await tokenFor(a, 'EDITOR', '0884');
  expect(await ask(a, fresh)).toEqual({ status: 200, remaining: 50 });
  expect(await ask(b, fresh)).toEqual({ status: 200, remaining: 40 });
});

/** Polls until `check` holds; fails after 10 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
