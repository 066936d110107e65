import { Op } from 'sequelize';
import { findChannelAccount } from '../channels/channel-account-service';
import { Conversation, Message } from '../conversations/models';

export interface ShopperReach {
  conversation: Conversation;
  platform: string;
  /** When the shopper last wrote in that conversation: platforms' send windows count from here. */
  lastShopperMessageAt: Date | null;
  /** Bot and agent messages since then, against the platform's quota. */
  sentSinceShopper: number;
}

/** The shopper's most recent conversation (their most recent channel), or null when they never wrote to us. */
export async function findShopperReach(tenantId: number, customerId: number): Promise<ShopperReach | null> {
  const conversation = await Conversation.findOne({
    where: { tenantId, customerId },
    order: [['lastMessageAt', 'DESC'], ['id', 'DESC']],
  });
  if (!conversation) return null;
  const account = await findChannelAccount(tenantId, conversation.channelAccountId);
  if (!account) return null;
  const lastShopper = await Message.findOne({ where: { tenantId, conversationId: conversation.id, role: 'shopper' }, order: [['id', 'DESC']] });
  const sentSinceShopper = await Message.count({
    where: { tenantId, conversationId: conversation.id, role: { [Op.in]: ['bot', 'agent'] }, ...(lastShopper ? { id: { [Op.gt]: lastShopper.id } } : {}) },
  });
  return { conversation, platform: account.platform, lastShopperMessageAt: lastShopper?.createdAt ?? null, sentSinceShopper };
}
