import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { ConnectionType } from '../../core/relay/connection';
import { County } from './county.entity';
import { Municipality } from './municipality.entity';
import { LocalitiesArgs, LocalityView, MunicipalitiesArgs } from './geo.types';
import { withReference } from './reference-cache';

export const MunicipalityConnection = ConnectionType(Municipality);

@Resolver(() => County)
export class CountyResolver {
  @Query(() => [County], { description: 'All 21 counties, by code.' })
  counties(@Ctx() ctx: Context): Promise<County[]> {
    return ctx.services.geo.counties(ctx);
  }

  @FieldResolver(() => [Municipality])
  municipalities(@Root() county: County, @Ctx() ctx: Context): Promise<readonly Municipality[]> {
    return ctx.loaders.municipalitiesOfCounty.load(county.code);
  }
}

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => Municipality, { nullable: true, description: 'A municipality by its four-digit code (kommunkod).' })
  municipality(@Arg('code') code: string, @Ctx() ctx: Context): Promise<Municipality | null> {
    return ctx.services.geo.municipality(ctx, code);
  }

  @Query(() => MunicipalityConnection, { description: 'A page of Swedish municipalities (kommuner).' })
  municipalities(@Args() args: MunicipalitiesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.geo.municipalities(ctx, args.filter, args, info);
  }

  @FieldResolver(() => County)
  county(@Root() municipality: Municipality, @Ctx() ctx: Context): County | Promise<County> {
    return withReference(ctx, (r) => r.counties.get(municipality.county.code)!);
  }
}

@Resolver(() => LocalityView)
export class LocalityResolver {
  @Query(() => [LocalityView], { description: 'Places from the locality list by the start of their name, for suggesting place names of a case.' })
  localities(@Args() args: LocalitiesArgs, @Ctx() ctx: Context): Promise<LocalityView[]> {
    return ctx.services.geo.localities(ctx, args);
  }

  @FieldResolver(() => Municipality)
  municipality(@Root() locality: LocalityView, @Ctx() ctx: Context): Promise<Municipality | null> {
    return ctx.loaders.municipality.load(locality.municipalityCode);
  }
}
