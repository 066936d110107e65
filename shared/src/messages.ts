import { z } from 'zod';

/** Platforms Kefu speaks to. Each has one adapter package. */
export const platformSchema = z.enum(['web', 'wechat', 'wecom-kf', 'douyin', 'xiaohongshu', 'weibo', 'lark', 'wechaty']);
export type Platform = z.infer<typeof platformSchema>;

export const messageRoleSchema = z.enum(['shopper', 'bot', 'agent']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

/** A rich element attached to a reply: an order, a product, quick-reply buttons. */
export const cardSchema = z.object({
  type: z.enum(['order', 'product', 'quick_replies', 'logistics']),
  title: z.string(),
  body: z.string().optional(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  actions: z.array(z.object({ label: z.string(), text: z.string() })).optional(),
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
}

export type DeliveryResult = { status: 'sent'; platformMessageId?: string } | { status: 'failed'; reason: string };
