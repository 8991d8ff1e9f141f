// The `utbyte` command line against the real server: search, case get, visits list,
// and import (validation before any write, line numbers, a second run that changes
// nothing), in-process through run(); and the built binary once, as a user runs it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '../../client-sdk/src';
import { run } from '../../client-sdk/src/cli/main';
import { clientTokenFor, ensureOrganization, tokensFor } from '../helpers/actors';
import { publishedCase } from '../helpers/cases';
import { inDays } from '../helpers/study-visits';
import { useTestSystem } from '../helpers/harness';

const exec = promisify(execFile);
const root = join(__dirname, '..', '..');

const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) =>
  tokensFor(t, { vimmerbyEditor: ['EDITOR', '0884'], eskilstunaEditor: ['EDITOR', '0484'], reviewer: ['REVIEWER'] }),
);
let dir: string;

async function cli(args: string[], token?: string | null, extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { UTBYTE_URL: t.url, ...(token ? { UTBYTE_TOKEN: token } : {}), ...extraEnv },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'utbyte-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('reading', () => {
  test('search "språkvän" --theme language --county 04 prints a table of the matching cases only', async () => {
    await publishedCase(t, actors.eskilstunaEditor, actors.reviewer, { slug: 'sprakvan-eskilstuna', title: 'Språkvän i Eskilstuna', municipality: '0484', kind: 'LANGUAGE_BUDDY' });
    await publishedCase(t, actors.vimmerbyEditor, actors.reviewer, { slug: 'sprakvan-vimmerby', title: 'Språkvän i Vimmerby', kind: 'LANGUAGE_BUDDY' });
    await t.system.search.indexer.drain();

    const out = await cli(['search', 'språkvän', '--theme', 'language', '--county', '04']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SLUG\s+TITLE\s+MUNICIPALITY\s+KIND\s+THEMES$/);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/^sprakvan-eskilstuna\s+Språkvän i Eskilstuna\s+Eskilstuna kommun \(0484\)\s+LANGUAGE_BUDDY\s+language$/);
    expect(out.stderr).toContain('1 of 1 matching cases');

    const asJson = await cli(['search', 'språkvän', '--json']);
    expect(asJson.code).toBe(0);
    const parsed = JSON.parse(asJson.stdout);
    expect(parsed.totalCount).toBe(2);
    expect(parsed.hits.map((h: { slug: string }) => h.slug).sort()).toEqual(['sprakvan-eskilstuna', 'sprakvan-vimmerby']);
  });

  test('case get <slug> prints the case; --json prints it whole; an unknown slug fails', async () => {
    const out = await cli(['case', 'get', 'sprakvan-vimmerby']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^title:\s+Språkvän i Vimmerby$/m);
    expect(out.stdout).toMatch(/^status:\s+PUBLISHED \(version \d+\)$/m);
    expect(out.stdout).toMatch(/^municipality:\s+Vimmerby kommun \(0884\)$/m);

    const asJson = await cli(['--json', 'case', 'get', 'sprakvan-vimmerby']);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ slug: 'sprakvan-vimmerby', status: 'PUBLISHED', municipality: { code: '0884' } });

    const missing = await cli(['case', 'get', 'finns-inte']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no practice case "finns-inte"');
  });

  test('visits list --host 0884 lists the visits Vimmerby hosts', async () => {
    await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0686');
    const partner = createClient({ url: t.url, token: await clientTokenFor(t, { organizationSlug: 'emilkraften', scopes: ['read', 'study-visits:write'] }) });
    const requested = await partner.studyVisits.request({
      hostMunicipality: '0884',
      visitingMunicipality: '0686',
      visitingOrganization: 'emilkraften',
      purpose: 'Språkvän-upplägget',
      participants: 5,
      proposedDates: [{ start: inDays(20), end: inDays(21) }],
    });
    expect(requested.userErrors).toEqual([]);

    const out = await cli(['visits', 'list', '--host', '0884'], actors.vimmerbyEditor);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+HOST\s+VISITOR\s+ORGANIZATION\s+DATES\s+PEOPLE\s+ID$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^REQUESTED\s+Vimmerby kommun \(0884\)\s+Eksjö kommun \(0686\)\s+Emilkraften\s+.*\s+5\s+\S+$/);

    const none = await cli(['visits', 'list', '--host', '0180', '--json'], actors.vimmerbyEditor);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });
});

describe('import', () => {
  const rows = [
    { slug: 'import-lasombud', title: 'Läsombud på äldreboenden', summary: 'Volontärer läser högt.', body: 'Varje vecka.', kind: 'READING_PROJECT', municipality: '0884', themes: ['language'], targetGroups: ['ELDERLY'] },
    { slug: 'import-jobbspar', title: 'Jobbspår vård', summary: 'Utbildning och praktik inom vården.', body: 'Tillsammans med Arbetsförmedlingen.', kind: 'EMPLOYMENT_PROGRAMME', municipality: '0884', themes: ['work-and-employment'], startedOn: '2023-01-15' },
    { slug: 'import-motesplats', title: 'Öppen mötesplats', summary: 'Fika och samtal.', body: 'Tisdagar.', kind: 'MEETING_PLACE', municipality: '0884', themes: ['meeting-places'], places: ['Vimmerby'] },
  ];
  const writeJson = (name: string, data: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(data, null, 2));
    return name;
  };
  const countCases = async () => (await t.sql<{ n: number }>('select count(*)::int as n from practice_case'))[0].n;

  test('bad rows are all reported by line number and nothing is written', async () => {
    const before = await countCases();
    const file = writeJson('bad.json', [
      rows[0],
      { ...rows[1], kind: 'PICNIC' },
      { ...rows[2], themes: ['no-such-theme'], municipality: '9999' },
      { ...rows[0], title: 'same slug again' },
    ]);
    const out = await cli(['import', file], actors.vimmerbyEditor);
    expect(out.code).toBe(1);
    // JSON.stringify(…, 2) puts element n (1-based) at line 2 + (n-1) * (lines per element).
    const errorLines = out.stderr.split('\n').filter((l) => l.startsWith('bad.json:'));
    expect(errorLines.some((l) => /^bad\.json:\d+: import-jobbspar: kind "PICNIC" is not one of/.test(l))).toBe(true);
    // The server's dry run reports the problems of rows whose shape was fine.
    expect(errorLines.some((l) => /^bad\.json:\d+: import-motesplats: themes\.0: Unknown theme "no-such-theme"/.test(l))).toBe(true);
    expect(errorLines.some((l) => /^bad\.json:\d+: import-motesplats: municipality: Unknown municipality code "9999"/.test(l))).toBe(true);
    expect(errorLines.some((l) => /^bad\.json:\d+: import-lasombud: slug "import-lasombud" is also used on line 2$/.test(l))).toBe(true);
    expect(out.stderr).toContain('3 bad rows; nothing was written');
    expect(await countCases()).toBe(before);

    // The reported line is where the element starts in the file.
    const text = JSON.stringify([rows[0], { ...rows[1], kind: 'PICNIC' }], null, 2);
    const expectedLine = text.split('\n').findIndex((l, i, all) => l === '  {' && all[i + 1].includes('"import-jobbspar"')) + 1;
    expect(errorLines.find((l) => l.includes('PICNIC'))).toMatch(new RegExp(`^bad\\.json:${expectedLine}:`));
  });

  test('creates every row, and importing the same file again changes nothing', async () => {
    const file = writeJson('cases.json', rows);
    const first = await cli(['import', file], actors.vimmerbyEditor);
    expect(first.stderr).toContain('3 created, 0 updated, 0 unchanged');
    expect(first.stderr).toMatch(/import \[#+\] 3\/3/);
    expect(first.code).toBe(0);
    const after = await t.sql<{ slug: string; version: number; updated_at: Date }>(`select slug, version, updated_at from practice_case where slug like 'import-%' order by slug`);
    expect(after.map((r) => r.slug)).toEqual(['import-jobbspar', 'import-lasombud', 'import-motesplats']);

    const again = await cli(['import', file], actors.vimmerbyEditor);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 created, 0 updated, 3 unchanged');
    const unchanged = await t.sql<{ slug: string; version: number; updated_at: Date }>(`select slug, version, updated_at from practice_case where slug like 'import-%' order by slug`);
    expect(unchanged).toEqual(after);

    const edited = writeJson('cases-edited.json', [rows[0], { ...rows[1], summary: 'Utbildning, praktik och anställning inom vården.' }, rows[2]]);
    const dry = await cli(['import', edited, '--dry-run', '--json'], actors.vimmerbyEditor);
    expect(JSON.parse(dry.stdout).rows.map((r: { action: string }) => r.action)).toEqual(['unchanged', 'update', 'unchanged']);
    const third = await cli(['import', edited], actors.vimmerbyEditor);
    expect(third.stderr).toContain('0 created, 1 updated, 2 unchanged');
    const summary = await t.sql<{ summary: string }>(`select summary from practice_case where slug = 'import-jobbspar'`);
    expect(summary[0].summary).toBe('Utbildning, praktik och anställning inom vården.');
  });

  test('reads CSV with list cells and quoted line breaks, reporting the line a row starts on', async () => {
    const csv = [
      'slug,title,summary,body,kind,municipality,themes,targetGroups',
      'import-csv-1,Läxhjälp,Hjälp med läxor.,"Två rader',
      'i brödtexten",EDUCATION,0884,education;language,CHILDREN_AND_FAMILIES',
      'import-csv-2,Simskola,Simskola för vuxna.,Sommartid.,SPORTS_AND_LEISURE,0884,,',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'cases.csv'), csv);
    const bad = await cli(['import', 'cases.csv'], actors.vimmerbyEditor);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cases.csv:4: import-csv-2: themes is required');
    expect(bad.stderr).not.toMatch(/cases\.csv:2:/);

    writeFileSync(join(dir, 'cases.csv'), csv.replace('Sommartid.,SPORTS_AND_LEISURE,0884,,', 'Sommartid.,SPORTS_AND_LEISURE,0884,sports-and-leisure|health,'));
    const fixed = await cli(['import', 'cases.csv'], actors.vimmerbyEditor);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('2 created');
    const c = await createClient({ url: t.url, token: actors.vimmerbyEditor }).practiceCases.get({ slug: 'import-csv-1' });
    expect(c).toMatchObject({ body: 'Två rader\ni brödtexten', targetGroups: ['CHILDREN_AND_FAMILIES'] });
    expect(c!.themes.map((x) => x.slug).sort()).toEqual(['education', 'language']);
  });

  test('rows the token may not write are refused before anything is written', async () => {
    const file = writeJson('foreign.json', [{ ...rows[0], slug: 'import-foreign', title: 'Främmande' }]);
    const out = await cli(['import', file], actors.eskilstunaEditor);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('foreign.json:2: import-foreign: municipality: You can only create cases for your own municipality, not 0884');
    expect(out.stderr).toContain('nothing was written');
    const anonymous = await cli(['import', file]);
    expect(anonymous.stderr).toContain('importing needs a token that may write practice cases');
    expect(await t.sql(`select 1 from practice_case where slug = 'import-foreign'`)).toEqual([]);
  });

  test("the server's rules are checked up front: lengths, partners, participants, outcomes", async () => {
    const file = writeJson('rules.json', [
      { ...rows[0], slug: 'import-rules-1', title: 'x'.repeat(201) },
      { ...rows[0], slug: 'import-rules-2', partners: [{ organization: 'no-such-org', role: 'värd' }], participatingMunicipalities: ['0884'] },
      { ...rows[0], slug: 'import-rules-3', outcomes: [{ label: 'deltagare', value: 'många', unit: 'personer' }] },
      { ...rows[0], slug: 'import-rules-4', funding: [{ source: 'Länsstyrelsen', amountSek: -5 }] },
    ]);
    const out = await cli(['import', file], actors.vimmerbyEditor);
    expect(out.code).toBe(1);
    for (const message of [
      'import-rules-1: title: title must be at most 200 characters',
      'import-rules-2: partners.0.organization: Unknown organization "no-such-org"',
      'import-rules-2: participatingMunicipalities.0: The owner is not also a participant',
      'import-rules-3: each outcome needs "label", a numeric "value" and "unit"',
      'import-rules-4: funding.0.amountSek: amountSek must be a whole, non-negative number',
    ]) expect(out.stderr).toContain(message);
    expect(await t.sql(`select 1 from practice_case where slug like 'import-rules-%'`)).toEqual([]);
  });

  test('a row the server refuses while checking (a slug held by a case the token cannot see) means nothing is written', async () => {
    // A draft of Eskilstuna's holds the slug; Vimmerby's editor cannot see it, so only
    // the server knows the slug is taken.
    const eskilstuna = createClient({ url: t.url, token: actors.eskilstunaEditor });
    const hidden = await eskilstuna.practiceCases.create({ ...rows[0], slug: 'import-hidden-slug', municipality: '0484' } as never);
    expect(hidden.userErrors).toEqual([]);
    const before = await countCases();
    const file = writeJson('partly.json', [{ ...rows[0], slug: 'import-partly-ok', title: 'Går bra' }, { ...rows[0], slug: 'import-hidden-slug', title: 'Krockar' }]);
    const out = await cli(['import', file], actors.vimmerbyEditor);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/partly\.json:\d+: import-hidden-slug: slug: .*taken/);
    expect(out.stderr).toContain('1 bad row; nothing was written');
    expect(await countCases()).toBe(before);
  });

  test('2019-02-31: the dry run reports it, the real run writes nothing and exits 1', async () => {
    const before = await countCases();
    const file = writeJson('february.json', [{ ...rows[0], slug: 'import-feb-ok' }, { ...rows[1], slug: 'import-feb-bad', startedOn: '2019-02-31' }, { ...rows[2], slug: 'import-feb-ok-2' }]);
    const dry = await cli(['import', file, '--dry-run'], actors.vimmerbyEditor);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/^february\.json:\d+: import-feb-bad: startedOn: startedOn must be a calendar date/m);
    const real = await cli(['import', file], actors.vimmerbyEditor);
    expect(real.code).toBe(1);
    expect(real.stderr).toContain('1 bad row; nothing was written');
    expect(await countCases()).toBe(before);
    expect(await t.sql(`select 1 from practice_case where slug like 'import-feb-%'`)).toEqual([]);
  });

  test('a good file is written in one request, with an idempotency key', async () => {
    const sent: { operationName?: string; key: string | null }[] = [];
    const counting: typeof fetch = async (url, init) => {
      const body = JSON.parse((init?.body as string | undefined) ?? '{}');
      sent.push({ operationName: body.operationName, key: new Headers(init?.headers).get('idempotency-key') });
      return fetch(url, init);
    };
    const good = rows.map((r, i) => ({ ...r, slug: `import-one-request-${i}` }));
    const file = writeJson('one-request.json', good);
    const code = await run(['import', file], { stdout: { write: () => true }, stderr: { write: () => true }, env: { UTBYTE_URL: t.url, UTBYTE_TOKEN: actors.vimmerbyEditor }, cwd: dir, fetch: counting });
    expect(code).toBe(0);
    expect(sent).toEqual([{ operationName: 'ImportPracticeCases', key: expect.stringMatching(/\S/) }]);
    expect(await t.sql(`select slug from practice_case where slug like 'import-one-request-%' order by slug`)).toHaveLength(3);
  });

  test('files over 100 rows go in batches of 100, every batch checked before the first is written', async () => {
    const many: Record<string, unknown>[] = Array.from({ length: 105 }, (_, i) => ({ ...rows[0], slug: `import-batch-${i}`, title: `Läsombud ${i}` }));
    many[103] = { ...many[103], endedOn: '2021-02-29' };
    const sent: { dryRun: boolean; rows: number }[] = [];
    const counting: typeof fetch = async (url, init) => {
      const body = JSON.parse((init?.body as string | undefined) ?? '{}');
      sent.push({ dryRun: body.variables.dryRun, rows: body.variables.input.cases.length });
      return fetch(url, init);
    };
    const file = writeJson('batches.json', many);
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    const env = { UTBYTE_URL: t.url, UTBYTE_TOKEN: actors.vimmerbyEditor };
    expect(await run(['import', file], { ...io, env, cwd: dir, fetch: counting })).toBe(1);
    expect(sent).toEqual([{ dryRun: true, rows: 100 }, { dryRun: true, rows: 5 }]);
    expect(await t.sql(`select 1 from practice_case where slug like 'import-batch-%'`)).toEqual([]);

    sent.length = 0;
    writeJson('batches.json', many.map(({ endedOn: _e, ...r }) => r));
    expect(await run(['import', file], { ...io, env, cwd: dir, fetch: counting })).toBe(0);
    expect(sent).toEqual([{ dryRun: true, rows: 100 }, { dryRun: true, rows: 5 }, { dryRun: false, rows: 100 }, { dryRun: false, rows: 5 }]);
    expect(await t.sql(`select 1 from practice_case where slug like 'import-batch-%'`)).toHaveLength(105);
  });
});

describe('organizations', () => {
  test('organizations --municipality 0884 --kind civil-society lists the matching ones as a table, --search narrows by name', async () => {
    await ensureOrganization(t, 'cli-cykelklubb', 'Vimmerby Cykelklubb', undefined, '0884');
    await ensureOrganization(t, 'cli-schackklubb', 'Vimmerby Schackklubb', undefined, '0884');
    await ensureOrganization(t, 'cli-eksjo-schack', 'Eksjö Schackklubb', undefined, '0686');

    const out = await cli(['organizations', '--municipality', '0884', '--kind', 'civil-society']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SLUG\s+NAME\s+KIND\s+HOME$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[0]).sort()).toEqual(['cli-cykelklubb', 'cli-schackklubb']);

    const chess = await cli(['organizations', '--search', 'schack', '--json']);
    expect(JSON.parse(chess.stdout).map((o: { slug: string }) => o.slug).sort()).toEqual(['cli-eksjo-schack', 'cli-schackklubb']);
    expect((await cli(['organizations', 'extra'])).code).toBe(2);
  });
});

describe('errors and usage', () => {
  test('a bad token fails with a message that never shows the token', async () => {
    const token = 'utb_definitely_wrong_token_1234567890';
    const out = await cli(['case', 'get', 'sprakvan-vimmerby'], token);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/UNAUTHENTICATED/);
    expect(out.stderr + out.stdout).not.toContain(token);
  });

  test('unknown commands and flags are usage errors (exit 2)', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const flag = await cli(['search', '--colour', 'red']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--colour');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('import <FILE.json|FILE.csv> [--dry-run]');
  });

  test('writing is checked before anything is sent: a missing file is a usage error', async () => {
    const out = await cli(['import', 'nope.json'], actors.vimmerbyEditor);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('cannot read nope.json: no such file');
  });
});

describe('the installed binary', () => {
  test('client-sdk/bin/utbyte.cjs runs the built command line with UTBYTE_URL from the environment', async () => {
    // Build from the current sources so the test never runs a stale dist/.
    await exec('npm', ['run', 'build', '--silent', '-w', 'client-sdk'], { cwd: root });
    const { stdout } = await exec(process.execPath, [join(root, 'client-sdk', 'bin', 'utbyte.cjs'), 'municipality', '0884', '--json'], {
      env: { ...process.env, UTBYTE_URL: t.url, UTBYTE_TOKEN: '' },
    });
    expect(JSON.parse(stdout)).toMatchObject({ code: '0884', name: 'Vimmerby kommun', county: { code: '08' } });

    // And the package entry points load in both module systems.
    const cjs = await exec(process.execPath, ['-e', "const s = require('@utbyte/client'); console.log(typeof s.createClient, typeof s.UtbyteError)"], { cwd: root });
    expect(cjs.stdout.trim()).toBe('function function');
    const esm = await exec(process.execPath, ['--input-type=module', '-e', "import { createClient, RateLimitError } from '@utbyte/client'; console.log(typeof createClient, typeof RateLimitError)"], { cwd: root });
    expect(esm.stdout.trim()).toBe('function function');
  });
});
