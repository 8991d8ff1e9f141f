import { LeakyBucket } from './rate-limit';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('LeakyBucket', () => {
  test('a caller bursts up to the capacity, then is refused with the seconds until it fits', () => {
    const c = clock();
    const bucket = new LeakyBucket(100, 10, c.now);
    expect(bucket.take('a', 60)).toEqual({ ok: true, remaining: 40, retryAfterSeconds: 0 });
    expect(bucket.take('a', 40)).toEqual({ ok: true, remaining: 0, retryAfterSeconds: 0 });
    // 25 more needs 25 units drained at 10/s: 3 whole seconds.
    expect(bucket.take('a', 25)).toEqual({ ok: false, remaining: 0, retryAfterSeconds: 3 });
    c.advance(2_500);
    expect(bucket.take('a', 25)).toEqual({ ok: true, remaining: 0, retryAfterSeconds: 0 });
  });

  test('a refused request costs nothing, and callers do not share buckets', () => {
    const c = clock();
    const bucket = new LeakyBucket(10, 1, c.now);
    expect(bucket.take('a', 10).ok).toBe(true);
    expect(bucket.take('a', 5).ok).toBe(false);
    expect(bucket.take('a', 5).ok).toBe(false);
    c.advance(5_000);
    expect(bucket.take('a', 5).ok).toBe(true);
    expect(bucket.take('b', 10).ok).toBe(true);
    expect(bucket.peek('c')).toBe(10);
  });

  test('a request dearer than the bucket fills it rather than passing for ever', () => {
    const c = clock();
    const bucket = new LeakyBucket(50, 5, c.now);
    expect(bucket.take('a', 500).ok).toBe(true);
    expect(bucket.take('a', 1)).toEqual({ ok: false, remaining: 0, retryAfterSeconds: 1 });
  });

  test('it forgets drained callers when it tracks too many', () => {
    const c = clock();
    const bucket = new LeakyBucket(10, 10, c.now, 100);
    for (let i = 0; i < 100; i++) bucket.take(`k${i}`, 1);
    c.advance(1_000);
    bucket.take('new', 1);
    expect(bucket.size).toBeLessThanOrEqual(100);
    expect(bucket.peek('new')).toBe(9);
  });
});
