/**
 * The one queue interface the rest of the core codes against. Two implementations exist: Bull on
 * Redis (several processes, survives restarts) and in process (embedded set-up, no Redis). Both
 * must behave the same from the caller's side; server/test/jobs runs one contract suite on both.
 */

export interface JobContext {
  id: string;
  /** 1-based: the first run is attempt 1, the first retry attempt 2. */
  attempt: number;
}

export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<void>;

export interface FailedJob {
  id: string;
  queue: string;
  data: unknown;
  reason: string;
  attempts: number;
  /** ISO 8601. */
  failedAt: string;
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface AddJobOptions {
  /** Callers derive it from the thing being processed (e.g. a message id) so re-adds are harmless. */
  jobId: string;
  delayMs?: number;
}

export interface RepeatJobOptions {
  /** Names the schedule: registering the same key again (from any process) replaces it, never doubles it. */
  key: string;
  /**
   * Interval; the first run comes one interval after registration, aligned to multiples of it. Each
   * run's job id ends with `:<slot>`, the multiple of the interval it runs for (Bull's own scheme).
   */
  everyMs: number;
}

export interface JobQueue<T> {
  readonly name: string;
  /**
   * Idempotent on jobId: adding an id that is waiting/active/delayed/completed-recently is a no-op.
   * A failed id is also a no-op (as in Bull): bring it back with retryFailed().
   */
  add(data: T, opts: AddJobOptions): Promise<void>;
  /**
   * Adds `data` as a job every `everyMs` (Bull repeatable job on Redis, a timer in process). Each
   * run is an ordinary job for the queue's handler, with retries; one run per interval across processes.
   */
  repeat(data: T, opts: RepeatJobOptions): Promise<void>;
  /** Register the single handler of this queue. Calling it twice throws. */
  process(handler: JobHandler<T>, concurrency?: number): void;
  /** Most recently failed first. Default limit 50. */
  failed(limit?: number): Promise<FailedJob[]>;
  /**
   * Move a failed job back to waiting. It gets one more attempt (Bull keeps the attempt count, so the
   * in-process queue does the same). False when the id is unknown or not failed.
   */
  retryFailed(jobId: string): Promise<boolean>;
  counts(): Promise<JobCounts>;
  isReady(): Promise<boolean>;
  /** Stops taking new jobs and waits for active ones to finish. */
  close(): Promise<void>;
}

/** Settings shared by both implementations, straight from KefuConfig (JOB_ATTEMPTS, JOB_BACKOFF_MS). */
export interface QueueBehaviour {
  attempts: number;
  backoffMs: number;
}

/** Completed ids are remembered this long / this many so a re-add inside the window is a no-op. */
export const DEDUP_WINDOW_MS = 24 * 60 * 60 * 1000;
export const DEDUP_MAX_COMPLETED = 10_000;
/** Failed jobs kept for operators to inspect and retry; the oldest go first beyond this. */
export const MAX_FAILED_KEPT = 10_000;

/**
 * Delay before retry number `attemptsMade` (1 after the first failure). Same formula as Bull's
 * built-in 'exponential' backoff, so both implementations retry on the same schedule.
 */
export function exponentialBackoffMs(baseMs: number, attemptsMade: number): number {
  return Math.round((Math.pow(2, attemptsMade) - 1) * baseMs);
}

export function errorReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
