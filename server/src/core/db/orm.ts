// MikroORM on PostgreSQL. Schema changes go through migrations (server/src/migrations),
// listed explicitly so they run the same from sources (tests) and from dist/.
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { join } from 'node:path';
import { entities } from '../../entities';
import { migrationsList } from '../../migrations';
import type { Logger } from '../logger';
import { withStartupLock } from './advisory-lock';
import { withoutTransactionContextStorage } from './transaction-context';

export interface OrmOptions {
  url: string;
  log?: Logger;
  /** Called for every SQL statement; tests and benchmarks count statements with it. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
  /** Connect on first use instead of at once (restore checks that nobody else is connected first). */
  lazy?: boolean;
}

export function ormConfig(opts: OrmOptions): Options {
  return {
    clientUrl: opts.url,
    connect: !opts.lazy,
    entities: [...entities],
    extensions: [Migrator],
    forceUtcTimezone: true,
    // Services flush explicitly once per unit of work; queries never flush half-built changes.
    flushMode: 'commit',
    pool: { min: 0, max: opts.poolMax ?? 20 },
    debug: opts.onQuery ? ['query'] : false,
    logger: opts.onQuery ? (message: string) => opts.onQuery!(message) : (message: string) => opts.log?.debug({ component: 'orm' }, message),
    colors: false,
    migrations: {
      migrationsList,
      // where `npm run migration:create` writes new migrations
      path: join(__dirname, '..', '..', 'migrations'),
      pathTs: join(process.cwd(), 'server', 'src', 'migrations'),
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      // New migrations are diffed against the migrated database itself, not a snapshot file.
      snapshot: false,
      emit: 'ts',
    },
    // Entities come from the explicit list; reflect-metadata provides property types.
    discovery: { warnWhenNoEntities: true },
  };
}

export async function createOrm(opts: OrmOptions): Promise<MikroORM> {
  withoutTransactionContextStorage();
  return MikroORM.init(ormConfig(opts));
}

/**
 * Applies pending migrations. Under the migrations advisory lock: processes starting
 * together on an empty database would otherwise all create the migrations table and
 * run the same migrations; the ones that waited find nothing pending.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await withStartupLock(orm.config.get('clientUrl'), 'migrations', () => orm.getMigrator().up());
  return done.map((m) => m.name);
}
