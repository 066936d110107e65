import { z } from 'zod';

export const WECOM_API_BASE_URL = 'https://qyapi.weixin.qq.com';

/**
 * WeChat customer service through WeCom (微信客服): the self-built app's callback settings and
 * secret (listed under 「微信客服-可调用接口的应用」). Stored encrypted in channel_accounts.
 */
export const wecomKfConfigSchema = z.object({
  corpId: z.string().trim().min(1).max(64),
  /** The app's secret for gettoken. */
  secret: z.string().trim().min(1).max(128),
  /** The callback Token and EncodingAESKey of 「接收消息」. */
  token: z.string().min(1).max(64),
  encodingAesKey: z.string().length(43),
  /** The kf account replies go from when a customer's own kf account is not known (open_kfid, wk…). */
  openKfId: z.string().min(1).optional(),
  apiBaseUrl: z.url().default(WECOM_API_BASE_URL),
  timestampToleranceSeconds: z.number().int().min(30).max(3600).default(300),
  /** Sent with send_msg_on_event when a customer enters a session (within 20 s of the event). */
  welcomeMessage: z.string().min(1).max(1000).optional(),
  /** Ask customer/batchget for unionid (returned once the merchant bound an OA/MP in 「开发配置」). */
  linkUnionId: z.boolean().default(false),
});

export type WecomKfConfig = z.infer<typeof wecomKfConfigSchema>;
