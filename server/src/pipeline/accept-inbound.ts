import type { InboundMessage } from '@kefu/shared';
import { upsertChannelIdentity } from '../customers/identity-service';
import { storeInboundMessage } from '../conversations/conversation-service';
import type { Message } from '../conversations/models';
import type { PipelineDeps } from './pipeline-deps';

/**
 * The durable point of the pipeline: the message is stored before anything is acknowledged, then
 * queued. We store in the accepting request rather than in the worker (architecture.md stores in the
 * worker) because the embedded queue lives in memory: with the row written first, a crash at any
 * later point leaves a `received` message that the boot-time recovery re-queues, so nothing
 * accepted is lost on either queue backend. Duplicates stop at the unique key and are not re-queued.
 */
export async function acceptInbound(deps: PipelineDeps, tenantId: number, inbound: InboundMessage): Promise<{ message: Message; duplicate: boolean }> {
  const channelAccountId = Number(inbound.channelAccountId);
  const identity = await upsertChannelIdentity({
    tenantId,
    channelAccountId,
    externalId: inbound.externalUserId,
    unionId: inbound.unionId,
    displayName: inbound.displayName,
  });
  const { message, duplicate } = await storeInboundMessage({
    tenantId,
    channelAccountId,
    channelIdentityId: identity.id,
    platformMessageId: inbound.platformMessageId,
    kind: inbound.kind,
    text: inbound.text,
  });
  if (duplicate) {
    deps.runtime.metrics.pipelineSteps.inc({ step: 'accept', outcome: 'duplicate' });
    return { message, duplicate };
  }
  await deps.runtime.events.emit({ tenantId, type: 'message.received', conversationId: message.conversationId, messageId: message.id, payload: { platform: inbound.platform } });
  await deps.runtime.queues.inbound.add({ messageId: String(message.id), tenantId: String(tenantId) }, { jobId: `in:${channelAccountId}:${inbound.platformMessageId}` });
  deps.runtime.metrics.pipelineSteps.inc({ step: 'accept', outcome: 'ok' });
  return { message, duplicate };
}
