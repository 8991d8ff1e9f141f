import { ConfigError, defaultLimits, loadConfig, resolveLimits } from '../../config';

describe('limits in the configuration', () => {
  test('defaults apply when nothing is set; rate limiting is off only under test', () => {
    expect(loadConfig({}, '/srv').limits).toBeUndefined();
    expect(resolveLimits(loadConfig({}, '/srv'))).toEqual(defaultLimits('development'));
    expect(resolveLimits(loadConfig({ NODE_ENV: 'production' }, '/srv')).rateLimit).toBe(true);
    expect(resolveLimits(loadConfig({ NODE_ENV: 'test' }, '/srv')).rateLimit).toBe(false);
  });

  test('each variable overrides its own limit only', () => {
    const config = loadConfig({ GRAPHQL_MAX_DEPTH: '7', GRAPHQL_MAX_COST: '500', RATE_LIMIT: 'off', RATE_LIMIT_IP_PER_SECOND: '5', TRUST_PROXY: '1' }, '/srv');
    expect(config.limits).toEqual({ maxDepth: 7, maxCost: 500, rateLimit: false, ipPerSecond: 5, trustProxy: 1 });
    expect(resolveLimits(config)).toEqual({ ...defaultLimits('development'), maxDepth: 7, maxCost: 500, rateLimit: false, ipPerSecond: 5, trustProxy: 1 });
  });

  test.each([
    [{ GRAPHQL_MAX_DEPTH: 'ten' }, /GRAPHQL_MAX_DEPTH must be a whole number from 2 to 100/],
    [{ GRAPHQL_MAX_DEPTH: '1' }, /GRAPHQL_MAX_DEPTH/],
    [{ GRAPHQL_MAX_COST: '-5' }, /GRAPHQL_MAX_COST/],
    [{ BODY_LIMIT_BYTES: '1.5' }, /BODY_LIMIT_BYTES/],
    [{ RATE_LIMIT: 'sometimes' }, /RATE_LIMIT must be true or false/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY/],
  ])('%j is refused with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env, '/srv')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/srv')).toThrow(message);
  });
});
