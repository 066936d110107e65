import Bull from 'bull';
import type { Logger } from '../logger';
import {
  DEDUP_MAX_COMPLETED,
  DEDUP_WINDOW_MS,
  MAX_FAILED_KEPT,
  errorReason,
  type AddJobOptions,
  type FailedJob,
  type JobCounts,
  type JobHandler,
  type JobQueue,
  type QueueBehaviour,
  type RepeatJobOptions,
} from './job-queue';

export interface BullQueueOptions extends QueueBehaviour {
  redisUrl: string;
  /** Every key becomes `<prefix>:<queue name>:...`, so deployments can share one Redis. */
  prefix: string;
}

/** A ping that takes longer than this counts as "not ready": health checks must answer quickly. */
const PING_TIMEOUT_MS = 2000;

/**
 * Bull v4 on Redis: jobs survive restarts and are shared by every process (HTTP and `npm run worker`).
 * Bull's built-in client factory is used on purpose: given a URL it creates the client, bclient and
 * subscriber connections with the options each needs (bclient/subscriber must not have
 * enableReadyCheck or maxRetriesPerRequest, which Bull checks and rejects).
 */
export class BullQueue<T> implements JobQueue<T> {
  private readonly queue: Bull.Queue<T>;
  private hasHandler = false;

  constructor(
    readonly name: string,
    opts: BullQueueOptions,
    private readonly logger: Logger,
  ) {
    this.queue = new Bull<T>(name, opts.redisUrl, {
      prefix: opts.prefix,
      defaultJobOptions: {
        attempts: opts.attempts,
        backoff: { type: 'exponential', delay: opts.backoffMs },
        // Keeping completed jobs (without caring about their results) is what makes add() idempotent
        // on jobId for a while after completion: Bull ignores an add whose job hash still exists.
        removeOnComplete: { age: Math.floor(DEDUP_WINDOW_MS / 1000), count: DEDUP_MAX_COMPLETED },
        removeOnFail: { count: MAX_FAILED_KEPT },
      },
    });
    // Without an 'error' listener an EventEmitter error (e.g. Redis down) would crash the process.
    this.queue.on('error', (error: Error) => {
      this.logger.error({ queue: name, err: error }, 'queue error');
    });
    this.queue.on('stalled', (job: Bull.Job<T>) => {
      this.logger.warn({ queue: name, jobId: String(job.id) }, 'job stalled (worker died or blocked the event loop); it will run again');
    });
    // Bull emits 'failed' after every failed attempt, with attemptsMade already counting this one.
    this.queue.on('failed', (job: Bull.Job<T>, error: Error) => {
      const attempts = job.opts.attempts ?? 1;
      const reason = errorReason(error);
      if (job.attemptsMade >= attempts) {
        this.logger.error({ queue: name, jobId: String(job.id), attempts: job.attemptsMade, reason }, 'job failed permanently');
      } else {
        this.logger.warn({ queue: name, jobId: String(job.id), attempt: job.attemptsMade, reason }, 'job attempt failed, will retry');
      }
    });
  }

  async add(data: T, opts: AddJobOptions): Promise<void> {
    const delay = opts.delayMs && opts.delayMs > 0 ? opts.delayMs : undefined;
    await this.queue.add(data, { jobId: opts.jobId, delay });
  }

  async repeat(data: T, opts: RepeatJobOptions): Promise<void> {
    if (!Number.isInteger(opts.everyMs) || opts.everyMs < 1) throw new Error(`everyMs must be a positive integer, got ${opts.everyMs}`);
    // Bull keys a repeatable job by (name, jobId, interval): the same key with a new interval would
    // run both, so the old interval is removed first.
    for (const existing of await this.queue.getRepeatableJobs()) {
      if (existing.id === opts.key && existing.every !== opts.everyMs) await this.queue.removeRepeatableByKey(existing.key);
    }
    await this.queue.add(data, { jobId: opts.key, repeat: { every: opts.everyMs } });
  }

  process(handler: JobHandler<T>, concurrency = 1): void {
    if (this.hasHandler) throw new Error(`queue ${this.name} already has a handler`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
    this.hasHandler = true;
    // Bull's promise settles only when processing stops; a rejection means the worker loop died.
    this.queue
      .process(concurrency, (job: Bull.Job<T>) => handler(job.data, { id: String(job.id), attempt: job.attemptsMade + 1 }))
      .catch((error: unknown) => {
        this.logger.error({ queue: this.name, err: error }, 'queue worker stopped');
      });
  }

  async failed(limit = 50): Promise<FailedJob[]> {
    if (limit <= 0) return [];
    const jobs = await this.queue.getFailed(0, limit - 1);
    // A job removed between listing and loading comes back null.
    return jobs
      .filter((job): job is Bull.Job<T> => job !== null && job !== undefined)
      .map((job) => ({
        id: String(job.id),
        queue: this.name,
        data: job.data,
        reason: job.failedReason ?? 'unknown',
        attempts: job.attemptsMade,
        failedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp).toISOString(),
      }));
  }

  async retryFailed(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isFailed())) return false;
    try {
      await job.retry();
      return true;
    } catch (error) {
      // Lost a race with another retry or removal: report "not retried" rather than throw.
      this.logger.warn({ queue: this.name, jobId, reason: errorReason(error) }, 'retry of failed job refused');
      return false;
    }
  }

  async counts(): Promise<JobCounts> {
    const counts = await this.queue.getJobCounts();
    return { waiting: counts.waiting, active: counts.active, delayed: counts.delayed, failed: counts.failed, completed: counts.completed };
  }

  async isReady(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      timer.unref();
    });
    const ping = this.queue.client.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    // Bull's close() pauses this worker locally, waits for its active jobs, then disconnects.
    await this.queue.close();
  }
}
