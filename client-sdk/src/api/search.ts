// client.search(query, filter) and client.search.iterate(query, filter).
import { SearchDocument, type SearchFilter, type SearchQuery, type SearchSort, type Language } from '../generated/graphql';
import { paginate } from '../paginate';
import type { RequestOptions, Transport } from '../transport';

export type SearchResult = SearchQuery['search'];
export type SearchHit = SearchResult['edges'][number];

export interface SearchOptions {
  sort?: SearchSort;
  /** Page size, 1–100 (server default 20). */
  first?: number;
  after?: string | null;
  /** Language of facet labels. */
  language?: Language;
}

export interface SearchFn {
  /** One page of matching published cases, with highlights and facet counts. */
  (query?: string | null, filter?: SearchFilter | null, options?: SearchOptions, request?: RequestOptions): Promise<SearchResult>;
  /** Every hit, page by page: `for await (const hit of client.search.iterate('språkvän'))`. */
  iterate(query?: string | null, filter?: SearchFilter | null, options?: Omit<SearchOptions, 'after'>, request?: RequestOptions): AsyncGenerator<SearchHit, void, undefined>;
}

export function searchApi(transport: Transport): SearchFn {
  const search = async (query?: string | null, filter?: SearchFilter | null, options: SearchOptions = {}, request?: RequestOptions): Promise<SearchResult> =>
    (await transport.execute(SearchDocument, { query, filter, sort: options.sort, first: options.first, after: options.after, language: options.language }, request)).search;
  const iterate: SearchFn['iterate'] = (query, filter, options = {}, request) =>
    paginate(async (after) => {
      const page = await search(query, filter, { ...options, first: options.first ?? 50, after }, request);
      // Yield whole edges so callers keep highlights and distances with each case.
      return { pageInfo: page.pageInfo, edges: page.edges.map((edge) => ({ node: edge })) };
    });
  return Object.freeze(Object.assign(search, { iterate }));
}
