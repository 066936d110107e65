import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import Redis from 'ioredis';
import supertest from 'supertest';
import { createLogger } from '../../src/logger';
import { errorHandler } from '../../src/http/error-handler';
import type { KefuState } from '../../src/http-kit/koa-state';
import { rateLimit } from '../../src/http/rate-limit';
import { requestContext } from '../../src/http/request-context';
import { testServiceUrls } from '../support/service-urls';

function buildApp(opts: { pointsPerMinute: number; keyPrefix: string; redis?: Redis }): Koa<KefuState> {
  const app = new Koa<KefuState>();
  app.use(requestContext(createLogger('silent')));
  app.use(errorHandler());
  app.use(rateLimit(opts));
  app.use((ctx) => {
    ctx.body = { ok: true, path: ctx.path };
  });
  return app;
}

async function statuses(app: Koa<KefuState>, path: string, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i += 1) result.push((await supertest(app.callback()).get(path)).status);
  return result;
}

describe('rateLimit in memory', () => {
  it('allows the budget, then answers 429 with Retry-After', async () => {
    const app = buildApp({ pointsPerMinute: 3, keyPrefix: 'mem' });
    expect(await statuses(app, '/api/x', 3)).toEqual([200, 200, 200]);
    const res = await supertest(app.callback()).get('/api/x');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('exempts health, readiness and metrics, which neither count nor get blocked', async () => {
    const app = buildApp({ pointsPerMinute: 3, keyPrefix: 'mem' });
    expect(await statuses(app, '/healthz', 10)).toEqual(Array(10).fill(200));
    expect(await statuses(app, '/api/x', 3)).toEqual([200, 200, 200]);
    expect((await supertest(app.callback()).get('/api/x')).status).toBe(429);
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await supertest(app.callback()).get(path)).status).toBe(200);
    }
  });

  it('budgets apply per client across paths and methods', async () => {
    const app = buildApp({ pointsPerMinute: 3, keyPrefix: 'mem' });
    expect((await supertest(app.callback()).get('/a')).status).toBe(200);
    expect((await supertest(app.callback()).post('/b')).status).toBe(200);
    expect((await supertest(app.callback()).get('/c')).status).toBe(200);
    expect((await supertest(app.callback()).delete('/d')).status).toBe(429);
  });

  it('separate in-memory apps keep separate budgets', async () => {
    const a = buildApp({ pointsPerMinute: 3, keyPrefix: 'mem' });
    const b = buildApp({ pointsPerMinute: 3, keyPrefix: 'mem' });
    expect(await statuses(a, '/x', 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(b, '/x', 1)).toEqual([200]);
  });
});

describe('rateLimit when its Redis is unreachable', () => {
  it('keeps answering, with a budget per process, instead of failing every request', async () => {
    // Nothing listens on port 1: every Redis command fails at once (no offline queue, as the runtime's client).
    const deadRedis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    deadRedis.on('error', () => undefined);
    try {
      const app = buildApp({ pointsPerMinute: 3, keyPrefix: 'dead', redis: deadRedis });
      expect(await statuses(app, '/api/x', 4)).toEqual([200, 200, 200, 429]);
    } finally {
      deadRedis.disconnect();
    }
  });
});

const describeRedis = process.env.KEFU_TEST_REDIS_OK === '0' ? describe.skip : describe;

describeRedis('rateLimit with Redis', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  const uniquePrefix = () => {
    const prefix = `kefu-test-rl-${randomUUID()}`;
    prefixes.push(prefix);
    return prefix;
  };

  beforeAll(async () => {
    redis = new Redis(testServiceUrls().redis, { enableOfflineQueue: false });
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', () => resolve());
      redis.once('error', reject);
    });
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  it('allows the budget, then answers 429 with Retry-After', async () => {
    const keyPrefix = uniquePrefix();
    const app = buildApp({ pointsPerMinute: 3, keyPrefix, redis });
    expect(await statuses(app, '/api/x', 3)).toEqual([200, 200, 200]);
    const res = await supertest(app.callback()).get('/api/x');
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await supertest(app.callback()).get('/healthz')).status).toBe(200);
    expect((await redis.keys(`${keyPrefix}:rl*`)).length).toBeGreaterThan(0);
  });

  it('two processes (apps) on the same Redis share one budget', async () => {
    const keyPrefix = uniquePrefix();
    const a = buildApp({ pointsPerMinute: 3, keyPrefix, redis });
    const b = buildApp({ pointsPerMinute: 3, keyPrefix, redis });
    expect(await statuses(a, '/x', 2)).toEqual([200, 200]);
    expect(await statuses(b, '/x', 1)).toEqual([200]);
    expect(await statuses(b, '/x', 1)).toEqual([429]);
    expect(await statuses(a, '/x', 1)).toEqual([429]);
  });

  it('deployments with different key prefixes do not share a budget', async () => {
    const a = buildApp({ pointsPerMinute: 3, keyPrefix: uniquePrefix(), redis });
    const b = buildApp({ pointsPerMinute: 3, keyPrefix: uniquePrefix(), redis });
    expect(await statuses(a, '/x', 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(b, '/x', 3)).toEqual([200, 200, 200]);
  });
});
