import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../core/db/batch';
import { PracticeCase, PracticeCaseRevision } from './practice-case.entity';
import { casesById, partnersOfCases, type CaseRelations, type PartnerRead } from './practice-case.reads';

/**
 * Raw loaders: they do not apply visibility; the service does (PracticeCaseService.canSee).
 * Cases and partners are read-only views from hand-written SQL (practice-case.reads.ts);
 * a mutation primes `practiceCase` with the entity it saved.
 */
export function createPracticeCaseLoaders(em: EntityManager) {
  return {
    /**
     * What a list page fetched with its cases (practice-case.reads.ts, casePage), read
     * synchronously by the field resolvers: a subtree with no promise in it is much
     * cheaper for graphql-js to complete than twenty DataLoader promises.
     */
    prefetched: { partners: new Map<string, PartnerRead[]>(), cases: new Map<string, PracticeCase | null>() } satisfies CaseRelations,
    practiceCase: new DataLoader<string, PracticeCase | null>(async (ids) => byKey(ids, await casesById(em, ids), (c) => c.id)),
    /** Partners with their organization, in one joined query. */
    partnersOfCase: new DataLoader<string, PartnerRead[]>(async (ids) => groupByKey(ids, await partnersOfCases(em, ids), (p) => p.caseId)),
    adaptationsOfCase: new DataLoader<string, PracticeCase[]>(async (ids) =>
      groupByKey(ids, await em.find(PracticeCase, { adaptedFrom: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }), (c) => c.adaptedFrom!.id),
    ),
    revisionsOfCase: new DataLoader<string, PracticeCaseRevision[]>(async (ids) =>
      groupByKey(ids, await em.find(PracticeCaseRevision, { practiceCase: { $in: [...ids] } }, { orderBy: { number: 'asc' } }), (r) => r.practiceCase.id),
    ),
  };
}
