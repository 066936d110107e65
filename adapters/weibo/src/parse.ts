import { createHash } from 'node:crypto';
import { renderReplyText, type InboundMessage, type OutboundMessage, type ParsedWebhook, type WebhookRequest, type WebhookResponse } from '@kefu/shared';
import type { WeiboConfig } from './config';
import { pushTime, readPush, type WeiboPush } from './push';

/** An empty body acknowledges without replying (platforms.md §5). */
const EMPTY_ACK: WebhookResponse = { status: 200, contentType: 'text/plain', body: '' };
/** Weibo drops the connection after 5 s; the passive reply must be written well before that. */
const PASSIVE_DEADLINE_MS = 4000;
/** Passive replies are limited to 300 characters. */
export const PASSIVE_TEXT_LIMIT = 300;

/**
 * Weibo pushes carry no message id. A retry repeats sender, second and content, so the id is built
 * from those: sender + created_at as documented, plus a short content hash so two different
 * messages in the same second are not mistaken for one.
 */
export function weiboMessageId(push: WeiboPush): string {
  const digest = createHash('sha1').update(`${push.type}\n${push.text}\n${JSON.stringify(push.data)}`).digest('hex').slice(0, 12);
  return `${push.sender_id}:${Math.floor(pushTime(push).getTime() / 1000)}:${digest}`;
}

export function parseWeiboPush(request: WebhookRequest, config: WeiboConfig, channelAccountId: string): ParsedWebhook {
  const push = readPush(request.rawBody, config.pushFormat);
  const id = weiboMessageId(push);
  if (push.type === 'event' || push.type === 'mention') {
    // Follows and menu clicks open the 48-hour window but are not something a shopper said.
    return { messages: [], events: [{ kind: `weibo.${String(push.data.subtype ?? push.type)}`, eventId: id, payload: { senderId: push.sender_id, receiverId: push.receiver_id, createdAt: pushTime(push).toISOString(), data: push.data } }], ack: EMPTY_ACK };
  }
  const kind = push.type === 'text' ? 'text' : push.type === 'image' ? 'image' : 'event';
  const message: InboundMessage = {
    channelAccountId,
    platform: 'weibo',
    platformMessageId: id,
    externalUserId: push.sender_id,
    kind,
    text: kind === 'text' ? push.text : `[${push.type}]`,
    sentAt: pushTime(push).toISOString(),
  };
  return {
    messages: [message],
    events: [],
    ack: EMPTY_ACK,
    passiveReply: config.passiveReplies ? { deadlineMs: PASSIVE_DEADLINE_MS, render: (reply) => renderPassiveReply(push, reply) } : undefined,
  };
}

/** `{result, sender_id: our account, receiver_id: the fan, type, data: urlencode(JSON {text})}`. */
export function renderPassiveReply(push: WeiboPush, reply: OutboundMessage): WebhookResponse {
  const text = renderReplyText(reply, { maxChars: PASSIVE_TEXT_LIMIT });
  const body = { result: true, sender_id: push.receiver_id, receiver_id: push.sender_id, type: 'text', data: encodeURIComponent(JSON.stringify({ text })) };
  return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
}
