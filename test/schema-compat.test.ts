// schema/released.graphql is the contract of the last release. The schema the resolvers
// build now may add to it freely, but may break it only where the release had already
// deprecated what goes (see docs/api.md, "Releases and compatibility").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
// Load the whole server first, as test/schema.test.ts does, so every Node type is registered.
import '../server/src/system';
import { buildAppSchema } from '../server/src/schema';
import { deprecatedInRelease, unannouncedBreakingChanges } from './helpers/schema-compat';

const RELEASED_FILE = join(__dirname, '..', 'schema', 'released.graphql');

const BASE = `
  type Query { case(id: ID!): Case  cases(first: Int): [Case!]! }
  type Case { id: ID!  title: String!  summary: String  status: Status! }
  enum Status { DRAFT PUBLISHED }
  input CaseInput { title: String!  summary: String }
  type Mutation { saveCase(input: CaseInput!): Case }
`;

/** The paths of the changes the rule refuses between two SDL texts. */
async function refused(released: string, current: string): Promise<string[]> {
  const changes = await unannouncedBreakingChanges(buildSchema(released), buildSchema(current));
  return changes.map((c) => c.path ?? c.message);
}

describe('the compatibility rule on small schemas', () => {
  test('an unchanged schema passes', async () => {
    expect(await refused(BASE, BASE)).toEqual([]);
  });

  test('removing a field that was not deprecated fails', async () => {
    expect(await refused(BASE, BASE.replace('summary: String  status', 'status'))).toEqual(['Case.summary']);
  });

  test('removing a field the release had deprecated passes', async () => {
    const released = BASE.replace('summary: String ', 'summary: String @deprecated(reason: "Use title.") ');
    expect(await refused(released, BASE.replace('summary: String  status', 'status'))).toEqual([]);
  });

  test('adding an optional argument passes', async () => {
    expect(await refused(BASE, BASE.replace('cases(first: Int)', 'cases(first: Int, after: String)'))).toEqual([]);
  });

  test('adding a required argument fails', async () => {
    expect(await refused(BASE, BASE.replace('cases(first: Int)', 'cases(first: Int, municipality: ID!)'))).toEqual([
      'Query.cases.municipality',
    ]);
  });

  test('changing a field type fails, unless the field was deprecated', async () => {
    const changed = BASE.replace('title: String!  summary', 'title: Int!  summary');
    expect(await refused(BASE, changed)).toEqual(['Case.title']);
    const released = BASE.replace('title: String!  summary', 'title: String! @deprecated  summary');
    expect(await refused(released, changed)).toEqual([]);
  });

  test('removing an enum value or an input field needs a deprecation as well', async () => {
    const removed = BASE.replace('DRAFT PUBLISHED', 'PUBLISHED').replace('summary: String }', '}');
    expect((await refused(BASE, removed)).sort()).toEqual(['CaseInput.summary', 'Status.DRAFT']);
    const released = BASE.replace('DRAFT PUBLISHED', 'DRAFT @deprecated PUBLISHED').replace(
      'summary: String }',
      'summary: String @deprecated }',
    );
    expect(await refused(released, removed)).toEqual([]);
  });

  test('a type may go with the deprecated fields that led to it, not while a live field still does', async () => {
    const released = `${BASE} type Legacy { x: Int }  extend type Query { legacy: Legacy @deprecated }`;
    const withoutLegacy = BASE;
    expect(await refused(released, withoutLegacy)).toEqual([]);
    const live = `${BASE} type Legacy { x: Int }  extend type Query { legacy: Legacy @deprecated  other: Legacy }`;
    expect(await refused(live, withoutLegacy)).toEqual(expect.arrayContaining(['Legacy', 'Query.other']));
  });
});

describe('deprecatedInRelease', () => {
  const schema = buildSchema(`${BASE} extend type Query { old(q: String @deprecated, p: Int): Int @deprecated  live(q: String @deprecated, p: Int): Int }`);

  test.each([
    ['Query.old', true],
    ['Query.old.p', true], // inside a deprecated field
    ['Query.live.q', true],
    ['Query.live.p', false],
    ['Query.live', false],
    ['Query.old.@deprecated', true],
    ['Missing.field', false],
    ['Case.missing', false],
    ['Query', false],
  ])('%s → %s', (path, expected) => {
    expect(deprecatedInRelease(schema, path)).toBe(expected);
  });
});

test('the schema built from the resolvers keeps the released contract', async () => {
  const released = buildSchema(readFileSync(RELEASED_FILE, 'utf8'));
  // A real contract, so an empty file cannot pass by having nothing to break.
  expect(released.getQueryType()?.getFields().practiceCase).toBeDefined();
  const breaking = await unannouncedBreakingChanges(released, await buildAppSchema());
  if (breaking.length > 0) {
    const list = breaking.map((c) => `  ${c.path ?? '(schema)'}: ${c.message}`).join('\n');
    throw new Error(
      `Breaking changes against schema/released.graphql that the release did not deprecate:\n${list}\n` +
        'Deprecate first (@deprecated in one release), remove in a later one. See docs/api.md, "Releases and compatibility".',
    );
  }
});
