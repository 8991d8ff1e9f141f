import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { County } from './county.entity';
import { Municipality } from './municipality.entity';
import { byKey, groupByKey } from '../../core/db/batch';

export function createGeoLoaders(em: EntityManager) {
  return {
    county: new DataLoader<string, County | null>(async (codes) =>
      byKey(codes, await em.find(County, { code: { $in: [...codes] } }), (c) => c.code),
    ),
    municipality: new DataLoader<string, Municipality | null>(async (codes) =>
      byKey(codes, await em.find(Municipality, { code: { $in: [...codes] } }), (m) => m.code),
    ),
    municipalitiesOfCounty: new DataLoader<string, Municipality[]>(async (codes) => {
      const rows = await em.find(Municipality, { county: { $in: [...codes] } }, { orderBy: { code: 'asc' } });
      return groupByKey(codes, rows, (m) => m.county.code);
    }),
  };
}
