// Pure rules of the publishing workflow: which transition is allowed from which
// status, slugs from titles, and what changed between two revisions.
import { CaseStatus } from './practice-case.enums';

export type CaseAction = 'submit' | 'publish' | 'archive' | 'return';

const TRANSITIONS: Record<CaseAction, { from: CaseStatus[]; to: CaseStatus }> = {
  submit: { from: [CaseStatus.DRAFT], to: CaseStatus.IN_REVIEW },
  // Publishing a published case again records a new revision of its current content.
  publish: { from: [CaseStatus.IN_REVIEW, CaseStatus.PUBLISHED], to: CaseStatus.PUBLISHED },
  archive: { from: [CaseStatus.PUBLISHED], to: CaseStatus.ARCHIVED },
  return: { from: [CaseStatus.IN_REVIEW], to: CaseStatus.DRAFT },
};

export function nextStatus(current: CaseStatus, action: CaseAction): CaseStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(current) ? rule.to : null;
}

// Swedish letters fold to their base letter as Swedes write them in URLs. The rest are
// letters Unicode does not decompose, which would otherwise drop out ("Straße" → "stra-e").
const FOLD: Record<string, string> = {
  å: 'a', ä: 'a', ö: 'o', é: 'e', è: 'e', ü: 'u', æ: 'ae', ø: 'o',
  ß: 'ss', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th',
};

/** "Mötesplats Bullerbyn – Vimmerby" → "motesplats-bullerbyn-vimmerby". */
export function slugify(title: string, max = 80): string {
  const folded = title
    .toLowerCase()
    .replace(/[åäöéèüæøßœłđðþ]/g, (c) => FOLD[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (slug.slice(0, max).replace(/-+$/, '') || 'case');
}

/**
 * JSON with object keys sorted, so two values that are deeply equal give the same text
 * however their keys were written. Array order is kept: it is part of the content.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Top-level keys whose values differ (deep, by JSON), in a stable order. */
export function changedFields(previous: Record<string, unknown> | null, current: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(previous ?? {}), ...Object.keys(current)]);
  return [...keys].filter((k) => canonicalJson(previous?.[k]) !== canonicalJson(current[k])).sort();
}

/** The keys of a revision's content that hold another case's id (stored as its uuid key). */
const CASE_REFERENCES = ['adaptedFrom'] as const;

/** The case keys a revision's content refers to. */
export function caseReferencesOf(content: Record<string, unknown>): string[] {
  return CASE_REFERENCES.map((key) => content[key]).filter((v): v is string => typeof v === 'string');
}

/**
 * A revision's content as one viewer may read it: each case reference replaced by what
 * `showCase` gives for its key (the id to show, or null for a case the viewer may not
 * see), contacts null unless the viewer may read them.
 */
export function redactContent(content: Record<string, unknown>, may: { contacts: boolean; showCase: (key: string) => string | null }): Record<string, unknown> {
  const out: Record<string, unknown> = { ...content };
  for (const key of CASE_REFERENCES) if (key in out) out[key] = typeof out[key] === 'string' ? may.showCase(out[key]) : null;
  if (!may.contacts) out.contacts = null;
  return out;
}
