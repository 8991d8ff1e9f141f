// Real users, clients and bearer tokens for tests, created through the accounts service.
import type { Role } from '../../server/src/modules/accounts/account.entities';
import { Organization, OrganizationKind } from '../../server/src/modules/organizations/organization.entity';
import type { TestSystem } from './system';

let counter = 0;

export async function tokenFor(t: TestSystem, role: keyof typeof Role | `${Role}`, municipalityCode?: string): Promise<string> {
  const em = t.system.orm.em.fork();
  const accounts = t.system.services.accounts;
  counter += 1;
  const user = await accounts.createUser(em, {
    name: `${role} ${municipalityCode ?? ''} ${counter}`,
    email: `${role.toLowerCase()}-${municipalityCode ?? 'x'}-${counter}-${Date.now()}@example.se`,
    role: role as Role,
    municipalityCode: municipalityCode ?? null,
  });
  const { token } = await accounts.createToken(em, { name: 'test', userId: user.id });
  return token;
}

export async function clientTokenFor(t: TestSystem, opts: { organizationSlug: string; municipalityCode?: string; scopes: string[] }): Promise<string> {
  const em = t.system.orm.em.fork();
  const accounts = t.system.services.accounts;
  const client = await accounts.createClient(em, { name: `client ${++counter}`, organizationSlug: opts.organizationSlug, municipalityCode: opts.municipalityCode, scopes: opts.scopes });
  const { token } = await accounts.createToken(em, { name: 'test', clientId: client.id, scopes: opts.scopes });
  return token;
}

export async function ensureOrganization(t: TestSystem, slug: string, name: string, kind = OrganizationKind.CIVIL_SOCIETY, home?: string): Promise<void> {
  const em = t.system.orm.em.fork();
  if (await em.findOne(Organization, { slug })) return;
  em.create(Organization, { slug, name, kind, homeMunicipality: home ?? null });
  await em.flush();
}
