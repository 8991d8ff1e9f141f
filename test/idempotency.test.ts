// Idempotency-Key on creating mutations: a repeat replays the stored response and
// writes nothing, another body under the same key is refused, concurrent repeats wait
// for the first, keys are per caller, and other operations ignore the key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { CREATING_MUTATIONS } from '../server/src/core/idempotency/idempotency.rules';
import { CREATE, UPDATE, caseInput } from './helpers/cases';
import { tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';

const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) =>
  tokensFor(t, { editor: ['EDITOR', '0884'], otherEditor: ['EDITOR', '0884'], official: ['OFFICIAL', '0884'], admin: ['ADMIN'] }),
);

let keys = 0;
const newKey = () => `test-key-${process.pid}-${Date.now()}-${keys++}`;

async function post(query: string, variables: Record<string, unknown>, token: string | null, key?: string) {
  // As the SDK asks: a plain application/json client would get its 400s as 200 (GraphQL over HTTP).
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), text: await res.text() };
}

const casesWithSlug = async (slug: string) => (await t.sql<{ n: number }>('select count(*)::int as n from practice_case where slug = $1', [slug]))[0].n;
const storedResponses = async () => (await t.sql<{ n: number }>('select count(*)::int as n from idempotent_request'))[0].n;

test('every create*, request* and import* mutation of the schema honours the key', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
  const creating = Object.keys(schema.getMutationType()!.getFields()).filter((name) => /^(create|request|import)[A-Z]/.test(name));
  expect([...CREATING_MUTATIONS].sort()).toEqual(creating.sort());
});

describe('creating mutations', () => {
  test('a repeat replays the identical response and creates one case', async () => {
    const key = newKey();
    const input = caseInput({ slug: 'idem-replay' });
    const first = await post(CREATE, { input }, actors.editor, key);
    expect(first.status).toBe(200);
    expect(first.replayed).toBeNull();
    expect(JSON.parse(first.text).data.createPracticeCase.userErrors).toEqual([]);
    const again = await post(CREATE, { input }, actors.editor, key);
    expect(again.replayed).toBe('true');
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(await casesWithSlug('idem-replay')).toBe(1);
  });

  test('another body under the same key is refused with 422 and writes nothing', async () => {
    const key = newKey();
    await post(CREATE, { input: caseInput({ slug: 'idem-body-a' }) }, actors.editor, key);
    const before = await storedResponses();
    const other = await post(CREATE, { input: caseInput({ slug: 'idem-body-b' }) }, actors.editor, key);
    expect(other.status).toBe(422);
    expect(JSON.parse(other.text).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await casesWithSlug('idem-body-b')).toBe(0);
    expect(await storedResponses()).toBe(before);
  });

  test('20 concurrent identical requests make one case and all get the same response', async () => {
    const key = newKey();
    const input = caseInput({ slug: 'idem-burst' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(CREATE, { input }, actors.editor, key)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(19);
    expect(JSON.parse(answers[0].text).data.createPracticeCase.practiceCase.slug).toBe('idem-burst');
    expect(await casesWithSlug('idem-burst')).toBe(1);
  });

  test("another caller's same key is independent of yours", async () => {
    const key = newKey();
    const mine = await post(CREATE, { input: caseInput({ slug: 'idem-viewer-a' }) }, actors.editor, key);
    const theirs = await post(CREATE, { input: caseInput({ slug: 'idem-viewer-b' }) }, actors.otherEditor, key);
    expect(theirs.status).toBe(200);
    expect(theirs.replayed).toBeNull();
    expect(JSON.parse(theirs.text).data.createPracticeCase.practiceCase.slug).toBe('idem-viewer-b');
    // The same body from the other caller is not a replay of mine either.
    const same = await post(CREATE, { input: caseInput({ slug: 'idem-viewer-c' }) }, actors.otherEditor, newKey());
    expect(same.replayed).toBeNull();
    expect(JSON.parse(mine.text).data.createPracticeCase.practiceCase.slug).toBe('idem-viewer-a');
    expect(await casesWithSlug('idem-viewer-a')).toBe(1);
    expect(await casesWithSlug('idem-viewer-b')).toBe(1);
  });

  test('createToken replays the same token, which is not readable in the table', async () => {
    const key = newKey();
    const CREATE_TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { id } userErrors { code } } }`;
    const viewer = JSON.parse((await post('{ viewer { id } }', {}, actors.editor)).text).data.viewer.id;
    const first = await post(CREATE_TOKEN, { input: { name: 'idem', user: viewer } }, actors.admin, key);
    const token = JSON.parse(first.text).data.createToken.token;
    expect(token).toMatch(/^utb_/);
    const again = await post(CREATE_TOKEN, { input: { name: 'idem', user: viewer } }, actors.admin, key);
    expect(again.replayed).toBe('true');
    expect(JSON.parse(again.text).data.createToken.token).toBe(token);
    const rows = await t.sql<{ response: string; key_hash: string }>(`select response, key_hash from idempotent_request where operation = 'createToken'`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4, 20));
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  test('an answer in which every field failed is not kept: the retry runs again', async () => {
    const key = newKey();
    const refused = await post(CREATE, { input: caseInput({ slug: 'idem-official' }) }, actors.official, key);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await t.sql(`select 1 from idempotent_request where operation = 'createPracticeCase' and actor like 'user:%' and key_hash = encode(sha256($1::bytea), 'hex')`, [key])).toEqual([]);
    const again = await post(CREATE, { input: caseInput({ slug: 'idem-official' }) }, actors.official, key);
    expect(again.replayed).toBeNull();
  });

  test('expired responses are not replayed and are cleaned up', async () => {
    const key = newKey();
    const input = caseInput({ slug: 'idem-expired', title: 'Utgånget' });
    await post(CREATE, { input }, actors.editor, key);
    await t.sql(`update idempotent_request set expires_at = now() - interval '1 minute' where key_hash = encode(sha256($1::bytea), 'hex')`, [key]);
    await t.sql(`insert into idempotent_request (actor, key_hash, request_hash, operation, http_status, response, created_at, expires_at)
                 values ('user:gone', repeat('0', 64), repeat('0', 64), 'createPracticeCase', 200, 'v1.x', now() - interval '2 days', now() - interval '1 day')`);
    const again = await post(CREATE, { input }, actors.editor, key);
    expect(again.replayed).toBeNull();
    // It ran again: the slug is now taken by the first case.
    expect(JSON.parse(again.text).data.createPracticeCase.userErrors[0].code).toBe('DUPLICATE');
    expect(await t.sql(`select 1 from idempotent_request where expires_at <= now()`)).toEqual([]);
  });
});

describe('keys elsewhere', () => {
  test('a malformed key is refused with 400', async () => {
    for (const key of ['k'.repeat(256), '']) {
      const res = await post(CREATE, { input: caseInput({ slug: 'idem-bad-key' }) }, actors.editor, key);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_INVALID' });
    }
    expect(await casesWithSlug('idem-bad-key')).toBe(0);
  });

  test('queries and mutations that create nothing ignore the key', async () => {
    const key = newKey();
    const before = await storedResponses();
    const query = await post('{ themes { slug } }', {}, actors.editor, key);
    expect((await post('{ themes { slug } }', {}, actors.editor, key)).replayed).toBeNull();
    expect(query.status).toBe(200);

    const created = JSON.parse((await post(CREATE, { input: caseInput({ slug: 'idem-update' }) }, actors.editor)).text).data.createPracticeCase.practiceCase;
    const update = { input: { id: created.id, expectedVersion: 1, summary: 'Ändrad.' } };
    const first = await post(UPDATE, update, actors.editor, key);
    expect(JSON.parse(first.text).data.updatePracticeCase.practiceCase.version).toBe(2);
    // Not replayed: it runs again and meets its own optimistic lock.
    const second = await post(UPDATE, update, actors.editor, key);
    expect(second.replayed).toBeNull();
    expect(JSON.parse(second.text).data.updatePracticeCase.userErrors[0].code).toBe('VERSION_CONFLICT');
    expect(await storedResponses()).toBe(before);
  });
});
