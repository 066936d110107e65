import { findMessage } from '../conversations/conversation-service';
import { CommerceRequest, OrderAccessGrant } from '../commerce/action-models';
import { loadCommerceConnectors } from '../commerce/connectors/connector-registry';
import type { ScheduledJob } from '../jobs';
import type { Runtime } from '../runtime';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { giveUpHonestly } from './follow-up-give-up';
import type { FollowUp } from './follow-up-schedule';
import { notifyShopper } from './notify-shopper';
import { describeOrder } from './order-status-skill';
import { runOrderRequest } from './order-requests';
import type { SkillReply } from './skill-context';

/**
 * One attempt of a follow-up. While the outside system is down the attempt throws and the queue
 * retries; on the last attempt the shopper gets an honest notice and a person a task instead of silence.
 */
export async function runCommerceFollowUp(runtime: Runtime, job: ScheduledJob, attempt = 1): Promise<void> {
  const followUp = job.payload as unknown as FollowUp;
  try {
    if (followUp.type === 'request') return await finishRequest(runtime, followUp.tenantId, followUp.requestId);
    return await answerOrderStatusLater(runtime, followUp);
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError) || attempt < runtime.config.JOB_ATTEMPTS) throw error;
    await giveUpHonestly(runtime, followUp, error);
  }
}

async function finishRequest(runtime: Runtime, tenantId: number, requestId: number): Promise<void> {
  const row = await CommerceRequest.findOne({ where: { tenantId, id: requestId } });
  if (!row || row.notifiedAt) return;
  const done = await runOrderRequest(runtime, row);
  if (!done.noticeText || !done.replyToMessageId) return;
  await notifyShopper(runtime, tenantId, done.replyToMessageId, { text: done.noticeText, cards: [], action: 'order_action' });
  await CommerceRequest.update({ notifiedAt: new Date() }, { where: { tenantId, id: row.id } });
}

/** Re-checks access exactly as the skill would (owner or proven in this conversation), then answers. */
async function answerOrderStatusLater(runtime: Runtime, followUp: Extract<FollowUp, { type: 'order_status' }>): Promise<void> {
  const { tenantId } = followUp;
  const inbound = await findMessage(tenantId, followUp.messageId);
  if (!inbound) return;
  const connectors = await loadCommerceConnectors(tenantId, runtime.cipher);
  let order = null;
  if (followUp.orderNo) {
    const found = await connectors.orders.getOrder(followUp.orderNo);
    const owned = found && followUp.customerRef && found.customerRef === followUp.customerRef;
    const proven = found && (await OrderAccessGrant.findOne({ where: { tenantId, conversationId: inbound.conversationId, orderNo: followUp.orderNo } }));
    order = owned || proven ? found : null;
  } else if (followUp.customerRef) {
    const orders = await connectors.orders.listOrdersByCustomer(followUp.customerRef);
    order = orders.find((o) => o.status === 'shipped' || o.status === 'delivered') ?? orders[0] ?? null;
  }
  const reply: SkillReply = order ? await describeOrder(connectors, order) : { text: '抱歉，没有查到您可以查看的订单信息，请核对订单号。', cards: [], action: 'order_not_found' };
  await notifyShopper(runtime, tenantId, inbound.id, reply);
}
