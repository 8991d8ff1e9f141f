// importPracticeCases: every row checked by the same rules as createPracticeCase, every
// problem reported with its row index, and all rows written in one transaction or none.
import { ensureOrganization, tokensFor } from './helpers/actors';
import { CREATE, caseInput } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

const { t, actors } = useTestSystem({ inProcessIndexer: false }, async (t) => {
  const tokens = await tokensFor(t, { editor: ['EDITOR', '0884'], eskilstunaEditor: ['EDITOR', '0484'] });
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0884');
  return tokens;
});

const IMPORT = `mutation($input: ImportPracticeCasesInput!, $dryRun: Boolean) {
  importPracticeCases(input: $input, dryRun: $dryRun) {
    written
    results { index slug action changedFields practiceCase { id slug version summary startedOn } }
    userErrors { field code message }
  }
}`;

const row = (slug: string, overrides: Record<string, unknown> = {}) => caseInput({ slug, title: `Fall ${slug}`, ...overrides });
const countCases = async () => (await t.sql<{ n: number }>('select count(*)::int as n from practice_case'))[0].n;
const runImport = async (cases: unknown[], dryRun?: boolean, token = actors.editor) => (await t.data(IMPORT, { input: { cases }, dryRun }, { token })).importPracticeCases;

describe('calendar dates', () => {
  test('2019-02-31 is refused as an outcome date of a single create, as startedOn already is', async () => {
    const before = await countCases();
    const outcome = await t.data(CREATE, { input: caseInput({ slug: 'feb-31-outcome', outcomes: [{ label: 'deltagare', value: 3, unit: 'personer', measuredOn: '2019-02-31' }] }) }, { token: actors.editor });
    expect(outcome.createPracticeCase.userErrors).toEqual([expect.objectContaining({ field: ['input', 'outcomes', '0', 'measuredOn'], code: 'INVALID' })]);
    const started = await t.gql(CREATE, { input: caseInput({ slug: 'feb-31-started', startedOn: '2019-02-31' }) }, { token: actors.editor });
    expect(started.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await countCases()).toBe(before);
  });
});

describe('importPracticeCases', () => {
  test('a row with 2019-02-31: the dry run names the row and field, the real run writes nothing', async () => {
    const before = await countCases();
    const cases = [row('imp-feb-a'), row('imp-feb-b', { startedOn: '2019-02-31', endedOn: '2019-03-40' }), row('imp-feb-c')];
    const dry = await runImport(cases, true);
    expect(dry.written).toBe(false);
    expect(dry.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'cases', '1', 'startedOn'], code: 'INVALID' }),
      expect.objectContaining({ field: ['input', 'cases', '1', 'endedOn'], code: 'INVALID' }),
    ]);
    expect(dry.results.map((r: { index: number; action: string }) => [r.index, r.action])).toEqual([[0, 'CREATED'], [2, 'CREATED']]);

    const real = await runImport(cases);
    expect(real.written).toBe(false);
    expect(real.userErrors.map((e: { field: string[] }) => e.field.join('.'))).toEqual(['input.cases.1.startedOn', 'input.cases.1.endedOn']);
    expect(real.results.every((r: { practiceCase: unknown }) => r.practiceCase === null)).toBe(true);
    expect(await countCases()).toBe(before);
  });

  test('good rows are all written; the same rows again change nothing; an edited row is updated', async () => {
    const cases = [row('imp-ok-a', { startedOn: '2020-02-29' }), row('imp-ok-b', { partners: [{ organization: 'emilkraften', role: 'värd' }] })];
    const dry = await runImport(cases, true);
    expect(dry).toMatchObject({ written: false, userErrors: [] });
    expect(await t.sql(`select 1 from practice_case where slug like 'imp-ok-%'`)).toEqual([]);

    const first = await runImport(cases);
    expect(first.userErrors).toEqual([]);
    expect(first.written).toBe(true);
    expect(first.results.map((r: { action: string }) => r.action)).toEqual(['CREATED', 'CREATED']);
    expect(first.results[0].changedFields).toEqual(expect.arrayContaining(['title', 'startedOn', 'themes']));
    expect(first.results[0].practiceCase).toMatchObject({ slug: 'imp-ok-a', version: 1, startedOn: '2020-02-29' });
    const stored = await t.sql(`select slug, version, updated_at from practice_case where slug like 'imp-ok-%' order by slug`);
    expect(stored).toHaveLength(2);

    const again = await runImport(cases);
    expect(again.results.map((r: { action: string; changedFields: string[] }) => [r.action, r.changedFields])).toEqual([['UNCHANGED', []], ['UNCHANGED', []]]);
    expect(await t.sql(`select slug, version, updated_at from practice_case where slug like 'imp-ok-%' order by slug`)).toEqual(stored);

    const edited = await runImport([cases[0], { ...cases[1], summary: 'En ny sammanfattning.' }]);
    expect(edited.results.map((r: { action: string; changedFields: string[] }) => [r.action, r.changedFields])).toEqual([['UNCHANGED', []], ['UPDATED', ['summary']]]);
    expect(edited.results[1].practiceCase).toMatchObject({ summary: 'En ny sammanfattning.', version: 2 });
  });

  test('hidden slugs, foreign municipalities and repeated slugs are per-row problems, and nothing is written', async () => {
    const hidden = await t.data(CREATE, { input: caseInput({ slug: 'imp-hidden', municipality: '0484' }) }, { token: actors.eskilstunaEditor });
    expect(hidden.createPracticeCase.userErrors).toEqual([]);
    const before = await countCases();
    const out = await runImport([row('imp-fine'), row('imp-hidden'), row('imp-foreign', { municipality: '0484' }), row('imp-fine', { title: 'igen' }), row('imp-theme', { themes: ['no-such-theme'] })]);
    expect(out.written).toBe(false);
    expect(out.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['input.cases.1.slug', 'DUPLICATE'],
      ['input.cases.2.municipality', 'FORBIDDEN'],
      ['input.cases.3.slug', 'DUPLICATE'],
      ['input.cases.4.themes.0', 'UNKNOWN_REFERENCE'],
    ]);
    expect(await countCases()).toBe(before);
  });

  test('the batch is bounded: 0 or 101 rows are refused', async () => {
    for (const cases of [[], Array.from({ length: 101 }, (_, i) => row(`imp-many-${i}`))]) {
      const res = await t.gql(IMPORT, { input: { cases } }, { token: actors.editor });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.cases' });
    }
    const anonymous = await t.gql(IMPORT, { input: { cases: [row('imp-anon')] } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
