import 'reflect-metadata';
// The one pagination helper: Relay cursor connections on top of MikroORM's
// findByCursor (keyset pagination, so cursors stay stable under concurrent inserts).
import type { EntityManager, EntityName, FilterQuery, FindByCursorOptions } from '@mikro-orm/core';
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
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
  @ObjectType(`${name}Edge`)
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

/** A cursor must be one we could have made: base64url JSON array of scalars. */
export function checkCursor(arg: string, cursor: string | null | undefined, keyCount?: number): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  let values: unknown;
  try {
    if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error();
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(arg, 'is not a valid cursor');
  }
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (!Array.isArray(values) || values.length === 0 || !values.every(scalar) || (keyCount !== undefined && values.length !== keyCount)) {
    throw badInput(arg, 'is not a valid cursor');
  }
  return cursor;
}

/** Validates first/last/after/before per the API contract and fills the default. */
export function pageSpec(args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null }, keyCount?: number): PageSpec {
  const first = checkSize('first', args.first);
  const last = checkSize('last', args.last);
  if (first !== undefined && last !== undefined) throw badInput('last', 'cannot be combined with first');
  const after = checkCursor('after', args.after, keyCount);
  const before = checkCursor('before', args.before, keyCount);
  if (last === undefined && first === undefined && before !== undefined) return { last: DEFAULT_PAGE_SIZE, before, after };
  return last !== undefined ? { last, before, after } : { first: first ?? DEFAULT_PAGE_SIZE, after, before };
}

/** Whether the client asked for `totalCount`, so the count query can be skipped when not. */
export function wantsTotalCount(info?: GraphQLResolveInfo): boolean {
  if (!info) return true;
  return info.fieldNodes.some((node) =>
    node.selectionSet?.selections.some((s) => s.kind !== 'Field' || s.name.value === 'totalCount'),
  );
}

/** The fields a selection reads, each with its own sub-selection (fragments merged in). */
export type Selection = Map<string, Selection>;

function collectSelection(info: GraphQLResolveInfo, selections: readonly SelectionNode[] | undefined, into: Selection, fragments: Set<string>): void {
  for (const s of selections ?? []) {
    if (s.kind === Kind.FIELD) {
      let child = into.get(s.name.value);
      if (!child) into.set(s.name.value, (child = new Map()));
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
  const root: Selection = new Map();
  for (const node of info.fieldNodes) collectSelection(info, node.selectionSet?.selections, root, new Set());
  return root.get('edges')?.get('node') ?? new Map();
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
  const spec = pageSpec(args, Object.keys(options.orderBy).length);
  const includeCount = wantsTotalCount(info);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cursor = await em.findByCursor(entity, where, { ...(findOptions as any), ...spec, includeCount });
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node: node as T })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: cursor.hasPrevPage,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: (cursor as { totalCount?: number }).totalCount ?? -1,
  };
}
