import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { InMemorySharedCache, type SharedCache } from '@kefu/shared';

/**
 * The SharedCache adapters see, plus the two operations the webhook core needs for exactly-once
 * handling across processes: claim a key once (SET NX) and let it go.
 */
export interface ChannelCache extends SharedCache {
  /** Stores the value only when the key is absent; true when this call stored it. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

const LOCK_POLL_MS = 25;

/** Waits for the lock with short polls; gives up after the lock's own lifetime plus its run. */
async function acquireWithPolling(tryAcquire: () => Promise<boolean>, ttlSeconds: number, key: string): Promise<void> {
  const giveUpAt = Date.now() + ttlSeconds * 2000;
  while (!(await tryAcquire())) {
    if (Date.now() > giveUpAt) throw new Error(`could not acquire lock ${key} within ${ttlSeconds * 2} s`);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

/** The embedded set-up: one process, so the shared in-memory cache plus a first-caller-wins set. */
export class MemoryChannelCache extends InMemorySharedCache implements ChannelCache {
  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    if (this.readNow(key) !== null) return false;
    this.values.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    return true;
  }
}

// Deletes the lock only if it still holds our token: a lock that expired and was taken by another
// process must not be released by us.
const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Production: every process of the deployment shares the same keys; locks are SET NX PX. */
export class RedisChannelCache implements ChannelCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private k(key: string): string {
    return `${this.prefix}:cache:${key}`;
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.k(key));
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.k(key), value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const result = await this.redis.set(this.k(key), value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000)), 'NX');
    return result === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async withLock<T>(key: string, ttlSeconds: number, refresh: () => Promise<T>): Promise<T> {
    const lockKey = `lock:${key}`;
    const token = randomUUID();
    await acquireWithPolling(() => this.setIfAbsent(lockKey, token, ttlSeconds), ttlSeconds, lockKey);
    try {
      return await refresh();
    } finally {
      await this.redis.eval(RELEASE_LOCK, 1, this.k(lockKey), token);
    }
  }
}
