import { setMessageStatus } from '../conversations/conversation-service';
import { Message } from '../conversations/models';
import type { ChannelCache } from './shared-cache';

const POLL_MS = 40;

/** Set before the message is queued, so the outbound worker knows a webhook may still answer it in its HTTP response. */
export function passiveWaitKey(channelAccountId: number | string, platformMessageId: string): string {
  return `passive-wait:${channelAccountId}:${platformMessageId}`;
}

/** Whoever claims this first (the webhook's passive reply or the outbound worker) delivers the reply; the other does not. */
export function deliveryClaimKey(replyId: number): string {
  return `deliver:${replyId}`;
}

/**
 * Waits up to `deadlineMs` for the pipeline's first reply to `inbound`, by polling the reply row (it
 * works whichever process runs the worker). Returns the reply only when this webhook won the claim
 * to deliver it; the reply is then marked sent so the customer-service API does not send it again.
 */
export async function awaitPassiveReply(cache: ChannelCache, inbound: Message, deadlineMs: number): Promise<Message | null> {
  const giveUpAt = Date.now() + deadlineMs;
  while (Date.now() < giveUpAt) {
    // Status before reply: the worker stores the reply before it marks the message answered, so a
    // message seen answered here has its reply (if any) visible to the query that follows.
    const current = await Message.findOne({ where: { tenantId: inbound.tenantId, id: inbound.id }, attributes: ['id', 'status'] });
    const reply = await Message.findOne({ where: { tenantId: inbound.tenantId, replyToId: inbound.id }, order: [['id', 'ASC']] });
    if (reply) {
      if (reply.status !== 'pending') return null;
      if (!(await cache.setIfAbsent(deliveryClaimKey(reply.id), 'passive', 3600))) return null;
      await setMessageStatus(reply, 'sent', { failureReason: null });
      return reply;
    }
    // Answered without a reply (a person has the conversation) or failed: nothing will come.
    if (!current || current.status === 'answered' || current.status === 'failed') return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}
