// Users, API clients and their bearer tokens. A token is `utb_` + 32 random bytes
// (base64url); only its SHA-256 is stored, so a database leak yields no usable token.
// Methods take the EntityManager rather than a request context because the admin CLI
// and the development start call them outside any request; the GraphQL resolvers pass
// ctx.em after the admin check.
import { createHash, randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../core/context';
import { UserErrorCode, apiError } from '../../core/errors';
import { isUuid } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { ApiClient, ApiToken, Role, SCOPES, User, type Scope } from './account.entities';

export const TOKEN_PREFIX = 'utb_';
const TOKEN_SHAPE = /^utb_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * A refused account change, naming the input field: the GraphQL resolvers turn it
 * into a userError, the admin CLI prints its message.
 */
export class AccountInputError extends Error {
  override name = 'AccountInputError';
  constructor(readonly field: string, readonly code: UserErrorCode, message: string) {
    super(message);
  }
}

const invalid = (field: string, message: string, code = UserErrorCode.INVALID) => new AccountInputError(field, code, message);

function checkName(raw: string): string {
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

function checkScopes(scopes: string[]): Scope[] {
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length) throw invalid('scopes', `unknown scope ${bad.slice(0, 3).map((s) => s.slice(0, 40)).join(', ')}; known: ${SCOPES.join(', ')}`);
  return [...new Set(scopes)] as Scope[];
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

export class AccountsService {
  async createUser(em: EntityManager, input: NewUser): Promise<User> {
    const name = checkName(input.name);
    const email = input.email.trim().toLowerCase();
    if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', `"${input.email.slice(0, 254)}" is not an e-mail address`);
    if (!Object.values(Role).includes(input.role)) throw invalid('role', `unknown role ${String(input.role).slice(0, 20)}; known: ${Object.values(Role).join(', ')}`);
    if ((input.role === Role.OFFICIAL || input.role === Role.EDITOR) && !input.municipalityCode) {
      throw invalid('municipality', `a ${input.role.toLowerCase()} belongs to a municipality: give its code`, UserErrorCode.REQUIRED);
    }
    const code = await checkMunicipality(em, input.municipalityCode);
    if (await em.findOne(User, { email })) throw invalid('email', `a user with e-mail ${email} exists already`, UserErrorCode.DUPLICATE);
    const user = em.create(User, { name, email, role: input.role, municipality: code ? em.getReference(Municipality, code) : null });
    await em.flush();
    return user;
  }

  async createClient(em: EntityManager, input: NewClient): Promise<ApiClient> {
    const name = checkName(input.name);
    const organization = input.organizationSlug.length <= 80 ? await em.findOne(Organization, { slug: input.organizationSlug }) : null;
    if (!organization) throw invalid('organization', `unknown organization ${input.organizationSlug.slice(0, 80)}`, UserErrorCode.UNKNOWN_REFERENCE);
    const scopes = checkScopes(input.scopes);
    const code = await checkMunicipality(em, input.municipalityCode);
    const client = em.create(ApiClient, { name, organization, municipality: code ? em.getReference(Municipality, code) : null, scopes });
    await em.flush();
    return client;
  }

  /** Returns the token in clear text: the only time it is ever visible. */
  async createToken(em: EntityManager, input: NewToken): Promise<{ token: string; record: ApiToken }> {
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
    const record = em.create(ApiToken, {
      hash: hashToken(token),
      prefix: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8),
      name,
      user,
      client,
      scopes,
      expiresAt: input.expiresAt ?? null,
    });
    await em.flush();
    return { token, record };
  }

  async revokeToken(em: EntityManager, id: string): Promise<ApiToken> {
    const token = isUuid(id) ? await em.findOne(ApiToken, { id }) : null;
    if (!token) throw invalid('id', 'unknown token', UserErrorCode.NOT_FOUND);
    token.revokedAt ??= new Date();
    await em.flush();
    return token;
  }

  /** Revokes every live token with this name (the development demo tokens are renewed by name). */
  async revokeTokensNamed(em: EntityManager, name: string): Promise<number> {
    return em.nativeUpdate(ApiToken, { name, revokedAt: null }, { revokedAt: new Date() });
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
  listTokens(em: EntityManager, filter: TokenFilter = {}): Promise<ApiToken[]> {
    return em.find(ApiToken, this.tokenWhere(filter), { populate: ['user', 'client', 'client.organization'], orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1000 });
  }

  findUser(em: EntityManager, idOrEmail: string): Promise<User | null> {
    return isUuid(idOrEmail) ? em.findOne(User, { id: idOrEmail }) : em.findOne(User, { email: idOrEmail.trim().toLowerCase() });
  }

  findClient(em: EntityManager, id: string): Promise<ApiClient | null> {
    return isUuid(id) ? em.findOne(ApiClient, { id }) : Promise.resolve(null);
  }

  /**
   * The viewer for an Authorization header. A header that is present but not a
   * valid, live token is UNAUTHENTICATED, never silently anonymous.
   */
  async authenticate(em: EntityManager, header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match || !TOKEN_SHAPE.test(match[1])) throw apiError('UNAUTHENTICATED', 'The Authorization header must be "Bearer utb_…"');
    const record = await em.findOne(ApiToken, { hash: hashToken(match[1]) }, { populate: ['user', 'client', 'client.organization'] });
    const now = new Date();
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) {
      throw apiError('UNAUTHENTICATED', 'The token is unknown, expired or revoked');
    }
    const user = record.user?.getEntity();
    const client = record.client?.getEntity();
    if ((user && user.disabledAt) || (client && client.disabledAt)) throw apiError('UNAUTHENTICATED', 'The account is disabled');
    // Last-used is informational: at most one write a minute per token.
    if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > 60_000) {
      await em.nativeUpdate(ApiToken, { id: record.id }, { lastUsedAt: now });
    }
    if (user) {
      return {
        kind: 'user',
        actorId: `user:${user.id}`,
        displayName: user.name,
        role: user.role,
        municipalityCode: user.municipality?.code ?? null,
        organizationId: null,
        scopes: record.scopes,
      };
    }
    return {
      kind: 'client',
      actorId: `client:${client!.id}`,
      displayName: client!.name,
      role: null,
      municipalityCode: client!.municipality?.code ?? null,
      organizationId: client!.organization.id,
      scopes: record.scopes.filter((s) => client!.scopes.includes(s)),
    };
  }
}
