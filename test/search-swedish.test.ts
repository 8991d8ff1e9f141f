// The Swedish analysis seen through GraphQL `search` (issue 16): highlights mark the
// words a reader sees even when the hit came through a lemma, a compound part or a
// folded letter; sorted searches and disjunctive facets keep working with it. What
// matches and how it ranks is the relevance set's job (test/relevance/).
import { publishedCase } from './helpers/cases';
import { tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';

const SEARCH = `query($query: String, $sort: SearchSort, $filter: SearchFilter, $facetMode: SearchFacetMode) {
  search(query: $query, sort: $sort, filter: $filter, facetMode: $facetMode, first: 20) {
    totalCount
    edges { node { title } highlights { title summary } }
    facets { kinds { value count } }
  }
}`;

const { t } = useTestSystem({ inProcessIndexer: false }, async (t) => {
  const { editor, reviewer } = await tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  await publishedCase(t, editor, reviewer, { title: 'Böcker i stadsbiblioteket', summary: 'Lästips för nyanlända från Gävle.', body: 'Lånekort på tolv språk.', kind: 'EDUCATION' });
  await publishedCase(t, editor, reviewer, { title: 'Ett år med läxhjälp', summary: 'Varje vecka hela året.', body: 'I skolans matsal.', kind: 'MEETING_PLACE' });
  await t.system.search.indexer.drain();
  return {};
});

type Result = { totalCount: number; edges: { node: { title: string }; highlights: { title: string; summary: string } }[]; facets: { kinds: { value: string; count: number }[] } };
const search = async (variables: Record<string, unknown>): Promise<Result> => (await t.data(SEARCH, variables)).search as Result;

test('a hit found through a lemma or a compound part has the word the reader sees marked', async () => {
  const bok = await search({ query: 'bok' });
  expect(bok.edges.map((e) => e.highlights.title)).toEqual(['<mark>Böcker</mark> i stadsbiblioteket']);
  const bibliotek = await search({ query: 'bibliotek' });
  expect(bibliotek.edges.map((e) => e.highlights.title)).toEqual(['Böcker i <mark>stadsbiblioteket</mark>']);
});

test('a hit found through folding has the word with å/ä/ö marked', async () => {
  const gavle = await search({ query: 'gavle' });
  expect(gavle.edges.map((e) => e.highlights.summary)).toEqual(['Lästips för nyanlända från <mark>Gävle</mark>.']);
});

test('a word typed as written is still marked by Meilisearch itself', async () => {
  const ar = await search({ query: 'år' });
  expect(ar.edges.map((e) => e.highlights.title)).toEqual(['Ett <mark>år</mark> med läxhjälp']);
});

test('disjunctive facets count the hits the analysis finds', async () => {
  const d = await search({ query: 'böcker', facetMode: 'DISJUNCTIVE', filter: { kinds: ['MEETING_PLACE'] } });
  expect(d.totalCount).toBe(0);
  expect(d.facets.kinds).toEqual([{ value: 'EDUCATION', count: 1 }]);
  const all = await search({ query: 'bok', facetMode: 'DISJUNCTIVE', filter: { kinds: ['EDUCATION'] } });
  expect(all.edges.map((e) => e.node.title)).toEqual(['Böcker i stadsbiblioteket']);
});

test('a sorted search is one plain query: the word as written still finds its case', async () => {
  const d = await search({ query: 'böcker', sort: 'PUBLISHED_AT_DESC' });
  expect(d.edges.map((e) => e.node.title)).toEqual(['Böcker i stadsbiblioteket']);
});
