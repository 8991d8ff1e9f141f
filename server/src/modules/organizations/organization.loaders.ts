import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byKey } from '../../core/db/batch';
import { Organization } from './organization.entity';

export function createOrganizationLoaders(em: EntityManager) {
  return {
    organization: new DataLoader<string, Organization | null>(async (ids) =>
      byKey(ids, await em.find(Organization, { id: { $in: [...ids] } }), (o) => o.id),
    ),
  };
}
