// Assembles the running system from a configuration: databases (external or
// embedded), migrations, reference data, demo content, services and the HTTP app.
// main.ts and the integration tests both start Utbyte through here.
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApp, type App } from './app';
import type { Config } from './config';
import { withStartupLock } from './core/db/advisory-lock';
import { NotificationListener, OUTBOX_CHANNEL, REFERENCE_CHANNEL } from './core/db/notifications';
import { createOrm, migrate } from './core/db/orm';
import { startServices, type Services } from './core/embedded/services';
import type { RestartPolicy } from './core/embedded/supervisor';
import type { Logger } from './core/logger';
import { Mailer } from './core/mail';
import { Metrics } from './core/metrics';
import { enqueueIndexUpdate } from './core/search/outbox';
import { referenceDataChanged } from './modules/geo/reference-cache';
import { CaseStatus } from './modules/practice-cases/practice-case.enums';
import { PracticeCase } from './modules/practice-cases/practice-case.entity';
import { createSearchRuntime, type SearchRuntime } from './modules/search/search.system';
import { loadDemoContent } from './seed/demo';
import { importReferenceData } from './seed/reference-data';
import { createServices, type AppServices } from './services';
import { systemClock, type Clock } from './core/clock';
import { CaseFreshness } from './modules/practice-cases/practice-case.freshness';
import { ConfirmationDigestJob } from './modules/practice-cases/confirmation-digest';

export interface System {
  config: Config;
  orm: MikroORM;
  services: AppServices;
  app: App;
  endpoints: Services;
  /** Meilisearch client, index, outbox indexer (tests call search.indexer.drain()). */
  search: SearchRuntime;
  metrics: Metrics;
  /** This process's LISTEN connection: outbox commits and reference imports of every process. */
  signals: NotificationListener;
  /** The daily "still running?" digest, run on a timer in every process (replicas claim each digest once). */
  digest: ConfirmationDigestJob;
  stop(): Promise<void>;
}

/** Stops what runs in the order that lets each part finish: requests, background work, the ORM, then the databases. */
async function stopSystem(s: Pick<System, 'signals' | 'app' | 'search' | 'digest' | 'orm' | 'endpoints'>): Promise<void> {
  await s.signals.stop();
  await s.app.close();
  await s.search.guard.stop();
  // The indexer finishes its batch, and the digest its pass, while the ORM can still commit them.
  await s.search.indexer.stop();
  await s.digest.stop();
  await s.orm.close();
  await s.endpoints.stop();
}

export interface BootOptions {
  /** Count or inspect every SQL statement (tests, benchmarks). */
  onQuery?: (sql: string) => void;
  /** Restart policy of the embedded services (tests shorten it). */
  restartPolicy?: RestartPolicy;
  /** Where "now" comes from for confirmation and its digest (tests move it); the real clock otherwise. */
  clock?: Clock;
}

/** The embedded services' supervision in /readyz: ready only while every one runs. */
function supervisionReadiness(endpoints: Services): Record<string, () => Promise<Record<string, unknown>>> {
  if (!endpoints.supervisors.length) return {};
  return {
    embedded: async () => {
      const states = Object.fromEntries(endpoints.supervisors.map((s) => [s.name, { state: s.state, restarts: s.restarts }]));
      return { ok: endpoints.supervisors.every((s) => s.state === 'running'), ...states };
    },
  };
}

/**
 * Imports the reference data. Renamed municipalities and relabelled themes are queued
 * in the import's own transaction; with no published case there is nothing to fan out to.
 */
async function importReference(orm: MikroORM, log: Logger): Promise<void> {
  // One process at a time: the others then find every row unchanged and queue nothing.
  const counts = await withStartupLock(orm.config.get('clientUrl'), 'reference', () => orm.em.fork().transactional(async (tx) => {
    const imported = await importReferenceData(tx);
    if ((imported.changedMunicipalities.length || imported.changedThemes.length) && (await tx.count(PracticeCase, { status: CaseStatus.PUBLISHED })) > 0) {
      enqueueIndexUpdate(tx, 'Municipality', imported.changedMunicipalities);
      enqueueIndexUpdate(tx, 'Theme', imported.changedThemes);
    }
    return imported;
  }), log);
  log.info({ ...counts, changedMunicipalities: counts.changedMunicipalities.length, changedThemes: counts.changedThemes.length }, 'reference data imported');
}

/** When a supervised database comes back, the outbox resumes and the index is checked again. */
function resumeSearchAfterOutages(endpoints: Services, search: SearchRuntime, log: Logger): void {
  for (const supervisor of endpoints.supervisors) {
    supervisor.on('recovered', () => {
      void search.indexer.resumeAfterOutage().catch((err: unknown) => log.warn({ err }, 'could not resume the search outbox'));
      // A Meilisearch that lost its data comes back empty.
      void search.guard.start();
    });
  }
}

/**
 * Listens for the other processes on the database: their outbox commits wake this
 * process's indexer (when it runs one), their reference imports drop its cache.
 */
export function signalListener(url: string, orm: MikroORM, search: SearchRuntime, log: Logger): NotificationListener {
  return new NotificationListener({
    url,
    log: log.child({ component: 'signals' }),
    handlers: {
      [OUTBOX_CHANNEL]: () => search.indexer.notified(),
      [REFERENCE_CHANNEL]: () => referenceDataChanged(orm.em),
    },
  });
}

export async function bootSystem(config: Config, log: Logger, options: BootOptions = {}): Promise<System> {
  const endpoints = await startServices(config, log, { restartPolicy: options.restartPolicy });
  let orm: MikroORM | undefined;
  try {
    orm = await createOrm({ url: endpoints.databaseUrl, log, onQuery: options.onQuery });
    const applied = await migrate(orm);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    const metrics = new Metrics().counter('utbyte_http_requests_total', 'HTTP requests served', true);
    // Settings go in before any document does (createSearchRuntime applies them).
    const db = orm;
    const search = await withStartupLock(
      endpoints.databaseUrl,
      'searchIndex',
      () => createSearchRuntime({ orm: db, log, meiliUrl: endpoints.meiliUrl, meiliKey: endpoints.meiliKey, indexPrefix: config.indexPrefix, metrics }),
      log,
    );
    await importReference(orm, log);
    // An index that is missing, empty or another database's is rebuilt in the background;
    // /readyz answers 503 "rebuilding" until it is done. Before the demo content, so that a
    // first start claims the empty index instead of rebuilding it.
    await search.guard.start();
    const freshness = new CaseFreshness(options.clock ?? systemClock, config.confirmationIntervalMonths);
    const services = createServices({ search: { client: search.client, indexUid: search.indexUid }, freshness });
    const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: log.child({ component: 'mail' }), logBodies: config.nodeEnv !== 'production' });
    const digest = new ConfirmationDigestJob({ orm, freshness, mailer, log: log.child({ component: 'confirmation-digest' }), siteUrl: config.publicUrl });
    // Only ever into an empty database (no cases, no organizations); see seed/demo.ts.
    if (config.demo) {
      // Under its lock, the emptiness check and the loading are one step across processes.
      const demo = await withStartupLock(endpoints.databaseUrl, 'demo', () => loadDemoContent(db, services, log), log);
      log.info(demo, demo.loaded ? 'demo content loaded' : 'demo content skipped');
    }
    resumeSearchAfterOutages(endpoints, search, log);
    const app = await createApp({ config, orm, services, log, readiness: { ...search.readiness, ...supervisionReadiness(endpoints) }, metrics, web: { publicUrl: config.publicUrl, session: config.session, mailer, oidc: config.oidc } });
    if (config.inProcessIndexer) search.indexer.start();
    const signals = signalListener(endpoints.databaseUrl, db, search, log);
    await signals.start();
    digest.start();
    const system: System = { config, orm: db, services, app, endpoints, search, metrics, signals, digest, stop: () => stopSystem(system) };
    return system;
  } catch (err) {
    await orm?.close().catch(() => undefined);
    await endpoints.stop();
    throw err;
  }
}
