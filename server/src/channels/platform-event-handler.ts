import type { InboundMessage, PlatformEvent, WebhookResponse } from '@kefu/shared';
import type { Message } from '../conversations/models';
import type { ChannelAccount } from './models';
import type { ChannelCache } from './shared-cache';

/** What a platform event handler may use: the account, its decrypted config, the shared cache, and the pipeline's door. */
export interface PlatformEventContext {
  tenantId: number;
  account: ChannelAccount;
  config: unknown;
  cache: ChannelCache;
  fetch: typeof fetch;
  now(): Date;
  /** Hands a shopper message to the pipeline exactly like a webhook message (stored, deduplicated, queued). */
  accept(inbound: InboundMessage): Promise<{ message: Message; duplicate: boolean }>;
}

/**
 * Handles one platform event that is not a shopper message (a WeCom "messages waiting" notice, a Lark
 * card button). May return a response that replaces the webhook's acknowledgement (a Lark card update).
 */
export type PlatformEventHandler = (event: PlatformEvent, context: PlatformEventContext) => Promise<WebhookResponse | void>;
