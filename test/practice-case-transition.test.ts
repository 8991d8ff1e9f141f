// A workflow step is one read and one write inside its transaction
// (server/src/modules/practice-cases/practice-case.transition.ts), and still writes
// exactly the rows the unit of work wrote: the case under its version, the revision
// with the full content, the review-history row and the outbox row.
import { PracticeCase } from '../server/src/modules/practice-cases/practice-case.entity';
import { decodeId } from '../server/src/core/relay/global-id';
import { ensureOrganization, tokensFor } from './helpers/actors';
import { CREATE, caseInput, transition } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

// No indexer in this process: the statements counted are the request's alone.
const { t, actors } = useTestSystem({ inProcessIndexer: false }, async (t) => {
  const tokens = await tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] });
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0884');
  await ensureOrganization(t, 'arbetsformedlingen', 'Arbetsförmedlingen');
  return tokens;
});

async function inReview(overrides: Record<string, unknown> = {}) {
  const created = await t.data(CREATE, { input: caseInput(overrides) }, { token: actors.editor });
  const c = created.createPracticeCase.practiceCase;
  const submitted = await t.data(transition('submit'), { input: { id: c.id, expectedVersion: c.version, note: '  klar för granskning ' } }, { token: actors.editor });
  return { id: c.id as string, key: decodeId(c.id, 'PracticeCase')!, version: submitted.submitPracticeCase.practiceCase.version as number };
}

describe('workflow transitions', () => {
  test('a publish is one read and one write, with no transaction around them', async () => {
    const c = await inReview({ partners: [{ organization: 'emilkraften', role: 'värd' }] });
    const mark = t.statements.length;
    const res = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: c.version } }, { token: actors.reviewer });
    expect(res.publishPracticeCase.userErrors).toEqual([]);
    // Besides the token's lookup: the case with its partners and last revision number, then the write.
    const own = t.statements.slice(mark).filter((s) => !/api_token/.test(s));
    expect(own).toHaveLength(2);
    expect(own[0]).toMatch(/from practice_case c where c\.id = /);
    expect(own[1]).toMatch(/^\[query\] with changed as \(update practice_case/);
  });

  test('a publish writes the revision, review and outbox rows the unit of work wrote', async () => {
    const c = await inReview({
      title: 'Läxhjälp på biblioteket',
      partners: [{ organization: 'emilkraften', role: 'värd' }, { organization: 'arbetsformedlingen', role: 'finansiär' }],
      startedOn: '2021-02-01',
      contacts: [{ name: 'Kim Andersson', role: 'samordnare', email: 'kim@example.se' }],
    });
    const mark = t.statements.length;
    const res = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: c.version, note: ' Bra! ' } }, { token: actors.reviewer });
    const published = res.publishPracticeCase.practiceCase;
    expect(published).toMatchObject({ status: 'PUBLISHED', version: c.version + 1 });
    expect(t.statements.slice(mark).filter((s) => /insert into "search_outbox"/.test(s))).toHaveLength(1);

    // The content is what the ORM's snapshot of the case makes of it, field for field.
    const em = t.system.orm.em.fork();
    const entity = await em.findOneOrFail(PracticeCase, { id: c.key });
    const expected = await t.system.services.practiceCases.snapshot(em, entity);
    const [revision] = await t.sql('select number, content, published_by, published_at from practice_case_revision where practice_case_id = $1', [c.key]);
    expect(revision.content).toEqual(expected);
    expect(revision.content.partners).toEqual([{ organization: 'emilkraften', role: 'värd' }, { organization: 'arbetsformedlingen', role: 'finansiär' }]);
    expect(revision).toMatchObject({ number: 1, published_by: expect.stringMatching(/^user:/) });
    expect(revision.published_at).toEqual(entity.publishedAt);
    expect(new Date(published.publishedAt)).toEqual(entity.publishedAt);

    const reviews = await t.sql('select action, note, actor_id, actor_name from practice_case_review where practice_case_id = $1 order by at', [c.key]);
    expect(reviews).toEqual([
      { action: 'SUBMITTED', note: 'klar för granskning', actor_id: expect.stringMatching(/^user:/), actor_name: expect.any(String) },
      { action: 'PUBLISHED', note: 'Bra!', actor_id: revision.published_by, actor_name: expect.any(String) },
    ]);
    const outbox = await t.sql(`select entity_type, entity_id, attempts, created_at = available_at as same from search_outbox where entity_id = $1`, [c.key]);
    expect(outbox).toEqual([{ entity_type: 'PracticeCase', entity_id: c.key, attempts: 0, same: true }]);

    // Publishing again records the next revision number.
    const again = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: published.version } }, { token: actors.reviewer });
    expect(again.publishPracticeCase.userErrors).toEqual([]);
    const numbers = await t.sql('select number from practice_case_revision where practice_case_id = $1 order by number', [c.key]);
    expect(numbers.map((r) => r.number)).toEqual([1, 2]);
  });

  test('two publishes at the same version: one wins, the other is VERSION_CONFLICT and writes nothing', async () => {
    const c = await inReview();
    const both = await Promise.all([0, 1].map(() => t.data(transition('publish'), { input: { id: c.id, expectedVersion: c.version } }, { token: actors.reviewer })));
    const outcomes = both.map((r) => (r.publishPracticeCase.practiceCase ? 'published' : r.publishPracticeCase.userErrors[0].code)).sort();
    expect(outcomes).toEqual(['VERSION_CONFLICT', 'published']);
    const [counts] = await t.sql(
      `select (select count(*)::int from practice_case_revision where practice_case_id = $1) as revisions,
              (select count(*)::int from practice_case_review where practice_case_id = $1 and action = 'PUBLISHED') as reviews,
              (select count(*)::int from search_outbox where entity_id = $1::text) as queued,
              (select version from practice_case where id = $1) as version`,
      [c.key],
    );
    expect(counts).toEqual({ revisions: 1, reviews: 1, queued: 1, version: c.version + 1 });
  });

  test('archive and return change the status with their review row; only archive queues an index update', async () => {
    const c = await inReview();
    const returned = await t.data(transition('return'), { input: { id: c.id, expectedVersion: c.version, note: 'Saknar resultat' } }, { token: actors.reviewer });
    expect(returned.returnPracticeCase.practiceCase).toMatchObject({ status: 'DRAFT', version: c.version + 1 });
    const again = await inReview();
    const pub = await t.data(transition('publish'), { input: { id: again.id, expectedVersion: again.version } }, { token: actors.reviewer });
    const archived = await t.data(transition('archive'), { input: { id: again.id, expectedVersion: pub.publishPracticeCase.practiceCase.version } }, { token: actors.reviewer });
    expect(archived.archivePracticeCase.practiceCase).toMatchObject({ status: 'ARCHIVED' });
    const queued = await t.sql('select entity_id from search_outbox where entity_id = any($1::text[])', [[c.key, again.key]]);
    expect(queued.map((r) => r.entity_id)).toEqual([again.key, again.key]);
    const [note] = await t.sql(`select note from practice_case_review where practice_case_id = $1 and action = 'RETURNED'`, [c.key]);
    expect(note).toEqual({ note: 'Saknar resultat' });
  });
});
