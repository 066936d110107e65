import Redis from 'ioredis';
import { createQueueSet } from '../../src/jobs/queue-set';
import { InProcessQueue } from '../../src/jobs/in-process-queue';
import { BullQueue } from '../../src/jobs/bull-queue';
import { captureLogger, eventually } from './capture-logger';

// The server jest project's testTimeout is not applied (jest warns it is unknown there), so set it here.
jest.setTimeout(30_000);

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const describeRedis = process.env.KEFU_TEST_REDIS_OK === '0' ? describe.skip : describe;

describe('createQueueSet', () => {
  it('runs in process without a Redis URL', async () => {
    const set = createQueueSet({ prefix: 'kefu', attempts: 2, backoffMs: 20, logger: captureLogger().logger });
    expect(set.all().map((q) => q.name)).toEqual(['inbound', 'outbound', 'scheduled', 'desk']);
    expect(set.inbound).toBeInstanceOf(InProcessQueue);
    expect(await set.isReady()).toBe(true);
    const seen: string[] = [];
    set.inbound.process(async (job) => void seen.push(`${job.tenantId}/${job.messageId}`));
    await set.inbound.add({ tenantId: 't1', messageId: 'm1' }, { jobId: 'm1' });
    await eventually(() => expect(seen).toEqual(['t1/m1']));
    await set.closeAll();
    expect(await set.isReady()).toBe(false);
  });

  describeRedis('with Redis', () => {
    const prefix = `kefu-test-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}-set`;

    afterAll(async () => {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it('uses Bull with the prefix on every key', async () => {
      const set = createQueueSet({ redisUrl, prefix, attempts: 2, backoffMs: 20, logger: captureLogger().logger });
      expect(set.outbound).toBeInstanceOf(BullQueue);
      expect(await set.isReady()).toBe(true);
      const seen: string[] = [];
      set.scheduled.process(async (job) => void seen.push(job.kind));
      await set.scheduled.add({ kind: 'digest', payload: { day: '2024-01-01' } }, { jobId: 'digest-2024-01-01' });
      await eventually(() => expect(seen).toEqual(['digest']));
      const redis = new Redis(redisUrl);
      try {
        expect(await redis.exists(`${prefix}:scheduled:digest-2024-01-01`)).toBe(1);
      } finally {
        redis.disconnect();
      }
      await set.closeAll();
    });
  });
});
