// What a practice case says, as one plain value: the content a revision stores, the
// base the search document is built from (search-document.ts), and what the
// benchmark's hand-written pg baseline must write for a publish (bench/baseline.ts).
// One pure mapper, so the three cannot drift apart field by field.
import type { Language } from '../../core/language';
import type { PracticeKind, TargetGroup } from './practice-case.enums';
import type { CaseContact, CaseFunding, CaseLink, CaseOutcome, CasePlace } from './practice-case.types';

/** A partner as content names it: the organization's slug (stable) and its role. */
export interface CasePartnerContent {
  organization: string;
  role: string;
}

/**
 * The content of a case. A type alias rather than an interface so that it is also a
 * Record<string, unknown>, which is how revisions store and compare it.
 */
export type CaseContent = {
  slug: string;
  title: string;
  summary: string;
  body: string;
  language: Language;
  kind: PracticeKind;
  /** The owner's kommunkod. */
  municipality: string;
  participatingMunicipalities: string[];
  themes: string[];
  targetGroups: TargetGroup[];
  /** In the case's partner order. */
  partners: CasePartnerContent[];
  places: CasePlace[];
  startedOn: string | null;
  endedOn: string | null;
  outcomes: CaseOutcome[];
  funding: CaseFunding[];
  links: CaseLink[];
  /** Personal data: revisions redact it (redactContent); the search document leaves it out. */
  contacts: CaseContact[];
  /** The uuid key of the case this one was adapted from. */
  adaptedFrom: string | null;
  adaptationNote: string | null;
};

/**
 * What the mapper reads: the PracticeCase entity fits it as it is, and a row read with
 * plain SQL fits it once its owner and origin are wrapped as `{ code }` and `{ id }`.
 */
export interface CaseContentSource extends Pick<CaseContent, 'slug' | 'title' | 'summary' | 'body' | 'language' | 'kind'> {
  municipality: { code: string };
  participantCodes: readonly string[];
  themeSlugs: readonly string[];
  targetGroups: readonly TargetGroup[];
  places: readonly CasePlace[];
  startedOn?: string | null;
  endedOn?: string | null;
  outcomes: readonly CaseOutcome[];
  funding: readonly CaseFunding[];
  links: readonly CaseLink[];
  contacts: readonly CaseContact[];
  adaptedFrom?: { id: string } | null;
  adaptationNote?: string | null;
}

/** A partner row loaded with its organization, as content names it. */
export function partnerContent(p: { organization: { getEntity(): { slug: string } }; role: string }): CasePartnerContent {
  return { organization: p.organization.getEntity().slug, role: p.role };
}

/**
 * The content of a case with its partners (already in partner order). The lists are
 * copies: a snapshot taken before an edit must not change when the case does.
 */
export function caseContent(c: CaseContentSource, partners: readonly CasePartnerContent[]): CaseContent {
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    body: c.body,
    language: c.language,
    kind: c.kind,
    municipality: c.municipality.code,
    participatingMunicipalities: [...c.participantCodes],
    themes: [...c.themeSlugs],
    targetGroups: [...c.targetGroups],
    partners: partners.map((p) => ({ organization: p.organization, role: p.role })),
    places: [...c.places],
    startedOn: c.startedOn ?? null,
    endedOn: c.endedOn ?? null,
    outcomes: [...c.outcomes],
    funding: [...c.funding],
    links: [...c.links],
    contacts: [...c.contacts],
    adaptedFrom: c.adaptedFrom?.id ?? null,
    adaptationNote: c.adaptationNote ?? null,
  };
}
