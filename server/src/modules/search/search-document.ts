// Turns a practice case and the reference data it points at into the document the
// search index holds. Pure: the indexer loads everything first, so this can be
// unit-tested without a database (search-document.test.ts).
import { SYNONYM_GROUPS } from '../../core/search/index-settings';
import type { CaseContent } from '../practice-cases/practice-case.content';
import { normalise } from './swedish/analyse';
import { analyseTexts } from './swedish/fields';
export interface SearchDocument {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  /** Swedish and English labels of the case's themes and of their ancestors. */
  themes: string[];
  /** The case's theme slugs and every ancestor: filtering by a parent then needs no expansion. */
  themeSlugs: string[];
  kind: string;
  targetGroups: string[];
  /** Owner first, then participants. */
  municipalityCodes: string[];
  municipalities: string[];
  countyCodes: string[];
  counties: string[];
  organizations: string[];
  places: string[];
  /**
   * Every word of each synonym group that the text mentions. Meilisearch 1.21 does not
   * apply its synonyms to attributes tokenized as Swedish (see docs/search.md), so the
   * document carries them itself.
   */
  aliases: string[];
  /**
   * Swedish analysis of all the searchable text (swedish/fields.ts): the lemma of
   * every word, compound parts, every word with å/ä/ö folded. Ranked after
   * everything else and searched only by the analysed queries (docs/search.md).
   */
  lemmas: string[];
  parts: string[];
  folded: string[];
  language: string;
  /** yyyymmdd as a number, so date ranges are numeric comparisons; absent when unknown. */
  startedOn?: number;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  /** Milliseconds since the epoch; lets a consistency check compare the index with the database. */
  updatedAt: number;
  /**
   * When the owners last vouched for the case (lastConfirmedAt, else publishedAt), in
   * milliseconds. Whether that makes a case due depends on the day of the search, so the
   * index holds the time, never a "due" flag that would go stale without a write.
   */
  confirmedAt: number;
  /** yyyymmdd as a number; absent while the practice has no end date. */
  endedOn?: number;
  _geo?: { lat: number; lng: number };
  hostsStudyVisits: boolean;
}

/**
 * A case as the index sees it: its content (caseContent, the same value a revision
 * stores) plus what only search needs. Contacts are in the content but never copied
 * into the document.
 */
export type CaseForIndex = CaseContent & {
  id: string;
  publishedAt?: Date | null;
  lastConfirmedAt?: Date | null;
  updatedAt: Date;
  /** Partner organizations' display names, in partner order (content names them by slug). */
  organizationNames: readonly string[];
};

export interface ReferenceForIndex {
  themes: ReadonlyMap<string, { slug: string; parent: string | null; labelSv: string; labelEn: string }>;
  municipalities: ReadonlyMap<string, { code: string; name: string; shortName: string; countyCode: string; latitude: number; longitude: number }>;
  counties: ReadonlyMap<string, { code: string; name: string; shortName: string }>;
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The slugs with all their ancestors, each once, in first-seen order. */
export function withAncestors(slugs: readonly string[], themes: ReferenceForIndex['themes']): string[] {
  const out: string[] = [];
  for (const slug of slugs) {
    // The depth bound stops a (corrupt) cycle in the taxonomy from looping forever.
    for (let t = themes.get(slug), depth = 0; t && depth < 20; t = t.parent ? themes.get(t.parent) : undefined, depth++) out.push(t.slug);
  }
  return unique(out);
}

/** 2019-10-29 → 20191029; anything else → undefined. */
export function dateNumber(iso: string | null | undefined): number | undefined {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? Number(`${m[1]}${m[2]}${m[3]}`) : undefined;
}

/**
 * Markdown to the words a reader sees: link and image text kept, URLs, markup,
 * HTML tags and code fences dropped, whitespace collapsed.
 */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*(```|~~~).*$/gm, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*([-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*([-*_]\s*){3,}$/gm, ' ')
    .replace(/^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

// One pattern per group, made once: a rebuild runs this for every document (building
// the expressions anew each time was 87 ms of 2 000 documents' preparation).
const groupPatterns = new WeakMap<readonly string[], RegExp>();

/** Matches any word of the group as a whole word (lower-case text). */
function groupPattern(group: readonly string[]): RegExp {
  let pattern = groupPatterns.get(group);
  if (!pattern) {
    const words = group.map((word) => normalise(word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'u');
    groupPatterns.set(group, pattern);
  }
  return pattern;
}

/** The words of every synonym group one of whose words occurs (as a whole word, any case) in the texts. */
export function synonymAliases(texts: readonly string[], groups: readonly (readonly string[])[] = SYNONYM_GROUPS): string[] {
  // normalise: the locale-free lower case, the same for Swedish and several times faster (swedish/analyse.ts).
  const haystack = normalise(texts.join(' \n '));
  const out: string[] = [];
  for (const group of groups) if (groupPattern(group).test(haystack)) out.push(...group);
  return unique(out);
}

export function toSearchDocument(c: CaseForIndex, ref: ReferenceForIndex, hostsStudyVisits: boolean): SearchDocument {
  const themeSlugs = withAncestors(c.themes, ref.themes);
  const themeRows = themeSlugs.map((s) => ref.themes.get(s)!);
  const municipalityCodes = unique([c.municipality, ...c.participatingMunicipalities]);
  const municipalityRows = municipalityCodes.map((code) => ref.municipalities.get(code)).filter((m) => m !== undefined);
  const countyCodes = unique(municipalityRows.map((m) => m.countyCode));
  const countyRows = countyCodes.map((code) => ref.counties.get(code)).filter((x) => x !== undefined);
  const owner = ref.municipalities.get(c.municipality);
  const first = c.places[0];
  const geo = first ? { lat: first.latitude, lng: first.longitude } : owner ? { lat: owner.latitude, lng: owner.longitude } : undefined;
  const startedOn = dateNumber(c.startedOn);
  const endedOn = dateNumber(c.endedOn);
  const body = markdownToText(c.body);
  const themes = unique(themeRows.flatMap((t) => [t.labelSv, t.labelEn]));
  const places = unique(c.places.map((p) => p.name));
  const municipalities = unique(municipalityRows.flatMap((m) => [m.shortName, m.name]));
  const counties = unique(countyRows.flatMap((x) => [x.shortName, x.name]));
  const aliases = synonymAliases([c.title, c.summary, body, ...themes]);
  // In the order of the searchable attributes, so a title word ranks before a body word here too.
  const { lemmas, parts, folded } = analyseTexts([c.title, c.summary, ...themes, ...places, ...c.organizationNames, ...municipalities, ...counties, body, ...aliases]);
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    body,
    themes,
    themeSlugs,
    kind: c.kind,
    targetGroups: unique(c.targetGroups),
    municipalityCodes,
    municipalities,
    countyCodes,
    counties,
    organizations: unique(c.organizationNames),
    places,
    aliases,
    lemmas,
    parts,
    folded,
    language: c.language,
    ...(startedOn !== undefined ? { startedOn } : {}),
    publishedAt: (c.publishedAt ?? c.updatedAt).getTime(),
    updatedAt: c.updatedAt.getTime(),
    confirmedAt: (c.lastConfirmedAt ?? c.publishedAt ?? c.updatedAt).getTime(),
    ...(endedOn !== undefined ? { endedOn } : {}),
    ...(geo ? { _geo: geo } : {}),
    hostsStudyVisits,
  };
}
