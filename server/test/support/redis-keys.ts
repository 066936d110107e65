import Redis from 'ioredis';
import { testServiceUrls } from './service-urls';

/** Removes what a test left under its Redis prefix (queues, cache keys), so runs do not pile up. */
export async function deleteTestRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testServiceUrls().redis);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
