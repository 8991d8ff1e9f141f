// `viewer` for everyone; user, client and token administration for admins only
// (`@Authorized('ADMIN')`, enforced by core/auth/auth-checker.ts before any resolver runs).
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { ConnectionType, paginate } from '../../core/relay/connection';
import { decodeId, toGlobalId, type UuidKeyedType } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { ApiClient, ApiToken, User } from './account.entities';
import {
  ApiClientPayload,
  ApiTokensArgs,
  CreateApiClientInput,
  CreateTokenInput,
  CreateTokenPayload,
  CreateUserInput,
  RevokeTokenInput,
  RevokeTokenPayload,
  UserPayload,
  ViewerKind,
  ViewerProfile,
} from './account.types';

export const ApiTokenConnection = ConnectionType(ApiToken);

/** The key of a global id of the given type, or a value that matches nothing. */
function keyOf(id: string | null | undefined, type: UuidKeyedType): string | undefined {
  if (!id) return undefined;
  return decodeId(id, type) ?? 'not-an-id';
}

@Resolver()
export class AccountsResolver {
  @Query(() => ViewerProfile, { nullable: true, description: 'Who is acting: the signed-in user or API client; null when anonymous.' })
  async viewer(@Ctx() ctx: Context): Promise<ViewerProfile | null> {
    const v = ctx.viewer;
    if (v.kind !== 'user' && v.kind !== 'client') return null;
    const [kind, id] = v.actorId!.split(':');
    const email = kind === 'user' ? ((await ctx.services.accounts.findUser(ctx, id))?.email ?? null) : null;
    return Object.assign(new ViewerProfile(), {
      id: toGlobalId(kind === 'user' ? 'User' : 'ApiClient', id),
      kind: kind === 'user' ? ViewerKind.USER : ViewerKind.CLIENT,
      name: v.displayName ?? '',
      email,
      role: v.role ?? null,
      scopes: v.scopes,
      municipalityCode: v.municipalityCode,
      organizationId: v.organizationId,
    });
  }

  @Authorized('ADMIN')
  @Query(() => ApiTokenConnection, { description: 'Tokens, newest first (admins only). Never shows a token itself.' })
  apiTokens(@Args() args: ApiTokensArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const where = ctx.services.accounts.tokenWhere({
      userId: keyOf(args.filter?.user, 'User'),
      clientId: keyOf(args.filter?.client, 'ApiClient'),
      includeRevoked: args.filter?.includeRevoked ?? false,
    });
    return paginate(ctx.em, ApiToken, where, args, { orderBy: { createdAt: 'desc', id: 'desc' }, info });
  }

  @Authorized('ADMIN')
  @Mutation(() => UserPayload, { description: 'Admins only.' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context): Promise<UserPayload> {
    return ctx.services.accounts.createUser(ctx, { name: input.name, email: input.email, role: input.role, municipalityCode: input.municipality });
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiClientPayload, { description: 'Admins only.' })
  createApiClient(@Arg('input') input: CreateApiClientInput, @Ctx() ctx: Context): Promise<ApiClientPayload> {
    return ctx.services.accounts.createClient(ctx, { name: input.name, organizationSlug: input.organization, municipalityCode: input.municipality, scopes: input.scopes });
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateTokenPayload, { description: 'Admins only. The payload carries the token in clear text, the only time it is shown.' })
  createToken(@Arg('input') input: CreateTokenInput, @Ctx() ctx: Context): Promise<CreateTokenPayload> {
    return ctx.services.accounts.createToken(ctx, {
      name: input.name,
      userId: keyOf(input.user, 'User'),
      clientId: keyOf(input.client, 'ApiClient'),
      scopes: input.scopes ?? undefined,
      expiresAt: input.expiresAt ?? null,
    });
  }

  @Authorized('ADMIN')
  @Mutation(() => RevokeTokenPayload, { description: 'Admins only. Revoking twice keeps the first revocation time.' })
  revokeToken(@Arg('input') input: RevokeTokenInput, @Ctx() ctx: Context): Promise<RevokeTokenPayload> {
    return ctx.services.accounts.revokeToken(ctx, keyOf(input.id, 'ApiToken') ?? '');
  }
}

@Resolver(() => ViewerProfile)
export class ViewerFieldsResolver {
  @FieldResolver(() => Municipality, { nullable: true, description: 'The municipality the viewer acts for.' })
  municipality(@Root() v: ViewerProfile, @Ctx() ctx: Context): Promise<Municipality | null> | null {
    return v.municipalityCode ? ctx.loaders.municipality.load(v.municipalityCode) : null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'API clients: the organization they act for.' })
  organization(@Root() v: ViewerProfile, @Ctx() ctx: Context): Promise<Organization | null> | null {
    return v.organizationId ? ctx.loaders.organization.load(v.organizationId) : null;
  }
}

@Resolver(() => User)
export class UserFieldsResolver {
  @FieldResolver(() => Municipality, { nullable: true })
  municipality(@Root() u: User, @Ctx() ctx: Context): Promise<Municipality | null> | null {
    return u.municipality ? ctx.loaders.municipality.load(u.municipality.code) : null;
  }
}

@Resolver(() => ApiClient)
export class ApiClientFieldsResolver {
  @FieldResolver(() => Organization)
  async organization(@Root() c: ApiClient, @Ctx() ctx: Context): Promise<Organization> {
    return (await ctx.loaders.organization.load(c.organization.id))!;
  }

  @FieldResolver(() => Municipality, { nullable: true })
  municipality(@Root() c: ApiClient, @Ctx() ctx: Context): Promise<Municipality | null> | null {
    return c.municipality ? ctx.loaders.municipality.load(c.municipality.code) : null;
  }
}

@Resolver(() => ApiToken)
export class ApiTokenFieldsResolver {
  @FieldResolver(() => User, { nullable: true })
  user(@Root() t: ApiToken): Promise<User | null> | null {
    return t.user ? t.user.load() : null;
  }

  @FieldResolver(() => ApiClient, { nullable: true })
  client(@Root() t: ApiToken): Promise<ApiClient | null> | null {
    return t.client ? t.client.load() : null;
  }
}
