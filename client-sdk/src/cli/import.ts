// `utbyte import <file>`: bulk create or update practice cases from JSON or CSV.
// Rows are read and their shape checked here (fields, types, enums, slugs, repeated
// slugs); everything else is checked by the server with its own rules, through
// importPracticeCases, which takes up to 100 rows per request and writes all of them
// in one transaction or none. Rows are matched to existing cases by slug and the
// server changes only what differs, so importing the same file twice changes nothing.
import { parse as parseCsv } from 'csv-parse/sync';
import type { UtbyteClient } from '../client';
import { IMPORT_BATCH_SIZE } from '../api/practice-cases';
import { type ImportPracticeCaseRow, Language, LinkKind, PracticeKind, TargetGroup } from '../generated/graphql';

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

export interface CheckedRow {
  line: number;
  slug: string;
  input: ImportPracticeCaseRow;
}

const SCALARS = ['slug', 'title', 'summary', 'body', 'kind', 'municipality', 'language', 'startedOn', 'endedOn', 'adaptationNote'] as const;
const STRING_LISTS = ['themes', 'targetGroups', 'places', 'participatingMunicipalities'] as const;
const STRUCTURED = ['partners', 'outcomes', 'funding', 'links', 'contacts'] as const;
const KNOWN = new Set<string>([...SCALARS, ...STRING_LISTS, ...STRUCTURED]);
const REQUIRED = ['slug', 'title', 'summary', 'body', 'kind', 'municipality', 'themes'] as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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

function enumCheck(values: readonly string[], allowed: Record<string, string>, what: string, out: string[]): void {
  const valid = Object.values(allowed);
  for (const v of values) if (!valid.includes(v)) out.push(`${what} "${v}" is not one of ${valid.join(', ')}`);
}

const isText = (v: unknown) => typeof v === 'string';
const isOptionalText = (v: unknown) => v === undefined || v === null || typeof v === 'string';

/** What GraphQL would refuse for the whole request: wrong types and unknown enum values in the lists of objects. */
function structuredShape(f: Record<string, unknown>, errors: string[]): void {
  type Item = Record<string, unknown>;
  for (const p of (f.partners as Item[] | undefined) ?? []) {
    if (!isText(p.organization) || !isText(p.role)) errors.push('each partner needs "organization" (a slug) and "role"');
  }
  for (const o of (f.outcomes as Item[] | undefined) ?? []) {
    if (!isText(o.label) || !isText(o.unit) || typeof o.value !== 'number' || !Number.isFinite(o.value) || !isOptionalText(o.measuredOn)) errors.push('each outcome needs "label", a numeric "value" and "unit"');
  }
  for (const fu of (f.funding as Item[] | undefined) ?? []) {
    if (!isText(fu.source) || !(fu.amountSek == null || Number.isSafeInteger(fu.amountSek))) errors.push('each funding entry needs "source" and, if any, a whole "amountSek"');
  }
  for (const link of (f.links as Item[] | undefined) ?? []) {
    if (!isText(link.url) || !isOptionalText(link.title)) errors.push('each link needs a "url"');
    enumCheck([String(link.kind)], LinkKind, 'link kind', errors);
  }
  for (const c of (f.contacts as Item[] | undefined) ?? []) {
    if (!isText(c.name) || !isOptionalText(c.role) || !isOptionalText(c.email) || !isOptionalText(c.phone)) errors.push('each contact needs "name"; role, email and phone are text');
  }
}

/**
 * Turns one row into an import row, or lists what is wrong with its shape. Lengths,
 * dates, themes, municipalities, organizations and permissions are the server's to
 * judge (a dry run reports them by row), so they are not repeated here.
 */
export function checkRow(row: Row): { input: ImportPracticeCaseRow | null; errors: string[] } {
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
        f[key] = JSON.parse(String((v).__json));
      } catch {
        errors.push(`${key} must be a JSON array in the CSV cell`);
        continue;
      }
    }
    if (!Array.isArray(f[key]) || (f[key] as unknown[]).some((x) => !x || typeof x !== 'object')) errors.push(`${key} must be a list of objects`);
  }
  if (errors.length) return { input: null, errors };

  const slug = f.slug as string;
  if (!SLUG.test(slug) || slug.length > 80) errors.push(`slug "${slug}" must be lower-case letters, digits and single hyphens, at most 80 characters`);
  enumCheck([f.kind as string], PracticeKind, 'kind', errors);
  if (f.language) enumCheck([f.language as string], Language, 'language', errors);
  enumCheck((f.targetGroups as string[] | undefined) ?? [], TargetGroup, 'targetGroup', errors);
  structuredShape(f, errors);
  return { input: errors.length ? null : (f as unknown as ImportPracticeCaseRow), errors };
}

/** Checks every row's shape and that no slug is used twice. */
export function checkRows(rows: Row[], initialProblems: RowProblem[] = []): { checked: CheckedRow[]; problems: RowProblem[] } {
  const problems = [...initialProblems];
  const seen = new Map<string, number>();
  const checked: CheckedRow[] = [];
  for (const row of rows) {
    const { input, errors } = checkRow(row);
    const slug = typeof row.fields.slug === 'string' ? row.fields.slug : null;
    if (slug && seen.has(slug)) errors.push(`slug "${slug}" is also used on line ${seen.get(slug)}`);
    if (slug && !seen.has(slug)) seen.set(slug, row.line);
    for (const message of errors) problems.push({ line: row.line, slug, message });
    if (input && errors.length === 0) checked.push({ line: row.line, slug: input.slug, input });
  }
  return { checked, problems };
}

// ---------------------------------------------------------------- sending

export type Action = 'create' | 'update' | 'unchanged';

export interface RowResult {
  line: number;
  slug: string;
  action: Action;
  /** Top-level fields the row sets or changes. */
  fields: string[];
  /** Global id of the case; null in a dry run. */
  id: string | null;
}

export interface ImportOutcome {
  results: RowResult[];
  problems: RowProblem[];
  /** Rows written (all rows of the batches that went through). */
  written: number;
}

// Well under the server's default 1 MiB body limit, so long case texts still fit a batch.
const MAX_BATCH_BYTES = 512 * 1024;

/** Rows in requests of at most IMPORT_BATCH_SIZE rows and about MAX_BATCH_BYTES. */
export function batches(rows: CheckedRow[]): CheckedRow[][] {
  const out: CheckedRow[][] = [];
  let current: CheckedRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row.input).length;
    if (current.length && (current.length >= IMPORT_BATCH_SIZE || bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

const ACTIONS: Record<string, Action> = { CREATED: 'create', UPDATED: 'update', UNCHANGED: 'unchanged' };

/** Sends one batch; its userErrors become problems on the rows' lines. */
async function sendBatch(client: UtbyteClient, batch: CheckedRow[], dryRun: boolean): Promise<{ results: RowResult[]; problems: RowProblem[]; written: boolean }> {
  const answer = await client.practiceCases.import({ cases: batch.map((r) => r.input), dryRun });
  const problems = answer.userErrors.map((e) => {
    // field is ["input", "cases", "<index>", ...the field within the row].
    const row = batch[Number(e.field[2])] ?? batch[0];
    const within = e.field.slice(3).join('.');
    return { line: row.line, slug: row.slug, message: within ? `${within}: ${e.message}` : e.message };
  });
  const results = answer.results.map((r) => ({ line: batch[r.index].line, slug: r.slug, action: ACTIONS[r.action], fields: r.changedFields, id: r.practiceCase?.id ?? null }));
  return { results, problems, written: answer.written };
}

/**
 * Imports the rows, one request per batch. A single batch is one transaction on the
 * server, so it is sent as it is. Several batches are first all sent as dry runs, so
 * a bad row in the last batch is found before the first is written.
 */
export async function runImport(client: UtbyteClient, rows: CheckedRow[], options: { dryRun: boolean; onBatch?: (done: number, resultsSoFar: RowResult[]) => void }): Promise<ImportOutcome> {
  const groups = batches(rows);
  if (options.dryRun || groups.length > 1) {
    const checked: ImportOutcome = { results: [], problems: [], written: 0 };
    for (const group of groups) {
      const answer = await sendBatch(client, group, true);
      checked.results.push(...answer.results);
      checked.problems.push(...answer.problems);
    }
    if (options.dryRun || checked.problems.length) return checked;
  }
  const outcome: ImportOutcome = { results: [], problems: [], written: 0 };
  for (const group of groups) {
    const answer = await sendBatch(client, group, false);
    outcome.problems.push(...answer.problems);
    if (!answer.written) break;
    outcome.results.push(...answer.results);
    outcome.written += group.length;
    options.onBatch?.(outcome.written, outcome.results);
  }
  return outcome;
}
