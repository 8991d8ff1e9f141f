// Everything that protects the GraphQL endpoint from expensive, malformed or hostile
// requests, assembled from the configured limits for app.ts.
import type { Config, Limits } from '../../config';
import { resolveLimits } from '../../config';
import type { Metrics } from '../metrics';
import { DocumentCache } from './document-cache';
import { LeakyBucket } from './rate-limit';
import { aliasLimitRule, depthLimitRule, directiveLimitRule, type LimitRule } from './rules';

export { CALLER, EXPOSED_CODES, hardeningPlugin, rateLimited, type Caller, type WithCaller } from './plugin';
export { cors, graphqlBody, plainJsonStatusPlugin, securityHeaders } from './http';

export interface Hardening {
  limits: Limits;
  validationRules: LimitRule[];
  tokenBuckets: LeakyBucket | null;
  ipBuckets: LeakyBucket | null;
  /** Apollo's store of parsed and validated documents, bounded by their text's length. */
  documentStore: DocumentCache;
}

/** With `metrics`, GET /metrics reports how full the caches above are, so an operator sees them stay bounded. */
export function createHardening(config: Pick<Config, 'nodeEnv' | 'limits'>, metrics?: Metrics): Hardening {
  const limits = resolveLimits(config);
  const hardening: Hardening = {
    limits,
    validationRules: [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), directiveLimitRule(limits.maxDirectives)],
    tokenBuckets: limits.rateLimit ? new LeakyBucket(limits.tokenBurst, limits.tokenPerSecond) : null,
    ipBuckets: limits.rateLimit ? new LeakyBucket(limits.ipBurst, limits.ipPerSecond) : null,
    documentStore: new DocumentCache(),
  };
  metrics?.collect(async () => [
    { name: 'utbyte_graphql_document_cache_entries', help: 'Parsed documents kept to skip parsing and validating them again', value: hardening.documentStore.size },
    { name: 'utbyte_graphql_document_cache_chars', help: 'Length of the text of the documents kept', value: hardening.documentStore.textLength },
    { name: 'utbyte_rate_limit_callers', help: 'Callers whose leaky bucket is tracked', value: hardening.tokenBuckets?.size ?? 0, labels: { by: 'token' } },
    { name: 'utbyte_rate_limit_callers', help: 'Callers whose leaky bucket is tracked', value: hardening.ipBuckets?.size ?? 0, labels: { by: 'address' } },
  ]);
  return hardening;
}
