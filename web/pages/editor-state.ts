// The case editor's form as data: what the form posts (every field as the user typed
// it, rows included) ↔ the API's case input ↔ the case the API returns, and the API's
// userErrors mapped back onto the form's fields. Pure functions, so the editor page only
// orchestrates; nothing here drops what a user wrote — a value the API would refuse
// stays in the state and the API's error is shown next to it.
import type { FormFields } from '../server/forms';
import { DICTIONARIES } from '../server/i18n';
import { isCalendarDay } from '../server/user-errors';

/** The repeatable rows of the form: their columns and the API's limit on their count. */
export const GROUPS = {
  participatingMunicipalities: { columns: ['code'], max: 50 },
  places: { columns: ['name'], max: 20 },
  partners: { columns: ['organization', 'role'], max: 30 },
  outcomes: { columns: ['label', 'value', 'unit', 'measuredOn'], max: 30 },
  funding: { columns: ['source', 'amountSek'], max: 20 },
  links: { columns: ['url', 'title', 'kind'], max: 30 },
  contacts: { columns: ['name', 'role', 'email', 'phone'], max: 10 },
} as const;

export type Group = keyof typeof GROUPS;
export const GROUP_NAMES = Object.keys(GROUPS) as Group[];
export type Row = Record<string, string>;

/** Single-value text fields, with how much of each the form reads (more than the API allows, so its TOO_LONG error is shown with the text kept). */
export const TEXT_FIELDS = { title: 2000, summary: 5000, body: 200_000, kind: 40, language: 4, startedOn: 40, endedOn: 40, slug: 400, adaptationNote: 20_000, adaptedFrom: 200, caseSearch: 200, newOrgName: 1000, newOrgKind: 40 } as const;
export type TextField = keyof typeof TEXT_FIELDS;

/** How much of one row cell the form reads. */
const CELL_MAX = 2000;

export interface EditorState {
  text: Record<TextField, string>;
  themes: string[];
  targetGroups: string[];
  rows: Record<Group, Row[]>;
  /** The case's version the form was based on (absent for a new case). */
  expectedVersion?: number;
}

/** The input field names of a row cell: "outcomes.2.unit". */
export const cellName = (group: Group, index: number, column: string) => `${group}.${index}.${column}`;
/** The element id of a form key ("outcomes.2.unit" → "f-outcomes-2-unit"). */
export const fieldId = (key: string) => `f-${key.replace(/\./g, '-')}`;

const blank = (row: Row, group: Group) => GROUPS[group].columns.every((c) => (group === 'links' && c === 'kind') || !row[c]?.trim());

function emptyRow(group: Group): Row {
  return Object.fromEntries(GROUPS[group].columns.map((c) => [c, group === 'links' && c === 'kind' ? 'WEBSITE' : '']));
}

/** A state with nothing filled in: one empty row per group. */
export function emptyState(): EditorState {
  const text = Object.fromEntries(Object.keys(TEXT_FIELDS).map((k) => [k, ''])) as Record<TextField, string>;
  text.kind = 'OTHER';
  text.language = 'SV';
  return { text, themes: [], targetGroups: [], rows: Object.fromEntries(GROUP_NAMES.map((g) => [g, [emptyRow(g)]])) as Record<Group, Row[]> };
}

/** Rows as shown: the filled ones and one empty row to write in, within the group's limit. */
function withEmptyRow(group: Group, rows: Row[]): Row[] {
  return rows.length < GROUPS[group].max ? [...rows, emptyRow(group)] : rows;
}

/** The posted form as a state; row counts come from "<group>.rows", bounded by the group's limit. */
export function stateFromForm(form: FormFields): EditorState {
  const state = emptyState();
  // Browsers post a textarea's line breaks as CRLF; the API and the Markdown keep plain LF.
  for (const key of Object.keys(TEXT_FIELDS) as TextField[]) state.text[key] = form.field(key, TEXT_FIELDS[key]).replace(/\r\n?/g, '\n');
  state.themes = form.all('themes', 100);
  state.targetGroups = form.all('targetGroups', 100);
  for (const group of GROUP_NAMES) {
    const count = Math.min(GROUPS[group].max, Math.max(0, Number.parseInt(form.field(`${group}.rows`, 4), 10) || 0));
    state.rows[group] = Array.from({ length: count }, (_, i) => Object.fromEntries(GROUPS[group].columns.map((c) => [c, form.field(cellName(group, i, c), CELL_MAX)])));
  }
  const version = Number.parseInt(form.field('expectedVersion', 12), 10);
  if (Number.isInteger(version) && version >= 0) state.expectedVersion = version;
  return state;
}

/** One more empty row in a group ("add a row" without JavaScript); false at the group's limit. */
export function addRow(state: EditorState, group: Group): boolean {
  if (state.rows[group].length >= GROUPS[group].max) return false;
  state.rows[group].push(emptyRow(group));
  return true;
}

export interface Outcome { label: string; value: number; unit: string; measuredOn: string | null }
export interface Funding { source: string; amountSek: number | null }
export interface Link { kind: string; title: string | null; url: string }
export interface Contact { name: string; role: string | null; email: string | null; phone: string | null }

/**
 * A case's content as the people who work on it read it from the API: the editor (its
 * form and the conflict comparison) and the review page (the submitted side of its
 * comparison) ask for the same fields, so the two cannot drift apart.
 */
export const CASE_CONTENT_FIELDS = `id slug title summary body kind language status version startedOn endedOn adaptationNote updatedAt
  municipality { code name }
  participatingMunicipalities { code name }
  themes { slug }
  targetGroups
  places { name }
  partners { role organization { slug name } }
  outcomes { label value unit measuredOn }
  funding { source amountSek }
  links { kind title url }
  contacts { name role email phone }
  adaptedFrom { id slug title municipality { name } }`;

/** The case as CASE_CONTENT_FIELDS returns it. */
export interface EditedCase {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  kind: string;
  language: string;
  status: string;
  version: number;
  startedOn: string | null;
  endedOn: string | null;
  adaptationNote: string | null;
  updatedAt: string;
  municipality: { code: string; name: string };
  participatingMunicipalities: { code: string; name: string }[];
  themes: { slug: string }[];
  targetGroups: string[];
  places: { name: string }[];
  partners: { role: string; organization: { slug: string; name: string } }[];
  outcomes: Outcome[];
  funding: Funding[];
  links: Link[];
  contacts: Contact[] | null;
  adaptedFrom: { id: string; slug: string; title: string; municipality: { name: string } } | null;
}

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** The saved case as a form state, each group with one empty row to add to. */
export function stateFromCase(c: EditedCase): EditorState {
  const state = emptyState();
  Object.assign(state.text, {
    title: c.title, summary: c.summary, body: c.body, kind: c.kind, language: c.language, startedOn: str(c.startedOn), endedOn: str(c.endedOn),
    slug: c.slug, adaptationNote: str(c.adaptationNote), adaptedFrom: c.adaptedFrom?.id ?? '',
  });
  state.themes = c.themes.map((t) => t.slug);
  state.targetGroups = [...c.targetGroups];
  const filled: Record<Group, Row[]> = {
    participatingMunicipalities: c.participatingMunicipalities.map((m) => ({ code: m.code })),
    places: c.places.map((p) => ({ name: p.name })),
    partners: c.partners.map((p) => ({ organization: p.organization.slug, role: p.role })),
    outcomes: c.outcomes.map((o) => ({ label: o.label, value: String(o.value), unit: o.unit, measuredOn: str(o.measuredOn) })),
    funding: c.funding.map((f) => ({ source: f.source, amountSek: str(f.amountSek) })),
    links: c.links.map((l) => ({ url: l.url, title: str(l.title), kind: l.kind })),
    contacts: (c.contacts ?? []).map((p) => ({ name: p.name, role: str(p.role), email: str(p.email), phone: str(p.phone) })),
  };
  for (const group of GROUP_NAMES) state.rows[group] = withEmptyRow(group, filled[group]);
  state.expectedVersion = c.version;
  return state;
}

/** A problem with one form field: its form key ("outcomes.2.value", "themes") and an error code. */
export interface FormProblem {
  key: string;
  code: string;
  /** The API's own message, for codes the page has no words for. */
  message?: string;
}

export interface BuiltInput {
  /** The API input (without id/expectedVersion/municipality, which the page adds). */
  input: Record<string, unknown>;
  /** Per group: the form row index of each row sent, so the API's index maps back. */
  sent: Record<Group, number[]>;
  /** What the page itself could not read (a number, a date); the API is not asked then. */
  problems: FormProblem[];
}

const MONTH_OR_DATE = /^\d{4}-\d{2}(-\d{2})?$/;

/** "1 200,5" or "1200.5" → 1200.5; undefined when it is not a number. */
export function parseNumber(value: string): number | undefined {
  const cleaned = value.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  // 400 digits make Infinity, which no GraphQL Float carries.
  return Number.isFinite(n) ? n : undefined;
}

/**
 * What the form's selects and boxes offer: the keys of the dictionary's labels for the
 * API's enums (both languages have the same keys). A value outside them comes from a
 * hand-made post, and the API's enum would refuse the whole request (the 400 page, the
 * text lost), so it is shown beside its field instead.
 */
const sv = DICTIONARIES.sv;
export const CHOICES = {
  kind: new Set(Object.keys(sv.kinds)),
  language: new Set(Object.keys(sv.language)),
  targetGroups: new Set(Object.keys(sv.targetGroups)),
  linkKind: new Set(Object.keys(sv.linkKinds)),
  newOrgKind: new Set(Object.keys(sv.organizationKinds)),
};

/** Problems for the state's values that the form never offers. */
function unofferedChoices(state: EditorState): FormProblem[] {
  const problems: FormProblem[] = [];
  for (const key of ['kind', 'language'] as const) if (!CHOICES[key].has(state.text[key])) problems.push({ key, code: 'UNKNOWN_REFERENCE' });
  if (state.targetGroups.some((g) => !CHOICES.targetGroups.has(g))) problems.push({ key: 'targetGroups', code: 'UNKNOWN_REFERENCE' });
  state.rows.links.forEach((row, i) => {
    if (!blank(row, 'links') && !CHOICES.linkKind.has(row.kind)) problems.push({ key: cellName('links', i, 'kind'), code: 'UNKNOWN_REFERENCE' });
  });
  return problems;
}

/** The largest GraphQL Int. */
const MAX_INT = 2_147_483_647;

function cells(state: EditorState, group: Group, sent: Record<Group, number[]>): { row: Row; i: number }[] {
  const rows = state.rows[group].map((row, i) => ({ row, i })).filter(({ row }) => !blank(row, group));
  sent[group] = rows.map(({ i }) => i);
  return rows;
}

/** Turns what a user typed for a municipality or an organization (a name or a code/slug) into the code or slug. */
export interface NameLookup {
  municipality(text: string): string;
  organization(text: string): string;
}

const AS_TYPED: NameLookup = { municipality: (s) => s, organization: (s) => s };

/** The API input of a state, with the page's own reading problems (numbers, dates). */
export function inputFromState(state: EditorState, lookup: NameLookup = AS_TYPED): BuiltInput {
  const problems = unofferedChoices(state);
  const sent = Object.fromEntries(GROUP_NAMES.map((g) => [g, []])) as unknown as Record<Group, number[]>;
  const t = state.text;
  // The API's Date scalar refuses 2027-02-30 for the whole request (the 400 page, the text lost): check the day here.
  for (const key of ['startedOn', 'endedOn'] as const) if (t[key] && !isCalendarDay(t[key])) problems.push({ key, code: 'INVALID' });
  const number = (group: Group, i: number, column: string, value: string, integer: boolean): number | null => {
    if (!value.trim()) return null;
    const n = parseNumber(value);
    const key = cellName(group, i, column);
    if (n === undefined || (integer && !Number.isInteger(n))) problems.push({ key, code: 'NOT_A_NUMBER' });
    // GraphQL's Int is 32-bit: a larger amount would fail the whole request (the 400 page), not this field.
    else if (integer && Math.abs(n) > MAX_INT) problems.push({ key, code: 'OUT_OF_RANGE' });
    return n ?? null;
  };
  const outcomes = cells(state, 'outcomes', sent).map(({ row, i }) => {
    if (row.measuredOn && !MONTH_OR_DATE.test(row.measuredOn.trim())) problems.push({ key: cellName('outcomes', i, 'measuredOn'), code: 'INVALID' });
    const value = number('outcomes', i, 'value', row.value, false);
    if (!row.value.trim()) problems.push({ key: cellName('outcomes', i, 'value'), code: 'REQUIRED' });
    return { label: row.label, value: value ?? 0, unit: row.unit, measuredOn: row.measuredOn.trim() || null };
  });
  const funding = cells(state, 'funding', sent).map(({ row, i }) => ({ source: row.source, amountSek: number('funding', i, 'amountSek', row.amountSek, true) }));
  const input: Record<string, unknown> = {
    title: t.title, summary: t.summary, body: t.body, kind: t.kind, language: t.language,
    startedOn: t.startedOn || null, endedOn: t.endedOn || null, adaptationNote: t.adaptationNote, adaptedFrom: t.adaptedFrom || null,
    themes: state.themes, targetGroups: state.targetGroups,
    participatingMunicipalities: cells(state, 'participatingMunicipalities', sent).map(({ row }) => lookup.municipality(row.code.trim())),
    places: cells(state, 'places', sent).map(({ row }) => row.name),
    partners: cells(state, 'partners', sent).map(({ row }) => ({ organization: lookup.organization(row.organization.trim()), role: row.role })),
    outcomes, funding,
    links: cells(state, 'links', sent).map(({ row }) => ({ url: row.url.trim(), title: row.title || null, kind: row.kind })),
    contacts: cells(state, 'contacts', sent).map(({ row }) => ({ name: row.name, role: row.role || null, email: row.email.trim() || null, phone: row.phone.trim() || null })),
  };
  if (t.slug.trim()) input.slug = t.slug.trim();
  return { input, sent, problems };
}

/** A userError's field path (["input", "outcomes", "1", "value"]) as the form key it is about. */
export function problemKey(field: readonly string[], sent: Record<Group, number[]>): string {
  const [, name, index, column] = field;
  if (!name) return 'form';
  if (name in GROUPS) {
    const group = name as Group;
    const row = index === undefined ? undefined : sent[group][Number(index)];
    if (row === undefined) return group;
    return cellName(group, row, column ?? GROUPS[group].columns[0]);
  }
  // "themes.2" and "targetGroups.0" are about the set of boxes, not one of them.
  return name;
}
