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

/** The slot a repeat run belongs to: both backends end the run's id with it (RepeatJobOptions). */
function slotOf(id: string): number {
  const slot = Number(/:(\d+)$/.exec(id)?.[1]);
  if (!Number.isFinite(slot)) throw new Error(`repeat run id ${id} names no slot`);
  return slot;
}

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
    const runs: { kind: string; id: string }[] = [];
    q.process(async (data, ctx) => void runs.push({ kind: data.kind, id: ctx.id }));
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 250 });
    await eventually(() => expect(runs.length).toBeGreaterThanOrEqual(3), 10_000);
    expect(runs.every((r) => r.kind === 'scan')).toBe(true);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    // Runs fall on the interval, not back to back: each run belongs to its own slot (a multiple of
    // the interval), and handled in order the slots only go up. Read from the runs, not the clock.
    const slots = runs.map((r) => slotOf(r.id));
    expect(slots.every((slot) => slot % 250 === 0)).toBe(true);
    expect(slots.slice(1).every((slot, i) => slot > slots[i])).toBe(true);
  });

  it('registering the same key again (as every worker does at boot) does not double the runs', async () => {
    const q = queue(`repeat-b-${Date.now()}`);
    const ids: string[] = [];
    q.process(async (_data, ctx) => void ids.push(ctx.id));
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 400 });
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 400 });
    await q.repeat({ kind: 'scan' }, { key: 'scan', everyMs: 400 });
    await eventually(() => expect(ids.length).toBeGreaterThanOrEqual(3), 10_000);
    // Let a doubled schedule, if there were one, deliver its copy of the latest slot too.
    const seen = ids.length;
    await eventually(() => expect(ids.length).toBeGreaterThan(seen), 10_000);
    // Three registrations of one schedule: one run per slot, never two runs of the same slot.
    const slots = ids.map(slotOf);
    expect(new Set(slots).size).toBe(slots.length);
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
