// Everything that protects the GraphQL endpoint from expensive, malformed or hostile
// requests, assembled from the configured limits for app.ts.
import type { Config, Limits } from '../../config';
import { resolveLimits } from '../../config';
import { LeakyBucket } from './rate-limit';
import { aliasLimitRule, depthLimitRule, directiveLimitRule, type LimitRule } from './rules';

export { CALLER, EXPOSED_CODES, hardeningPlugin, rateLimited, type Caller, type WithCaller } from './plugin';
export { cors, graphqlBody, plainJsonStatusPlugin, securityHeaders } from './http';

export interface Hardening {
  limits: Limits;
  validationRules: LimitRule[];
  tokenBuckets: LeakyBucket | null;
  ipBuckets: LeakyBucket | null;
}

export function createHardening(config: Pick<Config, 'nodeEnv' | 'limits'>): Hardening {
  const limits = resolveLimits(config);
  return {
    limits,
    validationRules: [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), directiveLimitRule(limits.maxDirectives)],
    tokenBuckets: limits.rateLimit ? new LeakyBucket(limits.tokenBurst, limits.tokenPerSecond) : null,
    ipBuckets: limits.rateLimit ? new LeakyBucket(limits.ipBurst, limits.ipPerSecond) : null,
  };
}
