// Per-request DataLoaders, assembled from each module's *.loaders.ts. Never shared
// between requests: a loader caches what one viewer may see.
//
// A request uses a few of them (the nested list: the reference snapshot and the case
// loader), so a module's loaders are made when one of them is first read. Making all
// fifteen for every request cost 8 µs, about 1 % of a nested-list request's CPU.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createGeoLoaders } from './modules/geo/geo.loaders';
import { createThemeLoaders } from './modules/themes/theme.loaders';
import { createOrganizationLoaders } from './modules/organizations/organization.loaders';
import { createPracticeCaseLoaders } from './modules/practice-cases/practice-case.loaders';
import { createStudyVisitLoaders } from './modules/study-visits/study-visit.loaders';

const GROUPS = [createGeoLoaders, createThemeLoaders, createOrganizationLoaders, createPracticeCaseLoaders, createStudyVisitLoaders] as const;

type Group = ReturnType<(typeof GROUPS)[number]>;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type Loaders = Intersection<Group>;

/** What each request's loaders object holds; the loaders themselves are getters on the shared prototype. */
interface LazyLoaders {
  em: EntityManager;
  made: (Record<string, unknown> | undefined)[];
}

let prototype: object | undefined;

/** One getter per loader name, making that loader's module group on first read. */
function lazyPrototype(em: EntityManager): object {
  const proto = {};
  GROUPS.forEach((make, i) => {
    // The names come from one set made here and dropped: a loader does nothing until it is asked for a key.
    for (const name of Object.keys(make(em))) {
      if (Object.prototype.hasOwnProperty.call(proto, name)) throw new Error(`two loader modules both define "${name}"`);
      Object.defineProperty(proto, name, {
        enumerable: true,
        get(this: LazyLoaders) {
          const group = (this.made[i] ??= make(this.em) as Record<string, unknown>);
          return group[name];
        },
      });
    }
  });
  return proto;
}

export function createLoaders(em: EntityManager): Loaders {
  prototype ??= lazyPrototype(em);
  const loaders = Object.create(prototype) as LazyLoaders;
  loaders.em = em;
  loaders.made = [];
  return loaders as unknown as Loaders;
}
