// client.search({ query, filter }) and client.search.iterate({ query, filter }).
import { SearchDocument, type SearchQuery, type SearchQueryVariables } from '../generated/graphql';
import { paginate } from '../paginate';
import type { RequestOptions, Transport } from '../transport';

export type SearchResult = SearchQuery['search'];
export type SearchHit = SearchResult['edges'][number];

/**
 * The Search query's variables: `query`, `filter`, `sort`, `first` (1–100, server
 * default 20), `after`, and `language` for the facet labels.
 */
export type SearchParams = SearchQueryVariables;

export interface SearchFn {
  /** One page of matching published cases, with highlights and facet counts. */
  (params?: SearchParams, options?: RequestOptions): Promise<SearchResult>;
  /** Every hit, page by page: `for await (const hit of client.search.iterate({ query: 'språkvän' }))`. */
  iterate(params?: Omit<SearchParams, 'after'>, options?: RequestOptions): AsyncGenerator<SearchHit, void, undefined>;
}

export function searchApi(transport: Transport): SearchFn {
  const search = async (params: SearchParams = {}, options?: RequestOptions): Promise<SearchResult> =>
    (await transport.execute(SearchDocument, params, options)).search;
  const iterate: SearchFn['iterate'] = (params = {}, options) =>
    paginate(async (after) => {
      const page = await search({ ...params, first: params.first ?? 50, after }, options);
      // Yield whole edges so callers keep highlights and distances with each case.
      return { pageInfo: page.pageInfo, edges: page.edges.map((edge) => ({ node: edge })) };
    });
  return Object.freeze(Object.assign(search, { iterate }));
}
