import { z } from 'zod';

export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';

/**
 * One Official Account (公众号/服务号) or Mini Program (小程序) with its message-push settings, as
 * entered in the platform's 开发 → 基本配置 / 消息推送 page. Stored encrypted in channel_accounts.
 */
export const wechatConfigSchema = z.object({
  kind: z.enum(['official_account', 'mini_program']).default('official_account'),
  appId: z.string().trim().min(1).max(64),
  appSecret: z.string().trim().min(1).max(128),
  /** The push Token (3–32 characters on the platform). */
  token: z.string().min(1).max(64),
  /** Required for compatible and safe modes. */
  encodingAesKey: z.string().length(43).optional(),
  /** 明文 / 兼容 / 安全. Safe mode rejects unencrypted pushes; compatible accepts both. */
  mode: z.enum(['plain', 'compatible', 'safe']).default('safe'),
  /** Mini Programs may push JSON; Official Accounts always push XML. */
  format: z.enum(['xml', 'json']).default('xml'),
  apiBaseUrl: z.url().default(WECHAT_API_BASE_URL),
  /** Pushes whose timestamp is further than this from our clock are replays. */
  timestampToleranceSeconds: z.number().int().min(30).max(3600).default(300),
  /** Answer in the HTTP response when the reply is ready in time (Official Accounts only). */
  passiveReply: z.boolean().default(true),
  /** WeChat waits 5 s; the rest is network and our own acknowledgement. */
  passiveReplyDeadlineMs: z.number().int().min(0).max(4800).default(4500),
  /** Outside the 48-hour window: a subscribe message (Mini Program) or template message (Official Account), when configured. */
  outOfWindowTemplate: z
    .object({
      templateId: z.string().min(1),
      /** The template's text field the reply goes into (e.g. `thing1`), cut to the field's limit. */
      field: z.string().min(1).default('thing1'),
      maxLength: z.number().int().min(1).max(200).default(20),
      /** Mini Program page (subscribe message) or URL (template message) the notice opens. */
      page: z.string().optional(),
    })
    .optional(),
}).refine((config) => config.mode === 'plain' || Boolean(config.encodingAesKey), {
  message: 'encodingAesKey is required for compatible and safe modes',
  path: ['encodingAesKey'],
});

export type WechatConfig = z.infer<typeof wechatConfigSchema>;
