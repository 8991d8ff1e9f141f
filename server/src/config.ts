// Typed configuration read once from the environment. Every value is validated
// here so that a typo fails at start with one clear line, not deep in a request.
import { resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** External PostgreSQL; undefined means "start the embedded one". */
  databaseUrl?: string;
  /** External Meilisearch; undefined means "start the embedded one". */
  meiliUrl?: string;
  meiliMasterKey?: string;
  /** A Meilisearch binary of the user's choice for the embedded launcher. */
  meiliBin?: string;
  /** Fixed ports for the embedded services; undefined picks free ports. */
  embeddedPgPort?: number;
  embeddedMeiliPort?: number;
  dataDir: string;
  logLevel: LogLevel;
  /** Load demo content into an empty database at start. */
  demo: boolean;
  /** Prefix of every Meilisearch index this instance owns (tests give each file its own). */
  indexPrefix: string;
  /** Run the outbox indexer inside the server process. */
  inProcessIndexer: boolean;
  /** Overrides of the request limits; unset ones take defaultLimits(nodeEnv). */
  limits?: Partial<Limits>;
  /** Where the website is reached from outside (canonical URLs, sitemap); unset: each request's own host. */
  publicUrl?: string;
  /** Origins whose pages may call /graphql from a browser (CORS); empty: none. */
  corsOrigins: string[];
  /** Seconds between the start of a shutdown (/readyz answers 503) and closing the port. */
  shutdownDelaySeconds: number;
  /** Website sign-in: how long sessions live and whether their cookies are Secure. */
  session: SessionSettings;
  /** SMTP_URL: where e-mail goes out (smtp:// or smtps://); unset, messages are logged instead. */
  smtpUrl?: string;
  /** MAIL_FROM: the From of every message. */
  mailFrom: string;
  /** Months after its last confirmation that a published case is due for "still running?". */
  confirmationIntervalMonths: number;
  /** Single sign-on over OpenID Connect (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); unset, e-mail and password only. */
  oidc?: OidcSettings;
}

/** The identity provider of "sign in with your municipality's account" (web/server/single-sign-on.ts). */
export interface OidcSettings {
  /** Issuer identifier, exactly as the provider's discovery document states it; discovery is read from it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** CONFIRMATION_INTERVAL_MONTHS when unset: a case not confirmed for a year is due. */
export const DEFAULT_CONFIRMATION_INTERVAL_MONTHS = 12;

export interface SessionSettings {
  /** A session ends after this many minutes without a request. */
  idleMinutes: number;
  /** … and this many hours after sign-in, however busy. */
  absoluteHours: number;
  /** Secure (and __Host-) cookies: true outside development, where the site may be plain http://localhost. */
  secureCookies: boolean;
}

/** What one request and one caller may spend (docs/security.md explains each). */
export interface Limits {
  /** Deepest nesting of fields in one operation (introspection fields not counted). */
  maxDepth: number;
  /** Aliased fields in one operation, counted at every fragment spread. */
  maxAliases: number;
  /** Directives in one operation, counted at every fragment spread. */
  maxDirectives: number;
  /** Lexical tokens in one document; parsing stops beyond it. */
  maxTokens: number;
  /** Estimated cost of one operation; connections multiply by `first`/`last`. */
  maxCost: number;
  /** Operations in one batched HTTP request; 1 turns batching off. */
  maxBatch: number;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** Leaky-bucket rate limiting on cost, per token and per IP address. */
  rateLimit: boolean;
  tokenBurst: number;
  tokenPerSecond: number;
  ipBurst: number;
  ipPerSecond: number;
  /** Proxy hops in front of the server whose X-Forwarded-For is trusted (0: none). */
  trustProxy: number;
}

export function defaultLimits(nodeEnv: NodeEnv): Limits {
  return {
    maxDepth: 10,
    maxAliases: 30,
    maxDirectives: 50,
    maxTokens: 5000,
    maxCost: 10_000,
    maxBatch: 1,
    bodyLimitBytes: 1_048_576,
    // Test suites hammer one server from one address; they turn it on where they test it.
    rateLimit: nodeEnv !== 'test',
    tokenBurst: 50_000,
    tokenPerSecond: 1_000,
    ipBurst: 20_000,
    ipPerSecond: 400,
    trustProxy: 0,
  };
}

export function resolveLimits(config: Pick<Config, 'nodeEnv' | 'limits'>): Limits {
  return { ...defaultLimits(config.nodeEnv), ...config.limits };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function port(name: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return n;
}

function url(name: string, raw: string | undefined, protocols: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function count(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** Only the limits named in the environment; the rest stay at their defaults. */
function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<Limits> | undefined {
  const read: Partial<Record<keyof Limits, number | boolean | undefined>> = {
    maxDepth: count('GRAPHQL_MAX_DEPTH', env.GRAPHQL_MAX_DEPTH, 2, 100),
    maxAliases: count('GRAPHQL_MAX_ALIASES', env.GRAPHQL_MAX_ALIASES, 0, 10_000),
    maxDirectives: count('GRAPHQL_MAX_DIRECTIVES', env.GRAPHQL_MAX_DIRECTIVES, 0, 10_000),
    maxTokens: count('GRAPHQL_MAX_TOKENS', env.GRAPHQL_MAX_TOKENS, 100, 1_000_000),
    maxCost: count('GRAPHQL_MAX_COST', env.GRAPHQL_MAX_COST, 1, 100_000_000),
    maxBatch: count('GRAPHQL_MAX_BATCH', env.GRAPHQL_MAX_BATCH, 1, 100),
    bodyLimitBytes: count('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1024, 100 * 1024 * 1024),
    rateLimit: env.RATE_LIMIT === undefined || env.RATE_LIMIT === '' ? undefined : bool('RATE_LIMIT', env.RATE_LIMIT, true),
    tokenBurst: count('RATE_LIMIT_TOKEN_BURST', env.RATE_LIMIT_TOKEN_BURST, 1, 1_000_000_000),
    tokenPerSecond: count('RATE_LIMIT_TOKEN_PER_SECOND', env.RATE_LIMIT_TOKEN_PER_SECOND, 1, 1_000_000_000),
    ipBurst: count('RATE_LIMIT_IP_BURST', env.RATE_LIMIT_IP_BURST, 1, 1_000_000_000),
    ipPerSecond: count('RATE_LIMIT_IP_PER_SECOND', env.RATE_LIMIT_IP_PER_SECOND, 1, 1_000_000_000),
    trustProxy: count('TRUST_PROXY', env.TRUST_PROXY, 0, 10),
  };
  const given = Object.entries(read).filter(([, v]) => v !== undefined);
  return given.length ? (Object.fromEntries(given)) : undefined;
}

/** The most origins CORS_ORIGINS may list; a longer list is a sign of a mistake, not a need. */
const MAX_CORS_ORIGINS = 50;

/** Exact origins only: a wildcard would let any page spend a token it got hold of. */
function origins(name: string, raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const listed = raw.split(',').map((o) => o.trim()).filter((o) => o !== '');
  if (listed.length > MAX_CORS_ORIGINS) throw new ConfigError(`${name} may list at most ${MAX_CORS_ORIGINS} origins, got ${listed.length}`);
  return [...new Set(listed.map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    const bare = parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.username && !parsed.password && parsed.pathname === '/' && !parsed.search && !parsed.hash && !origin.endsWith('/');
    if (!bare) throw new ConfigError(`${name} must be a comma-separated list of origins such as https://app.example.se (scheme, host and port only), got "${origin}"`);
    // Browsers send the serialized form: lower-case host, no default port.
    return parsed!.origin;
  }))];
}

/** An origin the site is served at: scheme, host and port, no path (its links start at /). */
function siteOrigin(name: string, raw: string | undefined): string | undefined {
  const given = url(name, raw, ['http:', 'https:']);
  if (given === undefined) return undefined;
  const parsed = new URL(given);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(`${name} must be an origin such as https://utbyte.example.se, without a path, got "${raw}"`);
  }
  return parsed.origin;
}

/** A From header: an address, or a name and an address in <>; no line breaks (header injection). */
function mailFrom(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'Utbyte <no-reply@utbyte.invalid>';
  if (raw.length > 200 || /[\r\n]/.test(raw) || !/^(?:[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+|[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>)$/.test(raw.trim())) {
    throw new ConfigError(`MAIL_FROM must be an e-mail address or "Name <address>", got "${raw.slice(0, 200)}"`);
  }
  return raw.trim();
}

/** Hosts where a plain-http identity provider is acceptable: this machine only (development, tests). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The three OIDC_* settings, all or none; the issuer https (http only on loopback). */
function oidc(env: NodeJS.ProcessEnv, nodeEnv: NodeEnv, publicUrl: string | undefined): OidcSettings | undefined {
  const given = { OIDC_ISSUER: env.OIDC_ISSUER?.trim(), OIDC_CLIENT_ID: env.OIDC_CLIENT_ID?.trim(), OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET };
  const missing = Object.entries(given).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length === 3) return undefined;
  if (missing.length) throw new ConfigError(`OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three or none (missing ${missing.join(', ')})`);
  const issuer = new URL(url('OIDC_ISSUER', given.OIDC_ISSUER, ['https:', 'http:'])!);
  if (issuer.protocol === 'http:' && !LOOPBACK_HOSTS.has(issuer.hostname)) {
    throw new ConfigError('OIDC_ISSUER must start with https:// (plain http:// only for a provider on this machine: localhost, 127.0.0.1)');
  }
  if (issuer.search || issuer.hash || issuer.username || issuer.password) throw new ConfigError('OIDC_ISSUER must be the issuer identifier, without query, fragment or credentials');
  if (given.OIDC_CLIENT_ID!.length > 500 || given.OIDC_CLIENT_SECRET!.length > 2000) throw new ConfigError('OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is implausibly long');
  if (nodeEnv === 'production' && !publicUrl) {
    throw new ConfigError('OIDC_ISSUER needs PUBLIC_URL in production: the redirect URI to register at the identity provider is PUBLIC_URL followed by /logga-in/kommunkonto/klar');
  }
  return { issuer: given.OIDC_ISSUER!, clientId: given.OIDC_CLIENT_ID!, clientSecret: given.OIDC_CLIENT_SECRET! };
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const nodeEnv = oneOf('NODE_ENV', env.NODE_ENV, NODE_ENVS, 'development');
  const meiliUrl = url('MEILI_URL', env.MEILI_URL, ['http:', 'https:']);
  const indexPrefix = env.INDEX_PREFIX ?? 'utbyte_';
  if (!/^[A-Za-z0-9_-]{0,40}$/.test(indexPrefix)) {
    throw new ConfigError('INDEX_PREFIX may only contain letters, digits, "_" and "-" (at most 40)');
  }
  const publicUrl = siteOrigin('PUBLIC_URL', env.PUBLIC_URL);
  return {
    nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: port('PORT', env.PORT, 4000)!,
    databaseUrl: url('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    meiliUrl,
    meiliMasterKey: env.MEILI_MASTER_KEY || undefined,
    meiliBin: env.MEILI_BIN || undefined,
    embeddedPgPort: port('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT),
    embeddedMeiliPort: port('EMBEDDED_MEILI_PORT', env.EMBEDDED_MEILI_PORT),
    dataDir: resolve(cwd, env.DATA_DIR || '.data'),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    demo: bool('UTBYTE_DEMO', env.UTBYTE_DEMO, nodeEnv !== 'production'),
    indexPrefix,
    inProcessIndexer: bool('IN_PROCESS_INDEXER', env.IN_PROCESS_INDEXER, true),
    limits: limitsFromEnv(env),
    publicUrl,
    corsOrigins: origins('CORS_ORIGINS', env.CORS_ORIGINS),
    shutdownDelaySeconds: count('SHUTDOWN_DELAY_SECONDS', env.SHUTDOWN_DELAY_SECONDS, 0, 25) ?? 0,
    session: {
      idleMinutes: count('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 5, 1440) ?? 120,
      absoluteHours: count('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 1, 720) ?? 12,
      secureCookies: bool('SESSION_COOKIE_SECURE', env.SESSION_COOKIE_SECURE, nodeEnv !== 'development'),
    },
    smtpUrl: url('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']),
    mailFrom: mailFrom(env.MAIL_FROM),
    confirmationIntervalMonths: count('CONFIRMATION_INTERVAL_MONTHS', env.CONFIRMATION_INTERVAL_MONTHS, 1, 120) ?? DEFAULT_CONFIRMATION_INTERVAL_MONTHS,
    oidc: oidc(env, nodeEnv, publicUrl),
  };
}
