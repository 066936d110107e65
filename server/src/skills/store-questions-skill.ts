import { loadCommerceSettings } from '../commerce/commerce-settings';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { scheduleFollowUp } from './follow-up-schedule';
import { accessOrder } from './order-access';
import { beijingTime, yuan } from './order-cards';
import { recordOrderRequest, runOrderRequest } from './order-requests';
import { productCard, totalStock } from './product-card';
import { orderNoSlot, type SkillContext, type SkillReply } from './skill-context';
import { requireWriteProof } from './write-proof';

/** 有货吗 / 什么时候补货: stock per warehouse and the restock date, from the inventory connector. */
export async function answerStock(ctx: SkillContext): Promise<SkillReply | null> {
  const name = ctx.understanding.slots.product;
  if (typeof name !== 'string') return null;
  const connectors = await ctx.connectors();
  const product = await connectors.catalog.findByName(name);
  if (!product) return null;
  const levels = await connectors.inventory.stockBySku(product.sku);
  const stock = totalStock(levels);
  const { productLinkTemplate } = await loadCommerceSettings(ctx.tenantId);
  const card = productCard(product, levels, productLinkTemplate);
  if (stock > 0) {
    const where = levels.filter((l) => l.quantity > 0).map((l) => `${l.warehouse} ${l.quantity} 件`).join('，');
    return { text: `${product.name} 目前有货（${where}），下单后48小时内发出。`, cards: [card], action: 'store_answer' };
  }
  const restock = levels.map((l) => l.restockAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0];
  const when = restock ? `预计 ${beijingTime(restock).slice(0, 10)} 补货` : '补货时间暂未确定';
  return { text: `${product.name} 暂时缺货，${when}。可以点击卡片设置到货提醒。`, cards: [card], action: 'store_answer' };
}

/** 有什么优惠: running promotions for everyone, plus the shopper's own coupons when we know who they are. */
export async function answerCoupons(ctx: SkillContext): Promise<SkillReply> {
  const marketing = (await ctx.connectors()).marketing;
  const promotions = await marketing.listPromotions(new Date());
  const coupons = ctx.customerRef ? await marketing.listCoupons(ctx.customerRef) : [];
  const lines: string[] = [];
  if (promotions.length > 0) lines.push(`当前活动：${promotions.map((p) => `${p.title}（${p.description}，${beijingTime(p.endsAt).slice(0, 10)} 截止）`).join('；')}`);
  if (coupons.length > 0) {
    lines.push(`您账户里可用的优惠券：${coupons.map((c) => `${c.title}（满${yuan(c.minSpendCents)}减${yuan(c.discountCents)}，${beijingTime(c.expiresAt).slice(0, 10)} 到期）`).join('；')}`);
  } else if (ctx.customerRef) {
    lines.push('您的账户里暂时没有可用的优惠券。');
  } else {
    lines.push('登录店铺账号后可以查看您账户里的专属优惠券。');
  }
  if (promotions.length === 0) lines.unshift('目前店铺没有进行中的促销活动。');
  return { text: lines.join('\n'), cards: [], action: 'store_answer' };
}

/** 开发票: an electronic invoice request for the shopper's own paid order, sent once per order and title. */
export async function requestInvoice(ctx: SkillContext): Promise<SkillReply> {
  try {
    const access = await accessOrder(ctx, orderNoSlot(ctx), ctx.understanding.intent);
    if (!access.granted) return access.reply;
    const order = access.order;
    const proofNeeded = await requireWriteProof(ctx, order);
    if (proofNeeded) return proofNeeded;
    const title = /抬头(?:是|为|写)?[:：\s]*([\u4e00-\u9fa5A-Za-z0-9（）()]{2,40})/.exec(ctx.text)?.[1] ?? '个人';
    const taxId = /(?<![0-9A-Z])([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})(?![0-9A-Z])/.exec(ctx.text.replace(order.orderNo, ''))?.[1];
    const row = await recordOrderRequest(ctx.tenantId, {
      kind: 'invoice',
      orderNo: order.orderNo,
      idempotencyKey: `invoice:${order.orderNo}:${title}`,
      customerId: ctx.customerId,
      conversationId: ctx.conversation.id,
      replyToMessageId: ctx.messageId ?? null,
      amountCents: order.totalCents,
      details: { title, taxId },
    });
    try {
      const done = await runOrderRequest(ctx.runtime, row, await ctx.connectors());
      return { text: done.noticeText ?? '', cards: [], action: 'order_action' };
    } catch (error) {
      if (!(error instanceof ConnectorUnavailableError)) throw error;
      await scheduleFollowUp(ctx.runtime, { type: 'request', tenantId: ctx.tenantId, requestId: row.id });
      return { text: '已为您提交开票申请，订单系统响应较慢，结果稍后消息您。', cards: [], action: 'lookup_pending' };
    }
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    return { text: '订单系统暂时无法访问，请稍后再试开票，或转人工客服为您登记。', cards: [], action: 'lookup_pending' };
  }
}
