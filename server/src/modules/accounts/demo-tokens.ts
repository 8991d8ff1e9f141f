// Demo accounts for a development start: one user per role in the demo
// municipalities and one partner integration, each with a fresh token. Tokens are
// stored hashed, so the previous start's cannot be shown again: every start revokes
// the demo tokens by name and issues new ones. Never called in production.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../core/context';
import { payloadOrThrow } from '../../core/mutation';
import { systemContext } from '../../system-context';
import { Organization, OrganizationKind } from '../organizations/organization.entity';
import { ApiClient, Role, User } from './account.entities';
import type { AccountsService } from './accounts.service';

export const DEMO_TOKEN_NAME = 'demo token (development start)';
const DEMO_CLIENT_NAME = 'Emilkraften booking (demo)';

export interface DemoUser {
  label: string;
  email: string;
  name: string;
  role: Role;
  municipalityCode: string | null;
}

export const DEMO_USERS: DemoUser[] = [
  { label: 'official, Vimmerby 0884', email: 'official.0884@demo.utbyte.se', name: 'Olivia Official (Vimmerby)', role: Role.OFFICIAL, municipalityCode: '0884' },
  { label: 'editor, Vimmerby 0884', email: 'editor.0884@demo.utbyte.se', name: 'Erik Editor (Vimmerby)', role: Role.EDITOR, municipalityCode: '0884' },
  { label: 'editor, Eksjö 0686', email: 'editor.0686@demo.utbyte.se', name: 'Elsa Editor (Eksjö)', role: Role.EDITOR, municipalityCode: '0686' },
  { label: 'reviewer', email: 'reviewer@demo.utbyte.se', name: 'Rasmus Reviewer', role: Role.REVIEWER, municipalityCode: null },
  { label: 'admin', email: 'admin@demo.utbyte.se', name: 'Astrid Admin', role: Role.ADMIN, municipalityCode: null },
];

export interface DemoToken {
  label: string;
  token: string;
}

/** The demo user of an entry, created on first use. */
export async function ensureDemoUser(ctx: Context, accounts: AccountsService, demo: DemoUser): Promise<User> {
  return (await ctx.em.findOne(User, { email: demo.email })) ?? payloadOrThrow(await accounts.createUser(ctx, demo), 'user');
}

export async function issueDemoTokens(source: EntityManager, accounts: AccountsService): Promise<DemoToken[]> {
  const ctx = systemContext({ em: source }, { requestId: 'demo-tokens' });
  const em = ctx.em;
  await accounts.revokeTokensNamed(ctx, DEMO_TOKEN_NAME);
  const issued: DemoToken[] = [];
  for (const demo of DEMO_USERS) {
    const user = await ensureDemoUser(ctx, accounts, demo);
    const token = payloadOrThrow(await accounts.createToken(ctx, { name: DEMO_TOKEN_NAME, userId: user.id }), 'token');
    issued.push({ label: demo.label, token });
  }
  // The partner may already come with the demo content; create it only when it does not.
  if (!(await em.findOne(Organization, { slug: 'emilkraften' }))) {
    em.create(Organization, { slug: 'emilkraften', name: 'Emilkraften', kind: OrganizationKind.CIVIL_SOCIETY, homeMunicipality: '0686' });
    await em.flush();
  }
  const client =
    (await em.findOne(ApiClient, { name: DEMO_CLIENT_NAME })) ??
    payloadOrThrow(await accounts.createClient(ctx, { name: DEMO_CLIENT_NAME, organizationSlug: 'emilkraften', scopes: ['read', 'study-visits:write'] }), 'apiClient');
  const token = payloadOrThrow(await accounts.createToken(ctx, { name: DEMO_TOKEN_NAME, clientId: client.id }), 'token');
  issued.push({ label: 'API client, emilkraften (read, study-visits:write)', token });
  return issued;
}

export interface DemoPassword {
  label: string;
  email: string;
  password: string;
}

/**
 * A fresh website password for every demo user, each start (only hashes are stored, so
 * the last start's cannot be shown again). Development only, like the tokens.
 */
export async function issueDemoPasswords(source: EntityManager, accounts: AccountsService): Promise<DemoPassword[]> {
  const ctx = systemContext({ em: source }, { requestId: 'demo-passwords' });
  const issued: DemoPassword[] = [];
  for (const demo of DEMO_USERS) {
    const user = await ensureDemoUser(ctx, accounts, demo);
    const password = `demo-${randomBytes(9).toString('base64url')}`;
    payloadOrThrow(await accounts.setPassword(ctx, user.id, password), 'user');
    issued.push({ label: demo.label, email: demo.email, password });
  }
  return issued;
}
