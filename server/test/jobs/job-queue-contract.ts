import type { Logger } from '../../src/logger';
import type { JobContext, JobQueue } from '../../src/jobs/job-queue';
import { captureLogger, eventually } from './capture-logger';

export type QueueFactory = (name: string, behaviour: { attempts: number; backoffMs: number }, logger: Logger) => JobQueue<{ n: number }>;

/** A promise plus the function that resolves it: lets a test hold a handler open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * The behaviour every JobQueue implementation must share. Run by in-process-queue.test.ts and
 * bull-queue.test.ts; a difference between the two is a bug in one of them.
 */
export function jobQueueContract(factory: QueueFactory): void {
  let counter = 0;
  let open: JobQueue<{ n: number }>[] = [];
  const make = (attempts = 3, logger = captureLogger().logger): JobQueue<{ n: number }> => {
    counter += 1;
    const queue = factory(`contract-${counter}`, { attempts, backoffMs: 20 }, logger);
    open.push(queue);
    return queue;
  };

  afterEach(async () => {
    await Promise.all(open.map((queue) => queue.close()));
    open = [];
  });

  it('processes jobs with the data and a 1-based attempt', async () => {
    const queue = make();
    const seen: { n: number; ctx: JobContext }[] = [];
    queue.process(async (data, ctx) => void seen.push({ n: data.n, ctx }), 2);
    for (let n = 1; n <= 5; n += 1) await queue.add({ n }, { jobId: `job-${n}` });
    await eventually(async () => expect((await queue.counts()).completed).toBe(5));
    expect(seen.map((s) => s.n).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(seen.find((s) => s.n === 3)?.ctx).toEqual({ id: 'job-3', attempt: 1 });
    expect(await queue.isReady()).toBe(true);
  });

  it('honours concurrency', async () => {
    const queue = make();
    const hold = gate();
    let running = 0;
    let maxRunning = 0;
    queue.process(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await hold.promise;
      running -= 1;
    }, 2);
    for (let n = 1; n <= 4; n += 1) await queue.add({ n }, { jobId: `c-${n}` });
    await eventually(() => expect(running).toBe(2));
    const counts = await queue.counts();
    expect(counts.active).toBe(2);
    expect(counts.waiting).toBe(2);
    hold.open();
    await eventually(async () => expect((await queue.counts()).completed).toBe(4));
    expect(maxRunning).toBe(2);
  });

  it('runs a duplicate jobId once, while waiting and after completion', async () => {
    const queue = make();
    const runs: string[] = [];
    await queue.add({ n: 1 }, { jobId: 'dup' });
    await queue.add({ n: 2 }, { jobId: 'dup' });
    queue.process(async (_data, ctx) => void runs.push(ctx.id), 1);
    await eventually(() => expect(runs).toEqual(['dup']));
    await eventually(async () => expect((await queue.counts()).completed).toBe(1));
    await queue.add({ n: 3 }, { jobId: 'dup' });
    // With concurrency 1 jobs run in order: once the sentinel ran, a re-added 'dup' would have too.
    await queue.add({ n: 4 }, { jobId: 'sentinel' });
    await eventually(() => expect(runs).toContain('sentinel'));
    expect(runs).toEqual(['dup', 'sentinel']);
  });

  it('retries a handler that fails twice, and it succeeds on attempt 3', async () => {
    const queue = make(5);
    const attempts: number[] = [];
    let done = false;
    queue.process(async (_data, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Error(`flaky ${ctx.attempt}`);
      done = true;
    });
    await queue.add({ n: 1 }, { jobId: 'flaky' });
    await eventually(() => expect(done).toBe(true));
    expect(attempts).toEqual([1, 2, 3]);
    await eventually(async () => expect(await queue.counts()).toMatchObject({ completed: 1, failed: 0 }));
    expect(await queue.failed()).toEqual([]);
  });

  it('ends a handler that always fails in failed() after `attempts` attempts, logged at error', async () => {
    const captured = captureLogger();
    const queue = make(3, captured.logger);
    let calls = 0;
    queue.process(async () => {
      calls += 1;
      throw new Error('upstream said no');
    });
    await queue.add({ n: 7 }, { jobId: 'doomed' });
    const [failed] = await eventually(async () => {
      const list = await queue.failed();
      expect(list).toHaveLength(1);
      return list;
    });
    expect(failed).toMatchObject({ id: 'doomed', queue: queue.name, data: { n: 7 }, reason: 'upstream said no', attempts: 3 });
    expect(Number.isNaN(Date.parse(failed.failedAt))).toBe(false);
    expect(calls).toBe(3);
    expect((await queue.counts()).failed).toBe(1);
    await eventually(() =>
      expect(captured.lines).toContainEqual(expect.objectContaining({ level: 50, queue: queue.name, jobId: 'doomed', reason: 'upstream said no' })),
    );
    // Re-adding a failed id does not resurrect it; retryFailed() is the way back.
    await queue.add({ n: 8 }, { jobId: 'doomed' });
    expect((await queue.counts()).failed).toBe(1);
  });

  it('runs a delayed job after its delay', async () => {
    const queue = make();
    let ranAt = 0;
    queue.process(async () => void (ranAt = Date.now()));
    const addedAt = Date.now();
    await queue.add({ n: 1 }, { jobId: 'later', delayMs: 400 });
    expect((await queue.counts()).delayed).toBe(1);
    await eventually(() => expect(ranAt).toBeGreaterThan(0));
    // Lower bound only: a delayed job must never run early; how late is not this test's business.
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(350);
  });

  it('retryFailed() puts a failed job back and it can then succeed', async () => {
    const queue = make(2);
    let healthy = false;
    const attempts: number[] = [];
    queue.process(async (_data, ctx) => {
      attempts.push(ctx.attempt);
      if (!healthy) throw new Error('down');
    });
    await queue.add({ n: 1 }, { jobId: 'retry-me' });
    await eventually(async () => expect(await queue.failed()).toHaveLength(1));
    expect(await queue.retryFailed('no-such-job')).toBe(false);
    healthy = true;
    expect(await queue.retryFailed('retry-me')).toBe(true);
    await eventually(async () => expect(await queue.counts()).toMatchObject({ completed: 1, failed: 0 }));
    expect(await queue.failed()).toEqual([]);
    // The retry is one more attempt on top of the two already made.
    expect(attempts).toEqual([1, 2, 3]);
    expect(await queue.retryFailed('retry-me')).toBe(false);
  });

  it('close() waits for the active job to finish', async () => {
    const queue = make();
    const hold = gate();
    let started = false;
    let finished = false;
    queue.process(async () => {
      started = true;
      await hold.promise;
      finished = true;
    });
    await queue.add({ n: 1 }, { jobId: 'slow' });
    await eventually(() => expect(started).toBe(true));
    const closing = queue.close();
    setTimeout(hold.open, 100);
    await closing;
    expect(finished).toBe(true);
  });
}
