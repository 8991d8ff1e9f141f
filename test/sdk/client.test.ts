// Unit tests of the SDK's transport with an injected fetch: what is sent, what is
// retried and how long it waits, how answers become errors, and that the token never
// leaks into an error, a log event, JSON or inspect output.
import { readdirSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import {
  AuthenticationError,
  createClient,
  ForbiddenError,
  GraphQLResponseError,
  NetworkError,
  paginate,
  RateLimitError,
  SDK_VERSION,
  UtbyteError,
  type LogEvent,
} from '../../client-sdk/src';
import { backoffDelay, operationInfo, parseRetryAfter } from '../../client-sdk/src/transport';
import { fakeFetch, ok, type Step } from './fake-fetch';

const URL = 'https://utbyte.example/graphql';
const TOKEN = 'utb_secret_token_0123456789abcdef';

function setup(steps: Step[], options: Record<string, unknown> = {}) {
  const fake = fakeFetch(steps);
  const delays: number[] = [];
  const events: LogEvent[] = [];
  const client = createClient({
    url: URL,
    token: TOKEN,
    fetch: fake.fetch,
    sleep: async (ms) => {
      delays.push(ms);
    },
    logger: (e) => events.push(e),
    ...options,
  });
  return { client, requests: fake.requests, delays, events };
}

const MUNICIPALITY = { municipality: { id: 'TXVuaWNpcGFsaXR5OjA4ODQ', code: '0884', name: 'Vimmerby', shortName: 'Vimmerby', seat: 'Vimmerby', county: { code: '08', name: 'Kalmar län' }, location: { latitude: 57.66, longitude: 15.85 } } };
const CREATE_PAYLOAD = { createPracticeCase: { practiceCase: null, userErrors: [{ field: ['input', 'title'], code: 'REQUIRED', message: 'Title is required' }] } };

async function caught(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('client construction', () => {
  it('is immutable, and withOptions derives a new client without changing the first', async () => {
    const { client, requests } = setup([ok(MUNICIPALITY), ok(MUNICIPALITY)]);
    expect(Object.isFrozen(client)).toBe(true);
    expect(Object.isFrozen(client.practiceCases)).toBe(true);
    expect(() => {
      (client as any).practiceCases = null;
    }).toThrow(TypeError);

    const anonymous = client.withOptions({ token: null, userAgent: 'kommun-portal/2.0' });
    expect(anonymous).not.toBe(client);
    expect(anonymous.authenticated).toBe(false);
    expect(client.authenticated).toBe(true);

    await client.municipalities.get({ code: '0884' });
    await anonymous.municipalities.get({ code: '0884' });
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requests[0].headers['user-agent']).toBe(`utbyte-client/${SDK_VERSION}`);
    expect(requests[1].headers.authorization).toBeUndefined();
    expect(requests[1].headers['user-agent']).toBe('kommun-portal/2.0');
  });

  it('requires a url and a sane retry count', () => {
    expect(() => createClient({ url: '' })).toThrow(/url/);
    expect(() => createClient({ url: URL, retries: -1, fetch: fakeFetch([]).fetch })).toThrow(/retries/);
  });

  it('keeps SDK_VERSION in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(`${__dirname}/../../client-sdk/package.json`, 'utf8'));
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe('requests', () => {
  it('sends the generated document with its operation name, variables and a request id', async () => {
    const { client, requests } = setup([ok(MUNICIPALITY)]);
    const m = await client.municipalities.get({ code: '0884' });
    expect(m?.name).toBe('Vimmerby');
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe(URL);
    expect(requests[0].body.operationName).toBe('Municipality');
    expect(requests[0].body.variables).toEqual({ code: '0884' });
    expect(requests[0].body.query).toMatch(/query Municipality\(\$code: String!\)/);
    expect(requests[0].headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells slugs from global ids in practiceCases.get', async () => {
    const { client, requests } = setup([ok({ practiceCase: null }), ok({ practiceCase: null })]);
    await client.practiceCases.get({ slug: 'sprakcafe-i-vimmerby' });
    await client.practiceCases.get({ id: 'UHJhY3RpY2VDYXNlOjE' });
    expect(requests[0].body).toMatchObject({ operationName: 'PracticeCaseBySlug', variables: { slug: 'sprakcafe-i-vimmerby' } });
    expect(requests[1].body).toMatchObject({ operationName: 'PracticeCaseById', variables: { id: 'UHJhY3RpY2VDYXNlOjE' } });
  });

  it('returns mutation userErrors as data instead of throwing', async () => {
    const { client } = setup([ok(CREATE_PAYLOAD)]);
    const payload = await client.practiceCases.create({ title: '', summary: 's', body: 'b', kind: 'MEETING_PLACE', municipality: '0884', themes: ['language'] });
    expect(payload.practiceCase).toBeNull();
    expect(payload.userErrors).toEqual([{ field: ['input', 'title'], code: 'REQUIRED', message: 'Title is required' }]);
  });

  it('accepts plain query text in client.request', async () => {
    const { client, requests } = setup([ok({ counties: [{ code: '08' }] })]);
    const data = await client.request<{ counties: { code: string }[] }>('query Few { counties { code } }');
    expect(data.counties[0].code).toBe('08');
    expect(requests[0].body.operationName).toBe('Few');
  });
});

describe('retries', () => {
  it('retries network errors twice by default with growing, jittered delays, then throws NetworkError', async () => {
    const down = () => ({ throws: new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) }) });
    const { client, requests, delays } = setup([down(), down(), down()], { retryDelay: 100 });
    const err = await caught(client.municipalities.get({ code: '0884' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe('Request to https://utbyte.example/graphql failed: fetch failed (ECONNREFUSED)');
    expect(err).toBeInstanceOf(UtbyteError);
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBeNull();
    expect(requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
  });

  it('recovers when a retry succeeds, reusing the same request id', async () => {
    const { client, requests } = setup([{ status: 503, text: 'upstream unavailable' }, { status: 502, json: { errors: [{ message: 'Bad gateway' }] } }, ok(MUNICIPALITY)]);
    const m = await client.municipalities.get({ code: '0884' });
    expect(m?.code).toBe('0884');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['x-request-id'])).size).toBe(1);
  });

  it('honours Retry-After on 429 and gives up with RateLimitError', async () => {
    const limited: Step = { status: 429, json: { errors: [{ message: 'Slow down', extensions: { code: 'RATE_LIMITED' } }] }, headers: { 'retry-after': '3', 'x-request-id': 'req-429' } };
    const { client, delays, requests } = setup([limited, limited, limited]);
    const err = await caught(client.themes.list());
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(3);
    expect(err.requestId).toBe('req-429');
    expect(err.status).toBe(429);
    expect(requests).toHaveLength(3);
    expect(delays).toEqual([3000, 3000]);
  });

  it('does not wait for a Retry-After longer than maxRetryDelay', async () => {
    const { client, delays, requests } = setup([{ status: 429, text: '', headers: { 'retry-after': '120' } }], { maxRetryDelay: 10_000 });
    const err = await caught(client.themes.list());
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(120);
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('never retries 4xx answers or GraphQL errors of a 200', async () => {
    const { client, requests } = setup([{ status: 400, json: { errors: [{ message: 'Cannot query field "nope"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } }]);
    const err = await caught(client.request('{ nope }'));
    expect(err).toBeInstanceOf(GraphQLResponseError);
    expect(err.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(err.status).toBe(400);
    expect(requests).toHaveLength(1);
  });

  it('honours retries: 0 and a per-call override', async () => {
    const down = () => ({ throws: new TypeError('fetch failed') });
    const { client, requests } = setup([down(), down(), ok(MUNICIPALITY)], { retries: 0 });
    await expect(client.municipalities.get({ code: '0884' })).rejects.toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(1);
    await expect(client.municipalities.get({ code: '0884' }, { retries: 1 })).resolves.toMatchObject({ code: '0884' });
    expect(requests).toHaveLength(3);
  });

  it('does not retry a mutation without an idempotency key', async () => {
    const { client, requests } = setup([{ status: 503, text: '' }, ok(CREATE_PAYLOAD)]);
    const err = await caught(client.practiceCases.create({ title: 't', summary: 's', body: 'b', kind: 'OTHER', municipality: '0884', themes: ['language'] }));
    expect(err).toBeInstanceOf(UtbyteError);
    expect(err.status).toBe(503);
    expect(err.code).toBe('SERVER_ERROR');
    expect(requests).toHaveLength(1);
  });

  it('retries a mutation that carries an idempotency key, sending the same key each time', async () => {
    const { client, requests } = setup([{ throws: new TypeError('socket hang up') }, { status: 500, text: '' }, ok(CREATE_PAYLOAD)]);
    await client.practiceCases.create({ title: 't', summary: 's', body: 'b', kind: 'OTHER', municipality: '0884', themes: ['language'] }, { idempotencyKey: 'import-row-7' });
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(['import-row-7', 'import-row-7', 'import-row-7']);
  });

  it('studyVisits.request makes an idempotency key and reuses it on every retry', async () => {
    const visit = { requestStudyVisit: { studyVisit: { id: 'U3R1ZHlWaXNpdDox', status: 'REQUESTED' }, userErrors: [] } };
    const { client, requests } = setup([{ throws: new TypeError('fetch failed') }, { status: 502, text: '' }, ok(visit), ok(visit)]);
    const input = { hostMunicipality: '0884', visitingMunicipality: '0686', purpose: 'p', participants: 2, proposedDates: [{ start: '2030-01-10', end: '2030-01-10' }] };
    const first = await client.studyVisits.request(input);
    expect(requests).toHaveLength(3);
    const keys = requests.map((r) => r.body.variables.input.idempotencyKey);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(keys);
    expect(first.idempotencyKey).toBe(keys[0]);
    expect(input).not.toHaveProperty('idempotencyKey');

    // A key the caller chose (e.g. its own reference) is sent as given.
    await client.studyVisits.request({ ...input, idempotencyKey: 'partner-ref-42' });
    expect(requests[3].body.variables.input.idempotencyKey).toBe('partner-ref-42');
  });

  it('treats a timeout as a retryable network error', async () => {
    const { client, requests } = setup([{ hang: true }, ok(MUNICIPALITY)], { timeout: 20 });
    await expect(client.municipalities.get({ code: '0884' })).resolves.toMatchObject({ code: '0884' });
    expect(requests).toHaveLength(2);
    const { client: c2 } = setup([{ hang: true }], { timeout: 20, retries: 0 });
    const err = await caught(c2.municipalities.get({ code: '0884' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('TIMEOUT');
  });

  it('stops at once when the caller aborts', async () => {
    const { client, requests } = setup([{ hang: true }, ok(MUNICIPALITY)]);
    const controller = new AbortController();
    const pending = client.municipalities.get({ code: '0884' }, { signal: controller.signal });
    controller.abort();
    const err = await caught(pending);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('ABORTED');
    expect(requests).toHaveLength(1);
  });

  it('does not retry once the caller aborts during the wait', async () => {
    const controller = new AbortController();
    const fake = fakeFetch([{ status: 503, text: '' }, ok(MUNICIPALITY)]);
    const client = createClient({ url: URL, fetch: fake.fetch, sleep: async () => controller.abort() });
    const err = await caught(client.municipalities.get({ code: '0884' }, { signal: controller.signal }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('ABORTED');
    expect(fake.requests).toHaveLength(1);
  });

  it('computes backoff with jitter inside [step/2, step] and caps it', () => {
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('errors', () => {
  it('maps 401 / UNAUTHENTICATED to AuthenticationError with the request id', async () => {
    const { client } = setup([{ status: 401, json: { errors: [{ message: 'Unknown or revoked token', extensions: { code: 'UNAUTHENTICATED' } }] }, headers: { 'x-request-id': 'req-1' } }]);
    const err = await caught(client.themes.list());
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, requestId: 'req-1' });
  });

  it('maps a FORBIDDEN error without data to ForbiddenError', async () => {
    const { client } = setup([{ json: { data: null, errors: [{ message: 'You are not allowed to do this', extensions: { code: 'FORBIDDEN' } }] } }]);
    const err = await caught(client.practiceCases.publish({ id: 'x', expectedVersion: 1 }));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.code).toBe('FORBIDDEN');
    expect(err.errors[0].message).toBe('You are not allowed to do this');
  });

  it('keeps partial data and every error in GraphQLResponseError', async () => {
    const partial = { data: { municipality: { code: '0884', county: null } }, errors: [{ message: 'boom', path: ['municipality', 'county'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, { message: 'second' }] };
    const { client } = setup([{ json: partial }]);
    const err = await caught(client.municipalities.get({ code: '0884' }));
    expect(err).toBeInstanceOf(GraphQLResponseError);
    expect(err.data).toEqual(partial.data);
    expect(err.errors).toHaveLength(2);
    expect(err.message).toBe('boom (and 1 more)');
    expect(err.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('reports a non-GraphQL answer as a UtbyteError rather than a JSON parse error', async () => {
    const { client } = setup([{ status: 404, text: '<html>not here</html>' }]);
    const err = await caught(client.themes.list());
    expect(err).toBeInstanceOf(UtbyteError);
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.status).toBe(404);
  });
});

describe('the token never leaks', () => {
  it('is absent from errors, their JSON, inspect output, log events and the client itself', async () => {
    const echo = { status: 401, json: { errors: [{ message: `Token ${TOKEN} is revoked`, extensions: { code: 'UNAUTHENTICATED' } }] } };
    const { client, events } = setup([{ throws: new TypeError(`connect failed for ${TOKEN}`) }, { status: 503, text: '' }, echo]);
    const err = await caught(client.themes.list());
    expect(err).toBeInstanceOf(AuthenticationError);
    const surfaces = [
      err.message,
      String(err),
      err.stack,
      JSON.stringify(err),
      inspect(err, { depth: 10, showHidden: true }),
      JSON.stringify(err.errors),
      JSON.stringify(events),
      JSON.stringify(client),
      String(client),
      inspect(client, { depth: 10, showHidden: true }),
      inspect(client.practiceCases, { depth: 10, showHidden: true }),
    ];
    for (const text of surfaces) expect(text).not.toContain(TOKEN);
    expect(err.message).toContain('[redacted]');
    expect(events.map((e) => e.event)).toEqual(['request', 'retry', 'request', 'response', 'retry', 'request', 'response']);

    const { client: c2 } = setup([{ throws: new TypeError(`connect failed for ${TOKEN}`) }], { retries: 0 });
    const netErr = await caught(c2.themes.list());
    expect(inspect(netErr, { depth: 10, showHidden: true })).not.toContain(TOKEN);
  });
});

describe('pagination', () => {
  it('follows endCursor page by page and stops when hasNextPage is false', async () => {
    const page = (slugs: string[], endCursor: string | null, hasNextPage: boolean) =>
      ok({ practiceCases: { totalCount: 3, pageInfo: { hasNextPage, endCursor }, edges: slugs.map((slug) => ({ cursor: slug, node: { slug } })) } });
    const { client, requests } = setup([page(['a', 'b'], 'b', true), page(['c'], 'c', false)]);
    const seen: string[] = [];
    for await (const c of client.practiceCases.iterate({ filter: { municipalities: ['0884'] }, first: 2 })) seen.push(c.slug);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(requests.map((r) => r.body.variables.after ?? null)).toEqual([null, 'b']);
    expect(requests[0].body.variables).toMatchObject({ filter: { municipalities: ['0884'] }, first: 2 });
  });

  it('fetches no further page after the caller breaks, and survives a cursor that does not move', async () => {
    let calls = 0;
    const stuck = { edges: [{ node: 1 }], pageInfo: { hasNextPage: true, endCursor: 'same' } };
    const seen: number[] = [];
    for await (const n of paginate(async () => {
      calls += 1;
      return stuck;
    })) {
      seen.push(n);
      if (seen.length > 10) break;
    }
    expect(calls).toBe(2);
    expect(seen).toEqual([1, 1]);
  });
});

describe('operationInfo', () => {
  it('finds the operation type and name past comments and fragments', () => {
    expect(operationInfo('# mutation hidden\nquery A { x }')).toEqual({ type: 'query', name: 'A' });
    expect(operationInfo('\n    mutation CreatePracticeCase($input: X!) { y }\n fragment F on T { z }')).toEqual({ type: 'mutation', name: 'CreatePracticeCase' });
    expect(operationInfo('fragment F on T { z }\nmutation { y }')).toEqual({ type: 'mutation', name: null });
    expect(operationInfo('{ counties { code } }')).toEqual({ type: 'query', name: null });
  });
});

describe('portability', () => {
  it('keeps Node-only modules out of the library entry (the command line may use them)', () => {
    const src = `${__dirname}/../../client-sdk/src`;
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('cli'));
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'transport.ts', 'api/study-visits.ts']));
    for (const file of files) {
      const text = readFileSync(`${src}/${file}`, 'utf8');
      const specifiers = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const s of specifiers) expect(`${file}: ${s}`).toMatch(/: (\.{1,2}\/|@graphql-typed-document-node\/core$)/);
      expect(text).not.toMatch(/\b(require\(|process\.|Buffer\.)/);
    }
  });
});
