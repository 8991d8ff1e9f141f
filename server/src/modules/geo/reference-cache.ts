// Counties, municipalities and the theme taxonomy, held in memory.
//
// They are a few hundred rows that change only when `importReferenceData` runs (at
// start, from the files shipped with the release), yet nearly every read names them:
// a page of cases needs each case's municipality, county and themes. Reading them from
// PostgreSQL per request was half the cost of the nested case list (docs/benchmarks.md,
// benchmark 3). They are kept per database connection pool as read-only views.
//
// Freshness: an import in this process drops the cache at once (the import calls
// `referenceDataChanged`). An import in another process — a rolling deploy's new
// replica — notifies `utbyte_reference` at commit, and this process's listener
// (core/db/notifications.ts) drops the cache then; `REFERENCE_TTL_MS` is only the
// fallback for a notification lost while the listener was reconnecting.
import type { EntityManager } from '@mikro-orm/core';
import { findReadOnly } from '../../core/db/read-only';
import { Theme } from '../themes/theme.entity';
import { County } from './county.entity';
import { Municipality } from './municipality.entity';

export const REFERENCE_TTL_MS = 60_000;

export interface ReferenceSnapshot {
  counties: Map<string, County>;
  municipalities: Map<string, Municipality>;
  municipalitiesOfCounty: Map<string, readonly Municipality[]>;
  /** The taxonomy in display order (position, then slug). */
  themes: readonly Theme[];
  themeBySlug: Map<string, Theme>;
}

export class ReferenceCache {
  private current?: { snapshot: Promise<ReferenceSnapshot>; loadedAt: number; value?: ReferenceSnapshot };

  constructor(
    private readonly em: EntityManager,
    private readonly ttlMs = REFERENCE_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  snapshot(): Promise<ReferenceSnapshot> {
    const current = this.current;
    if (current && this.clock() - current.loadedAt < this.ttlMs) return current.snapshot;
    const snapshot = this.load();
    const entry: { snapshot: Promise<ReferenceSnapshot>; loadedAt: number; value?: ReferenceSnapshot } = { snapshot, loadedAt: this.clock() };
    this.current = entry;
    snapshot.then(
      (value) => (entry.value = value),
      // A failed load (database briefly away) must not stay cached.
      () => {
        if (this.current === entry) this.current = undefined;
      },
    );
    return snapshot;
  }

  /**
   * The snapshot itself when it is loaded and fresh, else a promise of it. Hot GraphQL
   * fields (a case's municipality, county, themes) then resolve without a promise per
   * field, which is most of what resolving them costs.
   */
  latest(): ReferenceSnapshot | Promise<ReferenceSnapshot> {
    const current = this.current;
    return current?.value && this.clock() - current.loadedAt < this.ttlMs ? current.value : this.snapshot();
  }

  /** Times the cache was dropped (tests check that a notification reached it). */
  invalidations = 0;

  invalidate(): void {
    this.invalidations += 1;
    this.current = undefined;
  }

  private async load(): Promise<ReferenceSnapshot> {
    // Outside any transaction of the caller: `ctx: undefined` takes a pooled connection.
    const [counties, municipalities, themes] = await Promise.all([
      findReadOnly(this.em, County, {}, { orderBy: { code: 'asc' }, ctx: undefined }),
      findReadOnly(this.em, Municipality, {}, { orderBy: { code: 'asc' }, ctx: undefined }),
      findReadOnly(this.em, Theme, {}, { orderBy: { position: 'asc', slug: 'asc' }, ctx: undefined }),
    ]);
    const municipalitiesOfCounty = new Map<string, Municipality[]>();
    for (const m of municipalities) {
      const list = municipalitiesOfCounty.get(m.county.code);
      if (list) list.push(m);
      else municipalitiesOfCounty.set(m.county.code, [m]);
    }
    return {
      counties: new Map(counties.map((c) => [c.code, c])),
      municipalities: new Map(municipalities.map((m) => [m.code, m])),
      municipalitiesOfCounty: new Map([...municipalitiesOfCounty].map(([code, list]) => [code, Object.freeze(list)])),
      themes: Object.freeze(themes),
      themeBySlug: new Map(themes.map((t) => [t.slug, t])),
    };
  }
}

// One cache per ORM (keyed by its driver, which every fork shares), so separate
// systems in one process (tests) never see each other's rows.
const caches = new WeakMap<object, ReferenceCache>();

export function referenceCache(em: EntityManager): ReferenceCache {
  const driver = em.getDriver();
  let cache = caches.get(driver);
  if (!cache) {
    cache = new ReferenceCache(em.fork());
    caches.set(driver, cache);
  }
  return cache;
}

/** Called after a committed reference import that changed rows. */
export function referenceDataChanged(em: EntityManager): void {
  caches.get(em.getDriver())?.invalidate();
}

/** `read` applied to the request's reference snapshot: a value when it is loaded, else a promise. */
export function withReference<R>(ctx: { loaders: { reference: () => ReferenceSnapshot | Promise<ReferenceSnapshot> } }, read: (snapshot: ReferenceSnapshot) => R): R | Promise<R> {
  const snapshot = ctx.loaders.reference();
  return snapshot instanceof Promise ? snapshot.then(read) : read(snapshot);
}
