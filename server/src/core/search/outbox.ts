// The one way to ask for a search index update: call enqueueIndexUpdate inside the
// transaction that makes the change.
import type { EntityManager } from '@mikro-orm/postgresql';
import { SearchOutbox } from './outbox.entity';

export type IndexedEntity = 'PracticeCase' | 'Municipality' | 'Theme';

export function enqueueIndexUpdate(em: EntityManager, entityType: IndexedEntity, ids: Iterable<string>): void {
  for (const entityId of new Set(ids)) em.create(SearchOutbox, { entityType, entityId });
}
