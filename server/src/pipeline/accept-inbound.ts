import type { InboundMessage } from '@kefu/shared';
import { upsertChannelIdentity } from '../customers/identity-service';
import { storeInboundMessage } from '../conversations/conversation-service';
import type { Message } from '../conversations/models';
import type { PipelineDeps } from './pipeline-deps';

/**
 * The durable point of the pipeline: the message is stored before anything is acknowledged, then
 * queued. We store in the accepting request rather than in the worker (architecture.md stores in the
 * worker) because the embedded queue lives in memory: with the row written first, a crash at any
 * later point leaves a `received` message that recovery (at boot) re-queues, so nothing accepted is
 * lost on either queue backend. The request does only that: identity, one conversation lookup, one
 * insert, one enqueue; events, the customer and the conversation's state are the worker's.
 *
 * Duplicates stop at the unique key (channel account, platform message id). A duplicate of a
 * message not yet answered is queued again under the same job id: if its first job was lost
 * (a crash between insert and enqueue), the platform's retry brings it back; if the job is still
 * queued, the queue keeps one.
 */
export async function acceptInbound(
  deps: PipelineDeps,
  tenantId: number,
  inbound: InboundMessage,
  /** The identity the caller already holds (a web session's), saving the upsert. */
  knownIdentityId?: number,
): Promise<{ message: Message; duplicate: boolean }> {
  const channelAccountId = Number(inbound.channelAccountId);
  const channelIdentityId =
    knownIdentityId ??
    (
      await upsertChannelIdentity({
        tenantId,
        channelAccountId,
        externalId: inbound.externalUserId,
        unionId: inbound.unionId,
        displayName: inbound.displayName,
      })
    ).id;
  const { message, duplicate } = await storeInboundMessage({
    tenantId,
    channelAccountId,
    channelIdentityId,
    platformMessageId: inbound.platformMessageId,
    kind: inbound.kind,
    text: inbound.text,
  });
  deps.runtime.metrics.pipelineSteps.inc({ step: 'accept', outcome: duplicate ? 'duplicate' : 'ok' });
  if (duplicate && !['received', 'processing'].includes(message.status)) return { message, duplicate };
  await deps.runtime.queues.inbound.add({ messageId: String(message.id), tenantId: String(tenantId) }, { jobId: `in:${channelAccountId}:${inbound.platformMessageId}` });
  return { message, duplicate };
}
