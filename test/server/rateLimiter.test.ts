import { RateLimiter } from '../../src/server/rateLimiter';

describe('RateLimiter', () => {
  it('allows a burst, then one turn per interval, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(6, 2, { maxKeys: 100, now: () => now }); // one token every 10 s, bursts of 2
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 10]);
    expect(limiter.take('b')).toBe(0);
    now += 5_000;
    expect(limiter.take('a')).toBe(5);
    now += 5_000;
    expect(limiter.take('a')).toBe(0);
  });

  it('does not let a long pause build up more than the burst', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, { maxKeys: 100, now: () => now });
    now += 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([0, 0, 0, 1]);
  });

  it('remembers at most maxKeys keys, however many arrive within the same minute', () => {
    const limiter = new RateLimiter(60, 120, { maxKeys: 10_000, now: () => 0 });
    for (let i = 0; i < 30_000; i++) limiter.take(`conversation-${i}`);
    expect(limiter.size).toBe(10_000);
    // The most recent callers are still limited.
    const busy = new RateLimiter(6, 1, { maxKeys: 10, now: () => 0 });
    busy.take('recent');
    expect(busy.take('recent')).toBeGreaterThan(0);
  });
});
