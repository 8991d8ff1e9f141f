import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../core/db/batch';
import { PracticeCaseRevision } from './practice-case.entity';
import { PracticeCaseReview } from './practice-case.review';
import { casesAdaptedFrom, casesById, casesBySlug, partnersOfCases, type PartnerRead } from './practice-case.reads';
import type { CaseView } from './practice-case.view';

/**
 * A DataLoader that also holds what a list page fetched with its cases
 * (practice-case.reads.ts, casePage), so field resolvers under the page answer without
 * a promise: a subtree with none is much cheaper for graphql-js to complete than twenty
 * DataLoader promises. What a page fetched covers that page's selection only, so it is
 * kept apart from the loader's own cache: `load` always answers complete values.
 */
export class PageAwareLoader<V> extends DataLoader<string, V> {
  private readonly fromPage = new Map<string, V>();

  remember(key: string, value: V): void {
    this.fromPage.set(key, value);
  }

  override clear(key: string): this {
    this.fromPage.delete(key);
    return super.clear(key);
  }

  /** What a page fetched for `key` (for the selection under it), else undefined. */
  fetched(key: string): V | undefined {
    return this.fromPage.get(key);
  }
}

/**
 * Raw loaders: they do not apply visibility; the service does (PracticeCaseService.canSee).
 * Everything is hand-written SQL (practice-case.reads.ts) answering `CaseView`s; a
 * mutation primes `practiceCase` with the view of the entity it saved.
 */
export function createPracticeCaseLoaders(em: EntityManager) {
  const practiceCase = new PageAwareLoader<CaseView | null>(async (ids) => byKey(ids, await casesById(em, ids), (c) => c.id));
  /** Partners with their organization, in one joined query. */
  const partnersOfCase = new PageAwareLoader<PartnerRead[]>(async (ids) => groupByKey(ids, await partnersOfCases(em, ids), (p) => p.caseId));
  return {
    practiceCase,
    partnersOfCase,
    practiceCaseBySlug: new DataLoader<string, CaseView | null>(async (slugs) => byKey(slugs, await casesBySlug(em, slugs), (c) => c.slug!)),
    adaptationsOfCase: new DataLoader<string, CaseView[]>(async (ids) => groupByKey(ids, await casesAdaptedFrom(em, ids), (c) => c.adaptedFromId!)),
    revisionsOfCase: new DataLoader<string, PracticeCaseRevision[]>(async (ids) =>
      groupByKey(ids, await em.find(PracticeCaseRevision, { practiceCase: { $in: [...ids] } }, { orderBy: { number: 'asc' } }), (r) => r.practiceCase.id),
    ),
    reviewsOfCase: new DataLoader<string, PracticeCaseReview[]>(async (ids) =>
      groupByKey(ids, await em.find(PracticeCaseReview, { practiceCase: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } }), (r) => r.practiceCase.id),
    ),
  };
}
