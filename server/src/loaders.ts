// Per-request DataLoaders, assembled from each module's *.loaders.ts. Never shared
// between requests: a loader caches what one viewer may see.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createGeoLoaders } from './modules/geo/geo.loaders';
import { createThemeLoaders } from './modules/themes/theme.loaders';

export function createLoaders(em: EntityManager) {
  return {
    ...createGeoLoaders(em),
    ...createThemeLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
