import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { fieldSelection, nodesOf } from '../../core/relay/connection';
import { SearchArgs, SearchResult } from './search.types';

@Resolver()
export class SearchResolver {
  @Query(() => SearchResult, { description: 'Full-text search over published practice cases, with filters and facets.' })
  search(@Args() args: SearchArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<SearchResult> {
    // Each hit's case is loaded with only the columns the query reads of it, and
    // Meilisearch counts facets only for a query that reads them.
    const selection = fieldSelection(info);
    return ctx.services.search.search(ctx, args, nodesOf(selection), { facets: selection.has('facets') });
  }
}
