import { z } from 'zod';
import { cardSchema, messageRoleSchema } from './messages';

/**
 * The public shopper API of the web/H5 channel. Front-ends, widgets and outside tests rely on these
 * paths and shapes; change them only compatibly.
 */
export const createSessionBody = z.object({
  tenantKey: z.string().min(1).max(64),
  /** A merchant-signed token proving a logged-in shopper: base64url(JSON {ref, name?, exp}).base64url(HMAC-SHA256). */
  shopperToken: z.string().min(1).max(4096).optional(),
});
export const createSessionResponse = z.object({ sessionId: z.string(), token: z.string() });

export const postMessageBody = z.object({
  clientMessageId: z.string().min(1).max(128),
  text: z.string().trim().min(1, 'text must not be empty').max(2000),
});

export const webMessageSchema = z.object({
  id: z.string(),
  role: messageRoleSchema,
  text: z.string(),
  cards: z.array(cardSchema).optional(),
  createdAt: z.string(),
  /** Delivery state of bot and agent replies. */
  status: z.enum(['received', 'pending', 'sent', 'failed']).optional(),
  clientMessageId: z.string().optional(),
  /** For bot replies: the intent the bot understood in the shopper message it answers. */
  intent: z.string().optional(),
});
export type WebMessage = z.infer<typeof webMessageSchema>;

export const listMessagesQuery = z.object({ after: z.string().regex(/^\d+$/, 'after must be a message id').optional() });
export const listMessagesResponse = z.object({ messages: z.array(webMessageSchema) });

/** Frames pushed over /api/web/ws. */
export const webSocketFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: webMessageSchema }),
  z.object({ type: z.literal('typing'), role: messageRoleSchema, typing: z.boolean() }),
]);
export type WebSocketFrame = z.infer<typeof webSocketFrameSchema>;

/** A shopper's satisfaction rating of their latest conversation (1 = very unhappy … 5 = very happy). */
export const postRatingBody = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});
export const postRatingResponse = z.object({ conversationId: z.string(), score: z.number().int(), comment: z.string().nullable() });
export type RatingResponse = z.infer<typeof postRatingResponse>;

/**
 * Mini-program sign-in: the code from `wx.login` (weapp) or `tt.login` (tt) is exchanged by the core
 * with the platform (jscode2session) for the shopper's openid/unionid, which becomes the session's identity.
 */
export const miniProgramLoginBody = z.object({
  tenantKey: z.string().min(1).max(64),
  platform: z.enum(['weapp', 'tt']),
  /** The mini-program's own app id, which names the merchant's configured mini-program. */
  appId: z.string().min(1).max(64),
  code: z.string().min(1).max(256),
});
export type MiniProgramLoginBody = z.infer<typeof miniProgramLoginBody>;
