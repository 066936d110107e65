import { queueDeskNotice } from '../agents/desk-jobs';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { accessOrder } from './order-access';
import { describeOrder } from './order-status-skill';
import { orderNoSlot, type SkillContext, type SkillReply } from './skill-context';

/**
 * "急用 能快点发吗" / "帮我催一下": the request reaches the merchant (an agent-desk task with the
 * shopper's words, and an event the console shows), and the shopper is promised only what is true —
 * the shop will prioritise it, but the bot cannot guarantee when the warehouse or the carrier moves.
 */
export async function expediteOrder(ctx: SkillContext): Promise<SkillReply> {
  try {
    const access = await accessOrder(ctx, orderNoSlot(ctx), 'shipping.expedite');
    if (!access.granted) return access.reply;
    const order = access.order;
    if (order.status === 'unpaid') return { text: `订单 ${order.orderNo} 还未付款，付款后仓库才能安排发货；付款后告诉我，我帮您通知商家优先处理。`, cards: [], action: 'order_status' };
    if (order.status !== 'paid' && order.status !== 'shipped') return describeOrder(await ctx.connectors(), order);
    if (ctx.messageId !== undefined) await queueDeskNotice(ctx.runtime, 'expedite', ctx.tenantId, ctx.conversation.id, ctx.messageId);
    await ctx.runtime.events.emit({ tenantId: ctx.tenantId, type: 'order.expedite_requested', conversationId: ctx.conversation.id, messageId: ctx.messageId, payload: { orderNo: order.orderNo, status: order.status } });
    const promise =
      order.status === 'paid'
        ? `已把您的加急需求通知商家，订单 ${order.orderNo} 会优先安排出库；具体发出时间以仓库处理为准，发货后物流信息会第一时间更新。`
        : `订单 ${order.orderNo} 已经发出，已通知商家联系快递催件；路上的时效以快递公司为准，有新进展会第一时间更新。`;
    const described = await describeOrder(await ctx.connectors(), order);
    return { text: `${promise}\n${described.text}`, cards: described.cards, action: 'order_status' };
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    return { text: '订单系统暂时无法访问，已记下您的加急需求，也可以回复「转人工」由客服为您催促。', cards: [], action: 'lookup_pending' };
  }
}
