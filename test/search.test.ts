// Search over HTTP against real PostgreSQL and Meilisearch: what gets indexed and
// when, Swedish text matching, and input validation. The in-process indexer is off;
// each test drains the outbox itself, so nothing depends on timing.
import { UPDATE, publishedCase, transition } from './helpers/cases';
import { tokenFor, tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import { createLogger } from '../server/src/core/logger';
import { bootSystem } from '../server/src/system';

const SEARCH = `query($query: String, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String) {
  search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount processingTimeMs
    edges { cursor node { id title status } highlights { title summary } distanceKm }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) => tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] }));

const drain = () => t.system.search.indexer.drain();
const titles = async (query: string | null, filter?: Record<string, unknown>) => {
  const d = await t.data(SEARCH, { query, filter, first: 100 });
  return (d.search.edges as { node: { title: string } }[]).map((e) => e.node.title).sort();
};

describe('keeping the index in step with the database', () => {
  test('a published case becomes searchable once the outbox is drained; a draft never does', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Cykelskola för vuxna i Vimmerby', summary: 'Kvinnor lär sig cykla tillsammans.' });
    expect(await titles('cykelskola')).toEqual([]);
    const drained = await drain();
    expect(drained.upserted).toBe(1);
    expect(await titles('cykelskola')).toEqual(['Cykelskola för vuxna i Vimmerby']);
    const [{ n }] = await t.sql('select count(*)::int as n from search_outbox');
    expect(n).toBe(0);
    expect(c.status).toBe('PUBLISHED');
  });

  test('an update replaces the old text; archiving removes the case', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Stickcafé på fritidsgården', summary: 'Garn och samtal.' });
    await drain();
    expect(await titles('stickcafé')).toEqual(['Stickcafé på fritidsgården']);
    const updated = await t.data(UPDATE, { input: { id: c.id, expectedVersion: c.version, title: 'Vävstuga på fritidsgården' } }, { token: actors.editor });
    expect(updated.updatePracticeCase.userErrors).toEqual([]);
    await drain();
    expect(await titles('vävstuga')).toEqual(['Vävstuga på fritidsgården']);
    expect(await titles('stickcafé')).toEqual([]);
    const u = updated.updatePracticeCase.practiceCase;
    const archived = await t.data(transition('archive'), { input: { id: c.id, expectedVersion: u.version } }, { token: actors.editor });
    expect(archived.archivePracticeCase.userErrors).toEqual([]);
    await drain();
    expect(await titles('vävstuga')).toEqual([]);
  });
});

describe('visibility is decided by PostgreSQL, not by the index', () => {
  test('a case archived but still in the index is left out for a reader, shown to its editor; the selection loaded does not change that', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Slöjdcirkel på biblioteket', summary: 'Trä och textil.' });
    await drain();
    const archived = await t.data(transition('archive'), { input: { id: c.id, expectedVersion: c.version } }, { token: actors.editor });
    expect(archived.archivePracticeCase.userErrors).toEqual([]);
    // Not drained: Meilisearch still returns the case; each hit is loaded with only the columns the query reads.
    const narrow = `query($query: String) { search(query: $query) { totalCount edges { node { id } } } }`;
    for (const query of [narrow, SEARCH]) {
      const anonymous = await t.data(query, { query: 'slöjdcirkel' });
      expect(anonymous.search.totalCount).toBe(1);
      expect(anonymous.search.edges).toEqual([]);
      const editor = await t.data(query, { query: 'slöjdcirkel' }, { token: actors.editor });
      expect(editor.search.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([c.id]);
    }
    await drain();
  });
});

describe('Swedish text', () => {
  const neutral = { summary: 'Ett arbetssätt som prövats.', body: 'Beskrivning.' };

  beforeAll(async () => {
    const cases = [
      'Flyktingguider i Hultsfred',
      'Språkvän på jobbet',
      'IOP med Röda korset',
      'Idéburet offentligt partnerskap med scouterna',
      'Träffpunkt Storebro',
      'Mötesplats i Frödinge',
      'SFI på kvällstid',
      'Svenska för invandrare med barnpassning',
      'Stöd till nyanlända familjer',
      'Fadder för varje nyanländ elev',
      'Språkcafé i biblioteket',
      'Rekrytering till äldreomsorgen',
    ];
    for (const title of cases) await publishedCase(t, actors.editor, actors.reviewer, { title, ...neutral });
    await drain();
  });

  test.each([
    ['språkvän', 'Flyktingguider i Hultsfred'],
    ['språkvänner', 'Flyktingguider i Hultsfred'],
    ['flyktingguide', 'Språkvän på jobbet'],
    ['IOP', 'Idéburet offentligt partnerskap med scouterna'],
    ['idéburet offentligt partnerskap', 'IOP med Röda korset'],
    ['mötesplats', 'Träffpunkt Storebro'],
    ['träffpunkt', 'Mötesplats i Frödinge'],
    ['SFI', 'Svenska för invandrare med barnpassning'],
    ['svenska för invandrare', 'SFI på kvällstid'],
    ['nyanländ', 'Stöd till nyanlända familjer'],
    ['nyanlända', 'Fadder för varje nyanländ elev'],
  ])('synonyms: "%s" finds "%s"', async (query, expected) => {
    expect(await titles(query)).toContain(expected);
  });

  test.each([
    ['sprakcafe', 'Språkcafé i biblioteket'],
    ['SPRÅKCAFE', 'Språkcafé i biblioteket'],
    ['språkcafee', 'Språkcafé i biblioteket'],
    ['aldreomsorgen', 'Rekrytering till äldreomsorgen'],
    ['rekryterng', 'Rekrytering till äldreomsorgen'],
  ])('typos and missing accents: "%s" finds "%s"', async (query, expected) => {
    expect(await titles(query)).toContain(expected);
  });

  test('an unrelated word finds nothing, so the cases above are not found by accident', async () => {
    expect(await titles('kärnkraftverk')).toEqual([]);
  });

  test('a quoted phrase needs the words together and in order', async () => {
    expect(await titles('"röda korset"')).toEqual(['IOP med Röda korset']);
    expect(await titles('"korset röda"')).toEqual([]);
  });

  test('matches are highlighted in title and summary', async () => {
    const d = await t.data(SEARCH, { query: 'storebro', first: 5 });
    expect(d.search.edges[0].highlights.title).toBe('Träffpunkt <mark>Storebro</mark>');
  });

  test('highlights are safe HTML: the case\'s own markup is escaped', async () => {
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Kör <b>fet</b> broderikurs', summary: 'Tråd & nål "för alla".', body: 'Broderi.' });
    await drain();
    const d = await t.data(SEARCH, { query: 'broderikurs', first: 5 });
    expect(d.search.edges[0].highlights.title).toBe('Kör &lt;b&gt;fet&lt;/b&gt; <mark>broderikurs</mark>');
    expect(d.search.edges[0].highlights.summary).toBe('Tråd &amp; nål &quot;för alla&quot;.');
  });
});

describe('bad input is a BAD_USER_INPUT error naming the argument', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown theme', { filter: { themes: ['no-such-theme'] } }, 'filter.themes'],
    ['unknown municipality', { filter: { municipalities: ['9999'] } }, 'filter.municipalities'],
    ['malformed municipality', { filter: { municipalities: ['08x4'] } }, 'filter.municipalities'],
    ['unknown county', { filter: { counties: ['99'] } }, 'filter.counties'],
    ['radius 0', { filter: { near: { municipality: '0884', radiusKm: 0 } } }, 'filter.near.radiusKm'],
    ['negative radius', { filter: { near: { latitude: 57, longitude: 15, radiusKm: -5 } } }, 'filter.near.radiusKm'],
    ['radius over 2000', { filter: { near: { latitude: 57, longitude: 15, radiusKm: 2000.5 } } }, 'filter.near.radiusKm'],
    ['near by unknown municipality', { filter: { near: { municipality: '0000', radiusKm: 10 } } }, 'filter.near.municipality'],
    ['near by both point and municipality', { filter: { near: { municipality: '0884', latitude: 57, longitude: 15, radiusKm: 10 } } }, 'filter.near'],
    ['latitude out of range', { filter: { near: { latitude: 91, longitude: 15, radiusKm: 10 } } }, 'filter.near.latitude'],
    ['first over 100', { first: 101 }, 'first'],
    ['first 0', { first: 0 }, 'first'],
    ['query over 500 characters', { query: 'a'.repeat(501) }, 'query'],
    ['a cursor we did not make', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ['started range backwards', { filter: { startedFrom: '2020-01-01', startedTo: '2019-01-01' } }, 'filter.startedTo'],
    ['distance sort without near', { sort: 'DISTANCE' }, 'sort'],
  ];
  test.each(cases)('%s', async (_name, variables, argument) => {
    const res = await t.gql(SEARCH, variables);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.argument).toBe(argument);
  });

  test('a query of exactly 500 characters is fine', async () => {
    const res = await t.gql(SEARCH, { query: 'a'.repeat(500) });
    expect(res.errors).toBeUndefined();
  });
});

describe('filter injection', () => {
  let secretTitle: string;
  beforeAll(async () => {
    // A published EN case that none of the injected filters below may reveal.
    secretTitle = 'Hemligt fall om kanotpaddling';
    await publishedCase(t, actors.editor, actors.reviewer, { title: secretTitle, summary: 'Paddling.', body: 'Paddling.', kind: 'OTHER', language: 'EN' });
    await drain();
  });

  test('filter syntax in the query is just text', async () => {
    for (const query of ['kind = OTHER', 'language = "EN" OR kind EXISTS', ') OR (id EXISTS', '_geoRadius(57, 15, 100000)']) {
      const res = await t.gql(SEARCH, { query, first: 100 });
      expect(res.errors).toBeUndefined();
      expect(res.data.search.edges.map((e: { node: { title: string } }) => e.node.title)).not.toContain(secretTitle);
    }
  });

  test.each([
    [{ municipalities: ['0884" OR language = "EN'] }, 'filter.municipalities'],
    [{ counties: ['08"] OR kind EXISTS OR countyCodes IN ["08'] }, 'filter.counties'],
    [{ themes: ['language" OR kind = "OTHER'] }, 'filter.themes'],
    [{ near: { municipality: '0884) OR kind EXISTS OR _geoRadius(0, 0, 1', radiusKm: 10 } }, 'filter.near.municipality'],
  ])('filter values carrying filter syntax are refused: %j', async (filter, argument) => {
    const res = await t.gql(SEARCH, { query: 'kanotpaddling', filter, first: 100 });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.argument).toBe(argument);
  });

  test('enum values outside the schema never reach Meilisearch', async () => {
    const res = await t.gql(SEARCH, { filter: { kinds: ['OTHER" OR language = "EN'] } });
    expect(res.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });
});

describe('operations', () => {
  test('/readyz reports Meilisearch and the outbox; /metrics has the outbox, indexer and HTTP numbers', async () => {
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Väntar i utkorgen' });
    const ready: any = await (await fetch(`${t.baseUrl}/readyz`)).json();
    expect(ready.checks.meilisearch).toEqual({ ok: true });
    expect(ready.checks.searchOutbox.length).toBe(1);
    expect(ready.checks.searchOutbox.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    const before = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(before).toMatch(/^utbyte_search_outbox_length 1$/m);
    expect(before).toMatch(/^utbyte_search_outbox_oldest_age_seconds [\d.e-]+$/m);
    expect(before).toMatch(/^utbyte_http_requests_total\{method="POST",status="200"\} \d+$/m);
    const batches = Number(/^utbyte_indexer_batches_total (\d+)$/m.exec(before)![1]);
    await drain();
    const after = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(after).toMatch(/^utbyte_search_outbox_length 0$/m);
    expect(Number(/^utbyte_indexer_batches_total (\d+)$/m.exec(after)![1])).toBe(batches + 1);
    expect(after).toMatch(/^utbyte_indexer_failures_total \d+$/m);
  });

  test('a hosting offer makes the owner\'s cases match hostsStudyVisits', async () => {
    const hultsfred = await tokenFor(t, 'EDITOR', '0860');
    const c = await publishedCase(t, hultsfred, actors.reviewer, { title: 'Studiebesök välkomna i Hultsfred', municipality: '0860' });
    await drain();
    const hosting = async () => (await t.data(SEARCH, { query: null, filter: { hostsStudyVisits: true }, first: 100 })).search.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await hosting()).toEqual([]);
    const set = await t.data(
      `mutation($input: SetHostingOfferInput!) { setHostingOffer(input: $input) { userErrors { message } } }`,
      { input: { municipality: '0860', expectedVersion: 0, hosts: true } },
      { token: hultsfred },
    );
    expect(set.setHostingOffer.userErrors).toEqual([]);
    await drain();
    expect(await hosting()).toEqual([c.id]);
  });

  test('the indexer\'s SQL stays out of the statement log that request counts use', async () => {
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Tyst indexering' });
    t.statements.length = 0;
    expect((await drain()).upserted).toBe(1);
    expect(t.statements.filter((s) => /^\[query\]/.test(s))).toEqual([]);
  });

  test('a reference import at start that changes a municipality queues the cases mentioning it', async () => {
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Hemslöjd vid ån', municipality: '0884' });
    await drain();
    // Pretend an earlier reference file named the municipality differently, and the index has that name.
    await t.sql(`update municipality set short_name = 'Gammelköping', name = 'Gammelköpings kommun' where code = '0884'`);
    await t.sql(`insert into search_outbox (entity_type, entity_id, created_at, available_at, attempts) values ('Municipality', '0884', now(), now(), 0)`);
    await drain();
    expect(await titles('gammelköping')).toContain('Hemslöjd vid ån');
    // The next start imports the official name again, and queues 0884 in the same transaction.
    const restarted = await bootSystem({ ...t.system.config, inProcessIndexer: false }, createLogger('silent'));
    try {
      const queued = await t.sql(`select entity_id from search_outbox where entity_type = 'Municipality'`);
      expect(queued.map((r) => r.entity_id)).toEqual(['0884']);
      await restarted.search.indexer.drain();
    } finally {
      await restarted.stop();
    }
    expect(await titles('gammelköping')).toEqual([]);
    expect(await titles('vimmerby')).toContain('Hemslöjd vid ån');
  });

  test('hits are loaded from PostgreSQL in one batched query, whatever the page size', async () => {
    const counts: number[] = [];
    for (const first of [1, 4, 20]) {
      const q = `query($first: Int) { search(first: $first) { totalCount edges { node { id title municipality { name } } } } }`;
      t.statements.length = 0;
      const d = await t.data(q, { first });
      expect(d.search.totalCount).toBeGreaterThanOrEqual(4);
      expect(d.search.edges.length).toBe(Math.min(first, d.search.totalCount));
      counts.push(t.statements.filter((s) => /^\[query\]/.test(s) && /from "?practice_case"?\s/.test(s)).length);
    }
    expect(counts).toEqual([1, 1, 1]);
  });

  test('renaming a municipality reaches the published cases that mention it', async () => {
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Kulturkväll för alla åldrar', municipality: '0884', participatingMunicipalities: [] });
    await drain();
    // What a reference import does when the SCB list renames a municipality: change the row and queue it.
    await t.sql(`update municipality set short_name = 'Vimmerbyköping', name = 'Vimmerbyköpings kommun' where code = '0884'`);
    await t.sql(`insert into search_outbox (entity_type, entity_id, created_at, available_at, attempts) values ('Municipality', '0884', now(), now(), 0)`);
    await drain();
    expect(await titles('vimmerbyköping')).toContain('Kulturkväll för alla åldrar');
    await t.sql(`update municipality set short_name = 'Vimmerby', name = 'Vimmerby kommun' where code = '0884'`);
  });

  test('relabelling a parent theme reaches cases filed under its children', async () => {
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Samarbete med idrottsföreningen', themes: ['iop'] });
    await drain();
    await t.sql(`update theme set label_sv = 'Folkrörelser' where slug = 'civil-society'`);
    await t.sql(`insert into search_outbox (entity_type, entity_id, created_at, available_at, attempts) values ('Theme', 'civil-society', now(), now(), 0)`);
    await drain();
    expect(await titles('folkrörelser')).toContain('Samarbete med idrottsföreningen');
  });
});
