import type { InboundMessage, ParsedWebhook, WebhookRequest } from '@kefu/shared';
import { ProtocolError } from '@kefu/shared';
import type { XiaohongshuConfig } from './config';
import { openPush } from './open-push';
import { checkXiaohongshuPush } from './push-schema';

/** WeChat-style platforms stop retrying on "success". */
const ACK = { status: 200, contentType: 'text/plain', body: 'success' } as const;

function field(push: Record<string, unknown>, name: string): string | undefined {
  const value = push[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A MsgId is a 64-bit integer (WeChat's is); written as a bare JSON number it loses digits in
 * JSON.parse, and two messages could then share an id. The digits are read from the text instead.
 */
function idField(text: string, push: Record<string, unknown>, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const bare = new RegExp(`"${escaped}"\\s*:\\s*(\\d+)`).exec(text);
  return bare?.[1] ?? field(push, name);
}

export function parseXiaohongshuPush(request: WebhookRequest, config: XiaohongshuConfig, channelAccountId: string): ParsedWebhook {
  const { fields: push, text: pushText } = openPush(request, config);
  const names = config.fieldNames;
  checkXiaohongshuPush(push, names);
  const userId = field(push, names.userId);
  const type = field(push, names.messageType);
  const createTime = Number(field(push, names.createTime));
  if (!userId || !type || !Number.isFinite(createTime)) throw new ProtocolError(`decrypted push lacks ${names.userId}, ${names.messageType} or ${names.createTime}`);
  const sentAt = new Date(createTime < 1e12 ? createTime * 1000 : createTime).toISOString();

  if (type === 'event') {
    // Events carry no MsgId; WeChat's rule for them is sender + CreateTime, kept here.
    const event = field(push, names.event) ?? 'unknown';
    return { messages: [], events: [{ kind: `xiaohongshu.${event}`, eventId: `${userId}:${createTime}:${event}`, payload: push }], ack: ACK };
  }
  const messageId = idField(pushText, push, names.messageId);
  if (!messageId) throw new ProtocolError(`decrypted ${type} push without ${names.messageId}`);
  const kind = type === 'text' ? 'text' : type === 'image' ? 'image' : 'event';
  const message: InboundMessage = {
    channelAccountId,
    platform: 'xiaohongshu',
    platformMessageId: messageId,
    externalUserId: userId,
    kind,
    text: kind === 'text' ? (field(push, names.text) ?? '') : kind === 'image' ? (field(push, names.pictureUrl) ?? '[image]') : `[${type}]`,
    sentAt,
  };
  return { messages: [message], events: [], ack: ACK };
}
