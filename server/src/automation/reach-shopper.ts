import { Op } from 'sequelize';
import { decryptChannelConfig } from '../channels/channel-account-config';
import { findChannelAccount } from '../channels/channel-account-service';
import { findChannelProtocol } from '../channels/channel-protocols';
import type { ChannelAccount } from '../channels/models';
import { Conversation, Message } from '../conversations/models';
import type { FieldCipher } from '../privacy/field-cipher';
import { sendWindowFor, type SendWindow } from '../channels/send-window';

export interface ShopperReach {
  conversation: Conversation;
  platform: string;
  /** The platform's send window as this channel account configures it; null when there is none. */
  window: SendWindow | null;
  /** When the shopper last wrote in that conversation: platforms' send windows count from here. */
  lastShopperMessageAt: Date | null;
  /** Bot and agent messages since then, against the platform's quota. */
  sentSinceShopper: number;
}

/** The shopper's most recent conversation (their most recent channel), or null when they never wrote to us. */
export async function findShopperReach(tenantId: number, customerId: number, cipher: FieldCipher): Promise<ShopperReach | null> {
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
  return { conversation, platform: account.platform, window: accountSendWindow(account, cipher), lastShopperMessageAt: lastShopper?.createdAt ?? null, sentSinceShopper };
}

function accountSendWindow(account: ChannelAccount, cipher: FieldCipher): SendWindow | null {
  const protocol = findChannelProtocol(account.platform);
  if (!protocol) return null;
  let config: unknown;
  try {
    config = decryptChannelConfig(cipher, protocol, account);
  } catch {
    // No readable config: the platform's own rules still apply (and the outbound flow reports the account).
    config = undefined;
  }
  return sendWindowFor(protocol.sendingRules, config);
}
