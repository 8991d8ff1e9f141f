// `search`: validates every argument (a bad one is a BAD_USER_INPUT error naming it),
// turns the filter into a Meilisearch filter built only from validated values, runs
// one Meilisearch query with facets (plus, for DISJUNCTIVE facets, one facet-only
// query per filtered facet in the same multi-search request), and hydrates the hits
// from PostgreSQL in one batched load, keeping only what the viewer may see.
import type { FederatedMultiSearchParams, Hit, SearchParams, SearchResponse } from 'meilisearch';
import type { Context } from '../../core/context';
import { apiError, badInput } from '../../core/errors';
import { Language } from '../../core/language';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor } from '../../core/relay/connection';
import { isIsoDate } from '../../core/scalars';
import { apiErrorCode, isUnreachable, type SearchClient } from '../../core/search/client';
import { FACET_ATTRIBUTES, INDEX_SETTINGS, ORIGINAL_ATTRIBUTES, SWEDISH_STOP_WORDS } from '../../core/search/index-settings';
import { COUNTY_CODE, MUNICIPALITY_CODE } from '../geo/geo.service';
import { Municipality } from '../geo/municipality.entity';
import { County } from '../geo/county.entity';
import { PracticeKind, TargetGroup } from '../practice-cases/practice-case.enums';
import type { CaseFreshness } from '../practice-cases/practice-case.freshness';
import { dateNumber } from './search-document';
import { SearchFacetMode, SearchSort, type SearchArgs, type SearchEdge, type SearchFacets, type SearchFacetValue, type SearchFilter, type SearchResult } from './search.types';
import { canRead as canReadCase } from '../practice-cases/practice-case.policy';
import { casesById } from '../practice-cases/practice-case.reads';
import { propertiesFor } from '../practice-cases/practice-case.view';
import { byKey } from '../../core/db/batch';
import type { Selection } from '../../core/relay/connection';
import { analyseQuery, markAnalysed, type AnalysedQuery } from './swedish/fields';

export const MAX_QUERY_LENGTH = 500;
export const MAX_RADIUS_KM = 2000;
const MAX_OFFSET = INDEX_SETTINGS.pagination?.maxTotalHits ?? 1000;

export interface SearchDeps {
  client: SearchClient;
  indexUid: string;
}

/** A Meilisearch filter string literal. Values are validated before this; quoting is the second guard. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function number(value: number): string {
  if (!Number.isFinite(value)) throw new Error('not a finite number');
  return String(value);
}

const inList = (attribute: string, values: readonly string[]) => `${attribute} IN [${values.map(quote).join(', ')}]`;

export interface ValidatedFilter {
  themes?: string[];
  kinds?: string[];
  targetGroups?: string[];
  counties?: string[];
  municipalities?: string[];
  language?: string;
  startedFrom?: number;
  startedTo?: number;
  near?: { latitude: number; longitude: number; radiusKm: number };
  hostsStudyVisits?: boolean;
  /** Leave out due cases: keep those confirmed at or after `cutoff` (ms) or ended on or before `today` (yyyymmdd). */
  notDue?: { cutoff: number; today: number };
}

/** The Meilisearch filter for an already validated filter: one AND-ed clause per field. */
export function meiliFilter(f: ValidatedFilter): string[] {
  const clauses: string[] = [];
  if (f.themes?.length) clauses.push(inList('themeSlugs', f.themes));
  if (f.kinds?.length) clauses.push(inList('kind', f.kinds));
  if (f.targetGroups?.length) clauses.push(inList('targetGroups', f.targetGroups));
  if (f.counties?.length) clauses.push(inList('countyCodes', f.counties));
  if (f.municipalities?.length) clauses.push(inList('municipalityCodes', f.municipalities));
  if (f.language) clauses.push(`language = ${quote(f.language)}`);
  if (f.startedFrom !== undefined) clauses.push(`startedOn >= ${number(f.startedFrom)}`);
  if (f.startedTo !== undefined) clauses.push(`startedOn <= ${number(f.startedTo)}`);
  if (f.near) clauses.push(`_geoRadius(${number(f.near.latitude)}, ${number(f.near.longitude)}, ${number(Math.round(f.near.radiusKm * 1000))})`);
  if (f.hostsStudyVisits !== undefined) clauses.push(`hostsStudyVisits = ${f.hostsStudyVisits ? 'true' : 'false'}`);
  if (f.notDue) clauses.push(`(confirmedAt >= ${number(f.notDue.cutoff)} OR endedOn <= ${number(f.notDue.today)})`);
  return clauses;
}

export function meiliSort(sort: SearchSort, near?: { latitude: number; longitude: number }): string[] | undefined {
  switch (sort) {
    case SearchSort.PUBLISHED_AT_DESC:
      return ['publishedAt:desc'];
    case SearchSort.PUBLISHED_AT_ASC:
      return ['publishedAt:asc'];
    case SearchSort.STARTED_ON_DESC:
      return ['startedOn:desc'];
    case SearchSort.STARTED_ON_ASC:
      return ['startedOn:asc'];
    case SearchSort.DISTANCE:
      return near ? [`_geoPoint(${number(near.latitude)}, ${number(near.longitude)}):asc`] : undefined;
    default:
      return undefined;
  }
}

/** Great-circle distance in km. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.latitude) * rad;
  const dLng = (b.lng - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Meilisearch marks matches with these; they cannot occur in stored text (no control
// characters get past input validation), so escaping everything else is safe.
const MARK_OPEN = '\u0002';
const MARK_CLOSE = '\u0003';

const HTML_OF: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', [MARK_OPEN]: '<mark>', [MARK_CLOSE]: '</mark>' };

/** Highlighted text as safe HTML: the case's own text escaped, only our <mark> tags live (one pass: 40 of these per search). */
export function highlightHtml(marked: string): string {
  return marked.replace(/[&<>"\u0002\u0003]/g, (c) => HTML_OF[c]);
}

/**
 * A highlighted field as HTML. A hit that only the lemma, parts or folded query found
 * has no marks from Meilisearch on the words it matched (they are not the words
 * searched for), so those words are marked here by analysing them the same way.
 */
function highlighted(hit: Hit<SearchHit>, field: 'title' | 'summary', fallback: string | undefined, analysed?: AnalysedQuery): string {
  const text = String(hit._formatted?.[field] ?? fallback ?? '');
  const viaAnalysis = analysed !== undefined && (hit._federation?.queriesPosition ?? 0) > 0;
  return highlightHtml(viaAnalysis ? markAnalysed(text, analysed, MARK_OPEN, MARK_CLOSE) : text);
}

/** A search cursor holds the hit's position in the result list. */
function offsetAfter(after: string | null | undefined): number {
  const values = decodeCursor('after', after, ['integer']);
  if (values === undefined) return 0;
  const position = values[0] as number;
  if (position < 0 || position >= MAX_OFFSET) throw badInput('after', 'is not a valid cursor');
  return position + 1;
}

function codes(argument: string, values: readonly string[] | null | undefined, pattern: RegExp, max: number, example: string): string[] | undefined {
  if (!values?.length) return undefined;
  if (values.length > max) throw badInput(argument, `at most ${max} values`);
  const bad = values.find((v) => !pattern.test(v));
  if (bad !== undefined) throw badInput(argument, `"${bad.slice(0, 20)}" is not a code like "${example}"`);
  return [...new Set(values)];
}

function enumValues(argument: string, values: readonly string[] | null | undefined, allowed: Record<string, string>): string[] | undefined {
  if (!values?.length) return undefined;
  const known = new Set(Object.values(allowed));
  const bad = values.find((v) => !known.has(v));
  if (bad !== undefined) throw badInput(argument, `unknown value "${String(bad).slice(0, 40)}"`);
  return [...new Set(values)];
}

/** The filter fields that are facets, and the index attribute each one filters and counts. */
const FACET_OF = { themes: 'themeSlugs', kinds: 'kind', targetGroups: 'targetGroups', counties: 'countyCodes', municipalities: 'municipalityCodes', language: 'language' } as const;
type FacetKey = keyof typeof FACET_OF;

/**
 * DISJUNCTIVE counting: for each facet the filter narrows, a facet-only query (no hits)
 * with every filter but that facet's own. Facets without a filter need no query of
 * their own: the main query already counts them with exactly the other filters.
 */
export function disjunctiveQueries(filter: ValidatedFilter): { attribute: string; params: SearchParams }[] {
  return (Object.keys(FACET_OF) as FacetKey[])
    .filter((key) => filter[key]?.length)
    .map((key) => ({
      attribute: FACET_OF[key],
      params: { filter: meiliFilter({ ...filter, [key]: undefined }), facets: [FACET_OF[key]], limit: 0, attributesToRetrieve: ['id'], locales: ['swe'] },
    }));
}

/** What a hit brings back from the index; the case itself is loaded from PostgreSQL. */
type SearchHit = { id: string; _geo?: { lat: number; lng: number }; title?: string; summary?: string; _federation?: { queriesPosition: number } };

/**
 * Weights of the federated queries of an analysed search (docs/search.md,
 * "Swedish analysis"): the words as typed; the same words with å/ä/ö folded (only for
 * a query typed without them, so "ar" never outranks "år" typed as such); their
 * lemmas; for a query without å/ä/ö, the lemmas of the words it may stand for, folded;
 * compound parts. A hit found by several keeps its best weighted score.
 */
export const ANALYSIS_WEIGHTS = { exact: 1, folded: 0.95, lemma: 0.9, foldedLemma: 0.85, parts: 0.8 } as const;

const STOP_WORDS = new Set(SWEDISH_STOP_WORDS);

// People repeat the same searches (and page through them): each query string is analysed once (bounded).
const queryCache = new Map<string, AnalysedQuery>();
const QUERY_CACHE_LIMIT = 10_000;

/** The query analysed for the federated search; undefined when it gets the plain single query. */
export function analysedQuery(query: string, sort: SearchSort): AnalysedQuery | undefined {
  // Sorted results are merged by score, not by the sort, in a federated search (Meilisearch 1.21), so they stay one plain query.
  if (!query || sort !== SearchSort.RELEVANCE) return undefined;
  let analysed = queryCache.get(query);
  if (!analysed) {
    if (queryCache.size >= QUERY_CACHE_LIMIT) queryCache.clear();
    queryCache.set(query, (analysed = analyseQuery(query, STOP_WORDS)));
  }
  return analysed;
}

/**
 * The federated multi-search for an analysed query: the same per-query parameters
 * (`params`: filter, highlighting …; no facets or paging, which federation owns) sent
 * four ways, each over the attributes its words can match.
 */
export function federatedSearch(indexUid: string, query: string, analysed: AnalysedQuery, params: SearchParams, page: { offset: number; limit: number; facets: readonly string[] }): FederatedMultiSearchParams {
  const queries = [
    { q: query, attributesToSearchOn: ORIGINAL_ATTRIBUTES, weight: ANALYSIS_WEIGHTS.exact },
    // `folded` holds only what folding changes; the other words of the query are found among the lemmas.
    ...(analysed.foldedQuery !== undefined ? [{ q: analysed.foldedQuery, attributesToSearchOn: ['folded', 'lemmas'], weight: ANALYSIS_WEIGHTS.folded }] : []),
    { q: analysed.lemmaQuery, attributesToSearchOn: ['lemmas'], weight: ANALYSIS_WEIGHTS.lemma },
    ...(analysed.foldedLemmaQuery !== undefined ? [{ q: analysed.foldedLemmaQuery, attributesToSearchOn: ['folded', 'lemmas'], weight: ANALYSIS_WEIGHTS.foldedLemma }] : []),
    { q: analysed.lemmaQuery, attributesToSearchOn: ['lemmas', 'parts'], weight: ANALYSIS_WEIGHTS.parts },
  ];
  return {
    federation: { offset: page.offset, limit: page.limit, ...(page.facets.length ? { facetsByIndex: { [indexUid]: [...page.facets] }, mergeFacets: {} } : {}) },
    queries: queries.map(({ q, attributesToSearchOn, weight }) => ({ ...params, indexUid, q, attributesToSearchOn, federationOptions: { weight } })),
  };
}

/** What every query for hits asks for, whether alone or federated. */
export function hitParams(filter: ValidatedFilter, sortKind: SearchSort): SearchParams {
  return {
    filter: meiliFilter(filter),
    ...(sortKind === SearchSort.RELEVANCE ? {} : { sort: meiliSort(sortKind, filter.near) }),
    attributesToRetrieve: ['id', '_geo'],
    attributesToHighlight: ['title', 'summary'],
    attributesToCrop: ['summary'],
    cropLength: 40,
    highlightPreTag: MARK_OPEN,
    highlightPostTag: MARK_CLOSE,
    locales: ['swe'],
  };
}

/** The Meilisearch request for one page of results as a single query. */
function searchParams(filter: ValidatedFilter, sortKind: SearchSort, offset: number, first: number, facets: readonly string[]): SearchParams {
  const aligned = offset % first === 0;
  return {
    ...hitParams(filter, sortKind),
    ...(facets.length ? { facets: [...facets] } : {}),
    // page/hitsPerPage gives an exact total; our own cursors always land on a page boundary.
    ...(aligned ? { hitsPerPage: first, page: offset / first + 1 } : { offset, limit: first }),
  };
}

export class SearchService {
  constructor(
    private readonly deps: SearchDeps | undefined,
    private readonly freshness: CaseFreshness,
  ) {}

  /**
   * `fields`: what the request reads of each hit's case (`edges { node { … } }`); the
   * whole case when not given. `reads.facets: false` (a request that does not select
   * `facets`) spares Meilisearch counting them: no facet attributes, no DISJUNCTIVE
   * facet-only queries, and `facets` answers empty lists should anything read it.
   */
  async search(ctx: Context, args: SearchArgs, fields?: Selection, reads: { facets: boolean } = { facets: true }): Promise<SearchResult> {
    const query = (args.query ?? '').trim();
    if (query.length > MAX_QUERY_LENGTH) throw badInput('query', `must be at most ${MAX_QUERY_LENGTH} characters`);
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
    const offset = offsetAfter(args.after);
    const filter = await this.validateFilter(ctx, args.filter);
    const sortKind = args.sort ?? SearchSort.RELEVANCE;
    if (sortKind === SearchSort.DISTANCE && !filter.near) throw badInput('sort', 'DISTANCE needs filter.near');
    const language = args.language ?? Language.SV;

    const separate = reads.facets && args.facetMode === SearchFacetMode.DISJUNCTIVE ? disjunctiveQueries(filter) : [];
    const mainFacets = reads.facets ? FACET_ATTRIBUTES.filter((a) => !separate.some((q) => q.attribute === a)) : [];
    const analysed = analysedQuery(query, sortKind);
    const plain = () => this.query(ctx, query, [searchParams(filter, sortKind, offset, first, mainFacets), ...separate.map((q) => q.params)]);
    const [response, ...facetOnly] = analysed
      ? await this.federated(ctx, query, analysed, filter, { offset, limit: first, facets: mainFacets }, separate).catch((err: unknown) => {
          // An index built before the analysis existed (or still empty) has no analysed attributes to search on until `npm run reindex`.
          if (apiErrorCode(err) !== 'invalid_search_attributes_to_search_on') throw err;
          ctx.log.warn({ err: (err as Error).message }, 'search index has no analysed fields; answering without Swedish analysis');
          return plain();
        })
      : await plain();
    const distribution = { ...response.facetDistribution };
    separate.forEach((q, i) => (distribution[q.attribute] = facetOnly[i]?.facetDistribution?.[q.attribute] ?? {}));
    const total = (response as { totalHits?: number }).totalHits ?? (response as { estimatedTotalHits?: number }).estimatedTotalHits ?? 0;
    const lastPosition = offset + response.hits.length - 1;
    // Up to 290 municipalities and every theme, labelled and sorted: only for a request that reads them.
    let facets: Promise<SearchFacets> | undefined;
    const labelFacets = () => (facets ??= this.facets(ctx, distribution, language));
    return {
      totalCount: total,
      processingTimeMs: response.processingTimeMs,
      edges: await this.edges(ctx, response.hits, offset, { filter, analysed, fields }),
      pageInfo: {
        hasNextPage: offset + response.hits.length < Math.min(total, MAX_OFFSET),
        hasPreviousPage: offset > 0,
        startCursor: response.hits.length ? encodeCursor([offset]) : null,
        endCursor: response.hits.length ? encodeCursor([lastPosition]) : null,
      },
      get facets() {
        return labelFacets();
      },
    };
  }

  /**
   * Asks Meilisearch: one query alone, several in one multi-search request (one round
   * trip). An outage or a missing index is SEARCH_UNAVAILABLE, not a 500.
   */
  private async query(ctx: Context, query: string, params: SearchParams[]): Promise<SearchResponse<SearchHit>[]> {
    return this.ask(ctx, async ({ client, indexUid }) => {
      if (params.length === 1) return [await client.index(indexUid).search<SearchHit>(query || null, params[0])];
      const { results } = await client.multiSearch<{ queries: (SearchParams & { indexUid: string })[] }, SearchHit>({ queries: params.map((p) => ({ indexUid, q: query || null, ...p })) });
      return results;
    });
  }

  /**
   * An analysed query: one federated request for the hits (and the unfiltered facets),
   * and one more per DISJUNCTIVE facet, counted over the same queries without that
   * facet's filter. A federation is a request of its own, so these run side by side.
   */
  private async federated(ctx: Context, query: string, analysed: AnalysedQuery, filter: ValidatedFilter, page: { offset: number; limit: number; facets: readonly string[] }, separate: ReturnType<typeof disjunctiveQueries>): Promise<SearchResponse<SearchHit>[]> {
    return this.ask(ctx, ({ client, indexUid }) => {
      const requests = [
        federatedSearch(indexUid, query, analysed, hitParams(filter, SearchSort.RELEVANCE), page),
        ...separate.map((q) => federatedSearch(indexUid, query, analysed, { filter: q.params.filter, attributesToRetrieve: ['id'], locales: ['swe'] }, { offset: 0, limit: 0, facets: [q.attribute] })),
      ];
      return Promise.all(requests.map((r) => client.multiSearch<FederatedMultiSearchParams, SearchHit>(r) as Promise<SearchResponse<SearchHit>>));
    });
  }

  /** Runs a Meilisearch call; an outage or a missing index is SEARCH_UNAVAILABLE, not a 500. */
  private async ask<T>(ctx: Context, call: (deps: SearchDeps) => Promise<T>): Promise<T> {
    if (!this.deps) throw apiError('SEARCH_UNAVAILABLE', 'Search is not configured on this server');
    try {
      return await call(this.deps);
    } catch (err) {
      if (isUnreachable(err) || apiErrorCode(err) === 'index_not_found') {
        ctx.log.warn({ err: (err as Error).message }, 'search unavailable');
        throw apiError('SEARCH_UNAVAILABLE', 'Search is temporarily unavailable; everything else works. Try again shortly.');
      }
      throw err;
    }
  }

  /**
   * The hits as edges: one statement loads every hit's case from PostgreSQL (only the
   * columns the selection reads, when it is known), then the same visibility rule as
   * everywhere else decides which the viewer sees.
   */
  private async edges(ctx: Context, hits: readonly Hit<SearchHit>[], offset: number, { filter, analysed, fields }: { filter: ValidatedFilter; analysed?: AnalysedQuery; fields?: Selection }): Promise<SearchEdge[]> {
    const ids = hits.map((h) => h.id);
    // Title and summary are the highlights' fallback. Partial views stay out of the loader, whose cache holds whole cases.
    const loaded = fields ? byKey(ids, await casesById(ctx.em, ids, propertiesFor(fields.keys(), ['title', 'summary'])), (c) => c.id) : await ctx.loaders.practiceCase.loadMany(ids);
    const edges: SearchEdge[] = [];
    hits.forEach((hit, i) => {
      const node = loaded[i];
      if (!node || node instanceof Error || !canReadCase(ctx.viewer, node)) return;
      edges.push({
        cursor: encodeCursor([offset + i]),
        node,
        highlights: hit._formatted ? { title: highlighted(hit, 'title', node.title, analysed), summary: highlighted(hit, 'summary', node.summary, analysed) } : null,
        distanceKm: filter.near && hit._geo ? Math.round(distanceKm(filter.near, hit._geo) * 10) / 10 : null,
      });
    });
    return edges;
  }

  private async validateFilter(ctx: Context, f: SearchFilter | null | undefined): Promise<ValidatedFilter> {
    if (!f) return {};
    const out: ValidatedFilter = {};
    if (f.themes?.length) {
      if (f.themes.length > 50) throw badInput('filter.themes', 'at most 50 themes');
      const known = new Set((await ctx.loaders.taxonomy()).map((t) => t.slug));
      const unknown = f.themes.find((s) => !known.has(s));
      if (unknown !== undefined) throw badInput('filter.themes', `unknown theme "${unknown.slice(0, 64)}"`);
      // Documents carry their themes' ancestors, so a parent slug already matches its children.
      out.themes = [...new Set(f.themes)];
    }
    out.kinds = enumValues('filter.kinds', f.kinds, PracticeKind);
    out.targetGroups = enumValues('filter.targetGroups', f.targetGroups, TargetGroup);
    out.counties = codes('filter.counties', f.counties, COUNTY_CODE, 21, '08');
    if (out.counties) {
      const found = await ctx.loaders.county.loadMany(out.counties);
      const i = found.findIndex((c) => !(c instanceof County));
      if (i >= 0) throw badInput('filter.counties', `unknown county "${out.counties[i]}"`);
    }
    out.municipalities = codes('filter.municipalities', f.municipalities, MUNICIPALITY_CODE, 290, '0884');
    if (out.municipalities) {
      const found = await ctx.loaders.municipality.loadMany(out.municipalities);
      const i = found.findIndex((m) => !(m instanceof Municipality));
      if (i >= 0) throw badInput('filter.municipalities', `unknown municipality "${out.municipalities[i]}"`);
    }
    if (f.language) {
      if (!Object.values(Language).includes(f.language)) throw badInput('filter.language', 'SV or EN');
      out.language = f.language;
    }
    for (const key of ['startedFrom', 'startedTo'] as const) {
      const value = f[key];
      if (value == null) continue;
      if (!isIsoDate(value)) throw badInput(`filter.${key}`, 'must be a date like "2019-10-29"');
      out[key] = dateNumber(value);
    }
    if (out.startedFrom !== undefined && out.startedTo !== undefined && out.startedFrom > out.startedTo) throw badInput('filter.startedTo', 'is before startedFrom');
    if (f.near) {
      const { radiusKm, municipality, latitude, longitude } = f.near;
      if (!Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > MAX_RADIUS_KM) throw badInput('filter.near.radiusKm', `must be greater than 0 and at most ${MAX_RADIUS_KM}`);
      const hasPoint = latitude != null || longitude != null;
      if (municipality != null && hasPoint) throw badInput('filter.near', 'give either latitude and longitude or municipality, not both');
      if (municipality != null) {
        const m = MUNICIPALITY_CODE.test(municipality) ? await ctx.loaders.municipality.load(municipality) : null;
        if (!m) throw badInput('filter.near.municipality', `unknown municipality "${municipality.slice(0, 20)}"`);
        out.near = { latitude: m.latitude, longitude: m.longitude, radiusKm };
      } else {
        if (latitude == null || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) throw badInput('filter.near.latitude', 'must be between -90 and 90');
        if (longitude == null || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) throw badInput('filter.near.longitude', 'must be between -180 and 180');
        out.near = { latitude, longitude, radiusKm };
      }
    }
    if (f.hostsStudyVisits != null) out.hostsStudyVisits = f.hostsStudyVisits;
    if (f.excludeDue) out.notDue = this.notDue();
    return out;
  }

  /** "Due" is a matter of the day the search runs: the documents hold only times, the filter compares them with now. */
  private notDue(): ValidatedFilter['notDue'] {
    const at = this.freshness.at();
    return { cutoff: at.cutoff.getTime(), today: dateNumber(at.today)! };
  }

  /** The facet counts with their labels, all read from the in-memory reference data (no loader call per value). */
  private async facets(ctx: Context, distribution: Record<string, Record<string, number>>, language: Language): Promise<SearchFacets> {
    const values = (attribute: string, label: (value: string) => string | null = () => null): SearchFacetValue[] =>
      Object.entries(distribution[attribute] ?? {})
        .map(([value, count]) => ({ value, count, label: label(value) }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    const reference = await ctx.loaders.reference();
    const themeLabel = (slug: string) => {
      const theme = reference.themeBySlug.get(slug);
      return theme ? (language === Language.EN ? theme.labelEn : theme.labelSv) : null;
    };
    const languageName: Record<string, Record<string, string>> = { SV: { SV: 'Svenska', EN: 'Engelska' }, EN: { SV: 'Swedish', EN: 'English' } };
    return {
      themes: values('themeSlugs', themeLabel),
      kinds: values('kind'),
      targetGroups: values('targetGroups'),
      counties: values('countyCodes', (v) => reference.counties.get(v)?.name ?? null),
      municipalities: values('municipalityCodes', (v) => reference.municipalities.get(v)?.shortName ?? null),
      languages: values('language', (v) => languageName[language][v] ?? null),
    };
  }
}
