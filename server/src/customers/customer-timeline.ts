import { Op } from 'sequelize';
import { ChannelAccount } from '../channels/models';
import { Conversation, Message } from '../conversations/models';
import type { FieldCipher } from '../privacy/field-cipher';
import { maskPhone } from '../privacy/mask';
import { currentLinks } from './identity-links';
import { ChannelIdentity, Customer, CustomerMerge, movedCounts } from './models';

/** The customer as an agent sees it: masked phone, every channel identity with the evidence it is linked on, merges. */
export async function customerProfile(tenantId: number, customerId: number, cipher: FieldCipher) {
  const customer = await Customer.findOne({ where: { tenantId, id: customerId } });
  if (!customer) return null;
  const identities = await ChannelIdentity.findAll({ where: { tenantId, customerId }, order: [['id', 'ASC']] });
  const accounts = await accountsById(tenantId, identities.map((identity) => identity.channelAccountId));
  const links = await currentLinks(tenantId, identities.map((identity) => identity.id));
  const merges = await CustomerMerge.findAll({ where: { tenantId, [Op.or]: [{ sourceCustomerId: customerId }, { targetCustomerId: customerId }] }, order: [['id', 'DESC']], limit: 50 });
  const phone = cipher.decryptOptional(customer.phoneEncrypted);
  return {
    id: Number(customer.id),
    displayName: customer.displayName,
    externalRef: customer.externalRef,
    phone: phone ? maskPhone(phone) : null,
    phoneVerified: Boolean(customer.phoneVerifiedAt),
    memberLevel: customer.memberLevel,
    mergedIntoId: customer.mergedIntoId ? Number(customer.mergedIntoId) : null,
    identities: identities.map((identity) => {
      const link = links.get(identity.id);
      return {
        id: Number(identity.id),
        platform: accounts.get(identity.channelAccountId)?.platform ?? null,
        channelAccountId: identity.channelAccountId,
        externalId: identity.externalId,
        displayName: identity.displayName,
        unionScope: identity.unionScope ? String(identity.unionScope) : null,
        verified: Boolean(identity.verified),
        linkedOn: link ? { evidenceType: String(link.evidenceType), evidence: link.evidence, at: link.createdAt.toISOString() } : null,
      };
    }),
    merges: merges.map((merge) => ({
      id: Number(merge.id),
      sourceCustomerId: merge.sourceCustomerId,
      targetCustomerId: merge.targetCustomerId,
      status: String(merge.status),
      actorType: String(merge.actorType),
      actorId: merge.actorId,
      reason: merge.reason,
      conflicts: merge.conflicts.map((conflict) => ({ field: conflict.field, kept: conflict.kept })),
      moved: movedCounts(merge.moved),
      createdAt: merge.createdAt.toISOString(),
      unmergedAt: merge.unmergedAt ? merge.unmergedAt.toISOString() : null,
    })),
  };
}

async function accountsById(tenantId: number, ids: number[]): Promise<Map<number, ChannelAccount>> {
  const unique = [...new Set(ids)];
  const accounts = unique.length ? await ChannelAccount.findAll({ where: { tenantId, id: unique }, attributes: ['id', 'platform', 'name'] }) : [];
  return new Map(accounts.map((account) => [account.id, account]));
}

/** Every channel's conversations of one customer, newest first, each with its platform and latest messages. */
export async function customerTimeline(tenantId: number, customerId: number, options: { limit: number; messagesPerConversation: number }) {
  const conversations = await Conversation.findAll({
    where: { tenantId, customerId },
    order: [
      ['lastMessageAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: options.limit,
  });
  const accounts = await accountsById(tenantId, conversations.map((conversation) => conversation.channelAccountId));
  const entries = [];
  for (const conversation of conversations) {
    const latest = await Message.findAll({ where: { tenantId, conversationId: conversation.id }, order: [['id', 'DESC']], limit: options.messagesPerConversation });
    const account = accounts.get(conversation.channelAccountId);
    entries.push({
      conversationId: Number(conversation.id),
      platform: account?.platform ?? null,
      channelAccountId: conversation.channelAccountId,
      channelName: account?.name ?? null,
      channelIdentityId: conversation.channelIdentityId,
      status: String(conversation.status),
      lastMessageAt: conversation.lastMessageAt,
      messages: latest.reverse().map((message) => ({ id: Number(message.id), role: String(message.role), kind: message.kind, text: message.text, status: String(message.status), createdAt: message.createdAt.toISOString() })),
    });
  }
  return entries;
}
