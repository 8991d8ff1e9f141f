// Search over HTTP against real PostgreSQL and Meilisearch: what gets indexed and
// when, Swedish text matching, and input validation. The in-process indexer is off;
// each test drains the outbox itself, so nothing depends on timing.
import { UPDATE, publishedCase, transition } from './helpers/cases';
import { tokenFor } from './helpers/actors';
import { startTestSystem, type TestSystem } from './helpers/system';

const SEARCH = `query($query: String, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String) {
  search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount processingTimeMs
    edges { cursor node { id title status } highlights { title summary } distanceKm }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

let t: TestSystem;
let editor: string;
let reviewer: string;

const drain = () => t.system.search.indexer.drain();
const titles = async (query: string | null, filter?: Record<string, unknown>) => {
  const d = await t.data(SEARCH, { query, filter, first: 100 });
  return (d.search.edges as { node: { title: string } }[]).map((e) => e.node.title).sort();
};

beforeAll(async () => {
  t = await startTestSystem({ inProcessIndexer: false });
  editor = await tokenFor(t, 'EDITOR', '0884');
  reviewer = await tokenFor(t, 'REVIEWER');
});
afterAll(() => t?.stop());

describe('keeping the index in step with the database', () => {
  test('a published case becomes searchable once the outbox is drained; a draft never does', async () => {
    const c = await publishedCase(t, editor, reviewer, { title: 'Cykelskola för vuxna i Vimmerby', summary: 'Kvinnor lär sig cykla tillsammans.' });
    expect(await titles('cykelskola')).toEqual([]);
    const drained = await drain();
    expect(drained.upserted).toBe(1);
    expect(await titles('cykelskola')).toEqual(['Cykelskola för vuxna i Vimmerby']);
    const [{ n }] = await t.sql('select count(*)::int as n from search_outbox');
    expect(n).toBe(0);
    expect(c.status).toBe('PUBLISHED');
  });

  test('an update replaces the old text; archiving removes the case', async () => {
    const c = await publishedCase(t, editor, reviewer, { title: 'Stickcafé på fritidsgården', summary: 'Garn och samtal.' });
    await drain();
    expect(await titles('stickcafé')).toEqual(['Stickcafé på fritidsgården']);
    const updated = await t.data(UPDATE, { input: { id: c.id, expectedVersion: c.version, title: 'Vävstuga på fritidsgården' } }, { token: editor });
    expect(updated.updatePracticeCase.userErrors).toEqual([]);
    await drain();
    expect(await titles('vävstuga')).toEqual(['Vävstuga på fritidsgården']);
    expect(await titles('stickcafé')).toEqual([]);
    const u = updated.updatePracticeCase.practiceCase;
    const archived = await t.data(transition('archive'), { input: { id: c.id, expectedVersion: u.version } }, { token: editor });
    expect(archived.archivePracticeCase.userErrors).toEqual([]);
    await drain();
    expect(await titles('vävstuga')).toEqual([]);
  });
});
