import type { Logger } from '../logger';
import {
  DEDUP_MAX_COMPLETED,
  DEDUP_WINDOW_MS,
  MAX_FAILED_KEPT,
  errorReason,
  exponentialBackoffMs,
  type AddJobOptions,
  type FailedJob,
  type JobCounts,
  type JobHandler,
  type JobQueue,
  type QueueBehaviour,
  type RepeatJobOptions,
} from './job-queue';

type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

interface InProcessJob<T> {
  id: string;
  data: T;
  state: JobState;
  /** Attempts already finished (failed), as Bull counts them. */
  attemptsMade: number;
  timer?: NodeJS.Timeout;
  failedReason?: string;
  finishedOn?: number;
}

/**
 * Queue for the embedded set-up, where there is no Redis. Jobs live in memory only: whatever is
 * waiting when the process stops is lost, which the embedded mode accepts (inbound messages are in
 * the database and get re-queued at boot by their owners).
 */
export class InProcessQueue<T> implements JobQueue<T> {
  private readonly jobs = new Map<string, InProcessJob<T>>();
  /** FIFO of waiting ids; a Map keeps insertion order, so completed/failed ids also age out in order. */
  private readonly waiting: string[] = [];
  private readonly completedAt = new Map<string, number>();
  private readonly failedIds = new Map<string, true>();
  private handler?: JobHandler<T>;
  private concurrency = 1;
  private activeCount = 0;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly repeaters = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly name: string,
    private readonly behaviour: QueueBehaviour,
    private readonly logger: Logger,
  ) {}

  async add(data: T, opts: AddJobOptions): Promise<void> {
    if (this.closed) throw new Error(`queue ${this.name} is closed`);
    this.pruneCompleted(Date.now());
    if (this.jobs.has(opts.jobId)) return;
    const job: InProcessJob<T> = { id: opts.jobId, data, state: 'waiting', attemptsMade: 0 };
    this.jobs.set(job.id, job);
    const delayMs = opts.delayMs ?? 0;
    if (delayMs > 0) this.delay(job, delayMs);
    else this.enqueue(job);
  }

  async repeat(data: T, opts: RepeatJobOptions): Promise<void> {
    if (this.closed) throw new Error(`queue ${this.name} is closed`);
    if (!Number.isInteger(opts.everyMs) || opts.everyMs < 1) throw new Error(`everyMs must be a positive integer, got ${opts.everyMs}`);
    const previous = this.repeaters.get(opts.key);
    if (previous) clearTimeout(previous);
    // Like Bull: runs fall on multiples of the interval and each run's id names its slot, so a run
    // still waiting when the next tick comes is not doubled.
    const schedule = () => {
      const now = Date.now();
      const nextSlot = Math.floor(now / opts.everyMs) + 1;
      const timer = setTimeout(() => {
        if (this.closed) return;
        this.add(data, { jobId: `repeat:${opts.key}:${nextSlot * opts.everyMs}` }).catch((error: unknown) =>
          this.logger.warn({ queue: this.name, key: opts.key, reason: errorReason(error) }, 'repeatable job not added'),
        );
        schedule();
      }, nextSlot * opts.everyMs - now);
      // A schedule must not keep a finished process (or a jest worker) running.
      timer.unref();
      this.repeaters.set(opts.key, timer);
    };
    schedule();
  }

  process(handler: JobHandler<T>, concurrency = 1): void {
    if (this.handler) throw new Error(`queue ${this.name} already has a handler`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
    this.handler = handler;
    this.concurrency = concurrency;
    this.pump();
  }

  async failed(limit = 50): Promise<FailedJob[]> {
    const result: FailedJob[] = [];
    // Newest first, like Bull's failed set.
    for (const id of [...this.failedIds.keys()].reverse()) {
      if (result.length >= limit) break;
      const job = this.jobs.get(id);
      if (!job) continue;
      result.push({
        id: job.id,
        queue: this.name,
        data: job.data,
        reason: job.failedReason ?? 'unknown',
        attempts: job.attemptsMade,
        failedAt: new Date(job.finishedOn ?? Date.now()).toISOString(),
      });
    }
    return result;
  }

  async retryFailed(jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || job.state !== 'failed' || this.closed) return false;
    this.failedIds.delete(jobId);
    job.failedReason = undefined;
    job.finishedOn = undefined;
    this.enqueue(job);
    return true;
  }

  async counts(): Promise<JobCounts> {
    const counts: JobCounts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
    for (const job of this.jobs.values()) counts[job.state] += 1;
    return counts;
  }

  async isReady(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.repeaters.values()) clearTimeout(timer);
    this.repeaters.clear();
    // Delayed jobs would otherwise keep the event loop (and jest) alive; they are lost like waiting ones.
    for (const job of this.jobs.values()) {
      if (job.timer) clearTimeout(job.timer);
      job.timer = undefined;
    }
    if (this.activeCount === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private enqueue(job: InProcessJob<T>): void {
    job.state = 'waiting';
    this.waiting.push(job.id);
    this.pump();
  }

  private delay(job: InProcessJob<T>, delayMs: number): void {
    job.state = 'delayed';
    job.timer = setTimeout(() => {
      job.timer = undefined;
      if (!this.closed) this.enqueue(job);
    }, delayMs);
    // A pending retry must not keep a finished process (or a jest worker) running.
    job.timer.unref();
  }

  private pump(): void {
    while (!this.closed && this.handler && this.activeCount < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift() as string;
      const job = this.jobs.get(id);
      if (!job || job.state !== 'waiting') continue;
      void this.run(job, this.handler);
    }
  }

  /** Never rejects: every outcome is recorded on the job. */
  private async run(job: InProcessJob<T>, handler: JobHandler<T>): Promise<void> {
    job.state = 'active';
    this.activeCount += 1;
    const attempt = job.attemptsMade + 1;
    try {
      // Promise.resolve().then() turns a handler that throws synchronously into a rejection.
      await Promise.resolve().then(() => handler(job.data, { id: job.id, attempt }));
      this.complete(job);
    } catch (error) {
      this.fail(job, errorReason(error));
    } finally {
      this.activeCount -= 1;
      if (this.activeCount === 0 && this.closed) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      this.pump();
    }
  }

  private complete(job: InProcessJob<T>): void {
    job.state = 'completed';
    job.finishedOn = Date.now();
    // Drop the payload: only the id matters for de-duplication.
    job.data = undefined as T;
    this.completedAt.set(job.id, job.finishedOn);
    this.pruneCompleted(job.finishedOn);
  }

  private fail(job: InProcessJob<T>, reason: string): void {
    job.attemptsMade += 1;
    if (job.attemptsMade < this.behaviour.attempts) {
      const delayMs = exponentialBackoffMs(this.behaviour.backoffMs, job.attemptsMade);
      this.logger.warn({ queue: this.name, jobId: job.id, attempt: job.attemptsMade, retryInMs: delayMs, reason }, 'job attempt failed, will retry');
      // While closing, the retry is not scheduled (it is lost with the process) rather than failed for good.
      if (this.closed) job.state = 'delayed';
      else this.delay(job, delayMs);
      return;
    }
    job.state = 'failed';
    job.failedReason = reason;
    job.finishedOn = Date.now();
    this.failedIds.set(job.id, true);
    this.logger.error({ queue: this.name, jobId: job.id, attempts: job.attemptsMade, reason }, 'job failed permanently');
    while (this.failedIds.size > MAX_FAILED_KEPT) {
      const oldest = this.failedIds.keys().next().value as string;
      this.failedIds.delete(oldest);
      this.jobs.delete(oldest);
    }
  }

  /** Bounded memory: completed ids older than the window, or beyond the count, are forgotten. */
  private pruneCompleted(now: number): void {
    for (const [id, finishedOn] of this.completedAt) {
      if (this.completedAt.size <= DEDUP_MAX_COMPLETED && now - finishedOn < DEDUP_WINDOW_MS) break;
      this.completedAt.delete(id);
      this.jobs.delete(id);
    }
  }
}
