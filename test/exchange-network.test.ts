// The exchange network over HTTP on data built through the API: only completed visits
// and published adaptations count, links are grouped per direction, and the county,
// theme and period (since, until) filters narrow them.
import { tokenFor } from './helpers/actors';
import { CANCEL, COMPLETE, acceptVisit, letTimePass, requestVisit } from './helpers/study-visits';
import { CREATE, caseInput, publishedCase } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();
const Q = `query($f: ExchangeNetworkFilter) { exchangeNetwork(filter: $f) {
  nodes { municipality { code } visitsHosted visitsMade }
  edges { kind from { code } to { code } count cases { slug } visits { id } firstOn lastOn } } }`;

const edgeKeys = async (f?: Record<string, unknown>) =>
  (await t.data(Q, { f })).exchangeNetwork.edges.map((e: any) => `${e.kind}:${e.from.code}->${e.to.code}:${e.count}`);

async function completedVisit(visitor: string, host: string, overrides: Record<string, unknown>, daysAgo: number) {
  const v = await acceptVisit(t, host, await requestVisit(t, visitor, overrides));
  await letTimePass(t, v.id, daysAgo);
  const res = await t.data(COMPLETE, { input: { id: v.id, expectedVersion: v.version, learned: 'Mycket.', planToAdapt: 'En del.' } }, { token: visitor });
  if (!res.completeStudyVisit.studyVisit) throw new Error(JSON.stringify(res.completeStudyVisit.userErrors));
  return res.completeStudyVisit.studyVisit;
}

test('completed visits and published adaptations link municipalities; nothing else does', async () => {
  const [eksjo, vimmerby, hultsfred, hultsfredEditor, eskilstuna, reviewer] = await Promise.all([
    tokenFor(t, 'OFFICIAL', '0686'),
    tokenFor(t, 'EDITOR', '0884'),
    tokenFor(t, 'OFFICIAL', '0860'),
    tokenFor(t, 'EDITOR', '0860'),
    tokenFor(t, 'EDITOR', '0484'),
    tokenFor(t, 'REVIEWER'),
  ]);
  const meeting = await publishedCase(t, vimmerby, reviewer, { title: 'Mötesplatser', slug: 'motesplatser', themes: ['meeting-places'] });
  const reading = await publishedCase(t, vimmerby, reviewer, { title: 'Läsprojekt', slug: 'lasprojekt', themes: ['libraries-and-reading'] });

  expect((await t.data(Q)).exchangeNetwork).toEqual({ nodes: [], edges: [] });

  const first = await completedVisit(eksjo, vimmerby, { practiceCase: meeting.id }, 400);
  const second = await completedVisit(eksjo, vimmerby, { practiceCase: reading.id }, 10);
  await completedVisit(hultsfred, vimmerby, { visitingMunicipality: '0860' }, 20);
  // Requested, accepted and cancelled visits are not (yet) links.
  await requestVisit(t, eksjo, { hostMunicipality: '0484' });
  await acceptVisit(t, eskilstuna, await requestVisit(t, eksjo, { hostMunicipality: '0484' }));
  const c = await acceptVisit(t, eskilstuna, await requestVisit(t, hultsfred, { hostMunicipality: '0484', visitingMunicipality: '0860' }));
  await t.data(CANCEL, { input: { id: c.id, expectedVersion: c.version } }, { token: hultsfred });

  // Hultsfred adapts Vimmerby's meeting places (published) and drafts another adaptation (not shown).
  await publishedCase(t, hultsfredEditor, reviewer, { municipality: '0860', title: 'Mötesplats Virserum', slug: 'motesplats-virserum', themes: ['meeting-places'], adaptedFrom: meeting.id, adaptationNote: 'Mindre skala.' });
  const draft = await t.data(CREATE, { input: caseInput({ municipality: '0860', title: 'Läsning i Hultsfred', adaptedFrom: reading.id }) }, { token: hultsfredEditor });
  expect(draft.createPracticeCase.userErrors).toEqual([]);
  // An adaptation within the same municipality is no exchange.
  await publishedCase(t, vimmerby, reviewer, { title: 'Mötesplats Storebro', slug: 'motesplats-storebro', themes: ['meeting-places'], adaptedFrom: meeting.id });

  const net = (await t.data(Q)).exchangeNetwork;
  expect(net.edges.map((e: any) => `${e.kind}:${e.from.code}->${e.to.code}:${e.count}`)).toEqual([
    'ADAPTATION:0860->0884:1',
    'STUDY_VISIT:0686->0884:2',
    'STUDY_VISIT:0860->0884:1',
  ]);
  const eksjoEdge = net.edges[1];
  expect(eksjoEdge.cases.map((x: any) => x.slug).sort()).toEqual(['lasprojekt', 'motesplatser']);
  expect(eksjoEdge.visits.map((v: any) => v.id)).toEqual([first.id, second.id]);
  expect(eksjoEdge.firstOn < eksjoEdge.lastOn).toBe(true);
  expect(net.edges[0].cases).toEqual([{ slug: 'motesplats-virserum' }]);
  expect(net.nodes).toEqual([
    { municipality: { code: '0686' }, visitsHosted: 0, visitsMade: 2 },
    { municipality: { code: '0860' }, visitsHosted: 0, visitsMade: 1 },
    { municipality: { code: '0884' }, visitsHosted: 3, visitsMade: 0 },
  ]);

  // Filters.
  expect(await edgeKeys({ counties: ['06'] })).toEqual(['STUDY_VISIT:0686->0884:2']);
  expect(await edgeKeys({ counties: ['08'] })).toHaveLength(3);
  expect(await edgeKeys({ counties: ['25'] })).toEqual([]);
  expect(await edgeKeys({ themes: ['culture'] })).toEqual(['STUDY_VISIT:0686->0884:1']); // libraries-and-reading is a child of culture
  expect(await edgeKeys({ themes: ['meeting-places'] })).toEqual(['ADAPTATION:0860->0884:1', 'STUDY_VISIT:0686->0884:1']);
  // Since the second Eksjö visit (ten days ago): the older visits drop out, today's adaptation stays.
  expect(await edgeKeys({ since: second.scheduledDates.start })).toEqual(['ADAPTATION:0860->0884:1', 'STUDY_VISIT:0686->0884:1']);
  // Until the day before it: the two older visits, not today's adaptation; a period of one day holds the first visit only.
  const dayBefore = new Date(Date.parse(second.scheduledDates.start) - 86_400_000).toISOString().slice(0, 10);
  expect(await edgeKeys({ until: dayBefore })).toEqual(['STUDY_VISIT:0686->0884:1', 'STUDY_VISIT:0860->0884:1']);
  expect(await edgeKeys({ since: first.scheduledDates.start, until: first.scheduledDates.start })).toEqual(['STUDY_VISIT:0686->0884:1']);
  const backwards = await t.gql(Q, { f: { since: second.scheduledDates.start, until: dayBefore } });
  expect(backwards.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

  const bad = await t.gql(Q, { f: { themes: ['no-such-theme'] } });
  expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const badCounty = await t.gql(Q, { f: { counties: ['8'] } });
  expect(badCounty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});
