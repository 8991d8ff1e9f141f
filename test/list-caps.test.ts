// Every list a client can send has a documented hard limit, and going over it is a
// clear BAD_USER_INPUT before anything runs. The lists are found by walking the
// schema, so a new list argument without a limit fails here.
import { getNullableType, isInputObjectType, isInterfaceType, isListType, isObjectType, type GraphQLInputType } from 'graphql';
import { buildAppSchema } from '../server/src/schema';
import { listCap } from '../server/src/core/list-caps';
import { tokenFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem({}, undefined, { timeout: 60_000 });

/** Every list-typed argument and input field, as [coordinate, cap, description]. */
async function sendableLists(): Promise<[string, number | undefined][]> {
  const schema = await buildAppSchema();
  const out: [string, number | undefined][] = [];
  const isList = (type: GraphQLInputType) => isListType(getNullableType(type));
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) if (isList(f.type)) out.push([`${type.name}.${f.name}`, listCap(f.description)]);
    } else if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) {
        for (const a of f.args) if (isList(a.type)) out.push([`${type.name}.${f.name}(${a.name}:)`, listCap(a.description)]);
      }
    }
  }
  return out;
}

const codes = (n: number) => Array.from({ length: n }, (_, i) => String(i % 10_000).padStart(4, '0'));

test('every list argument and input field in the schema documents a hard limit', async () => {
  const lists = await sendableLists();
  expect(lists.length).toBeGreaterThan(30);
  expect(lists.filter(([, cap]) => cap === undefined).map(([where]) => where)).toEqual([]);
  expect(new Map(lists).get('OrganizationFilter.municipalities')).toBe(290);
  expect(new Map(lists).get('Query.nodes(ids:)')).toBe(100);
});

test('140 000 codes in an organization filter are refused at once, naming the argument', async () => {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query($m: [String!]) { organizations(filter: { municipalities: $m }) { totalCount } }', variables: { m: codes(140_000) } }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  expect(body.data).toBeUndefined();
  expect(body.errors).toEqual([
    expect.objectContaining({ message: 'filter.municipalities: at most 290 items', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'filter.municipalities' }) }),
  ]);
  // All 290 municipalities still go through.
  const all = await t.gql('query($m: [String!]) { organizations(filter: { municipalities: $m }) { totalCount } }', { m: codes(290) });
  expect(all.errors).toBeUndefined();
});

test.each([
  ['a literal list in the document', `{ municipalities(filter: { counties: [${codes(22).map((c) => `"${c.slice(2)}"`).join(', ')}] }) { totalCount } }`, {}, 'filter.counties', 21],
  ['a variable inside a literal object', 'query($k: [String!]) { practiceCases(filter: { organizations: $k }) { totalCount } }', { k: codes(51) }, 'filter.organizations', 50],
  ['a whole filter as a variable', 'query($f: SearchFilter) { search(filter: $f) { totalCount } }', { f: { themes: codes(51) } }, 'filter.themes', 50],
  ['node ids', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: codes(101) }, 'ids', 100],
  ['enum statuses on a nested field', '{ municipality(code: "0884") { hostedStudyVisits(statuses: [' + Array(11).fill('ACCEPTED').join(', ') + ']) { totalCount } } }', {}, 'statuses', 10],
])('%s over its limit is BAD_USER_INPUT', async (_what, query, variables, argument, cap) => {
  const res = await t.gql(query, variables);
  expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.argument, e.message])).toEqual([['BAD_USER_INPUT', argument, `${argument}: at most ${cap} items`]]);
});

test('mutation inputs: over the hard limit is refused outright; under it the domain limit answers with userErrors', async () => {
  const editor = await tokenFor(t, 'EDITOR', '0884');
  const create = 'mutation($input: CreatePracticeCaseInput!) { createPracticeCase(input: $input) { practiceCase { id } userErrors { field code } } }';
  const input = (themes: string[]) => ({ title: 'Läxhjälp', summary: 'Läxhjälp på biblioteket.', body: 'Text.', kind: 'MEETING_PLACE', municipality: '0884', themes });
  const huge = await t.gql(create, { input: input(Array(101).fill('language')) }, { token: editor });
  expect(huge.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'input.themes']]);
  const six = await t.gql(create, { input: input(['language', 'health', 'housing', 'culture', 'education', 'iop']) }, { token: editor });
  expect(six.data.createPracticeCase.userErrors).toEqual([{ field: ['input', 'themes'], code: 'OUT_OF_RANGE' }]);
  expect(await t.sql('select count(*)::int as n from practice_case')).toEqual([{ n: 0 }]);
});
