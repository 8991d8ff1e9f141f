// Real users, clients and bearer tokens for tests, created through the accounts service.
import type { Context } from '../../server/src/core/context';
import { payloadOrThrow } from '../../server/src/core/mutation';
import type { Role } from '../../server/src/modules/accounts/account.entities';
import { Organization, OrganizationKind } from '../../server/src/modules/organizations/organization.entity';
import { systemContext } from '../../server/src/system-context';
import type { TestSystem } from './system';

/** A context acting as the system, for fixtures made through the services. */
export function asSystem(t: TestSystem): Context {
  return systemContext(t.system.orm, { requestId: 'test-fixture', services: t.system.services });
}

let counter = 0;

export async function tokenFor(t: TestSystem, role: keyof typeof Role, municipalityCode?: string): Promise<string> {
  const ctx = asSystem(t);
  const accounts = t.system.services.accounts;
  counter += 1;
  const created = await accounts.createUser(ctx, {
    name: `${role} ${municipalityCode ?? ''} ${counter}`,
    email: `${role.toLowerCase()}-${municipalityCode ?? 'x'}-${counter}-${Date.now()}@example.se`,
    role: role as Role,
    municipalityCode: municipalityCode ?? null,
  });
  const user = payloadOrThrow(created, 'user');
  return payloadOrThrow(await accounts.createToken(ctx, { name: 'test', userId: user.id }), 'token');
}

/** A role and, for municipal roles, the municipality code: ['EDITOR', '0884'] or ['REVIEWER']. */
export type ActorSpec = [role: keyof typeof Role, municipalityCode?: string];

/** One user with a bearer token per entry, made concurrently: tokensFor(t, { editor: ['EDITOR', '0884'] }). */
export async function tokensFor<K extends string>(t: TestSystem, actors: Record<K, ActorSpec>): Promise<Record<K, string>> {
  const entries = Object.entries(actors) as [K, ActorSpec][];
  const tokens = await Promise.all(entries.map(([, [role, code]]) => tokenFor(t, role, code)));
  return Object.fromEntries(entries.map(([name], i) => [name, tokens[i]])) as Record<K, string>;
}

export async function clientTokenFor(t: TestSystem, opts: { organizationSlug: string; municipalityCode?: string; scopes: string[] }): Promise<string> {
  const ctx = asSystem(t);
  const accounts = t.system.services.accounts;
  const client = payloadOrThrow(
    await accounts.createClient(ctx, { name: `client ${++counter}`, organizationSlug: opts.organizationSlug, municipalityCode: opts.municipalityCode, scopes: opts.scopes }),
    'apiClient',
  );
  return payloadOrThrow(await accounts.createToken(ctx, { name: 'test', clientId: client.id, scopes: opts.scopes }), 'token');
}

export async function ensureOrganization(t: TestSystem, slug: string, name: string, kind = OrganizationKind.CIVIL_SOCIETY, home?: string): Promise<void> {
  const em = t.system.orm.em.fork();
  if (await em.findOne(Organization, { slug })) return;
  em.create(Organization, { slug, name, kind, homeMunicipality: home ?? null });
  await em.flush();
}
