// Forged cursors on every connection of the schema: each is the client's mistake
// (BAD_USER_INPUT naming the argument), never an internal error, and nothing is logged
// at error level. The connections are found by walking the schema, so a new one is
// covered as soon as it exists (or fails here until the test knows how to reach it).
import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { buildAppSchema } from '../server/src/schema';
import { tokenFor, ensureOrganization } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { requestVisit } from './helpers/study-visits';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();
let admin = '';
let caseSlug = '';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const cursor = (values: unknown) => b64(JSON.stringify(values));

/** Cursors no connection ever hands out, whatever its order columns. */
const FORGED: [string, string][] = [
  ['not base64url', '!!not+base64/=='],
  ['base64 of text that is not JSON', b64('{oops')],
  ['a JSON object', cursor({ id: 1 })],
  ['an empty array', cursor([])],
  ['two strings where ids are uuids (or one value is expected)', cursor(['abc', 'def'])],
  ['a boolean', cursor([true])],
  ['a fraction', cursor([1.5])],
  ['a negative number', cursor([-1])],
  ['nulls', cursor([null, null])],
  ['an impossible day and a broken uuid', cursor(['2019-02-30T00:00:00.000Z', '00000000-0000-0000-0000-00000000000g'])],
  ['a date and a uuid in the wrong order', cursor(['6f1c1a52-7a8e-4a53-9f3c-2f6a3c1b9e11', '2024-01-01'])],
  ['huge numbers', cursor([1e308, 1e308])],
  ['a huge string', cursor(['x'.repeat(100_000)])],
  ['far too many values', cursor(['a', 'b', 'c', 'd', 'e'])],
  ['a nested array', cursor([['0884']])],
  ['a huge token', 'A'.repeat(50_000)],
];

/** How to reach one object of each type that has connections, as a selection prefix. */
const REACH: Record<string, () => string> = {
  Query: () => '',
  Municipality: () => 'municipality(code: "0884")',
  Organization: () => 'organization(slug: "emilkraften")',
  PracticeCase: () => `practiceCase(slug: ${JSON.stringify(caseSlug)})`,
  Theme: () => 'theme(slug: "language")',
};

interface ConnectionField {
  parent: string;
  field: GraphQLField<unknown, unknown>;
}

/** Every field of every object type that pages with first/after. */
async function connectionFields(): Promise<ConnectionField[]> {
  const schema = await buildAppSchema();
  const out: ConnectionField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values((type as GraphQLObjectType).getFields())) {
      const names = field.args.map((a) => a.name);
      if (names.includes('first') && names.includes('after')) out.push({ parent: type.name, field });
    }
  }
  return out;
}

function pageQuery(c: ConnectionField, args: string): string {
  const reach = REACH[c.parent];
  if (!reach) throw new Error(`test/cursors.test.ts does not know how to reach a ${c.parent} for its ${c.field.name} connection`);
  const inner = `${c.field.name}(${args}) { edges { cursor } pageInfo { endCursor hasNextPage } }`;
  const prefix = reach();
  return prefix ? `{ ${prefix} { ${inner} } }` : `{ ${inner} }`;
}

/** The connection's object in a response, whatever it is nested in. */
function connectionOf(data: Record<string, any>, c: ConnectionField): any {
  const top = Object.values(data)[0];
  return c.parent === 'Query' ? top : top?.[c.field.name];
}

let connections: ConnectionField[] = [];

beforeAll(async () => {
  admin = await tokenFor(t, 'ADMIN');
  const editor = await tokenFor(t, 'EDITOR', '0884');
  const reviewer = await tokenFor(t, 'REVIEWER');
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0884');
  await ensureOrganization(t, 'bullerbyn', 'Bullerbyns vänner', undefined, '0884');
  const partners = [{ organization: 'emilkraften', role: 'Driver caféet' }];
  caseSlug = (await publishedCase(t, editor, reviewer, { title: 'Språkcafé ett', partners })).slug;
  await publishedCase(t, editor, reviewer, { title: 'Språkcafé två', partners });
  const visitor = await tokenFor(t, 'EDITOR', '0686');
  await requestVisit(t, visitor);
  await requestVisit(t, visitor);
  connections = await connectionFields();
}, 120_000);

test('the schema walk finds every connection, each reachable from here', () => {
  const names = connections.map((c) => `${c.parent}.${c.field.name}`);
  // The ones issue 12 named must be among them; the rest are whatever the schema has.
  expect(names).toEqual(expect.arrayContaining(['Query.organizations', 'Query.studyVisits', 'Municipality.hostedStudyVisits', 'Query.municipalities', 'Query.search', 'Query.apiTokens']));
  for (const c of connections) expect(REACH[c.parent]).toBeDefined();
  expect(getNamedType(connections[0].field.type).name).toMatch(/Connection$|Result$/);
});

test('real cursors still page every connection', async () => {
  for (const c of connections) {
    const first = await t.gql(pageQuery(c, 'first: 1'), {}, { token: admin });
    expect({ at: `${c.parent}.${c.field.name}`, errors: first.errors }).toEqual({ at: `${c.parent}.${c.field.name}`, errors: undefined });
    const end = connectionOf(first.data, c).pageInfo.endCursor;
    if (!end) continue;
    const next = await t.gql(pageQuery(c, `first: 1, after: ${JSON.stringify(end)}`), {}, { token: admin });
    expect({ at: `${c.parent}.${c.field.name}`, errors: next.errors }).toEqual({ at: `${c.parent}.${c.field.name}`, errors: undefined });
  }
  // Every order of the case list, both directions: their cursors hold dates or titles.
  for (const field of ['UPDATED_AT', 'PUBLISHED_AT', 'TITLE']) {
    for (const direction of ['ASC', 'DESC']) {
      const q = (extra: string) => `{ practiceCases(first: 1, orderBy: { field: ${field}, direction: ${direction} }${extra}) { edges { node { title } } pageInfo { endCursor } } }`;
      const one = await t.data(q(''), {}, { token: admin });
      const two = await t.data(q(`, after: ${JSON.stringify(one.practiceCases.pageInfo.endCursor)}`), {}, { token: admin });
      expect(two.practiceCases.edges[0].node.title).not.toBe(one.practiceCases.edges[0].node.title);
    }
  }
});

test('forged cursors on every connection are BAD_USER_INPUT naming the argument, and nothing is logged as an error', async () => {
  t.errorLogs.length = 0;
  let checked = 0;
  for (const c of connections) {
    const hasBefore = c.field.args.some((a) => a.name === 'before');
    for (const [what, forged] of FORGED) {
      const variants = [`first: 2, after: ${JSON.stringify(forged)}`, ...(hasBefore ? [`last: 2, before: ${JSON.stringify(forged)}`] : [])];
      for (const args of variants) {
        for (const token of [admin, undefined]) {
          const res = await t.gql(pageQuery(c, args), {}, { token });
          // apiTokens is for admins: anonymous callers are refused before any cursor is read.
          if (!token && c.field.name === 'apiTokens') continue;
          const argument = args.includes('before') ? 'before' : 'after';
          expect({ at: `${c.parent}.${c.field.name}`, what, errors: res.errors?.map((e) => [e.extensions?.code, e.extensions?.argument]) }).toEqual({
            at: `${c.parent}.${c.field.name}`,
            what,
            errors: [['BAD_USER_INPUT', argument]],
          });
          checked += 1;
        }
      }
    }
  }
  expect(checked).toBeGreaterThan(connections.length * FORGED.length);
  expect(t.errorLogs).toEqual([]);
});

test('the cases of issue 12: organizations with two strings, municipalities with a number', async () => {
  const orgs = await t.gql(`{ organizations(after: ${JSON.stringify(cursor(['abc', 'def']))}) { edges { cursor } } }`);
  expect(orgs.errors?.[0]).toMatchObject({ message: 'after: is not a valid cursor', extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  const munis = await t.gql(`{ municipalities(after: ${JSON.stringify(cursor([1]))}) { edges { cursor } } }`);
  expect(munis.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  const visits = await t.gql(`{ studyVisits(after: ${JSON.stringify(cursor(['2019-02-30', 'abc']))}) { edges { cursor } } }`);
  expect(visits.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  expect(t.errorLogs).toEqual([]);
});
