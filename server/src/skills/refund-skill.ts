import { Op } from 'sequelize';
import { CommerceRequest } from '../commerce/action-models';
import type { CommerceOrder } from '../commerce/connectors/connector-types';
import { ConnectorUnavailableError } from '../commerce/connectors/resilient-call';
import { Order } from '../commerce/models';
import { evaluateRefundRequest, type RefundFacts } from '../commerce/refund-rules/evaluate-refund';
import { scheduleFollowUp } from './follow-up-schedule';
import { accessOrder } from './order-access';
import { yuan } from './order-cards';
import { recordOrderRequest, runOrderRequest } from './order-requests';
import { REASON_LABELS, refundReasonOf } from './refund-reason';
import { orderNoSlot, type SkillContext, type SkillReply } from './skill-context';
import { requireWriteProof } from './write-proof';

const DAY_MS = 24 * 60 * 60 * 1000;
const SHIPPED_STATES = new Set(['shipped', 'delivered', 'completed']);

/**
 * Refund / return / exchange: the facts come from the connectors (order, catalog, CRM, our request
 * history), the merchant's rules decide, and the decision is carried out: approve → the refund is
 * created in the order system; review → a person takes over with the reason; decline → policy text.
 */
export async function requestRefund(ctx: SkillContext, kind: 'refund' | 'exchange'): Promise<SkillReply> {
  try {
    const access = await accessOrder(ctx, orderNoSlot(ctx), ctx.understanding.intent);
    if (!access.granted) return access.reply;
    const order = access.order;
    // The in-transit offer changes nothing on the order, so it needs no stronger proof than reading it.
    if (kind === 'refund' && order.status === 'shipped') return offerInTransitRefund(order);
    const proofNeeded = await requireWriteProof(ctx, order);
    if (proofNeeded) return proofNeeded;
    const facts = await gatherFacts(ctx, order);
    const decision = await evaluateRefundRequest(ctx.tenantId, facts);
    const requestKind = kind === 'exchange' ? 'exchange' : SHIPPED_STATES.has(order.status) ? 'return' : 'refund';
    if (decision.outcome === 'decline') {
      return { text: decision.policyText ?? `抱歉，订单 ${order.orderNo} 暂不符合退款条件（${decision.reason}）。`, cards: [], action: 'refund_decision' };
    }
    if (decision.outcome === 'review') {
      await recordOrderRequest(ctx.tenantId, {
        kind: requestKind,
        orderNo: order.orderNo,
        idempotencyKey: `${requestKind}:${order.orderNo}:review`,
        customerId: ctx.customerId,
        conversationId: ctx.conversation.id,
        replyToMessageId: null,
        amountCents: facts.amountCents,
        details: { reason: facts.reason, ruleId: decision.ruleId, decisionReason: decision.reason, review: true },
      });
      return {
        text: `您的订单 ${order.orderNo} 的售后申请需要人工审核（${reviewReason(decision.ruleId, decision.reason)}），已为您转接人工客服，请稍候。`,
        cards: [],
        action: 'handoff',
        handoff: true,
      };
    }
    const row = await recordOrderRequest(ctx.tenantId, {
      kind: requestKind,
      orderNo: order.orderNo,
      idempotencyKey: `${requestKind}:${order.orderNo}`,
      customerId: ctx.customerId,
      conversationId: ctx.conversation.id,
      replyToMessageId: ctx.messageId ?? null,
      amountCents: facts.amountCents,
      details: { reason: facts.reason, ruleId: decision.ruleId },
    });
    try {
      const done = await runOrderRequest(ctx.runtime, row, await ctx.connectors());
      if (done.status !== 'done') return { text: done.noticeText ?? '', cards: [], action: 'refund_decision' };
      return {
        text: done.noticeText ?? '',
        cards: [{
          type: 'refund',
          title: kind === 'exchange' ? '换货申请已受理' : '退款申请已受理',
          state: 'approved',
          fields: [
            { label: '订单号', value: order.orderNo },
            { label: '金额', value: yuan(facts.amountCents) },
            { label: '原因', value: REASON_LABELS[facts.reason] ?? facts.reason },
          ],
        }],
        action: 'refund_decision',
      };
    } catch (error) {
      if (!(error instanceof ConnectorUnavailableError)) throw error;
      await scheduleFollowUp(ctx.runtime, { type: 'request', tenantId: ctx.tenantId, requestId: row.id });
      return { text: `您的售后申请已通过审核，订单系统响应较慢，退款受理结果稍后消息您。`, cards: [], action: 'lookup_pending' };
    }
  } catch (error) {
    if (!(error instanceof ConnectorUnavailableError)) throw error;
    return { text: '订单系统暂时无法访问，正在为您处理，稍后消息您；也可以转人工客服。', cards: [], action: 'lookup_pending' };
  }
}

/**
 * A parcel still on its way cannot be refunded as it stands, but the shopper is not left there: the
 * ways the shop refunds it (intercepted and returned, or refused / returned after delivery) are
 * offered, and a person can start the interception.
 */
function offerInTransitRefund(order: CommerceOrder): SkillReply {
  return {
    text:
      `订单 ${order.orderNo} 的包裹还在运输途中，暂时不能直接退款，可以这样办：\n` +
      '① 由客服联系快递拦截退回，包裹退回仓库后原路退款；\n' +
      '② 包裹送达时拒收，或签收后申请退货退款（七天无理由，运费险可理赔）。\n需要为您转人工客服申请拦截吗？',
    cards: [{ type: 'quick_replies', title: '您可以', actions: [{ label: '转人工拦截退回', text: '是的' }, { label: '签收后再退', text: '不用了' }] }],
    action: 'refund_decision',
    asks: 'human.handoff',
  };
}

async function gatherFacts(ctx: SkillContext, order: CommerceOrder): Promise<RefundFacts> {
  const connectors = await ctx.connectors();
  const products = await Promise.all(order.items.map((item) => connectors.catalog.getProduct(item.sku)));
  const crm = ctx.customerRef ? await connectors.crm.profile(ctx.customerRef) : null;
  const refundsLast90Days = await CommerceRequest.count({
    where: { tenantId: ctx.tenantId, customerId: ctx.customerId, kind: ['refund', 'return'], createdAt: { [Op.gt]: new Date(Date.now() - 90 * DAY_MS) } },
  });
  // The rules engine records decisions against our own order row when the order lives in our tables.
  const local = await Order.findOne({ where: { tenantId: ctx.tenantId, orderNo: order.orderNo }, attributes: ['id'] });
  return {
    orderId: local?.id ?? 0,
    orderState: order.status,
    orderAgeDays: Math.floor((Date.now() - order.placedAt.getTime()) / DAY_MS),
    amountCents: order.totalCents,
    reason: refundReasonOf(ctx.text),
    itemCategory: products[0]?.category ?? 'unknown',
    customItem: products.some((p) => p?.customMade === true),
    refundsLast90Days,
    riskScore: crm?.riskScore ?? 0,
    customerTier: crm?.tier ?? 'normal',
  };
}

function reviewReason(ruleId: string, reason: string): string {
  const labels: Record<string, string> = {
    'large-amount': '退款金额超过500元',
    'high-risk-score': '需要核实账户信息',
    'frequent-refunds': '近期售后申请较多',
    'after-sales-window-expired': '已超过30天售后期',
  };
  return labels[ruleId] ?? reason;
}
