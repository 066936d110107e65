import { z } from 'zod';

/**
 * Where each shopper-message fact sits in a decrypted push. The XHS mini-program push is described
 * as WeChat-style (platforms.md §4), so WeChat's customer-service keys are the defaults; the
 * field names themselves are not published (unconfirmed), so an account can rename them.
 */
const fieldNamesSchema = z
  .object({
    userId: z.string().default('FromUserName'),
    appAccount: z.string().default('ToUserName'),
    messageId: z.string().default('MsgId'),
    createTime: z.string().default('CreateTime'),
    messageType: z.string().default('MsgType'),
    text: z.string().default('Content'),
    pictureUrl: z.string().default('PicUrl'),
    event: z.string().default('Event'),
  })
  .prefault({});

/**
 * No customer-service send API is publicly documented for Xiaohongshu (platforms.md §4). When the
 * merchant has one from their platform contact, it is configured here; it is assumed to follow
 * WeChat's shape (token endpoint answering {access_token, expires_in}; JSON {touser, msgtype, text}).
 */
const sendApiSchema = z.object({
  tokenPath: z.string().startsWith('/'),
  sendPath: z.string().startsWith('/'),
});

export const xiaohongshuConfigSchema = z.object({
  /** The mini-program platform's host; the API host for sends is unconfirmed, so it is a setting like everywhere. */
  apiBaseUrl: z.url().default('https://miniapp.xiaohongshu.com'),
  appId: z.string().min(1),
  appSecret: z.string().min(1).optional(),
  /** Message-push Token: signs the GET check, sha1(sort(token, timestamp, nonce)). */
  token: z.string().min(1),
  /** 43 characters; pushes are ciphertext only. */
  encodingAesKey: z.string().length(43),
  /**
   * Which signature a POST carries. WeChat's safe mode signs with msg_signature over the ciphertext;
   * whether XHS does the same or only sends `signature` is unconfirmed.
   */
  pushSignature: z.enum(['msg_signature', 'signature']).default('msg_signature'),
  /** Pushes whose timestamp is further than this from now are refused as replays. */
  timestampToleranceSeconds: z.number().int().positive().default(300),
  /** Reject a decrypted push addressed to another app id (WeChat's receiveId check; unconfirmed for XHS). */
  checkReceiveId: z.boolean().default(true),
  fieldNames: fieldNamesSchema,
  sendApi: sendApiSchema.optional(),
  /** Unconfirmed: WeChat's 48 hours is assumed until XHS publishes its own window. */
  replyWindowHours: z.number().positive().default(48),
});
export type XiaohongshuConfig = z.infer<typeof xiaohongshuConfigSchema>;
