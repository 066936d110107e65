import Redis from 'ioredis';
import { BullQueue } from '../../src/jobs/bull-queue';
import { jobQueueContract } from './job-queue-contract';

// The server jest project's testTimeout is not applied (jest warns it is unknown there), so set it here.
jest.setTimeout(30_000);

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `kefu-test-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
const describeRedis = process.env.KEFU_TEST_REDIS_OK === '0' ? describe.skip : describe;

/** Remove every key this file created, so repeated runs do not fill the developer's Redis. */
async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

describeRedis('BullQueue (real Redis)', () => {
  afterAll(async () => {
    await deleteKeys(`${prefix}:*`);
  });

  jobQueueContract((name, behaviour, logger) => new BullQueue(name, { ...behaviour, redisUrl, prefix }, logger));
});
