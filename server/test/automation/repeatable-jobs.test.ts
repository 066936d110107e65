import Redis from 'ioredis';
import { BullQueue } from '../../src/jobs/bull-queue';
import { InProcessQueue } from '../../src/jobs/in-process-queue';
import type { JobQueue } from '../../src/jobs/job-queue';
import { captureLogger, eventually } from '../jobs/capture-logger';
import { testServiceUrls } from '../support/service-urls';
import { redisAvailable } from '../support/test-database';

jest.setTimeout(30_000);

const redisUrl = testServiceUrls().redis;
const prefix = `kefu-test-repeat-${process.env.JEST_WORKER_ID ?? '0'}-${Date.now()}`;
type Tick = { kind: string };

/** The repeatable-job capability the proactive service runs on, checked the same way on both backends. */
function repeatableContract(make: (name: string) => JobQueue<Tick>): void {
  let open: JobQueue<Tick>[] = [];
  const queue = (name: string) => {
    const q = make(name);
    open.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(open.map((q) => q.close()));
    open = [];
  });

  it('runs the job once per interval, each run through the handler with its data', async () => {
    const q = queue(`repeat-a-${Date.now()}`);
    const runs: { at: number; kind: string; id: string }[] = [];
    q.process(async (data, ctx) => void runs.push({ at: Date.now(), kind: data.kind, id: ctx.id }));
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 250 });
    await eventually(() => expect(runs.length).toBeGreaterThanOrEqual(3), 10_000);
    expect(runs.every((r) => r.kind === 'scan')).toBe(true);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    // Runs fall on the interval, not back to back.
    const gaps = runs.slice(1).map((r, i) => r.at - runs[i].at);
    expect(Math.min(...gaps)).toBeGreaterThan(100);
  });

  it('registering the same key again (as every worker does at boot) does not double the runs', async () => {
    const q = queue(`repeat-b-${Date.now()}`);
    const runs: number[] = [];
    q.process(async () => void runs.push(Date.now()));
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 400 });
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 400 });
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 400 });
    const started = Date.now();
    await eventually(() => expect(runs.length).toBeGreaterThanOrEqual(3), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const elapsed = Date.now() - started;
    // Three registrations of one schedule: at most one run per 400 ms slot (plus the slot in progress).
    expect(runs.length).toBeLessThanOrEqual(Math.floor(elapsed / 400) + 1);
  });

  it('rejects a non-positive interval', async () => {
    const q = queue(`repeat-c-${Date.now()}`);
    await expect(q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 0 })).rejects.toThrow(/everyMs/);
  });
}

describe('repeatable jobs, in process', () => {
  repeatableContract((name) => new InProcessQueue<Tick>(name, { attempts: 3, backoffMs: 20 }, captureLogger().logger));
});

(redisAvailable ? describe : describe.skip)('repeatable jobs, Bull on real Redis', () => {
  afterAll(async () => {
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
  repeatableContract((name) => new BullQueue<Tick>(name, { attempts: 3, backoffMs: 20, redisUrl, prefix }, captureLogger().logger));
});
