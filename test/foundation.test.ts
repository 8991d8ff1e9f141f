import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();

describe('reference data over GraphQL', () => {
  test('Vimmerby is in Kalmar län with a position', async () => {
    const data = await t.data(`{ municipality(code: "0884") { name shortName seat county { code name } location { latitude longitude approximate } } }`);
    expect(data.municipality).toMatchObject({ name: 'Vimmerby kommun', shortName: 'Vimmerby', seat: 'Vimmerby', county: { code: '08', name: 'Kalmar län' } });
    expect(data.municipality.location.latitude).toBeCloseTo(57.67, 1);
    expect(data.municipality.location.longitude).toBeCloseTo(15.79, 1);
  });

  test('290 municipalities in 21 counties', async () => {
    const data = await t.data(`{ municipalities { totalCount } counties { code } }`);
    expect(data.municipalities.totalCount).toBe(290);
    expect(data.counties).toHaveLength(21);
    expect(data.counties[0].code).toBe('01');
  });

  test('the theme tree has 18 themes with iop under civil-society', async () => {
    const data = await t.data(`{ themes { slug labelSv children { slug parent { slug } } } theme(slug: "iop") { labelEn parent { slug } label(language: EN) } }`);
    const all = data.themes.flatMap((t: any) => [t.slug, ...t.children.map((c: any) => c.slug)]);
    expect(all).toHaveLength(18);
    const civil = data.themes.find((x: any) => x.slug === 'civil-society');
    expect(civil.children.map((c: any) => c.slug)).toEqual(expect.arrayContaining(['iop', 'volunteering']));
    expect(civil.children[0].parent.slug).toBe('civil-society');
    expect(data.theme.parent.slug).toBe('civil-society');
    expect(data.theme.label).toBe(data.theme.labelEn);
  });

  test('municipalities page forward with stable cursors and filter by county', async () => {
    const page1 = await t.data(`{ municipalities(first: 5, filter: { counties: ["08"] }) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.municipalities.totalCount).toBe(12);
    expect(page1.municipalities.edges.map((e: any) => e.node.code)).toEqual(['0821', '0834', '0840', '0860', '0861']);
    const page2 = await t.data(`query($after: String) { municipalities(first: 10, after: $after, filter: { counties: ["08"] }) { edges { node { code } } pageInfo { hasNextPage hasPreviousPage } } }`, {
      after: page1.municipalities.pageInfo.endCursor,
    });
    expect(page2.municipalities.edges).toHaveLength(7);
    expect(page2.municipalities.edges.map((e: any) => e.node.code)).toContain('0884');
    expect(page2.municipalities.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  test('search by name is case-insensitive', async () => {
    const data = await t.data(`{ municipalities(filter: { search: "eskilstuna" }) { edges { node { code } } } }`);
    expect(data.municipalities.edges.map((e: any) => e.node.code)).toEqual(['0484']);
  });

  test.each([
    ['first: 0', 'first'],
    ['first: 101', 'first'],
    ['after: "not-a-cursor!"', 'after'],
    ['after: "e30"', 'after'],
  ])('%s is a BAD_USER_INPUT error naming the argument', async (args, argument) => {
    const res = await t.gql(`{ municipalities(${args}) { totalCount } }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  test('an invalid municipality code is a clear error, an unknown one is null', async () => {
    const bad = await t.gql(`{ municipality(code: "84") { name } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await t.data(`{ municipality(code: "0000") { name } }`);
    expect(unknown.municipality).toBeNull();
  });

  test('node(id) resolves every reference type and nodes keeps order', async () => {
    const data = await t.data(`{ municipality(code: "0884") { id } theme(slug: "iop") { id } counties { id code } }`);
    const kalmar = data.counties.find((c: any) => c.code === '08');
    const ids = [data.municipality.id, data.theme.id, kalmar.id, 'bm9wZTox'];
    const res = await t.data(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Municipality { code } ... on Theme { slug } ... on County { code } } }`, { ids });
    expect(res.nodes).toEqual([
      { __typename: 'Municipality', id: ids[0], code: '0884' },
      { __typename: 'Theme', id: ids[1], slug: 'iop' },
      { __typename: 'County', id: ids[2], code: '08' },
      null,
    ]);
    const one = await t.data(`query($id: ID!) { node(id: $id) { id } }`, { id: ids[0] });
    expect(one.node.id).toBe(ids[0]);
  });
});

describe('HTTP endpoints', () => {
  test('healthz and readyz', async () => {
    expect(await (await fetch(`${t.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { postgres: { ok: true } } });
  });

  test('every response carries a request id', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  test('malformed JSON is a 400 without internals', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.js|node_modules|SyntaxError/);
  });
});
