// The two versions a reviewer compares, in one shape. A revision stores the content as
// codes and slugs (practice-case.content.ts); the draft comes from GraphQL with names.
// Both are turned into the revision's raw shape first and then written out by one
// formatter, so a field only differs when its content does — never because one side
// had a name where the other had a code.
import type { Comparable } from '../server/case-diff';
import type { Messages } from '../server/i18n';
import type { Contact, EditedCase, Funding, Link, Outcome } from './editor-state';

/** The fields in the order the review page shows them. */
export const REVIEW_FIELDS = [
  'title', 'summary', 'body', 'kind', 'language', 'municipality', 'participatingMunicipalities', 'themes', 'targetGroups', 'places',
  'startedOn', 'endedOn', 'partners', 'outcomes', 'funding', 'links', 'contacts', 'adaptedFrom', 'adaptationNote', 'slug',
] as const;

/** A revision's content (the fields the page compares). */
export interface RawContent {
  slug: string; title: string; summary: string; body: string; language: string; kind: string;
  municipality: string; participatingMunicipalities: string[]; themes: string[]; targetGroups: string[];
  partners: { organization: string; role: string }[]; places: { name: string }[];
  startedOn: string | null; endedOn: string | null; outcomes: Outcome[]; funding: Funding[]; links: Link[];
  contacts: Contact[] | null; adaptedFrom: string | null; adaptationNote: string | null;
}

export function rawOfDraft(c: EditedCase): RawContent {
  return {
    ...c,
    municipality: c.municipality.code,
    participatingMunicipalities: c.participatingMunicipalities.map((m) => m.code),
    themes: c.themes.map((t) => t.slug),
    partners: c.partners.map((p) => ({ organization: p.organization.slug, role: p.role })),
    adaptedFrom: c.adaptedFrom?.id ?? null,
  };
}

/** Names for the codes and slugs of either version; what the draft no longer names shows as its code. */
export interface Names {
  municipalities: Map<string, string>;
  themes: Map<string, string>;
  organizations: Map<string, string>;
  cases: Map<string, string>;
}

export function namesOf(c: EditedCase, themes: Map<string, string>): Names {
  return {
    municipalities: new Map([c.municipality, ...c.participatingMunicipalities].map((m) => [m.code, m.name])),
    themes,
    organizations: new Map(c.partners.map((p) => [p.organization.slug, p.organization.name])),
    cases: new Map(c.adaptedFrom ? [[c.adaptedFrom.id, c.adaptedFrom.title]] : []),
  };
}

const named = (map: Map<string, string>, key: string) => map.get(key) ?? key;
const join = (...parts: (string | number | null | undefined)[]) => parts.filter((p) => p !== null && p !== undefined && p !== '').join(', ');

/** One version written out for the diff: text fields as text, lists as one line per item. */
export function comparable(raw: RawContent, names: Names, t: Messages): Comparable {
  return {
    title: raw.title,
    summary: raw.summary,
    body: raw.body,
    kind: t.kinds[raw.kind as keyof Messages['kinds']] ?? raw.kind,
    language: t.language[raw.language] ?? raw.language,
    municipality: named(names.municipalities, raw.municipality),
    participatingMunicipalities: raw.participatingMunicipalities.map((code) => named(names.municipalities, code)),
    themes: raw.themes.map((slug) => named(names.themes, slug)),
    targetGroups: raw.targetGroups.map((g) => t.targetGroups[g as keyof Messages['targetGroups']] ?? g),
    places: raw.places.map((p) => p.name),
    startedOn: raw.startedOn ?? '',
    endedOn: raw.endedOn ?? '',
    partners: raw.partners.map((p) => `${named(names.organizations, p.organization)}: ${p.role}`),
    outcomes: raw.outcomes.map((o) => join(`${o.label}: ${o.value} ${o.unit}`.trim(), o.measuredOn)),
    funding: raw.funding.map((f) => join(f.source, f.amountSek === null ? null : `${f.amountSek} kr`)),
    links: raw.links.map((l) => join(l.title, l.url, t.linkKinds[l.kind] ?? l.kind)),
    contacts: (raw.contacts ?? []).map((c) => join(c.name, c.role, c.email, c.phone)),
    adaptedFrom: raw.adaptedFrom ? named(names.cases, raw.adaptedFrom) : '',
    adaptationNote: raw.adaptationNote ?? '',
    slug: raw.slug,
  };
}
