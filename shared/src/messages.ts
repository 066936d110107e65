import { z } from 'zod';

/** Platforms Kefu speaks to. Each has one adapter package. */
export const platformSchema = z.enum(['web', 'wechat', 'wecom-kf', 'douyin', 'xiaohongshu', 'weibo', 'lark', 'wechaty']);
export type Platform = z.infer<typeof platformSchema>;

export const messageRoleSchema = z.enum(['shopper', 'bot', 'agent']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

/**
 * A rich element attached to a reply. Front-ends render each type natively; a channel that cannot
 * (WeChat text, Weibo) flattens it to text. `actions` are buttons whose `text` is sent back as the
 * shopper's next message (a confirmation's 确认/取消 become affirm/deny turns).
 */
export const cardTypeSchema = z.enum(['order', 'product', 'quick_replies', 'logistics', 'refund', 'confirmation', 'rating']);
export const cardSchema = z.object({
  type: cardTypeSchema,
  title: z.string(),
  body: z.string().optional(),
  /** Product picture or order thumbnail (absolute URL or a path served by the core). */
  imageUrl: z.string().optional(),
  /** Machine-readable state for styling: an order or refund state such as `shipped`, `approved`. */
  state: z.string().optional(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  /** Logistics events, newest first. */
  timeline: z.array(z.object({ time: z.string(), text: z.string() })).optional(),
  actions: z.array(z.object({ label: z.string(), text: z.string() })).optional(),
  /** A link the shopper opens: checkout page, mini-program path, product page. */
  link: z.object({ label: z.string(), url: z.string() }).optional(),
});
export type Card = z.infer<typeof cardSchema>;

/**
 * What an adapter emits for one platform message: platform facts only, no Kefu ids except the
 * channel account the webhook was addressed to.
 */
export const inboundMessageSchema = z.object({
  channelAccountId: z.string(),
  platform: platformSchema,
  platformMessageId: z.string().min(1),
  externalUserId: z.string().min(1),
  unionId: z.string().optional(),
  displayName: z.string().optional(),
  /** Set by channels that can prove who the shopper is (a merchant-signed token). */
  verifiedCustomerRef: z.string().optional(),
  kind: z.enum(['text', 'image', 'event']),
  text: z.string(),
  sentAt: z.string(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** What the core hands an adapter to deliver. */
export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  channelAccountId: string;
  externalUserId: string;
  role: MessageRole;
  text: string;
  cards: Card[];
  /**
   * The platformMessageId of the shopper message this reply answers, when there is one. Douyin's
   * reply API must name the message (msg_id) and its conversation; adapters that need more than the
   * user id encode it in the platformMessageId they emit.
   */
  replyToPlatformMessageId?: string;
  /** For bot replies: the intent understood in the message it answers (the web chat's rating prompt depends on it). */
  intent?: string;
}

/** `retryable: false` marks a permanent failure (outside the reply window, quota used up): it is recorded at once, never retried. */
export type DeliveryResult =
  /** `alreadyRecorded`: another path (a passive reply in the webhook's response) delivered and recorded it. */
  | { status: 'sent'; platformMessageId?: string; alreadyRecorded?: boolean }
  | { status: 'failed'; reason: string; retryable?: boolean };
