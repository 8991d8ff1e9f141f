import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { referenceCache } from '../geo/reference-cache';
import type { Theme } from './theme.entity';

/** The taxonomy comes from the in-memory reference cache (modules/geo/reference-cache.ts). */
export function createThemeLoaders(em: EntityManager) {
  const reference = referenceCache(em);
  const taxonomy = async (): Promise<readonly Theme[]> => (await reference.snapshot()).themes;
  return {
    taxonomy,
    theme: new DataLoader<string, Theme | null>(async (slugs) => {
      const { themeBySlug } = await reference.snapshot();
      return slugs.map((slug) => themeBySlug.get(slug) ?? null);
    }),
  };
}
