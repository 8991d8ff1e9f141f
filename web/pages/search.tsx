// The search page (/sok): one search box, highlighted hits, facet counts as links that
// add or remove a filter, sort, "near a municipality within N km", "show more", a map
// of the hits and an empty page that suggests what to try. The whole state is in the
// URL (search-state.ts); search.js only fetches the same URLs as you type.
import { CASE_CARD_FIELDS, CaseList, type CaseCardData } from '../components/CaseList';
import { ResultsMap, type MapHit } from '../components/ResultsMap';
import { graphql, query, type DataOf } from '../server/graphql';
import { apiLanguage } from '../server/i18n';
import type { PageRequest, PageRoute } from '../server/page';
import { Facets, type FacetData, type ThemeNode } from './search-facets';
import { ActiveFilters, EmptyResult, labelLookup, SearchForm, type County, type Lookup } from './search-parts';
import { changed, effectiveSort, parseSearchState, searchFilter, SORTS, stateParams, STEP, MAX_COUNT, type SearchState } from './search-state';

type Hit = CaseCardData & MapHit;

// Exported for bench/web.ts, which sends this very document over HTTP to compare with the page.
export const SEARCH_PAGE = graphql<
  {
    search: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      facets: FacetData;
      edges: { distanceKm: number | null; highlights: { title: string; summary: string } | null; node: Hit }[];
    };
    themes: (ThemeNode & { children: ThemeNode[] })[];
    counties: County[];
  },
  { query?: string; filter: ReturnType<typeof searchFilter>; sort: string; first: number; after?: string; language: 'SV' | 'EN' }
>(`query SearchPage($query: String, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String, $language: Language!) {
  search(query: $query, filter: $filter, sort: $sort, first: $first, after: $after, language: $language, facetMode: DISJUNCTIVE) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets {
      themes { value count } kinds { value count } targetGroups { value count }
      counties { value count label } municipalities { value count label } languages { value count }
    }
    edges {
      distanceKm
      highlights { title summary }
      node { ${CASE_CARD_FIELDS} municipality { location { latitude longitude } } }
    }
  }
  themes { slug label(language: $language) children { slug label(language: $language) } }
  counties { code name municipalities { code name } }
}`);

type Data = DataOf<typeof SEARCH_PAGE>;

function MoreLinks({ page, state, data }: { page: PageRequest; state: SearchState; data: Data['search'] }) {
  const { t } = page;
  const more = data.pageInfo.hasNextPage && state.count < MAX_COUNT;
  const next = data.pageInfo.hasNextPage && state.count >= MAX_COUNT && data.pageInfo.endCursor;
  if (!more && !next && !state.after) return null;
  return (
    <nav class="pagination" aria-label={t.pagination.label}>
      <ul class="pagination__list">
        {state.after ? (
          <li>
            <a href={page.href('/sok', stateParams(changed(state, {}, false)))}>{t.search.firstPage}</a>
          </li>
        ) : null}
        {more ? (
          <li class="pagination__next">
            <a class="show-more" href={page.href('/sok', stateParams(changed(state, { count: Math.min(state.count + STEP, MAX_COUNT) }, true)))} data-show-more={String(data.edges.length)}>
              {t.search.showMore}
            </a>
          </li>
        ) : null}
        {next ? (
          <li class="pagination__next">
            <a href={page.href('/sok', stateParams(changed(state, { after: next }, true)))} rel="next">
              {t.search.nextPage} →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function countText(page: PageRequest, data: Data['search']): string {
  const { t } = page;
  return data.edges.length < data.totalCount ? t.search.showing(data.edges.length, data.totalCount) : t.search.count(data.totalCount);
}

function Results({ page, state, data, lookup }: { page: PageRequest; state: SearchState; data: Data; lookup: Lookup }) {
  const { t } = page;
  const hits = data.search.edges.map((e) => ({ ...e.node, highlights: e.highlights, distanceKm: state.near ? e.distanceKm : null }));
  return (
    <div class="search-results">
      <h2 class="search-results__heading">{t.search.resultsHeading}</h2>
      <p class="search-results__count" id="antal-traffar">
        {countText(page, data.search)}
      </p>
      <p class="search-results__skip">
        <a href="#filter">{t.search.skipToFilters}</a>
      </p>
      <ActiveFilters page={page} state={state} lookup={lookup} />
      {state.sort === 'narmast' && !state.near ? <p class="notice">{t.search.nearNeedsMunicipality}</p> : null}
      {hits.length ? <CaseList page={page} cases={hits} /> : <EmptyResult page={page} state={state} themes={data.themes} />}
      <MoreLinks page={page} state={state} data={data.search} />
      <ResultsMap page={page} hits={hits} municipalityHref={(code) => page.href('/sok', stateParams(changed(state, { filters: { ...state.filters, municipalities: [code] } })))} />
    </div>
  );
}

export const searchPage: PageRoute = {
  path: '/sok',
  async load(page) {
    const { t } = page;
    const state = parseSearchState(page);
    const language = apiLanguage(page.lang);
    const data = await query(page, SEARCH_PAGE, { query: state.q, filter: searchFilter(state), sort: SORTS[effectiveSort(state)], first: state.count, after: state.after, language });
    const lookup = labelLookup(page, data.themes, data.counties);
    return {
      title: state.q ? t.search.resultsTitle(state.q) : t.search.title,
      description: t.search.description,
      canonical: { path: '/sok', params: stateParams(state) },
      // Result lists are for people, not for search engines' indexes.
      noindex: true,
      scripts: ['search.js'],
      styles: ['search.css'],
      body: (
        <>
          <h1>{t.search.title}</h1>
          <SearchForm page={page} state={state} counties={data.counties} />
          <p class="visually-hidden search-announce" aria-live="polite" aria-atomic="true" id="sok-meddelande"></p>
          <div class="search-layout" id="sokresultat" data-count={countText(page, data.search)}>
            <Results page={page} state={state} data={data} lookup={lookup} />
            <Facets page={page} state={state} facets={data.search.facets} themes={data.themes} lookup={lookup} />
          </div>
        </>
      ),
    };
  },
};
