import type { Logger } from '../logger';
import { BullQueue } from './bull-queue';
import { InProcessQueue } from './in-process-queue';
import type { JobQueue, QueueBehaviour } from './job-queue';

/** A shopper or channel message to run through the pipeline; the message itself is in the database. */
export type InboundJob = { messageId: string; tenantId: string };
/** A reply to deliver through its channel adapter. */
export type OutboundJob = {
  messageId: string;
  tenantId: string;
  /** The shopper's id on the platform, when the queuing step knew it (the inbound worker does): the delivery then reads only the reply. */
  externalUserId?: string;
};
/** Timed housekeeping (digests, follow-ups); `kind` selects the handler. */
export type ScheduledJob = { kind: string; tenantId?: string; payload?: Record<string, unknown> };
/** A notice for the agents' desk (Lark): shaped like a scheduled job, on a queue of its own. */
export type DeskJob = ScheduledJob;

export interface QueueSet {
  inbound: JobQueue<InboundJob>;
  outbound: JobQueue<OutboundJob>;
  scheduled: JobQueue<ScheduledJob>;
  /**
   * Handoff cards and relays to the agents' desk. Apart from `scheduled`, whose one-at-a-time worker
   * also runs knowledge imports and sweeps: a slow Lark must not hold those, nor they the cards.
   */
  desk: JobQueue<DeskJob>;
  closeAll(): Promise<void>;
  /** True when every queue is ready (with Redis: every ping answered). */
  isReady(): Promise<boolean>;
  all(): JobQueue<unknown>[];
}

export interface QueueSetOptions {
  /** From KefuConfig.REDIS_URL. Unset: queues run in process. */
  redisUrl?: string;
  /** From KefuConfig.REDIS_PREFIX. */
  prefix: string;
  /** From KefuConfig.JOB_ATTEMPTS. */
  attempts: number;
  /** From KefuConfig.JOB_BACKOFF_MS: delay before the first retry, doubling-ish after (Bull's exponential). */
  backoffMs: number;
  logger: Logger;
}

export function createQueueSet(opts: QueueSetOptions): QueueSet {
  const behaviour: QueueBehaviour = { attempts: opts.attempts, backoffMs: opts.backoffMs };
  const logger = opts.logger.child({ component: 'jobs' });
  const redisUrl = opts.redisUrl;
  const make = <T>(name: string): JobQueue<T> =>
    redisUrl
      ? new BullQueue<T>(name, { ...behaviour, redisUrl, prefix: opts.prefix }, logger)
      : new InProcessQueue<T>(name, behaviour, logger);

  const inbound = make<InboundJob>('inbound');
  const outbound = make<OutboundJob>('outbound');
  const scheduled = make<ScheduledJob>('scheduled');
  const desk = make<DeskJob>('desk');
  const all = (): JobQueue<unknown>[] => [inbound, outbound, scheduled, desk];
  logger.info({ backend: redisUrl ? 'bull' : 'in-process', prefix: redisUrl ? opts.prefix : undefined }, 'job queues created');

  return {
    inbound,
    outbound,
    scheduled,
    desk,
    all,
    async closeAll(): Promise<void> {
      // allSettled: one queue failing to close must not leave the others (and their connections) open.
      const results = await Promise.allSettled(all().map((queue) => queue.close()));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason as unknown), 'closing job queues failed');
    },
    async isReady(): Promise<boolean> {
      const ready = await Promise.all(all().map((queue) => queue.isReady()));
      return ready.every(Boolean);
    },
  };
}
