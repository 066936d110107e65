import type { CommerceConnectors, CommerceOrder } from '../commerce/connectors/connector-types';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { scheduleFollowUp } from './follow-up-schedule';
import { accessOrder } from './order-access';
import { logisticsCard, orderCard, statusLabel } from './order-cards';
import { orderNoSlot, type SkillContext, type SkillReply } from './skill-context';

/** "订单XXX到哪了": the verified owner's order with its logistics timeline and the next step on offer. */
export async function replyOrderStatus(ctx: SkillContext, orderNo = orderNoSlot(ctx)): Promise<SkillReply> {
  try {
    const access = await accessOrder(ctx, orderNo, ctx.understanding.intent);
    if (!access.granted) return access.reply;
    return await describeOrder(await ctx.connectors(), access.order);
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    return deferOrderStatus(ctx, orderNo, error);
  }
}

/** Text and cards for one order; throws ConnectorUnavailableError when logistics cannot be read now. */
export async function describeOrder(connectors: CommerceConnectors, order: CommerceOrder): Promise<SkillReply> {
  const events = order.carrier && order.trackingNo ? await connectors.logistics.track({ carrier: order.carrier, trackingNo: order.trackingNo, phone: order.recipientPhone }) : [];
  const latest = events[0];
  const text = latest
    ? `您的订单 ${order.orderNo} 当前状态：${statusLabel(order.status)}。最新物流：${latest.text}`
    : `您的订单 ${order.orderNo} 当前状态：${statusLabel(order.status)}。`;
  const cards = [orderCard(order)];
  if (events.length > 0 || order.status === 'paid' || order.status === 'unpaid') cards.push(logisticsCard(order, events));
  return { text, cards, action: 'order_status' };
}

/**
 * The order system or the carrier did not answer: say so, and a job answers later. Never a guessed
 * status. The job looks the order up again with the same access the shopper has now.
 */
async function deferOrderStatus(ctx: SkillContext, orderNo: string | undefined, error: ConnectorUnavailableError): Promise<SkillReply> {
  ctx.runtime.logger.warn({ tenantId: ctx.tenantId, system: error.system, reason: error.reason }, 'order status deferred');
  if (ctx.messageId === undefined) return { text: '订单系统暂时无法访问，请稍后再试。', cards: [], action: 'lookup_pending' };
  await scheduleFollowUp(ctx.runtime, { type: 'order_status', tenantId: ctx.tenantId, messageId: ctx.messageId, orderNo: orderNo ?? null, customerRef: ctx.customerRef });
  return { text: '正在为您查询订单物流，系统响应较慢，查到后马上消息您。', cards: [], action: 'lookup_pending' };
}
