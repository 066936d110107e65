import type { InboundMessage, Platform, PlatformEvent, WebhookResponse } from '@kefu/shared';
import type { Message } from '../conversations/models';
import type { ChannelAccount } from './models';
import type { ChannelCache } from './shared-cache';
import { handleWecomKfEvent } from './wecom-kf-events';

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

/**
 * One handler per platform, registered by the adapter's owner: add a line here. Events of platforms
 * without a handler are acknowledged and dropped (after de-duplication), never an error.
 */
export const platformEventHandlers: Partial<Record<Platform, PlatformEventHandler>> = {
  'wecom-kf': handleWecomKfEvent,
};

export function registerPlatformEventHandler(platform: Platform, handler: PlatformEventHandler): void {
  platformEventHandlers[platform] = handler;
}
