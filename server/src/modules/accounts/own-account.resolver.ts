// A person's own account over GraphQL: `viewer { sessions personalTokens }` and the
// mutations on them. The website's /konto pages use exactly these (web/pages/account*.tsx).
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { decodeId } from '../../core/relay/global-id';
import { ApiToken } from './account.entities';
import { CreateTokenPayload, RevokeTokenPayload, ViewerKind, ViewerProfile } from './account.types';
import {
  ChangePasswordInput,
  ChangePasswordPayload,
  CreatePersonalTokenInput,
  RevokePersonalTokenInput,
  RevokeSessionInput,
  RevokeSessionPayload,
  SignInSessionView,
} from './own-account.types';

@Resolver(() => ViewerProfile)
export class OwnAccountFieldsResolver {
  @FieldResolver(() => [SignInSessionView], { description: 'Users: the browsers signed in to the website as you (empty for API clients).' })
  sessions(@Root() v: ViewerProfile, @Ctx() ctx: Context): Promise<SignInSessionView[]> | SignInSessionView[] {
    return v.kind === ViewerKind.USER ? ctx.services.ownAccount.sessions(ctx) : [];
  }

  @FieldResolver(() => [ApiToken], { description: 'Users: your live personal API tokens, newest first (never the tokens themselves).' })
  personalTokens(@Root() v: ViewerProfile, @Ctx() ctx: Context): Promise<ApiToken[]> | ApiToken[] {
    return v.kind === ViewerKind.USER ? ctx.services.ownAccount.personalTokens(ctx) : [];
  }
}

@Resolver()
export class OwnAccountResolver {
  @Authorized('USER')
  @Mutation(() => RevokeSessionPayload, { description: 'Ends one of your own website sessions; that browser is signed out on its next request.' })
  revokeSession(@Arg('input') input: RevokeSessionInput, @Ctx() ctx: Context): Promise<RevokeSessionPayload> {
    return ctx.services.ownAccount.revokeSession(ctx, decodeId(input.id, 'SignInSession') ?? '');
  }

  @Authorized('USER')
  @Mutation(() => ChangePasswordPayload, { description: 'Changes your password; needs the current one. Your other website sessions end.' })
  changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() ctx: Context): Promise<ChangePasswordPayload> {
    return ctx.services.ownAccount.changePassword(ctx, input.currentPassword, input.newPassword);
  }

  @Authorized('USER')
  @Mutation(() => CreateTokenPayload, { description: 'A bearer token for yourself, with at most your own scopes. The payload carries it in clear text, the only time it is shown.' })
  createPersonalToken(@Arg('input') input: CreatePersonalTokenInput, @Ctx() ctx: Context): Promise<CreateTokenPayload> {
    return ctx.services.ownAccount.createPersonalToken(ctx, { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt ?? null });
  }

  @Authorized('USER')
  @Mutation(() => RevokeTokenPayload, { description: 'Revokes one of your own tokens.' })
  revokePersonalToken(@Arg('input') input: RevokePersonalTokenInput, @Ctx() ctx: Context): Promise<RevokeTokenPayload> {
    return ctx.services.ownAccount.revokePersonalToken(ctx, decodeId(input.id, 'ApiToken') ?? '');
  }
}
