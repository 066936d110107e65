import type { ChannelAdapter, DeliveryResult, OutboundMessage } from '@kefu/shared';
import { recipientKey, type PushHub } from './push-hub';

/**
 * Delivery on the web channel is a push to the shopper's open sockets; the reply is already stored,
 * so a shopper who is offline reads it with GET /api/web/messages. Sending therefore succeeds once
 * the frame is handed to the broadcaster.
 */
export class WebAdapter implements ChannelAdapter {
  readonly platform = 'web' as const;

  constructor(private readonly hub: PushHub) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    await this.hub.publish(recipientKey(message.channelAccountId, message.externalUserId), {
      type: 'message',
      message: {
        id: message.messageId,
        role: message.role,
        text: message.text,
        cards: message.cards,
        createdAt: new Date().toISOString(),
        status: 'sent',
        // The same intent GET /api/web/messages shows, so the chat needs no re-fetch of each pushed reply.
        ...(message.intent ? { intent: message.intent } : {}),
      },
    });
    return { status: 'sent' };
  }

  async typing(target: { channelAccountId: string; externalUserId: string }, typing: boolean): Promise<void> {
    await this.hub.publish(recipientKey(target.channelAccountId, target.externalUserId), { type: 'typing', role: 'bot', typing });
  }
}
