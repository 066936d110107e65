import { z } from 'zod';
import { ProtocolError, type PlatformEvent } from '@kefu/shared';
import { legacyCardActionSchema, v2EventSchema } from './lark-envelope';

/** Platform event kinds the Lark protocol emits; the agent desk registers handlers for them. */
export const LARK_MESSAGE_EVENT = 'lark.message';
export const LARK_CARD_ACTION_EVENT = 'lark.card_action';

/** An agent's message in a chat the bot is in (im.message.receive_v1), flattened to what the desk needs. */
export const larkMessagePayloadSchema = z.object({
  messageId: z.string(),
  /** The thread's first message: for a reply under a handoff card, the card's message id. */
  rootId: z.string().nullable(),
  parentId: z.string().nullable(),
  chatId: z.string(),
  chatType: z.string(),
  messageType: z.string(),
  /** Plain text of a text message (mentions such as @_user_1 removed); null for other types. */
  text: z.string().nullable(),
  senderOpenId: z.string().nullable(),
  senderUnionId: z.string().nullable(),
  senderType: z.string(),
});
export type LarkMessagePayload = z.infer<typeof larkMessagePayloadSchema>;

/** A button or select on one of our cards (card.action.trigger, or a legacy card callback). */
export const larkCardActionPayloadSchema = z.object({
  operatorOpenId: z.string(),
  operatorUnionId: z.string().nullable(),
  value: z.record(z.string(), z.unknown()),
  /** The chosen option of a select element (an agent's open id for "transfer"). */
  option: z.string().nullable(),
  openMessageId: z.string(),
  openChatId: z.string().nullable(),
});
export type LarkCardActionPayload = z.infer<typeof larkCardActionPayloadSchema>;

const receiveMessageSchema = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: z.string().optional(), union_id: z.string().optional(), user_id: z.string().optional() }).optional(),
    sender_type: z.string(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional(),
    parent_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
  }),
});

const cardTriggerSchema = z.object({
  operator: z.object({ open_id: z.string().min(1), union_id: z.string().optional() }),
  action: z.object({ value: z.record(z.string(), z.unknown()).optional(), option: z.string().optional() }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().optional() }),
});

/** A decrypted, verified envelope → the platform events Kefu acts on; other event types are acknowledged and ignored. */
export function larkEventsFromEnvelope(envelope: Record<string, unknown>): PlatformEvent[] {
  const v2 = v2EventSchema.safeParse(envelope);
  if (v2.success) {
    const { header, event } = v2.data;
    if (header.event_type === 'im.message.receive_v1') return [{ kind: LARK_MESSAGE_EVENT, eventId: header.event_id, payload: messagePayload(event) }];
    if (header.event_type === 'card.action.trigger') return [{ kind: LARK_CARD_ACTION_EVENT, eventId: header.event_id, payload: cardTriggerPayload(event) }];
    return [];
  }
  if ('action' in envelope && 'open_message_id' in envelope) {
    const legacy = legacyCardActionSchema.safeParse(envelope);
    if (!legacy.success) throw new ProtocolError(`malformed card callback: ${legacy.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const { open_id, open_message_id, open_chat_id, token, action } = legacy.data;
    // Legacy callbacks carry no event id; the callback token is unique per click.
    const payload: LarkCardActionPayload = { operatorOpenId: open_id, operatorUnionId: null, value: action.value ?? {}, option: action.option ?? null, openMessageId: open_message_id, openChatId: open_chat_id ?? null };
    return [{ kind: LARK_CARD_ACTION_EVENT, eventId: `card:${open_message_id}:${token}`, payload }];
  }
  // v1 events and anything else we did not subscribe to.
  return [];
}

function messagePayload(event: Record<string, unknown>): LarkMessagePayload {
  const parsed = receiveMessageSchema.safeParse(event);
  if (!parsed.success) throw new ProtocolError(`malformed im.message.receive_v1: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const { sender, message } = parsed.data;
  return {
    messageId: message.message_id,
    rootId: message.root_id || null,
    parentId: message.parent_id || null,
    chatId: message.chat_id,
    chatType: message.chat_type,
    messageType: message.message_type,
    text: message.message_type === 'text' ? textOf(message.content) : null,
    senderOpenId: sender.sender_id?.open_id ?? null,
    senderUnionId: sender.sender_id?.union_id ?? null,
    senderType: sender.sender_type,
  };
}

function cardTriggerPayload(event: Record<string, unknown>): LarkCardActionPayload {
  const parsed = cardTriggerSchema.safeParse(event);
  if (!parsed.success) throw new ProtocolError(`malformed card.action.trigger: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const { operator, action, context } = parsed.data;
  return {
    operatorOpenId: operator.open_id,
    operatorUnionId: operator.union_id ?? null,
    value: action.value ?? {},
    option: action.option ?? null,
    openMessageId: context.open_message_id,
    openChatId: context.open_chat_id ?? null,
  };
}

/** Text content is a JSON string {"text": "…"}; mentions appear as @_user_N placeholders, which the shopper must not see. */
function textOf(content: string): string | null {
  try {
    const parsed = JSON.parse(content) as { text?: unknown };
    if (typeof parsed.text !== 'string') return null;
    return parsed.text.replace(/@_user_\d+/g, '').replace(/\s+/g, ' ').trim();
  } catch {
    throw new ProtocolError('message content is not valid JSON');
  }
}
