// One running system per test file, declared in one line: useTestSystem registers the
// beforeAll that starts it (and runs the file's setup) and the afterAll that stops it, so
// the files no longer each carry a `let t` and the same pair of hooks.
import type { Config } from '../../server/src/config';
import { startTestSystem, type TestSystem, type TestSystemOptions } from './system';

export interface UseTestSystemOptions extends TestSystemOptions {
  /** jest's timeout for starting the system plus the setup (the file's default otherwise). */
  timeout?: number;
}

export interface TestSystemHandle<A extends object> {
  /** The file's system. It stands in for the running one, so it can be kept in a const and handed to helpers. */
  readonly t: TestSystem;
  /** What the setup returned (tokens, fixture ids), readable once beforeAll has run. */
  readonly actors: A;
}

/** Overrides known at load time, or computed in beforeAll (e.g. from a server the file starts first). */
export type Overrides = Partial<Config> | (() => Partial<Config> | Promise<Partial<Config>>);

/**
 * An object that reads every property from what `current` returns at the time of the read.
 * The hooks have not run when a test file's top level is evaluated; reads come later, in tests.
 */
function standIn<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      // Not a thenable: `await` and promise resolution look for `then`, and must see a plain value.
      if (key === 'then') return undefined;
      const value = current();
      if (value === undefined) throw new Error(`useTestSystem: ${what} was read before its beforeAll ran (read it in a test or hook)`);
      return Reflect.get(value, key);
    },
    has: (_, key) => key in (current() ?? {}),
  });
}

export function useTestSystem<A extends object = Record<never, never>>(
  overrides: Overrides = {},
  setup?: (t: TestSystem) => Promise<A>,
  options: UseTestSystemOptions = {},
): TestSystemHandle<A> {
  let system: TestSystem | undefined;
  let actors: A | undefined;
  const { timeout, ...systemOptions } = options;
  beforeAll(async () => {
    system = await startTestSystem(typeof overrides === 'function' ? await overrides() : overrides, systemOptions);
    actors = setup ? await setup(system) : ({} as A);
  }, timeout);
  afterAll(async () => {
    await system?.stop();
  });
  return { t: standIn('the test system', () => system), actors: standIn('the setup result', () => actors) };
}
