// Token lifecycle: created once in clear text, used, last-used recorded, expired,
// revoked, malformed; and the admin CLI doing the same as a child process against
// this test's database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { useTestSystem } from './helpers/harness';
import { ensureOrganization, tokensFor } from './helpers/actors';

const { t, actors } = useTestSystem({}, (t) => tokensFor(t, { admin: ['ADMIN'] }));

const ROOT = join(__dirname, '..');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email role municipality { code } } userErrors { field code message } } }`;
const CREATE_TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { id name prefix scopes expiresAt lastUsedAt revokedAt } userErrors { field code message } } }`;
const REVOKE = `mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { id revokedAt } userErrors { field code message } } }`;
const VIEWER = `{ viewer { id kind name email role scopes municipality { code } organization { slug } } }`;

async function newUser(role = 'EDITOR', municipality: string | null = '0884') {
  const res = await t.data(CREATE_USER, { input: { name: 'Tova Token', email: `tova-${randomBytes(4).toString('hex')}@Example.se`, role, municipality } }, { token: actors.admin });
  expect(res.createUser.userErrors).toEqual([]);
  return res.createUser.user as { id: string; email: string };
}

async function newToken(input: Record<string, unknown>) {
  const res = await t.data(CREATE_TOKEN, { input: { name: 'lifecycle', ...input } }, { token: actors.admin });
  expect(res.createToken.userErrors).toEqual([]);
  return res.createToken as { token: string; apiToken: { id: string; prefix: string; scopes: string[] } };
}

const tokenRow = async (globalId: string) =>
  (await t.sql(`select * from api_token where id = $1`, [Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]]))[0];

async function post(headers: Record<string, string>, body = JSON.stringify({ query: VIEWER })) {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) };
}

describe('token lifecycle over GraphQL', () => {
  test('the clear token appears once, in the createToken payload; only its SHA-256 is stored', async () => {
    const user = await newUser();
    const created = await newToken({ user: user.id });
    expect(created.token).toMatch(/^utb_[A-Za-z0-9_-]{43}$/);
    expect(created.apiToken.prefix).toBe(created.token.slice(4, 12));
    expect(created.apiToken.scopes.sort()).toEqual(['cases:write', 'read', 'study-visits:write']);

    const row = await tokenRow(created.apiToken.id);
    expect(row.hash).toBe(sha256(created.token));
    expect(JSON.stringify(await t.sql(`select * from api_token`))).not.toContain(created.token.slice(4));
    const listing = await t.gql(`{ apiTokens(first: 100, filter: { includeRevoked: true }) { edges { node { id name prefix } } } }`, {}, { token: actors.admin });
    expect(JSON.stringify(listing)).not.toContain(created.token.slice(4));
    expect(listing.data.apiTokens.edges.map((e: any) => e.node.id)).toContain(created.apiToken.id);
  });

  test('using a token signs in as its user and records lastUsedAt', async () => {
    const user = await newUser('OFFICIAL', '0884');
    const created = await newToken({ user: user.id, scopes: ['read'] });
    expect((await tokenRow(created.apiToken.id)).last_used_at).toBeNull();
    const { status, body } = await post({ authorization: `Bearer ${created.token}` });
    expect(status).toBe(200);
    expect(body.data.viewer).toMatchObject({ id: user.id, kind: 'USER', email: user.email, role: 'OFFICIAL', scopes: ['read'], municipality: { code: '0884' } });
    expect((await tokenRow(created.apiToken.id)).last_used_at).not.toBeNull();
    const listed = await t.data(`query($u: ID) { apiTokens(filter: { user: $u }) { edges { node { id lastUsedAt } } } }`, { u: user.id }, { token: actors.admin });
    expect(listed.apiTokens.edges).toEqual([{ node: { id: created.apiToken.id, lastUsedAt: expect.any(String) } }]);
  });

  test('a user token narrowed to read keeps its role for reading but cannot write cases', async () => {
    const user = await newUser('EDITOR', '0884');
    const narrow = await newToken({ user: user.id, scopes: ['read'] });
    const full = await newToken({ user: user.id });
    const create = `mutation($input: CreatePracticeCaseInput!) { createPracticeCase(input: $input) { practiceCase { id } userErrors { code } } }`;
    const input = { title: 'Läxhjälp', summary: 'Volontärer hjälper till med läxor.', body: 'Två kvällar i veckan.', kind: 'EDUCATION', municipality: '0884', themes: ['language'] };
    const refused = await t.gql(create, { input }, { token: narrow.token });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const made = await t.gql(create, { input }, { token: full.token });
    expect(made.errors).toBeUndefined();
    expect(made.data.createPracticeCase.practiceCase.id).toEqual(expect.any(String));
    // Reading the new draft still works with the narrow token: the role decides what is visible.
    const read = await t.data(`query($id: ID) { practiceCase(id: $id) { id } }`, { id: made.data.createPracticeCase.practiceCase.id }, { token: narrow.token });
    expect(read.practiceCase).not.toBeNull();
  });

  test('an expired token is UNAUTHENTICATED, not anonymous', async () => {
    const user = await newUser();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const created = await newToken({ user: user.id, expiresAt: tomorrow });
    expect((await post({ authorization: `Bearer ${created.token}` })).body.data.viewer.id).toBe(user.id);
    await t.sql(`update api_token set expires_at = now() - interval '1 second' where hash = $1`, [sha256(created.token)]);
    const { status, body } = await post({ authorization: `Bearer ${created.token}` });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  test('a revoked token is UNAUTHENTICATED; revoking again keeps the first time', async () => {
    const user = await newUser();
    const created = await newToken({ user: user.id });
    expect((await post({ authorization: `Bearer ${created.token}` })).status).toBe(200);
    const first = await t.data(REVOKE, { input: { id: created.apiToken.id } }, { token: actors.admin });
    expect(first.revokeToken.apiToken.revokedAt).toEqual(expect.any(String));
    const again = await t.data(REVOKE, { input: { id: created.apiToken.id } }, { token: actors.admin });
    expect(again.revokeToken.apiToken.revokedAt).toBe(first.revokeToken.apiToken.revokedAt);
    const { status, body } = await post({ authorization: `Bearer ${created.token}` });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const unknown = await t.data(REVOKE, { input: { id: 'QXBpVG9rZW46bm90aGluZw' } }, { token: actors.admin });
    expect(unknown.revokeToken).toEqual({ apiToken: null, userErrors: [expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })] });
  });

  test('a disabled user is UNAUTHENTICATED', async () => {
    const user = await newUser();
    const created = await newToken({ user: user.id });
    await t.sql(`update app_user set disabled_at = now() where email = $1`, [user.email]);
    const { status, body } = await post({ authorization: `Bearer ${created.token}` });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test.each([
    ['Bearer'],
    ['Bearer '],
    ['Basic dXNlcjpwYXNz'],
    ['utb_' + 'a'.repeat(43)],
    ['Bearer utb_short'],
    ['Bearer utb_' + 'a'.repeat(44)],
    ['Bearer utb_' + 'a'.repeat(43)],
    ['Bearer xyz_' + 'a'.repeat(43)],
    ['Bearer utb_' + 'a'.repeat(42) + '!'],
    ['Bearer utb_' + 'a'.repeat(43) + ' utb_' + 'b'.repeat(43)],
    ['Bearer ' + 'x'.repeat(5000)],
    ["Bearer ' or 1=1 --"],
  ])('malformed or unknown Authorization %j is 401 UNAUTHENTICATED', async (header) => {
    const { status, body } = await post({ authorization: header });
    expect(status).toBe(401);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  test('a client token carries the intersection of its own and its client’s scopes', async () => {
    const client = await t.data(
      `mutation { createApiClient(input: { name: "Bokning", organization: "tokens-org", scopes: ["read", "study-visits:write"] }) { apiClient { id } userErrors { code field } } }`,
      {},
      { token: actors.admin },
    ).catch(() => null);
    // The organization does not exist yet: a userError, not a top-level error.
    expect(client?.createApiClient.userErrors).toEqual([{ code: 'UNKNOWN_REFERENCE', field: ['input', 'organization'] }]);
    await ensureOrganization(t, 'tokens-org', 'Tokenföreningen');
    const made = await t.data(
      `mutation { createApiClient(input: { name: "Bokning", organization: "tokens-org", municipality: "0686", scopes: ["read", "study-visits:write"] }) { apiClient { id scopes municipality { code } organization { slug } } userErrors { code } } }`,
      {},
      { token: actors.admin },
    );
    const clientId = made.createApiClient.apiClient.id;
    const tooWide = await t.data(CREATE_TOKEN, { input: { name: 'x', client: clientId, scopes: ['cases:write'] } }, { token: actors.admin });
    expect(tooWide.createToken).toMatchObject({ token: null, apiToken: null, userErrors: [{ field: ['input', 'scopes'], code: 'INVALID' }] });
    const created = await newToken({ client: clientId });
    const before = await post({ authorization: `Bearer ${created.token}` });
    expect(before.body.data.viewer).toMatchObject({ kind: 'CLIENT', role: null, email: null, scopes: ['read', 'study-visits:write'], municipality: { code: '0686' }, organization: { slug: 'tokens-org' } });
    await t.sql(`update api_client set scopes = '{read}' where id = $1`, [Buffer.from(clientId, 'base64url').toString('utf8').split(':')[1]]);
    const after = await post({ authorization: `Bearer ${created.token}` });
    expect(after.body.data.viewer.scopes).toEqual(['read']);
  });

  test('refused inputs are userErrors and write nothing', async () => {
    const before = await t.sql(`select count(*)::int as n from api_token`);
    const user = await newUser();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ user: 'VXNlcjpub3BlCg' }, 'user', 'UNKNOWN_REFERENCE'],
      [{}, 'user', 'INVALID'],
      [{ user: user.id, scopes: ['everything'] }, 'scopes', 'INVALID'],
      [{ user: user.id, expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt', 'OUT_OF_RANGE'],
      [{ user: user.id, name: ' ' }, 'name', 'REQUIRED'],
    ];
    for (const [input, field, code] of cases) {
      const res = await t.data(CREATE_TOKEN, { input: { name: 'x', ...input } }, { token: actors.admin });
      expect(res.createToken).toEqual({ token: null, apiToken: null, userErrors: [expect.objectContaining({ field: ['input', field], code })] });
    }
    expect(await t.sql(`select count(*)::int as n from api_token`)).toEqual(before);
    const dup = await t.data(CREATE_USER, { input: { name: 'Dubblett', email: user.email.toUpperCase(), role: 'ADMIN' } }, { token: actors.admin });
    expect(dup.createUser.userErrors).toEqual([expect.objectContaining({ field: ['input', 'email'], code: 'DUPLICATE' })]);
    const noHome = await t.data(CREATE_USER, { input: { name: 'Hemlös', email: `x-${randomBytes(3).toString('hex')}@example.se`, role: 'EDITOR' } }, { token: actors.admin });
    expect(noHome.createUser.userErrors).toEqual([expect.objectContaining({ field: ['input', 'municipality'], code: 'REQUIRED' })]);
  });
});

// ── the admin CLI as a child process ──────────────────────────────────────────

/** Builds with scripts/build.mjs into a private folder (dist/ may be in use), so the CLI is compiled exactly as npm run admin compiles it. */
async function buildServer(): Promise<string> {
  const out = join(ROOT, 'node_modules', '.cache', `utbyte-cli-${randomBytes(4).toString('hex')}`);
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), out], { cwd: ROOT });
  return out;
}

describe('admin CLI', () => {
  let out: string;
  beforeAll(async () => {
    out = await buildServer();
  });
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(out, 'server', 'src', 'main.js'), 'admin', ...args],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH,
            NODE_ENV: 'test',
            DATABASE_URL: t.databaseUrl,
            MEILI_URL: process.env.TEST_MEILI_URL,
            MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY,
            DATA_DIR: join(out, 'data'),
          },
          timeout: 60_000,
        },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  test('create-user, create-token, list-tokens and revoke-token against the database', async () => {
    const email = `cli-${randomBytes(4).toString('hex')}@example.se`;
    const made = await cli('create-user', '--email', email, '--role', 'EDITOR', '--municipality', '0884', '--name', 'Cecilia CLI', '--json');
    expect(made).toMatchObject({ code: 0 });
    expect(JSON.parse(made.stdout)).toMatchObject({ email, role: 'EDITOR', municipality: '0884' });

    // Not a day in February: refused, not read as 3 March.
    const impossible = await cli('create-token', '--user', email, '--name', 'typo', '--expires', '2099-02-31');
    expect(impossible.code).not.toBe(0);
    expect(impossible.stderr).toContain('--expires is a calendar date');

    const issued = await cli('create-token', '--user', email, '--name', 'laptop', '--expires-in-days', '30', '--json');
    expect(issued.code).toBe(0);
    const { id, token } = JSON.parse(issued.stdout);
    expect(token).toMatch(/^utb_/);
    const signedIn = await post({ authorization: `Bearer ${token}` });
    expect(signedIn.body.data.viewer).toMatchObject({ email, role: 'EDITOR', municipality: { code: '0884' } });

    const listed = JSON.parse((await cli('list-tokens', '--user', email, '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id, name: 'laptop', prefix: `utb_${token.slice(4, 12)}…`, revokedAt: null, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(12));

    const human = await cli('list-tokens', '--user', email);
    expect(human.stdout).toContain(id);

    expect((await cli('revoke-token', id)).code).toBe(0);
    expect((await post({ authorization: `Bearer ${token}` })).status).toBe(401);
    expect(JSON.parse((await cli('list-tokens', '--user', email, '--json')).stdout)).toEqual([]);
    expect(JSON.parse((await cli('list-tokens', '--user', email, '--all', '--json')).stdout)).toEqual([expect.objectContaining({ id, revokedAt: expect.any(String) })]);
  });

  test('create-client and a client token', async () => {
    await ensureOrganization(t, 'cli-org', 'CLI-föreningen');
    const made = await cli('create-client', '--name', 'Bokningen', '--organization', 'cli-org', '--scopes', 'read,study-visits:write', '--json');
    expect(made.code).toBe(0);
    const client = JSON.parse(made.stdout);
    const issued = JSON.parse((await cli('create-token', '--client', client.id, '--json')).stdout);
    expect(issued.scopes).toEqual(['read', 'study-visits:write']);
    expect((await post({ authorization: `Bearer ${issued.token}` })).body.data.viewer).toMatchObject({ kind: 'CLIENT', organization: { slug: 'cli-org' } });
  });

  test('bad input exits non-zero with one readable line and writes nothing', async () => {
    const users = await t.sql(`select count(*)::int as n from app_user`);
    const badRole = await cli('create-user', '--email', 'x@example.se', '--role', 'KING');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role is one of');
    const noMunicipality = await cli('create-user', '--email', 'y@example.se', '--role', 'EDITOR');
    expect(noMunicipality.code).toBe(1);
    expect(noMunicipality.stderr).toMatch(/belongs to a municipality/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect((await cli('revoke-token', 'not-a-token')).code).toBe(1);
    expect(await t.sql(`select count(*)::int as n from app_user`)).toEqual(users);
  });
});
