// Imports the built-in reference set (counties, municipalities, localities, themes)
// from the CSV copies in ./data. Idempotent: unchanged rows are not touched, changed
// rows are updated, and the counts say which happened.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { EntityManager } from '@mikro-orm/postgresql';
import { referenceDataChanged } from '../modules/geo/reference-cache';

export const REFERENCE_DATA_DIR = join(__dirname, 'data');

type Row = Record<string, string>;

export function readCsv(file: string, dir = REFERENCE_DATA_DIR): Row[] {
  // Every column is read as a string: codes keep their leading zeros.
  return parse<Row>(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

export interface ImportCounts {
  counties: number;
  municipalities: number;
  localities: number;
  themes: number;
  /** Municipality codes and theme slugs whose searchable text changed. */
  changedMunicipalities: string[];
  changedThemes: string[];
}

const json = (rows: object[]) => JSON.stringify(rows);

function number(value: string, what: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw new Error(`reference data: ${what} is not a number ("${value}")`);
  return n;
}

/** Parents before children, so the self-reference is always satisfied. */
export function orderThemes(rows: Row[]): Row[] {
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (row: Row, depth: number) => {
    if (seen.has(row.slug)) return;
    if (depth > 20) throw new Error(`reference data: theme cycle at ${row.slug}`);
    if (row.parent) {
      const parent = bySlug.get(row.parent);
      if (!parent) throw new Error(`reference data: theme ${row.slug} has unknown parent ${row.parent}`);
      visit(parent, depth + 1);
    }
    seen.add(row.slug);
    out.push(row);
  };
  rows.forEach((r) => visit(r, 0));
  return out;
}

/** Runs one statement in the import's transaction and returns its rows. */
type Run = (sql: string, params: unknown[]) => Promise<Record<string, string>[]>;

/** Upserts the counties; returns the codes of those added or changed. */
async function upsertCounties(run: Run, rows: Row[]): Promise<string[]> {
  const changed = await run(
    `insert into county (code, name, short_name)
     select code, name, short_name from jsonb_to_recordset(?::jsonb) as r(code text, name text, short_name text)
     on conflict (code) do update set name = excluded.name, short_name = excluded.short_name
     where (county.name, county.short_name) is distinct from (excluded.name, excluded.short_name)
     returning code`,
    [json(rows.map((r) => ({ code: r.county_code, name: r.county_name, short_name: r.county_name_short })))],
  );
  return changed.map((r) => r.code);
}

/** Upserts the municipalities; returns the codes of those added or changed. */
async function upsertMunicipalities(run: Run, rows: Row[]): Promise<string[]> {
  const values = rows.map((r) => ({
    code: r.code,
    name: r.name,
    short_name: r.short_name,
    county_code: r.county_code,
    seat: r.seat,
    latitude: number(r.latitude, `latitude of ${r.code}`),
    longitude: number(r.longitude, `longitude of ${r.code}`),
    coordinates_source: r.coordinates_source,
  }));
  const changed = await run(
    `insert into municipality (code, name, short_name, county_code, seat, latitude, longitude, coordinates_source)
     select code, name, short_name, county_code, seat, latitude, longitude, coordinates_source from jsonb_to_recordset(?::jsonb)
       as r(code text, name text, short_name text, county_code text, seat text, latitude float8, longitude float8, coordinates_source text)
     on conflict (code) do update set name = excluded.name, short_name = excluded.short_name, county_code = excluded.county_code,
       seat = excluded.seat, latitude = excluded.latitude, longitude = excluded.longitude, coordinates_source = excluded.coordinates_source
     where (municipality.name, municipality.short_name, municipality.county_code, municipality.seat, municipality.latitude, municipality.longitude, municipality.coordinates_source)
       is distinct from (excluded.name, excluded.short_name, excluded.county_code, excluded.seat, excluded.latitude, excluded.longitude, excluded.coordinates_source)
     returning code`,
    [json(values)],
  );
  return changed.map((r) => r.code);
}

/** Upserts the localities; returns how many were added or moved. */
async function upsertLocalities(run: Run, rows: Row[]): Promise<number> {
  const values = rows.map((r) => ({
    name: r.locality,
    municipality_code: r.municipality_code,
    latitude: number(r.latitude, `latitude of ${r.locality}`),
    longitude: number(r.longitude, `longitude of ${r.locality}`),
  }));
  const changed = await run(
    `insert into locality (name, municipality_code, latitude, longitude)
     select name, municipality_code, latitude, longitude from jsonb_to_recordset(?::jsonb)
       as r(name text, municipality_code text, latitude float8, longitude float8)
     on conflict (name, municipality_code) do update set latitude = excluded.latitude, longitude = excluded.longitude
     where (locality.latitude, locality.longitude) is distinct from (excluded.latitude, excluded.longitude)
     returning id`,
    [json(values)],
  );
  return changed.length;
}

/**
 * Upserts the themes, parents first (orderThemes); `position` is the row's place in
 * the file, which orders siblings. Returns the slugs of those added or changed.
 */
async function upsertThemes(run: Run, fileRows: Row[]): Promise<string[]> {
  const position = new Map(fileRows.map((r, i) => [r.slug, i]));
  const values = orderThemes(fileRows).map((r) => ({
    slug: r.slug,
    parent_slug: r.parent || null,
    label_sv: r.label_sv,
    label_en: r.label_en,
    description_en: r.description_en || null,
    position: position.get(r.slug) ?? 0,
  }));
  const changed = await run(
    `insert into theme (slug, parent_slug, label_sv, label_en, description_en, position)
     select slug, parent_slug, label_sv, label_en, description_en, position from jsonb_to_recordset(?::jsonb)
       as r(slug text, parent_slug text, label_sv text, label_en text, description_en text, position int)
     on conflict (slug) do update set parent_slug = excluded.parent_slug, label_sv = excluded.label_sv, label_en = excluded.label_en,
       description_en = excluded.description_en, position = excluded.position
     where (theme.parent_slug, theme.label_sv, theme.label_en, theme.description_en, theme.position)
       is distinct from (excluded.parent_slug, excluded.label_sv, excluded.label_en, excluded.description_en, excluded.position)
     returning slug`,
    [json(values)],
  );
  return changed.map((r) => r.slug);
}

export async function importReferenceData(em: EntityManager, dir = REFERENCE_DATA_DIR): Promise<ImportCounts> {
  // Read (and so validated as CSV) before anything is written.
  const counties = readCsv('counties.csv', dir);
  const municipalities = readCsv('municipalities.csv', dir);
  const localities = readCsv('localities.csv', dir);
  const themes = readCsv('themes.csv', dir);

  const counts = await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const run: Run = async (sql, params) => await conn.execute<Record<string, string>[]>(sql, params, 'all');
    const changedCounties = await upsertCounties(run, counties);
    const changedMunicipalities = await upsertMunicipalities(run, municipalities);
    const changedLocalities = await upsertLocalities(run, localities);
    const changedThemes = await upsertThemes(run, themes);
    // Delivered at commit to every process's listener (core/db/notifications.ts), which
    // drops its cache; rows that did not change need no signal.
    if (changedCounties.length + changedMunicipalities.length + changedThemes.length > 0) await run(`select pg_notify('utbyte_reference', '')`, []);
    return {
      counties: changedCounties.length,
      municipalities: changedMunicipalities.length,
      localities: changedLocalities,
      themes: changedThemes.length,
      changedMunicipalities,
      changedThemes,
    };
  });
  // Committed: this process's in-memory copy must not serve the old rows any more.
  if (counts.counties + counts.municipalities + counts.themes > 0) referenceDataChanged(em);
  return counts;
}
