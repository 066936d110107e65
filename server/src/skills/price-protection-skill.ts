import { loadCommerceSettings } from '../commerce/commerce-settings';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { scheduleFollowUp } from './follow-up-schedule';
import { accessOrder } from './order-access';
import { yuan } from './order-cards';
import { recordOrderRequest, runOrderRequest } from './order-requests';
import { orderNoSlot, type SkillContext, type SkillReply } from './skill-context';
import { requireWriteProof } from './write-proof';

const DAY_MS = 24 * 60 * 60 * 1000;
const PROTECTED_STATES = new Set(['paid', 'shipped', 'delivered', 'completed']);

/** 价保: the price paid against today's catalog price, within the merchant's window; claim the difference or explain why not. */
export async function claimPriceProtection(ctx: SkillContext): Promise<SkillReply> {
  const access = await accessOrder(ctx, orderNoSlot(ctx), ctx.understanding.intent);
  if (!access.granted) return access.reply;
  const order = access.order;
  const { priceProtectionDays } = await loadCommerceSettings(ctx.tenantId);
  if (!PROTECTED_STATES.has(order.status) || !order.paidAt) {
    return { text: `订单 ${order.orderNo} 当前状态不支持价格保护（仅已付款且未退款的订单可申请）。`, cards: [], action: 'price_protection' };
  }
  const ageDays = (Date.now() - order.paidAt.getTime()) / DAY_MS;
  if (ageDays > priceProtectionDays) {
    return { text: `本店价格保护期为付款后 ${priceProtectionDays} 天，订单 ${order.orderNo} 已超过价保期限，无法申请差价。`, cards: [], action: 'price_protection' };
  }
  const proofNeeded = await requireWriteProof(ctx, order);
  if (proofNeeded) return proofNeeded;
  const catalog = (await ctx.connectors()).catalog;
  let best: { sku: string; name: string; dropCents: number; now: number; paid: number } | undefined;
  for (const item of order.items) {
    const product = await catalog.getProduct(item.sku);
    if (!product) continue;
    const dropCents = (item.unitPriceCents - product.priceCents) * item.quantity;
    if (dropCents > 0 && (!best || dropCents > best.dropCents)) best = { sku: item.sku, name: item.name, dropCents, now: product.priceCents, paid: item.unitPriceCents };
  }
  if (!best) {
    return { text: `订单 ${order.orderNo} 中的商品当前售价没有低于您的购买价，暂无差价可退。价保期内降价可随时再来申请。`, cards: [], action: 'price_protection' };
  }
  const row = await recordOrderRequest(ctx.tenantId, {
    kind: 'price_protection',
    orderNo: order.orderNo,
    // One claim per order and price level: asking twice at the same price claims once.
    idempotencyKey: `price_protection:${order.orderNo}:${best.sku}:${best.now}`,
    customerId: ctx.customerId,
    conversationId: ctx.conversation.id,
    replyToMessageId: ctx.messageId ?? null,
    amountCents: best.dropCents,
    details: { sku: best.sku, paidCents: best.paid, currentCents: best.now },
  });
  try {
    const done = await runOrderRequest(ctx.runtime, row, await ctx.connectors());
    return {
      text: `${best.name} 您的购买价 ${yuan(best.paid)}，当前售价 ${yuan(best.now)}。${done.noticeText ?? ''}`,
      cards: [],
      action: 'price_protection',
    };
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    await scheduleFollowUp(ctx.runtime, { type: 'request', tenantId: ctx.tenantId, requestId: row.id });
    return { text: '已为您提交价保申请，订单系统响应较慢，结果稍后消息您。', cards: [], action: 'lookup_pending' };
  }
}
