// Users, API clients and their bearer tokens. A token is `utb_` + 32 random bytes
// (base64url); only its SHA-256 is stored, so a database leak yields no usable token.
// Like every service, methods take the context first; the admin CLI and the development
// start call them with a system context (system-context.ts). Only `authenticate` takes
// the EntityManager: it runs before there is a viewer to make a context for.
import { createHash, randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Viewer } from '../../core/context';
import { UserErrorCode, UserErrors, apiError, userError } from '../../core/errors';
import { queryRows } from '../../core/db/read-only';
import { runMutation } from '../../core/mutation';
import { isUuid } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { ApiClient, ApiToken, Role, SCOPES, User, type Scope } from './account.entities';
import { canAdministerAccounts } from './account.policy';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, passwordProblem, type PasswordProblem } from './passwords';
import type { ApiClientPayload, CreateTokenPayload, RevokeTokenPayload, UserPayload } from './account.types';

export const TOKEN_PREFIX = 'utb_';
const TOKEN_SHAPE = /^utb_[A-Za-z0-9_-]{43}$/;
/** RFC 6750's credentials syntax: the scheme, spaces, one b64token. */
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * A refused sign-in (UNAUTHENTICATED). `problem` says whether the Authorization header
 * is no bearer credential at all or carries a token we cannot accept, which the HTTP
 * layer turns into the matching WWW-Authenticate challenge.
 */
export class SignInRefused extends GraphQLError {
  constructor(
    message: string,
    readonly problem: 'header' | 'token',
  ) {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}

const unknownToken = () => new SignInRefused('The token is unknown, expired or revoked', 'token');

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

const invalid = (field: string, message: string, code = UserErrorCode.INVALID) => new UserErrors([userError(field, code, message)]);

export function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid('name', 'name is required', UserErrorCode.REQUIRED);
  if (name.length > 200) throw invalid('name', 'name must be at most 200 characters', UserErrorCode.TOO_LONG);
  return name;
}

async function checkMunicipality(em: EntityManager, code: string | null | undefined): Promise<string | null> {
  if (!code) return null;
  if (!/^\d{4}$/.test(code) || !(await em.findOne(Municipality, { code }))) {
    throw invalid('municipality', `unknown municipality ${code.slice(0, 10)}`, UserErrorCode.UNKNOWN_REFERENCE);
  }
  return code;
}

export function checkScopes(scopes: string[]): Scope[] {
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length) throw invalid('scopes', `unknown scope ${bad.slice(0, 3).map((s) => s.slice(0, 40)).join(', ')}; known: ${SCOPES.join(', ')}`);
  return [...new Set(scopes)] as Scope[];
}

const PASSWORD_MESSAGES: Record<PasswordProblem, [UserErrorCode, string]> = {
  required: [UserErrorCode.REQUIRED, 'a password is required'],
  tooShort: [UserErrorCode.OUT_OF_RANGE, `the password must be at least ${MIN_PASSWORD_LENGTH} characters`],
  tooLong: [UserErrorCode.TOO_LONG, `the password must be at most ${MAX_PASSWORD_LENGTH} characters`],
  common: [UserErrorCode.INVALID, 'this password is among the most common ones; choose another'],
  personal: [UserErrorCode.INVALID, 'the password must not be your e-mail address'],
};

/** Checks the policy (passwords.ts) and stores the new password's hash on the user; the caller flushes. */
export async function applyPassword(user: User, password: string, field = 'password'): Promise<void> {
  const problem = passwordProblem(password, user.email);
  if (problem) throw invalid(field, PASSWORD_MESSAGES[problem][1], PASSWORD_MESSAGES[problem][0]);
  user.passwordHash = await hashPassword(password);
  user.passwordChangedAt = new Date();
}

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  municipalityCode?: string | null;
}

export interface NewClient {
  name: string;
  organizationSlug: string;
  municipalityCode?: string | null;
  scopes: string[];
}

export interface NewToken {
  name: string;
  userId?: string;
  clientId?: string;
  scopes?: string[];
  expiresAt?: Date | null;
}

export interface TokenFilter {
  userId?: string;
  clientId?: string;
  includeRevoked?: boolean;
}

/** Refuses callers who may not administer accounts (the schema already refuses them; this holds other callers too). */
function requireAdministrator(ctx: Context): void {
  if (!canAdministerAccounts(ctx.viewer)) throw apiError('FORBIDDEN', 'This needs ADMIN');
}

const emailTaken = (email: string) => [userError('email', UserErrorCode.DUPLICATE, `a user with e-mail ${email} exists already`)];

/**
 * A bearer token with what a viewer is made of, in one hand-written statement: every
 * authenticated request runs it, and MikroORM's populated findOne (token, user, client,
 * organization as managed entities) cost more than the query (docs/benchmarks.md §6).
 * Times are compared with the caller's clock, as the entity code did.
 */
const TOKEN_LOOKUP = `select t.id, t.scopes, t.revoked_at is null and (t.expires_at is null or t.expires_at > ?) as valid,
    t.last_used_at is null or t.last_used_at < ? as stale,
    u.id as "userId", u.name as "userName", u.role as role, u.municipality_code as "userMunicipality", u.disabled_at is not null as "userDisabled",
    c.id as "clientId", c.name as "clientName", c.municipality_code as "clientMunicipality", c.organization_id as "organizationId",
    c.scopes as "clientScopes", c.disabled_at is not null as "clientDisabled"
  from api_token t left join app_user u on u.id = t.user_id left join api_client c on c.id = t.client_id
  where t.hash = ?`;

interface TokenRow {
  id: string;
  scopes: string[];
  valid: boolean;
  stale: boolean;
  userId: string | null;
  userName: string | null;
  role: Role | null;
  userMunicipality: string | null;
  userDisabled: boolean;
  clientId: string | null;
  clientName: string | null;
  clientMunicipality: string | null;
  organizationId: string | null;
  clientScopes: string[] | null;
  clientDisabled: boolean;
}

export class AccountsService {
  createUser(ctx: Context, input: NewUser): Promise<UserPayload> {
    requireAdministrator(ctx);
    const email = input.email.trim().toLowerCase();
    return runMutation(ctx, {
      name: 'createUser',
      work: async (em) => {
        const name = checkName(input.name);
        if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', `"${input.email.slice(0, 254)}" is not an e-mail address`);
        if (!Object.values(Role).includes(input.role)) throw invalid('role', `unknown role ${String(input.role).slice(0, 20)}; known: ${Object.values(Role).join(', ')}`);
        if ((input.role === Role.OFFICIAL || input.role === Role.EDITOR) && !input.municipalityCode) {
          throw invalid('municipality', `a ${input.role.toLowerCase()} belongs to a municipality: give its code`, UserErrorCode.REQUIRED);
        }
        const code = await checkMunicipality(em, input.municipalityCode);
        if (await em.findOne(User, { email })) throw new UserErrors(emailTaken(email));
        return em.create(User, { name, email, role: input.role, municipality: code ? em.getReference(Municipality, code) : null });
      },
      payload: (user) => ({ user }),
      nothing: { user: null },
      // Two admins adding the same person at once: the second meets the unique index, not the check above.
      unique: (err) => (/app_user_email_unique/.test(err.message) ? emailTaken(email) : null),
    });
  }

  /**
   * Sets a user's password (admins and the system: the CLI, tests, the demo start).
   * People set their own through an invitation or reset link, or on their account page.
   */
  setPassword(ctx: Context, userId: string, password: string): Promise<UserPayload> {
    requireAdministrator(ctx);
    return runMutation(ctx, {
      name: 'setPassword',
      work: async (em) => {
        const user = isUuid(userId) ? await em.findOne(User, { id: userId }) : null;
        if (!user) throw invalid('user', 'unknown user', UserErrorCode.UNKNOWN_REFERENCE);
        await applyPassword(user, password);
        return user;
      },
      payload: (user) => ({ user }),
      nothing: { user: null },
    });
  }

  createClient(ctx: Context, input: NewClient): Promise<ApiClientPayload> {
    requireAdministrator(ctx);
    return runMutation(ctx, {
      name: 'createApiClient',
      work: async (em) => {
        const name = checkName(input.name);
        const organization = input.organizationSlug.length <= 80 ? await em.findOne(Organization, { slug: input.organizationSlug }) : null;
        if (!organization) throw invalid('organization', `unknown organization ${input.organizationSlug.slice(0, 80)}`, UserErrorCode.UNKNOWN_REFERENCE);
        const scopes = checkScopes(input.scopes);
        const code = await checkMunicipality(em, input.municipalityCode);
        return em.create(ApiClient, { name, organization, municipality: code ? em.getReference(Municipality, code) : null, scopes });
      },
      payload: (apiClient) => ({ apiClient }),
      nothing: { apiClient: null },
    });
  }

  /** The payload carries the token in clear text: the only time it is ever visible. */
  createToken(ctx: Context, input: NewToken): Promise<CreateTokenPayload> {
    requireAdministrator(ctx);
    return runMutation(ctx, {
      name: 'createToken',
      work: async (em) => {
        if (!!input.userId === !!input.clientId) throw invalid('user', 'a token belongs to exactly one user or one client');
        const name = checkName(input.name);
        const user = input.userId && isUuid(input.userId) ? await em.findOne(User, { id: input.userId }) : null;
        const client = input.clientId && isUuid(input.clientId) ? await em.findOne(ApiClient, { id: input.clientId }) : null;
        if (input.userId && !user) throw invalid('user', 'unknown user', UserErrorCode.UNKNOWN_REFERENCE);
        if (input.clientId && !client) throw invalid('client', 'unknown client', UserErrorCode.UNKNOWN_REFERENCE);
        const scopes = checkScopes(input.scopes ?? (client ? client.scopes : [...SCOPES]));
        if (client && scopes.some((s) => !client.scopes.includes(s))) throw invalid('scopes', 'a client token cannot have scopes its client lacks');
        if (input.expiresAt && !(input.expiresAt.getTime() > Date.now())) throw invalid('expiresAt', 'expiresAt must be in the future', UserErrorCode.OUT_OF_RANGE);
        const token = generateToken();
        const prefix = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8);
        const record = em.create(ApiToken, { hash: hashToken(token), prefix, name, user, client, scopes, expiresAt: input.expiresAt ?? null });
        return { token, apiToken: record };
      },
      payload: (created) => created,
      nothing: { token: null, apiToken: null },
    });
  }

  revokeToken(ctx: Context, id: string): Promise<RevokeTokenPayload> {
    requireAdministrator(ctx);
    return runMutation(ctx, {
      name: 'revokeToken',
      work: async (em) => {
        const token = isUuid(id) ? await em.findOne(ApiToken, { id }) : null;
        if (!token) throw invalid('id', 'No such token', UserErrorCode.NOT_FOUND);
        token.revokedAt ??= new Date();
        return token;
      },
      payload: (apiToken) => ({ apiToken }),
      nothing: { apiToken: null },
    });
  }

  /** Revokes every live token with this name (the development demo tokens are renewed by name). */
  async revokeTokensNamed(ctx: Context, name: string): Promise<number> {
    requireAdministrator(ctx);
    return ctx.em.nativeUpdate(ApiToken, { name, revokedAt: null }, { revokedAt: new Date() });
  }

  tokenWhere(filter: TokenFilter): FilterQuery<ApiToken> {
    const where: FilterQuery<ApiToken>[] = [];
    // An id that is not a UUID matches nothing rather than failing in PostgreSQL.
    if (filter.userId) where.push(isUuid(filter.userId) ? { user: filter.userId } : { id: null });
    if (filter.clientId) where.push(isUuid(filter.clientId) ? { client: filter.clientId } : { id: null });
    if (!filter.includeRevoked) where.push({ revokedAt: null });
    return where.length ? { $and: where } : {};
  }

  /** Tokens newest first (at most 1000), with their user or client loaded. */
  listTokens(ctx: Context, filter: TokenFilter = {}): Promise<ApiToken[]> {
    requireAdministrator(ctx);
    return ctx.em.find(ApiToken, this.tokenWhere(filter), { populate: ['user', 'client', 'client.organization'], orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1000 });
  }

  findUser(ctx: Context, idOrEmail: string): Promise<User | null> {
    return isUuid(idOrEmail) ? ctx.em.findOne(User, { id: idOrEmail }) : ctx.em.findOne(User, { email: idOrEmail.trim().toLowerCase() });
  }

  findClient(ctx: Context, id: string): Promise<ApiClient | null> {
    return isUuid(id) ? ctx.em.findOne(ApiClient, { id }) : Promise.resolve(null);
  }

  /**
   * The viewer for an Authorization header. A header that is present but not a
   * valid, live token is UNAUTHENTICATED, never silently anonymous.
   */
  async authenticate(em: EntityManager, header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null;
    const match = BEARER_CREDENTIALS.exec(header.trim());
    if (!match) throw new SignInRefused('The Authorization header must be "Bearer <token>"', 'header');
    // Any other well-formed token cannot be one of ours: no need to look it up.
    if (!TOKEN_SHAPE.test(match[1])) throw unknownToken();
    const now = new Date();
    const [record] = (await queryRows(em, TOKEN_LOOKUP, [now, new Date(now.getTime() - 60_000), hashToken(match[1])], { prepare: true })) as unknown as TokenRow[];
    if (!record || !record.valid) throw unknownToken();
    if (record.userDisabled || record.clientDisabled) throw new SignInRefused('The account is disabled', 'token');
    // Last-used is informational: at most one write a minute per token.
    if (record.stale) await em.nativeUpdate(ApiToken, { id: record.id }, { lastUsedAt: now });
    if (record.userId) {
      return { kind: 'user', actorId: `user:${record.userId}`, displayName: record.userName, role: record.role, municipalityCode: record.userMunicipality, organizationId: null, scopes: record.scopes };
    }
    return {
      kind: 'client',
      actorId: `client:${record.clientId}`,
      displayName: record.clientName,
      role: null,
      municipalityCode: record.clientMunicipality,
      organizationId: record.organizationId,
      scopes: record.scopes.filter((s) => record.clientScopes!.includes(s)),
    };
  }
}
