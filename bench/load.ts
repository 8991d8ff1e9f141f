// Loads a generated corpus through the application services — the same validation,
// place resolution, slugs, revisions and outbox rows as a real editor's writes — with
// a pool of concurrent workers so that 100 000 cases take minutes, not hours.
import { randomUUID } from 'node:crypto';
import { SYSTEM, type Context, type Viewer } from '../server/src/core/context';
import { createLogger } from '../server/src/core/logger';
import { toGlobalId } from '../server/src/core/relay/global-id';
import { createLoaders } from '../server/src/loaders';
import type { PracticeCasePayload } from '../server/src/modules/practice-cases/practice-case.types';
import type { System } from '../server/src/system';
import { generateCase, type CorpusContext, type FinalStatus, type GeneratedCase } from './corpus';

const silent = createLogger('silent');

/** A request-like context for service calls outside HTTP: own EM fork, own loaders. */
export function serviceContext(system: System, viewer: Viewer = SYSTEM): Context {
  const em = system.orm.em.fork();
  return { requestId: `bench-${randomUUID()}`, em, loaders: createLoaders(em), viewer, log: silent, services: system.services };
}

function unwrap(step: string, c: GeneratedCase | undefined, payload: PracticeCasePayload): { id: string; version: number } {
  if (!payload.practiceCase) {
    throw new Error(`${step} of generated case ${c?.index ?? '?'} failed: ${JSON.stringify(payload.userErrors)}`);
  }
  return { id: payload.practiceCase.id, version: payload.practiceCase.version! };
}

/** Runs `work` for 0..count-1 with at most `concurrency` in flight, in index order. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined; // boxed: the error itself may be undefined
  const worker = async () => {
    while (next < count && failed === undefined) {
      const i = next++;
      try {
        await work(i);
      } catch (err) {
        failed ??= { error: err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failed !== undefined) throw failed.error;
}

export async function loadOrganizations(system: System, cx: CorpusContext, concurrency = 4): Promise<number> {
  await pool(cx.organizations.length, concurrency, async (i) => {
    const o = cx.organizations[i];
    const res = await system.services.organizations.create(serviceContext(system), {
      name: o.name,
      slug: o.slug,
      kind: o.kind,
      homeMunicipality: o.homeMunicipality,
      website: o.website,
    });
    if (!res.organization) throw new Error(`organization ${o.slug}: ${JSON.stringify(res.userErrors)}`);
  });
  return cx.organizations.length;
}

export interface LoadedCase {
  id: string;
  version: number;
  status: FinalStatus;
}

export interface LoadResult {
  cases: LoadedCase[];
  seconds: number;
  casesPerSecond: number;
}

/**
 * Creates case `index` and walks it to its generated status: create → submit →
 * publish (→ archive). Adaptations wait for the case they adapt, which always has a
 * lower index and so is already loaded or in flight on another worker.
 */
export async function loadCase(system: System, cx: CorpusContext, index: number, idOf?: (index: number) => Promise<string>, stopAt?: FinalStatus): Promise<LoadedCase> {
  const c = generateCase(cx, index);
  const target = stopAt ?? c.status;
  if (c.adaptedFromIndex !== null && idOf) c.input.adaptedFrom = toGlobalId('PracticeCase', await idOf(c.adaptedFromIndex));
  const cases = system.services.practiceCases;
  let { id, version } = unwrap('create', c, await cases.create(serviceContext(system), c.input));
  const gid = toGlobalId('PracticeCase', id);
  const step = async (action: 'submit' | 'publish' | 'archive') => {
    ({ version } = unwrap(action, c, await cases.transition(serviceContext(system), action, { id: gid, expectedVersion: version })));
  };
  if (target !== 'DRAFT') await step('submit');
  if (target === 'PUBLISHED' || target === 'ARCHIVED') await step('publish');
  if (target === 'ARCHIVED') await step('archive');
  return { id, version, status: target };
}

export async function loadCases(
  system: System,
  cx: CorpusContext,
  count: number,
  opts: {
    concurrency?: number;
    onProgress?: (done: number, elapsedSeconds: number) => void;
    /** Cases 0..earlier.length-1, loaded before: only the rest is loaded, so a corpus grows in steps. */
    earlier?: LoadedCase[];
  } = {},
): Promise<LoadResult> {
  const started = performance.now();
  const ids = new Map<number, { promise: Promise<string>; resolve: (id: string) => void; reject: (err: unknown) => void }>();
  const slot = (i: number) => {
    let s = ids.get(i);
    if (!s) {
      let resolve!: (id: string) => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined);
      s = { promise, resolve, reject };
      ids.set(i, s);
    }
    return s;
  };
  const earlier = opts.earlier ?? [];
  const from = earlier.length;
  const cases: LoadedCase[] = [...earlier, ...new Array<LoadedCase>(Math.max(0, count - from))];
  // An adaptation of an earlier step's case finds it already loaded.
  const idOf = (j: number) => (j < from ? Promise.resolve(earlier[j].id) : slot(j).promise);
  let done = 0;
  let lastReport = started;
  await pool(count - from, opts.concurrency ?? 12, async (k) => {
    const i = from + k;
    try {
      cases[i] = await loadCase(system, cx, i, idOf);
      slot(i).resolve(cases[i].id);
    } catch (err) {
      slot(i).reject(err);
      throw err;
    }
    done++;
    const now = performance.now();
    if (opts.onProgress && now - lastReport > 5000) {
      lastReport = now;
      opts.onProgress(done, (now - started) / 1000);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  return { cases, seconds, casesPerSecond: (count - from) / seconds };
}
