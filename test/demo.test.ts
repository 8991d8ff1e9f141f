// Demo content: loaded through the services into an empty database at start, never
// into one that holds cases or organizations, and the exchange network on it shows
// Eksjö's October 2019 visit to Vimmerby.
import { createLogger } from '../server/src/core/logger';
import { loadDemoContent } from '../server/src/seed/demo';
import { DEMO_CASES, DEMO_ORGANIZATIONS } from '../server/src/seed/demo-content';
import { ensureOrganization } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import { startTestSystem } from './helpers/system';

const { t } = useTestSystem({ demo: true });

const count = async (sql: string) => Number((await t.sql(sql))[0].n);

test('the demo organizations and cases are there, published through the normal workflow', async () => {
  expect(await count('select count(*)::int as n from organization')).toBe(DEMO_ORGANIZATIONS.length);
  expect(await count('select count(*)::int as n from practice_case')).toBe(DEMO_CASES.length);
  const published = DEMO_CASES.filter((c) => c.status === 'PUBLISHED').length;
  expect(published).toBeGreaterThanOrEqual(5);
  // One revision per publish, written by the system.
  expect(await count(`select count(*)::int as n from practice_case_revision where published_by = 'system'`)).toBe(published);

  const anon = await t.data(`{ practiceCases(first: 100) { totalCount edges { node { slug status } } } }`);
  expect(anon.practiceCases.totalCount).toBe(published);
  const c = await t.data(`{ practiceCase(slug: "emilkraften-eksjo-forstudie") {
    title municipality { code } places { name municipalityCode resolved } partners { organization { slug name } role }
    outcomes { label value unit } themes { slug } adaptedFrom { slug municipality { code } } adaptationNote contacts { name } } }`);
  expect(c.practiceCase).toMatchObject({ municipality: { code: '0686' }, adaptedFrom: { slug: 'vimmerbys-motesplatser', municipality: { code: '0884' } }, contacts: null });
  expect(c.practiceCase.places.map((p: any) => [p.name, p.municipalityCode, p.resolved])).toEqual([
    ['Mariannelund', '0686', true],
    ['Ingatorp', '0686', true],
    ['Hjältevad', '0686', true],
    ['Bruzaholm', '0686', true],
  ]);
  expect(c.practiceCase.partners).toEqual([{ organization: { slug: 'emilkraften', name: 'Emilkraften' }, role: expect.any(String) }]);
  expect(c.practiceCase.outcomes).toContainEqual(expect.objectContaining({ value: 200, unit: 'personer' }));
  const vimmerby = await t.data(`{ practiceCase(slug: "vimmerbys-motesplatser") { adaptations { slug } hostingOffer { maxVisitsPerQuarter languages digitalPossible } studyVisits { totalCount } } }`);
  expect(vimmerby.practiceCase).toEqual({
    adaptations: [{ slug: 'emilkraften-eksjo-forstudie' }],
    hostingOffer: { maxVisitsPerQuarter: 3, languages: ['SV', 'EN'], digitalPossible: true },
    studyVisits: { totalCount: 1 },
  });
});

test('one demo case waits for "still running?" from the first start, in the API and in the index', async () => {
  const due = DEMO_CASES.filter((c) => c.lastConfirmedMonthsAgo).map((c) => c.slug);
  expect(due).toEqual(['vimmerby-if-inkludering']);
  const listed = await t.data(`{ practiceCases(first: 100, filter: { confirmationDue: true }) { edges { node { slug } } } }`);
  expect(listed.practiceCases.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(due);
  await t.system.search.indexer.drain();
  const search = async (excludeDue: boolean) =>
    (await t.data(`query($f: SearchFilter) { search(first: 100, filter: $f) { edges { node { slug } } } }`, { f: { excludeDue } })).search.edges.map((e: { node: { slug: string } }) => e.node.slug);
  expect(await search(false)).toContain(due[0]);
  expect(await search(true)).not.toContain(due[0]);
});

test('the completed Eksjö/Emilkraften visit to Vimmerby, with its report and history', async () => {
  const res = await t.data(`{ municipality(code: "0686") { requestedStudyVisits { edges { node {
    status hostMunicipality { code } visitingOrganization { slug } practiceCase { slug } scheduledDates { start end }
    report { learned planToAdapt followUpCase { slug } } history { from to } contact { name } } } } } }`);
  const [visit] = res.municipality.requestedStudyVisits.edges.map((e: any) => e.node);
  expect(visit).toMatchObject({
    status: 'COMPLETED',
    hostMunicipality: { code: '0884' },
    visitingOrganization: { slug: 'emilkraften' },
    practiceCase: { slug: 'vimmerbys-motesplatser' },
    report: { followUpCase: { slug: 'emilkraften-eksjo-forstudie' } },
    contact: null,
  });
  expect(visit.scheduledDates.start.slice(0, 7)).toBe('2019-10');
  expect(visit.report.learned).toMatch(/Språket/);
  expect(visit.history.map((e: any) => [e.from, e.to])).toEqual([[null, 'REQUESTED'], ['REQUESTED', 'ACCEPTED'], ['ACCEPTED', 'COMPLETED']]);
});

test('exchangeNetwork on the demo data contains the Eksjö → Vimmerby visit of October 2019', async () => {
  const q = `query($f: ExchangeNetworkFilter) { exchangeNetwork(filter: $f) {
    nodes { municipality { code } visitsHosted visitsMade }
    edges { kind from { code shortName } to { code shortName } count firstOn lastOn cases { slug } visits { scheduledDates { start } } } } }`;
  const all = (await t.data(q)).exchangeNetwork;
  const visit = all.edges.find((e: any) => e.kind === 'STUDY_VISIT' && e.from.code === '0686' && e.to.code === '0884');
  expect(visit).toMatchObject({ from: { shortName: 'Eksjö' }, to: { shortName: 'Vimmerby' }, count: 1, cases: [{ slug: 'vimmerbys-motesplatser' }] });
  expect(visit.firstOn.slice(0, 7)).toBe('2019-10');
  expect(visit.visits[0].scheduledDates.start.slice(0, 7)).toBe('2019-10');
  const adoption = all.edges.find((e: any) => e.kind === 'ADAPTATION');
  expect(adoption).toMatchObject({ from: { code: '0686' }, to: { code: '0884' }, count: 1, cases: [{ slug: 'emilkraften-eksjo-forstudie' }] });
  expect(all.nodes).toEqual(expect.arrayContaining([
    { municipality: { code: '0686' }, visitsHosted: 0, visitsMade: 1 },
    { municipality: { code: '0884' }, visitsHosted: 1, visitsMade: 0 },
  ]));

  const kinds = async (f: Record<string, unknown>) => (await t.data(q, { f })).exchangeNetwork.edges.map((e: any) => `${e.kind}:${e.from.code}->${e.to.code}`).sort();
  expect(await kinds({ counties: ['06'] })).toEqual(['ADAPTATION:0686->0884', 'STUDY_VISIT:0686->0884']);
  expect(await kinds({ counties: ['04'] })).toEqual([]);
  expect(await kinds({ themes: ['meeting-places'] })).toEqual(['ADAPTATION:0686->0884', 'STUDY_VISIT:0686->0884']);
  expect(await kinds({ themes: ['libraries-and-reading'] })).toEqual([]);
  expect(await kinds({ since: '2019-10-01' })).toContain('STUDY_VISIT:0686->0884');
  expect(await kinds({ since: '2019-11-01' })).not.toContain('STUDY_VISIT:0686->0884');
});

test('the loader never touches a database that is not empty', async () => {
  const before = await count('select count(*)::int as n from practice_case');
  const again = await loadDemoContent(t.system.orm, t.system.services, createLogger('silent'));
  expect(again).toMatchObject({ loaded: false });
  expect(await count('select count(*)::int as n from practice_case')).toBe(before);
  expect(await count('select count(*)::int as n from study_visit')).toBe(1);

  // A database with only an organization counts as in use, too.
  const other = await startTestSystem();
  try {
    await ensureOrganization(other, 'egen-forening', 'Egen förening');
    const res = await loadDemoContent(other.system.orm, other.system.services, createLogger('silent'));
    expect(res).toMatchObject({ loaded: false });
    expect(Number((await other.sql('select count(*)::int as n from practice_case'))[0].n)).toBe(0);
    // And without demo content configured, a fresh system starts empty.
    expect(Number((await other.sql('select count(*)::int as n from study_visit'))[0].n)).toBe(0);
  } finally {
    await other.stop();
  }
});
