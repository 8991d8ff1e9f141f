// The SDK against the server's real rate limiter: a 429 with Retry-After becomes a
// RateLimitError after the retries, and the waits between them are the server's
// Retry-After (recorded through an injected sleep, so nothing here waits).
import { createClient, RateLimitError } from '../../client-sdk/src';
import { useTestSystem } from '../helpers/harness';

// A bucket that fits a few cheap queries and then drains slowly.
const { t } = useTestSystem({ limits: { rateLimit: true, ipBurst: 20, ipPerSecond: 0.5, tokenBurst: 20, tokenPerSecond: 0.5 } });

test('a drained bucket ends in RateLimitError carrying Retry-After, after waiting that long between retries', async () => {
  const delays: number[] = [];
  const client = createClient({ url: t.url, retries: 2, maxRetryDelay: 600_000, sleep: async (ms) => void delays.push(ms) });
  let err: unknown;
  for (let i = 0; i < 50 && !err; i += 1) {
    err = await client.municipalities.get({ code: '0884' }).then(() => undefined, (e: unknown) => e);
  }
  expect(err).toBeInstanceOf(RateLimitError);
  const limited = err as RateLimitError;
  expect(limited.status).toBe(429);
  expect(limited.code).toBe('RATE_LIMITED');
  expect(limited.retryAfter).toBeGreaterThanOrEqual(1);
  expect(limited.requestId).toEqual(expect.any(String));
  expect(delays).toHaveLength(2);
  for (const d of delays) expect(d % 1000).toBe(0);
  expect(Math.abs(delays[1] - limited.retryAfter! * 1000)).toBeLessThanOrEqual(1000);

  // A Retry-After longer than maxRetryDelay is not waited for at all.
  const impatient = createClient({ url: t.url, maxRetryDelay: 500, sleep: async (ms) => void delays.push(ms) });
  await expect(impatient.municipalities.get({ code: '0884' })).rejects.toBeInstanceOf(RateLimitError);
  expect(delays).toHaveLength(2);
});
