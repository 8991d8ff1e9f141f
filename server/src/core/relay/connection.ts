import 'reflect-metadata';
// The one pagination helper: Relay cursor connections on top of MikroORM's
// findByCursor (keyset pagination, so cursors stay stable under concurrent inserts).
import type { EntityManager, EntityName, FilterQuery, FindByCursorOptions } from '@mikro-orm/core';
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors';
import { isUuid } from './global-id';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Where a page sits: whether there are more, and the cursors of its ends.' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class ForwardPageArgs {
  @Field(() => Int, { nullable: true, description: `1..${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class PageArgs extends ForwardPageArgs {
  @Field(() => Int, { nullable: true, description: `1..${MAX_PAGE_SIZE}; pages backwards from before.` })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** `XConnection` and `XEdge` object types for a node class. */
export function ConnectionType<T extends object>(nodeClass: ClassType<T>, name = nodeClass.name) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with the cursor to page on from it.` })
  class EdgeClass {
    @Field() cursor!: string;
    @Field(() => nodeClass) node!: T;
  }
  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects.` })
  class ConnectionClass {
    @Field(() => [EdgeClass]) edges!: EdgeClass[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'How many objects match, across all pages.' }) totalCount!: number;
  }
  return ConnectionClass;
}

export interface PageSpec {
  first?: number;
  last?: number;
  after?: string;
  before?: string;
}

function checkSize(arg: string, n: number | null | undefined): number | undefined {
  if (n === null || n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw badInput(arg, `must be between 1 and ${MAX_PAGE_SIZE}`);
  return n;
}

/**
 * The type of one value in a cursor, as the order column it comes from stores it:
 * a cursor is checked value by value before any of it reaches SQL, so a forged one is
 * the client's error (BAD_USER_INPUT), never a database error.
 */
export type CursorValueType = 'string' | 'uuid' | 'date' | 'datetime' | 'integer';

/** Longest cursor accepted: a 200-character title of 4-byte characters, a uuid, and JSON. */
const MAX_CURSOR_LENGTH = 1500;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// What Date#toJSON writes, and what MikroORM's Cursor.decode revives as a Date.
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A real calendar day: "2019-02-30" parses in JavaScript but PostgreSQL refuses it. */
function isDay(v: string): boolean {
  if (!ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const VALUE_CHECKS: Record<CursorValueType, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && !/\u0000/.test(v),
  uuid: isUuid,
  date: (v) => typeof v === 'string' && isDay(v),
  datetime: (v) => typeof v === 'string' && ISO_DATETIME.test(v) && !Number.isNaN(new Date(v).getTime()) && new Date(v).toISOString() === v,
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v),
};

/**
 * The one cursor codec: a cursor is base64url JSON of the row's order-column values.
 * Decoding checks its shape, its length and, when `types` is given, that it has one
 * value per order column of the right type; datetimes come back as Dates.
 */
export function decodeCursor(arg: string, cursor: string | null | undefined, types?: readonly CursorValueType[] | number): unknown[] | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const invalid = () => badInput(arg, 'is not a valid cursor');
  let values: unknown;
  try {
    if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error();
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (!Array.isArray(values) || values.length === 0 || !values.every(scalar)) throw invalid();
  const list: unknown[] = values; // Array.isArray says any[]
  if (types === undefined) return list;
  const count = typeof types === 'number' ? types : types.length;
  if (list.length !== count) throw invalid();
  if (typeof types === 'number') return list;
  if (!list.every((v, i) => VALUE_CHECKS[types[i]](v))) throw invalid();
  return list.map((v, i) => (types[i] === 'datetime' ? new Date(v as string) : v));
}

export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Checks a cursor with `decodeCursor` and hands it back unchanged. */
export function checkCursor(arg: string, cursor: string | null | undefined, types?: readonly CursorValueType[] | number): string | undefined {
  decodeCursor(arg, cursor, types);
  return cursor ?? undefined;
}

/** Validates first/last/after/before per the API contract and fills the default. */
export function pageSpec(args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null }, types?: readonly CursorValueType[] | number): PageSpec {
  const first = checkSize('first', args.first);
  const last = checkSize('last', args.last);
  if (first !== undefined && last !== undefined) throw badInput('last', 'cannot be combined with first');
  const after = checkCursor('after', args.after, types);
  const before = checkCursor('before', args.before, types);
  if (last === undefined && first === undefined && before !== undefined) return { last: DEFAULT_PAGE_SIZE, before, after };
  return last !== undefined ? { last, before, after } : { first: first ?? DEFAULT_PAGE_SIZE, after, before };
}

/** Whether the client asked for `totalCount`, so the count query can be skipped when not. */
export function wantsTotalCount(info?: GraphQLResolveInfo): boolean {
  if (!info) return true;
  return info.fieldNodes.some((node) =>
    node.selectionSet?.selections.some((s) => s.kind !== Kind.FIELD || s.name.value === 'totalCount'),
  );
}

/** The fields a selection reads, each with its own sub-selection (fragments merged in). */
export type Selection = Map<string, Selection>;

function collectSelection(info: GraphQLResolveInfo, selections: readonly SelectionNode[] | undefined, into: Selection, fragments: Set<string>): void {
  for (const s of selections ?? []) {
    if (s.kind === Kind.FIELD) {
      let child = into.get(s.name.value);
      if (!child) into.set(s.name.value, (child = new Map<string, Selection>()));
      collectSelection(info, s.selectionSet?.selections, child, fragments);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      collectSelection(info, s.selectionSet.selections, into, fragments);
    } else if (!fragments.has(s.name.value)) {
      // A fragment spread twice at one level adds nothing new; the guard also stops cycles.
      const inner = new Set(fragments).add(s.name.value);
      collectSelection(info, info.fragments[s.name.value]?.selectionSet.selections, into, inner);
    }
  }
}

/**
 * What a connection's selection reads on its nodes (`edges { node { … } }`), so a page
 * can fetch only the columns and relations it needs.
 */
export function nodeSelection(info: GraphQLResolveInfo): Selection {
  return nodesOf(fieldSelection(info));
}

/** The part of a connection's selection that reads its nodes (`edges { node { … } }`). */
export function nodesOf(selection: Selection): Selection {
  return selection.get('edges')?.get('node') ?? new Map<string, Selection>();
}

/** What the resolved field's selection reads, fragments merged in (`@skip`/`@include` count as read). */
export function fieldSelection(info: GraphQLResolveInfo): Selection {
  const root: Selection = new Map();
  for (const node of info.fieldNodes) collectSelection(info, node.selectionSet?.selections, root, new Set());
  return root;
}

/** Cursor value types by the column's SQL type (its name without length or precision). */
const COLUMN_TYPES: Record<string, CursorValueType> = {
  uuid: 'uuid',
  varchar: 'string',
  'character varying': 'string',
  text: 'string',
  date: 'date',
  timestamptz: 'datetime',
  'timestamp with time zone': 'datetime',
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
};

/** The cursor value types of an order, read from the entity's mapping of its columns. */
function cursorTypes<T extends object>(em: EntityManager, entity: EntityName<T>, orderBy: Record<string, unknown>): CursorValueType[] {
  const meta = em.getMetadata().find(entity)!;
  return Object.keys(orderBy).map((key) => {
    const column = String((meta.properties as Record<string, { columnTypes?: string[] }>)[key]?.columnTypes?.[0]).replace(/\(.*$/, '');
    const type = COLUMN_TYPES[column];
    // A programming error, caught by the tests that page every connection.
    if (!type) throw new Error(`no cursor type for ${meta.className}.${key} (${column})`);
    return type;
  });
}

/**
 * Runs a keyset-paginated query. `orderBy` must end in a unique key so that every
 * row has exactly one position.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null },
  options: Omit<FindByCursorOptions<T, never, '*', never, boolean>, 'first' | 'last' | 'after' | 'before' | 'includeCount'> & {
    orderBy: Record<string, unknown>;
    info?: GraphQLResolveInfo;
  },
): Promise<ConnectionResult<T>> {
  const { info, ...findOptions } = options;
  const spec = pageSpec(args, cursorTypes(em, entity, options.orderBy));
  const includeCount = wantsTotalCount(info);
  // MikroORM's FindByCursorOptions cannot be spelled for a generic entity T, so the
  // caller's options pass through untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument
  const cursor = await em.findByCursor(entity, where, { ...(findOptions as any), ...spec, includeCount });
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node: node })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: cursor.hasPrevPage,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: (cursor as { totalCount?: number }).totalCount ?? -1,
  };
}
