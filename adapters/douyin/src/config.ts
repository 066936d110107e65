import { z } from 'zod';

/**
 * One Douyin channel account. Facts from platforms.md §3; every value the spec marks unconfirmed is
 * a setting with a default, never a constant in code.
 */
export const douyinConfigSchema = z.object({
  apiBaseUrl: z.url().default('https://open.douyin.com'),
  /** Which push this account receives: 私信 webhooks (im_*) or the mini-game 抖音客服平台 push. */
  mode: z.enum(['direct_message', 'minigame_customer_service']).default('direct_message'),
  clientKey: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Mini-apps sign with a separately enabled "webhook 验签秘钥"; other apps sign with the client secret. */
  webhookSecret: z.string().min(1).optional(),
  /** The business account's open_id: the reply API is addressed to it, and its own im_send_msg echoes are ignored. */
  businessOpenId: z.string().min(1),
  /** The operator's OAuth refresh_token (15-day access tokens are refreshed from it; platforms.md: reply needs the operator's token). */
  refreshToken: z.string().min(1).optional(),
  /**
   * Pushes whose content.create_time is older than this are refused as replays. Douyin's retry
   * schedule is not published (platforms.md: "3 retries"), so the window is a setting.
   */
  replayWindowSeconds: z.number().int().positive().default(1800),
  /** Unconfirmed (community code: about 24 h); used by the outbound flow's window check. */
  replyWindowHours: z.number().positive().default(24),
  /** Unconfirmed (community code: about 6 replies per shopper message). */
  repliesPerInbound: z.number().int().positive().default(6),
  /** Unconfirmed path of the reply API (third-party SDKs only). */
  sendMessagePath: z.string().startsWith('/').default('/im/send/msg/'),
});
export type DouyinConfig = z.infer<typeof douyinConfigSchema>;

export function signingSecret(config: DouyinConfig): string {
  return config.webhookSecret ?? config.clientSecret;
}
