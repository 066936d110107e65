import { z } from 'zod';

/**
 * A WeChat personal account served through a Wechaty gateway process (`npm run wechaty`). The core
 * never talks to WeChat itself: it talks to the gateway, which holds the puppet's login. Both sides
 * sign their requests with `relaySecret`. The puppet's own token is the gateway's configuration
 * (WECHATY_PUPPET_SERVICE_TOKEN …), not the core's.
 */
export const wechatyConfigSchema = z.object({
  /** Shared with the gateway (WECHATY_RELAY_SECRET): HMAC-SHA256 over timestamp and body, both directions. */
  relaySecret: z.string().min(16),
  /** Where the gateway listens for sends (WECHATY_GATEWAY_PORT). */
  apiBaseUrl: z.string().url().default('http://127.0.0.1:8790'),
  maxClockSkewSeconds: z.number().int().positive().default(300),
});
export type WechatyConfig = z.infer<typeof wechatyConfigSchema>;
