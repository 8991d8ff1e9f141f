// Conformance with the GraphQL-over-HTTP specification, checked by graphql-http's own
// server audits against the real server, plus the status codes per Accept header that
// the audits' warnings were about.
import { auditServer, type AuditResult } from 'graphql-http';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();

const failing = (results: AuditResult[]) => results.filter((r) => r.status !== 'ok').map((r) => `${r.status} ${r.id} ${r.name}`);

describe('graphql-http server audits', () => {
  test('no errors, no warnings; the only notices are GETs refused by CSRF prevention', async () => {
    const results = await auditServer({ url: t.url });
    expect(results.length).toBeGreaterThan(50);
    // Each is a GET without a preflight-forcing header (docs/security.md, "Other protections").
    expect(failing(results).sort()).toEqual([
      'notice 5A70 MAY accept application/x-www-form-urlencoded formatted GET requests',
      'notice 6A70 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
      'notice D6D5 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
    ]);
  });

  test('with the header CSRF prevention asks for, those GETs pass too', async () => {
    const preflighted: typeof fetch = (input, init) => {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      if (method !== 'GET') return fetch(input, init);
      const headers = new Headers(init?.headers);
      headers.set('apollo-require-preflight', 'true');
      return fetch(input, { ...init, headers });
    };
    expect(failing(await auditServer({ url: t.url, fetchFn: preflighted }))).toEqual([]);
  });
});

describe('status of a refused document, by what the client accepts', () => {
  const post = (accept: string | null, body: unknown, headers: Record<string, string> = {}) =>
    fetch(t.url, {
      method: 'POST',
      // fetch sends "accept: */*" unless told otherwise; null leaves the header out.
      headers: { 'content-type': 'application/json', ...(accept === null ? {} : { accept }), ...headers },
      body: JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, type: res.headers.get('content-type'), body: (await res.json()) }));

  const refused: [string, unknown, string][] = [
    ['a parse error', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a cost over the limit', { query: '{ municipalities(first: 100) { edges { node { practiceCases(first: 100) { edges { node { id } } } } } } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable that does not coerce', { query: 'query($n: Int!) { practiceCases(first: $n) { totalCount } }', variables: { n: 'x' } }, 'BAD_USER_INPUT'],
    ['text with a NUL', { query: 'query($s: String) { search(query: $s) { totalCount } }', variables: { s: 'a\u0000' } }, 'BAD_USER_INPUT'],
    ['an unknown operation name', { query: 'query A { __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  ];

  test.each(refused)('%s: 200 in application/json, 400 in application/graphql-response+json', async (_name, body, code) => {
    for (const accept of ['application/json', '*/*', null]) {
      const res = await post(accept, body);
      expect({ accept, status: res.status, type: res.type }).toEqual({ accept, status: 200, type: 'application/json; charset=utf-8' });
      expect(res.body.errors[0].extensions.code).toBe(code);
      expect(res.body).not.toHaveProperty('data');
    }
    // The SDK's Accept header: it prefers the newer type, so it keeps telling refusals apart by status.
    for (const accept of ['application/graphql-response+json', 'application/graphql-response+json, application/json']) {
      const res = await post(accept, body);
      expect({ accept, status: res.status, type: res.type }).toEqual({ accept, status: 400, type: 'application/graphql-response+json; charset=utf-8' });
      expect(res.body.errors[0].extensions.code).toBe(code);
    }
  });

  test('refusals with a meaning of their own keep their status in application/json', async () => {
    expect((await post('application/json', { query: '{ __typename }' }, { authorization: `Bearer utb_${'a'.repeat(43)}` })).status).toBe(401);
    expect((await post('application/json', { nothing: true })).status).toBe(400);
    const text = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain', accept: 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(text.status).toBe(400);
  });
});
