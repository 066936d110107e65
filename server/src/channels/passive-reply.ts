import { setMessageStatus } from '../conversations/conversation-service';
import { Message } from '../conversations/models';
import type { ChannelServices } from './channel-services';
import type { ChannelCache } from './shared-cache';
import type { WakeUpVia } from './wake-up-signal';

/**
 * How often a waiting webhook or send looks for itself. The worker wakes them when it is done, so
 * this only bounds what a lost wake-up (Redis reconnecting, a worker built without channel services)
 * costs: well inside WeChat's 5-second window, and a tenth of the old 40 ms polling's queries.
 */
export const FALLBACK_CHECK_MS = 500;

/** Set before the message is queued, so the outbound worker knows a webhook may still answer it in its HTTP response. */
export function passiveWaitKey(channelAccountId: number | string, platformMessageId: string): string {
  return `passive-wait:${channelAccountId}:${platformMessageId}`;
}

/** Whoever claims this first (the webhook's passive reply or the outbound worker) delivers the reply; the other does not. */
export function deliveryClaimKey(replyId: number): string {
  return `deliver:${replyId}`;
}

/** The wake-up a webhook holding a passive reply listens for: the worker is done with this shopper message. */
function inboundSettledKey(inbound: Pick<Message, 'tenantId' | 'id'>): string {
  return `inbound-settled:${inbound.tenantId}:${inbound.id}`;
}

/**
 * The worker's side, once it is done with a shopper message (answered, handed to a person, or failed
 * for good): wakes the webhook holding a passive reply for it, in whichever process. Only a message
 * a webhook announced it waits for is signalled, so any other costs one cache read and no publish.
 */
export async function announceInboundSettled(services: Pick<ChannelServices, 'cache' | 'wakeUps'>, inbound: Message): Promise<void> {
  if ((await services.cache.get(passiveWaitKey(inbound.channelAccountId, inbound.platformMessageId))) === null) return;
  await services.wakeUps.notify(inboundSettledKey(inbound));
}

/**
 * Waits up to `deadlineMs` for the pipeline's first reply to `inbound`: it looks at the reply row
 * when the worker says it is done with the message (in whichever process it runs), and every
 * `fallbackMs` in case that wake-up was lost. Returns the reply only when this webhook won the claim
 * to deliver it; the reply is then marked sent so the customer-service API does not send it again.
 */
export async function awaitPassiveReply(
  services: Pick<ChannelServices, 'cache' | 'wakeUps'>,
  inbound: Message,
  deadlineMs: number,
  fallbackMs = FALLBACK_CHECK_MS,
): Promise<{ reply: Message | null; via: WakeUpVia }> {
  const { value, via } = await services.wakeUps.waitFor(inboundSettledKey(inbound), () => lookForReply(services.cache, inbound), { deadlineMs, fallbackMs });
  return { reply: value ?? null, via };
}

/** The reply when this webhook may deliver it, null when it never will, undefined while the worker is still on it. */
async function lookForReply(cache: ChannelCache, inbound: Message): Promise<Message | null | undefined> {
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
  return undefined;
}
