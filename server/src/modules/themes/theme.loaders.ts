import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Theme } from './theme.entity';
import { byKey } from '../../core/db/batch';

/** The taxonomy is small (tens of rows), so one query loads all of it per request. */
export function createThemeLoaders(em: EntityManager) {
  let all: Promise<Theme[]> | undefined;
  const taxonomy = () => (all ??= em.find(Theme, {}, { orderBy: { position: 'asc', slug: 'asc' } }));
  return {
    taxonomy,
    theme: new DataLoader<string, Theme | null>(async (slugs) => byKey(slugs, await taxonomy(), (t) => t.slug)),
  };
}
