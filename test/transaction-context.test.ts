// Transactions without MikroORM's AsyncLocalStorage (server/src/core/db/transaction-context.ts):
// nothing is kept in a context store, and transactions on forks behave as before —
// commit, roll back, nest — while the global EntityManager inside one is refused.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { TransactionContext } from '@mikro-orm/core';
import { Organization, OrganizationKind } from '../server/src/modules/organizations/organization.entity';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();
const run = randomBytes(4).toString('hex');
const org = (slug: string) => Object.assign(new Organization(), { slug: `${slug}-${run}`, name: `Förening ${slug}`, kind: OrganizationKind.CIVIL_SOCIETY });
const count = async (slug: string) => Number((await t.sql<{ n: string }>('select count(*) as n from organization where slug = $1', [`${slug}-${run}`]))[0].n);

describe('transactions keep no context store', () => {
  it('a transaction leaves nothing in the context store', async () => {
    let seen: unknown = 'not called';
    await t.system.orm.em.fork().transactional(async () => {
      await Promise.resolve();
      seen = TransactionContext.getEntityManager();
    });
    expect(seen).toBeUndefined();
  });

  it('commits, rolls back, and rolls back a nested transaction alone', async () => {
    await t.system.orm.em.fork().transactional(async (tx) => {
      await tx.persist(org('kept')).flush();
      await tx.transactional(async (inner) => {
        inner.persist(org('inner'));
        await inner.flush();
        throw new Error('inner fails');
      }).catch(() => undefined);
    });
    await expect(t.system.orm.em.fork().transactional(async (tx) => {
      tx.persist(org('dropped'));
      await tx.flush();
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect([await count('kept'), await count('inner'), await count('dropped')]).toEqual([1, 0, 0]);
  });

  it('refuses the global EntityManager inside a transaction instead of running it outside', async () => {
    await expect(t.system.orm.em.fork().transactional(() => t.system.orm.em.find(Organization, {}, { limit: 1 }))).rejects.toThrow(/global EntityManager/);
  });
});
