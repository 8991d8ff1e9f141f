// Query.localities: the place suggestions of the case editor. A prefix of the name,
// the given municipality's places first, bounded arguments refused with BAD_USER_INPUT.
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();

const LOCALITIES = `query($search: String!, $municipality: String, $first: Int) {
  localities(search: $search, municipality: $municipality, first: $first) { name municipalityCode municipality { code name } }
}`;

type Row = { name: string; municipalityCode: string; municipality: { code: string; name: string } };

test('names starting with the search, case-insensitively, as the locality list spells them', async () => {
  const expected = await t.sql<{ name: string }>(`select name from locality where name ilike 'stor%' order by name, municipality_code limit 20`);
  const { localities } = await t.data<{ localities: Row[] }>(LOCALITIES, { search: 'STOR' });
  expect(localities.map((l) => l.name)).toEqual(expected.map((r) => r.name));
  expect(localities.length).toBeGreaterThan(1);
  for (const l of localities) expect(l.municipality.code).toBe(l.municipalityCode);
});

test("the municipality's own places come first; with an empty search only they are listed", async () => {
  const own = await t.sql<{ name: string }>(`select name from locality where municipality_code = '0884' order by name`);
  expect(own.length).toBeGreaterThan(0);
  const { localities } = await t.data<{ localities: Row[] }>(LOCALITIES, { search: '', municipality: '0884', first: 100 });
  expect(localities.map((l) => l.name)).toEqual(own.map((r) => r.name).slice(0, 100));
  const first = own[0].name.slice(0, 1);
  const mixed = await t.data<{ localities: Row[] }>(LOCALITIES, { search: first, municipality: '0884', first: 100 });
  const codes = mixed.localities.map((l) => l.municipalityCode);
  expect(codes[0]).toBe('0884');
  // Once another municipality's place appears, no Vimmerby place follows.
  expect(codes.slice(codes.findIndex((c) => c !== '0884')).includes('0884')).toBe(false);
});

test('wildcards in the search are plain characters, and nothing without search or municipality', async () => {
  expect((await t.data<{ localities: Row[] }>(LOCALITIES, { search: '%' })).localities).toEqual([]);
  expect((await t.data<{ localities: Row[] }>(LOCALITIES, { search: '_' })).localities).toEqual([]);
  expect((await t.data<{ localities: Row[] }>(LOCALITIES, { search: '  ' })).localities).toEqual([]);
});

test.each([
  [{ search: 'x'.repeat(101) }],
  [{ search: 'a', first: 0 }],
  [{ search: 'a', first: 101 }],
  [{ search: 'a', municipality: '884' }],
])('out-of-bounds arguments are BAD_USER_INPUT: %j', async (vars) => {
  const res = await t.gql(LOCALITIES, vars);
  expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});
