// The SDK against the real server (PostgreSQL, Meilisearch, HTTP): a partner's API
// client requests a study visit for Emilkraften to Vimmerby, the host accepts, the visit
// is completed with a report; and the practice-case, search, error and pagination
// paths as a partner or an official would use them.
import { AuthenticationError, createClient, ForbiddenError, GraphQLResponseError, MunicipalityDocument, UtbyteError, type UtbyteClient } from '../../client-sdk/src';
import { clientTokenFor, ensureOrganization, tokenFor } from '../helpers/actors';
import { inDays, letTimePass } from '../helpers/study-visits';
import { useTestSystem } from '../helpers/harness';

const { t } = useTestSystem({ inProcessIndexer: false });
let editor: UtbyteClient; // an official of Vimmerby (0884), the host
let reviewer: UtbyteClient;
let partner: UtbyteClient; // Emilkraften's API client
let anonymous: UtbyteClient;

const caseInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Språkvän i Vimmerby',
  summary: 'Nyanlända och etablerade vimmerbybor träffas två och två för att prata svenska.',
  body: 'Volontärer matchas med deltagare och ses varannan vecka.',
  kind: 'LANGUAGE_BUDDY' as const,
  municipality: '0884',
  themes: ['language'],
  targetGroups: ['NEWCOMERS' as const],
  ...overrides,
});

async function published(overrides: Record<string, unknown> = {}) {
  const created = await editor.practiceCases.create(caseInput(overrides));
  expect(created.userErrors).toEqual([]);
  const c = created.practiceCase!;
  const submitted = await editor.practiceCases.submit({ id: c.id, expectedVersion: c.version });
  const done = await reviewer.practiceCases.publish({ id: c.id, expectedVersion: submitted.practiceCase!.version });
  expect(done.userErrors).toEqual([]);
  return done.practiceCase!;
}

beforeAll(async () => {
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0686');
  const make = (token: string | null) => createClient({ url: t.url, token, retryDelay: 1 });
  editor = make(await tokenFor(t, 'EDITOR', '0884'));
  reviewer = make(await tokenFor(t, 'REVIEWER'));
  partner = make(await clientTokenFor(t, { organizationSlug: 'emilkraften', scopes: ['read', 'study-visits:write'] }));
  anonymous = make(null);
});

// Compile-time only (never called): the generated documents type the variables, so a
// misspelt one does not compile. `npm run typecheck` fails if it ever would.
export function variablesAreTyped(c: UtbyteClient) {
  // @ts-expect-error `cod` is not a variable of the Municipality query
  void c.request(MunicipalityDocument, { cod: '0686' });
}

// Compile-time only: every method takes (params, options); the positional forms of
// earlier versions no longer compile, so callers notice the change at build time.
export function paramsObjectsOnly(c: UtbyteClient) {
  // @ts-expect-error a slug alone is no longer a params object: use { slug }
  void c.practiceCases.get('vimmerbys-motesplatser');
  // @ts-expect-error the filter goes inside params: { filter: { … }, first }
  void c.practiceCases.list({ themes: ['language'] }, { first: 2 });
  // @ts-expect-error the filter goes inside params for iterate too
  void c.practiceCases.iterate({ municipalities: ['0884'] });
  // @ts-expect-error search takes { query, filter }, not positional words
  void c.search('språkvän', { counties: ['08'] });
  // @ts-expect-error four positional arguments are gone
  void c.search.iterate('språkvän', null, { first: 5 }, {});
  // @ts-expect-error import takes { cases, dryRun }
  void c.practiceCases.import([], { dryRun: true });
  // @ts-expect-error a kommunkod alone is no longer a params object: use { code }
  void c.municipalities.get('0884');
  // @ts-expect-error visits are fetched by { id }
  void c.studyVisits.get('U3R1ZHlWaXNpdDox');
  // @ts-expect-error the exchange network's filter goes inside params
  void c.exchangeNetwork({ counties: ['08'] });
  // @ts-expect-error viewer takes params first, options second
  void c.viewer({ retries: 0 });
}

// Compile-time only: plain text gives `unknown` until the caller names the result type.
export async function plainTextIsUnknown(c: UtbyteClient) {
  const data = await c.request('{ counties { code } }');
  // @ts-expect-error `data` is unknown, not any
  void data.counties;
  const named = await c.request<{ counties: Array<{ code: string }> }>('{ counties { code } }');
  void named.counties[0].code;
}

describe('a study visit from request to report, through the SDK', () => {
  test('Emilkraften asks to visit Vimmerby, Vimmerby accepts, the visit is completed with a report', async () => {
    const bullerbyn = await published({ title: 'Mötesplats Bullerbyn', kind: 'MEETING_PLACE', themes: ['meeting-places'] });

    // The first answer is lost on the way back: the SDK retries with the same key and
    // the server returns the visit it already made instead of a second one.
    let calls = 0;
    const keys: string[] = [];
    const lossy = createClient({
      url: t.url,
      token: await clientTokenFor(t, { organizationSlug: 'emilkraften', scopes: ['read', 'study-visits:write'] }),
      retryDelay: 1,
      fetch: async (url, init) => {
        calls += 1;
        keys.push(JSON.parse(init.body as string).variables.input.idempotencyKey);
        const res = await fetch(url, init);
        if (calls === 1) throw new TypeError('fetch failed: connection reset');
        return res;
      },
    });
    const requested = await lossy.studyVisits.request({
      hostMunicipality: '0884',
      visitingMunicipality: '0686',
      visitingOrganization: 'emilkraften',
      practiceCase: bullerbyn.id,
      purpose: 'Lära oss hur Bullerbyn når nyanlända kvinnor och hur volontärerna stöttas.',
      participants: 4,
      proposedDates: [{ start: inDays(30), end: inDays(31) }],
      contact: { name: 'Kim Exempel', email: 'kim@example.se' },
    });
    expect(calls).toBe(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(requested.idempotencyKey).toBe(keys[0]);
    expect(requested.userErrors).toEqual([]);
    const visit = requested.studyVisit!;
    expect(visit).toMatchObject({ status: 'REQUESTED', hostMunicipality: { code: '0884' }, visitingOrganization: { slug: 'emilkraften' }, practiceCase: { id: bullerbyn.id } });
    const [{ n }] = await t.sql('select count(*)::int as n from study_visit');
    expect(n).toBe(1);

    // The partner cannot accept on the host's behalf: a top-level FORBIDDEN, thrown.
    await expect(partner.studyVisits.accept({ id: visit.id, expectedVersion: visit.version, dates: visit.proposedDates[0] })).rejects.toBeInstanceOf(ForbiddenError);

    const accepted = await editor.studyVisits.accept({ id: visit.id, expectedVersion: visit.version, dates: visit.proposedDates[0], note: 'Välkomna till Vimmerby!' });
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.studyVisit).toMatchObject({ status: 'ACCEPTED', scheduledDates: visit.proposedDates[0] });

    // Completing before the visit took place is refused as data, not thrown.
    const early = await partner.studyVisits.complete({ id: visit.id, expectedVersion: accepted.studyVisit!.version, learned: 'x', planToAdapt: 'y' });
    expect(early.studyVisit).toBeNull();
    expect(early.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);

    await letTimePass(t, visit.id);
    const completed = await partner.studyVisits.complete({
      id: visit.id,
      expectedVersion: accepted.studyVisit!.version,
      learned: 'Personliga inbjudningar gör att fler kvinnor kommer.',
      planToAdapt: 'En språkvänsgrupp i Eksjö under hösten.',
    });
    expect(completed.userErrors).toEqual([]);
    expect(completed.studyVisit).toMatchObject({
      status: 'COMPLETED',
      report: { learned: 'Personliga inbjudningar gör att fler kvinnor kommer.', planToAdapt: 'En språkvänsgrupp i Eksjö under hösten.' },
    });

    const full = await editor.studyVisits.get({ id: visit.id });
    expect(full?.history.map((e) => e.to)).toEqual(['REQUESTED', 'ACCEPTED', 'COMPLETED']);

    const hosted: string[] = [];
    for await (const v of editor.studyVisits.iterate({ filter: { hostMunicipalities: ['0884'] }, first: 1 })) hosted.push(v.id);
    expect(hosted).toEqual([visit.id]);

    const network = await anonymous.exchangeNetwork({ filter: {} });
    expect(network.edges).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'STUDY_VISIT', from: expect.objectContaining({ code: '0686' }), to: expect.objectContaining({ code: '0884' }), count: 1 }),
    ]));
  });

  test('repeating a request with the same key but a different input is a userError, not a second visit', async () => {
    const input = {
      hostMunicipality: '0884',
      visitingMunicipality: '0686',
      visitingOrganization: 'emilkraften',
      purpose: 'Studiebesök om språkcaféer.',
      participants: 2,
      proposedDates: [{ start: inDays(50), end: inDays(50) }],
      idempotencyKey: `sdk-e2e-${Date.now()}`,
    };
    const first = await partner.studyVisits.request(input);
    const again = await partner.studyVisits.request(input);
    expect(again.studyVisit?.id).toBe(first.studyVisit?.id);
    const changed = await partner.studyVisits.request({ ...input, participants: 3 });
    expect(changed.studyVisit).toBeNull();
    expect(changed.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });
});

describe('declining and cancelling through the SDK', () => {
  const ask = (purpose: string) =>
    partner.studyVisits.request({ hostMunicipality: '0884', visitingMunicipality: '0686', visitingOrganization: 'emilkraften', purpose, participants: 2, proposedDates: [{ start: inDays(70), end: inDays(70) }] });

  test('the host declines with a reason; the visitors cancel another; a stale version is a VERSION_CONFLICT', async () => {
    const a = (await ask('Avböjs')).studyVisit!;
    const declined = await editor.studyVisits.decline({ id: a.id, expectedVersion: a.version, reason: 'Ingen personal den veckan.' });
    expect(declined.userErrors).toEqual([]);
    expect(declined.studyVisit).toMatchObject({ status: 'DECLINED', declineReason: 'Ingen personal den veckan.' });

    const b = (await ask('Ställs in')).studyVisit!;
    const stale = await partner.studyVisits.cancel({ id: b.id, expectedVersion: b.version + 1 });
    expect(stale.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    const cancelled = await partner.studyVisits.cancel({ id: b.id, expectedVersion: b.version, reason: 'Föreningen har inte råd med resan i år.' });
    expect(cancelled.userErrors).toEqual([]);
    expect(cancelled.studyVisit).toMatchObject({ status: 'CANCELLED', cancelReason: 'Föreningen har inte råd med resan i år.' });

    const page = await editor.studyVisits.list({ filter: { hostMunicipalities: ['0884'], statuses: ['DECLINED', 'CANCELLED'] }, first: 10 });
    expect(page.edges.map((e) => e.node.id).sort()).toEqual([a.id, b.id].sort());
  });
});

describe('practice cases through the SDK', () => {
  test('create → submit → publish, read by slug and by id, stale updates come back as VERSION_CONFLICT', async () => {
    const created = await editor.practiceCases.create(caseInput({ slug: 'sprakvan-vimmerby-sdk', title: 'Språkvän i Vimmerby (SDK)' }));
    expect(created.userErrors).toEqual([]);
    const c = created.practiceCase!;
    expect(c).toMatchObject({ slug: 'sprakvan-vimmerby-sdk', status: 'DRAFT', municipality: { code: '0884' } });

    // Drafts are invisible to anonymous readers.
    expect(await anonymous.practiceCases.get({ slug: 'sprakvan-vimmerby-sdk' })).toBeNull();

    const submitted = await editor.practiceCases.submit({ id: c.id, expectedVersion: c.version });
    const pub = await reviewer.practiceCases.publish({ id: c.id, expectedVersion: submitted.practiceCase!.version });
    expect(pub.practiceCase!.status).toBe('PUBLISHED');

    const bySlug = await anonymous.practiceCases.get({ slug: 'sprakvan-vimmerby-sdk' });
    const byId = await anonymous.practiceCases.get({ id: c.id });
    expect(bySlug?.id).toBe(c.id);
    expect(byId?.slug).toBe('sprakvan-vimmerby-sdk');
    expect(bySlug?.contacts).toBeNull();

    const stale = await editor.practiceCases.update({ id: c.id, expectedVersion: c.version, title: 'Gammal version' });
    expect(stale.practiceCase).toBeNull();
    expect(stale.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);

    const updated = await editor.practiceCases.update({ id: c.id, expectedVersion: pub.practiceCase!.version, summary: 'Nu även för föräldralediga.' });
    expect(updated.userErrors).toEqual([]);
    expect(updated.practiceCase).toMatchObject({ summary: 'Nu även för föräldralediga.', version: pub.practiceCase!.version + 1 });

    const current = updated.practiceCase!;
    const archived = await editor.practiceCases.archive({ id: c.id, expectedVersion: current.version });
    expect(archived.userErrors).toEqual([]);
    expect(archived.practiceCase!.status).toBe('ARCHIVED');
  });

  test('invalid input is returned as typed userErrors', async () => {
    const bad = await editor.practiceCases.create(caseInput({ themes: ['no-such-theme'], title: '' }));
    expect(bad.practiceCase).toBeNull();
    expect(bad.userErrors.length).toBeGreaterThan(0);
    for (const e of bad.userErrors) expect(e.field[0]).toBe('input');
    expect(bad.userErrors.map((e) => e.field.join('.'))).toEqual(expect.arrayContaining(['input.title']));
  });

  test('iterate pages through every case of a filter', async () => {
    for (const n of [1, 2, 3]) await editor.practiceCases.create(caseInput({ slug: `iterate-case-${n}`, title: `Läsfrämjande ${n}`, kind: 'READING_PROJECT', municipality: '0884' }));
    const seen: string[] = [];
    for await (const c of editor.practiceCases.iterate({ filter: { kinds: ['READING_PROJECT'], municipalities: ['0884'] }, first: 2 })) seen.push(c.slug);
    expect(seen.sort()).toEqual(['iterate-case-1', 'iterate-case-2', 'iterate-case-3']);
    const page = await editor.practiceCases.list({ filter: { kinds: ['READING_PROJECT'] }, first: 2 });
    expect(page.totalCount).toBe(3);
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  test('search finds published cases once indexed, and iterates through hits', async () => {
    await published({ slug: 'sprakvan-sok-1', title: 'Språkvän för seniorer', targetGroups: ['ELDERLY'] });
    await published({ slug: 'sprakvan-sok-2', title: 'Språkvän på biblioteket' });
    await t.system.search.indexer.drain();
    const result = await anonymous.search({ query: 'språkvän', filter: { themes: ['language'], counties: ['08'] } });
    expect(result.totalCount).toBeGreaterThanOrEqual(2);
    expect(result.edges.map((e) => e.node.slug)).toEqual(expect.arrayContaining(['sprakvan-sok-1', 'sprakvan-sok-2']));
    const hits: string[] = [];
    for await (const hit of anonymous.search.iterate({ query: 'språkvän', filter: { counties: ['08'] }, first: 1 })) hits.push(hit.node.slug);
    expect(hits.length).toBe(result.totalCount);
  });
});

describe('returning cases, hosting offers and organizations through the SDK', () => {
  test('a reviewer returns a case in review to DRAFT with a note; an editor may not', async () => {
    const draft = (await editor.practiceCases.create(caseInput({ slug: 'sdk-return-me', title: 'Cykelskola för vuxna' }))).practiceCase!;
    const inReview = (await editor.practiceCases.submit({ id: draft.id, expectedVersion: draft.version })).practiceCase!;
    expect(inReview.status).toBe('IN_REVIEW');
    await expect(editor.practiceCases.return({ id: inReview.id, expectedVersion: inReview.version })).rejects.toBeInstanceOf(ForbiddenError);
    const stale = await reviewer.practiceCases.return({ id: inReview.id, expectedVersion: draft.version });
    expect(stale.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    const returned = await reviewer.practiceCases.return({ id: inReview.id, expectedVersion: inReview.version, note: 'Vem lånar ut cyklarna?' });
    expect(returned.userErrors).toEqual([]);
    expect(returned.practiceCase).toMatchObject({ id: draft.id, status: 'DRAFT', version: inReview.version + 1 });
  });

  test('Vimmerby states its hosting offer, changes it with the current version, and reads it back', async () => {
    const bullerbyn = await published({ slug: 'sdk-hosting-bullerbyn', title: 'Mötesplats för hosting', kind: 'MEETING_PLACE', themes: ['meeting-places'] });
    const before = await anonymous.hostingOffers.get({ municipality: '0884' });
    const first = await editor.hostingOffers.set({ municipality: '0884', expectedVersion: before?.version ?? 0, hosts: true, maxVisitsPerQuarter: 2, languages: ['SV'], cases: [bullerbyn.id] });
    expect(first.userErrors).toEqual([]);
    expect(first.hostingOffer).toMatchObject({ hosts: true, maxVisitsPerQuarter: 2, languages: ['SV'], municipality: { code: '0884' }, cases: [{ id: bullerbyn.id }] });
    const offer = first.hostingOffer!;

    // The stale version is refused as data; the current one goes through.
    const stale = await editor.hostingOffers.set({ municipality: '0884', expectedVersion: offer.version - 1, hosts: false });
    expect(stale.hostingOffer).toBeNull();
    expect(stale.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    const changed = await editor.hostingOffers.set({ municipality: '0884', expectedVersion: offer.version, hosts: true, digitalPossible: true, languages: ['SV', 'EN'] });
    expect(changed.userErrors).toEqual([]);
    expect(await anonymous.hostingOffers.get({ municipality: '0884' })).toMatchObject({ version: offer.version + 1, digitalPossible: true, maxVisitsPerQuarter: null, cases: [] });

    // Another municipality's official may not set it; an unknown code reads as null.
    await expect(partner.hostingOffers.set({ municipality: '0884', expectedVersion: offer.version + 1, hosts: false })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await anonymous.hostingOffers.get({ municipality: '9999' })).toBeNull();
  });

  test('organizations are registered, found by slug and by id, and listed with a filter page by page', async () => {
    const created = await editor.organizations.create({ name: 'Vimmerby Cykelklubb', kind: 'CIVIL_SOCIETY', homeMunicipality: '0884', website: 'https://cykel.example.se' });
    expect(created.userErrors).toEqual([]);
    const club = created.organization!;
    expect(club).toMatchObject({ slug: expect.stringMatching(/^vimmerby-cykelklubb/), kind: 'CIVIL_SOCIETY', homeMunicipality: { code: '0884' } });
    await editor.organizations.create({ name: 'Vimmerby Schackklubb', slug: 'vimmerby-schack-sdk', kind: 'CIVIL_SOCIETY', homeMunicipality: '0884' });

    expect(await anonymous.organizations.get({ slug: club.slug })).toEqual(club);
    expect(await anonymous.organizations.get({ id: club.id })).toEqual(club);
    // A case's id is a valid global id of something else: not an organization.
    const someCase = (await editor.practiceCases.create(caseInput())).practiceCase!;
    expect(await anonymous.organizations.get({ id: someCase.id })).toBeNull();
    expect(await anonymous.organizations.get({ slug: 'no-such-organization' })).toBeNull();

    const seen: string[] = [];
    for await (const o of anonymous.organizations.iterate({ filter: { municipalities: ['0884'], kinds: ['CIVIL_SOCIETY'] }, first: 1 })) seen.push(o.slug);
    expect(seen.sort()).toEqual([club.slug, 'vimmerby-schack-sdk'].sort());
    const page = await anonymous.organizations.list({ filter: { search: 'schack' } });
    expect(page.edges.map((e) => e.node.slug)).toEqual(['vimmerby-schack-sdk']);

    // Partners' API clients do not register organizations.
    await expect(partner.organizations.create({ name: 'Obehörig förening', kind: 'CIVIL_SOCIETY' })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('errors from the real server', () => {
  test('an unknown token is an AuthenticationError carrying the request id, and never the token', async () => {
    const token = 'utb_not_a_real_token_but_long_enough_000000';
    const err = await anonymous.withOptions({ token }).themes.list().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.status).toBe(401);
    expect(err.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(err)).not.toContain(token);
    expect(String(err)).not.toContain(token);
  });

  test('writing without a token is refused with a typed error', async () => {
    const err = await anonymous.practiceCases.create(caseInput()).catch((e) => e);
    expect(err).toBeInstanceOf(UtbyteError);
    expect(err instanceof AuthenticationError || err instanceof ForbiddenError).toBe(true);
  });

  test('a bad argument is a GraphQLResponseError with the server code', async () => {
    const err = await anonymous.practiceCases.list({ first: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(GraphQLResponseError);
    expect(err.code).toBe('BAD_USER_INPUT');
  });

  test('client.request runs any typed document or plain text', async () => {
    const data = await anonymous.request<{ municipality: { shortName: string; county: { code: string } } }>(
      'query Where($code: String!) { municipality(code: $code) { shortName county { code } } }',
      { code: '0884' },
    );
    expect(data.municipality).toEqual({ shortName: 'Vimmerby', county: { code: '08' } });
    const m = await anonymous.municipalities.get({ code: '0884' });
    expect(m).toMatchObject({ code: '0884', name: 'Vimmerby kommun', shortName: 'Vimmerby', county: { code: '08' } });
    // A generated document types both the variables and the result.
    const typed = await anonymous.request(MunicipalityDocument, { code: '0686' });
    const seat: string | undefined = typed.municipality?.seat;
    expect(seat).toBe('Eksjö');
    expect(await anonymous.viewer()).toBeNull();
    expect(await partner.viewer()).toMatchObject({ kind: 'CLIENT', organization: { slug: 'emilkraften' }, scopes: expect.arrayContaining(['study-visits:write']) });
    const themes = await anonymous.themes.list();
    expect(themes.map((x) => x.slug)).toContain('language');
  });
});
