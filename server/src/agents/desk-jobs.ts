import type { DeskJob } from '../jobs';
import type { Conversation, Message } from '../conversations/models';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { AGENT_DESK_JOB_KIND } from './desk-job-kind';
import { postHandoffCard } from './post-handoff-card';
import { postProofLockAlert } from './post-proof-lock-alert';
import type { ProofLockAlert } from './queue-proof-lock-alert';
import { relayShopperMessage } from './relay-shopper-message';

export { AGENT_DESK_JOB_KIND };

import type { Runtime } from '../runtime';

/** handoff: a person takes over; shopper_message: relayed into a taken-over thread; expedite: the shop is asked to hurry an order. */
type DeskNotice = 'handoff' | 'shopper_message' | 'expedite';

/**
 * The pipeline's one call into the desk: queued, so a slow or failing Lark never delays or fails
 * the shopper's own reply, and retried with backoff by the queue. The job id makes a re-run of the
 * pipeline step queue nothing new.
 */
export async function notifyAgentDesk(deps: PipelineDeps, notice: DeskNotice, conversation: Conversation, message: Message): Promise<void> {
  await queueDeskNotice(deps.runtime, notice, conversation.tenantId, conversation.id, message.id);
}

/** The same call for the skills, which hold the runtime rather than the pipeline's dependencies. */
export async function queueDeskNotice(runtime: Runtime, notice: DeskNotice, tenantId: number, conversationId: number, messageId: number): Promise<void> {
  await runtime.queues.desk.add(
    { kind: AGENT_DESK_JOB_KIND, tenantId: String(tenantId), payload: { notice, conversationId, messageId } },
    { jobId: `desk:${notice}:${messageId}` },
  );
}

export async function runAgentDeskJob(deps: PipelineDeps, job: DeskJob): Promise<void> {
  const tenantId = Number(job.tenantId);
  if (tenantId && job.payload?.notice === 'proof_locked') return postProofLockAlert(deps, tenantId, job.payload as unknown as ProofLockAlert);
  const conversationId = Number(job.payload?.conversationId);
  const messageId = Number(job.payload?.messageId);
  if (!tenantId || !conversationId || !messageId) throw new Error('agent-desk job without tenant, conversation or message');
  // An expedite request is a task for a person too: it opens a ticket with the shopper's words on its card.
  if (job.payload?.notice === 'handoff' || job.payload?.notice === 'expedite') return postHandoffCard(deps, tenantId, conversationId, messageId);
  if (job.payload?.notice === 'shopper_message') return relayShopperMessage(deps, tenantId, conversationId, messageId);
  throw new Error(`unknown agent-desk notice ${String(job.payload?.notice)}`);
}
