import { z } from 'zod';

/** One Weibo 粉丝服务平台 account (platforms.md §5). Unconfirmed facts are settings, named as such. */
export const weiboConfigSchema = z.object({
  apiBaseUrl: z.url().default('https://m.api.weibo.com'),
  /** Signs the GET verification (sha1 of sorted appsecret, timestamp, nonce): the App Secret, not a token. */
  appSecret: z.string().min(1),
  /** From the fan-service admin page; reportedly valid 365 days (unconfirmed), so it is stored, not refreshed. */
  accessToken: z.string().min(1),
  /**
   * Whether pushes (POSTs) carry the same signature parameters as the GET check is unconfirmed.
   * `required` refuses unsigned pushes (safe default); `when_present` checks them only when sent.
   */
  // `when_present` (accept unsigned pushes) was removed: anyone who learnt the webhook URL could post
  // as any fan. Stored accounts that chose it are read as `required`.
  postSignature: z.enum(['required', 'when_present']).default('required').transform((): 'required' => 'required'),
  /** Weibo's timestamp is in milliseconds; pushes signed longer ago than this are replays. */
  timestampWindowSeconds: z.number().int().positive().default(300),
  /** JSON by default; WeChat-compatible XML when the account chose it with eps/push/set_format. */
  pushFormat: z.enum(['json', 'xml']).default('json'),
  /** Answer in the HTTP response when the reply is ready in time (5 s timeout, platforms.md §5). */
  passiveReplies: z.boolean().default(true),
  /** Also keep customer-service replies in the account's sent box (save_sender_box). */
  saveSenderBox: z.boolean().default(false),
});
export type WeiboConfig = z.infer<typeof weiboConfigSchema>;
