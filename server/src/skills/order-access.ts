import { OrderAccessGrant } from '../commerce/action-models';
import { findOrCreateRow } from '../commerce/find-or-create-row';
import type { CommerceOrder } from '../commerce/connectors/connector-types';
import { setPendingAction } from './pending-actions';
import { countOrderProofFailure, isOrderProofBlocked, proofBlockedReply } from './proof-guard';
import { pickReferencedOrder } from './resolve-order-reference';
import type { SkillContext, SkillReply } from './skill-context';

export type OrderAccess = { granted: true; order: CommerceOrder } | { granted: false; reply: SkillReply };

/**
 * The one gate in front of every order skill. Details go only to the order's verified owner, or to a
 * shopper who proved it in this conversation (last four digits of the order's phone). A verified
 * shopper naming someone else's order learns nothing, not even that it exists, and the attempt is
 * audited. An anonymous shopper is asked for proof whether or not the order exists, unless failed
 * proofs of this order (or by this customer, device or IP) have run out: then one answer that says
 * nothing about the order.
 */
export async function accessOrder(ctx: SkillContext, orderNo: string | undefined, purpose: string): Promise<OrderAccess> {
  const connectors = await ctx.connectors();
  if (!orderNo) {
    if (!ctx.customerRef) {
      return { granted: false, reply: { text: '请提供您的订单号（例如 E20261124005），我来帮您查询。', cards: [], action: 'ask_verification' } };
    }
    // The order the turn describes (电饭煲那单, 上次买的…), or a choice between several; see resolve-order-reference.
    return pickReferencedOrder(ctx, await connectors.orders.listOrdersByCustomer(ctx.customerRef), purpose);
  }

  const order = await connectors.orders.getOrder(orderNo);
  if (order && ctx.customerRef && order.customerRef === ctx.customerRef) return { granted: true, order };
  if (order && (await OrderAccessGrant.findOne({ where: { tenantId: ctx.tenantId, conversationId: ctx.conversation.id, orderNo } }))) {
    return { granted: true, order };
  }
  if (ctx.customerRef) {
    if (order) await auditDenied(ctx, orderNo, purpose);
    return { granted: false, reply: { text: `在您的账号下没有找到订单 ${orderNo}，请核对订单号。`, cards: [], action: 'order_not_found' } };
  }
  if (await isOrderProofBlocked(ctx, orderNo)) return { granted: false, reply: proofBlockedReply() };
  await setPendingAction(ctx, 'verify_order', { orderNo, purpose });
  return { granted: false, reply: { text: '为保护您的隐私，请回复该订单收货手机号的后四位，验证后为您查询。', cards: [], action: 'ask_verification' } };
}

export type DigitsProof = { proven: true; order: CommerceOrder } | { proven: false; blocked: boolean };

/**
 * Checks the shopper's four digits against the order's phone; success is remembered for this
 * conversation. Failures count across questions, conversations and sessions (proof-guard); while a
 * limit holds no guess is checked at all, so even the right digits are refused.
 */
export async function proveOrderByPhoneDigits(ctx: SkillContext, orderNo: string, digits: string): Promise<DigitsProof> {
  if (await isOrderProofBlocked(ctx, orderNo)) return { proven: false, blocked: true };
  const order = await (await ctx.connectors()).orders.getOrder(orderNo);
  const phone = order?.recipientPhone?.replace(/\D/g, '') ?? '';
  const proven = Boolean(order && phone.length >= 4 && phone.slice(-4) === digits);
  await ctx.runtime.audit.record({
    tenantId: ctx.tenantId,
    actorType: 'shopper',
    actorId: ctx.customerId,
    action: proven ? 'order.ownership_proven' : 'order.ownership_proof_failed',
    targetType: 'order',
    targetId: orderNo,
    details: { method: 'phone_last4', conversationId: ctx.conversation.id },
  });
  if (!proven || !order) {
    await countOrderProofFailure(ctx, orderNo);
    return { proven: false, blocked: await isOrderProofBlocked(ctx, orderNo) };
  }
  await findOrCreateRow(OrderAccessGrant, { tenantId: ctx.tenantId, conversationId: ctx.conversation.id, orderNo }, { tenantId: ctx.tenantId, conversationId: ctx.conversation.id, orderNo, method: 'phone_last4' });
  return { proven: true, order };
}

async function auditDenied(ctx: SkillContext, orderNo: string, purpose: string): Promise<void> {
  await ctx.runtime.audit.record({
    tenantId: ctx.tenantId,
    actorType: 'shopper',
    actorId: ctx.customerId,
    action: 'order.access_denied',
    targetType: 'order',
    targetId: orderNo,
    details: { reason: 'not_owner', purpose, conversationId: ctx.conversation.id },
  });
}
