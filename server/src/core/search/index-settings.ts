// The practice-case index, declared in code: what is searched and in which order of
// importance, what can be filtered, sorted and faceted, Swedish stop words and the
// synonyms officials actually use. docs/search.md explains how to tune these.
import type { Settings } from 'meilisearch';
import { apiErrorCode, runTask, type SearchClient } from './client';

export const PRACTICE_CASE_INDEX = 'practice_cases';

export function practiceCaseIndexUid(prefix: string): string {
  return `${prefix}${PRACTICE_CASE_INDEX}`;
}

/** Small index of markers saying which database built each index (index-identity.ts). */
export function metaIndexUid(prefix: string): string {
  return `${prefix}index_meta`;
}

/**
 * Ranked: a match in the title beats one in the summary, which beats a theme label,
 * and so on down to the body. `attribute` ranking rule uses this order. `aliases`
 * (synonyms the document mentions) comes last, so a literal match outranks a synonym.
 */
export const ORIGINAL_ATTRIBUTES = ['title', 'summary', 'themes', 'places', 'organizations', 'municipalities', 'counties', 'body', 'aliases'];

/**
 * The Swedish analysis of the text (modules/search/swedish): folded letters, lemmas,
 * compound parts, in that order of rank. Ranked after everything written, and searched
 * only by the weaker queries of a federated search, so a word as written ranks first.
 */
export const ANALYSED_ATTRIBUTES = ['folded', 'lemmas', 'parts'] as const;

export const SEARCHABLE_ATTRIBUTES = [...ORIGINAL_ATTRIBUTES, ...ANALYSED_ATTRIBUTES];

/** Facets shown next to the hits; each is also filterable by equality. */
export const FACET_ATTRIBUTES = ['themeSlugs', 'kind', 'targetGroups', 'countyCodes', 'municipalityCodes', 'language'] as const;

/**
 * Groups of words that mean the same to the people searching. Every word of a group
 * finds every other; docs/search.md says how to add one.
 */
export const SYNONYM_GROUPS: string[][] = [
  ['språkvän', 'språkvänner', 'flyktingguide', 'flyktingguider'],
  ['iop', 'idéburet offentligt partnerskap'],
  ['mötesplats', 'mötesplatser', 'träffpunkt', 'träffpunkter'],
  ['sfi', 'svenska för invandrare'],
  ['nyanländ', 'nyanlända'],
  ['språkcafé', 'språkkafé'],
  ['läxhjälp', 'läxläsning'],
];

export function synonymMap(groups: string[][] = SYNONYM_GROUPS): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group) map[word] = [...new Set([...(map[word] ?? []), ...group.filter((w) => w !== word)])];
  }
  return map;
}

/**
 * Frequent Swedish function words. Kept short on purpose: a stop word is ignored in
 * queries, so a word that can carry meaning ("man", "får" as in sheep) stays out.
 * "för" is left out because "svenska för invandrare" must match as a phrase.
 */
export const SWEDISH_STOP_WORDS = [
  'och', 'i', 'att', 'det', 'som', 'en', 'på', 'är', 'av', 'med', 'till', 'den', 'har', 'de', 'inte', 'om', 'ett',
  'men', 'var', 'sig', 'från', 'vi', 'så', 'kan', 'när', 'hon', 'han', 'under', 'också', 'efter', 'eller', 'nu', 'sin',
  'där', 'vid', 'mot', 'ska', 'skulle', 'ut', 'vara', 'hade', 'än', 'här', 'då', 'sedan', 'över', 'bara', 'blir', 'upp',
  'även', 'vad', 'hur', 'mer', 'dessa', 'detta', 'denna', 'deras', 'dess', 'sina', 'sitt', 'vilka', 'vilken', 'vars',
];

export const INDEX_SETTINGS: Settings = {
  searchableAttributes: SEARCHABLE_ATTRIBUTES,
  displayedAttributes: ['id', 'updatedAt', 'publishedAt', 'startedOn', 'title', 'summary', '_geo'],
  // Granular features: nothing gets comparison operators or facet search it does not use.
  filterableAttributes: [
    { attributePatterns: [...FACET_ATTRIBUTES, 'hostsStudyVisits'], features: { facetSearch: false, filter: { equality: true, comparison: false } } },
    { attributePatterns: ['startedOn', 'confirmedAt', 'endedOn'], features: { facetSearch: false, filter: { equality: false, comparison: true } } },
    '_geo',
  ],
  sortableAttributes: ['publishedAt', 'startedOn', '_geo'],
  // Last, so it only breaks ties: at equal relevance the case vouched for more recently
  // ranks first, and so a case due for "still running?" ranks below every fresh one.
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'confirmedAt:desc'],
  stopWords: SWEDISH_STOP_WORDS,
  synonyms: synonymMap(),
  // The text is Swedish (English cases tokenize fine the same way); codes and enum values are not text.
  localizedAttributes: [{ attributePatterns: SEARCHABLE_ATTRIBUTES, locales: ['swe'] }],
  // An analysed token is already a guess; a typo on top of it would match almost anything.
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 }, disableOnNumbers: true, disableOnAttributes: [...ANALYSED_ATTRIBUTES] },
  // 290 municipalities is the largest facet; all of them must be countable.
  faceting: { maxValuesPerFacet: 300, sortFacetValuesBy: { '*': 'count' } },
  pagination: { maxTotalHits: 2000 },
  searchCutoffMs: 1500,
  facetSearch: false,
  proximityPrecision: 'byWord',
  // No prefix matching: "arbetsmarknad" would find "arbetsmarknadsenheten" as an exact
  // match would, and "fot" would find "foto". Inflections and compounds are found by the
  // Swedish analysis instead, ranked below the word as written (docs/search.md).
  prefixSearch: 'disabled',
};

/** Creates the index when missing and applies the settings; waits until both are done. */
export async function applyIndexSettings(client: SearchClient, uid: string, settings: Settings = INDEX_SETTINGS): Promise<void> {
  const exists = await client.getRawIndex(uid).then(
    () => true,
    (err: unknown) => {
      if (apiErrorCode(err) === 'index_not_found') return false;
      throw err;
    },
  );
  if (!exists) await runTask(client.createIndex(uid, { primaryKey: 'id' }));
  await runTask(client.index(uid).updateSettings(settings), 120_000);
}
