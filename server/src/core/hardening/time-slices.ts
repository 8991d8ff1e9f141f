// Keeps one request from holding the event loop. graphql-js calls the resolver of a
// field for every parent in one synchronous go: a connection under 290 municipalities is
// 290 calls, each building its own page and count queries (a few milliseconds of
// MikroORM work apiece, most of it after an await that all of them pass at once), and an
// alias flood of root fields is hundreds more. Done in one go that was seconds in which
// /healthz and every other caller waited. So the resolvers that do such work per call —
// connections (the fields the cost model prices per parent) and root query fields — run
// in a few lanes per request, and a lane is entered only while the current time slice
// has time left; past SLICE_MS the next one waits for a later turn of the event loop,
// so I/O and timers are served in between. The request takes as long as before; nobody
// else waits for it.
import { performance } from 'node:perf_hooks';
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

export const SLICE_MS = 10;
/** Such resolvers of one request running at once: few enough that their synchronous parts stay short together. */
export const LANES = 4;

/** When the current slice began; -1 when none is open. A slice ends at the next check phase. */
let sliceStart = -1;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves once the caller may run: at once while the current slice has time left, otherwise in a later turn. */
export async function takeTurn(): Promise<void> {
  // graphql-js calls all the siblings before any of them runs: look at the clock when it is this one's turn.
  await Promise.resolve();
  for (;;) {
    if (sliceStart < 0) {
      sliceStart = performance.now();
      setImmediate(() => {
        sliceStart = -1;
      });
      return;
    }
    if (performance.now() - sliceStart < SLICE_MS) return;
    await nextTurn();
  }
}

interface Lanes {
  free: number;
  waiting: (() => void)[];
}

// One set of lanes per request: the context object graphql-js hands every resolver of it.
const lanesOf = new WeakMap<object, Lanes>();

async function inLane<T>(context: object, run: () => T | Promise<T>): Promise<T> {
  let lanes = lanesOf.get(context);
  if (!lanes) lanesOf.set(context, (lanes = { free: LANES, waiting: [] }));
  if (lanes.free > 0) lanes.free -= 1;
  else await new Promise<void>((resolve) => lanes.waiting.push(resolve));
  try {
    await takeTurn();
    return await run();
  } finally {
    // Hand the lane straight to the next waiter, if any.
    const next = lanes.waiting.shift();
    if (next) next();
    else lanes.free += 1;
  }
}

const sliced = new WeakSet<GraphQLSchema>();

/** Puts, once per schema, the resolvers of root query fields and of connections (fields with `first`/`last`) in lanes. */
export function timeSliceResolvers(schema: GraphQLSchema): GraphQLSchema {
  if (sliced.has(schema)) return schema;
  sliced.add(schema);
  const query = schema.getQueryType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const paged = field.args.some((a) => a.name === 'first' || a.name === 'last');
      if (!field.resolve || (type !== query && !paged)) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
      field.resolve = (source, args, context: unknown, info) =>
        context !== null && typeof context === 'object' ? inLane(context, () => resolve(source, args, context, info)) : resolve(source, args, context, info);
    }
  }
  return schema;
}
