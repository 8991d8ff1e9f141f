// Builds the HTTP application (express 5 + Apollo Server 5) around an ORM and the
// app services. It does not start databases: main.ts and the tests do that.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Config, OidcSettings, SessionSettings } from './config';
import { ANONYMOUS, type Context, type Viewer } from './core/context';
import { CALLER, EXPOSED_CODES, cors, createHardening, graphqlBody, hardeningPlugin, plainJsonStatusPlugin, rateLimited, securityHeaders, type WithCaller } from './core/hardening';
import { SignInRefused, hashToken } from './modules/accounts/accounts.service';
import { StartupError } from './core/embedded/process';
import { idempotencyPlugin } from './core/idempotency/idempotency.plugin';
import type { Logger } from './core/logger';
import type { Mailer } from './core/mail';
import type { Metrics } from './core/metrics';
import { createRequestContext } from './core/request-context';
import { calendarRouter } from './modules/study-visits/calendar';
import { buildAppSchema } from './schema';
import { timeSliceResolvers } from './core/hardening/time-slices';
import { createSite } from '../../web/server/site';
import type { AppServices } from './services';

export interface AppDeps {
  config: Pick<Config, 'nodeEnv' | 'limits'> & Partial<Pick<Config, 'corsOrigins' | 'shutdownDelaySeconds'>>;
  orm: MikroORM;
  services: AppServices;
  log: Logger;
  /** Extra readiness checks (Meilisearch, outbox lag) contributed by modules. */
  readiness?: Record<string, () => Promise<Record<string, unknown>>>;
  /** Served at GET /metrics; this app adds the HTTP request counter. */
  metrics?: Metrics;
  /** The website's settings (web/server/site.ts). */
  web?: { publicUrl?: string; session?: SessionSettings; mailer?: Mailer; oidc?: OidcSettings };
}

export interface App {
  express: express.Express;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Drains: /readyz answers 503 and connections close after their response, for shutdownDelaySeconds; then stops accepting and waits for requests in flight. */
  close(): Promise<void>;
}

/** What a failed sign-in costs the caller's address: guessing tokens drains the bucket fast. */
const FAILED_AUTH_COST = 200;

/**
 * The RFC 6750 challenge of a 401. A header that is no bearer credential gets none of
 * its error codes (section 3.1); a bearer token we cannot accept is "invalid_token".
 */
function bearerChallenge(err: GraphQLError): string {
  if (!(err instanceof SignInRefused) || err.problem === 'header') return 'Bearer realm="utbyte"';
  // error_description is restricted to printable ASCII without quotes or backslashes.
  const description = err.message.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
  return `Bearer realm="utbyte", error="invalid_token", error_description="${description}"`;
}

type Hardening = ReturnType<typeof createHardening>;

/** Shutdown state: set once draining begins, and the responses still open then. */
interface Drain {
  draining: boolean;
  inFlight: Set<http.ServerResponse>;
}

/**
 * Anything that is not one of our coded errors is masked; the hardening plugin has
 * already logged it with the request id.
 */
function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  let code = formatted.extensions?.code as string | undefined;
  // graphql-js gives up on a hopeless variables object with this uncoded error.
  if (code === 'INTERNAL_SERVER_ERROR' && formatted.message.startsWith('Too many errors processing variables')) {
    code = 'BAD_USER_INPUT';
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  if (code && EXPOSED_CODES.has(code)) {
    const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

async function startApollo(deps: AppDeps, httpServer: http.Server, hardening: Hardening): Promise<ApolloServer<Context>> {
  const production = deps.config.nodeEnv === 'production';
  const { limits } = hardening;
  const apollo = new ApolloServer<Context>({
    schema: timeSliceResolvers(await buildAppSchema()),
    documentStore: hardening.documentStore,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // "Did you mean …" suggestions would let a client map a schema it cannot introspect.
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    // No automatic persisted queries: nothing uses them, and their cache is memory a client could fill.
    persistedQueries: false,
    allowBatchedHttpRequests: limits.maxBatch > 1,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: hardening.validationRules,
    // main.ts owns the shutdown order (HTTP, indexer, ORM, then the databases).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      hardeningPlugin(limits),
      idempotencyPlugin({ log: deps.log }),
      plainJsonStatusPlugin(),
      // No resolver sets cache hints, and the built-in cache-control plugin would wrap every field resolver to look for them.
      ApolloServerPluginCacheControlDisabled(),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
    formatError: maskError,
  });
  await apollo.start();
  return apollo;
}

/** Tags every request with an id, counts it, and tracks it until it closes so a drain can reach it. */
function trackRequests(drain: Drain, metrics: Metrics | undefined): express.RequestHandler {
  return (req, res, next) => {
    if (drain.draining) res.setHeader('connection', 'close');
    else {
      drain.inFlight.add(res);
      res.once('close', () => drain.inFlight.delete(res));
    }
    const incoming = req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    if (metrics) res.on('finish', () => metrics.inc('utbyte_http_requests_total', 1, { method: req.method, status: String(res.statusCode) }));
    next();
  };
}

function metricsRoute(metrics: Metrics | undefined, log: Logger): express.RequestHandler {
  return async (_req, res) => {
    if (!metrics) {
      res.status(404).end();
      return;
    }
    try {
      res.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render());
    } catch (err) {
      log.error({ err }, 'metrics collection failed');
      res.status(503).type('text/plain').send('# metrics unavailable\n');
    }
  };
}

/** PostgreSQL and every module's readiness check; one failing (or throwing) makes the whole not ready. */
async function readiness(deps: AppDeps): Promise<{ ready: boolean; checks: Record<string, unknown> }> {
  const checks: Record<string, unknown> = {};
  let ready = true;
  try {
    await deps.orm.em.getConnection().execute('select 1');
    checks.postgres = { ok: true };
  } catch {
    ready = false;
    checks.postgres = { ok: false };
  }
  for (const [name, check] of Object.entries(deps.readiness ?? {})) {
    try {
      const result = await check();
      checks[name] = result;
      if (result.ok === false) ready = false;
    } catch {
      ready = false;
      checks[name] = { ok: false };
    }
  }
  return { ready, checks };
}

function healthRoutes(app: express.Express, deps: AppDeps, drain: Drain): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (drain.draining) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const { ready, checks } = await readiness(deps);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
}

/** The viewer of a request's bearer token; a refused token is a 401 with its challenge and costs the address. */
async function authenticate(deps: AppDeps, hardening: Hardening, em: Context['em'], req: express.Request, requestId: string, ipKey: string): Promise<Viewer | null> {
  try {
    return await deps.services.accounts.authenticate(em, req.header('authorization'));
  } catch (err) {
    if (err instanceof GraphQLError) {
      const charged = await hardening.ipBuckets?.take(ipKey, FAILED_AUTH_COST);
      if (charged && !charged.ok) throw rateLimited(charged.retryAfterSeconds);
      throw new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status: 401, headers: new HeaderMap([['www-authenticate', bearerChallenge(err)]]) } } });
    }
    deps.log.error({ err, requestId }, 'authentication failed unexpectedly');
    throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}

/** POST /graphql: CORS, the bounded body parser, and Apollo with a per-request context. */
function graphqlRoute(app: express.Express, deps: AppDeps, apollo: ApolloServer<Context>, hardening: Hardening): void {
  const { orm, services, log } = deps;
  const context = async ({ req, res }: { req: express.Request; res: express.Response }): Promise<Context> => {
    const em = orm.em.fork();
    const requestId = res.locals.requestId as string;
    const ipKey = `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    const viewer = await authenticate(deps, hardening, em, req, requestId, ipKey);
    const result: Context & WithCaller = createRequestContext({ em, requestId, viewer: viewer ?? ANONYMOUS, log, services });
    // Signed-in callers pay from their token's bucket, anonymous ones from their address's.
    result[CALLER] = viewer
      ? { bucketKey: `token:${hashToken(req.header('authorization')!.trim().split(/\s+/)[1]).slice(0, 32)}`, bucket: hardening.tokenBuckets }
      : { bucketKey: ipKey, bucket: hardening.ipBuckets };
    return result;
  };
  app.use('/graphql', cors(deps.config.corsOrigins ?? []), ...graphqlBody(hardening.limits), expressMiddleware(apollo, { context }));
}

/** Malformed JSON and other body errors: a clean 400, never a stack trace. */
function bodyErrorHandler(log: Logger, bodyLimitBytes: number): express.ErrorRequestHandler {
  return (err: Error & { status?: number; type?: string }, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error({ err, requestId: res.locals.requestId }, 'unhandled error');
    const message = status === 500 ? 'Internal server error' : status === 413 ? `Request body larger than ${bodyLimitBytes} bytes` : 'Bad request: the body could not be read';
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  };
}

function listenOn(httpServer: http.Server, port: number, host: string): Promise<{ port: number; url: string }> {
  return new Promise((resolveListen, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new StartupError(`Port ${port} is already in use; set PORT to another port (or 0 for any free port)`)
          : err.code === 'EACCES'
            ? new StartupError(`Not allowed to listen on port ${port}; set PORT to a port above 1024`)
            : err,
      );
    };
    httpServer.once('error', onError);
    httpServer.listen(port, host, () => {
      httpServer.off('error', onError);
      const actual = (httpServer.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host;
      resolveListen({ port: actual, url: `http://${shownHost}:${actual}/graphql` });
    });
  });
}

async function closeGracefully(drain: Drain, shutdownDelaySeconds: number, apollo: ApolloServer<Context>, httpServer: http.Server): Promise<void> {
  if (!drain.draining) {
    drain.draining = true;
    for (const res of drain.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    if (shutdownDelaySeconds > 0) await sleep(shutdownDelaySeconds * 1000);
  }
  // apollo.stop() runs the drain plugin: stop accepting, let in-flight requests finish.
  await apollo.stop();
  if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { orm, services, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Express hashed every answer into an ETag: ~5 µs per GraphQL answer, a POST that is
  // never revalidated. Public pages set their own (web/server/site.ts), static files keep theirs.
  app.set('etag', false);
  const httpServer = http.createServer(app);
  const hardening = createHardening(deps.config, { databaseUrl: orm.config.get('clientUrl'), metrics: deps.metrics, log });
  if (hardening.limits.trustProxy > 0) app.set('trust proxy', hardening.limits.trustProxy);
  const apollo = await startApollo(deps, httpServer, hardening);

  // Set when shutdown begins: load balancers see /readyz fail and clients stop reusing connections.
  const drain: Drain = { draining: false, inFlight: new Set() };
  app.use(trackRequests(drain, deps.metrics));
  app.get('/metrics', metricsRoute(deps.metrics, log));
  app.use(securityHeaders('/graphql'));
  healthRoutes(app, deps, drain);
  app.use(calendarRouter({ orm, services, log }));
  graphqlRoute(app, deps, apollo, hardening);
  // The website, last: its catch-all answers unknown GET paths with its 404 page.
  app.use(await createSite({ schema: await buildAppSchema(), orm, services, log, publicUrl: deps.web?.publicUrl, session: deps.web?.session, mailer: deps.web?.mailer, oidc: deps.web?.oidc }));
  app.use(bodyErrorHandler(log, hardening.limits.bodyLimitBytes));

  return {
    express: app,
    listen: (port, host) => listenOn(httpServer, port, host),
    close: async () => {
      await closeGracefully(drain, deps.config.shutdownDelaySeconds ?? 0, apollo, httpServer);
      await hardening.close();
    },
  };
}
