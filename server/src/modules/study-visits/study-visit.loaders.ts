import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../core/db/batch';
import { HostingOffer, StudyVisit, StudyVisitEvent } from './study-visit.entity';

/** Raw loaders: visibility is the service's job (StudyVisitService.canSee). */
export function createStudyVisitLoaders(em: EntityManager) {
  return {
    studyVisit: new DataLoader<string, StudyVisit | null>(async (ids) =>
      byKey(ids, await em.find(StudyVisit, { id: { $in: [...ids] } }), (v) => v.id),
    ),
    /** History, oldest first. */
    eventsOfVisit: new DataLoader<string, StudyVisitEvent[]>(async (ids) =>
      groupByKey(ids, await em.find(StudyVisitEvent, { visit: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } }), (e) => e.visit.id),
    ),
    /** Keyed by municipality code. */
    hostingOfferOfMunicipality: new DataLoader<string, HostingOffer | null>(async (codes) =>
      byKey(codes, await em.find(HostingOffer, { municipality: { $in: [...codes] } }), (o) => o.municipality.code),
    ),
  };
}
