import { buildHandoffCard, readDeskActionValue, type LarkCardActionPayload } from '@kefu/adapter-lark';
import type { WebhookResponse } from '@kefu/shared';
import { findConversation, updateConversation } from '../conversations/conversation-service';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { agentName, findLinkedAgent } from './desk-agents';
import { deskApi, type DeskAccount } from './desk-account';
import { buildHandoffCardView } from './handoff-card-view';
import { DeskTicket } from './models';

const toast = (type: 'success' | 'error' | 'info', content: string): WebhookResponse => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify({ toast: { type, content } }),
});

/**
 * Claim, transfer and close from the card. The operator must be a linked agent; the change is a
 * conditional update (only from the expected state), so two agents clicking "claim" at once get one
 * winner. Every change is audited, then the card is re-rendered for everyone in the group.
 */
export async function handleDeskCardAction(deps: PipelineDeps, desk: DeskAccount, action: LarkCardActionPayload): Promise<WebhookResponse | void> {
  const value = readDeskActionValue(action.value);
  if (!value) return; // another app's card or a foreign value: acknowledge, do nothing
  const tenantId = desk.account.tenantId;
  const ticket = await DeskTicket.findOne({ where: { tenantId, id: value.ticketId, deskAccountId: desk.account.id } });
  if (!ticket || ticket.cardMessageId !== action.openMessageId) return toast('error', '找不到这张工单');
  const agent = await findLinkedAgent(tenantId, desk.account.id, action.operatorOpenId);
  if (!agent) return toast('error', '你的飞书账号还没有关联客服账号，请联系管理员');
  const conversation = await findConversation(tenantId, ticket.conversationId);
  if (!conversation) return toast('error', '会话不存在');

  const audit = (auditAction: string, details: Record<string, unknown> = {}) =>
    deps.runtime.audit.record({ tenantId, actorType: 'user', actorId: agent.id, action: auditAction, targetType: 'conversation', targetId: conversation.id, details: { ticketId: ticket.id, via: 'lark', ...details } });
  let message: string;
  if (value.action === 'claim') {
    const [claimed] = await DeskTicket.update({ status: 'claimed', assigneeUserId: agent.id, claimedAt: new Date() }, { where: { tenantId, id: ticket.id, status: 'waiting' } });
    if (claimed === 0) return toast('info', '这张工单已被认领或已关闭');
    await audit('conversation.claimed');
    message = `已认领，在话题中回复即可发送给客户`;
  } else if (value.action === 'transfer') {
    const target = action.option ? await findLinkedAgent(tenantId, desk.account.id, action.option) : null;
    if (!target) return toast('error', '转交对象没有关联客服账号');
    const [moved] = await DeskTicket.update({ status: 'claimed', assigneeUserId: target.id, claimedAt: new Date() }, { where: { tenantId, id: ticket.id, status: ['waiting', 'claimed'] } });
    if (moved === 0) return toast('info', '这张工单已关闭');
    await audit('conversation.transferred', { fromUserId: ticket.assigneeUserId, toUserId: target.id });
    message = `已转交给 ${agentName(target)}`;
  } else {
    const [closed] = await DeskTicket.update({ status: 'closed', closedAt: new Date(), assigneeUserId: ticket.assigneeUserId ?? agent.id }, { where: { tenantId, id: ticket.id, status: ['waiting', 'claimed'] } });
    if (closed === 0) return toast('info', '这张工单已关闭');
    await updateConversation(conversation, { status: 'closed' });
    await audit('conversation.closed');
    message = '会话已关闭';
  }
  await deps.runtime.events.emit({ tenantId, type: `desk.${value.action}`, conversationId: conversation.id, payload: { ticketId: ticket.id, userId: agent.id } });
  // Re-read (scoped to the tenant, as every query is) to render what the conditional update left.
  const current = (await DeskTicket.findOne({ where: { tenantId, id: ticket.id } }))!;
  try {
    await deskApi(deps, desk.config).updateCard(action.openMessageId, buildHandoffCard(await buildHandoffCardView(current, conversation)));
  } catch (error) {
    // The change is made and audited; a card Lark will not update (older than 14 days, rate limited) must not undo it or fail the callback.
    deps.runtime.logger.warn({ err: error, ticketId: ticket.id }, 'desk card update failed');
    return toast('info', `${message}（卡片未能刷新）`);
  }
  return toast('success', message);
}
