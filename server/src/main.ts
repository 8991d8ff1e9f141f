#!/usr/bin/env node
// Command-line entry: `start` (default), `migrate`, `schema`.
import 'reflect-metadata';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig, type Config } from './config';
import { withStartupLock } from './core/db/advisory-lock';
import { createOrm, migrate } from './core/db/orm';
import { StartupError, isPortFree } from './core/embedded/process';
import { startServices, type Services, type ServicesOptions } from './core/embedded/services';
import { lockHolder } from './core/embedded/running';
import { BackupFileError, readManifest } from './core/backup/archive';
import { writeBackup } from './core/backup/backup';
import { RestoreRefused, backupMigrations, restoreBackup } from './core/backup/restore';
import { watchLauncher } from './core/launcher';
import { migrationsList } from './migrations';
import { createLogger, type Logger } from './core/logger';
import { adminMain } from './admin/cli';
import { issueDemoPasswords, issueDemoTokens } from './modules/accounts/demo-tokens';
import { createSearchRuntime, type SearchRuntime } from './modules/search/search.system';
import { printAppSchema } from './schema';
import { bootSystem, signalListener, type System } from './system';

const USAGE = `usage: utbyte-server <command>
  start [--no-demo]   run the whole system (embedded PostgreSQL and Meilisearch unless configured)
  migrate             apply pending database migrations and exit
  schema              write schema/schema.graphql from the resolvers
  reindex             rebuild the search index from PostgreSQL and swap it in atomically
  backup [file]       write a consistent snapshot of the database to one file, also while a server runs
  restore <file> [--force]  load a backup into an empty database, then rebuild the search index
  indexer             drain the search outbox continuously (a separate process; set IN_PROCESS_INDEXER=false on servers)
  admin <command>     users, API clients and tokens (admin help lists the commands)`;

/** Wrong arguments or a target that would be clobbered: the message is all the user needs. */
class UsageError extends Error {
  override name = 'UsageError';
}

/** Development with demo content: fresh bearer tokens and website passwords for the demo users, printed. */
async function printDemoAccess(system: System, url: string): Promise<void> {
  // Fresh every start: tokens are stored hashed, so last start's cannot be shown again.
  const tokens = await issueDemoTokens(system.orm.em.fork(), system.services.accounts);
  const width = Math.max(...tokens.map((t) => t.label.length));
  process.stdout.write(`Demo tokens (development only; send as "Authorization: Bearer <token>"):\n${tokens.map((t) => `  ${t.label.padEnd(width)}  ${t.token}`).join('\n')}\n`);
  const passwords = await issueDemoPasswords(system.orm.em.fork(), system.services.accounts);
  const emailWidth = Math.max(...passwords.map((p) => p.email.length));
  process.stdout.write(`Demo sign-in at ${url.replace(/graphql$/, '')}logga-in (development only; new passwords every start):\n${passwords.map((p) => `  ${p.label.padEnd(width)}  ${p.email.padEnd(emailWidth)}  ${p.password}`).join('\n')}\n`);
}

async function start(args: string[]): Promise<void> {
  const config = loadConfig();
  if (args.includes('--no-demo')) config.demo = false;
  const log = createLogger(config.logLevel);
  // Say so before spending seconds on the databases; listen() below still reports a lost race.
  if (config.port !== 0 && !(await isPortFree(config.port, config.host))) {
    throw new StartupError(`Port ${config.port} is already in use; set PORT to another port (or 0 for any free port)`);
  }
  let system: System | undefined;
  let stopRequested: string | undefined;
  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (!system) {
      // Still starting: finish starting, then stop, so no database is left behind.
      stopRequested ??= signal;
      return;
    }
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      await system.stop();
      process.exit(exitCode);
    } catch (err) {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  watchLauncher(() => void shutdown('launcher exited'));
  system = await bootSystem(config, log);
  if (stopRequested) return shutdown(stopRequested);
  // An embedded service the supervisor could not keep running: stop with exit code 1 so
  // that whatever runs the server (systemd, a container runtime, a person) notices.
  for (const supervisor of system.endpoints.supervisors) supervisor.once('gave-up', () => void shutdown(`${supervisor.name} failed`, 1));
  try {
    const { url } = await system.app.listen(config.port, config.host);
    // The one line humans look for; logs stay JSON.
    process.stdout.write(`Utbyte ready at ${url}\n`);
    process.stdout.write(`Website at ${url.replace(/graphql$/, '')}\n`);
    if (config.nodeEnv === 'development' && config.demo) await printDemoAccess(system, url);
  } catch (err) {
    await system.stop().catch(() => undefined);
    throw err;
  }
}

/**
 * Runs `work` with PostgreSQL and Meilisearch (embedded or configured), then stops what
 * it started. With `attach`, a server already running on DATA_DIR lends its services.
 */
async function withServices(work: (services: Services, config: Config, log: Logger) => Promise<void>, options: ServicesOptions = {}): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const services = await startServices(config, log, options);
  if (services.attachedTo) log.info({ pid: services.attachedTo }, 'using the services of the server running on DATA_DIR');
  try {
    await work(services, config, log);
  } finally {
    await services.stop();
  }
}

/** Runs `work` against the database (embedded or DATABASE_URL), then shuts everything down. */
async function withDatabase(work: (orm: MikroORM, services: Services, config: Config, log: Logger) => Promise<void>, options: ServicesOptions = {}): Promise<void> {
  await withServices(async (services, config, log) => {
    const orm = await createOrm({ url: services.databaseUrl, log });
    try {
      await work(orm, services, config, log);
    } finally {
      await orm.close();
    }
  }, options);
}

async function migrateOnly(): Promise<void> {
  await withDatabase(async (orm) => {
    const applied = await migrate(orm);
    process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'Database is up to date\n');
  });
}

/** Writes a migration for the difference between the entities and the migrated database. */
async function createMigration(): Promise<void> {
  await withDatabase(async (orm) => {
    await migrate(orm);
    const result = await orm.getMigrator().createMigration();
    process.stdout.write(result.fileName ? `Wrote server/src/migrations/${result.fileName}; add it to server/src/migrations/index.ts\n` : 'No changes\n');
  });
}

/** Runs `work` with the database and the search runtime, then shuts both down. */
async function withSearch(work: (search: SearchRuntime, log: Logger, orm: MikroORM, databaseUrl: string) => Promise<void>, options: ServicesOptions = {}): Promise<void> {
  await withDatabase(async (orm, services, config, log) => {
    await migrate(orm);
    // Indexers and servers starting together would otherwise race to create the index.
    const search = await withStartupLock(services.databaseUrl, 'searchIndex', () =>
      createSearchRuntime({ orm, log, meiliUrl: services.meiliUrl, meiliKey: services.meiliKey, indexPrefix: config.indexPrefix }),
    );
    await work(search, log, orm, services.databaseUrl);
  }, options);
}

async function rebuildIndex(search: SearchRuntime): Promise<void> {
  const { documents, catchUp } = await search.reindex();
  // Changes made during the rebuild were queued again; index them before exiting.
  const drained = await search.indexer.drain();
  process.stdout.write(`Reindexed ${documents} documents into ${search.indexUid}; caught up ${catchUp} recent changes (${drained.failures} failed batches left for the indexer)\n`);
}

async function runReindex(): Promise<void> {
  // Beside a running server: its index is rebuilt with the same swap it would do itself.
  await withSearch(rebuildIndex, { attach: true });
}

async function runBackup(args: string[]): Promise<void> {
  const named = args.filter((a) => !a.startsWith('-'));
  if (named.length > 1 || named.length < args.length) throw new UsageError('usage: backup [file]');
  const file = resolve(named[0] ?? `utbyte-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.gz`);
  if (existsSync(file)) throw new UsageError(`${file} already exists; name another file`);
  await withServices(async (services) => {
    const manifest = await writeBackup(services.databaseUrl, file);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(`Backed up ${rows} rows in ${manifest.tables.length} tables (schema ${manifest.migrations.at(-1) ?? 'empty'}) to ${file}\n`);
  }, { attach: true });
}

async function runRestore(args: string[]): Promise<void> {
  const force = args.includes('--force');
  const named = args.filter((a) => a !== '--force');
  if (named.length !== 1 || named[0].startsWith('-')) throw new UsageError('usage: restore <file> [--force]');
  const file = resolve(named[0]);
  // A wrong or newer file is refused before any database starts.
  backupMigrations(await readManifest(file), migrationsList);
  const config = loadConfig();
  const holder = config.databaseUrl ? undefined : lockHolder(config.dataDir);
  if (holder !== undefined) {
    throw new RestoreRefused(
      `A server (pid ${holder}) is running on ${config.dataDir}; a restore would replace the database under it. Stop it first, or restore into another folder (DATA_DIR=<new folder> npm run restore -- <file>) and start the server there`,
    );
  }
  await withServices(async (services, cfg, log) => {
    const orm = await createOrm({ url: services.databaseUrl, log, lazy: true });
    try {
      const { manifest, rows, replaced } = await restoreBackup({ databaseUrl: services.databaseUrl, file, force, orm, migrations: migrationsList });
      process.stdout.write(`Restored ${rows} rows in ${manifest.tables.length} tables from the backup of ${manifest.createdAt}${replaced ? ', replacing what the database held' : ''}\n`);
      const applied = await migrate(orm);
      if (applied.length) process.stdout.write(`Applied ${applied.join(', ')}\n`);
      await rebuildIndex(await createSearchRuntime({ orm, log, meiliUrl: services.meiliUrl, meiliKey: services.meiliKey, indexPrefix: cfg.indexPrefix }));
    } finally {
      await orm.close();
    }
  });
}

async function runIndexer(): Promise<void> {
  await withSearch(async (search, log, orm, databaseUrl) => {
    search.indexer.start();
    // Woken by every process's outbox commits; the poll stays as the fallback.
    const signals = signalListener(databaseUrl, orm, search, log);
    await signals.start();
    // Listening before saying so: a stop sent the moment the line appears must find its handler.
    const stopped = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info({ signal }, 'indexer stopping');
        void signals.stop().then(() => search.indexer.stop()).then(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    process.stdout.write(`Indexing the search outbox into ${search.indexUid}; stop with Ctrl-C\n`);
    await stopped;
  });
}

async function main(): Promise<void> {
  const [command = 'start', ...args] = process.argv.slice(2);
  switch (command) {
    case 'start':
      return start(args);
    case 'migrate':
      return migrateOnly();
    case 'migration:create':
      return createMigration();
    case 'reindex':
      return runReindex();
    case 'backup':
      return runBackup(args);
    case 'restore':
      return runRestore(args);
    case 'indexer':
      return runIndexer();
    case 'admin':
      process.exitCode = await adminMain(args);
      return;
    case 'schema': {
      const file = join(process.cwd(), 'schema', 'schema.graphql');
      writeFileSync(file, await printAppSchema());
      process.stdout.write(`Wrote ${file}\n`);
      return;
    }
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      process.stderr.write(`Unknown command "${command}"\n${USAGE}\n`);
      process.exit(2);
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartupError || err instanceof UsageError || err instanceof BackupFileError || err instanceof RestoreRefused) {
    process.stderr.write(`utbyte: ${err.message}\n`);
  } else {
    process.stderr.write(`utbyte: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
  process.exit(1);
});
