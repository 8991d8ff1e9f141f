// Assembles the running system from a configuration: databases (external or
// embedded), migrations, reference data, demo content, services and the HTTP app.
// main.ts and the integration tests both start Utbyte through here.
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApp, type App } from './app';
import type { Config } from './config';
import { createOrm, migrate } from './core/db/orm';
import { startServices, type Services } from './core/embedded/services';
import type { Logger } from './core/logger';
import { importReferenceData } from './seed/reference-data';
import { createServices, type AppServices } from './services';

export interface System {
  config: Config;
  orm: MikroORM;
  services: AppServices;
  app: App;
  endpoints: Services;
  stop(): Promise<void>;
}

export interface BootOptions {
  /** Count or inspect every SQL statement (tests, benchmarks). */
  onQuery?: (sql: string) => void;
}

export async function bootSystem(config: Config, log: Logger, options: BootOptions = {}): Promise<System> {
  const endpoints = await startServices(config, log);
  let orm: MikroORM | undefined;
  try {
    orm = await createOrm({ url: endpoints.databaseUrl, log, onQuery: options.onQuery });
    const applied = await migrate(orm);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    const counts = await importReferenceData(orm.em.fork());
    log.info({ ...counts, changedMunicipalities: counts.changedMunicipalities.length, changedThemes: counts.changedThemes.length }, 'reference data imported');
    const services = createServices({});
    const app = await createApp({ config, orm, services, log });
    const ormRef = orm;
    return {
      config,
      orm,
      services,
      app,
      endpoints,
      stop: async () => {
        await app.close();
        await ormRef.close();
        await endpoints.stop();
      },
    };
  } catch (err) {
    await orm?.close().catch(() => undefined);
    await endpoints.stop();
    throw err;
  }
}
