// Every search filter, facet count, sort and the `near` radius, checked against a
// small fixture whose expected answers are written out by hand below.
import { CREATE, publishedCase } from './helpers/cases';
import { tokenFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import { SearchService } from '../server/src/modules/search/search.service';

const SEARCH = `query($query: String, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String, $language: Language) {
  search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after, language: $language) {
    totalCount
    edges { cursor node { id title } distanceKm }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    facets {
      themes { value label count } kinds { value label count } targetGroups { value count }
      counties { value label count } municipalities { value label count } languages { value label count }
    }
  }
}`;

interface Fixture {
  key: string;
  owner: string;
  kind: string;
  themes: string[];
  targetGroups: string[];
  language: 'SV' | 'EN';
  startedOn: string | null;
  participants?: string[];
  places?: string[];
}

const FIXTURE: Fixture[] = [
  { key: 'A', owner: '0884', kind: 'EDUCATION', themes: ['volunteering'], targetGroups: ['YOUTH', 'NEWCOMERS'], language: 'SV', startedOn: '2019-03-01', participants: ['0860'] },
  { key: 'B', owner: '0884', kind: 'PARTNERSHIP', themes: ['iop'], targetGroups: ['JOB_SEEKERS'], language: 'SV', startedOn: '2021-09-15', places: ['Storebro'] },
  { key: 'C', owner: '0860', kind: 'READING_PROJECT', themes: ['libraries-and-reading'], targetGroups: ['WOMEN'], language: 'SV', startedOn: null },
  { key: 'D', owner: '0180', kind: 'EMPLOYMENT_PROGRAMME', themes: ['work-and-employment'], targetGroups: ['NEWCOMERS', 'JOB_SEEKERS'], language: 'EN', startedOn: '2022-01-10' },
  { key: 'E', owner: '1280', kind: 'SPORTS_AND_LEISURE', themes: ['sports-and-leisure', 'meeting-places'], targetGroups: ['YOUTH'], language: 'SV', startedOn: '2018-06-01', participants: ['0180'] },
  { key: 'F', owner: '2480', kind: 'LANGUAGE_BUDDY', themes: ['volunteering', 'language'], targetGroups: ['NEWCOMERS'], language: 'SV', startedOn: '2020-02-02' },
];
const PARENT: Record<string, string> = { volunteering: 'civil-society', iop: 'civil-society', 'libraries-and-reading': 'culture' };
const title = (key: string) => `Fixturfall ${key}`;

const { t } = useTestSystem({ inProcessIndexer: false });
const ids = new Map<string, string>();

/** Keys of the hits, sorted, so a wrong set shows which cases differ. */
async function keys(filter: Record<string, unknown>, query: string | null = null): Promise<string[]> {
  const d = await t.data(SEARCH, { query, filter, first: 100 });
  expect(d.search.totalCount).toBe(d.search.edges.length);
  return (d.search.edges as { node: { title: string } }[]).map((e) => e.node.title.replace('Fixturfall ', '')).sort();
}

const expectKeys = (predicate: (f: Fixture) => boolean) => FIXTURE.filter(predicate).map((f) => f.key).sort();
/** A case of Kalmar county (08): owned there or with a participant there. */
const inKalmar = (f: Fixture) => [f.owner, ...(f.participants ?? [])].some((m) => m.startsWith('08'));

/** Facet counts computed straight from the fixture. */
function expectedFacets(cases: Fixture[]) {
  const count = (values: string[][]) => {
    const out: Record<string, number> = {};
    for (const vs of values) for (const v of new Set(vs)) out[v] = (out[v] ?? 0) + 1;
    return out;
  };
  const municipalities = (f: Fixture) => [f.owner, ...(f.participants ?? [])];
  return {
    themes: count(cases.map((f) => f.themes.flatMap((s) => (PARENT[s] ? [s, PARENT[s]] : [s])))),
    kinds: count(cases.map((f) => [f.kind])),
    targetGroups: count(cases.map((f) => f.targetGroups)),
    counties: count(cases.map((f) => municipalities(f).map((m) => m.slice(0, 2)))),
    municipalities: count(cases.map(municipalities)),
    languages: count(cases.map((f) => [f.language])),
  };
}

const asCounts = (facet: { value: string; count: number }[]) => Object.fromEntries(facet.map((v) => [v.value, v.count]));

beforeAll(async () => {
  const reviewer = await tokenFor(t, 'REVIEWER');
  const editors = new Map<string, string>();
  for (const f of FIXTURE) {
    if (!editors.has(f.owner)) editors.set(f.owner, await tokenFor(t, 'EDITOR', f.owner));
    const c = await publishedCase(t, editors.get(f.owner)!, reviewer, {
      title: title(f.key),
      summary: f.key === 'C' ? 'Bokcirkel på lätt svenska.' : 'Ett exempel för filtertest.',
      body: 'Beskrivning av arbetet.',
      municipality: f.owner,
      kind: f.kind,
      themes: f.themes,
      targetGroups: f.targetGroups,
      language: f.language,
      startedOn: f.startedOn,
      participatingMunicipalities: f.participants ?? [],
      places: f.places ?? [],
    });
    ids.set(f.key, c.id);
  }
  // A draft in the same municipality must never be counted.
  const draft = await t.data(CREATE, { input: { title: 'Fixturfall utkast', summary: 'Utkast.', body: 'Utkast.', kind: 'OTHER', municipality: '0884', themes: ['iop'] } }, { token: editors.get('0884') });
  expect(draft.createPracticeCase.userErrors).toEqual([]);
  await t.system.search.indexer.drain();
});

test('an empty query lists every published case, with facet counts matching the fixture', async () => {
  const d = await t.data(SEARCH, { first: 100 });
  expect(d.search.totalCount).toBe(FIXTURE.length);
  const facets = d.search.facets;
  const expected = expectedFacets(FIXTURE);
  expect(asCounts(facets.themes)).toEqual(expected.themes);
  expect(asCounts(facets.kinds)).toEqual(expected.kinds);
  expect(asCounts(facets.targetGroups)).toEqual(expected.targetGroups);
  expect(asCounts(facets.counties)).toEqual(expected.counties);
  expect(asCounts(facets.municipalities)).toEqual(expected.municipalities);
  expect(asCounts(facets.languages)).toEqual(expected.languages);
  // Labels come from the reference data, in the requested language.
  expect(facets.themes.find((v: { value: string }) => v.value === 'civil-society').label).toBe('Civilsamhälle och föreningsliv');
  expect(facets.counties.find((v: { value: string }) => v.value === '08').label).toBe('Kalmar län');
  expect(facets.municipalities.find((v: { value: string }) => v.value === '0884').label).toBe('Vimmerby');
  expect(facets.themes[0].count).toBeGreaterThanOrEqual(facets.themes[facets.themes.length - 1].count);
  const en = await t.data(SEARCH, { first: 1, language: 'EN' });
  expect(en.search.facets.themes.find((v: { value: string }) => v.value === 'civil-society').label).toBe('Civil society and associations');
});

test.each([
  ['themes: a parent includes its children', { themes: ['civil-society'] }, (f: Fixture) => f.themes.some((s) => s === 'civil-society' || PARENT[s] === 'civil-society')],
  ['themes: a child alone', { themes: ['iop'] }, (f: Fixture) => f.themes.includes('iop')],
  ['themes: several', { themes: ['culture', 'language'] }, (f: Fixture) => f.themes.some((s) => s === 'language' || PARENT[s] === 'culture')],
  ['kinds', { kinds: ['EDUCATION', 'PARTNERSHIP'] }, (f: Fixture) => ['EDUCATION', 'PARTNERSHIP'].includes(f.kind)],
  ['targetGroups', { targetGroups: ['NEWCOMERS'] }, (f: Fixture) => f.targetGroups.includes('NEWCOMERS')],
  ['counties (owner or participant)', { counties: ['08'] }, (f: Fixture) => [f.owner, ...(f.participants ?? [])].some((m) => m.startsWith('08'))],
  ['municipalities (owner or participant)', { municipalities: ['0180'] }, (f: Fixture) => f.owner === '0180' || !!f.participants?.includes('0180')],
  ['language', { language: 'EN' }, (f: Fixture) => f.language === 'EN'],
  ['startedFrom', { startedFrom: '2020-01-01' }, (f: Fixture) => !!f.startedOn && f.startedOn >= '2020-01-01'],
  ['startedTo', { startedTo: '2019-12-31' }, (f: Fixture) => !!f.startedOn && f.startedOn <= '2019-12-31'],
  ['started range, inclusive', { startedFrom: '2019-03-01', startedTo: '2021-09-15' }, (f: Fixture) => !!f.startedOn && f.startedOn >= '2019-03-01' && f.startedOn <= '2021-09-15'],
  ['hostsStudyVisits: false (nobody offers visits yet)', { hostsStudyVisits: false }, () => true],
  ['hostsStudyVisits: true', { hostsStudyVisits: true }, () => false],
  ['filters combine with AND', { counties: ['08'], targetGroups: ['JOB_SEEKERS'] }, (f: Fixture) => f.key === 'B'],
])('filter %s', async (_name, filter, predicate) => {
  expect(await keys(filter)).toEqual(expectKeys(predicate));
});

test('facets are computed for the current query and filter', async () => {
  const d = await t.data(SEARCH, { filter: { counties: ['08'] }, first: 100 });
  const expected = expectedFacets(FIXTURE.filter(inKalmar));
  expect(asCounts(d.search.facets.kinds)).toEqual(expected.kinds);
  expect(asCounts(d.search.facets.municipalities)).toEqual(expected.municipalities);
  expect(asCounts(d.search.facets.themes)).toEqual(expected.themes);
  const q = await t.data(SEARCH, { query: 'bokcirkel', filter: { counties: ['08'] }, first: 100 });
  expect(q.search.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([title('C')]);
  expect(asCounts(q.search.facets.kinds)).toEqual({ READING_PROJECT: 1 });
});

describe('near', () => {
  // Vimmerby's seat; Storebro is about 10 km away, Hultsfred about 32 km, the rest hundreds.
  test('by municipality: the radius decides', async () => {
    expect(await keys({ near: { municipality: '0884', radiusKm: 20 } })).toEqual(['A', 'B']);
    expect(await keys({ near: { municipality: '0884', radiusKm: 50 } })).toEqual(['A', 'B', 'C']);
    expect(await keys({ near: { municipality: '0884', radiusKm: 2000 } })).toEqual(FIXTURE.map((f) => f.key).sort());
  });

  test('by coordinates, sorted by distance with the distance given', async () => {
    const d = await t.data(SEARCH, { filter: { near: { latitude: 57.59, longitude: 15.845, radiusKm: 40 } }, sort: 'DISTANCE', first: 10 });
    const hits = d.search.edges as { node: { title: string }; distanceKm: number }[];
    expect(hits.map((h) => h.node.title)).toEqual([title('B'), title('A'), title('C')]);
    expect(hits[0].distanceKm).toBeLessThan(1);
    expect(hits[1].distanceKm).toBeGreaterThan(5);
    expect(hits[2].distanceKm).toBeGreaterThan(hits[1].distanceKm);
    expect(await keys({ near: { latitude: 55.6, longitude: 13.0, radiusKm: 10 } })).toEqual(['E']);
  });
});

describe('sort and pagination', () => {
  test('publishedAt and startedOn, both directions', async () => {
    const order = async (sort: string) => (await t.data(SEARCH, { sort, first: 100 })).search.edges.map((e: { node: { title: string } }) => e.node.title.replace('Fixturfall ', ''));
    const published = FIXTURE.map((f) => f.key); // published in fixture order
    expect(await order('PUBLISHED_AT_ASC')).toEqual(published);
    expect(await order('PUBLISHED_AT_DESC')).toEqual([...published].reverse());
    const dated = FIXTURE.filter((f) => f.startedOn).sort((a, b) => a.startedOn!.localeCompare(b.startedOn!)).map((f) => f.key);
    expect(await order('STARTED_ON_ASC')).toEqual([...dated, 'C']);
    expect(await order('STARTED_ON_DESC')).toEqual([...[...dated].reverse(), 'C']);
  });

  test('cursor pages cover every hit once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const d: any = await t.data(SEARCH, { sort: 'PUBLISHED_AT_ASC', first: 4, after });
      expect(d.search.totalCount).toBe(FIXTURE.length);
      seen.push(...d.search.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(d.search.pageInfo.hasPreviousPage).toBe(page > 0);
      if (!d.search.pageInfo.hasNextPage) break;
      after = d.search.pageInfo.endCursor;
    }
    expect(seen).toEqual(FIXTURE.map((f) => ids.get(f.key)));
  });

  test('the page size may change between pages', async () => {
    const page = async (first: number, after: string | null) => (await t.data(SEARCH, { sort: 'PUBLISHED_AT_ASC', first, after })).search;
    const one = await page(4, null);
    const two = await page(3, one.pageInfo.endCursor);
    expect(two.totalCount).toBe(FIXTURE.length);
    expect(two.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(FIXTURE.slice(4, 7).map((f) => ids.get(f.key)));
    expect(two.pageInfo.hasNextPage).toBe(false);
  });
});

describe('facetMode DISJUNCTIVE: each facet counted without its own filter', () => {
  const FACETED = SEARCH.replace('$language: Language)', '$language: Language, $facetMode: SearchFacetMode)').replace('language: $language)', 'language: $language, facetMode: $facetMode)');
  const facetsOf = async (filter: Record<string, unknown>, query: string | null = null) => (await t.data(FACETED, { query, filter, first: 100, facetMode: 'DISJUNCTIVE' })).search;

  test('with one kind chosen, the other kinds keep the counts that choosing them too would add', async () => {
    const d = await facetsOf({ counties: ['08'], kinds: ['EDUCATION'] });
    expect(d.totalCount).toBe(FIXTURE.filter((f) => inKalmar(f) && f.kind === 'EDUCATION').length);
    // kinds: the county filter only; counties: the kind filter only; the rest: both.
    expect(asCounts(d.facets.kinds)).toEqual(expectedFacets(FIXTURE.filter(inKalmar)).kinds);
    expect(asCounts(d.facets.counties)).toEqual(expectedFacets(FIXTURE.filter((f) => f.kind === 'EDUCATION')).counties);
    expect(asCounts(d.facets.targetGroups)).toEqual(expectedFacets(FIXTURE.filter((f) => inKalmar(f) && f.kind === 'EDUCATION')).targetGroups);
    expect(d.facets.kinds.length).toBeGreaterThan(1);
    // Each other kind's count is what the API finds for the other filters plus that kind.
    for (const v of d.facets.kinds as { value: string; count: number }[]) {
      const alone = await t.data(SEARCH, { filter: { counties: ['08'], kinds: [v.value] }, first: 1 });
      expect([v.value, v.count]).toEqual([v.value, alone.search.totalCount]);
    }
  });

  test('the query words, the theme tree and a single-valued language follow the same rule', async () => {
    const themed = await facetsOf({ themes: ['iop'] });
    expect(asCounts(themed.facets.themes)).toEqual(expectedFacets(FIXTURE).themes);
    const words = await facetsOf({ kinds: ['EDUCATION'] }, 'bokcirkel');
    expect(words.totalCount).toBe(0);
    expect(asCounts(words.facets.kinds)).toEqual({ READING_PROJECT: 1 });
    const english = await facetsOf({ language: 'EN' });
    expect(asCounts(english.facets.languages)).toEqual(expectedFacets(FIXTURE).languages);
    expect(asCounts(english.facets.kinds)).toEqual(expectedFacets(FIXTURE.filter((f) => f.language === 'EN')).kinds);
  });

  test('the default still counts within the hits, and hits and paging are the same in both modes', async () => {
    const filter = { counties: ['08'], kinds: ['EDUCATION', 'PARTNERSHIP'] };
    const plain = await t.data(SEARCH, { filter, first: 1 });
    expect(asCounts(plain.search.facets.kinds)).toEqual(expectedFacets(FIXTURE.filter((f) => inKalmar(f) && filter.kinds.includes(f.kind))).kinds);
    const disjunctive = await t.data(FACETED, { filter, first: 1, facetMode: 'DISJUNCTIVE' });
    expect(disjunctive.search.edges).toEqual(plain.search.edges);
    expect(disjunctive.search.pageInfo).toEqual(plain.search.pageInfo);
    expect(disjunctive.search.totalCount).toBe(plain.search.totalCount);
  });
});

describe('facet counting', () => {
  test('Meilisearch is asked to count facets only by a request that reads them', async () => {
    // Our own steps, spied on and called through: what they ask Meilisearch for shows whether it counts facets.
    const service = SearchService.prototype as unknown as { query: (...a: unknown[]) => unknown; federated: (...a: unknown[]) => unknown };
    const plain = jest.spyOn(service, 'query');
    const federated = jest.spyOn(service, 'federated');
    const filter = { counties: ['08'], kinds: ['EDUCATION'] };
    const HITS = `query($query: String, $filter: SearchFilter) { search(query: $query, filter: $filter, facetMode: DISJUNCTIVE) { totalCount edges { node { id } } } }`;
    const WITH_FACETS = `query($query: String, $filter: SearchFilter) { search(query: $query, filter: $filter, facetMode: DISJUNCTIVE) { totalCount ...F } } fragment F on SearchResult { facets { kinds { value count } } }`;
    try {
      // No words: one plain query; without facets it has no facet attributes and no DISJUNCTIVE facet-only queries beside it.
      const hits = await t.data(HITS, { query: null, filter });
      expect(hits.search.totalCount).toBe(1);
      const params = plain.mock.calls[0][2] as { facets?: string[] }[];
      expect(params).toHaveLength(1);
      expect(params[0].facets).toBeUndefined();
      // Words: the federated search, with no facets in its page and no facet-only federations.
      await t.data(HITS, { query: 'fixturfall', filter });
      const [, , , , page, separate] = federated.mock.calls[0] as [unknown, unknown, unknown, unknown, { facets: string[] }, unknown[]];
      expect(page.facets).toEqual([]);
      expect(separate).toEqual([]);

      // Read through a fragment, the facets are counted as before, and correctly.
      plain.mockClear();
      federated.mockClear();
      const counted = await t.data(WITH_FACETS, { query: null, filter });
      const asked = plain.mock.calls[0][2] as { facets?: string[] }[];
      expect(asked.length).toBeGreaterThan(1);
      expect(asked[0].facets?.length).toBeGreaterThan(0);
      expect(asCounts(counted.search.facets.kinds)).toEqual(expectedFacets(FIXTURE.filter(inKalmar)).kinds);
      await t.data(WITH_FACETS, { query: 'fixturfall', filter });
      const [, , , , countedPage, countedSeparate] = federated.mock.calls[0] as [unknown, unknown, unknown, unknown, { facets: string[] }, unknown[]];
      expect(countedPage.facets.length).toBeGreaterThan(0);
      expect(countedSeparate).toHaveLength(2);
    } finally {
      plain.mockRestore();
      federated.mockRestore();
    }
  });
});

describe('facet labels', () => {

  test('are made only for a request that reads the facets, once however often it reads them', async () => {
    // The labelling (up to 290 municipalities, sorted) is our own step after Meilisearch's answer; counting its calls shows when it runs.
    const labelling = jest.spyOn(SearchService.prototype as unknown as { facets: () => unknown }, 'facets');
    try {
      const hitsOnly = await t.data(`query($filter: SearchFilter) { search(filter: $filter, first: 100) { totalCount edges { node { id } } } }`, { filter: { counties: ['08'] } });
      expect(hitsOnly.search.totalCount).toBe(FIXTURE.filter(inKalmar).length);
      expect(labelling).not.toHaveBeenCalled();
      const twice = await t.data(`query($filter: SearchFilter) { search(filter: $filter) { facets { kinds { value count } } again: facets { kinds { value } } } }`, { filter: { counties: ['08'] } });
      expect(labelling).toHaveBeenCalledTimes(1);
      expect(asCounts(twice.search.facets.kinds)).toEqual(expectedFacets(FIXTURE.filter(inKalmar)).kinds);
      expect(twice.search.again.kinds.map((k: { value: string }) => k.value)).toEqual(twice.search.facets.kinds.map((k: { value: string }) => k.value));
    } finally {
      labelling.mockRestore();
    }
  });
});
