import Redis from 'ioredis';
import { RateLimitedError } from '@kefu/shared';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, lockSecondsAfter } from '../../src/auth/login-throttle';

describe('login backoff', () => {
  it('locks from the last free attempt on, doubling each time, up to the cap', () => {
    const policy = { firstLockSeconds: 30, maxLockSeconds: 3600 };
    expect([1, 4, 5, 6, 7, 8].map((n) => lockSecondsAfter(n, 5, policy))).toEqual([0, 0, 30, 60, 120, 240]);
    expect(lockSecondsAfter(12, 5, policy)).toBe(3600);
    // A huge count must not overflow into Infinity or NaN.
    expect(lockSecondsAfter(10_000, 5, policy)).toBe(3600);
  });

  it('embedded (in memory): the sixth attempt after five failures is refused before any password check', async () => {
    const throttle = new LoginThrottle({ keyPrefix: 'unit' });
    const attempt = { tenantKey: 'shop', email: 'Someone@Shop.test', ip: '192.0.2.1' };
    for (let n = 0; n < DEFAULT_LOGIN_THROTTLE.freeAttemptsPerAccount; n += 1) await (await throttle.admit(attempt)).failed();
    // The same account typed differently is the same account.
    const refusal = await throttle.admit({ ...attempt, email: ' someone@shop.test', ip: '192.0.2.2' }).then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterSeconds).toBe(DEFAULT_LOGIN_THROTTLE.firstLockSeconds);
    // Another account from the same address is not locked (the address has its own, larger budget).
    await (await throttle.admit({ ...attempt, email: 'other@shop.test' })).succeeded();
  });

  it('with Redis unreachable, falls back to a per-process lock instead of failing every sign-in', async () => {
    // Port 1 has nothing listening; like the runtime's client, no offline queue, so commands fail at once.
    const deadRedis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      const throttle = new LoginThrottle({ redis: deadRedis, keyPrefix: 'unit-dead' });
      const attempt = { tenantKey: 'shop', email: 'a@shop.test', ip: '192.0.2.9' };
      for (let n = 0; n < DEFAULT_LOGIN_THROTTLE.freeAttemptsPerAccount; n += 1) await (await throttle.admit(attempt)).failed();
      await expect(throttle.admit(attempt)).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      deadRedis.disconnect();
    }
  });
});
