// The relevance test set of issue 16: practice cases written so that each holds a word
// in one form only (förskolan, böcker, Gävle …), and queries that reach them through
// another form — a compound part, a lemma, a word typed without å/ä/ö — or must not
// reach them at all. Everything goes through the public GraphQL `search`, as a user's
// search does. Prints precision@3 and recall@20 per phenomenon; fails on any broken
// expectation and lists them all. How to add a query: docs/search.md.
import { tokensFor } from '../helpers/actors';
import { publishedCase } from '../helpers/cases';
import { useTestSystem } from '../helpers/harness';
import type { TestSystem } from '../helpers/system';
import casesJson from './cases.json';
import queriesJson from './queries.json';
import { formatTable, judge, summarize, type Judgement, type RelevanceCase, type RelevanceQuery } from './judge';

const cases = casesJson as RelevanceCase[];
const queries = queriesJson as RelevanceQuery[];

const SEARCH = `query($query: String, $first: Int) { search(query: $query, first: $first) { edges { node { id } } } }`;

/** Publishes every case as the same editor (Vimmerby), so the owner adds the same words to each; returns case id → key. */
async function publishAll(t: TestSystem): Promise<Map<string, string>> {
  const { editor, reviewer } = await tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  const keyById = new Map<string, string>();
  for (const { key, ...input } of cases) {
    const published = await publishedCase(t, editor, reviewer, { ...input, municipality: '0884' });
    if (published.status !== 'PUBLISHED') throw new Error(`case ${key} was not published: ${JSON.stringify(published)}`);
    keyById.set(published.id, key);
  }
  await t.system.search.indexer.drain();
  return keyById;
}

const { t, actors } = useTestSystem({ inProcessIndexer: false }, async (t) => ({ keyById: await publishAll(t) }), { timeout: 60_000 });

/** The keys of the cases search returns for q, best first (all of them: the set is smaller than a page). */
async function hitsFor(q: string): Promise<string[]> {
  const d = await t.data(SEARCH, { query: q, first: 100 });
  return (d.search.edges as { node: { id: string } }[]).map((e) => actors.keyById.get(e.node.id) ?? `unknown ${e.node.id}`);
}

describe('the set itself', () => {
  test('is as large as issue 16 asks, and every query names cases that exist', () => {
    const keys = new Set(cases.map((c) => c.key));
    expect(keys.size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(queries.length).toBeGreaterThanOrEqual(40);
    const named = queries.flatMap((q) => [...q.relevant, ...(q.mustNotMatch ?? []), ...(q.ranksAbove ?? []).flat()]);
    expect(named.filter((k) => !keys.has(k))).toEqual([]);
    expect(new Set(queries.map((q) => q.phenomenon))).toEqual(new Set(['decompounding', 'lemma', 'folding', 'ranking', 'synonyms', 'negative', 'exact']));
  });

  test('judge scores precision@3 and recall@20 and reports each broken expectation', () => {
    const q: RelevanceQuery = { q: 'x', phenomenon: 'p', relevant: ['a', 'b'], mustNotMatch: ['z'], ranksAbove: [['a', 'b'], ['b', 'c']] };
    const good = judge(q, ['a', 'b', 'c']);
    expect([good.precisionAt3, good.recallAt20, good.failures]).toEqual([1, 1, []]);
    const bad = judge(q, ['z', 'c', 'b', ...Array.from({ length: 20 }, (_, i) => `f${i}`), 'a']);
    expect(bad.precisionAt3).toBe(0.5);
    expect(bad.recallAt20).toBe(0.5);
    expect(bad.failures).toEqual([
      '"x" should find a (at 24)',
      '"x" must not find z (found at 1)',
      '"x" should rank a (at 24) above b (at 3)',
      '"x" should rank b (at 3) above c (at 2)',
    ]);
    expect(judge({ q: 'y', phenomenon: 'p', relevant: [], mustNotMatch: ['z'] }, []).precisionAt3).toBeNull();
  });
});

test('every query of the set meets its expectations through GraphQL search', async () => {
  const judgements: Judgement[] = [];
  for (const query of queries) judgements.push(judge(query, await hitsFor(query.q)));
  console.log(`Relevance (${queries.length} queries over ${cases.length} cases)\n${formatTable(summarize(judgements))}`);
  expect(judgements.flatMap((j) => j.failures)).toEqual([]);
});
