// Previous/next links for a Relay connection, as plain GET links: `efter=<endCursor>`
// for the next page, `fore=<startCursor>` for the previous one. pageArgs() turns those
// parameters back into connection arguments. Other parameters of the page are kept.
import { one, type PageRequest } from '../server/page';
import type { QueryParams } from '../server/urls';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A type, not an interface: query variables must be assignable to Record<string, unknown>. */
export type PageArgs = {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
};

/** Connection arguments from the URL: `?fore=` pages backwards, otherwise forwards from `?efter=`. */
export function pageArgs(page: PageRequest, size: number): PageArgs {
  const before = one(page, 'fore');
  if (before) return { last: size, before };
  const after = one(page, 'efter');
  return after ? { first: size, after } : { first: size };
}

/**
 * A backward page knows it has a previous page but not whether it has a next one (Relay
 * leaves hasNextPage false there); it always has one, since it was reached from it.
 */
export function Pagination({ page, pageInfo, params = {} }: { page: PageRequest; pageInfo: PageInfo; params?: QueryParams }) {
  const { t } = page;
  const backwards = page.search.has('fore');
  const onFirstPage = !page.search.has('efter') && !backwards;
  const hasPrevious = backwards ? pageInfo.hasPreviousPage : !onFirstPage;
  const hasNext = backwards ? true : pageInfo.hasNextPage;
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav class="pagination" aria-label={t.pagination.label}>
      <ul class="pagination__list">
        {hasPrevious && pageInfo.startCursor ? (
          <li class="pagination__prev">
            <a href={page.href(page.path, { ...params, fore: pageInfo.startCursor })} rel="prev">
              ← {t.pagination.previous}
            </a>
          </li>
        ) : null}
        {hasNext && pageInfo.endCursor ? (
          <li class="pagination__next">
            <a href={page.href(page.path, { ...params, efter: pageInfo.endCursor })} rel="next">
              {t.pagination.next} →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
