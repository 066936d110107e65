import type { LarkMessagePayload } from '@kefu/adapter-lark';
import { findConversation, storeAgentMessage } from '../conversations/conversation-service';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { agentName, findLinkedAgent } from './desk-agents';
import { deskApi, type DeskAccount } from './desk-account';
import { DeskTicket } from './models';

/**
 * An agent's message in a card's thread becomes an agent message in the conversation and goes to
 * the shopper through the normal outbound flow (their own channel). Only the assignee speaks for
 * the shop; anyone else in the thread is told why their words were not sent.
 */
export async function handleDeskThreadMessage(deps: PipelineDeps, desk: DeskAccount, message: LarkMessagePayload): Promise<void> {
  if (message.senderType !== 'user' || !message.rootId || !message.senderOpenId) return; // the bot's own posts, or not in a thread
  const tenantId = desk.account.tenantId;
  const ticket = await DeskTicket.findOne({ where: { tenantId, deskAccountId: desk.account.id, cardMessageId: message.rootId } });
  if (!ticket) return; // a thread that is not one of our cards
  // A notice that cannot be posted is logged, not thrown: the event is handled either way and must not be retried into a duplicate.
  const notice = (text: string) =>
    deskApi(deps, desk.config)
      .replyText(ticket.cardMessageId!, text, `kefu-notice-${message.messageId}`)
      .catch((error: unknown) => deps.runtime.logger.warn({ err: error, ticketId: ticket.id }, 'desk notice failed'));
  if (message.text === null || message.text === '') return notice('目前只支持把文字消息发送给客户，这条消息没有发送。').then(() => undefined);

  const agent = await findLinkedAgent(tenantId, desk.account.id, message.senderOpenId);
  if (!agent) return notice('你的飞书账号还没有关联客服账号，消息没有发送给客户。').then(() => undefined);
  if (ticket.status === 'closed') return notice('会话已关闭，消息没有发送给客户。').then(() => undefined);
  if (ticket.status === 'waiting') return notice('请先点击卡片上的“认领”，再回复客户。').then(() => undefined);
  if (ticket.assigneeUserId !== agent.id) return notice('这个会话由其他客服处理，你的消息没有发送给客户。').then(() => undefined);

  const conversation = await findConversation(tenantId, ticket.conversationId);
  if (!conversation) return;
  // The Lark message id is the idempotency key: a re-delivered event stores nothing new.
  const stored = await storeAgentMessage(conversation, message.text, `lark:${message.messageId}`);
  await deps.runtime.queues.outbound.add({ messageId: String(stored.id), tenantId: String(tenantId) }, { jobId: `out:${stored.id}` });
  await deps.runtime.events.emit({ tenantId, type: 'agent.replied', conversationId: conversation.id, messageId: stored.id, payload: { via: 'lark', userId: agent.id, agent: agentName(agent) } });
}
