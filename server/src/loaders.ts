// Per-request DataLoaders, assembled from each module's *.loaders.ts. Never shared
// between requests: a loader caches what one viewer may see.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createGeoLoaders } from './modules/geo/geo.loaders';
import { createThemeLoaders } from './modules/themes/theme.loaders';
import { createOrganizationLoaders } from './modules/organizations/organization.loaders';
import { createPracticeCaseLoaders } from './modules/practice-cases/practice-case.loaders';
import { createStudyVisitLoaders } from './modules/study-visits/study-visit.loaders';

export function createLoaders(em: EntityManager) {
  return {
    ...createGeoLoaders(em),
    ...createThemeLoaders(em),
    ...createOrganizationLoaders(em),
    ...createPracticeCaseLoaders(em),
    ...createStudyVisitLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
