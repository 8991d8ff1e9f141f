// The HTTP layer around /graphql as a non-browser client sees it: CORS headers and
// preflights (the browser's side is in cors-browser.test.ts), the RFC 6750 challenge
// on 401s, and draining at shutdown (/readyz turns 503, connections close).
import http from 'node:http';
import { useTestSystem } from './helpers/harness';
import { startTestSystem, type TestSystem } from './helpers/system';
import { tokenFor } from './helpers/actors';

const APP = 'https://app.example.se';

/**
 * node:http rather than fetch, to see the Connection header; each request on a fresh
 * socket, asking to keep it open, so a `close` in the answer is the server's choice.
 */
function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: { connection: 'keep-alive', ...init.headers }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const preflight = (t: TestSystem, origin: string, headers = 'authorization, content-type') =>
  request(t.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

const query = (t: TestSystem, headers: Record<string, string>, text = '{ __typename }') =>
  request(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: text }) });

describe('CORS', () => {
  const { t } = useTestSystem({ corsOrigins: [APP] });

  test('a preflight from a listed origin is answered before the CSRF check, with what the SDK sends', async () => {
    const res = await preflight(t, APP, 'authorization, content-type, idempotency-key, x-request-id, apollo-require-preflight');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
    const allowed = res.headers['access-control-allow-headers']!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name']));
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(res.headers.vary).toMatch(/origin/i);
  });

  test('the answer to a listed origin exposes the request id and Retry-After', async () => {
    const res = await query(t, { origin: APP });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-expose-headers']!.split(', ')).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
    expect(res.headers.vary).toMatch(/origin/i);
  });

  test.each([['another site', 'https://evil.example'], ['the same host on another port', 'https://app.example.se:8443'], ['http instead of https', 'http://app.example.se'], ['an opaque origin', 'null']])(
    'a preflight from %s is refused with 403 and no CORS headers',
    async (_name, origin) => {
      const res = await preflight(t, origin);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('FORBIDDEN');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-headers']).toBeUndefined();
      // A request sent anyway (no browser involved) is served, but without a grant to read it.
      const direct = await query(t, { origin });
      expect(direct.status).toBe(200);
      expect(direct.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  test('OPTIONS that is no preflight says which methods there are', async () => {
    const res = await request(t.url, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, POST, OPTIONS');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('without CORS_ORIGINS no origin is allowed', async () => {
    const bare = await startTestSystem();
    try {
      const res = await preflight(bare, APP);
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect((await query(bare, { origin: APP })).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await bare.stop();
    }
  });
});

describe('401 answers (RFC 6750)', () => {
  const { t } = useTestSystem();

  test.each([['Basic dXNlcjpwYXNz'], ['utb_' + 'a'.repeat(43)], ['Bearer'], ['Bearer a b'], ["Bearer ' or 1=1 --"]])(
    '%j is no bearer credential: a challenge without an error code, and a message about the header',
    async (authorization) => {
      const res = await query(t, { authorization });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="utbyte"');
      expect(JSON.parse(res.body).errors[0].message).toBe('The Authorization header must be "Bearer <token>"');
    },
  );

  test.each([['one of ours, unknown', 'utb_' + 'a'.repeat(43)], ['someone else’s token shape', 'ghp_' + 'b'.repeat(36)], ['a long one', 'x'.repeat(5000)]])(
    'a well-formed token that is %s: invalid_token, and it is not told its header is malformed',
    async (_name, token) => {
      const res = await query(t, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="utbyte", error="invalid_token", error_description="The token is unknown, expired or revoked"');
      const body = JSON.parse(res.body);
      expect(body.errors).toEqual([{ message: 'The token is unknown, expired or revoked', extensions: { code: 'UNAUTHENTICATED' } }]);
    },
  );

  test('a disabled account: invalid_token with its own description', async () => {
    const token = await tokenFor(t, 'EDITOR', '0884');
    expect((await query(t, { authorization: `Bearer ${token}` })).status).toBe(200);
    await t.sql(`update app_user set disabled_at = now() where id = (select user_id from api_token where hash = encode(sha256($1::bytea), 'hex'))`, [token]);
    const res = await query(t, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="utbyte", error="invalid_token", error_description="The account is disabled"');
  });

  test('no Authorization header is an anonymous reader, not a 401', async () => {
    const res = await query(t, {});
    expect(res.status).toBe(200);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });
});

describe('draining at shutdown', () => {
  // Long enough for the checks below to run inside the delay, even on a busy machine.
  const { t } = useTestSystem({ shutdownDelaySeconds: 3 });

  test('/readyz answers 503 once shutdown begins; responses then, and the ones in flight, close their connection', async () => {
    expect((await request(`${t.baseUrl}/readyz`)).status).toBe(200);
    expect((await query(t, {})).headers.connection).toBe('keep-alive');

    // Hold one request inside a resolver until shutdown has begun.
    const themes = t.system.services.themes;
    const original = themes.roots;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inResolver = new Promise<void>((r) => (entered = r));
    themes.roots = async (ctx) => {
      entered();
      await gate;
      return original.call(themes, ctx);
    };
    try {
      const slow = query(t, {}, '{ themes { slug } }');
      await inResolver;
      const closing = t.system.app.close();

      const ready = await request(`${t.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toEqual({ status: 'draining', checks: {} });
      expect(ready.headers.connection).toBe('close');
      const during = await query(t, {});
      expect(during.status).toBe(200);
      expect(during.headers.connection).toBe('close');

      release();
      const held = await slow;
      expect(held.status).toBe(200);
      expect(JSON.parse(held.body).data.themes.length).toBeGreaterThan(0);
      expect(held.headers.connection).toBe('close');
      await closing;
      await expect(request(`${t.baseUrl}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      release();
      themes.roots = original;
    }
  });
});

describe('ETags', () => {
  const { t } = useTestSystem();

  it('a GraphQL answer carries none (it is never revalidated, and hashing it cost every request)', async () => {
    const res = await query(t, {});
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
  });

  it('a public page carries one, and revalidating it unchanged answers 304', async () => {
    const first = await request(`${t.baseUrl}/tema`);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    const again = await request(`${t.baseUrl}/tema`, { headers: { 'if-none-match': first.headers.etag! } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });
});
