import { ensureOrganization, tokenFor, tokensFor } from './helpers/actors';
import { CREATE, UPDATE, caseInput, publishedCase, transition } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

const { t, actors } = useTestSystem({}, async (t) => {
  const tokens = await tokensFor(t, {
    editor: ['EDITOR', '0884'], // Vimmerby
    editorB: ['EDITOR', '0686'], // Eksjö
    reviewer: ['REVIEWER'],
    official: ['OFFICIAL', '0484'], // Eskilstuna
  });
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0884');
  await ensureOrganization(t, 'arbetsformedlingen', 'Arbetsförmedlingen');
  return tokens;
});

const count = async (table: string) => Number((await t.sql(`select count(*)::int as n from ${table}`))[0].n);

describe('publishing workflow', () => {
  test('create → update → submit → publish → update → publish again keeps two revisions', async () => {
    const mark = t.statements.length;
    const created = await t.data(CREATE, {
      input: caseInput({
        title: 'Mötesplats Bullerbyn',
        places: ['Storebro', 'Gården vid ån'],
        partners: [{ organization: 'emilkraften', role: 'medarrangör' }],
        participatingMunicipalities: ['0686'],
        targetGroups: ['NEWCOMERS', 'RESIDENTS'],
        startedOn: '2018-09-01',
        outcomes: [{ label: 'besökare per vecka', value: 40, unit: 'personer', measuredOn: '2019-10' }],
        funding: [{ source: 'Länsstyrelsen', amountSek: 250000 }],
        links: [{ url: 'https://www.vimmerby.se/bullerbyn', kind: 'WEBSITE', title: 'Om mötesplatsen' }],
        contacts: [{ name: 'Kim Andersson', role: 'projektledare', email: 'kim@example.se', phone: '+46 492 123 45' }],
      }),
    }, { token: actors.editor });
    const c = created.createPracticeCase.practiceCase;
    expect(created.createPracticeCase.userErrors).toEqual([]);
    expect(c).toMatchObject({ status: 'DRAFT', version: 1, slug: 'motesplats-bullerbyn', municipality: { code: '0884' }, participatingMunicipalities: [{ code: '0686' }] });
    expect(c.places[0]).toMatchObject({ name: 'Storebro', municipalityCode: '0884', resolved: true });
    expect(c.places[1]).toMatchObject({ name: 'Gården vid ån', resolved: false, municipalityCode: '0884' });
    expect(c.partners).toEqual([{ role: 'medarrangör', organization: { slug: 'emilkraften' } }]);

    const updated = await t.data(UPDATE, { input: { id: c.id, expectedVersion: 1, summary: 'En öppen mötesplats i Vimmerby.' } }, { token: actors.editor });
    expect(updated.updatePracticeCase.practiceCase).toMatchObject({ version: 2, summary: 'En öppen mötesplats i Vimmerby.', title: 'Mötesplats Bullerbyn' });

    const submitted = await t.data(transition('submit'), { input: { id: c.id, expectedVersion: 2 } }, { token: actors.editor });
    expect(submitted.submitPracticeCase.practiceCase).toMatchObject({ status: 'IN_REVIEW', version: 3 });
    const published = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: 3 } }, { token: actors.reviewer });
    expect(published.publishPracticeCase.practiceCase).toMatchObject({ status: 'PUBLISHED', version: 4 });
    expect(published.publishPracticeCase.practiceCase.publishedAt).toBeTruthy();

    const edited = await t.data(UPDATE, { input: { id: c.id, expectedVersion: 4, title: 'Mötesplats Bullerbyn i Vimmerby' } }, { token: actors.editor });
    expect(edited.updatePracticeCase.practiceCase).toMatchObject({ status: 'PUBLISHED', version: 5 });
    const again = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: 5 } }, { token: actors.reviewer });
    expect(again.publishPracticeCase.userErrors).toEqual([]);

    const { practiceCase } = await t.data(`query($id: ID!) { practiceCase(id: $id) { revisions { number publishedBy content changedFields } } }`, { id: c.id }, { token: actors.reviewer });
    expect(practiceCase.revisions.map((r: any) => r.number)).toEqual([1, 2]);
    expect(JSON.parse(practiceCase.revisions[0].content).title).toBe('Mötesplats Bullerbyn');
    expect(JSON.parse(practiceCase.revisions[1].content).title).toBe('Mötesplats Bullerbyn i Vimmerby');
    expect(practiceCase.revisions[1].changedFields).toEqual(['title']);
    expect(practiceCase.revisions[0].publishedBy).toMatch(/^user:/);

    // publish, the update of a published case and the republish each asked for an index
    // update (the in-process indexer may already have drained the rows, so count the inserts)
    const outboxInserts = t.statements.slice(mark).filter((s) => /insert into "search_outbox"/.test(s));
    expect(outboxInserts).toHaveLength(3);
  });

  test('a stale expectedVersion is VERSION_CONFLICT and changes nothing', async () => {
    const { createPracticeCase } = await t.data(CREATE, { input: caseInput({ title: 'Versionstest' }) }, { token: actors.editor });
    const c = createPracticeCase.practiceCase;
    await t.data(UPDATE, { input: { id: c.id, expectedVersion: 1, summary: 'Första ändringen' } }, { token: actors.editor });
    const stale = await t.data(UPDATE, { input: { id: c.id, expectedVersion: 1, summary: 'Andra ändringen' } }, { token: actors.editor });
    expect(stale.updatePracticeCase).toEqual({ practiceCase: null, userErrors: [expect.objectContaining({ code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] })] });
    const staleSubmit = await t.data(transition('submit'), { input: { id: c.id, expectedVersion: 1 } }, { token: actors.editor });
    expect(staleSubmit.submitPracticeCase.userErrors[0].code).toBe('VERSION_CONFLICT');
    const [row] = await t.sql('select summary, version, status from practice_case where slug = $1', ['versionstest']);
    expect(row).toEqual({ summary: 'Första ändringen', version: 2, status: 'DRAFT' });
  });

  test('illegal transitions are INVALID_TRANSITION user errors', async () => {
    const { createPracticeCase } = await t.data(CREATE, { input: caseInput({ title: 'Övergångar' }) }, { token: actors.editor });
    const c = createPracticeCase.practiceCase;
    const archiveDraft = await t.data(transition('archive'), { input: { id: c.id, expectedVersion: 1 } }, { token: actors.editor });
    expect(archiveDraft.archivePracticeCase.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const publishDraft = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: 1 } }, { token: actors.reviewer });
    expect(publishDraft.publishPracticeCase.userErrors[0].code).toBe('INVALID_TRANSITION');

    const p = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Arkiveras snart' });
    const archived = await t.data(transition('archive'), { input: { id: p.id, expectedVersion: p.version } }, { token: actors.editor });
    expect(archived.archivePracticeCase.practiceCase.status).toBe('ARCHIVED');
    const republish = await t.data(transition('publish'), { input: { id: p.id, expectedVersion: archived.archivePracticeCase.practiceCase.version } }, { token: actors.reviewer });
    expect(republish.publishPracticeCase.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    const [row] = await t.sql('select status from practice_case where slug = $1', ['arkiveras-snart']);
    expect(row.status).toBe('ARCHIVED');
  });

  test('a reviewer can return a case to draft', async () => {
    const { createPracticeCase } = await t.data(CREATE, { input: caseInput({ title: 'Tillbaka till utkast' }) }, { token: actors.editor });
    const c = createPracticeCase.practiceCase;
    await t.data(transition('submit'), { input: { id: c.id, expectedVersion: 1 } }, { token: actors.editor });
    const returned = await t.data(transition('return'), { input: { id: c.id, expectedVersion: 2, note: 'Lägg till resultat' } }, { token: actors.reviewer });
    expect(returned.returnPracticeCase.practiceCase.status).toBe('DRAFT');
  });

  test("the review history keeps the reviewer's note for the case's editors and the staff, and shows nobody else", async () => {
    const { createPracticeCase } = await t.data(CREATE, { input: caseInput({ title: 'Granskningshistorik' }) }, { token: actors.editor });
    const c = createPracticeCase.practiceCase;
    await t.data(transition('submit'), { input: { id: c.id, expectedVersion: 1 } }, { token: actors.editor });
    await t.data(transition('return'), { input: { id: c.id, expectedVersion: 2, note: '  Lägg till resultat  ' } }, { token: actors.reviewer });
    await t.data(transition('submit'), { input: { id: c.id, expectedVersion: 3 } }, { token: actors.editor });
    await t.data(transition('publish'), { input: { id: c.id, expectedVersion: 4 } }, { token: actors.reviewer });
    const HISTORY = `query($id: ID!) { practiceCase(id: $id) { reviewHistory { action actor note at } } }`;
    const expected = [
      { action: 'SUBMITTED', note: null },
      { action: 'RETURNED', note: 'Lägg till resultat' },
      { action: 'SUBMITTED', note: null },
      { action: 'PUBLISHED', note: null },
    ];
    for (const token of [actors.editor, actors.reviewer]) {
      const { practiceCase } = await t.data(HISTORY, { id: c.id }, { token });
      expect(practiceCase.reviewHistory).toMatchObject(expected);
      expect(practiceCase.reviewHistory[1].actor).toBeTruthy();
    }
    // The case is published, so these readers see it, but not who reviewed it or what they said.
    for (const token of [undefined, actors.editorB, actors.official]) {
      const { practiceCase } = await t.data(HISTORY, { id: c.id }, { token });
      expect(practiceCase.reviewHistory).toEqual([]);
    }
  });
});

describe('validation', () => {
  test.each([
    ['empty title', { title: '   ' }, ['input', 'title'], 'REQUIRED'],
    ['unknown theme', { themes: ['language', 'no-such-theme'] }, ['input', 'themes', '1'], 'UNKNOWN_REFERENCE'],
    ['unknown municipality', { municipality: '9999' }, ['input', 'municipality'], 'UNKNOWN_REFERENCE'],
    ['six themes', { themes: ['language', 'health', 'housing', 'culture', 'education', 'iop'] }, ['input', 'themes'], 'OUT_OF_RANGE'],
    ['no theme', { themes: [] }, ['input', 'themes'], 'OUT_OF_RANGE'],
    ['endedOn before startedOn', { startedOn: '2020-05-01', endedOn: '2019-01-01' }, ['input', 'endedOn'], 'INVALID'],
    ['malformed URL', { links: [{ url: 'javascript:alert(1)', kind: 'WEBSITE' }] }, ['input', 'links', '0', 'url'], 'INVALID'],
    ['malformed email', { contacts: [{ name: 'A', email: 'not-an-email' }] }, ['input', 'contacts', '0', 'email'], 'INVALID'],
    ['body too long', { body: 'x'.repeat(50_001) }, ['input', 'body'], 'TOO_LONG'],
    ['summary too long', { summary: 'x'.repeat(501) }, ['input', 'summary'], 'TOO_LONG'],
    ['unknown partner', { partners: [{ organization: 'nobody', role: 'x' }] }, ['input', 'partners', '0', 'organization'], 'UNKNOWN_REFERENCE'],
    ['negative funding', { funding: [{ source: 'Kommunen', amountSek: -5 }] }, ['input', 'funding', '0', 'amountSek'], 'OUT_OF_RANGE'],
    ['bad slug', { slug: 'Not A Slug' }, ['input', 'slug'], 'INVALID'],
  ])('%s is reported per field and nothing is written', async (_name, overrides, field, code) => {
    const before = await count('practice_case');
    const res = await t.data(CREATE, { input: caseInput({ title: `Validering ${_name}`, ...overrides }) }, { token: actors.editor });
    expect(res.createPracticeCase.practiceCase).toBeNull();
    expect(res.createPracticeCase.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await count('practice_case')).toBe(before);
  });

  test('every problem is reported at once', async () => {
    const res = await t.data(CREATE, { input: caseInput({ title: '', themes: ['nope'], links: [{ url: 'ftp://x', kind: 'NEWS' }] }) }, { token: actors.editor });
    const fields = res.createPracticeCase.userErrors.map((e: any) => e.field.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['input.title', 'input.themes.0', 'input.links.0.url']));
  });

  test('a malformed date is a BAD_USER_INPUT error from the Date scalar', async () => {
    const res = await t.gql(CREATE, { input: caseInput({ startedOn: '2019-13-45' }) }, { token: actors.editor });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a duplicate slug is DUPLICATE', async () => {
    await t.data(CREATE, { input: caseInput({ title: 'Första', slug: 'samma-slug' }) }, { token: actors.editor });
    const dup = await t.data(CREATE, { input: caseInput({ title: 'Andra', slug: 'samma-slug' }) }, { token: actors.editor });
    expect(dup.createPracticeCase.userErrors[0]).toMatchObject({ code: 'DUPLICATE', field: ['input', 'slug'] });
  });

  test('titles that slugify alike get distinct slugs', async () => {
    const a = await t.data(CREATE, { input: caseInput({ title: 'Läxhjälp för alla' }) }, { token: actors.editor });
    const b = await t.data(CREATE, { input: caseInput({ title: 'Läxhjälp för alla!' }) }, { token: actors.editor });
    expect(a.createPracticeCase.practiceCase.slug).toBe('laxhjalp-for-alla');
    expect(b.createPracticeCase.practiceCase.slug).toBe('laxhjalp-for-alla-2');
  });
});

describe('who sees what', () => {
  test('anonymous readers see neither drafts nor contacts; officials see contacts', async () => {
    const draft = (await t.data(CREATE, { input: caseInput({ title: 'Hemligt utkast', contacts: [{ name: 'Dold Person', email: 'dold@example.se' }] }) }, { token: actors.editor })).createPracticeCase.practiceCase;
    const pub = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Öppet fall', contacts: [{ name: 'Synlig Person', email: 'synlig@example.se' }] });

    const anon = await t.data(`query($d: ID!, $p: ID!) {
      draft: practiceCase(id: $d) { id } bySlug: practiceCase(slug: "hemligt-utkast") { id }
      node(id: $d) { id } nodes(ids: [$d, $p]) { id }
      pub: practiceCase(id: $p) { title contacts { name } revisions { content } }
      practiceCases(first: 100) { edges { node { slug status } } }
      municipality(code: "0884") { practiceCases(first: 100) { edges { node { slug } } } }
    }`, { d: draft.id, p: pub.id });
    expect(anon.draft).toBeNull();
    expect(anon.bySlug).toBeNull();
    expect(anon.node).toBeNull();
    expect(anon.nodes).toEqual([null, { id: pub.id }]);
    expect(anon.pub.title).toBe('Öppet fall');
    expect(anon.pub.contacts).toBeNull();
    expect(anon.pub.revisions[0].content).not.toContain('synlig@example.se');
    expect(anon.practiceCases.edges.every((e: any) => e.node.status === 'PUBLISHED')).toBe(true);
    expect(anon.practiceCases.edges.map((e: any) => e.node.slug)).not.toContain('hemligt-utkast');
    expect(anon.municipality.practiceCases.edges.map((e: any) => e.node.slug)).not.toContain('hemligt-utkast');

    const asOfficial = await t.data(`query($p: ID!, $d: ID!) { pub: practiceCase(id: $p) { contacts { name email } } draft: practiceCase(id: $d) { id } }`, { p: pub.id, d: draft.id }, { token: actors.official });
    expect(asOfficial.pub.contacts).toEqual([{ name: 'Synlig Person', email: 'synlig@example.se' }]);
    expect(asOfficial.draft).toBeNull();

    const asOtherEditor = await t.data(`query($d: ID!) { practiceCase(id: $d) { id } }`, { d: draft.id }, { token: actors.editorB });
    expect(asOtherEditor.practiceCase).toBeNull();
    const asOwner = await t.data(`query($d: ID!) { practiceCase(id: $d) { id contacts { name } } }`, { d: draft.id }, { token: actors.editor });
    expect(asOwner.practiceCase.contacts).toEqual([{ name: 'Dold Person' }]);
  });

  test('writes need a token, and an editor writes only for their own municipality', async () => {
    const anon = await t.gql(CREATE, { input: caseInput() });
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const other = await t.gql(CREATE, { input: caseInput({ municipality: '0884' }) }, { token: actors.editorB });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asOfficial = await t.gql(CREATE, { input: caseInput({ municipality: '0484' }) }, { token: actors.official });
    expect(asOfficial.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(`{ practiceCases { totalCount } }`, undefined, { token: 'utb_' + 'A'.repeat(43) });
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('lists, filters and pagination', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = [];
    // A fixture in Eskilstuna (0484, Södermanland 04) so other tests' Vimmerby cases do not interfere.
    const editorE = await tokenFor(t, 'EDITOR', '0484');
    for (let i = 0; i < 12; i++) {
      const c = await publishedCase(t, editorE, actors.reviewer, {
        title: `Språkvän ${String(i).padStart(2, '0')}`,
        municipality: '0484',
        kind: i % 2 ? 'LANGUAGE_BUDDY' : 'EMPLOYMENT_PROGRAMME',
        themes: i % 3 === 0 ? ['libraries-and-reading'] : ['volunteering'],
        targetGroups: i % 4 === 0 ? ['WOMEN'] : ['NEWCOMERS'],
        partners: i === 5 ? [{ organization: 'arbetsformedlingen', role: 'finansiär' }] : [],
      });
      ids.push(c.id);
    }
  });

  const slugs = (conn: any) => conn.edges.map((e: any) => e.node.slug);

  test('filters by municipality, county, kind, target group, theme with children, organization', async () => {
    const q = `query($f: PracticeCaseFilter) { practiceCases(filter: $f, first: 100) { totalCount edges { node { slug } } } }`;
    expect((await t.data(q, { f: { municipalities: ['0484'] } })).practiceCases.totalCount).toBe(12);
    expect((await t.data(q, { f: { counties: ['04'] } })).practiceCases.totalCount).toBe(12);
    expect((await t.data(q, { f: { municipalities: ['0484'], kinds: ['LANGUAGE_BUDDY'] } })).practiceCases.totalCount).toBe(6);
    expect((await t.data(q, { f: { municipalities: ['0484'], targetGroups: ['WOMEN'] } })).practiceCases.totalCount).toBe(3);
    expect((await t.data(q, { f: { municipalities: ['0484'], themes: ['culture'] } })).practiceCases.totalCount).toBe(4);
    expect((await t.data(q, { f: { municipalities: ['0484'], themes: ['civil-society'] } })).practiceCases.totalCount).toBe(8);
    expect(slugs((await t.data(q, { f: { organizations: ['arbetsformedlingen'] } })).practiceCases)).toEqual(['spraakvan-05'.replace('aa', 'a')]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await t.data(q, { f: { updatedSince: future } })).practiceCases.totalCount).toBe(0);
    const unknown = await t.gql(q, { f: { themes: ['nope'] } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.themes' });
  });

  test('theme, organization and municipality connections list their cases', async () => {
    const data = await t.data(`{ theme(slug: "culture") { practiceCases(first: 50) { totalCount } }
      organization(slug: "arbetsformedlingen") { name practiceCases { edges { node { slug } } } }
      municipality(code: "0484") { practiceCases(first: 5) { totalCount edges { node { slug } } } } }`);
    expect(data.theme.practiceCases.totalCount).toBe(4);
    expect(slugs(data.organization.practiceCases)).toEqual(['sprakvan-05']);
    expect(data.municipality.practiceCases.totalCount).toBe(12);
  });

  test('pages forwards and backwards by title with stable cursors', async () => {
    const q = `query($first: Int, $after: String, $last: Int, $before: String) {
      practiceCases(filter: { municipalities: ["0484"] }, orderBy: { field: TITLE, direction: ASC }, first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const expected = Array.from({ length: 12 }, (_, i) => `sprakvan-${String(i).padStart(2, '0')}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { practiceCases }: any = await t.data(q, { first: 5, after });
      seen.push(...slugs(practiceCases));
      if (!practiceCases.pageInfo.hasNextPage) break;
      after = practiceCases.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const { practiceCases: lastPage } = await t.data(q, { last: 5 });
    expect(slugs(lastPage)).toEqual(expected.slice(7));
    expect(lastPage.pageInfo.hasPreviousPage).toBe(true);
    const { practiceCases: before } = await t.data(q, { last: 5, before: lastPage.pageInfo.startCursor });
    expect(slugs(before)).toEqual(expected.slice(2, 7));
  });

  test('cursors stay stable while new cases are inserted', async () => {
    const q = `query($after: String) { practiceCases(filter: { municipalities: ["0484"] }, orderBy: { field: UPDATED_AT, direction: DESC }, first: 4, after: $after) {
      edges { node { slug } } pageInfo { endCursor hasNextPage } } }`;
    const all = slugs((await t.data(`{ practiceCases(filter: { municipalities: ["0484"] }, orderBy: { field: UPDATED_AT, direction: DESC }, first: 100) { edges { node { slug } } } }`)).practiceCases);
    const page1 = (await t.data(q, { after: null })).practiceCases;
    // New cases sort first under UPDATED_AT DESC: they must not shift the next page.
    const editorE = await tokenFor(t, 'EDITOR', '0484');
    await Promise.all([1, 2, 3].map((n) => publishedCase(t, editorE, actors.reviewer, { title: `Ny under tiden ${n}`, municipality: '0484' })));
    const page2 = (await t.data(q, { after: page1.pageInfo.endCursor })).practiceCases;
    expect([...slugs(page1), ...slugs(page2)]).toEqual(all.slice(0, 8));
  });

  test('first outside 1..100 and forged cursors are BAD_USER_INPUT', async () => {
    for (const args of ['first: 0', 'first: 101', 'last: 500', 'after: "eyJhIjoxfQ"', 'after: "WzEsMiwzXQ"']) {
      const res = await t.gql(`{ practiceCases(${args}) { totalCount } }`);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('the nested list runs the same number of SQL statements for 1, 10 and 100 cases', async () => {
    const q = `query($first: Int) { practiceCases(first: $first) { edges { node {
      municipality { county { name } } themes { slug } partners { organization { name } } adaptedFrom { title } } } } }`;
    // Warm: the reference data (municipalities, counties, themes) is read once and then
    // served from memory for a minute, so it is not part of any page's count.
    await t.data(q, { first: 1 });
    const counts: number[] = [];
    for (const first of [1, 10, 100]) {
      t.statements.length = 0;
      const data = await t.data(q, { first });
      expect(data.practiceCases.edges.length).toBe(Math.min(first, data.practiceCases.edges.length));
      counts.push(t.statements.filter((s) => /^\[query\]/.test(s)).length);
    }
    // The page with its origin cases, then the partners of all its cases.
    expect(counts).toEqual([2, 2, 2]);
  });
});

describe('adaptations and organizations', () => {
  test('adaptedFrom and adaptations link cases both ways', async () => {
    const origin = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Ursprunget' });
    const copy = await publishedCase(t, actors.editorB, actors.reviewer, { title: 'Anpassningen', municipality: '0686', adaptedFrom: origin.id, adaptationNote: 'Kortare pass och på landsbygden' });
    const data = await t.data(`query($id: ID!) { practiceCase(id: $id) { adaptations { title adaptedFrom { title } adaptationNote } } }`, { id: origin.id });
    expect(data.practiceCase.adaptations).toEqual([{ title: 'Anpassningen', adaptedFrom: { title: 'Ursprunget' }, adaptationNote: 'Kortare pass och på landsbygden' }]);
    const self = await t.data(UPDATE, { input: { id: copy.id, expectedVersion: copy.version, adaptedFrom: copy.id } }, { token: actors.editorB });
    expect(self.updatePracticeCase.userErrors[0]).toMatchObject({ field: ['input', 'adaptedFrom'], code: 'INVALID' });
  });

  test('createOrganization validates and organizations lists and filters', async () => {
    const ok = await t.data(`mutation { createOrganization(input: { name: "Vimmerby IF", kind: CIVIL_SOCIETY, homeMunicipality: "0884", website: "https://vimmerbyif.se" }) {
      organization { slug name kind homeMunicipality { code } website } userErrors { field code } } }`, undefined, { token: actors.editor });
    expect(ok.createOrganization).toEqual({ organization: { slug: 'vimmerby-if', name: 'Vimmerby IF', kind: 'CIVIL_SOCIETY', homeMunicipality: { code: '0884' }, website: 'https://vimmerbyif.se' }, userErrors: [] });
    const bad = await t.data(`mutation { createOrganization(input: { name: " ", kind: AGENCY, homeMunicipality: "12", website: "nope" }) { organization { slug } userErrors { field code } } }`, undefined, { token: actors.editor });
    expect(bad.createOrganization.organization).toBeNull();
    expect(bad.createOrganization.userErrors.map((e: any) => e.field.join('.'))).toEqual(expect.arrayContaining(['input.name', 'input.website', 'input.homeMunicipality']));
    const anon = await t.gql(`mutation { createOrganization(input: { name: "X", kind: AGENCY }) { organization { slug } } }`);
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const list = await t.data(`{ organizations(filter: { municipalities: ["0884"] }) { totalCount edges { node { slug } } } }`);
    expect(list.organizations.edges.map((e: any) => e.node.slug)).toEqual(expect.arrayContaining(['emilkraften', 'vimmerby-if']));
  });
});
