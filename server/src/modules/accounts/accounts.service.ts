// Users, API clients and their bearer tokens. A token is `utb_` + 32 random bytes
// (base64url); only its SHA-256 is stored, so a database leak yields no usable token.
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../core/context';
import { apiError } from '../../core/errors';
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

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  municipalityCode?: string | null;
}

export interface NewToken {
  name: string;
  userId?: string;
  clientId?: string;
  scopes?: string[];
  expiresAt?: Date | null;
}

export class AccountsService {
  async createUser(em: EntityManager, input: NewUser): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`"${input.email}" is not an e-mail address`);
    if (!Object.values(Role).includes(input.role)) throw new Error(`unknown role ${input.role}`);
    if ((input.role === Role.OFFICIAL || input.role === Role.EDITOR) && !input.municipalityCode) {
      throw new Error(`a ${input.role.toLowerCase()} belongs to a municipality: give its code`);
    }
    if (input.municipalityCode && !(await em.findOne(Municipality, { code: input.municipalityCode }))) {
      throw new Error(`unknown municipality ${input.municipalityCode}`);
    }
    if (await em.findOne(User, { email })) throw new Error(`a user with e-mail ${email} exists already`);
    const user = em.create(User, {
      name: input.name.trim(),
      email,
      role: input.role,
      municipality: input.municipalityCode ? em.getReference(Municipality, input.municipalityCode) : null,
    });
    await em.flush();
    return user;
  }

  async createClient(em: EntityManager, input: { name: string; organizationSlug: string; municipalityCode?: string | null; scopes: string[] }): Promise<ApiClient> {
    const organization = await em.findOne(Organization, { slug: input.organizationSlug });
    if (!organization) throw new Error(`unknown organization ${input.organizationSlug}`);
    const scopes = checkScopes(input.scopes);
    if (input.municipalityCode && !(await em.findOne(Municipality, { code: input.municipalityCode }))) {
      throw new Error(`unknown municipality ${input.municipalityCode}`);
    }
    const client = em.create(ApiClient, {
      name: input.name.trim(),
      organization,
      municipality: input.municipalityCode ? em.getReference(Municipality, input.municipalityCode) : null,
      scopes,
    });
    await em.flush();
    return client;
  }

  /** Returns the token in clear text: the only time it is ever visible. */
  async createToken(em: EntityManager, input: NewToken): Promise<{ token: string; record: ApiToken }> {
    if (!!input.userId === !!input.clientId) throw new Error('a token belongs to exactly one user or one client');
    const user = input.userId ? await em.findOne(User, { id: input.userId }) : null;
    const client = input.clientId ? await em.findOne(ApiClient, { id: input.clientId }) : null;
    if (input.userId && !user) throw new Error(`unknown user ${input.userId}`);
    if (input.clientId && !client) throw new Error(`unknown client ${input.clientId}`);
    const scopes = checkScopes(input.scopes ?? (client ? client.scopes : [...SCOPES]));
    if (client && scopes.some((s) => !client.scopes.includes(s))) throw new Error('a client token cannot have scopes its client lacks');
    const token = generateToken();
    const record = em.create(ApiToken, {
      hash: hashToken(token),
      prefix: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8),
      name: input.name,
      user,
      client,
      scopes,
      expiresAt: input.expiresAt ?? null,
    });
    await em.flush();
    return { token, record };
  }

  async revokeToken(em: EntityManager, id: string): Promise<ApiToken> {
    const token = await em.findOne(ApiToken, { id });
    if (!token) throw new Error(`unknown token ${id}`);
    token.revokedAt ??= new Date();
    await em.flush();
    return token;
  }

  /**
   * The viewer for an Authorization header. A header that is present but not a
   * valid, live token is UNAUTHENTICATED, never silently anonymous.
   */
  async authenticate(em: EntityManager, header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
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

function checkScopes(scopes: string[]): Scope[] {
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`unknown scope ${bad.join(', ')}; known: ${SCOPES.join(', ')}`);
  return [...new Set(scopes)] as Scope[];
}
