import { findChannelAccount } from '../channels/channel-account-service';
import type { ChannelAccount } from '../channels/models';
import type { Conversation } from '../conversations/models';
import { findChannelIdentity } from '../customers/identity-service';
import type { ChannelIdentity } from '../customers/models';

export interface DeliveryTarget {
  account: ChannelAccount;
  identity: ChannelIdentity;
}

/** Where replies in a conversation go: its channel account and the shopper's identity there. */
export async function loadDeliveryTarget(conversation: Conversation): Promise<DeliveryTarget> {
  const account = await findChannelAccount(conversation.tenantId, conversation.channelAccountId);
  const identity = await findChannelIdentity(conversation.tenantId, conversation.channelIdentityId);
  if (!account || !identity) throw new Error(`conversation ${conversation.id} has no channel account or identity`);
  return { account, identity };
}
