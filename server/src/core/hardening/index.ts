// Everything that protects the GraphQL endpoint from expensive, malformed or hostile
// requests, assembled from the configured limits for app.ts.
import type { Config, Limits } from '../../config';
import { resolveLimits } from '../../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { DocumentCache } from './document-cache';
import { FALLBACK_METRIC, SharedLeakyBucket, pruneBuckets, rateLimitPool, type RateLimiter } from './shared-rate-limit';
import { aliasLimitRule, depthLimitRule, directiveLimitRule, type LimitRule } from './rules';

export { CALLER, EXPOSED_CODES, hardeningPlugin, rateLimited, type Caller, type WithCaller } from './plugin';
export { cors, graphqlBody, plainJsonStatusPlugin, securityHeaders } from './http';

export interface Hardening {
  limits: Limits;
  validationRules: LimitRule[];
  tokenBuckets: RateLimiter | null;
  ipBuckets: RateLimiter | null;
  /** Apollo's store of parsed and validated documents, bounded by their text's length. */
  documentStore: DocumentCache;
  /** Closes the rate limiter's database connections. */
  close(): Promise<void>;
}

export interface HardeningDeps {
  /** The database whose rate_limit_bucket table every process shares. */
  databaseUrl: string;
  /** With it, GET /metrics reports how full the document cache and this process's own buckets are, so an operator sees them stay bounded. */
  metrics?: Metrics;
  log?: Logger;
}

/** How often each process deletes drained buckets (any process may; the rows mean nothing once drained). */
const PRUNE_EVERY_MS = 60_000;

/** The shared token and address buckets, their pool, and the pruning timer; null when rate limiting is off. */
function sharedBuckets(limits: Limits, deps: HardeningDeps) {
  if (!limits.rateLimit) return { tokenBuckets: null, ipBuckets: null, close: () => Promise.resolve() };
  const pool = rateLimitPool(deps.databaseUrl);
  const common = { pool, log: deps.log?.child({ component: 'rate-limit' }), metrics: deps.metrics };
  deps.metrics?.counter(FALLBACK_METRIC, 'Rate-limit decisions taken in this process because PostgreSQL did not answer in time');
  const prune = setInterval(() => void pruneBuckets(pool).catch(() => undefined), PRUNE_EVERY_MS);
  prune.unref();
  return {
    tokenBuckets: new SharedLeakyBucket({ ...common, capacity: limits.tokenBurst, perSecond: limits.tokenPerSecond }),
    ipBuckets: new SharedLeakyBucket({ ...common, capacity: limits.ipBurst, perSecond: limits.ipPerSecond }),
    close: async () => {
      clearInterval(prune);
      await pool.end();
    },
  };
}

export function createHardening(config: Pick<Config, 'nodeEnv' | 'limits'>, deps: HardeningDeps): Hardening {
  const limits = resolveLimits(config);
  const hardening: Hardening = {
    limits,
    validationRules: [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), directiveLimitRule(limits.maxDirectives)],
    ...sharedBuckets(limits, deps),
    documentStore: new DocumentCache(),
  };
  const { metrics } = deps;
  metrics?.collect(async () => [
    { name: 'utbyte_graphql_document_cache_entries', help: 'Parsed documents kept to skip parsing and validating them again', value: hardening.documentStore.size },
    { name: 'utbyte_graphql_document_cache_chars', help: 'Length of the text of the documents kept', value: hardening.documentStore.textLength },
    // The shared buckets live in PostgreSQL; these are the ones this process keeps itself after the database failed to answer.
    { name: 'utbyte_rate_limit_callers', help: 'Callers whose leaky bucket this process tracks itself', value: hardening.tokenBuckets?.localSize ?? 0, labels: { by: 'token' } },
    { name: 'utbyte_rate_limit_callers', help: 'Callers whose leaky bucket this process tracks itself', value: hardening.ipBuckets?.localSize ?? 0, labels: { by: 'address' } },
  ]);
  return hardening;
}
