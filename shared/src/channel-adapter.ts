import type { DeliveryResult, OutboundMessage, Platform } from './messages';

/**
 * What the core needs from a platform adapter to deliver. Adapters translate and never call back
 * into the core; parsing inbound payloads lives with each adapter's webhook route.
 */
export interface ChannelAdapter {
  readonly platform: Platform;
  send(message: OutboundMessage): Promise<DeliveryResult>;
  /** Optional: show the shopper that a reply is being prepared. */
  typing?(target: { channelAccountId: string; externalUserId: string }, typing: boolean): Promise<void>;
}
