// `viewer` for everyone; user, client and token administration for admins only
// (`@Authorized('ADMIN')`, enforced by core/auth/auth-checker.ts before any resolver runs).
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { UserErrorCode, userError } from '../../core/errors';
import { ConnectionType, paginate } from '../../core/relay/connection';
import { decodeId, toGlobalId, type UuidKeyedType } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { ApiClient, ApiToken, User } from './account.entities';
import { AccountInputError } from './accounts.service';
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

/** Runs an account change; a refused input comes back as the payload's userErrors. */
async function asPayload<T extends object>(work: () => Promise<T>, empty: { [K in keyof T]: null }): Promise<{ [K in keyof T]: T[K] | null } & { userErrors: ReturnType<typeof userError>[] }> {
  try {
    return { ...(await work()), userErrors: [] };
  } catch (err) {
    if (err instanceof AccountInputError) return { ...empty, userErrors: [userError(err.field, err.code, err.message)] };
    throw err;
  }
}

@Resolver()
export class AccountsResolver {
  @Query(() => ViewerProfile, { nullable: true, description: 'Who is acting: the signed-in user or API client; null when anonymous.' })
  async viewer(@Ctx() ctx: Context): Promise<ViewerProfile | null> {
    const v = ctx.viewer;
    if (v.kind !== 'user' && v.kind !== 'client') return null;
    const [kind, id] = v.actorId!.split(':');
    const email = kind === 'user' ? ((await ctx.services.accounts.findUser(ctx.em, id))?.email ?? null) : null;
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
    return asPayload(
      async () => ({ user: await ctx.services.accounts.createUser(ctx.em, { name: input.name, email: input.email, role: input.role, municipalityCode: input.municipality }) }),
      { user: null },
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiClientPayload, { description: 'Admins only.' })
  createApiClient(@Arg('input') input: CreateApiClientInput, @Ctx() ctx: Context): Promise<ApiClientPayload> {
    return asPayload(
      async () => ({
        apiClient: await ctx.services.accounts.createClient(ctx.em, { name: input.name, organizationSlug: input.organization, municipalityCode: input.municipality, scopes: input.scopes }),
      }),
      { apiClient: null },
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateTokenPayload, { description: 'Admins only. The payload carries the token in clear text, the only time it is shown.' })
  createToken(@Arg('input') input: CreateTokenInput, @Ctx() ctx: Context): Promise<CreateTokenPayload> {
    return asPayload(
      async () => {
        const { token, record } = await ctx.services.accounts.createToken(ctx.em, {
          name: input.name,
          userId: keyOf(input.user, 'User'),
          clientId: keyOf(input.client, 'ApiClient'),
          scopes: input.scopes ?? undefined,
          expiresAt: input.expiresAt ?? null,
        });
        return { token, apiToken: record };
      },
      { token: null, apiToken: null },
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => RevokeTokenPayload, { description: 'Admins only. Revoking twice keeps the first revocation time.' })
  revokeToken(@Arg('input') input: RevokeTokenInput, @Ctx() ctx: Context): Promise<RevokeTokenPayload> {
    const id = keyOf(input.id, 'ApiToken');
    return asPayload(async () => ({ apiToken: await ctx.services.accounts.revokeToken(ctx.em, id ?? '') }), { apiToken: null }).then((p) =>
      p.userErrors.length ? { ...p, userErrors: [userError('id', UserErrorCode.NOT_FOUND, 'No such token')] } : p,
    );
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
