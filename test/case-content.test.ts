// One content mapper (caseContent) against the real database: the content a publish
// stores in its revision, the search document built for the same case, and the
// revision the benchmark's hand-written pg baseline writes for it all agree.
import pg from 'pg';
import { publish as baselinePublish } from '../bench/baseline';
import { fromGlobalId } from '../server/src/core/relay/global-id';
import type { CaseContent } from '../server/src/modules/practice-cases/practice-case.content';
import { PracticeCaseDocuments } from '../server/src/modules/search/search.source';
import { ensureOrganization, tokenFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

const { t, actors } = useTestSystem({}, async (t) => {
  const [editor, reviewer] = await Promise.all([tokenFor(t, 'EDITOR', '0884'), tokenFor(t, 'REVIEWER')]);
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0884');
  await ensureOrganization(t, 'abf-vimmerby', 'ABF Vimmerby', undefined, '0884');
  return { editor, reviewer };
});

const revisions = async (key: string) =>
  (await t.sql<{ content: CaseContent }>('select content from practice_case_revision where practice_case_id = $1 order by number', [key])).map((r) => r.content);

test('the revision, the search document and the baseline publish share one content', async () => {
  const origin = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Ursprunget' });
  const c = await publishedCase(t, actors.editor, actors.reviewer, {
    title: 'Innehåll på ett sätt',
    places: ['Storebro'],
    partners: [{ organization: 'emilkraften', role: 'medarrangör' }, { organization: 'abf-vimmerby', role: 'studieförbund' }],
    participatingMunicipalities: ['0686'],
    targetGroups: ['NEWCOMERS', 'RESIDENTS'],
    startedOn: '2018-09-01',
    outcomes: [{ label: 'besökare per vecka', value: 40, unit: 'personer', measuredOn: '2019-10' }],
    funding: [{ source: 'Länsstyrelsen', amountSek: 250000 }],
    links: [{ url: 'https://www.vimmerby.se/innehall', kind: 'WEBSITE', title: null }],
    contacts: [{ name: 'Kim Andersson', role: 'projektledare', email: 'kim@example.se', phone: null }],
    adaptedFrom: origin.id,
    adaptationNote: 'Mindre skala.',
  });
  const key = fromGlobalId(c.id)!.key;
  const [stored] = await revisions(key);
  expect(stored).toMatchObject({ title: 'Innehåll på ett sätt', municipality: '0884', adaptedFrom: fromGlobalId(origin.id)!.key });
  expect(stored.partners).toEqual([{ organization: 'emilkraften', role: 'medarrangör' }, { organization: 'abf-vimmerby', role: 'studieförbund' }]);

  // The search document carries the content's fields (contacts excepted).
  const [doc] = await new PracticeCaseDocuments().load(t.system.orm.em.fork(), [key]);
  expect({ slug: doc.slug, title: doc.title, summary: doc.summary, language: doc.language, kind: doc.kind }).toEqual({
    slug: stored.slug,
    title: stored.title,
    summary: stored.summary,
    language: stored.language,
    kind: stored.kind,
  });
  expect(doc.municipalityCodes).toEqual([stored.municipality, ...stored.participatingMunicipalities]);
  expect(doc.targetGroups).toEqual(stored.targetGroups);
  expect(doc.places).toEqual(stored.places.map((p) => p.name));
  expect(doc.organizations).toEqual(['Emilkraften', 'ABF Vimmerby']);
  expect(JSON.stringify(doc)).not.toContain('kim@example.se');

  // The baseline republishes the unchanged case with its own SQL: the same content.
  const pool = new pg.Pool({ connectionString: t.databaseUrl, max: 1 });
  try {
    expect(await baselinePublish(pool, key, c.version, 'test:baseline')).toMatchObject({ status: 'PUBLISHED' });
  } finally {
    await pool.end();
  }
  const [, byBaseline] = await revisions(key);
  expect(byBaseline).toEqual(stored);
});
