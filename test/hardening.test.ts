// The limits in front of the resolvers, over HTTP: depth, aliases, tokens, cost with
// extensions.cost, leaky-bucket rate limiting per token and per address with
// Retry-After, body size, batches, CSRF prevention, security headers, masking of
// unexpected errors, and what production hides (introspection, field suggestions).
import { useTestSystem } from './helpers/harness';
import type { TestSystem } from './helpers/system';
import { tokenFor } from './helpers/actors';

async function raw(t: TestSystem, init: { method?: string; headers?: Record<string, string>; body?: string; path?: string }) {
  const res = await fetch(`${t.baseUrl}${init.path ?? '/graphql'}`, {
    method: init.method ?? 'POST',
    // As the SDK asks: refused documents keep their 400 (plain application/json gets 200, see graphql-over-http.test.ts).
    headers: init.method === 'GET' ? init.headers : { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...init.headers },
    body: init.body,
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

const post = (t: TestSystem, query: string, headers: Record<string, string> = {}) => raw(t, { headers, body: JSON.stringify({ query }) });

describe('static limits and the cost report (default limits)', () => {
  const { t } = useTestSystem();

  test('every executed response reports its cost in extensions.cost', async () => {
    const res = await post(t, '{ practiceCases(first: 7) { edges { node { municipality { code } } } } }');
    expect(res.status).toBe(200);
    // practiceCases (a connection: 10) + 7 × (edges, node, municipality)
    expect(res.body.extensions.cost).toEqual({ requested: 10 + 3 * 7, maximum: 10_000 });
  });

  test.each([
    ['too deep', `{ practiceCases { edges { node { adaptedFrom { adaptedFrom { adaptedFrom { adaptedFrom { adaptedFrom { adaptedFrom { adaptedFrom { id } } } } } } } } } } }`, /nests 11 levels/],
    ['too many aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`, /more than 30 aliases/],
    ['too costly', '{ municipalities(first: 100) { edges { node { practiceCases(first: 100) { edges { node { id } } } } } } }', /would cost \d+; at most 10000/],
  ])('%s: 400 GRAPHQL_VALIDATION_FAILED before anything runs', async (_name, query, message) => {
    t.statements.length = 0;
    const res = await post(t, query);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(message);
    expect(res.body.data).toBeUndefined();
    expect(t.statements.filter((s) => /practice_case|municipality/.test(s))).toEqual([]);
  });

  // Each fragment spreads the one before twice: under 2 KB of text for 2^n copies of F0.
  const doubling = (n: number, f0: string) =>
    `fragment F0 on Query { ${f0} } ${Array.from({ length: n }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ')} { ...F${n} }`;

  test.each([
    ['__typename', [14, 24, 40, 60], (n: number) => Math.min(2 ** n, Number.MAX_SAFE_INTEGER)],
    ['practiceCases(first: 100) { edges { node { municipality { code } themes { slug } } } }', [5, 12, 24, 60], (n: number) => Math.min(2 ** n * 410, Number.MAX_SAFE_INTEGER)],
  ])('fragments doubling %s: every copy is paid for and the cost limit refuses it', async (f0, sizes, expected) => {
    for (const n of sizes) {
      const res = await post(t, doubling(n, f0));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: expected(n), maximumCost: 10_000 });
      expect(res.body.errors[0].message).toMatch(/would cost \d+; at most 10000/);
    }
    // One level fewer than the limit is an ordinary, paid-for query.
    const under = await post(t, doubling(f0 === '__typename' ? 13 : 4, f0));
    expect(under.status).toBe(200);
    expect(under.body.extensions.cost.requested).toBe(f0 === '__typename' ? 2 ** 13 : 16 * 410);
    expect((await raw(t, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  test('directives are counted at every spread of their fragment', async () => {
    const res = await post(t, doubling(6, '__typename @include(if: true)'));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('The operation uses 64 directives; at most 50 are allowed');
  });

  test('too many tokens: parsing stops, 400 GRAPHQL_PARSE_FAILED', async () => {
    const res = await post(t, `{ ${'__typename '.repeat(6000)} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  test.each([['a NUL', 'a\u0000b'], ['an unpaired surrogate', 'a\ud800b'], ['a reversed pair', '\udc00\ud800']])(
    'text with %s is refused as BAD_USER_INPUT before it reaches PostgreSQL or Meilisearch',
    async (_name, text) => {
      const res = await raw(t, { body: JSON.stringify({ query: 'query($s: String) { practiceCase(slug: $s) { id } search(query: $s) { totalCount } }', variables: { s: text } }) });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const inline = await post(t, `{ search(query: ${JSON.stringify(text)}) { totalCount } }`);
      expect(inline.status).toBe(400);
      // graphql-js's lexer already refuses a bad surrogate escape in a literal.
      expect(['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED']).toContain(inline.body.errors[0].extensions.code);
    },
  );

  test('valid text outside the BMP passes', async () => {
    const res = await post(t, '{ search(query: "språkcafé 😀") { totalCount } }');
    expect(res.status).toBe(200);
  });

  test('malformed JSON is a 400 with a code; an oversized body a 413', async () => {
    const bad = await raw(t, { body: '{"query": "{ __typename }"' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const big = await raw(t, { body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  test('batches are off by default', async () => {
    const res = await raw(t, { body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(res.status).toBe(400);
  });

  test('CSRF prevention: simple requests are refused, preflighted ones pass', async () => {
    const form = await raw(t, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(form.status).toBe(400);
    const simpleGet = await raw(t, { method: 'GET', path: '/graphql?query=%7B__typename%7D' });
    expect(simpleGet.status).toBe(400);
    const preflighted = await raw(t, { method: 'GET', path: '/graphql?query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(preflighted.body.data).toEqual({ __typename: 'Query' });
  });

  test('security headers: the full set on other routes; /graphql without a CSP so the explorer loads', async () => {
    const health = await raw(t, { method: 'GET', path: '/healthz' });
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(health.headers.get('x-powered-by')).toBeNull();
    const gql = await post(t, '{ __typename }');
    expect(gql.headers.get('x-content-type-options')).toBe('nosniff');
    expect(gql.headers.get('content-security-policy')).toBeNull();
  });

  test('an unexpected error is INTERNAL_SERVER_ERROR without its message, stack, SQL or paths', async () => {
    const themes = t.system.services.themes;
    const original = themes.roots;
    themes.roots = async () => {
      throw new Error('select * from secret_table at /work/main/server/src/x.ts:12');
    };
    try {
      const res = await post(t, '{ themes { slug } }');
      expect(res.body.errors).toEqual([{ message: 'Internal server error', path: ['themes'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(res.body)).not.toMatch(/secret_table|\/work\/|\.ts:/);
    } finally {
      themes.roots = original;
    }
  });

  test('every error carries extensions.code', async () => {
    for (const query of ['{', '{ nope }', 'query($a: Int!) { practiceCases(first: $a) { totalCount } }', '{ practiceCases(first: 0) { totalCount } }', '{ apiTokens { totalCount } }']) {
      const res = await post(t, query);
      expect(res.body.errors.length).toBeGreaterThan(0);
      for (const e of res.body.errors) expect(typeof e.extensions?.code).toBe('string');
    }
  });
});

describe('rate limiting (a leaky bucket on cost)', () => {
  const { t } = useTestSystem({
    limits: { rateLimit: true, tokenBurst: 60, tokenPerSecond: 1, ipBurst: 40, ipPerSecond: 1, maxBatch: 2, bodyLimitBytes: 4096 },
  });
  // practiceCases (10): 10 per request.
  const TEN = '{ practiceCases(first: 9) { totalCount } }';

  test('tokens have their own buckets; a drained one answers 429 RATE_LIMITED with Retry-After', async () => {
    const first = await tokenFor(t, 'EDITOR', '0884');
    const second = await tokenFor(t, 'EDITOR', '0884');
    const spent: number[] = [];
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await post(t, TEN, { authorization: `Bearer ${first}` });
      if (res.status === 429) refused = res;
      else spent.push(res.body.extensions.cost.remaining);
    }
    expect(spent.slice(0, 3)).toEqual([50, 40, 30]);
    expect(refused).toBeDefined();
    expect(refused!.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers.get('retry-after'))).toBe(refused!.body.errors[0].extensions.retryAfter);
    expect(refused!.body.data).toBeUndefined();
    // Another token is untouched.
    expect((await post(t, TEN, { authorization: `Bearer ${second}` })).status).toBe(200);
  });

  test('anonymous callers share their address’s bucket', async () => {
    let status = 200;
    for (let i = 0; i < 10 && status === 200; i++) status = (await post(t, TEN)).status;
    expect(status).toBe(429);
  });

  test('failed sign-ins drain the address’s bucket, so guessing tokens is slow', async () => {
    const res = await post(t, '{ __typename }', { authorization: `Bearer utb_${'x'.repeat(43)}` });
    expect(res.status).toBe(429);
    expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  test('configured limits: batches up to maxBatch, bodies up to bodyLimitBytes', async () => {
    const token = await tokenFor(t, 'EDITOR', '0884');
    const auth = { authorization: `Bearer ${token}` };
    const two = await raw(t, { headers: auth, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(two.status).toBe(200);
    expect(two.body).toHaveLength(2);
    const three = await raw(t, { headers: auth, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(three.status).toBe(400);
    expect(three.body.errors[0].message).toMatch(/at most 2 operations/);
    const big = await raw(t, { headers: auth, body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
  });
});

describe('production', () => {
  const { t } = useTestSystem({ nodeEnv: 'production', logLevel: 'silent' });

  test('no introspection, no field suggestions, no explorer', async () => {
    const intro = await post(t, '{ __schema { queryType { name } } }');
    expect(intro.status).toBe(400);
    expect(intro.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await post(t, '{ practiceCasez { totalCount } }');
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
    const page = await raw(t, { method: 'GET', path: '/graphql', headers: { accept: 'text/html' } });
    expect(String(page.body)).not.toMatch(/<html/i);
  });
});
