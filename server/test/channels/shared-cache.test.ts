import Redis from 'ioredis';
import { MemoryChannelCache, RedisChannelCache, type ChannelCache } from '../../src/channels/shared-cache';
import { testServiceUrls } from '../support/service-urls';
import { describeWithServices } from '../support/test-database';

/** Runs `refresh` from many callers at once and records how many ran it at the same time. */
async function contend(caches: ChannelCache[], callers: number): Promise<{ maxConcurrent: number; runs: number }> {
  let running = 0;
  let maxConcurrent = 0;
  let runs = 0;
  await Promise.all(
    Array.from({ length: callers }, (_, i) =>
      caches[i % caches.length]!.withLock('token:app', 5, async () => {
        running += 1;
        runs += 1;
        maxConcurrent = Math.max(maxConcurrent, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
      }),
    ),
  );
  return { maxConcurrent, runs };
}

describe('MemoryChannelCache', () => {
  it('expires values, claims a key once, and serialises withLock', async () => {
    const cache = new MemoryChannelCache();
    await cache.set('a', '1', 0.05);
    expect(await cache.get('a')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cache.get('a')).toBeNull();
    const claims = await Promise.all([cache.setIfAbsent('k', 'x', 10), cache.setIfAbsent('k', 'y', 10)]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await contend([cache], 6)).toEqual({ maxConcurrent: 1, runs: 6 });
  });
});

describeWithServices('RedisChannelCache across two connections (two processes)', () => {
  const prefix = `kefu-test-cache-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
  let first: Redis;
  let second: Redis;

  beforeAll(() => {
    first = new Redis(testServiceUrls().redis);
    second = new Redis(testServiceUrls().redis);
  });
  afterAll(async () => {
    const keys = await first.keys(`${prefix}:*`);
    if (keys.length) await first.del(...keys);
    first.disconnect();
    second.disconnect();
  });

  it('shares values, lets exactly one connection claim a key, and holds one lock at a time', async () => {
    const a = new RedisChannelCache(first, prefix);
    const b = new RedisChannelCache(second, prefix);
    await a.set('token', 'abc', 60);
    expect(await b.get('token')).toBe('abc');
    const claims = await Promise.all([a.setIfAbsent('claim', 'a', 60), b.setIfAbsent('claim', 'b', 60)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await b.delete('claim');
    expect(await a.get('claim')).toBeNull();
    expect(await contend([a, b], 8)).toEqual({ maxConcurrent: 1, runs: 8 });
    // The lock is released after each run: nothing is left behind.
    expect(await first.exists(`${prefix}:cache:lock:token:app`)).toBe(0);
  });
});
