import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../core/db/batch';
import { PracticeCase, PracticeCasePartner, PracticeCaseRevision } from './practice-case.entity';

/** Raw loaders: they do not apply visibility; the service does (PracticeCaseService.canSee). */
export function createPracticeCaseLoaders(em: EntityManager) {
  return {
    practiceCase: new DataLoader<string, PracticeCase | null>(async (ids) =>
      byKey(ids, await em.find(PracticeCase, { id: { $in: [...ids] } }), (c) => c.id),
    ),
    /** Partners with their organization, in one joined query. */
    partnersOfCase: new DataLoader<string, PracticeCasePartner[]>(async (ids) =>
      groupByKey(
        ids,
        await em.find(PracticeCasePartner, { practiceCase: { $in: [...ids] } }, { populate: ['organization'], strategy: 'joined', orderBy: { position: 'asc' } }),
        (p) => p.practiceCase.id,
      ),
    ),
    adaptationsOfCase: new DataLoader<string, PracticeCase[]>(async (ids) =>
      groupByKey(ids, await em.find(PracticeCase, { adaptedFrom: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }), (c) => c.adaptedFrom!.id),
    ),
    revisionsOfCase: new DataLoader<string, PracticeCaseRevision[]>(async (ids) =>
      groupByKey(ids, await em.find(PracticeCaseRevision, { practiceCase: { $in: [...ids] } }, { orderBy: { number: 'asc' } }), (r) => r.practiceCase.id),
    ),
  };
}
