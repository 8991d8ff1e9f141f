import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { ConnectionType } from '../../core/relay/connection';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from './organization.entity';
import { CreateOrganizationInput, OrganizationPayload, OrganizationsArgs } from './organization.types';

export const OrganizationConnection = ConnectionType(Organization);

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: 'An organization by slug; null when there is none.' })
  organization(@Arg('slug') slug: string, @Ctx() ctx: Context): Promise<Organization | null> {
    return ctx.services.organizations.bySlug(ctx, slug);
  }

  @Query(() => OrganizationConnection, { description: 'A page of partner organizations.' })
  organizations(@Args() args: OrganizationsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.organizations.list(ctx, args.filter, args, info);
  }

  // Signed in (the schema's coarse check); which roles may is organization.policy.ts's.
  @Authorized()
  @Mutation(() => OrganizationPayload, { description: 'Adds a partner organization.' })
  createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() ctx: Context) {
    return ctx.services.organizations.create(ctx, input);
  }

  @FieldResolver(() => Municipality, { nullable: true })
  homeMunicipality(@Root() o: Organization, @Ctx() ctx: Context): Promise<Municipality | null> | null {
    return o.homeMunicipality ? ctx.loaders.municipality.load(o.homeMunicipality.code) : null;
  }
}
