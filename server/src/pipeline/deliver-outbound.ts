import type { DeliveryResult } from '@kefu/shared';
import type { JobContext, OutboundJob } from '../jobs';
import { findConversation, findMessage, setMessageStatus } from '../conversations/conversation-service';
import { loadDeliveryTarget } from './delivery-target';
import type { PipelineDeps } from './pipeline-deps';

/**
 * One base flow for every platform: load the reply, hand it to the platform's adapter, record the
 * delivery status. A failed send is stored as failed with the platform's reason, never only logged.
 */
export async function deliverOutbound(deps: PipelineDeps, job: OutboundJob, ctx: JobContext): Promise<void> {
  const { runtime } = deps;
  const tenantId = Number(job.tenantId);
  const message = await findMessage(tenantId, Number(job.messageId));
  if (!message || message.status === 'sent') return;
  const conversation = await findConversation(tenantId, message.conversationId);
  if (!conversation) throw new Error(`reply ${message.id} has no conversation`);
  const { account, identity } = await loadDeliveryTarget(conversation);

  const isLastAttempt = ctx.attempt >= runtime.config.JOB_ATTEMPTS;
  const target = { channelAccountId: String(account.id), externalUserId: identity.externalId };
  let result: DeliveryResult;
  try {
    const adapter = deps.adapters.get(account.platform);
    result = await adapter.send({
      messageId: String(message.id),
      conversationId: String(conversation.id),
      channelAccountId: String(account.id),
      externalUserId: target.externalUserId,
      role: message.role,
      text: message.text,
      cards: message.cards,
      ...(message.role === 'bot' && message.intent ? { intent: message.intent } : {}),
    });
  } catch (error) {
    result = { status: 'failed' as const, reason: `adapter error: ${(error as Error).message}` };
  }
  // Delivered and recorded elsewhere (a passive reply in the webhook's response): nothing to count or store.
  if (result.status === 'sent' && result.alreadyRecorded) return;
  await message.update({ attempts: message.attempts + 1 });
  runtime.metrics.deliveries.inc({ platform: account.platform, status: result.status });

  if (result.status === 'sent') {
    await setMessageStatus(message, 'sent', { failureReason: null });
    await deps.adapters.find(account.platform)?.typing?.(target, false);
    await runtime.events.emit({ tenantId, type: 'message.delivered', conversationId: conversation.id, messageId: message.id, payload: { platform: account.platform } });
    return;
  }
  await runtime.events.emit({ tenantId, type: 'message.delivery_failed', conversationId: conversation.id, messageId: message.id, payload: { platform: account.platform, reason: result.reason, attempt: ctx.attempt } });
  // A permanent failure (outside the reply window, quota used up) is final at once: retrying cannot help.
  const permanent = 'retryable' in result && result.retryable === false;
  if (isLastAttempt || permanent) {
    await setMessageStatus(message, 'failed', { failureReason: result.reason.slice(0, 500) });
  } else {
    await message.update({ failureReason: result.reason.slice(0, 500) });
  }
  if (permanent) return;
  throw new Error(`delivery failed: ${result.reason}`);
}
