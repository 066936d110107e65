/**
 * A commerce answer owed to the shopper later, when the order or logistics system answers again.
 * Skills schedule it from here; follow-up-jobs runs it (apart, so a skill never imports the runner).
 */
import type { Runtime } from '../runtime';

/** The scheduled-job kind the workers route to runCommerceFollowUp. */
export const COMMERCE_FOLLOW_UP_JOB_KIND = 'commerce.follow-up';

export type FollowUp =
  | { type: 'order_status'; tenantId: number; messageId: number; orderNo: string | null; customerRef: string | null }
  | { type: 'request'; tenantId: number; requestId: number };

/** Queues the later answer; the queue's retries (with backoff) keep trying while the outside system is down. */
export async function scheduleFollowUp(runtime: Runtime, followUp: FollowUp): Promise<void> {
  const id = followUp.type === 'request' ? `request:${followUp.requestId}` : `status:${followUp.messageId}`;
  await runtime.queues.scheduled.add(
    { kind: COMMERCE_FOLLOW_UP_JOB_KIND, tenantId: String(followUp.tenantId), payload: followUp as unknown as Record<string, unknown> },
    { jobId: `commerce-follow-up:${id}`, delayMs: runtime.config.JOB_BACKOFF_MS * 4 },
  );
}
