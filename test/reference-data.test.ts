// The reference import is idempotent: the server runs it at every start, so a second
// run must change nothing, and an edited CSV row must update exactly that row.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_DATA_DIR, importReferenceData } from '../server/src/seed/reference-data';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();
let editedDir: string;

beforeAll(() => {
  editedDir = mkdtempSync(join(tmpdir(), 'utbyte-reference-'));
  cpSync(REFERENCE_DATA_DIR, editedDir, { recursive: true });
  edit(join(editedDir, 'municipalities.csv'), '0884,Vimmerby kommun,', '0884,Vimmerby stad,');
  edit(join(editedDir, 'themes.csv'), 'Non-profit public partnership (IOP)', 'Public–civic partnership (IOP)');
});

afterAll(() => {
  if (editedDir) rmSync(editedDir, { recursive: true, force: true });
});

function edit(file: string, from: string, to: string): void {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  // Guard against the fixture silently not applying when the CSVs change.
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

const NOTHING_CHANGED = { counties: 0, municipalities: 0, localities: 0, themes: 0, changedMunicipalities: [], changedThemes: [] };

async function snapshot() {
  return {
    counties: await t.sql('select * from county order by code'),
    municipalities: await t.sql('select * from municipality order by code'),
    localities: await t.sql('select * from locality order by id'),
    themes: await t.sql('select * from theme order by slug'),
  };
}

function differingRows(before: Record<string, unknown>[], after: Record<string, unknown>[]): Record<string, unknown>[] {
  expect(after).toHaveLength(before.length);
  return after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
}

test('the boot import loaded the whole reference set', async () => {
  const [{ n: municipalities }] = await t.sql('select count(*)::int as n from municipality');
  const [{ n: counties }] = await t.sql('select count(*)::int as n from county');
  const [{ n: themes }] = await t.sql('select count(*)::int as n from theme');
  expect({ municipalities, counties, themes }).toEqual({ municipalities: 290, counties: 21, themes: 18 });
});

test('running the import again changes nothing', async () => {
  const before = await snapshot();
  const counts = await importReferenceData(t.system.orm.em.fork());
  expect(counts).toEqual(NOTHING_CHANGED);
  expect(await snapshot()).toEqual(before);
});

test('an edited municipality name and theme label update exactly those rows', async () => {
  const before = await snapshot();
  const counts = await importReferenceData(t.system.orm.em.fork(), editedDir);
  expect(counts).toEqual({
    counties: 0,
    municipalities: 1,
    localities: 0,
    themes: 1,
    changedMunicipalities: ['0884'],
    changedThemes: ['iop'],
  });

  const after = await snapshot();
  expect(after.counties).toEqual(before.counties);
  expect(after.localities).toEqual(before.localities);
  expect(differingRows(before.municipalities, after.municipalities)).toEqual([expect.objectContaining({ code: '0884', name: 'Vimmerby stad' })]);
  expect(differingRows(before.themes, after.themes)).toEqual([expect.objectContaining({ slug: 'iop', label_en: 'Public–civic partnership (IOP)' })]);

  // The API serves the new values.
  const data = await t.data(`{ municipality(code: "0884") { name shortName } theme(slug: "iop") { labelEn labelSv } }`);
  expect(data).toEqual({
    municipality: { name: 'Vimmerby stad', shortName: 'Vimmerby' },
    theme: { labelEn: 'Public–civic partnership (IOP)', labelSv: 'Idéburet offentligt partnerskap (IOP)' },
  });

  // The same edited files a second time: nothing left to do.
  expect(await importReferenceData(t.system.orm.em.fork(), editedDir)).toEqual(NOTHING_CHANGED);
});

test('importing the shipped files again restores the edited rows', async () => {
  const counts = await importReferenceData(t.system.orm.em.fork());
  expect(counts).toMatchObject({ municipalities: 1, themes: 1, changedMunicipalities: ['0884'], changedThemes: ['iop'] });
  const data = await t.data(`{ municipality(code: "0884") { name } theme(slug: "iop") { labelEn } }`);
  expect(data).toEqual({ municipality: { name: 'Vimmerby kommun' }, theme: { labelEn: 'Non-profit public partnership (IOP)' } });
});
