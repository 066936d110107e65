import type { Runtime } from '../runtime';
import { AGENT_DESK_JOB_KIND } from './desk-job-kind';

export interface ProofLockAlert {
  orderNo: string;
  failures: number;
  lockedUntil: string;
  conversationId: number;
}

/**
 * Tells the merchant's agents that an order's ownership proof locked (someone kept guessing its
 * phone digits). Queued on the desk queue like a handoff card, so a slow Lark never delays the
 * shopper's reply; the job id makes one alert per lock however often the step is retried.
 */
export async function queueProofLockAlert(runtime: Runtime, tenantId: number, alert: ProofLockAlert): Promise<void> {
  await runtime.queues.desk.add(
    { kind: AGENT_DESK_JOB_KIND, tenantId: String(tenantId), payload: { notice: 'proof_locked', ...alert } },
    { jobId: `desk:proof_locked:${tenantId}:${alert.orderNo}:${alert.lockedUntil}` },
  );
}
