import type { HandoffCardView } from '@kefu/adapter-lark';
import { findUser } from '../auth/users';
import { findChannelAccount } from '../channels/channel-account-service';
import { Message, type Conversation } from '../conversations/models';
import { findChannelIdentity } from '../customers/identity-service';
import { Customer } from '../customers/models';
import { maskSensitiveText } from '../privacy/mask';
import type { DeskTicket } from './models';
import { LarkAgentLink } from './models';

const LAST_MESSAGES = 6;
const ORDER_NO = /\b[A-Z]{1,4}\d{8,20}\b/;

/**
 * What the agents see on the card: who, where, why, which order, the last few turns. The summary
 * is extractive (the shopper's words that led to the handoff) so it works without a language model.
 * Phones and addresses are masked: a Lark group is outside our encrypted store.
 */
export async function buildHandoffCardView(ticket: DeskTicket, conversation: Conversation): Promise<HandoffCardView> {
  const [customer, identity, account, recent, assignee, links] = await Promise.all([
    conversation.customerId ? Customer.findOne({ where: { tenantId: conversation.tenantId, id: conversation.customerId } }) : Promise.resolve(null),
    findChannelIdentity(conversation.tenantId, conversation.channelIdentityId),
    findChannelAccount(conversation.tenantId, conversation.channelAccountId),
    Message.findAll({ where: { tenantId: conversation.tenantId, conversationId: conversation.id }, order: [['id', 'DESC']], limit: LAST_MESSAGES }),
    ticket.assigneeUserId ? findUser(conversation.tenantId, ticket.assigneeUserId) : Promise.resolve(null),
    LarkAgentLink.findAll({ where: { tenantId: conversation.tenantId, deskAccountId: ticket.deskAccountId } }),
  ]);
  const messages = recent.reverse();
  const shopperTexts = messages.filter((m) => m.role === 'shopper').map((m) => m.text);
  const orderNo = conversation.context.activeOrderNo ?? messages.map((m) => ORDER_NO.exec(m.text)?.[0]).find(Boolean) ?? null;
  const targets = await Promise.all(
    links.filter((link) => link.userId !== ticket.assigneeUserId).map(async (link) => ({ link, user: await findUser(conversation.tenantId, link.userId) })),
  );
  return {
    ticketId: ticket.id,
    state: ticket.status,
    customerName: customer?.displayName ?? identity?.displayName ?? `访客 #${conversation.channelIdentityId}`,
    channel: account ? `${account.platform} · ${account.name}` : 'unknown',
    summary: shopperTexts.length > 0 ? maskSensitiveText(shopperTexts.slice(-2).join(' / ')) : '（无文字消息）',
    intent: conversation.context.lastIntent ?? null,
    orderNo,
    lastMessages: messages.map((m) => ({ role: m.role, text: maskSensitiveText(m.text) })),
    assigneeName: assignee ? (assignee.displayName ?? assignee.email) : null,
    transferTargets: targets.filter((t) => t.user && !t.user.disabledAt).map((t) => ({ name: t.user!.displayName ?? t.user!.email, openId: t.link.openId })),
  };
}
