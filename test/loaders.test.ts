// A request's DataLoaders (server/src/loaders.ts): made per module on first read, the
// same loader on every later read in that request, never shared between requests.
import 'reflect-metadata';
import DataLoader from 'dataloader';
import { createLoaders } from '../server/src/loaders';
import { createGeoLoaders } from '../server/src/modules/geo/geo.loaders';
import { createThemeLoaders } from '../server/src/modules/themes/theme.loaders';
import { createOrganizationLoaders } from '../server/src/modules/organizations/organization.loaders';
import { createPracticeCaseLoaders } from '../server/src/modules/practice-cases/practice-case.loaders';
import { createStudyVisitLoaders } from '../server/src/modules/study-visits/study-visit.loaders';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();

describe("a request's loaders", () => {
  it('are made per module when first read, and stay the same within the request', () => {
    const loaders = createLoaders(t.system.orm.em.fork());
    const made = (loaders as unknown as { made: unknown[] }).made;
    expect(made.filter(Boolean)).toHaveLength(0);
    const first = loaders.practiceCase;
    expect(first).toBeInstanceOf(DataLoader);
    expect(loaders.practiceCase).toBe(first);
    expect(loaders.adaptationsOfCase).toBeInstanceOf(DataLoader);
    expect(made.filter(Boolean)).toHaveLength(1);
  });

  it('are not shared between requests', () => {
    const em = t.system.orm.em.fork();
    const a = createLoaders(em);
    const b = createLoaders(em);
    expect(a.practiceCase).not.toBe(b.practiceCase);
    expect(a.municipality).not.toBe(b.municipality);
  });

  it('offer every loader of every module', async () => {
    const em = t.system.orm.em.fork();
    const loaders = createLoaders(em) as unknown as Record<string, unknown>;
    const names = [createGeoLoaders, createThemeLoaders, createOrganizationLoaders, createPracticeCaseLoaders, createStudyVisitLoaders].flatMap((make) => Object.keys(make(em)));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(loaders[name]).toBeDefined();
    // A loader made lazily still loads: the first county by its code.
    const county = await (loaders.county as DataLoader<string, { name: string } | null>).load('01');
    expect(county?.name).toBe('Stockholms län');
  });
});
