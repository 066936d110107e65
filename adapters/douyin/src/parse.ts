import { ProtocolError, readPlatformPayload, type InboundMessage, type ParsedWebhook, type PlatformEvent, type WebhookRequest } from '@kefu/shared';
import type { DouyinConfig } from './config';
import { encodeMessageId } from './message-id';
import { customerServicePushSchema, decodeContent, imContentSchema, imEnvelopeSchema, parseJsonBody, toDate } from './payload';

const JSON_ACK = { status: 200, contentType: 'application/json', body: '{}' } as const;
/** The 抖音客服平台 expects exactly this acknowledgement (platforms.md §3). */
const CUSTOMER_SERVICE_ACK = { status: 200, contentType: 'application/json', body: '{"success":true}' } as const;

const TEXT_TYPES = new Set(['text']);
const IMAGE_TYPES = new Set(['image', 'user_local_image', 'emoji']);

export function parseDouyinWebhook(request: WebhookRequest, config: DouyinConfig, channelAccountId: string): ParsedWebhook {
  const body = parseJsonBody(request.rawBody);
  if (config.mode === 'minigame_customer_service') return parseCustomerServicePush(body, channelAccountId);
  return parseDirectMessageEvent(body, request, config, channelAccountId);
}

function parseDirectMessageEvent(body: unknown, request: WebhookRequest, config: DouyinConfig, channelAccountId: string): ParsedWebhook {
  const envelope = readPlatformPayload(imEnvelopeSchema, body, 'Douyin webhook event');
  const { event, from_user_id: fromUserId } = envelope;
  const msgIdHeader = request.headers['msg-id'];

  if (event !== 'im_receive_msg') {
    // im_send_msg is the business account's own message (ours via the API, or typed in the app):
    // answering it would loop. Other im_* events are facts for the record, not shopper turns.
    const eventId = msgIdHeader || `${event}:${envelope.log_id ?? ''}:${fromUserId ?? ''}`;
    const events: PlatformEvent[] = event === 'im_send_msg' ? [] : [{ kind: `douyin.${event}`, eventId, payload: { fromUserId, toUserId: envelope.to_user_id, content: safeContent(envelope.content) } }];
    return { messages: [], events, ack: JSON_ACK };
  }

  const data = readPlatformPayload(imContentSchema, decodeContent(envelope.content), 'Douyin im_receive_msg content');
  if (!fromUserId) throw new ProtocolError('im_receive_msg without from_user_id');
  // A message sent through our own client_key, or from the business account itself, is never a shopper turn.
  if (fromUserId === config.businessOpenId || data.source === config.clientKey) return { messages: [], events: [], ack: JSON_ACK };

  const sender = data.user_infos?.find((info) => info.open_id === fromUserId);
  const kind = TEXT_TYPES.has(data.message_type) ? 'text' : IMAGE_TYPES.has(data.message_type) ? 'image' : 'event';
  const message: InboundMessage = {
    channelAccountId,
    platform: 'douyin',
    platformMessageId: encodeMessageId(data.conversation_short_id, data.server_message_id),
    externalUserId: fromUserId,
    displayName: sender?.nick_name,
    kind,
    text: kind === 'text' ? (data.text ?? '') : `[${data.message_type}]`,
    sentAt: toDate(data.create_time).toISOString(),
  };
  return { messages: [message], events: [], ack: JSON_ACK };
}

function parseCustomerServicePush(body: unknown, channelAccountId: string): ParsedWebhook {
  const data = readPlatformPayload(customerServicePushSchema, body, '抖音客服平台 push');
  const kind = data.msg_type === 'text' ? 'text' : data.msg_type === 'image' ? 'image' : 'event';
  const message: InboundMessage = {
    channelAccountId,
    platform: 'douyin',
    // Deduplicated by msg_id, as the guide says; the conversation rides along for the reply.
    platformMessageId: encodeMessageId(data.conversation_id ?? data.open_id, data.msg_id),
    externalUserId: data.open_id,
    kind,
    text: kind === 'text' ? (data.content ?? '') : kind === 'image' ? (data.pic_url ?? '[image]') : `[${data.msg_type}]`,
    sentAt: toDate(data.create_time).toISOString(),
  };
  return { messages: [message], events: [], ack: CUSTOMER_SERVICE_ACK };
}

function safeContent(content: unknown): unknown {
  try {
    return decodeContent(content);
  } catch {
    return content;
  }
}
