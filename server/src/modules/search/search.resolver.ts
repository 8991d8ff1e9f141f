import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { SearchArgs, SearchResult } from './search.types';

@Resolver()
export class SearchResolver {
  @Query(() => SearchResult, { description: 'Full-text search over published practice cases, with filters and facets.' })
  search(@Args() args: SearchArgs, @Ctx() ctx: Context): Promise<SearchResult> {
    return ctx.services.search.search(ctx, args);
  }
}
