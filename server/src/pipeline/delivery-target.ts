import type { ChannelAccount } from '../channels/models';
import { findConversation } from '../conversations/conversation-service';
import type { Message } from '../conversations/models';
import { findChannelIdentity } from '../customers/identity-service';
import type { OutboundJob } from '../jobs';
import type { PipelineDeps } from './pipeline-deps';
import { findAccount } from './turn';

export interface DeliveryTarget {
  account: ChannelAccount;
  externalUserId: string;
}

/**
 * Where a reply goes: its channel account (from the process's row cache) and the shopper's id on
 * that platform, carried by the job when the inbound worker queued it, else read through the
 * reply's conversation (agent replies, follow-ups, jobs re-queued at boot).
 */
export async function loadDeliveryTarget(deps: PipelineDeps, message: Message, job: Pick<OutboundJob, 'externalUserId'> = {}): Promise<DeliveryTarget> {
  const account = await findAccount(deps, message.tenantId, message.channelAccountId);
  if (!account) throw new Error(`message ${message.id} has no channel account`);
  if (job.externalUserId) return { account, externalUserId: job.externalUserId };
  const conversation = await findConversation(message.tenantId, message.conversationId);
  const identity = conversation ? await findChannelIdentity(message.tenantId, conversation.channelIdentityId) : null;
  if (!identity) throw new Error(`message ${message.id} has no conversation or identity to deliver to`);
  return { account, externalUserId: identity.externalId };
}
