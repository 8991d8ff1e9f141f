// `utbyte import <file>`: bulk create or update practice cases from JSON or CSV.
// Every row is read and checked first (shape, enums, dates, theme slugs, municipality
// codes, duplicates, the owner of an existing case); if any row is bad, each is
// reported by line number and nothing is written. Rows are matched to existing cases
// by slug and only the fields that differ are sent, so importing the same file twice
// changes nothing the second time.
import { parse as parseCsv } from 'csv-parse/sync';
import type { UtbyteClient } from '../client';
import type { PracticeCase } from '../api/practice-cases';
import {
  type CreatePracticeCaseInput,
  Language,
  LinkKind,
  PracticeKind,
  TargetGroup,
  type UpdatePracticeCaseInput,
} from '../generated/graphql';

export interface Row {
  /** 1-based line in the file where the row starts. */
  line: number;
  fields: Record<string, unknown>;
}

export interface RowProblem {
  line: number;
  slug: string | null;
  message: string;
}

export type Action = 'create' | 'update' | 'unchanged';

export interface PlannedRow {
  line: number;
  slug: string;
  action: Action;
  input: CreatePracticeCaseInput;
  existing: PracticeCase | null;
  changes: Partial<UpdatePracticeCaseInput>;
}

export interface RowResult {
  line: number;
  slug: string;
  action: Action | 'failed';
  id: string | null;
  message?: string;
}

const SCALARS = ['slug', 'title', 'summary', 'body', 'kind', 'municipality', 'language', 'startedOn', 'endedOn', 'adaptationNote'] as const;
const STRING_LISTS = ['themes', 'targetGroups', 'places', 'participatingMunicipalities'] as const;
const STRUCTURED = ['partners', 'outcomes', 'funding', 'links', 'contacts'] as const;
const KNOWN = new Set<string>([...SCALARS, ...STRING_LISTS, ...STRUCTURED]);
const REQUIRED = ['slug', 'title', 'summary', 'body', 'kind', 'municipality', 'themes'] as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MUNICIPALITY_CODE = /^\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------- reading files

/** Finds the line on which each element of a top-level JSON array starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectValue = false;
  for (const ch of text) {
    if (ch === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && !/\s/.test(ch) && ch !== ',' && ch !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      depth += 1;
      if (depth === 1) expectValue = true;
    } else if (ch === '}' || ch === ']') depth -= 1;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return lines;
}

export function readRows(text: string, format: 'json' | 'csv'): { rows: Row[]; problems: RowProblem[] } {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return { rows: [], problems: [{ line: 1, slug: null, message: `not valid JSON: ${(err as Error).message}` }] };
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { cases?: unknown })?.cases;
    if (!Array.isArray(list)) return { rows: [], problems: [{ line: 1, slug: null, message: 'expected an array of cases (or {"cases": [...]})' }] };
    // Line numbers are found for a bare top-level array; inside {"cases": …} they are found the same way one level down.
    const offsetText = Array.isArray(parsed) ? text : text.slice(text.indexOf('['));
    const offsetLine = Array.isArray(parsed) ? 0 : text.slice(0, text.indexOf('[')).split('\n').length - 1;
    const lines = elementLines(offsetText).map((l) => l + offsetLine);
    const rows: Row[] = [];
    const problems: RowProblem[] = [];
    list.forEach((item, i) => {
      const line = lines[i] ?? 1;
      if (!item || typeof item !== 'object' || Array.isArray(item)) problems.push({ line, slug: null, message: 'each case must be an object' });
      else rows.push({ line, fields: item as Record<string, unknown> });
    });
    return { rows, problems };
  }

  let records: { record: Record<string, string>; info: { lines: number; raw?: string } }[];
  try {
    records = parseCsv(text, { columns: true, info: true, raw: true, skip_empty_lines: true, trim: true, bom: true }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, slug: null, message: `not valid CSV: ${(err as Error).message}` }] };
  }
  const rows: Row[] = records.map(({ record, info }) => {
    const inner = (info.raw ?? '').replace(/\r?\n$/, '').split('\n').length - 1;
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value === '') continue;
      if ((STRING_LISTS as readonly string[]).includes(key)) fields[key] = value.split(/[;|]/).map((v) => v.trim()).filter(Boolean);
      else if ((STRUCTURED as readonly string[]).includes(key)) fields[key] = { __json: value };
      else fields[key] = value;
    }
    return { line: info.lines - inner, fields };
  });
  return { rows, problems: [] };
}

// ---------------------------------------------------------------- checking rows

export interface Reference {
  themes: Set<string>;
  municipalities: Set<string>;
  organizations: Set<string>;
}

// The server's own limits (PracticeCaseService), checked here too so that a file is
// refused as a whole before anything is written rather than row by row while writing.
const MAX = { slug: 80, title: 200, summary: 500, body: 50_000, themes: 5, participants: 50, partners: 30, places: 20, outcomes: 30, funding: 20, links: 30, contacts: 10 } as const;

function enumCheck(values: readonly string[], allowed: Record<string, string>, what: string, out: string[]): void {
  const valid = Object.values(allowed);
  for (const v of values) if (!valid.includes(v)) out.push(`${what} "${v}" is not one of ${valid.join(', ')}`);
}

/** Turns one row into a create input, or lists everything wrong with it. */
export function checkRow(row: Row, ref: Reference): { input: CreatePracticeCaseInput | null; errors: string[] } {
  const errors: string[] = [];
  const f: Record<string, unknown> = { ...row.fields };
  for (const key of Object.keys(f)) if (!KNOWN.has(key)) errors.push(`unknown field "${key}"`);
  for (const key of REQUIRED) {
    const v = f[key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) errors.push(`${key} is required`);
  }
  for (const key of SCALARS) {
    if (f[key] !== undefined && f[key] !== null && typeof f[key] !== 'string') errors.push(`${key} must be text`);
  }
  for (const key of STRING_LISTS) {
    const v = f[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') f[key] = v.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
    else if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) errors.push(`${key} must be a list of text values`);
  }
  for (const key of STRUCTURED) {
    const v = f[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'object' && v !== null && '__json' in v) {
      try {
        f[key] = JSON.parse(String((v as { __json: unknown }).__json));
      } catch {
        errors.push(`${key} must be a JSON array in the CSV cell`);
        continue;
      }
    }
    if (!Array.isArray(f[key]) || (f[key] as unknown[]).some((x) => !x || typeof x !== 'object')) errors.push(`${key} must be a list of objects`);
  }
  if (errors.length) return { input: null, errors };

  const slug = f.slug as string;
  if (!SLUG.test(slug) || slug.length > MAX.slug) errors.push(`slug "${slug}" must be lower-case letters, digits and single hyphens, at most ${MAX.slug} characters`);
  for (const key of ['title', 'summary', 'body'] as const) {
    const text = (f[key] as string).trim();
    if (text === '') errors.push(`${key} is required`);
    else if (text.length > MAX[key]) errors.push(`${key} is longer than ${MAX[key]} characters`);
  }
  enumCheck([f.kind as string], PracticeKind, 'kind', errors);
  if (f.language) enumCheck([f.language as string], Language, 'language', errors);
  enumCheck((f.targetGroups as string[] | undefined) ?? [], TargetGroup, 'targetGroup', errors);
  const themes = f.themes as string[];
  if (themes.length > MAX.themes) errors.push(`at most ${MAX.themes} themes`);
  for (const t of themes) if (!ref.themes.has(t)) errors.push(`unknown theme "${t}"`);
  const participants = (f.participatingMunicipalities as string[] | undefined) ?? [];
  if (participants.length > MAX.participants) errors.push(`at most ${MAX.participants} participating municipalities`);
  if (participants.includes(f.municipality as string)) errors.push('the owner municipality is not also a participant');
  for (const code of [f.municipality as string, ...participants]) {
    if (!MUNICIPALITY_CODE.test(code)) errors.push(`municipality code "${code}" must be four digits`);
    else if (!ref.municipalities.has(code)) errors.push(`unknown municipality code "${code}"`);
  }
  for (const key of ['startedOn', 'endedOn'] as const) {
    const v = f[key] as string | undefined;
    if (v && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) errors.push(`${key} "${v}" is not a date (YYYY-MM-DD)`);
  }
  if (f.startedOn && f.endedOn && (f.endedOn as string) < (f.startedOn as string)) errors.push('endedOn is before startedOn');
  const places = (f.places as string[] | undefined) ?? [];
  if (places.length > MAX.places) errors.push(`at most ${MAX.places} places`);
  for (const place of places) if (place.length > 100) errors.push(`place "${place.slice(0, 20)}…" is longer than 100 characters`);
  const lists: [string, number][] = [['partners', MAX.partners], ['outcomes', MAX.outcomes], ['funding', MAX.funding], ['links', MAX.links], ['contacts', MAX.contacts]];
  for (const [key, max] of lists) if (((f[key] as unknown[] | undefined) ?? []).length > max) errors.push(`at most ${max} ${key}`);
  for (const link of (f.links as { kind?: string; url?: string }[] | undefined) ?? []) {
    if (typeof link.url !== 'string' || !/^https?:\/\/[^/\s]+\.[^/\s]+/.test(link.url)) errors.push(`link url "${link.url ?? ''}" must be an http(s) address`);
    enumCheck([String(link.kind)], LinkKind, 'link kind', errors);
  }
  for (const p of (f.partners as { organization?: unknown; role?: unknown }[] | undefined) ?? []) {
    if (typeof p.organization !== 'string' || typeof p.role !== 'string' || p.role.trim() === '') errors.push('each partner needs "organization" (a slug) and "role"');
    else if (!ref.organizations.has(p.organization)) errors.push(`unknown organization "${p.organization}"`);
  }
  for (const o of (f.outcomes as { label?: unknown; value?: unknown; unit?: unknown; measuredOn?: unknown }[] | undefined) ?? []) {
    if (typeof o.label !== 'string' || typeof o.unit !== 'string' || typeof o.value !== 'number' || !Number.isFinite(o.value)) errors.push('each outcome needs "label", a numeric "value" and "unit"');
    else if (o.measuredOn != null && !/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.test(String(o.measuredOn))) errors.push(`outcome measuredOn "${String(o.measuredOn)}" is not YYYY-MM or YYYY-MM-DD`);
  }
  for (const fu of (f.funding as { source?: unknown; amountSek?: unknown }[] | undefined) ?? []) {
    if (typeof fu.source !== 'string' || fu.source.trim() === '') errors.push('each funding entry needs "source"');
    else if (fu.amountSek != null && (typeof fu.amountSek !== 'number' || !Number.isInteger(fu.amountSek) || fu.amountSek < 0)) errors.push('funding amountSek must be a whole, non-negative number');
  }
  for (const c of (f.contacts as { name?: unknown }[] | undefined) ?? []) {
    if (typeof c.name !== 'string' || c.name.trim() === '') errors.push('each contact needs "name"');
  }
  if (errors.length) return { input: null, errors };
  return { input: f as unknown as CreatePracticeCaseInput, errors };
}

// ---------------------------------------------------------------- comparing

const sorted = (xs: readonly string[] | null | undefined) => [...(xs ?? [])].sort();
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function normalizeList<T extends Record<string, unknown>>(xs: readonly T[] | null | undefined, keys: readonly string[]): Record<string, unknown>[] {
  return (xs ?? []).map((x) => Object.fromEntries(keys.map((k) => [k, x[k] ?? null])));
}

/** The fields of `input` that differ from the case as stored. */
export function changedFields(input: CreatePracticeCaseInput, existing: PracticeCase): Partial<UpdatePracticeCaseInput> {
  const changes: Record<string, unknown> = {};
  const given = (key: keyof CreatePracticeCaseInput) => input[key] !== undefined && input[key] !== null;
  for (const key of ['title', 'summary', 'body', 'kind', 'language', 'startedOn', 'endedOn', 'adaptationNote'] as const) {
    if (given(key) && input[key] !== existing[key]) changes[key] = input[key];
  }
  if (!same(sorted(input.themes), sorted(existing.themes.map((t) => t.slug)))) changes.themes = input.themes;
  if (given('targetGroups') && !same(sorted(input.targetGroups), sorted(existing.targetGroups))) changes.targetGroups = input.targetGroups;
  if (given('places') && !same(sorted(input.places), sorted(existing.places.map((p) => p.name)))) changes.places = input.places;
  if (given('participatingMunicipalities') && !same(sorted(input.participatingMunicipalities), sorted(existing.participatingMunicipalities.map((m) => m.code)))) {
    changes.participatingMunicipalities = input.participatingMunicipalities;
  }
  if (given('partners') && !same(sorted(input.partners!.map((p) => `${p.organization}\u0000${p.role}`)), sorted(existing.partners.map((p) => `${p.organization.slug}\u0000${p.role}`)))) {
    changes.partners = input.partners;
  }
  const structured: [keyof CreatePracticeCaseInput & keyof PracticeCase, string[]][] = [
    ['outcomes', ['label', 'value', 'unit', 'measuredOn']],
    ['funding', ['source', 'amountSek']],
    ['links', ['url', 'kind', 'title']],
    ['contacts', ['name', 'role', 'email', 'phone']],
  ];
  for (const [key, keys] of structured) {
    if (given(key) && !same(normalizeList(input[key] as never, keys), normalizeList(existing[key] as never, keys))) changes[key] = input[key];
  }
  return changes as Partial<UpdatePracticeCaseInput>;
}

// ---------------------------------------------------------------- the whole run

export interface PlanResult {
  planned: PlannedRow[];
  problems: RowProblem[];
}

type Viewer = Awaited<ReturnType<UtbyteClient['viewer']>>;

/**
 * Why the token clearly cannot write this row, or null. Mirrors the server's rule —
 * editors and cases:write clients act for their own municipality, admins for all — but
 * only refuses what is certain, leaving anything else for the server to decide.
 */
export function writeRefusal(viewer: Viewer, owner: string, existing: PracticeCase | null): string | null {
  if (!viewer) return 'importing needs a token that may write practice cases (UTBYTE_TOKEN or --token)';
  if (!viewer.scopes.includes('cases:write')) return 'the token lacks the "cases:write" scope';
  if (viewer.role === 'ADMIN') return null;
  const own = viewer.municipality?.code;
  const actsLocally = viewer.kind === 'CLIENT' || viewer.role === 'EDITOR';
  if (!actsLocally) return null;
  const codes = existing ? [existing.municipality.code, ...existing.participatingMunicipalities.map((m) => m.code)] : [owner];
  return own && codes.includes(own) ? null : `the token acts for ${own ?? 'no municipality'} and cannot write cases of ${owner}`;
}

/** Reads, checks and plans every row; writes nothing. */
export async function planImport(client: UtbyteClient, rows: Row[], initialProblems: RowProblem[] = []): Promise<PlanResult> {
  const problems = [...initialProblems];
  const themes = new Set<string>();
  for (const root of await client.themes.list()) {
    themes.add(root.slug);
    for (const child of root.children) themes.add(child.slug);
  }
  const codes = new Set<string>();
  for (const row of rows) {
    const f = row.fields;
    for (const c of [f.municipality, ...(Array.isArray(f.participatingMunicipalities) ? f.participatingMunicipalities : String(f.participatingMunicipalities ?? '').split(/[;|]/))]) {
      if (typeof c === 'string' && MUNICIPALITY_CODE.test(c.trim())) codes.add(c.trim());
    }
  }
  const municipalities = new Set<string>();
  for (const code of codes) if (await client.municipalities.get(code)) municipalities.add(code);
  const orgSlugs = new Set<string>();
  for (const row of rows) {
    const partners = row.fields.partners;
    const list = Array.isArray(partners) ? partners : [];
    for (const p of list) if (p && typeof (p as { organization?: unknown }).organization === 'string') orgSlugs.add((p as { organization: string }).organization);
    // CSV cells hold JSON; their slugs are checked once the cell is parsed.
    if (partners && typeof partners === 'object' && '__json' in partners) {
      try {
        for (const p of JSON.parse(String((partners as { __json: unknown }).__json))) if (typeof p?.organization === 'string') orgSlugs.add(p.organization);
      } catch {
        // checkRow reports the broken cell.
      }
    }
  }
  const organizations = new Set<string>();
  for (const slug of orgSlugs) {
    const found = await client.request<{ organization: { slug: string } | null }>('query ImportOrganization($slug: String!) { organization(slug: $slug) { slug } }', { slug });
    if (found.organization) organizations.add(slug);
  }
  const ref: Reference = { themes, municipalities, organizations };
  const viewer = await client.viewer();

  const seen = new Map<string, number>();
  const checked: { row: Row; input: CreatePracticeCaseInput }[] = [];
  for (const row of rows) {
    const { input, errors } = checkRow(row, ref);
    const slug = typeof row.fields.slug === 'string' ? row.fields.slug : null;
    if (slug && seen.has(slug)) errors.push(`slug "${slug}" is also used on line ${seen.get(slug)}`);
    if (slug && !seen.has(slug)) seen.set(slug, row.line);
    for (const message of errors) problems.push({ line: row.line, slug, message });
    if (input && errors.length === 0) checked.push({ row, input });
  }

  const planned: PlannedRow[] = [];
  for (const { row, input } of checked) {
    const existing = await client.practiceCases.get({ slug: input.slug! });
    const refusal = writeRefusal(viewer, input.municipality, existing);
    if (refusal) {
      problems.push({ line: row.line, slug: input.slug!, message: refusal });
      continue;
    }
    if (!existing) {
      planned.push({ line: row.line, slug: input.slug!, action: 'create', input, existing: null, changes: {} });
      continue;
    }
    if (existing.municipality.code !== input.municipality) {
      problems.push({ line: row.line, slug: input.slug!, message: `case "${input.slug}" belongs to ${existing.municipality.code}, not ${input.municipality}; the owner cannot change` });
      continue;
    }
    const changes = changedFields(input, existing);
    planned.push({ line: row.line, slug: input.slug!, action: Object.keys(changes).length ? 'update' : 'unchanged', input, existing, changes });
  }
  problems.sort((a, b) => a.line - b.line);
  return { planned, problems };
}

/** Writes the planned rows one by one; a refused row is reported and the rest go on. */
export async function applyImport(client: UtbyteClient, planned: PlannedRow[], onProgress: (done: number, result: RowResult) => void): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const row of planned) {
    let result: RowResult;
    try {
      if (row.action === 'unchanged') {
        result = { line: row.line, slug: row.slug, action: 'unchanged', id: row.existing!.id };
      } else {
        const payload = row.action === 'create'
          ? await client.practiceCases.create(row.input)
          : await client.practiceCases.update({ id: row.existing!.id, expectedVersion: row.existing!.version, ...row.changes });
        result = payload.userErrors.length || !payload.practiceCase
          ? { line: row.line, slug: row.slug, action: 'failed', id: row.existing?.id ?? null, message: payload.userErrors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; ') }
          : { line: row.line, slug: row.slug, action: row.action, id: payload.practiceCase.id };
      }
    } catch (err) {
      result = { line: row.line, slug: row.slug, action: 'failed', id: row.existing?.id ?? null, message: (err as Error).message };
    }
    results.push(result);
    onProgress(results.length, result);
  }
  return results;
}
