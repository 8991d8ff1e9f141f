// What a signed-in person does with their own account: list and end their sessions,
// change their password, and make and revoke personal API tokens — the last so that a
// partner can get a token without an admin or the command line. Everything acts on the
// viewer's own user only; API clients have none of this.
import type { Context, Viewer } from '../../core/context';
import { UserErrorCode, UserErrors, apiError, userError } from '../../core/errors';
import { runMutation } from '../../core/mutation';
import { isUuid, toGlobalId } from '../../core/relay/global-id';
import { ApiToken, User } from './account.entities';
import { TOKEN_PREFIX, applyPassword, checkName, checkScopes, generateToken, hashToken } from './accounts.service';
import type { CreateTokenPayload, RevokeTokenPayload } from './account.types';
import type { ChangePasswordPayload, RevokeSessionPayload, SignInSessionView } from './own-account.types';
import { MAX_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { WebSession } from './session.entities';
import { ACCOUNT_RULE, accountKey, isLocked, recordFailure } from './sign-in-throttle';

/** More live personal tokens than this is a sign of scripts making them in a loop. */
export const MAX_PERSONAL_TOKENS = 50;

/** The viewer's own user id; API clients and anonymous callers have no account here. */
function ownUserId(viewer: Viewer): string {
  if (viewer.kind !== 'user' || !viewer.actorId?.startsWith('user:')) throw apiError('FORBIDDEN', 'Only people (users) have an account of their own');
  return viewer.actorId.slice('user:'.length);
}

const notFound = (field: string, what: string) => new UserErrors([userError(field, UserErrorCode.NOT_FOUND, `No such ${what} of yours`)]);

export function sessionView(s: WebSession, viewer: Viewer): SignInSessionView {
  return { id: toGlobalId('SignInSession', s.id), createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, userAgent: s.userAgent ?? null, current: s.id === viewer.sessionId };
}

export class OwnAccountService {
  /** Live sessions (not revoked, not past their absolute end), most recently used first. */
  async sessions(ctx: Context): Promise<SignInSessionView[]> {
    const rows = await ctx.em.find(WebSession, { user: ownUserId(ctx.viewer), revokedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { lastSeenAt: 'desc' }, limit: 100 });
    return rows.map((s) => sessionView(s, ctx.viewer));
  }

  /** Ends one of the viewer's sessions; the browser holding it is refused on its very next request. */
  revokeSession(ctx: Context, id: string): Promise<RevokeSessionPayload> {
    const userId = ownUserId(ctx.viewer);
    return runMutation(ctx, {
      name: 'revokeSession',
      work: async (em) => {
        const session = isUuid(id) ? await em.findOne(WebSession, { id, user: userId }) : null;
        if (!session) throw notFound('id', 'session');
        session.revokedAt ??= new Date();
        return session;
      },
      payload: (session) => ({ session: sessionView(session, ctx.viewer) }),
      nothing: { session: null },
    });
  }

  /**
   * Needs the current password (throttled like signing in, so a borrowed session cannot
   * guess it); every other session ends, this one stays.
   */
  changePassword(ctx: Context, current: string, next: string): Promise<ChangePasswordPayload> {
    const userId = ownUserId(ctx.viewer);
    const wrong = (message: string) => new UserErrors([userError('currentPassword', UserErrorCode.INVALID, message)]);
    return runMutation(ctx, {
      name: 'changePassword',
      work: async (em) => {
        const user = await em.findOneOrFail(User, { id: userId }, { populate: ['passwordHash'] });
        const key = accountKey(user.email);
        if (await isLocked(em, [key])) throw wrong('Too many wrong passwords; wait a while and try again');
        if (current.length > MAX_PASSWORD_LENGTH * 4 || !(await verifyPassword(user.passwordHash, current))) {
          // Outside the mutation's transaction, which rolls back: the failure must count.
          await recordFailure(ctx.em, key, ACCOUNT_RULE);
          throw wrong('The current password is not right');
        }
        await applyPassword(user, next, 'newPassword');
        await em.nativeUpdate(WebSession, { user: userId, revokedAt: null, ...(ctx.viewer.sessionId ? { id: { $ne: ctx.viewer.sessionId } } : {}) }, { revokedAt: new Date() });
        return user;
      },
      payload: (user) => ({ user }),
      nothing: { user: null },
    });
  }

  /** Live personal tokens, newest first. */
  personalTokens(ctx: Context): Promise<ApiToken[]> {
    return ctx.em.find(ApiToken, { user: ownUserId(ctx.viewer), revokedAt: null }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: MAX_PERSONAL_TOKENS });
  }

  /** A token for the viewer, with at most the viewer's own scopes; the payload carries it in clear text, once. */
  createPersonalToken(ctx: Context, input: { name: string; scopes: string[]; expiresAt?: Date | null }): Promise<CreateTokenPayload> {
    const userId = ownUserId(ctx.viewer);
    return runMutation(ctx, {
      name: 'createPersonalToken',
      work: async (em) => {
        const name = checkName(input.name);
        const scopes = checkScopes(input.scopes);
        if (!scopes.length) throw new UserErrors([userError('scopes', UserErrorCode.REQUIRED, 'choose at least one scope')]);
        if (scopes.some((s) => !ctx.viewer.scopes.includes(s))) throw new UserErrors([userError('scopes', UserErrorCode.FORBIDDEN, 'a token cannot have scopes you do not have')]);
        if (input.expiresAt && !(input.expiresAt.getTime() > Date.now())) throw new UserErrors([userError('expiresAt', UserErrorCode.OUT_OF_RANGE, 'expiresAt must be in the future')]);
        if ((await em.count(ApiToken, { user: userId, revokedAt: null })) >= MAX_PERSONAL_TOKENS) {
          throw new UserErrors([userError([], UserErrorCode.OUT_OF_RANGE, `you have ${MAX_PERSONAL_TOKENS} tokens; revoke one first`)]);
        }
        const token = generateToken();
        const apiToken = em.create(ApiToken, { hash: hashToken(token), prefix: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8), name, user: em.getReference(User, userId), scopes, expiresAt: input.expiresAt ?? null });
        return { token, apiToken };
      },
      payload: (created) => created,
      nothing: { token: null, apiToken: null },
    });
  }

  revokePersonalToken(ctx: Context, id: string): Promise<RevokeTokenPayload> {
    const userId = ownUserId(ctx.viewer);
    return runMutation(ctx, {
      name: 'revokePersonalToken',
      work: async (em) => {
        const token = isUuid(id) ? await em.findOne(ApiToken, { id, user: userId }) : null;
        if (!token) throw notFound('id', 'token');
        token.revokedAt ??= new Date();
        return token;
      },
      payload: (apiToken) => ({ apiToken }),
      nothing: { apiToken: null },
    });
  }
}
