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
  /** For image messages: where the picture is served (relative to the API base). */
  imageUrl: z.string().optional(),
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
 * PUT /api/web/cart: the shopper's cart as SKUs and quantities (an empty list clears it). Names and
 * prices are the catalog's, never the browser's, so the response carries them back.
 */
export const putCartBody = z.strictObject({
  items: z
    .array(z.strictObject({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(999) }))
    .max(50)
    .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'one line per sku'),
});
export const putCartResponse = z.object({
  state: z.enum(['active', 'checked_out', 'cleared']),
  items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int() })),
  totalCents: z.number().int(),
});
export type PutCartBody = z.infer<typeof putCartBody>;
export type PutCartResponse = z.infer<typeof putCartResponse>;

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

/** Images a shopper may send in the chat (POST /api/web/uploads, raw bytes with this content type). */
export const uploadImageTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const uploadResponse = z.object({ uploadId: z.string(), url: z.string() });
export type UploadResponse = z.infer<typeof uploadResponse>;

/** POST /api/web/messages/images: sends an uploaded picture as the shopper's next message. */
export const postImageMessageBody = z.object({
  clientMessageId: z.string().min(1).max(128),
  uploadId: z.string().regex(/^[0-9a-f-]{36}\.(png|jpg|webp)$/, 'uploadId must come from POST /api/web/uploads'),
});
