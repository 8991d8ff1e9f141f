// The hand-written read path of practice cases (practice-case.reads.ts), its views
// (practice-case.view.ts) and the in-memory reference data
// (modules/geo/reference-cache.ts): they must answer exactly what the ORM's entities
// answer, and never serve stale or partial data where it shows.
import { tokenFor, ensureOrganization } from './helpers/actors';
import { CASE_FIELDS, CREATE, caseInput, publishedCase } from './helpers/cases';
import { useTestSystem } from './helpers/harness';
import { PracticeCase } from '../server/src/modules/practice-cases/practice-case.entity';
import { casesById } from '../server/src/modules/practice-cases/practice-case.reads';
import { ALWAYS, CASE_COLUMNS, CaseView, FIELD_PROPERTIES, caseView } from '../server/src/modules/practice-cases/practice-case.view';
import { buildAppSchema } from '../server/src/schema';
import { getNamedType, isLeafType, type GraphQLObjectType } from 'graphql';
import { ReferenceCache } from '../server/src/modules/geo/reference-cache';
import { pgArray } from '../server/src/core/db/read-only';

const FULL_INPUT = caseInput({
  title: 'Språkvänner i Vimmerby',
  body: '## Bakgrund\n\nEtt längre stycke text om hur språkvänner matchas med nyanlända.',
  places: ['Storebro'],
  partners: [
    { organization: 'read-emilkraften', role: 'medarrangör' },
    { organization: 'read-folkbiblioteket', role: 'värd' },
  ],
  participatingMunicipalities: ['0686'],
  targetGroups: ['NEWCOMERS', 'WOMEN'],
  themes: ['language', 'volunteering'],
  startedOn: '2019-02-01',
  endedOn: '2021-06-30',
  outcomes: [{ label: 'matchade par', value: 35, unit: 'par', measuredOn: '2020-12' }],
  funding: [{ source: 'Länsstyrelsen Kalmar län', amountSek: 180000 }],
  links: [{ url: 'https://example.se/sprakvan', kind: 'WEBSITE', title: 'Språkvän' }],
  contacts: [{ name: 'Kim Andersson', role: 'samordnare', email: 'kim@example.se', phone: '+46 492 123 45' }],
});

const { t, actors } = useTestSystem({}, async (t) => {
  const [editor, reviewer] = await Promise.all([tokenFor(t, 'EDITOR', '0884'), tokenFor(t, 'REVIEWER')]);
  await ensureOrganization(t, 'read-emilkraften', 'Emilkraften', undefined, '0884');
  await ensureOrganization(t, 'read-folkbiblioteket', 'Folkbiblioteket');
  const origin = await publishedCase(t, editor, reviewer, { title: 'Läsfrämjande i biblioteket' });
  const full: { id: string; slug: string; body: string } = await publishedCase(t, editor, reviewer, { ...FULL_INPUT, adaptedFrom: origin.id, adaptationNote: 'Med fler volontärer' });
  return { editor, full };
});

// Everything a case shows, its partners' organizations in full.
const FIELDS = CASE_FIELDS.replace('partners { role organization { slug } }', 'partners { role organization { id slug name kind website createdAt updatedAt homeMunicipality { code } } }');

const LIST = `query($first: Int, $after: String, $filter: PracticeCaseFilter) {
  practiceCases(first: $first, after: $after, filter: $filter) { edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

describe('read-only views', () => {
  test('a case read through the list and by id equals the entity a mutation returns, field for field', async () => {
    // The mutation payload is built from the managed entity the ORM hydrated.
    const viaEntity = (await t.data(`mutation($input: UpdatePracticeCaseInput!) { updatePracticeCase(input: $input) { practiceCase { ${FIELDS} } } }`, {
      input: { id: actors.full.id, expectedVersion: (await t.data(`{ practiceCase(slug: "${actors.full.slug}") { version } }`)).practiceCase.version, confirmStillRunning: true },
    }, { token: actors.editor })).updatePracticeCase.practiceCase;
    const listed = (await t.data(LIST, { first: 50, filter: { municipalities: ['0884'] } }, { token: actors.editor })).practiceCases.edges.map((e: { node: { id: string } }) => e.node);
    const viaList = listed.find((n: { id: string }) => n.id === viaEntity.id);
    const viaId = (await t.data(`query($id: ID!) { practiceCase(id: $id) { ${FIELDS} } }`, { id: viaEntity.id }, { token: actors.editor })).practiceCase;
    expect(viaList).toEqual(viaEntity);
    expect(viaId).toEqual(viaEntity);
    // Every kind of property took part: arrays of native enums, JSON, dates, relations.
    expect(viaEntity).toMatchObject({ targetGroups: ['NEWCOMERS', 'WOMEN'], startedOn: '2019-02-01', adaptedFrom: { id: expect.any(String) }, partners: [{ role: 'medarrangör' }, { role: 'värd' }] });
  });

  test('by id, a case is a CaseView (not an entity) holding every property, converted like the entity holds it', async () => {
    const uuid = Buffer.from(actors.full.id, 'base64url').toString('utf8').split(':')[1];
    const [view] = await casesById(t.system.orm.em.fork(), [uuid]);
    const entity = await t.system.orm.em.fork().findOneOrFail(PracticeCase, { id: uuid });
    // An instance of the GraphQL type's class: type-graphql copies any other root object
    // into a new instance before every field resolver (docs/benchmarks.md, benchmark 3).
    expect(Object.getPrototypeOf(view)).toBe(CaseView.prototype);
    expect(view).not.toBeInstanceOf(PracticeCase);
    expect(view).toEqual(caseView(entity));
    // A full read holds every property the column table knows, none of them undefined.
    expect(Object.keys(view).sort()).toEqual(['__typename', ...Object.keys(CASE_COLUMNS)].sort());
    expect(view).toMatchObject({ __typename: 'PracticeCase', municipalityCode: '0884', targetGroups: ['NEWCOMERS', 'WOMEN'], startedOn: '2019-02-01', adaptedFromId: expect.any(String) });
    expect(view.publishedAt).toBeInstanceOf(Date);
    expect(Object.values(view)).not.toContain(undefined);
  });
});

test('node(id:) resolves a case view to PracticeCase by its brand, and entities by their class', async () => {
  const municipality = (await t.data(`{ municipality(code: "0884") { id } }`)).municipality.id;
  const data = await t.data(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on PracticeCase { slug } } }`, { ids: [actors.full.id, municipality] });
  expect(data.nodes).toEqual([
    { __typename: 'PracticeCase', id: actors.full.id, slug: actors.full.slug },
    { __typename: 'Municipality', id: municipality },
  ]);
});

describe('the page reads only the columns its selection needs', () => {
  const pageStatement = () => t.statements.find((s) => /from practice_case c/.test(s) && /limit/.test(s)) ?? '';

  test('no body column unless the selection names body, directly or in a fragment', async () => {
    t.statements.length = 0;
    await t.data(`{ practiceCases(first: 5) { edges { node { title themes { slug } } } } }`);
    expect(pageStatement()).not.toMatch(/"body"/);
    expect(pageStatement()).not.toMatch(/"contacts"/);

    for (const q of [
      `{ practiceCases(first: 50) { edges { node { slug body } } } }`,
      `{ practiceCases(first: 50) { edges { node { ...F } } } } fragment F on PracticeCase { slug body }`,
      `{ practiceCases(first: 50) { edges { ... on PracticeCaseEdge { node { ... on PracticeCase { slug body } } } } } }`,
    ]) {
      t.statements.length = 0;
      const data = await t.data(q);
      expect(pageStatement()).toMatch(/"body"/);
      expect(data.practiceCases.edges.find((e: { node: { slug: string } }) => e.node.slug === actors.full.slug).node.body).toBe(FULL_INPUT.body);
    }
  });

  test('fields that read other properties still get them', async () => {
    const data = await t.data(`{ practiceCases(first: 50) { edges { node { slug participatingMunicipalities { code } themes { slug } hostingOffer { hosts } } } } }`);
    const node = data.practiceCases.edges.find((e: { node: { slug: string } }) => e.node.slug === actors.full.slug).node;
    expect(node).toEqual({ slug: actors.full.slug, participatingMunicipalities: [{ code: '0686' }], themes: [{ slug: 'language' }, { slug: 'volunteering' }], hostingOffer: null });
  });
});

describe('every field of the PracticeCase type is covered by the column mapping', () => {
  const fieldsOfSchema = async () => {
    const type = (await buildAppSchema()).getType('PracticeCase') as GraphQLObjectType;
    return Object.values(type.getFields());
  };

  test('each field is in FIELD_PROPERTIES; a field read straight off the view needs its own property', async () => {
    const fields = await fieldsOfSchema();
    expect(fields.length).toBeGreaterThan(25);
    for (const field of fields) {
      expect([field.name, FIELD_PROPERTIES[field.name]]).toEqual([field.name, expect.any(Array)]);
      // No resolver: graphql-js reads the view's property of the field's name.
      if (!field.resolve) expect([field.name, [...ALWAYS, ...FIELD_PROPERTIES[field.name]]]).toEqual([field.name, expect.arrayContaining([field.name])]);
    }
  });

  test('selected alone on a page, each field answers what a full read by id answers', async () => {
    for (const field of await fieldsOfSchema()) {
      const leaf = isLeafType(getNamedType(field.type));
      const selection = `id ${field.name}${leaf ? '' : ' { __typename }'}`;
      const page = await t.data(`query($filter: PracticeCaseFilter) { practiceCases(first: 50, filter: $filter) { edges { node { ${selection} } } } }`, { filter: { municipalities: ['0884'] } }, { token: actors.editor });
      const byId = (await t.data(`query($id: ID!) { practiceCase(id: $id) { ${selection} } }`, { id: actors.full.id }, { token: actors.editor })).practiceCase;
      const listed = page.practiceCases.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === actors.full.id);
      expect([field.name, listed]).toEqual([field.name, byId]);
    }
  });
});

describe('cursors', () => {
  test('a cursor whose values do not fit the order is BAD_USER_INPUT, not a database error', async () => {
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const [orderBy, cursor] of [
      [null, forged(['not a date', '00000000-0000-0000-0000-000000000000'])],
      [null, forged(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])],
      [{ field: 'TITLE', direction: 'ASC' }, forged([12, '00000000-0000-0000-0000-000000000000'])],
    ] as const) {
      const res = await t.gql(`query($after: String, $orderBy: PracticeCaseOrder) { practiceCases(first: 2, after: $after, orderBy: $orderBy) { edges { node { id } } } }`, { after: cursor, orderBy });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('walking the whole list page by page visits every visible case once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const data: { practiceCases: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await t.data(LIST, { first: 1, after });
      seen.push(...data.practiceCases.edges.map((e) => e.node.id));
      if (!data.practiceCases.pageInfo.hasNextPage) break;
      after = data.practiceCases.pageInfo.endCursor;
    }
    const [{ n }] = await t.sql(`select count(*)::int as n from practice_case where status = 'PUBLISHED'`);
    expect(seen.length).toBe(n);
    expect(new Set(seen).size).toBe(n);
  });
});

describe('reference data in memory', () => {
  test('a cached snapshot is served until its time is up, then read again', async () => {
    let now = 1_000;
    const cache = new ReferenceCache(t.system.orm.em.fork(), 60_000, () => now);
    const first = await cache.snapshot();
    expect(first.municipalities.get('0884')?.name).toBe('Vimmerby kommun');
    expect(cache.latest()).toBe(first); // loaded: no promise
    await t.sql(`update municipality set name = 'Vimmerby testkommun' where code = '0884'`);
    try {
      now += 59_000;
      expect((await cache.snapshot()).municipalities.get('0884')?.name).toBe('Vimmerby kommun');
      now += 2_000;
      expect(cache.latest()).toBeInstanceOf(Promise);
      expect((await cache.snapshot()).municipalities.get('0884')?.name).toBe('Vimmerby testkommun');
      cache.invalidate();
      await t.sql(`update municipality set name = 'Vimmerby kommun' where code = '0884'`);
      expect((await cache.snapshot()).municipalities.get('0884')?.name).toBe('Vimmerby kommun');
    } finally {
      await t.sql(`update municipality set name = 'Vimmerby kommun' where code = '0884'`);
    }
  });

  test('the cached taxonomy cannot be changed by a caller', async () => {
    const { themes, municipalitiesOfCounty } = await new ReferenceCache(t.system.orm.em.fork()).snapshot();
    expect(Object.isFrozen(themes)).toBe(true);
    expect(Object.isFrozen(municipalitiesOfCounty.get('08'))).toBe(true);
    expect(themes.map((th) => th.slug)).toContain('iop');
  });
});

test('pgArray quotes what PostgreSQL array input syntax needs', async () => {
  const values = ['plain', 'with,comma', 'with "quote"', 'back\\slash', '{braces}', ''];
  const [row] = await t.sql(`select $1::text[] as a`, [pgArray(values)]);
  expect(row.a).toEqual(values);
});

test('creating a case is unaffected by the read path (the payload is the view of the saved entity)', async () => {
  const res = await t.data(CREATE, { input: caseInput({ title: 'Läxhjälp på fritidsgården' }) }, { token: actors.editor });
  expect(res.createPracticeCase.practiceCase).toMatchObject({ title: 'Läxhjälp på fritidsgården', status: 'DRAFT', version: 1 });
});
