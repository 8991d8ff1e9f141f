import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { capped } from '../list-caps';
import type { Context } from '../context';
import { badInput } from '../errors';
import { fromGlobalId } from './global-id';
import { Node } from './node.type';

/** How each module fetches its nodes; the fetcher applies the module's visibility rules. */
export type NodeFetcher = (ctx: Context, key: string) => Promise<object | null>;

const fetchers = new Map<string, NodeFetcher>();
const MAX_NODES = 100;

export function registerNodeType(type: string, fetch: NodeFetcher): void {
  fetchers.set(type, fetch);
}

export async function resolveNode(ctx: Context, id: string): Promise<object | null> {
  const parsed = fromGlobalId(id);
  const fetch = parsed && fetchers.get(parsed.type);
  return fetch ? fetch(ctx, parsed.key) : null;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when unknown or not visible.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
    return resolveNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Several objects by global id, in the same order; null for each unknown one.' })
  nodes(@Arg('ids', () => [ID], { description: capped(MAX_NODES) }) ids: string[], @Ctx() ctx: Context): Promise<(object | null)[]> {
    if (ids.length > MAX_NODES) throw badInput('ids', `at most ${MAX_NODES} items`);
    return Promise.all(ids.map((id) => resolveNode(ctx, id)));
  }
}
