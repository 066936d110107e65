import type { DeliveryResult } from '@kefu/shared';
import type { JobContext, OutboundJob } from '../jobs';
import { findMessage, setMessageStatus } from '../conversations/conversation-service';
import { loadDeliveryTarget, type DeliveryTarget } from './delivery-target';
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
  const { account, externalUserId } = await loadDeliveryTarget(deps, message, job);

  const isLastAttempt = ctx.attempt >= runtime.config.JOB_ATTEMPTS;
  const target = { channelAccountId: String(account.id), externalUserId };
  let result: DeliveryResult;
  try {
    const adapter = deps.adapters.get(account.platform);
    result = await adapter.send({
      messageId: String(message.id),
      conversationId: String(message.conversationId),
      channelAccountId: String(account.id),
      externalUserId,
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
  runtime.metrics.deliveries.inc({ platform: account.platform, status: result.status });
  const attempts = message.attempts + 1;

  if (result.status === 'sent') {
    await setMessageStatus(message, 'sent', { failureReason: null, attempts });
    await deps.adapters.find(account.platform)?.typing?.(target, false);
    await runtime.events.emit({ tenantId, type: 'message.delivered', conversationId: message.conversationId, messageId: message.id, payload: { platform: account.platform } });
    return;
  }
  await recordFailedDelivery(deps, message, account, result, ctx.attempt, isLastAttempt, attempts);
}

async function recordFailedDelivery(
  deps: PipelineDeps,
  message: Awaited<ReturnType<typeof findMessage>> & object,
  account: DeliveryTarget['account'],
  result: Extract<DeliveryResult, { status: 'failed' }>,
  attempt: number,
  isLastAttempt: boolean,
  attempts: number,
): Promise<void> {
  await deps.runtime.events.emit({ tenantId: message.tenantId, type: 'message.delivery_failed', conversationId: message.conversationId, messageId: message.id, payload: { platform: account.platform, reason: result.reason, attempt } });
  // A permanent failure (outside the reply window, quota used up) is final at once: retrying cannot help.
  const permanent = 'retryable' in result && result.retryable === false;
  const failureReason = result.reason.slice(0, 500);
  if (isLastAttempt || permanent) await setMessageStatus(message, 'failed', { failureReason, attempts });
  else await message.update({ failureReason, attempts });
  if (permanent) return;
  throw new Error(`delivery failed: ${result.reason}`);
}
