import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { County } from './county.entity';
import type { Municipality } from './municipality.entity';
import { referenceCache } from './reference-cache';

/** Counties and municipalities come from the in-memory reference cache, not a query per request. */
export function createGeoLoaders(em: EntityManager) {
  const reference = referenceCache(em);
  return {
    /** The reference snapshot, synchronously when it is loaded (nearly always): for hot fields. */
    reference: () => reference.latest(),
    county: new DataLoader<string, County | null>(async (codes) => {
      const { counties } = await reference.snapshot();
      return codes.map((code) => counties.get(code) ?? null);
    }),
    municipality: new DataLoader<string, Municipality | null>(async (codes) => {
      const { municipalities } = await reference.snapshot();
      return codes.map((code) => municipalities.get(code) ?? null);
    }),
    municipalitiesOfCounty: new DataLoader<string, readonly Municipality[]>(async (codes) => {
      const { municipalitiesOfCounty } = await reference.snapshot();
      return codes.map((code) => municipalitiesOfCounty.get(code) ?? []);
    }),
  };
}
