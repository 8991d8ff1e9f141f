// The search page's state, which lives entirely in its URL: words, filters, sort,
// "near a municipality", how many hits and the cursor. Parsed and bounded here, turned
// into the API's search arguments, and back into links that change one thing at a time,
// so reload, back and a shared link all show the same results.
import { BadRequest, one, type PageRequest } from '../server/page';
import type { QueryParams } from '../server/urls';

export const KINDS = ['CONFERENCE', 'EDUCATION', 'EMPLOYMENT_PROGRAMME', 'LANGUAGE_BUDDY', 'MEETING_PLACE', 'OTHER', 'PARTNERSHIP', 'READING_PROJECT', 'SPORTS_AND_LEISURE', 'STUDY'] as const;
export const TARGET_GROUPS = ['CHILDREN_AND_FAMILIES', 'ELDERLY', 'JOB_SEEKERS', 'NEWCOMERS', 'PROFESSIONALS', 'RESIDENTS', 'UNACCOMPANIED_MINORS', 'WOMEN', 'YOUTH'] as const;
export type Kind = (typeof KINDS)[number];
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** The URL parameter of each facet, and which values it accepts. */
export const FACETS = {
  themes: { param: 'tema', valid: (v: string) => /^[a-z0-9-]{1,100}$/.test(v), max: 50 },
  kinds: { param: 'typ', valid: (v: string) => (KINDS as readonly string[]).includes(v), max: KINDS.length },
  targetGroups: { param: 'malgrupp', valid: (v: string) => (TARGET_GROUPS as readonly string[]).includes(v), max: TARGET_GROUPS.length },
  counties: { param: 'lan', valid: (v: string) => /^\d{2}$/.test(v), max: 21 },
  municipalities: { param: 'kommun', valid: (v: string) => /^\d{4}$/.test(v), max: 50 },
  languages: { param: 'sprak', valid: (v: string) => v === 'SV' || v === 'EN', max: 1 },
} as const;
export type FacetName = keyof typeof FACETS;
export const FACET_NAMES = Object.keys(FACETS) as FacetName[];

export const SORTS = { relevans: 'RELEVANCE', nyast: 'PUBLISHED_AT_DESC', narmast: 'DISTANCE' } as const;
export type SortName = keyof typeof SORTS;
/** Distances offered for "near a municipality"; the URL may carry any whole km in 1..2000. */
export const DISTANCES_KM = [10, 25, 50, 100, 200, 500] as const;
export const DEFAULT_KM = 50;
/** Hits per step of "show more"; the API returns at most 100 at a time. */
export const STEP = 20;
export const MAX_COUNT = 100;

export interface SearchState {
  q?: string;
  filters: Record<FacetName, string[]>;
  sort: SortName;
  /** Municipality code whose seat is the centre of "near". */
  near?: string;
  km: number;
  /** How many hits to show from the cursor on: STEP, 2·STEP … MAX_COUNT. */
  count: number;
  after?: string;
}

function many(page: PageRequest, facet: FacetName): string[] {
  const { param, valid, max } = FACETS[facet];
  const values = [...new Set(page.search.getAll(param).filter((v) => v !== ''))];
  if (values.length > max) throw new BadRequest(`at most ${max} values of ${param}`);
  const bad = values.find((v) => !valid(v));
  if (bad !== undefined) throw new BadRequest(`${param} has no value ${bad.slice(0, 100)}`);
  return values;
}

function wholeNumber(page: PageRequest, name: string, min: number, max: number, fallback: number): number {
  const raw = one(page, name, 5);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new BadRequest(`${name} must be a whole number in ${min}..${max}`);
  return n;
}

/** The state of a search URL; anything malformed or out of bounds is a 400, not work. */
export function parseSearchState(page: PageRequest): SearchState {
  const filters = Object.fromEntries(FACET_NAMES.map((f) => [f, many(page, f)])) as Record<FacetName, string[]>;
  const sort = one(page, 'sortera', 20) ?? 'relevans';
  if (!(sort in SORTS)) throw new BadRequest(`sortera has no value ${sort}`);
  const near = one(page, 'nara', 4);
  if (near !== undefined && !/^\d{4}$/.test(near)) throw new BadRequest('nara must be a municipality code');
  return {
    q: one(page, 'q', 500)?.trim() || undefined,
    filters,
    sort: sort as SortName,
    near,
    km: wholeNumber(page, 'km', 1, 2000, DEFAULT_KM),
    count: wholeNumber(page, 'antal', 1, MAX_COUNT, STEP),
    after: one(page, 'efter', 500),
  };
}

/** Sorting by distance needs a centre; without one the hits come by relevance. */
export function effectiveSort(state: SearchState): SortName {
  return state.sort === 'narmast' && !state.near ? 'relevans' : state.sort;
}

/** The `filter` argument of Query.search. */
export function searchFilter(state: SearchState) {
  const { themes, kinds, targetGroups, counties, municipalities, languages } = state.filters;
  return {
    ...(themes.length ? { themes } : {}),
    ...(kinds.length ? { kinds: kinds as Kind[] } : {}),
    ...(targetGroups.length ? { targetGroups: targetGroups as TargetGroup[] } : {}),
    ...(counties.length ? { counties } : {}),
    ...(municipalities.length ? { municipalities } : {}),
    ...(languages.length ? { language: languages[0] as 'SV' | 'EN' } : {}),
    ...(state.near ? { near: { municipality: state.near, radiusKm: state.km } } : {}),
  };
}

export function hasFilters(state: SearchState): boolean {
  return FACET_NAMES.some((f) => state.filters[f].length > 0) || state.near !== undefined;
}

/**
 * URL parameters of a state; defaults are left out so that equal states have equal
 * URLs. Any change of what is searched starts again at the first hit.
 */
export function stateParams(state: SearchState): QueryParams {
  const params: QueryParams = { q: state.q };
  for (const f of FACET_NAMES) params[FACETS[f].param] = state.filters[f];
  if (state.sort !== 'relevans') params.sortera = state.sort;
  if (state.near) {
    params.nara = state.near;
    params.km = state.km === DEFAULT_KM ? undefined : state.km;
  }
  if (state.count !== STEP) params.antal = state.count;
  params.efter = state.after;
  return params;
}

/** A new search from this one: the first hits again, unless `keepPage`. */
export function changed(state: SearchState, change: Partial<SearchState>, keepPage = false): SearchState {
  return { ...state, ...(keepPage ? {} : { count: STEP, after: undefined }), ...change };
}

/** The state with one facet value added, or removed if it was there. */
export function toggled(state: SearchState, facet: FacetName, value: string): SearchState {
  const current = state.filters[facet];
  const next = current.includes(value) ? current.filter((v) => v !== value) : FACETS[facet].max === 1 ? [value] : [...current, value];
  return changed(state, { filters: { ...state.filters, [facet]: next } });
}

export function withoutFilters(state: SearchState): SearchState {
  const filters = Object.fromEntries(FACET_NAMES.map((f) => [f, []])) as unknown as Record<FacetName, string[]>;
  return changed(state, { filters, near: undefined, sort: state.sort === 'narmast' ? 'relevans' : state.sort });
}
