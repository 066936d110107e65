import { z } from 'zod';

/**
 * A merchant's Lark (Feishu) self-built app, used by agents rather than shoppers. Stored encrypted in
 * channel_accounts. `agentChatId` is the group (oc_…) where escalated conversations appear as cards.
 */
export const larkConfigSchema = z.object({
  appId: z.string().min(1),
  appSecret: z.string().min(1),
  /** Event subscription "Encrypt Key": when set, events arrive encrypted and signed (X-Lark-Signature). */
  encryptKey: z.string().min(1).optional(),
  /** Event subscription "Verification Token": compared with the `token` every event carries. */
  verificationToken: z.string().min(1),
  /** The agents' group chat (oc_…) that receives handoff cards. */
  agentChatId: z.string().min(1),
  /** Feishu (China) by default; https://open.larksuite.com for Lark, or a local server in tests. */
  apiBaseUrl: z.string().url().default('https://open.feishu.cn'),
  /**
   * How far X-Lark-Request-Timestamp may be from our clock. Lark documents no window and does not
   * say whether its retries (up to 6 h later) are re-signed, so this is configurable (unconfirmed).
   */
  maxClockSkewSeconds: z.number().int().positive().default(300),
  /** How long one Lark API call may take before it fails (and its job is retried); unset: LARK_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs: z.number().int().min(100).max(60_000).optional(),
});
export type LarkConfig = z.infer<typeof larkConfigSchema>;
