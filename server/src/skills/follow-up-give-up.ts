import { CommerceRequest } from '../commerce/action-models';
import type { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { createTaskOnce } from '../automation/agent-tasks';
import { findConversation, findMessage } from '../conversations/conversation-service';
import type { Runtime } from '../runtime';
import type { FollowUp } from './follow-up-schedule';
import { notifyShopper } from './notify-shopper';

/**
 * The last attempt of a follow-up failed because the order or logistics system stayed down. The
 * shopper was told "I will message you", so they get a message: an honest one, never a guessed
 * status. A person gets a task to finish it. Both are keyed by the follow-up, so a re-run of this
 * step (a crash in between) neither repeats the message nor opens a second task.
 */
export async function giveUpHonestly(runtime: Runtime, followUp: FollowUp, error: ConnectorUnavailableError): Promise<void> {
  const { tenantId } = followUp;
  const target = await followUpTarget(followUp);
  if (!target) return;
  const inbound = await findMessage(tenantId, target.messageId);
  if (!inbound) return;
  const conversation = await findConversation(tenantId, inbound.conversationId);
  await createTaskOnce({
    tenantId,
    triggerKey: followUp.type === 'request' ? `follow-up:request:${followUp.requestId}` : `follow-up:status:${followUp.messageId}`,
    kind: 'commerce_follow_up',
    customerId: conversation?.customerId ?? null,
    orderId: null,
    conversationId: inbound.conversationId,
    summary: `${target.subject}：${error.system} 多次重试仍无法连接，请人工跟进并回复顾客。`,
  });
  await notifyShopper(runtime, tenantId, inbound.id, { text: target.notice, cards: [], action: 'handoff' });
  if (followUp.type === 'request') await CommerceRequest.update({ notifiedAt: new Date() }, { where: { tenantId, id: followUp.requestId } });
  await runtime.audit.record({ tenantId, actorType: 'system', action: 'commerce.follow_up_gave_up', targetType: 'message', targetId: inbound.id, details: { type: followUp.type, system: error.system, reason: error.reason } });
  runtime.logger.warn({ tenantId, messageId: inbound.id, system: error.system }, 'commerce follow-up gave up; shopper told and task opened');
}

async function followUpTarget(followUp: FollowUp): Promise<{ messageId: number; subject: string; notice: string } | null> {
  if (followUp.type === 'order_status') {
    const order = followUp.orderNo ? `订单 ${followUp.orderNo} ` : '订单';
    return {
      messageId: followUp.messageId,
      subject: `顾客查询${order}的物流`,
      notice: `抱歉，${order}的物流信息暂时查不到（物流系统一直没有响应），已转人工客服跟进，稍后会回复您；您也可以稍后再问我一次。`,
    };
  }
  const row = await CommerceRequest.findOne({ where: { tenantId: followUp.tenantId, id: followUp.requestId } });
  if (!row?.replyToMessageId || row.notifiedAt) return null;
  // The order system may or may not have applied it: say that we do not know, not that it failed.
  return {
    messageId: row.replyToMessageId,
    subject: `订单 ${row.orderNo} 的申请（${row.kind}）结果未知`,
    notice: `抱歉，订单 ${row.orderNo} 的申请暂时无法确认结果（订单系统一直没有响应），已转人工客服核实后回复您，请不要重复提交。`,
  };
}
